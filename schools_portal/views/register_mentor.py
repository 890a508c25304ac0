"""Register a new mentor for an ECT (journeys.md §4.8) on the shared wizard (§3.3).

The journey asks; the domain decides. TRN, date of birth, NI number and name rules are the ECT registration's
(`teachers.validation.ect_registration`, as §4.8 says "same rules as ECTs"), email and start date rules and
the mentor-training offer come from `teachers.validation.mentor_registration` and
`teachers.services.mentor_registration`, and "Confirm details" calls `register_mentor`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path

from core import clock
from core.errors import DomainError
from integrations.notify import emails
from integrations.trs.client import TRSClient, get_trs_client
from providers.models import ActiveLeadProvider, LeadProvider
from providers.selectors.contract_periods import contract_period_for_registration_start_date
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from schools_portal.views.mentors import registration_open
from sign_in import session
from sign_in.permissions import school_user_required
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, TrainingPeriod, TrainingRole
from teachers.selectors.mentors import (
    current_or_next_training_period,
    has_mentor_training,
    mentor_at_school_now,
    mentor_periods_elsewhere,
    training_lead_provider,
)
from teachers.services.mentor_registration import mentor_training_offer, register_mentor
from teachers.validation import ect_registration as ect_rules
from teachers.validation import mentor_registration as rules
from web.forms import DateField, GovUKForm
from web.wizard import CHECK_ANSWERS, CONFIRMATION, CONFIRMED, Step, StepError, Wizard

T = "schools_portal/register_mentor/"
HEADINGS = {
    "what-you-will-need": "What you'll need to add a new mentor for {ect}",
    "find-mentor": "Find a mentor",
    "no-trn": "You cannot register a mentor without a TRN",
    "trn-not-found": "No mentor found with these details",
    "cannot-mentor-themself": "A teacher cannot mentor themself",
    "national-insurance-number": "We cannot find the mentor's details",
    "not-found": "No mentor found with these details",
    "already-active-at-school": "{name} is already registered as a mentor at your school",
    "cannot-register-mentor": "{name} cannot be registered",
    "review-mentor-details": "Check mentor details",
    "email-address": "What is {name}'s email address?",
    "cant-use-email": "This email is already in use",
    "review-mentor-eligibility": "{name} can receive mentor training",
    "eligibility-lead-provider": "Which lead provider should contact your school about training {name}?",
    "mentoring-at-new-school-only": "Will {name} be mentoring ECTs at your school only?",
    "started-on": "When did or will {name} start mentoring ECTs at your school?",
    "cannot-register-mentor-yet": "{name} cannot be registered yet",
    "previous-training-period-details": "{name} has been registered before",
    "programme-choices": "Programme choices used by the ECT {name} will mentor",
    "lead-provider": "Which lead provider should contact your school about training {name}?",
    "check-answers": "Check your answers and confirm mentor details",
    "confirmation": "You've assigned {name} as a mentor for {ect}",
}
ALREADY_ACTIVE = "already-active-at-school"
NOT_YET = "cannot-register-mentor-yet"
# §9.4 check 11: a start date changed at check answers that falls in a contract period not open yet is held here,
# not in the answers, so the stored date stays and "Back" returns to check answers.
NOT_YET_DATE_KEY = "register-mentor:changed-start-date-not-open"


def trs_client() -> TRSClient:
    """The TRS client the journey looks mentors up with (tests put a seeded fake here)."""
    return get_trs_client()


# Forms ----------------------------------------------------------------------------------------------------


class PartsField(DateField):
    """Day, month and year boxes handed over as typed, so the domain's parser gives its own messages."""

    def clean(self, value: Any) -> list[str]:
        return [str(part or "").strip() for part in (value or ["", "", ""])]


class DomainForm(GovUKForm):
    """A form whose `check` calls domain validators; a DomainError becomes the error of the field it names."""

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            return self.check(data)
        except DomainError as error:
            name = error.field if error.field in self.fields else next(iter(self.fields), None)
            self.add_error(name, ValidationError(error.message))
            return data


class ContinueForm(GovUKForm):
    """Pages with only a "Continue" button still count as answered once submitted."""


class FindMentorForm(DomainForm):
    trn = forms.CharField(label="Teacher reference number (TRN)", required=False)
    date_of_birth = PartsField(label="Date of birth", required=False, help_text="For example, 31 3 1980")

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        trn = ect_rules.validate_trn(data.get("trn"))
        date_of_birth = ect_rules.date_of_birth_from_parts(*data["date_of_birth"])
        return {"trn": trn, "date_of_birth": date_of_birth}


