"""Change an ECT's details (journeys.md §4.10) and a mentor's name and email (§4.11.1, §4.11.2).

Every journey is `edit` → (its own extra steps) → `check-answers` → `confirmation` on the shared wizard, at
`/school/ects/{ect_id}/{journey}/{step}` or `/school/mentors/{mentor_id}/{journey}/{step}`. The forms turn the
domain's validators into field errors; check answers calls one service of `teachers.services` (ect_changes,
mentor_changes, training_changes, mentoring), which owns the rule and writes the event on the teacher's timeline.
The pages share three templates (`changes/edit.html`, `check_answers.html`, `confirmation.html`) filled from
each journey's `page()`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path

from appropriate_bodies.models import AppropriateBodyPeriod
from core import clock
from core.errors import DomainError
from providers.models import ActiveLeadProvider, ContractPeriod, LeadProvider
from schools.models import TrainingProgramme
from schools.selectors import is_independent
from schools_portal import selectors
from schools_portal.journeys import register_ect_forms as ect_forms
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from schools_portal.views.mentors import OpenChoiceField, registration_open
from sign_in import session
from sign_in.permissions import school_user_required
from teachers.messages import registration as registration_messages
from teachers.messages import training as training_messages
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod
from teachers.selectors.mentors import (
    current_or_next_training_period,
    current_or_upcoming_mentor,
    eligible_mentors_for_ect,
    has_mentor_training,
    is_mentor_eligible_for_funding,
    training_lead_provider,
)
from teachers.services.ect_changes import (
    change_ect_appropriate_body,
    change_ect_email,
    change_ect_name,
    change_ect_working_pattern,
    validate_new_email,
    validate_new_working_pattern,
)
from teachers.services.mentor_changes import change_mentor_email, change_mentor_name
from teachers.services.mentoring import assign_mentor, validate_mentor_change, validate_mentor_lead_provider
from teachers.services.school_reported_training import (
    PAUSED,
    RESTARTED,
    STOPPED,
    changes_the_school_can_report,
    report_training_paused,
    report_training_restarted,
    report_training_stopped,
    reportable_training,
)
from teachers.services.training import contract_period_of
from teachers.services.training_changes import change_lead_provider, switch_training_programme
from teachers.validation.name_changes import may_be_a_different_person, validate_changed_name
from web.forms import GovUKForm
from web.wizard import CHECK_ANSWERS, CONFIRMATION, Step, StepError, Wizard

T = "schools_portal/changes/"
EDIT = "edit"
WORKING_PATTERNS = {"full_time": "Full time", "part_time": "Part time"}
PROGRAMMES = {TrainingProgramme.PROVIDER_LED: "Provider-led", TrainingProgramme.SCHOOL_LED: "School-led"}
REGISTER_NEW = "0"
GENERIC_EMAIL_HINT = "Do not use a generic email address, such as the headteacher's mailbox."


# Forms ---------------------------------------------------------------------------------------------------


class DomainCheckedForm(GovUKForm):
    """A form whose `check(data)` calls domain validators; a DomainError becomes the error of the one field."""

    def __init__(self, *args: Any, name: str = "", current: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.name, self.current = name, current

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            return self.check(data)
        except DomainError as error:
            field = next(iter(self.fields))
            for each in error.errors:
                self.add_error(each.field if each.field in self.fields else field, each.message)
            return data


class NameForm(DomainCheckedForm):
    corrected_name = forms.CharField(required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["corrected_name"].label = f"What's the correct full name for {self.name}?"

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "corrected_name": validate_changed_name(current=self.current, corrected_name=data.get("corrected_name"))
        }


class EmailForm(DomainCheckedForm):
    email = forms.CharField(required=False, widget=forms.EmailInput, help_text=GENERIC_EMAIL_HINT)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = f"What's the correct email address for {self.name}?"

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"email": validate_new_email(current=self.current, email=data.get("email"))}


class WorkingPatternForm(DomainCheckedForm):
    """§4.10.3: a toggle; the page's button submits the other pattern as a hidden value."""

    working_pattern = forms.CharField(required=False, widget=forms.HiddenInput)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "working_pattern": validate_new_working_pattern(
                current=self.current, working_pattern=data.get("working_pattern") or None
            )
        }


class TrainingProgrammeForm(DomainCheckedForm):
    """§4.10.4: a toggle to the other programme (a hidden value)."""

    training_programme = forms.CharField(required=False, widget=forms.HiddenInput)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        value = data.get("training_programme") or ""
        if value not in PROGRAMMES:
            raise DomainError("training_programme", training_messages.INVALID_TRAINING_PROGRAMME)
        if value == self.current:
            already = (
                training_messages.ALREADY_SCHOOL_LED
                if value == TrainingProgramme.SCHOOL_LED
                else training_messages.ALREADY_PROVIDER_LED
            )
            raise DomainError("training_programme", already)
        return {"training_programme": value}


