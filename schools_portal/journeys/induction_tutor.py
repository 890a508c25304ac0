"""The induction tutor (journeys.md §4.3): the yearly gate, the three journeys on the shared wizard (confirm the
existing tutor, name a new one, change the tutor) and the induction tutor page. Rules and events are
`schools.services.schools`' (BR-S-16, BR-S-17); the email is Notify's #4 (§7.1)."""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path

from core.errors import DomainError
from integrations.notify import emails
from schools.models import School
from schools.selectors import induction_tutor_needs_confirming
from schools.services.schools import confirm_induction_tutor, nominate_induction_tutor
from sign_in import session
from sign_in.permissions import school_user_required
from web.forms import GovUKForm
from web.wizard import CHECK_ANSWERS, CONFIRMATION, CONFIRMED, Step, StepError, Wizard

T = "schools_portal/induction_tutor/"
CONFIRM_EXISTING = "/school/induction-tutor/confirm-existing-induction-tutor/edit"
NEW_TUTOR = "/school/induction-tutor/new-induction-tutor/edit"
FIELD_NAMES = {
    "induction_tutor_name": "name",
    "induction_tutor_email": "email",
    "is_correct": "are_these_details_correct",
}


def induction_tutor_journey_url(school: School) -> str:
    """§4.3: confirm the recorded tutor, or name one when none is recorded."""
    return CONFIRM_EXISTING if school.induction_tutor_email else NEW_TUTOR


def must_confirm_induction_tutor(request: HttpRequest) -> bool:
    """§4.1 rule 4 (BR-S-16); skipped while DfE staff impersonate the school (§2.6)."""
    user = session.current_user(request)
    if user is not None and user.is_impersonating:
        return False
    return induction_tutor_needs_confirming(request.acting_school)


def induction_tutor_confirmed(view):
    """For school pages behind the gate: redirect into the induction tutor journey while it applies."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if must_confirm_induction_tutor(request):
            return HttpResponseRedirect(induction_tutor_journey_url(request.acting_school))
        return view(request, *args, **kwargs)

    return wrapper


class TutorDetailsForm(GovUKForm):
    name = forms.CharField(label="Full name", required=False)
    email = forms.CharField(
        label="Email",
        required=False,
        widget=forms.EmailInput,
        help_text="Do not use a generic email address, such as the headteacher's mailbox.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.school = school

    def add_domain_error(self, error: DomainError) -> None:
        for each in error.errors:
            name = FIELD_NAMES.get(each.field, each.field)
            self.add_error(name if name in self.fields else None, each.message)


class NewTutorForm(TutorDetailsForm):
    def clean(self) -> dict[str, Any]:
        from schools.services.schools import validate_induction_tutor_details

        data = super().clean()
        try:
            data["name"], data["email"] = validate_induction_tutor_details(
                name=data.get("name"), email=data.get("email")
            )
        except DomainError as error:
            self.add_domain_error(error)
        return data


class ChangeTutorForm(NewTutorForm):
    def __init__(self, *args: Any, school: School, **kwargs: Any):
        if not kwargs.get("initial"):
            kwargs["initial"] = {"name": school.induction_tutor_name, "email": school.induction_tutor_email}
        super().__init__(*args, school=school, **kwargs)

    def clean(self) -> dict[str, Any]:
        from schools import messages

        data = super().clean()
        if not self.errors:
            same_name = data["name"] == (self.school.induction_tutor_name or "").strip()
            same_email = data["email"].lower() == (self.school.induction_tutor_email or "").strip().lower()
            if same_name and same_email:
                self.add_error(None, messages.TUTOR_DETAILS_UNCHANGED)
        return data


class ConfirmExistingForm(TutorDetailsForm):
    are_these_details_correct = forms.ChoiceField(
        label="Are these details correct?",
        choices=[("yes", "Yes"), ("no", "No, someone else will be the induction tutor")],
        widget=forms.RadioSelect,
        required=False,
    )
    field_order = ["are_these_details_correct", "name", "email"]

    def clean(self) -> dict[str, Any]:
        from schools import messages

        data = super().clean()
        answer = data.get("are_these_details_correct")
        if answer not in ("yes", "no"):
            self.add_error("are_these_details_correct", messages.CONFIRM_TUTOR_UNANSWERED)
            return data
        if answer == "no":
            from schools.services.schools import validate_induction_tutor_details

            try:
                data["name"], data["email"] = validate_induction_tutor_details(
                    name=data.get("name"), email=data.get("email")
                )
            except DomainError as error:
                self.add_domain_error(error)
                return data
            same_name = data["name"] == (self.school.induction_tutor_name or "").strip()
            same_email = data["email"].lower() == (self.school.induction_tutor_email or "").strip().lower()
            if same_name and same_email:
                self.add_error(None, messages.TUTOR_DETAILS_UNCHANGED)
        return data


class InductionTutorJourney(Wizard):
    """edit → check answers → confirmation; the school's details are saved by `complete`."""

    form_class: type[TutorDetailsForm]
    kind: str

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls.steps = [
            Step("edit", cls.form_class, T + "edit.html"),
            Step(CHECK_ANSWERS, None, T + "check_answers.html"),
            Step(CONFIRMATION, None, T + "confirmation.html"),
        ]

    @property
    def school(self) -> School:
        return self.request.acting_school

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {"school": self.school}

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        return {"school": self.school, "kind": self.kind, "edit": answers.get("edit", {})}

    def author(self):
        return session.current_user(self.request).author()

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        edit = answers["edit"]
        try:
            nominate_induction_tutor(author=self.author(), school=self.school, name=edit["name"], email=edit["email"])
        except DomainError as error:
            raise StepError(error.errors[0].message) from error
        emails.induction_tutor_confirmation(to=edit["email"], name=edit["name"], school_name=self.school.name)
        return {"changed": True}


