"""GOV.UK form rendering (journeys.md §0): error summary linked to fields, inline errors, the three-field date
input and its messages, radios, checkboxes, summary lists, date formats."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template

from core.clock import LONDON
from web.forms import DateField, GovUKForm
from web.templatetags.govuk import govuk_date, govuk_datetime, govuk_short_date


class ExampleForm(GovUKForm):
    email = forms.EmailField(
        label="Email address", help_text="We will not share it", error_messages={"required": "Enter an email address"}
    )
    programme = forms.ChoiceField(
        label="Which training programme?",
        choices=[("provider_led", "Provider-led"), ("school_led", "School-led")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a training programme"},
    )
    days = forms.MultipleChoiceField(
        label="Which days?",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_date = DateField(label="Start date", error_name="the start date")


def render(template: str, **context) -> str:
    return Template("{% load govuk %}" + template).render(Context(context))


def test_error_summary_links_each_error_to_its_field():
    form = ExampleForm(data={})
    assert not form.is_valid()
    html = render("{% govuk_error_summary form %}", form=form)
    assert '<a href="#id_email">Enter an email address</a>' in html
    assert '<a href="#id_programme_0">Select a training programme</a>' in html
    assert '<a href="#id_start_date_day">Enter the start date</a>' in html
    assert render("{% govuk_error_summary form %}", form=ExampleForm()) == ""


def test_fields_render_inline_errors_and_hints():
    form = ExampleForm(data={"email": "nope"})
    form.is_valid()
    html = render("{% govuk_field form.email %}", form=form)
    assert "govuk-form-group--error" in html and "govuk-input--error" in html
    assert 'aria-describedby="id_email-hint id_email-error"' in html
    assert "We will not share it" in html and 'value="nope"' in html


def test_radios_and_checkboxes_keep_the_choice():
    form = ExampleForm(data={"programme": "school_led", "days": ["tue"]})
    form.is_valid()
    radios = render("{% govuk_field form.programme legend_as_heading=True %}", form=form)
    assert '<h1 class="govuk-fieldset__heading">Which training programme?</h1>' in radios
    assert 'id="id_programme_1" name="programme" type="radio" value="school_led" checked' in radios
    boxes = render("{% govuk_field form.days %}", form=form)
    assert 'value="tue" checked' in boxes and 'value="mon" checked' not in boxes


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter the start date"),
        ("1", "", "2026", "The start date must include a month"),
        ("", "", "2026", "The start date must include a day and a month"),
        ("31", "2", "2026", "The start date must be a real date"),
        ("1", "x", "2026", "The start date must be a real date"),
        ("1", "9", "26", "Year must include 4 numbers"),
    ],
)
def test_date_errors(day, month, year, error):
    form = ExampleForm(data={"start_date_day": day, "start_date_month": month, "start_date_year": year})
    form.is_valid()
    assert form.errors["start_date"] == [error]


def test_dates_accept_month_names_and_render_three_boxes():
    form = ExampleForm(
        data={
            "email": "a@b.com",
            "programme": "provider_led",
            "start_date_day": "3",
            "start_date_month": "Sept",
            "start_date_year": "2026",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == dt.date(2026, 9, 3)
    html = render(
        "{% govuk_field form.start_date hint='For example, 27 3 2026' %}",
        form=ExampleForm(initial={"start_date": dt.date(2026, 9, 3)}),
    )
    for part, value in (("day", "3"), ("month", "9"), ("year", "2026")):
        assert (
            f'id="id_start_date_{part}" name="start_date_{part}" type="text" inputmode="numeric" value="{value}"'
            in html
        )
    assert "For example, 27 3 2026" in html


def test_summary_list_rows_with_change_links():
    rows = [{"key": "Name", "value": "Ann Ect", "change_url": "/x/change-name"}, {"key": "TRN", "value": "1234567"}]
    html = render("{% govuk_summary_list rows %}", rows=rows)
    assert (
        '<a class="govuk-link" href="/x/change-name">Change<span class="govuk-visually-hidden"> name</span></a>' in html
    )
    assert "govuk-summary-list__row--no-actions" in html


def test_date_formats():
    assert govuk_date(dt.date(2026, 1, 2)) == "2 January 2026"
    assert govuk_short_date(dt.date(2026, 1, 2)) == "2 Jan 2026"
    assert govuk_datetime(dt.datetime(2026, 1, 2, 17, 30, tzinfo=LONDON)) == "2 January 2026, 5:30pm"
    assert govuk_datetime(dt.datetime(2026, 7, 2, 0, 5, tzinfo=LONDON)) == "2 July 2026, 12:05am"