class LeadProviderForm(DomainCheckedForm):
    """Radios of lead providers; a value outside them (or the current one) gets the domain's message."""

    lead_provider = OpenChoiceField(widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, choices: list[LeadProvider] = (), label: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_provider"]
        field.choices = [(str(lp.pk), lp.name) for lp in choices]
        field.label = label
        self.known = {str(lp.pk) for lp in choices}

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        value = data.get("lead_provider") or ""
        if self.current is not None and value == str(self.current.pk):
            raise DomainError("lead_provider", training_messages.SAME_LEAD_PROVIDER)
        if value not in self.known:
            raise DomainError("lead_provider", training_messages.LEAD_PROVIDER_REQUIRED.replace("the ECT", self.name))
        return {"lead_provider": int(value)}


class MentorLeadProviderForm(LeadProviderForm):
    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        value = data.get("lead_provider") or ""
        chosen = LeadProvider.objects.filter(pk=value).first() if value in self.known else None
        validate_mentor_lead_provider(use_ects_lead_provider=False, lead_provider=chosen)
        return {"lead_provider": chosen.pk}


class StateAppropriateBodyForm(ect_forms.StateSchoolAppropriateBodyForm):
    """§4.10.6: the registration question without the current body, which is refused if sent anyway."""

    def __init__(self, *args: Any, current: AppropriateBodyPeriod | None = None, name: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.current = current
        if current is not None:
            self.fields["appropriate_body"].choices = [
                choice for choice in self.fields["appropriate_body"].choices if choice[0] != str(current.pk)
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.current is not None and data.get("appropriate_body") == self.current.pk:
            self.add_error("appropriate_body", registration_messages.CHANGE_APPROPRIATE_BODY_SAME)
        return data


class IndependentAppropriateBodyForm(ect_forms.IndependentSchoolAppropriateBodyForm, StateAppropriateBodyForm):
    def clean(self) -> dict[str, Any]:
        data = ect_forms.IndependentSchoolAppropriateBodyForm.clean(self)
        if self.current is not None and data.get("appropriate_body") == self.current.pk:
            field = "appropriate_body_type" if data.get("appropriate_body_type") == "national" else "appropriate_body"
            self.add_error(field, registration_messages.CHANGE_APPROPRIATE_BODY_SAME)
        return data


class ChooseMentorForm(DomainCheckedForm):
    mentor_id = OpenChoiceField(widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, ect: ECTAtSchoolPeriod, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ect = ect
        mentors = eligible_mentors_for_ect(ect_at_school_period=ect, excluding_current_mentor=True)
        field = self.fields["mentor_id"]
        field.label = f"Who will mentor {self.name}?"
        field.choices = [*[(str(m.pk), m.teacher.full_name) for m in mentors], (REGISTER_NEW, "Register a new mentor")]
        field.divider_before = (REGISTER_NEW,)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        value = data.get("mentor_id") or ""
        if value == REGISTER_NEW:
            return {"mentor_id": REGISTER_NEW}
        mentor = MentorAtSchoolPeriod.objects.filter(pk=value).first() if value.isdigit() else None
        validate_mentor_change(ect_at_school_period=self.ect, mentor_at_school_period=mentor)
        return {"mentor_id": mentor.pk}


class MentorTrainingForm(GovUKForm):
    """§4.10.7 review-mentor-eligibility: "Continue" keeps the ECT's lead provider; the other button asks for
    another one."""

    use_ects_lead_provider = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], required=False)

    def clean_use_ects_lead_provider(self) -> str:
        return self.cleaned_data.get("use_ects_lead_provider") or "yes"


class ConfirmForm(DomainCheckedForm):
    """An interruption page that still counts as answered once its button is pressed."""


# The journeys ----------------------------------------------------------------------------------------------


class TeacherChange(Wizard):
    """One change to one ECT or mentor of the signed-in school; another school's teacher is 404."""

    journey: ClassVar[str]
    for_mentor: ClassVar[bool] = False
    thing: ClassVar[str] = ""  # "name", "email address" … for the check answers rows

    def __init__(self, request: HttpRequest, **kwargs: Any):
        super().__init__(request, **kwargs)
        if self.for_mentor:
            self.period = get_object_or_404(
                MentorAtSchoolPeriod.objects.select_related("teacher", "school"),
                pk=kwargs["mentor_id"],
                school=request.acting_school,
            )
        else:
            self.period = get_object_or_404(
                ECTAtSchoolPeriod.objects.select_related("teacher", "school"),
                pk=kwargs["ect_id"],
                school=request.acting_school,
            )
        self.name = self.period.teacher.full_name

    @property
    def key(self) -> str:  # type: ignore[override]
        return f"{'mentor' if self.for_mentor else 'ect'}-{self.journey}"

    @property
    def url_name(self) -> str:  # type: ignore[override]
        return f"schools:{'mentor' if self.for_mentor else 'ect'}-{self.journey}"

    @property
    def details_url(self) -> str:
        return f"/school/{'mentors' if self.for_mentor else 'ects'}/{self.period.pk}"

    @property
    def exit_url(self) -> str:  # type: ignore[override]
        return self.details_url

    @property
    def person(self) -> str:
        return "Mentor" if self.for_mentor else "Early career teacher"

    def author(self):
        return session.current_user(self.request).author()

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {"name": self.name, "current": self.current_value()}

    def current_value(self) -> Any:
        return None

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        """What the shared templates show on `step`."""
        return {}

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        name = answers.get("old_name") or self.name
        return {
            "name": name,
            "period": self.period,
            "details_url": self.details_url,
            "cancel_text": f"Cancel and go back to {name}'s details",
            "back_text": f"Back to {name}'s details",
            "person": self.person,
            **self.page(step, answers),
        }

    def call(self, service, **kwargs: Any) -> Any:
        """Run the journey's service; a refusal shows on check answers."""
        try:
            return service(author=self.author(), **kwargs)
        except DomainError as error:
            raise StepError(error.message) from None


class ChangeName(TeacherChange):
    journey = "change-name"
    steps = [
        Step(EDIT, NameForm, T + "edit.html"),
        Step("confirm-name-change", ConfirmForm, T + "confirm_name_change.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def current_value(self) -> Any:
        return self.name

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        if step == EDIT:
            new_name = answers[EDIT]["corrected_name"]
            if may_be_a_different_person(old_name=self.name, new_name=new_name):
                return "confirm-name-change"
            return CHECK_ANSWERS
        return super().next_step(step, answers)

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        new_name = answers.get(EDIT, {}).get("corrected_name")
        role = "mentor" if self.for_mentor else "ECT"
        if step == EDIT:
            return {
                "heading": f"Change name for {self.name}",
                "paragraphs": [
                    f"We'll use this name in this service and in messages to the {role}.",
                    f"{self.name} can correct the name on their teacher record themselves, through the Access your "
                    "teaching qualifications service.",
                ],
                "field_label_as_heading": False,
            }
        if step == CHECK_ANSWERS:
            return {
                "rows": [
                    {"key": self.person, "value": self.name},
                    {"key": "New name", "value": new_name, "change_url": self.url(f"change-{EDIT}")},
                ],
                "inset": f"This will change the name for the teacher with TRN {self.period.teacher.trn}.",
            }
        if step == "confirm-name-change":
            return {"new_name": new_name, "trn": self.period.teacher.trn, "for_mentor": self.for_mentor}
        return {
            "panel_title": f"You've changed {answers.get('old_name')}'s name to {new_name}",
            "next_paragraphs": [
                f"{new_name} can update the name on their teacher record through the Access your teaching "
                "qualifications service."
            ],
            "back_text": f"Back to {new_name}'s details",
            "details_url": self.details_url,
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.name
        service = change_mentor_name if self.for_mentor else change_ect_name
        period_key = "mentor_at_school_period" if self.for_mentor else "ect_at_school_period"
        self.call(
            service,
            corrected_name=answers[EDIT]["corrected_name"],
            school=self.request.acting_school,
            **{period_key: self.period},
        )
        return {"old_name": old}


class ChangeEmail(TeacherChange):
    journey = "change-email-address"
    steps = [
        Step(EDIT, EmailForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def current_value(self) -> Any:
        return self.period.email

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        new_email = answers.get(EDIT, {}).get("email")
        who = "mentor" if self.for_mentor else "ECT"
        if step == EDIT:
            return {
                "heading": f"Change {self.name}'s email address",
                "paragraphs": [
                    f"Use an email address the {who} can access, preferably their school email address. "
                    "Do not use a generic address."
                ],
            }
        if step == CHECK_ANSWERS:
            return {
                "rows": [
                    {"key": self.person, "value": self.name},
                    {"key": "Current email address", "value": answers.get("old_email") or self.period.email},
                    {"key": "New email address", "value": new_email, "change_url": self.url(f"change-{EDIT}")},
                ]
            }
        if self.for_mentor:
            after = "If they're doing mentor training, we'll let their lead provider know about this change."
        else:
            after = "We'll let their lead provider know about this change."
        return {"panel_title": f"You've changed {self.name}'s email address to {new_email}", "next_paragraphs": [after]}

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.period.email
        if self.for_mentor:
            self.call(
                change_mentor_email,
                mentor_at_school_period=self.period,
                email=answers[EDIT]["email"],
                school=self.request.acting_school,
            )
        else:
            self.call(
                change_ect_email,
                ect_at_school_period=self.period,
                email=answers[EDIT]["email"],
                school=self.request.acting_school,
            )
        return {"old_email": old}


class ChangeWorkingPattern(TeacherChange):
    journey = "change-working-pattern"
    steps = [
        Step(EDIT, WorkingPatternForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def current_value(self) -> Any:
        return self.period.working_pattern

    def other(self) -> str:
        return "full_time" if self.period.working_pattern == "part_time" else "part_time"

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        old = answers.get("old_working_pattern") or self.period.working_pattern
        new = answers.get(EDIT, {}).get("working_pattern") or self.other()
        old_label, new_label = WORKING_PATTERNS.get(old, "Not recorded"), WORKING_PATTERNS[new]
        if step == EDIT:
            return {
                "heading": f"Change {self.name}'s working pattern to {new_label.lower()}",
                "paragraphs": [
                    f"You're changing {self.name}'s working pattern from {old_label.lower()} to {new_label.lower()}.",
                    "We'll pass this on to their appropriate body and lead provider so that their training can be "
                    "adjusted.",
                ],
                "hidden": {"working_pattern": new},
                "button": "Change working pattern",
            }
        if step == CHECK_ANSWERS:
            return {
                "rows": [
                    {"key": self.person, "value": self.name},
                    {"key": "Current working pattern", "value": old_label},
                    {"key": "New working pattern", "value": new_label},
                ]
            }
        return {
            "panel_title": f"You've changed {self.name}'s working pattern to {new_label.lower()}",
            "next_paragraphs": ["We'll pass this on so that their training can be adjusted."],
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.period.working_pattern
        self.call(
            change_ect_working_pattern,
            ect_at_school_period=self.period,
            working_pattern=answers[EDIT]["working_pattern"],
            school=self.request.acting_school,
        )
        return {"old_working_pattern": old}


def _lead_providers_in(contract_period: ContractPeriod | None, *, excluding: LeadProvider | None = None):
    active = ActiveLeadProvider.objects.filter(contract_period=contract_period).values("lead_provider_id")
    providers = LeadProvider.objects.filter(pk__in=active).order_by("name")
    return list(providers.exclude(pk=excluding.pk) if excluding else providers)


def _training_now(period: ECTAtSchoolPeriod) -> TrainingPeriod | None:
    """The current or next training, else the latest (a withdrawn or deferred one)."""
    return current_or_next_training_period(period) or period.training_periods.latest_first().first()


class ChangeTrainingProgramme(TeacherChange):
    journey = "change-training-programme"
    steps = [
        Step(EDIT, TrainingProgrammeForm, T + "edit.html"),
        Step("lead-provider", LeadProviderForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def current_value(self) -> Any:
        training = _training_now(self.period)
        return training.training_programme if training else None

    def new_programme(self, answers: dict[str, Any]) -> str:
        chosen = answers.get(EDIT, {}).get("training_programme")
        if chosen:
            return chosen
        current = answers.get("old_programme") or self.current_value()
        return (
            TrainingProgramme.SCHOOL_LED
            if current == TrainingProgramme.PROVIDER_LED
            else TrainingProgramme.PROVIDER_LED
        )

    def contract_period(self) -> ContractPeriod | None:
        return ContractPeriod.objects.containing(max(self.period.started_on, clock.today())).first()

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        if step == EDIT:
            return "lead-provider" if self.new_programme(answers) == TrainingProgramme.PROVIDER_LED else CHECK_ANSWERS
        return super().next_step(step, answers)

    def form_kwargs(self, step: str) -> dict[str, Any]:
        if step == "lead-provider":
            return {
                "name": self.name,
                "choices": _lead_providers_in(self.contract_period()),
                "label": f"Which lead provider will be training {self.name}?",
            }
        return super().form_kwargs(step)

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        new = self.new_programme(answers)
        old = answers.get("old_programme") or self.current_value()
        lead_provider_id = answers.get("lead-provider", {}).get("lead_provider")
        lead_provider = LeadProvider.objects.filter(pk=lead_provider_id).first() if lead_provider_id else None
        if step == EDIT and new == TrainingProgramme.SCHOOL_LED:
            return {
                "heading": f"Change {self.name}'s training programme to school-led",
                "paragraphs": [
                    "For continuity, we recommend changing the training programme at the end of the school year.",
                    f"Changing to school-led stops {self.name}'s training with their current lead provider "
                    "straight away. They'll wait for training until your school-led programme is ready.",
                    "Your school will need to design and deliver the programme and tell your appropriate body, "
                    "who must approve it. Do not make this change here until the appropriate body has approved it.",
                ],
                "hidden": {"training_programme": TrainingProgramme.SCHOOL_LED},
                "button": "Change training programme",
            }
        if step == EDIT:
            return {
                "heading": f"Change {self.name}'s training programme to provider-led",
                "paragraphs": [
                    "For continuity, we recommend changing the training programme at the end of the school year.",
                    "Your school will work with providers funded by the Department for Education. You'll choose a "
                    "lead provider, and they'll confirm the delivery partner.",
                ],
                "hidden": {"training_programme": TrainingProgramme.PROVIDER_LED},
                "button": "Change training programme",
            }
        if step == "lead-provider":
            return {
                "heading": f"Which lead provider will be training {self.name}?",
                "legend_is_heading": True,
                "roles": True,
            }
        if step == CHECK_ANSWERS:
            rows = [
                {"key": self.person, "value": self.name},
                {"key": "Current training programme", "value": PROGRAMMES.get(old, "Not recorded")},
                {"key": "New training programme", "value": PROGRAMMES[new]},
            ]
            if new == TrainingProgramme.PROVIDER_LED:
                rows.append(
                    {
                        "key": "Lead provider",
                        "value": getattr(lead_provider, "name", ""),
                        "change_url": self.url("change-lead-provider"),
                    }
                )
            return {"rows": rows}
        if new == TrainingProgramme.PROVIDER_LED:
            return {
                "panel_title": f"You've changed {self.name}'s training programme to provider-led with "
                f"{lead_provider.name}",
                "next_paragraphs": [
                    f"We'll let {lead_provider.name} know that your school wants to work with them. They'll contact "
                    "you to confirm the training and the delivery partner."
                ],
            }
        return {
            "panel_title": f"You've changed {self.name}'s training programme to school-led",
            "next_paragraphs": [
                f"Your school is now responsible for {self.name}'s training.",
                "If this is a new school-led programme, tell your appropriate body.",
            ],
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.current_value()
        new = self.new_programme(answers)
        lead_provider_id = answers.get("lead-provider", {}).get("lead_provider")
        self.call(
            switch_training_programme,
            ect_at_school_period=self.period,
            training_programme=new,
            lead_provider=LeadProvider.objects.get(pk=lead_provider_id)
            if new == TrainingProgramme.PROVIDER_LED
            else None,
        )
        return {"old_programme": old}


class ChangeLeadProvider(TeacherChange):
    journey = "change-lead-provider"
    steps = [
        Step(EDIT, LeadProviderForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def current_value(self) -> Any:
        return training_lead_provider(_training_now(self.period))

    def choices(self) -> list[LeadProvider]:
        """LPs active in the ECT's contract period (2024's list for a payments-frozen one), but not the current."""
        training = _training_now(self.period)
        contract_period = contract_period_of(training) if training else None
        if contract_period is None:
            contract_period = ContractPeriod.objects.containing(max(self.period.started_on, clock.today())).first()
        elif contract_period.is_payments_frozen:
            contract_period = ContractPeriod.objects.filter(year=2024).first()
        return _lead_providers_in(contract_period, excluding=self.current_value())

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {
            **super().form_kwargs(step),
            "choices": self.choices(),
            "label": f"Which lead provider will be training {self.name}?",
        }

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        new_id = answers.get(EDIT, {}).get("lead_provider")
        new = LeadProvider.objects.filter(pk=new_id).first() if new_id else None
        old = answers.get("old_lead_provider") if CONFIRMATION == step else getattr(self.current_value(), "name", None)
        if step == EDIT:
            return {
                "heading": f"Change {self.name}'s lead provider",
                "paragraphs": [
                    "For continuity, we recommend changing the lead provider at the end of the school year.",
                    f"{self.name}'s training will stop straight away until the new lead provider confirms it. "
                    "Their delivery partner may also change.",
                    "We'll tell the new and the old lead providers. The new lead provider will confirm the delivery "
                    "partner.",
                ],
                "field_size": "m",
                "roles": True,
            }
        if step == CHECK_ANSWERS:
            return {
                "rows": [
                    {"key": self.person, "value": self.name},
                    {"key": "Current lead provider", "value": old or "Not available"},
                    {
                        "key": "New lead provider",
                        "value": getattr(new, "name", ""),
                        "change_url": self.url(f"change-{EDIT}"),
                    },
                ]
            }
        return {
            "panel_title": f"You've changed {self.name}'s lead provider to {new.name}",
            "next_paragraphs": [
                f"We'll let {new.name} know. They'll contact your school to confirm the training and tell us the "
                "delivery partner.",
                f"We'll also tell {old or 'the previous lead provider'} that they're no longer training {self.name}.",
            ],
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.current_value()
        self.call(
            change_lead_provider,
            at_school_period=self.period,
            lead_provider=LeadProvider.objects.get(pk=answers[EDIT]["lead_provider"]),
        )
        return {"old_lead_provider": old.name if old else None}


class ChangeAppropriateBody(TeacherChange):
    journey = "change-appropriate-body"
    steps = [
        Step(EDIT, StateAppropriateBodyForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def step(self, name: str) -> Step:
        found = super().step(name)
        if name == EDIT and is_independent(self.period.school):
            return Step(EDIT, IndependentAppropriateBodyForm, found.template)
        return found

    def current_value(self) -> Any:
        return self.period.school_reported_appropriate_body

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {"school": self.period.school, "current": self.current_value(), "name": self.name}

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        new_id = answers.get(EDIT, {}).get("appropriate_body")
        new = AppropriateBodyPeriod.objects.filter(pk=new_id).first() if new_id else None
        old = (
            answers.get("old_appropriate_body") if step == CONFIRMATION else getattr(self.current_value(), "name", None)
        )
        if step == EDIT:
            return {
                "heading": f"Which appropriate body will be supporting {self.name}'s induction?",
                "paragraphs": [
                    "We'll share their details with the appropriate body so they can check the registration."
                ],
                "field_size": "s",
                "roles": True,
            }
        if step == CHECK_ANSWERS:
            return {
                "rows": [
                    {"key": self.person, "value": self.name},
                    {"key": "Current appropriate body", "value": old or "Not reported"},
                    {
                        "key": "New appropriate body",
                        "value": getattr(new, "name", ""),
                        "change_url": self.url(f"change-{EDIT}"),
                    },
                ]
            }
        return {
            "panel_title": f"You've changed {self.name}'s appropriate body to {new.name}",
            "next_paragraphs": [f"We'll let {new.name} know. They'll confirm the change by claiming {self.name}."],
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.current_value()
        self.call(
            change_ect_appropriate_body,
            ect_at_school_period=self.period,
            appropriate_body=answers[EDIT]["appropriate_body"],
            school=self.request.acting_school,
        )
        return {"old_appropriate_body": old.name if old else None}


class ChangeMentor(TeacherChange):
    journey = "change-mentor"
    steps = [
        Step(EDIT, ChooseMentorForm, T + "edit.html"),
        Step("review-mentor-eligibility", MentorTrainingForm, T + "review_mentor_eligibility.html"),
        Step("lead-provider", MentorLeadProviderForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def chosen(self, answers: dict[str, Any]) -> MentorAtSchoolPeriod | None:
        mentor_id = answers.get(EDIT, {}).get("mentor_id")
        if not mentor_id or mentor_id == REGISTER_NEW:
            return None
        return MentorAtSchoolPeriod.objects.select_related("teacher").filter(pk=mentor_id).first()

    def ect_lead_provider(self) -> LeadProvider | None:
        return training_lead_provider(current_or_next_training_period(self.period))

    def offers_training(self, mentor: MentorAtSchoolPeriod | None) -> bool:
        """Same test as §4.7: provider-led ECT, fundable mentor who has never had mentor training."""
        training = current_or_next_training_period(self.period)
        return (
            mentor is not None
            and training is not None
            and training.is_provider_led
            and is_mentor_eligible_for_funding(mentor.teacher)
            and not has_mentor_training(mentor.teacher)
        )

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        if step == EDIT:
            return "review-mentor-eligibility" if self.offers_training(self.chosen(answers)) else CHECK_ANSWERS
        if step == "review-mentor-eligibility":
            keep = answers.get(step, {}).get("use_ects_lead_provider", "yes") == "yes"
            return CHECK_ANSWERS if keep else "lead-provider"
        return super().next_step(step, answers)

    def form_kwargs(self, step: str) -> dict[str, Any]:
        if step == EDIT:
            return {"name": self.name, "ect": self.period}
        if step == "lead-provider":
            mentor = self.chosen(self.answers())
            mentor_name = mentor.teacher.full_name if mentor else "the mentor"
            year_of = (
                ContractPeriod.objects.containing(max(mentor.started_on, clock.today())).first() if mentor else None
            )
            return {
                "name": mentor_name,
                "choices": _lead_providers_in(year_of, excluding=self.ect_lead_provider()),
                "label": f"Which lead provider should contact your school about training {mentor_name}?",
            }
        return {}

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        mentor = self.chosen(answers)
        mentor_name = mentor.teacher.full_name if mentor else ""
        if step == EDIT:
            return {"heading": f"Who will mentor {self.name}?", "legend_is_heading": True}
        if step == "review-mentor-eligibility":
            return {"mentor_name": mentor_name, "ect_lead_provider": self.ect_lead_provider()}
        if step == "lead-provider":
            return {
                "heading": f"Which lead provider should contact your school about training {mentor_name}?",
                "legend_is_heading": True,
                "roles": True,
            }
        if step == CHECK_ANSWERS:
            current = current_or_upcoming_mentor(ect_at_school_period=self.period)
            rows = [
                {"key": self.person, "value": self.name},
                {"key": "Current mentor", "value": current.teacher.full_name if current else "Not assigned"},
                {"key": "New mentor", "value": mentor_name, "change_url": self.url(f"change-{EDIT}")},
            ]
            lead_provider_id = answers.get("lead-provider", {}).get("lead_provider")
            if lead_provider_id and answers.get("review-mentor-eligibility", {}).get("use_ects_lead_provider") == "no":
                rows.append(
                    {
                        "key": "Lead provider for mentor training",
                        "value": LeadProvider.objects.get(pk=lead_provider_id).name,
                        "change_url": self.url("change-lead-provider"),
                    }
                )
            return {"rows": rows}
        return {
            "panel_title": f"You've assigned {mentor_name} as {self.name}'s mentor",
            "next_paragraphs": [f"{mentor_name} is now responsible for mentoring {self.name}."],
        }

    def dispatch(self, step_slug: str) -> HttpResponse:
        """§4.10.7: with nobody else to choose, or "Register a new mentor" chosen, go to register a mentor."""
        register_url = f"/school/register-mentor/what-you-will-need?ect_id={self.period.pk}"
        confirmed = self.answers().get("__confirmed__")
        if (
            not confirmed
            and not eligible_mentors_for_ect(ect_at_school_period=self.period, excluding_current_mentor=True).exists()
        ):
            return HttpResponseRedirect(register_url)
        response = super().dispatch(step_slug)
        if self.request.method == "POST" and self.answers().get(EDIT, {}).get("mentor_id") == REGISTER_NEW:
            self.reset()
            return HttpResponseRedirect(register_url)
        return response

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        mentor = self.chosen(answers)
        chose_other = answers.get("review-mentor-eligibility", {}).get("use_ects_lead_provider") == "no"
        lead_provider_id = answers.get("lead-provider", {}).get("lead_provider") if chose_other else None
        try:
            validate_mentor_change(ect_at_school_period=self.period, mentor_at_school_period=mentor)
        except DomainError as error:
            raise StepError(error.message) from None
        self.call(
            assign_mentor,
            ect_at_school_period=self.period,
            mentor_at_school_period=mentor,
            lead_provider=LeadProvider.objects.get(pk=lead_provider_id) if lead_provider_id else None,
        )
        return {}


class ChangeMentorName(ChangeName):
    for_mentor = True


class ChangeMentorEmail(ChangeEmail):
    for_mentor = True


# Routes ------------------------------------------------------------------------------------------------------


def _view(journey: type[TeacherChange], *, window: bool = False, open_induction_blocks: bool = False):
    """The journey behind §4.1's checks in order: a school user, the induction tutor gate, then (for programme and
    mentor changes) the registration window."""

    def view(request: HttpRequest, step: str, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "POST"):
            return HttpResponse(status=405)
        wizard = journey(request, **kwargs)
        if open_induction_blocks and selectors.has_open_induction(wizard.period):
            # §4.10.6: the AB holding the induction is the one to change it.
            return HttpResponseRedirect(wizard.details_url)
        return wizard.dispatch(step)

    view.__name__ = journey.__name__
    view.__doc__ = journey.__doc__
    checked = registration_open(view) if window else view
    return school_user_required(induction_tutor_confirmed(checked))


def _route(prefix: str, journey: type[TeacherChange], **options: Any):
    who = "mentor" if journey.for_mentor else "ect"
    return path(
        f"school/{prefix}/<slug:step>",
        _view(journey, **options),
        name=f"{who}-{journey.journey}",
    )


urlpatterns = [
    _route("ects/<int:ect_id>/change-name", ChangeName),
    _route("ects/<int:ect_id>/change-email-address", ChangeEmail),
    _route("ects/<int:ect_id>/change-working-pattern", ChangeWorkingPattern),
    _route("ects/<int:ect_id>/change-training-programme", ChangeTrainingProgramme, window=True),
    _route("ects/<int:ect_id>/change-lead-provider", ChangeLeadProvider),
    _route("ects/<int:ect_id>/change-appropriate-body", ChangeAppropriateBody, open_induction_blocks=True),
    _route("ects/<int:ect_id>/change-mentor", ChangeMentor, window=True),
    _route("mentors/<int:mentor_id>/change-name", ChangeMentorName),
    _route("mentors/<int:mentor_id>/change-email-address", ChangeMentorEmail),
]


# Training paused, stopped or restarted, as the school tells us (docs/school-reported-training-changes.md) --------

CHANGE_LABELS = {
    PAUSED: "Their training is paused, for example because of parental leave or long-term sickness",
    STOPPED: "They have stopped training but are staying at your school",
    RESTARTED: "Their paused training has restarted",
}
PAUSE_REASONS = {
    "parental_leave": "Parental leave",
    "long_term_sickness": "Long-term sickness",
    "career_break": "Career break",
    "bereavement": "Bereavement",
    "other": "Another reason",
}


class TrainingChangeForm(DomainCheckedForm):
    change = forms.ChoiceField(widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, changes: list[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["change"]
        field.label = f"What has happened to {self.name}'s training?"
        field.choices = [(change, CHANGE_LABELS[change]) for change in changes]

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("change"):
            raise DomainError("change", training_messages.SCHOOL_TRAINING_CHANGE_REQUIRED.format(name=self.name))
        return data


class PauseReasonForm(DomainCheckedForm):
    reason = forms.ChoiceField(widget=forms.RadioSelect, required=False, choices=list(PAUSE_REASONS.items()))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = f"Why is {self.name}'s training paused?"

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("reason"):
            raise DomainError("reason", training_messages.SCHOOL_PAUSE_REASON_REQUIRED.format(name=self.name))
        return data


class ReportTrainingChange(TeacherChange):
    """Issue 4 item 4: the school says provider-led training has paused, stopped or restarted; the services are
    the lead provider's own defer, withdraw and resume, so the API shows the change."""

    journey = "training-change"
    steps = [
        Step(EDIT, TrainingChangeForm, T + "edit.html"),
        Step("reason", PauseReasonForm, T + "edit.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    def lead_provider_name(self) -> str:
        provider = training_lead_provider(reportable_training(self.period))
        return provider.name if provider else "the lead provider"

    def form_kwargs(self, step: str) -> dict[str, Any]:
        if step == EDIT:
            return {"name": self.name, "changes": changes_the_school_can_report(self.period)}
        return {"name": self.name}

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        if step == EDIT:
            return "reason" if answers[EDIT]["change"] == PAUSED else CHECK_ANSWERS
        return super().next_step(step, answers)

    def page(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        change = answers.get(EDIT, {}).get("change")
        provider = answers.get("lead_provider_name") or self.lead_provider_name()
        if step == EDIT:
            return {
                "heading": f"Tell us about a change to {self.name}'s training",
                "paragraphs": [
                    f"We'll tell {provider}, who provides {self.name}'s training, about the change.",
                    "If they are leaving your school, tell us from their details page instead.",
                ],
                "legend_is_heading": False,
                "field_size": "m",
            }
        if step == "reason":
            return {"heading": f"Why is {self.name}'s training paused?", "legend_is_heading": True}
        if step == CHECK_ANSWERS:
            rows = [
                {"key": self.person, "value": self.name},
                {"key": "Lead provider", "value": provider},
                {
                    "key": "What has happened",
                    "value": CHANGE_LABELS.get(change, ""),
                    "change_url": self.url(f"change-{EDIT}"),
                },
            ]
            if change == PAUSED:
                rows.append(
                    {
                        "key": "Reason",
                        "value": PAUSE_REASONS.get(answers.get("reason", {}).get("reason"), ""),
                        "change_url": self.url("change-reason"),
                    }
                )
            return {"rows": rows}
        if change == PAUSED:
            return {
                "panel_title": f"You've told us {self.name}'s training is paused",
                "next_paragraphs": [
                    f"We'll let {provider} know. They'll pause {self.name}'s training until it restarts.",
                    f"When {self.name} is ready to start again, come back to their details page and tell us their "
                    "training has restarted.",
                    *(
                        []
                        if self.for_mentor
                        else ["If they'll be away for a long time, you should also tell their appropriate body."]
                    ),
                ],
            }
        if change == RESTARTED:
            return {
                "panel_title": f"You've told us {self.name}'s training has restarted",
                "next_paragraphs": [f"We'll let {provider} know, so they can continue {self.name}'s training."],
            }
        return {
            "panel_title": f"You've told us {self.name} has stopped training",
            "next_paragraphs": [
                f"We'll let {provider} know that {self.name} is no longer training with them.",
                f"If {self.name} later wants to train with a lead provider again, you can choose one from their "
                "details page.",
            ],
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        provider = self.lead_provider_name()
        change = answers[EDIT]["change"]
        common = {"at_school_period": self.period, "school": self.request.acting_school}
        if change == PAUSED:
            self.call(report_training_paused, reason=answers["reason"]["reason"], **common)
        elif change == STOPPED:
            self.call(report_training_stopped, **common)
        else:
            self.call(report_training_restarted, **common)
        return {"lead_provider_name": provider}


class ReportMentorTrainingChange(ReportTrainingChange):
    for_mentor = True


urlpatterns += [
    _route("ects/<int:ect_id>/training-change", ReportTrainingChange),
    _route("mentors/<int:mentor_id>/training-change", ReportMentorTrainingChange),
]