class ConfirmExistingInductionTutor(InductionTutorJourney):
    key = "confirm-existing-induction-tutor"
    url_name = "schools:confirm-existing-induction-tutor"
    form_class = ConfirmExistingForm
    kind = "confirm"

    def dispatch(self, step_slug: str) -> HttpResponse:
        """ "Yes" saves straight away and goes to the confirmation (no check answers, no email)."""
        if step_slug == "edit" and self.request.method == "POST":
            form = ConfirmExistingForm(data=self.request.POST, school=self.school)
            if form.is_valid() and form.cleaned_data["are_these_details_correct"] == "yes":
                try:
                    confirm_induction_tutor(author=self.author(), school=self.school, is_correct=True)
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    self.save_answers({"edit": dict(form.cleaned_data), "changed": False, CONFIRMED: True})
                    return HttpResponseRedirect(self.url(CONFIRMATION))
        return super().dispatch(step_slug)


class NewInductionTutor(InductionTutorJourney):
    key = "new-induction-tutor"
    url_name = "schools:new-induction-tutor"
    form_class = NewTutorForm
    kind = "new"


class UpdateInductionTutor(InductionTutorJourney):
    key = "update-induction-tutor"
    url_name = "schools:update-induction-tutor"
    form_class = ChangeTutorForm
    kind = "update"
    exit_url = "/school/home/induction-tutor"


@school_user_required
@induction_tutor_confirmed
def induction_tutor_home(request: HttpRequest) -> HttpResponse:
    """§4.3's induction tutor page."""
    return render(request, T + "home.html", {"school": request.acting_school})


def _hidden_navigation_while_gated(view):
    """§4.3: while the gate applies, the journeys are shown without the service navigation."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if must_confirm_induction_tutor(request):
            request.hide_service_navigation = True
        return view(request, *args, **kwargs)

    return wrapper


def _journey(cls):
    return school_user_required(_hidden_navigation_while_gated(cls.as_view()))


urlpatterns = [
    path("school/home/induction-tutor", induction_tutor_home, name="induction-tutor-home"),
    path(
        "school/induction-tutor/confirm-existing-induction-tutor/<slug:step>",
        _journey(ConfirmExistingInductionTutor),
        name="confirm-existing-induction-tutor",
    ),
    path(
        "school/induction-tutor/new-induction-tutor/<slug:step>",
        _journey(NewInductionTutor),
        name="new-induction-tutor",
    ),
    path(
        "school/induction-tutor/update-induction-tutor/<slug:step>",
        _journey(UpdateInductionTutor),
        name="update-induction-tutor",
    ),
]
