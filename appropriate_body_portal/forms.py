"""Forms of the appropriate body pages (journeys.md §5.4–§5.9). They only read the boxes: blank values reach the
services, whose rules give the spec's messages (`web.forms.show_domain_errors` puts them on the matching field)."""

from __future__ import annotations

from typing import Any

from django import forms

from appropriate_body_portal import messages as texts
from schools.models import TrainingProgramme
from web.forms import DateField, GovUKForm

PROGRAMME_CHOICES = [(TrainingProgramme.PROVIDER_LED, "Provider-led"), (TrainingProgramme.SCHOOL_LED, "School-led")]


class DomainForm(GovUKForm):
    """A form whose answers a service judges (`web.forms.submitted` / `show_domain_errors` show its errors)."""

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None


class FindECTForm(DomainForm):
    trn = forms.CharField(label="Teacher reference number (TRN)", required=False)
    date_of_birth = DateField(label="Date of birth", required=False, help_text="For example, 31 3 1980")


class InductionStartForm(DomainForm):
    started_on = DateField(required=False, error_name="the start date")
    training_programme = forms.ChoiceField(choices=PROGRAMME_CHOICES, widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, name: str, example_year: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].label = f"When did {name} start their induction with you?"
        self.fields["started_on"].help_text = f"For example, 20 4 {example_year}"
        self.fields["training_programme"].label = f"What type of training programme will {name} follow?"


class EditPeriodForm(DomainForm):
    started_on = DateField(label="Start date", required=False, error_name="the start date")
    training_programme = forms.ChoiceField(
        label="Induction programme", choices=PROGRAMME_CHOICES, widget=forms.RadioSelect, required=False
    )


class ClosingForm(DomainForm):
    """End date and terms, as the pass, fail and release pages ask them."""

    finished_on = DateField(required=False, error_name="the end date")
    number_of_terms = forms.CharField(
        label="How many terms of induction did they spend with you?",
        required=False,
        help_text="Enter a number between 0 and 16, up to one decimal place, for example 2.5",
    )

    def __init__(self, *args: Any, appropriate_body_name: str, example_year: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["finished_on"].label = f"When did their induction end with {appropriate_body_name}?"
        self.fields["finished_on"].help_text = f"For example, 20 4 {example_year}"


class FailForm(ClosingForm):
    fail_confirmation_sent_on = DateField(
        label="When did you send written confirmation of their failed induction?",
        required=False,
        error_name="the date you sent written confirmation",
    )
    field_order = ["fail_confirmation_sent_on", "finished_on", "number_of_terms"]


class FailNotifiedForm(DomainForm):
    notified = forms.BooleanField(required=False)

    def __init__(self, *args: Any, name: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["notified"].label = (
            f"Yes, {name} has been sent written confirmation of their induction outcome, "
            "their right to appeal and the appeal process"
        )

    def clean_notified(self) -> bool:
        if not self.cleaned_data.get("notified"):
            raise forms.ValidationError(texts.CONFIRM_FAIL_NOTIFIED)
        return True


class ExtensionForm(DomainForm):
    number_of_terms = forms.CharField(label="FTE terms", required=False)
