"""A tiny journey used only by the tests of `web.wizard`: name, then whether they have a TRN (yes → the TRN
question, no → an interruption page that ends the journey), start date, check answers, confirmation."""

from __future__ import annotations

from django import forms
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns
from web.forms import DateField, GovUKForm
from web.wizard import CHECK_ANSWERS, CONFIRMATION, Step, StepError, Wizard

COMPLETED: list[dict] = []


class NameForm(GovUKForm):
    name = forms.CharField(label="What is their name?", error_messages={"required": "Enter their name"})


class HasTRNForm(GovUKForm):
    has_trn = forms.ChoiceField(
        label="Do they have a TRN?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they have a TRN"},
    )


class TRNForm(GovUKForm):
    trn = forms.RegexField(
        label="TRN", regex=r"^\d{7}$", error_messages={"required": "Enter the TRN", "invalid": "Enter a 7-digit TRN"}
    )


class StartDateForm(GovUKForm):
    start_date = DateField(label="When do they start?", error_name="their start date")


class ExampleWizard(Wizard):
    key = "example"
    url_name = "example-wizard"
    exit_url = "/example/home"
    steps = [
        Step("name", NameForm, "example_wizard/step.html"),
        Step("has-trn", HasTRNForm, "example_wizard/step.html"),
        Step("trn", TRNForm, "example_wizard/step.html"),
        Step("no-trn", None, "example_wizard/interruption.html"),
        Step("start-date", StartDateForm, "example_wizard/step.html"),
        Step(CHECK_ANSWERS, None, "example_wizard/check_answers.html"),
        Step(CONFIRMATION, None, "example_wizard/confirmation.html"),
    ]

    def next_step(self, step, answers):
        if step == "has-trn":
            return "trn" if answers["has-trn"]["has_trn"] == "yes" else "no-trn"
        if step == "trn":
            return "start-date"
        return super().next_step(step, answers)

    def context(self, step, answers):
        return {"start_date": answers.get("start-date", {}).get("start_date")}

    def complete(self, answers):
        if answers["name"]["name"] == "Refused Person":
            raise StepError("This person cannot be registered")
        COMPLETED.append(answers)
        return {"reference": f"REF-{len(COMPLETED)}"}


# The service's own routes too, for the layout's links.
urlpatterns = [path("example/<slug:step>", ExampleWizard.as_view(), name="example-wizard"), *service_urlpatterns]