class NationalInsuranceNumberForm(DomainForm):
    national_insurance_number = forms.CharField(label="National Insurance number", required=False)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "national_insurance_number": ect_rules.validate_national_insurance_number(
                data.get("national_insurance_number")
            )
        }


class ReviewMentorDetailsForm(DomainForm):
    change_name = forms.ChoiceField(
        label="Are these details correct for the mentor?",
        choices=[("no", "Yes"), ("yes", "No, they changed their name or it's spelt wrong")],
        widget=forms.RadioSelect,
        required=False,
    )
    corrected_name = forms.CharField(label="Enter the correct full name", required=False)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        corrected = ect_rules.validate_corrected_name(
            change_name=data.get("change_name") or None, corrected_name=data.get("corrected_name")
        )
        return {"change_name": data.get("change_name"), "corrected_name": corrected}


class EmailAddressForm(DomainForm):
    email = forms.CharField(label="Email address", required=False)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"email": rules.validate_mentor_email(data.get("email"))}


class YesNoForm(DomainForm):
    answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, required=False)
    validator = staticmethod(rules.validate_mentoring_at_your_school_only)

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        answer = {"yes": True, "no": False}.get(data.get("answer") or "")
        self.validator(answer)
        return {"answer": data["answer"]}


class MentoringAtNewSchoolOnlyForm(YesNoForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = "Will they mentor ECTs at your school only?"
        self.fields["answer"].choices = [
            ("yes", "Yes, they will only mentor ECTs at your school"),
            ("no", "No, they will also mentor ECTs at another school"),
        ]


class ProgrammeChoicesForm(YesNoForm):
    validator = staticmethod(rules.validate_use_same_programme_choices)


class StartedOnForm(DomainForm):
    started_on = PartsField(label="Start date", required=False, help_text="For example, 27 9 2024")

    def __init__(self, *args: Any, name: str = "", teacher: Teacher | None = None, school=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.name, self.teacher, self.school = name, teacher, school

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        started_on = rules.mentor_start_date_from_parts(*data["started_on"])
        elsewhere = None
        if self.teacher is not None:
            elsewhere = mentor_periods_elsewhere(
                teacher=self.teacher, school=self.school, started_on=started_on
            ).first()
        rules.validate_mentor_start_date(started_on=started_on, teacher_name=self.name, period_elsewhere=elsewhere)
        return {"started_on": started_on}


class LeadProviderForm(DomainForm):
    lead_provider = forms.ChoiceField(widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, lead_providers: list[LeadProvider] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lead_provider"].choices = [(str(lp.pk), lp.name) for lp in lead_providers]
        self.known = {str(lp.pk) for lp in lead_providers}

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        chosen = data.get("lead_provider") if data.get("lead_provider") in self.known else None
        from teachers.services.mentoring import validate_mentor_lead_provider

        validate_mentor_lead_provider(use_ects_lead_provider=False, lead_provider=chosen)
        return {"lead_provider": int(chosen)}


class ReviewEligibilityForm(GovUKForm):
    """ "Continue" keeps the ECT's lead provider; the "will not be providing" button picks another."""

    use_ects_lead_provider = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")], required=False)

    def clean_use_ects_lead_provider(self) -> str:
        return "no" if self.cleaned_data.get("use_ects_lead_provider") == "no" else "yes"


# The journey ----------------------------------------------------------------------------------------------


class RegisterMentor(Wizard):
    key = "register-mentor"
    url_name = "schools:register-mentor"
    steps = [
        Step("what-you-will-need", ContinueForm, T + "what_you_will_need.html"),
        Step("find-mentor", FindMentorForm, T + "find_mentor.html"),
        Step("no-trn", None, T + "no_trn.html"),
        Step("trn-not-found", None, T + "trn_not_found.html"),
        Step("cannot-mentor-themself", None, T + "cannot_mentor_themself.html"),
        Step("national-insurance-number", NationalInsuranceNumberForm, T + "question.html"),
        Step("not-found", None, T + "not_found.html"),
        Step(ALREADY_ACTIVE, ContinueForm, T + "already_active_at_school.html"),
        Step("cannot-register-mentor", None, T + "cannot_register_mentor.html"),
        Step("review-mentor-details", ReviewMentorDetailsForm, T + "review_mentor_details.html"),
        Step("email-address", EmailAddressForm, T + "question.html"),
        Step("cant-use-email", None, T + "cant_use_email.html"),
        Step("review-mentor-eligibility", ReviewEligibilityForm, T + "review_mentor_eligibility.html"),
        Step("eligibility-lead-provider", LeadProviderForm, T + "question.html"),
        Step("mentoring-at-new-school-only", MentoringAtNewSchoolOnlyForm, T + "question.html"),
        Step("started-on", StartedOnForm, T + "question.html"),
        Step("cannot-register-mentor-yet", None, T + "cannot_register_mentor_yet.html"),
        Step("previous-training-period-details", ContinueForm, T + "previous_training_period_details.html"),
        Step("programme-choices", ProgrammeChoicesForm, T + "programme_choices.html"),
        Step("lead-provider", LeadProviderForm, T + "question.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    # Who and what -----------------------------------------------------------------------------------------

    @property
    def school(self):
        return self.request.acting_school

    def ect(self, answers: dict[str, Any]) -> ECTAtSchoolPeriod | None:
        ect_id = answers.get("ect_id")
        if ect_id is None:
            return None
        return ECTAtSchoolPeriod.objects.select_related("teacher").filter(pk=ect_id, school=self.school).first()

    @staticmethod
    def trs(answers: dict[str, Any]) -> dict[str, Any]:
        return (
            answers.get("national-insurance-number", {}).get("trs") or answers.get("find-mentor", {}).get("trs") or {}
        )

    def trn(self, answers: dict[str, Any]) -> str | None:
        return self.trs(answers).get("trn")

    def teacher(self, answers: dict[str, Any]) -> Teacher | None:
        trn = self.trn(answers)
        return Teacher.objects.filter(trn=trn).first() if trn else None

    def name(self, answers: dict[str, Any]) -> str:
        corrected = answers.get("review-mentor-details", {}).get("corrected_name")
        trs = self.trs(answers)
        return corrected or " ".join(part for part in (trs.get("first_name"), trs.get("last_name")) if part)

    def offer(self, answers: dict[str, Any]):
        ect = self.ect(answers)
        started_on = answers.get("started-on", {}).get("started_on")
        return mentor_training_offer(ect_at_school_period=ect, trn=self.trn(answers) or "", started_on=started_on)

    def ever_registered_as_mentor(self, answers: dict[str, Any]) -> bool:
        teacher = self.teacher(answers)
        return teacher is not None and MentorAtSchoolPeriod.objects.filter(teacher=teacher).exists()

    def mentoring_elsewhere_now(self, answers: dict[str, Any]) -> bool:
        teacher = self.teacher(answers)
        if teacher is None:
            return False
        return mentor_periods_elsewhere(teacher=teacher, school=self.school, started_on=clock.today()).exists()

    def previous_training(self, answers: dict[str, Any]) -> dict[str, str | None]:
        """The card of the mentor's latest mentor training: school, lead provider and delivery partner."""
        training = (
            TrainingPeriod.objects.filter(teacher=self.teacher(answers), role=TrainingRole.MENTOR)
            .select_related("mentor_at_school_period__school__gias_school")
            .latest_first()
            .first()
        )
        if training is None:
            return {}
        partnership = training.school_partnership
        lead_provider = training_lead_provider(training)
        return {
            "school": training.mentor_at_school_period.school.name if training.mentor_at_school_period_id else None,
            "lead_provider": lead_provider.name if lead_provider else None,
            "delivery_partner": (
                partnership.lead_provider_delivery_partnership.delivery_partner.name if partnership else None
            ),
            "provider_led": training.is_provider_led,
        }

    def lead_providers(self, answers: dict[str, Any]) -> list[LeadProvider]:
        """LPs active in the contract period of the mentor's start date (today when none was given)."""
        started_on = answers.get("started-on", {}).get("started_on") or clock.today()
        contract_period = contract_period_for_registration_start_date(started_on)
        active = ActiveLeadProvider.objects.filter(contract_period=contract_period).values("lead_provider_id")
        return list(LeadProvider.objects.filter(pk__in=active).order_by("name"))

    # Wizard hooks -----------------------------------------------------------------------------------------

    def lookup(self, outcome_for: str, result) -> dict[str, Any]:
        trs = result.trs_teacher
        stored: dict[str, Any] = {"outcome": result.outcome.value, "trs": None}
        if trs is not None:
            stored["trs"] = {
                "trn": trs.trn,
                "first_name": trs.first_name,
                "last_name": trs.last_name,
                "date_of_birth": trs.date_of_birth,
                "national_insurance_number": trs.national_insurance_number,
                "prohibited": bool(trs.prohibited_from_teaching),
            }
        return stored

    def clean_answer(self, step: str, form: forms.BaseForm) -> dict[str, Any]:
        data = dict(form.cleaned_data)
        if step == "find-mentor":
            result = ect_rules.find_ect_in_trs(
                trn=data["trn"], date_of_birth=data["date_of_birth"], client=trs_client()
            )
            return {**data, **self.lookup(step, result)}
        if step == "national-insurance-number":
            trn = self.answers()["find-mentor"]["trn"]
            result = ect_rules.find_ect_in_trs_by_national_insurance_number(
                trn=trn, national_insurance_number=data["national_insurance_number"], client=trs_client()
            )
            return {**data, **self.lookup(step, result)}
        return data

    def form_kwargs(self, step: str) -> dict[str, Any]:
        answers = self.answers()
        if step in ("lead-provider", "eligibility-lead-provider"):
            return {"lead_providers": self.lead_providers(answers)}
        if step == "started-on":
            return {"name": self.name(answers), "teacher": self.teacher(answers), "school": self.school}
        return {}

    def _after_identity(self, answers: dict[str, Any]) -> str:
        """Table B rows 4 to 6 (and the NI number step's equivalents)."""
        teacher = self.teacher(answers)
        if teacher is not None and mentor_at_school_now(teacher=teacher, school=self.school) is not None:
            return ALREADY_ACTIVE
        if self.trs(answers).get("prohibited"):
            return "cannot-register-mentor"
        return "review-mentor-details"

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        if step == "what-you-will-need":
            return "find-mentor"
        if step == "find-mentor":
            found = answers["find-mentor"]
            if found["outcome"] == ect_rules.FindOutcome.TRN_NOT_FOUND:
                return "trn-not-found"
            ect = self.ect(answers)
            try:
                rules.check_not_mentoring_themself(mentor_trn=found["trn"], ect_at_school_period=ect)
            except DomainError:
                return "cannot-mentor-themself"
            if found["outcome"] == ect_rules.FindOutcome.NATIONAL_INSURANCE_NUMBER:
                return "national-insurance-number"
            return self._after_identity(answers)
        if step == "national-insurance-number":
            if answers[step]["outcome"] != ect_rules.FindOutcome.FOUND:
                return "not-found"
            return self._after_identity(answers)
        if step == ALREADY_ACTIVE:
            return CONFIRMATION
        if step == "review-mentor-details":
            return "email-address"
        if step == "email-address":
            return self._after_email(answers)
        if step == "review-mentor-eligibility":
            no = answers[step]["use_ects_lead_provider"] == "no"
            return "eligibility-lead-provider" if no else CHECK_ANSWERS
        if step == "mentoring-at-new-school-only":
            return "started-on" if answers[step]["answer"] == "yes" else CHECK_ANSWERS
        if step == "started-on":
            if not ect_rules.can_register_for_start_date(answers[step]["started_on"]):
                return "cannot-register-mentor-yet"
            offer = self.offer(answers)
            if not offer.eligible:
                return CHECK_ANSWERS
            if has_mentor_training(self.teacher(answers)):
                return "previous-training-period-details"
            return "lead-provider" if offer.must_choose_lead_provider else "programme-choices"
        if step == "previous-training-period-details":
            return "lead-provider" if self.offer(answers).must_choose_lead_provider else "programme-choices"
        if step == "programme-choices":
            return CHECK_ANSWERS if answers[step]["answer"] == "yes" else "lead-provider"
        if step in ("lead-provider", "eligibility-lead-provider"):
            return CHECK_ANSWERS
        return super().next_step(step, answers)

    def _after_email(self, answers: dict[str, Any]) -> str:
        """Branching table C."""
        try:
            rules.check_email_not_in_use(email=answers["email-address"]["email"], trn=self.trn(answers))
        except DomainError:
            return "cant-use-email"
        if not self.ever_registered_as_mentor(answers):
            offer = self.offer(answers)
            if offer.eligible and not offer.must_choose_lead_provider:
                return "review-mentor-eligibility"
            if offer.eligible:
                return "lead-provider"
            return CHECK_ANSWERS
        if self.mentoring_elsewhere_now(answers):
            return "mentoring-at-new-school-only"
        return "started-on"

    def chosen_lead_provider(self, answers: dict[str, Any], on_path: list[str]) -> LeadProvider | None:
        """The LP chosen on the path actually taken, else the ECT's when the school kept its choices."""
        for step in ("eligibility-lead-provider", "lead-provider"):
            if step in on_path and step in answers:
                return LeadProvider.objects.filter(pk=answers[step]["lead_provider"]).first()
        kept = ("review-mentor-eligibility" in on_path and "review-mentor-eligibility" in answers) or (
            "programme-choices" in on_path and answers.get("programme-choices", {}).get("answer") == "yes"
        )
        return self.offer(answers).lead_provider if kept else None

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        ect = self.ect(answers)
        on_path = self.allowed_steps(answers)
        ect_training = current_or_next_training_period(ect) if ect else None
        context: dict[str, Any] = {
            "ect": ect,
            "name": self.name(answers),
            "trs": self.trs(answers),
            "school": self.school,
            "provider_led": bool(ect_training and ect_training.is_provider_led),
            "on_path": on_path,
            "heading": HEADINGS[step].format(name=self.name(answers), ect=ect.teacher.full_name if ect else ""),
            "email": answers.get("email-address", {}).get("email"),
            "find_url": self.url("find-mentor"),
            "no_trn_url": self.url("no-trn"),
            "email_url": self.url("email-address"),
            "change_name_url": self.url("change-review-mentor-details"),
            "change_email_url": self.url("change-email-address"),
            "change_only_here_url": self.url("change-mentoring-at-new-school-only"),
            "change_started_on_url": self.url("change-started-on"),
            "change_lead_provider_url": self.url(
                "change-eligibility-lead-provider" if "eligibility-lead-provider" in on_path else "change-lead-provider"
            ),
        }
        if step == NOT_YET:
            started_on = self._held_start_date(answers) or answers["started-on"]["started_on"]
            year = contract_period_for_registration_start_date(started_on)
            academic_year = started_on.year if started_on.month >= 6 else started_on.year - 1  # from 1 June
            context["year"] = getattr(year, "year", None) or academic_year
        if step == "previous-training-period-details":
            context["previous"] = self.previous_training(answers)
        if step in ("review-mentor-eligibility", "programme-choices"):
            context["offer"] = self.offer(answers)
        if step == CHECK_ANSWERS:
            context["lead_provider"] = self.chosen_lead_provider(answers, on_path)
            context["mentoring_only_here"] = answers.get("mentoring-at-new-school-only", {}).get("answer")
            context["started_on"] = answers.get("started-on", {}).get("started_on")
            context["show_mentoring_only_here"] = "mentoring-at-new-school-only" in on_path
            context["show_started_on"] = "started-on" in on_path
        if step == CONFIRMATION:
            context["eligible"] = answers.get("eligible")
            context["already_registered"] = answers.get("already_registered")
            context["mentoring_elsewhere"] = answers.get("mentoring-at-new-school-only", {}).get("answer") == "no"
        return context

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        ect = self.ect(answers)
        trs = self.trs(answers)
        on_path = self.allowed_steps(answers)
        only_here = answers.get("mentoring-at-new-school-only", {}).get("answer")
        try:
            period = register_mentor(
                author=session.current_user(self.request).author(),
                school=self.school,
                trn=trs["trn"],
                trs_first_name=trs.get("first_name"),
                trs_last_name=trs.get("last_name"),
                corrected_name=answers.get("review-mentor-details", {}).get("corrected_name"),
                email=answers["email-address"]["email"],
                started_on=answers.get("started-on", {}).get("started_on") if "started-on" in on_path else None,
                mentoring_at_your_school_only=None if only_here is None else only_here == "yes",
                lead_provider=self.chosen_lead_provider(answers, on_path),
                ect_at_school_period=ect,
            )
        except DomainError as error:
            raise StepError(error.message) from None
        emails.mentor_registered(
            to=period.email,
            name=period.teacher.full_name,
            school_name=self.school.name,
            reference=f"mentor-at-school-period-{period.pk}",
        )
        eligible = period.teacher.mentor_became_ineligible_for_funding_reason is None
        return {"eligible": eligible, "already_registered": False}

    def dispatch(self, step_slug: str) -> HttpResponse:
        request = self.request
        if step_slug == self.first_step and request.method == "GET":
            ect_id = request.GET.get("ect_id")
            ect = (
                ECTAtSchoolPeriod.objects.filter(pk=ect_id, school=self.school).first()
                if (ect_id or "").isdigit()
                else None
            )
            if ect is None:
                return HttpResponseRedirect("/school/home/ects")
            self.request.session.pop(NOT_YET_DATE_KEY, None)
            self.save_answers({"ect_id": ect.pk})  # a new journey, for this ECT
            answers = self.answers()
            return self.render(self.step(step_slug), answers, self.allowed_steps(answers), False, form=ContinueForm())
        answers = self.answers()
        if not answers.get("ect_id"):
            return HttpResponseRedirect("/school/home/ects")
        if step_slug == "change-started-on" and request.method == "POST":
            refused = self._refuse_changed_start_date_not_open(answers)
            if refused is not None:
                return refused
        if step_slug == "no-trn":  # reached by a link from find-mentor, not by answering it
            step = self.step("no-trn")
            return self.render(step, answers, self.allowed_steps(answers), False)
        if step_slug == ALREADY_ACTIVE and request.method == "POST" and ALREADY_ACTIVE in self.allowed_steps(answers):
            return self._assign_already_active(answers)
        return super().dispatch(step_slug)

    def _refuse_changed_start_date_not_open(self, answers: dict[str, Any]) -> HttpResponse | None:
        """§4.8 step 7 from check answers: a valid new start date whose contract period is not open yet goes to
        `cannot-register-mentor-yet` without replacing the stored date (§9.4 check 11). Anything else is left to
        the wizard: errors are shown on the question, an open date is saved and returns to check answers."""
        self.request.session.pop(NOT_YET_DATE_KEY, None)
        if CHECK_ANSWERS not in self.allowed_steps(answers):
            return None
        form = StartedOnForm(data=self.request.POST, **self.form_kwargs("started-on"))
        if not form.is_valid():
            return None
        started_on = form.cleaned_data["started_on"]
        if ect_rules.can_register_for_start_date(started_on):
            return None
        self.request.session[NOT_YET_DATE_KEY] = started_on.isoformat()
        return HttpResponseRedirect(self.url(NOT_YET))

    def _held_start_date(self, answers: dict[str, Any]) -> dt.date | None:
        """The refused changed start date, while check answers is still reachable (else the journey's own)."""
        held = self.request.session.get(NOT_YET_DATE_KEY)
        if held and CHECK_ANSWERS in super().allowed_steps(answers):
            return dt.date.fromisoformat(held)
        return None

    def allowed_steps(self, answers: dict[str, Any]) -> list[str]:
        allowed = super().allowed_steps(answers)
        if CHECK_ANSWERS in allowed and self.request.session.get(NOT_YET_DATE_KEY):
            allowed = [*allowed, NOT_YET]
        return allowed

    def back_url(self, step: str, allowed: list[str], changing: bool) -> str:
        if step == NOT_YET and self._held_start_date(self.answers()) is not None:
            return self.url(CHECK_ANSWERS)
        return super().back_url(step, allowed, changing)

    def reset(self) -> None:
        self.request.session.pop(NOT_YET_DATE_KEY, None)
        super().reset()

    def _assign_already_active(self, answers: dict[str, Any]) -> HttpResponse:
        """Table B row 4: already mentoring here, so only assign (no email)."""
        trs = self.trs(answers)
        try:
            register_mentor(
                author=session.current_user(self.request).author(),
                school=self.school,
                trn=trs["trn"],
                trs_first_name=trs.get("first_name"),
                trs_last_name=trs.get("last_name"),
                email=None,
                ect_at_school_period=self.ect(answers),
            )
        except DomainError as error:
            raise StepError(error.message) from None
        self.save_answers({**answers, ALREADY_ACTIVE: {}, "already_registered": True, CONFIRMED: True})
        return HttpResponseRedirect(self.url(CONFIRMATION))

    @property
    def exit_url(self) -> str:  # type: ignore[override]
        ect_id = self.answers().get("ect_id")
        return f"/school/ects/{ect_id}" if ect_id else "/school/home/ects"


@school_user_required
@induction_tutor_confirmed
@registration_open
def register_mentor_view(request: HttpRequest, step: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    return RegisterMentor(request).dispatch(step)


urlpatterns = [
    path("school/register-mentor/<slug:step>", register_mentor_view, name="register-mentor"),
]
