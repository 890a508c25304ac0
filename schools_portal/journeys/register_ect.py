"""Register an ECT (journeys.md §4.6) on the shared wizard (§3.3).

The journey asks; the domain decides: TRS lookups and guards come from `teachers.validation.ect_registration`,
reuse of previous choices and lead providers from `teachers.selectors.registration`, and "Confirm details"
calls `teachers.services.registration.register_ect`. Access rules 3 and 5 of §4.1 apply before any step.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path

from appropriate_bodies.models import AppropriateBodyPeriod
from core import clock
from core.errors import DomainError
from integrations.trs.client import TRSClient, get_trs_client
from providers.models import ContractPeriod, LeadProvider, SchoolPartnership
from schools.models import School, TrainingProgramme
from schools.selectors import can_register_new_ects, is_independent, registration_window_closed
from schools_portal.journeys import register_ect_forms as f
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from sign_in import session
from sign_in.permissions import school_user_required
from teachers.models import ECTAtSchoolPeriod, Teacher, TrainingPeriod
from teachers.selectors.registration import previous_choices
from teachers.services.registration import register_ect
from teachers.services.training import contract_period_for_ect_registration, previous_ect_training_period
from teachers.validation import ect_registration as rules
from web.wizard import CHECK_ANSWERS, CONFIRMATION, Step, StepError, Wizard

T = "schools_portal/register_ect/"
GUARD_PAGES = [guard.value for guard in rules.RegistrationGuard]
AB_STATE = "state-school-appropriate-body"
AB_INDEPENDENT = "independent-school-appropriate-body"
CHANGED_LEAD_PROVIDER = "training-programme-change-lead-provider"
CANT_USE_CHANGED_EMAIL = "cant-use-changed-email"
TAKEN_EMAIL_KEY = "register-ect:changed-email-taken"


def trs_client() -> TRSClient:
    """The TRS client the journey looks teachers up with (tests put a seeded fake here)."""
    return get_trs_client()


class RegisterECT(Wizard):
    key = "register-ect"
    url_name = "schools:register-ect"
    exit_url = "/school/register-ect/what-you-will-need"
    steps = [
        Step("find-ect", f.FindECTForm, T + "find_ect.html"),
        Step("trn-not-found", None, T + "not_found.html"),
        Step("national-insurance-number", f.NationalInsuranceNumberForm, T + "national_insurance_number.html"),
        Step("not-found", None, T + "not_found.html"),
        *[Step(page, None, T + "cannot_register.html") for page in GUARD_PAGES],
        Step("review-ect-details", f.ReviewECTDetailsForm, T + "review_ect_details.html"),
        Step("registered-before", f.ContinueForm, T + "registered_before.html"),
        Step("email-address", f.EmailAddressForm, T + "email_address.html"),
        Step("cant-use-email", None, T + "cant_use_email.html"),
        Step("start-date", f.StartDateForm, T + "start_date.html"),
        Step("cannot-register-ect-yet", None, T + "cannot_register_ect_yet.html"),
        Step("working-pattern", f.WorkingPatternForm, T + "working_pattern.html"),
        Step("use-previous-ect-choices", f.UsePreviousChoicesForm, T + "use_previous_ect_choices.html"),
        Step(AB_STATE, f.StateSchoolAppropriateBodyForm, T + "appropriate_body.html"),
        Step(AB_INDEPENDENT, f.IndependentSchoolAppropriateBodyForm, T + "appropriate_body.html"),
        Step("training-programme", f.TrainingProgrammeForm, T + "training_programme.html"),
        Step("lead-provider", f.LeadProviderForm, T + "lead_provider.html"),
        Step(CHANGED_LEAD_PROVIDER, f.LeadProviderForm, T + "lead_provider.html"),
        Step(CANT_USE_CHANGED_EMAIL, None, T + "cant_use_email.html"),
        Step(CHECK_ANSWERS, None, T + "check_answers.html"),
        Step(CONFIRMATION, None, T + "confirmation.html"),
    ]

    # What the answers say -----------------------------------------------------------------------------------

    @property
    def school(self) -> School:
        return self.request.acting_school

    def teacher(self, answers: dict[str, Any]) -> Teacher | None:
        trn = answers.get("find-ect", {}).get("trn")
        return Teacher.objects.filter(trn=trn).first() if trn else None

    @staticmethod
    def trs(answers: dict[str, Any]) -> dict[str, Any]:
        return answers.get("national-insurance-number", {}).get("trs") or answers.get("find-ect", {}).get("trs") or {}

    def name(self, answers: dict[str, Any]) -> str:
        corrected = answers.get("review-ect-details", {}).get("corrected_name")
        trs = self.trs(answers)
        return corrected or " ".join(part for part in (trs.get("first_name"), trs.get("last_name")) if part)

    def previous_training(self, answers: dict[str, Any]) -> TrainingPeriod | None:
        teacher = self.teacher(answers)
        return previous_ect_training_period(teacher=teacher) if teacher else None

    def contract_period(self, answers: dict[str, Any]) -> ContractPeriod | None:
        started_on = answers.get("start-date", {}).get("started_on")
        if started_on is None:
            return None
        try:
            return contract_period_for_ect_registration(
                started_on=started_on, previous_training_period=self.previous_training(answers)
            )
        except DomainError:
            return None

    def choices(self, answers: dict[str, Any]):
        return previous_choices(
            school=self.school,
            contract_period=self.contract_period(answers),
            previous_training_period=self.previous_training(answers),
        )

    def reusing(self, answers: dict[str, Any]) -> bool:
        return bool(answers.get("use-previous-ect-choices", {}).get("reuse"))

    def programme_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The AB, programme and lead provider: copied from the school's last choices, or as answered."""
        if self.reusing(answers):
            return answers["use-previous-ect-choices"]
        ab_step = AB_INDEPENDENT if is_independent(self.school) else AB_STATE
        return {
            "appropriate_body": answers.get(ab_step, {}).get("appropriate_body"),
            "training_programme": answers.get("training-programme", {}).get("training_programme"),
            "lead_provider": answers.get(self._lead_provider_step(answers), {}).get("lead_provider"),
            "school_partnership": None,
        }

    # Wizard hooks ---------------------------------------------------------------------------------------------

    def clean_answer(self, step: str, form) -> dict[str, Any]:
        data = dict(form.cleaned_data)
        if step == "find-ect":
            result = rules.find_ect_in_trs(trn=data["trn"], date_of_birth=data["date_of_birth"], client=trs_client())
            data.update(self._outcome(result))
        elif step == "national-insurance-number":
            trn = self.answers()["find-ect"]["trn"]
            result = rules.find_ect_in_trs_by_national_insurance_number(
                trn=trn, national_insurance_number=data["national_insurance_number"], client=trs_client()
            )
            data.update(self._outcome(result))
        elif step == "training-programme" and self.changing:
            # Changed from check answers to provider-led with no lead provider held: ask for one, then return.
            answers = self.answers()
            was_school_led = answers.get(step, {}).get("training_programme") != TrainingProgramme.PROVIDER_LED
            held = self.programme_answers(answers).get("lead_provider")
            data["changed_to_provider_led"] = data["training_programme"] == TrainingProgramme.PROVIDER_LED and (
                was_school_led or not held
            )
        elif step == "training-programme":
            data["changed_to_provider_led"] = False
        return data

    def _outcome(self, result: rules.FindECTResult) -> dict[str, Any]:
        trs = result.trs_teacher
        if result.outcome != rules.FindOutcome.FOUND or trs is None:
            return {"outcome": result.outcome.value, "trs": None}
        teacher = Teacher.objects.filter(trn=trs.trn).first()
        guard = rules.registration_guard(
            school=self.school,
            teacher=teacher,
            trs_induction_status=trs.induction_status,
            prohibited_from_teaching=trs.prohibited_from_teaching,
        )
        return {
            "outcome": guard.value if guard else "review-ect-details",
            "trs": {
                "trn": trs.trn,
                "first_name": trs.first_name,
                "last_name": trs.last_name,
                "date_of_birth": trs.date_of_birth,
                "national_insurance_number": trs.national_insurance_number,
                "induction_status": trs.induction_status,
                "qts_awarded_on": trs.qts_awarded_on,
            },
        }

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        if step in ("find-ect", "national-insurance-number"):
            return answers[step]["outcome"]
        if step == "review-ect-details":
            teacher = self.teacher(answers)
            registered_before = teacher is not None and ECTAtSchoolPeriod.objects.filter(teacher=teacher).exists()
            return "registered-before" if registered_before else "email-address"
        if step == "registered-before":
            return "email-address"
        if step == "email-address":
            trn = answers["find-ect"]["trn"]
            return "cant-use-email" if rules.is_email_in_use(email=answers[step]["email"], trn=trn) else "start-date"
        if step == "start-date":
            started_on = answers[step]["started_on"]
            return "working-pattern" if rules.can_register_for_start_date(started_on) else "cannot-register-ect-yet"
        if step == "working-pattern":
            return "use-previous-ect-choices" if self.choices(answers).offered else self._ab_step()
        if step == "use-previous-ect-choices":
            return CHECK_ANSWERS if self.reusing(answers) else self._ab_step()
        if step in (AB_STATE, AB_INDEPENDENT):
            return "training-programme"
        if step == "training-programme":
            if answers[step]["training_programme"] != TrainingProgramme.PROVIDER_LED:
                return CHECK_ANSWERS
            if answers[step].get("changed_to_provider_led"):
                return CHANGED_LEAD_PROVIDER
            return "lead-provider"
        if step in ("lead-provider", CHANGED_LEAD_PROVIDER):
            return CHECK_ANSWERS
        return super().next_step(step, answers)

    def dispatch(self, step_slug: str) -> HttpResponse:
        """As the wizard, plus §4.6's change-email detour: an address in use goes to `cant-use-changed-email`
        without replacing the stored one."""
        self.changing = step_slug.startswith("change-")
        if step_slug == "change-email-address" and self.request.method == "POST":
            answers = self.answers()
            form = f.EmailAddressForm(data=self.request.POST)
            if CHECK_ANSWERS in self.allowed_steps(answers) and form.is_valid():
                email = form.cleaned_data["email"]
                if rules.is_email_in_use(email=email, trn=answers["find-ect"]["trn"]):
                    self.request.session[TAKEN_EMAIL_KEY] = email
                    return HttpResponseRedirect(self.url(CANT_USE_CHANGED_EMAIL))
                self.request.session.pop(TAKEN_EMAIL_KEY, None)
        response = super().dispatch(step_slug)
        if self.changing and response.get("Location") == self.url(CHECK_ANSWERS):
            allowed = self.allowed_steps(self.answers())  # `save_answers` may have dropped a reuse answer
            if CHECK_ANSWERS not in allowed:
                return HttpResponseRedirect(self.url(allowed[-1]))
        return response

    def allowed_steps(self, answers: dict[str, Any]) -> list[str]:
        allowed = super().allowed_steps(answers)
        if CHECK_ANSWERS in allowed and self.request.session.get(TAKEN_EMAIL_KEY):
            allowed = [*allowed, CANT_USE_CHANGED_EMAIL]
        return allowed

    def back_url(self, step: str, allowed: list[str], changing: bool) -> str:
        if step in (CANT_USE_CHANGED_EMAIL, CHANGED_LEAD_PROVIDER):
            return self.url(CHECK_ANSWERS)
        return super().back_url(step, allowed, changing)

    def save_answers(self, answers: dict[str, Any]) -> None:
        """§4.6: changing the start date throws away a pending reuse of previous choices (it is asked again)."""
        stored = self.answers()
        if "start-date" in stored and answers.get("start-date") != stored.get("start-date"):
            answers = {key: value for key, value in answers.items() if key != "use-previous-ect-choices"}
        super().save_answers(answers)

    def reset(self) -> None:
        self.request.session.pop(TAKEN_EMAIL_KEY, None)
        super().reset()

    @staticmethod
    def _lead_provider_step(answers: dict[str, Any]) -> str:
        changed = answers.get("training-programme", {}).get("changed_to_provider_led")
        return CHANGED_LEAD_PROVIDER if changed else "lead-provider"

    def _ab_step(self) -> str:
        return AB_INDEPENDENT if is_independent(self.school) else AB_STATE

    def form_kwargs(self, step: str) -> dict[str, Any]:
        answers = self.answers()
        if step == "start-date":
            return {"school": self.school, "teacher": self.teacher(answers), "name": self.name(answers)}
        if step == "use-previous-ect-choices":
            return {
                "school": self.school,
                "contract_period": self.contract_period(answers),
                "previous": self.previous_training(answers),
            }
        if step in (AB_STATE, AB_INDEPENDENT):
            return {"school": self.school}
        if step in ("lead-provider", CHANGED_LEAD_PROVIDER):
            return {"contract_period": self.contract_period(answers)}
        return {}

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        context: dict[str, Any] = {"name": self.name(answers), "trs": self.trs(answers), "school": self.school}
        if step in GUARD_PAGES:
            context["reason"] = rules.GUARD_MESSAGES[rules.RegistrationGuard(step)].format(name=context["name"])
        if step == "registered-before":
            context["previous"] = self._previous_registration(answers)
        if step == "cannot-register-ect-yet":
            started_on = answers.get("start-date", {}).get("started_on")
            if started_on:
                year = started_on.year if started_on.month >= 6 else started_on.year - 1
                context["academic_year"] = f"{year} to {year + 1}"
        if step in ("use-previous-ect-choices", CHECK_ANSWERS):
            context["choices"] = self.choices(answers) if "start-date" in answers else None
        if step == CHECK_ANSWERS:
            context.update(self._chosen(answers))
        if step == CONFIRMATION:
            context["assign_mentor_url"] = self._assign_mentor_url(answers.get("ect_at_school_period_id"))
        context["change"] = {name.replace("-", "_"): self.url(f"change-{name}") for name in self.step_names}
        context["nino"] = answers.get("national-insurance-number", {}).get("national_insurance_number")
        context["email"] = answers.get("email-address", {}).get("email")
        context["started_on"] = answers.get("start-date", {}).get("started_on")
        context["working_pattern"] = answers.get("working-pattern", {}).get("working_pattern")
        context["start_hint"] = f"For example, 17 9 {clock.today().year}"
        name = context["name"]
        context["working_pattern_question"] = f"Is {name}'s working pattern as an ECT full or part time?"
        context["working_pattern_hint"] = (
            "We'll pass this on so their training can be adjusted. This is only about their working pattern as an ECT."
        )
        context["use_previous_question"] = f"Do you want to use the same choices for {name}?"
        context["training_programme_question"] = f"Which training programme will {name} follow?"
        context["lead_provider_question"] = f"Which lead provider will be training {name}?"
        return context

    def _chosen(self, answers: dict[str, Any]) -> dict[str, Any]:
        chosen = self.programme_answers(answers)
        partnership = (
            SchoolPartnership.objects.filter(pk=chosen.get("school_partnership"))
            .select_related("lead_provider_delivery_partnership__delivery_partner")
            .first()
            if chosen.get("school_partnership")
            else None
        )
        return {
            "reusing": self.reusing(answers),
            "reuse_offered": "use-previous-ect-choices" in answers,
            "chosen_appropriate_body": AppropriateBodyPeriod.objects.filter(pk=chosen.get("appropriate_body")).first(),
            "chosen_programme": chosen.get("training_programme"),
            "chosen_lead_provider": LeadProvider.objects.filter(pk=chosen.get("lead_provider")).first(),
            "chosen_delivery_partner": partnership.lead_provider_delivery_partnership.delivery_partner
            if partnership
            else None,
            "ab_change_url": self.url(f"change-{self._ab_step()}"),
            "lead_provider_change_url": self.url(f"change-{self._lead_provider_step(answers)}"),
        }

    def _previous_registration(self, answers: dict[str, Any]) -> dict[str, Any]:
        teacher = self.teacher(answers)
        period = (
            ECTAtSchoolPeriod.objects.filter(teacher=teacher)
            .select_related("school__gias_school")
            .latest_first()
            .first()
        )
        training = period.training_periods.latest_first().first() if period else None
        first_induction = teacher.induction_periods.order_by("started_on").first() if teacher else None
        latest_induction = (
            teacher.induction_periods.select_related("appropriate_body_period").order_by("-started_on").first()
            if teacher
            else None
        )
        summary = {
            "school": period.school.name if period else None,
            "induction_start_date": first_induction.started_on if first_induction else None,
            "appropriate_body": latest_induction.appropriate_body_period.name if latest_induction else None,
            "training_programme": None,
            "lead_provider": None,
            "delivery_partner": None,
            "provider_led": False,
        }
        if training is not None:
            summary["provider_led"] = training.is_provider_led
            summary["training_programme"] = "Provider-led" if training.is_provider_led else "School-led"
            if training.school_partnership_id:
                pairing = training.school_partnership.lead_provider_delivery_partnership
                summary["lead_provider"] = pairing.active_lead_provider.lead_provider.name
                summary["delivery_partner"] = pairing.delivery_partner.name
            elif training.expression_of_interest_id:
                summary["lead_provider"] = training.expression_of_interest.lead_provider.name
        return summary

    def _assign_mentor_url(self, period_id: int | None) -> str:
        """The mentor selection page (§4.7), which sends schools without eligible mentors to register one."""
        if period_id:
            return f"/school/ects/{period_id}/mentorship/new"
        return "/school/register-mentor/what-you-will-need"

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        trs = self.trs(answers)
        chosen = self.programme_answers(answers)
        user = session.current_user(self.request)
        try:
            period = register_ect(
                author=user.author(),
                school=self.school,
                trn=answers["find-ect"]["trn"],
                trs_first_name=trs.get("first_name"),
                trs_last_name=trs.get("last_name"),
                corrected_name=answers.get("review-ect-details", {}).get("corrected_name"),
                started_on=answers["start-date"]["started_on"],
                email=answers["email-address"]["email"],
                working_pattern=answers["working-pattern"]["working_pattern"],
                appropriate_body=AppropriateBodyPeriod.objects.filter(pk=chosen.get("appropriate_body")).first(),
                training_programme=chosen.get("training_programme"),
                lead_provider=LeadProvider.objects.filter(pk=chosen.get("lead_provider")).first(),
                reusable_school_partnership=SchoolPartnership.objects.filter(
                    pk=chosen.get("school_partnership")
                ).first(),
                trs_induction_status=trs.get("induction_status"),
                trs_qts_awarded_on=trs.get("qts_awarded_on"),
            )
        except DomainError as error:
            raise StepError(error.errors[0].message) from error
        return {"ect_at_school_period_id": period.pk}


def _registration_open(view):
    """§4.1 rules 3 and 5: no new ECTs for a school without funding, nor while the window is closed."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_register_new_ects(request.acting_school):
            return HttpResponseRedirect("/school/home/ects")
        if registration_window_closed():
            return HttpResponseRedirect("/school/registration-window-closed")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


@school_user_required
@induction_tutor_confirmed
@_registration_open
def what_you_will_need(request: HttpRequest) -> HttpResponse:
    """§4.6 step 1: what the school needs before it starts; "Continue" starts a new journey at find-ect."""
    return render(request, T + "what_you_will_need.html", {"school": request.acting_school})


register_ect_view = school_user_required(induction_tutor_confirmed(_registration_open(RegisterECT.as_view())))

urlpatterns = [
    path("school/register-ect/what-you-will-need", what_you_will_need, name="register-ect-start"),
    path("school/register-ect/<slug:step>", register_ect_view, name="register-ect"),
]
