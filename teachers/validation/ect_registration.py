"""Checks on the answers to the ECT registration journey (domain.md §7.1.1; BR-ECT-01 … 18, BR-ECT-35, Q6, Q14).

Each validator takes plain values (plus the school or teacher where the rule is about them) and returns the
normalised value, or raises DomainError with the spec's exact message. The journey's steps and `register_ect`
both call them.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from appropriate_bodies.models import ISTIP_NAME, AppropriateBodyPeriod, AppropriateBodyType
from core import clock
from core.dates import add_months, govuk_date
from core.errors import DomainError
from providers.models import ContractPeriod, LeadProvider
from providers.selectors.contract_periods import contract_period_containing, earliest_permitted_ect_start_date
from schools.models import School, TrainingProgramme
from schools.selectors import is_independent
from teachers.messages import registration as messages
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionPeriod,
    MentorAtSchoolPeriod,
    Teacher,
    TrainingPeriod,
    TRSInductionStatus,
    WorkingPattern,
)
from teachers.selectors.registration import PreviousChoices, lead_providers_for_registration, previous_choices
from teachers.validation.mentor_registration import is_valid_email

MIN_AGE = 18
MAX_AGE = 100
CORRECTED_NAME_MAX_LENGTH = 70
MAX_MONTHS_AHEAD = 4
NINO_FORMAT = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date_from_parts(day: Any, month: Any, year: Any) -> dt.date | None:
    """A real date from the day/month/year boxes, None when any box is not a number or the date does not exist."""
    try:
        return dt.date(int(str(year).strip()), int(str(month).strip()), int(str(day).strip()))
    except (TypeError, ValueError):
        return None


# BR-ECT-01 — TRN and date of birth ------------------------------------------------------------------------


def validate_trn(raw: str | int | None) -> str:
    """BR-ECT-01 / BR-T-01: required, then normalised to 7 digits (`RP 12345` → `0012345`)."""
    if _blank(raw):
        raise DomainError("trn", messages.TRN_REQUIRED)
    return _normalise_trn(raw)


def _normalise_trn(raw: str | int) -> str:
    """H5's identity module owns the BR-T-01 rule; use it."""
    from teachers.services.identity import normalise_trn

    return normalise_trn(raw)


def date_of_birth_from_parts(day: Any, month: Any, year: Any) -> dt.date:
    """BR-ECT-01: all three boxes blank → required; not a real date (`31 02 1998`) → correct format."""
    if all(_blank(part) for part in (day, month, year)):
        raise DomainError("date_of_birth", messages.DATE_OF_BIRTH_REQUIRED)
    date_of_birth = _date_from_parts(day, month, year)
    if date_of_birth is None:
        raise DomainError("date_of_birth", messages.DATE_OF_BIRTH_INVALID)
    return validate_date_of_birth(date_of_birth)


def validate_date_of_birth(date_of_birth: dt.date | None) -> dt.date:
    """BR-ECT-01: someone at most 100 and at least 18 years old today."""
    if date_of_birth is None:
        raise DomainError("date_of_birth", messages.DATE_OF_BIRTH_REQUIRED)
    today = clock.today()
    if date_of_birth < _years_before(today, MAX_AGE):
        raise DomainError("date_of_birth", messages.DATE_OF_BIRTH_TOO_OLD)
    if date_of_birth > _years_before(today, MIN_AGE):
        raise DomainError("date_of_birth", messages.DATE_OF_BIRTH_TOO_YOUNG)
    return date_of_birth


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# BR-ECT-02 / BR-ECT-03 — finding the ECT in TRS ------------------------------------------------------------


class FindOutcome(enum.StrEnum):
    """Where the "find ECT" step goes next (§7.1.1 step 1)."""

    FOUND = "found"
    TRN_NOT_FOUND = "trn-not-found"
    NATIONAL_INSURANCE_NUMBER = "national-insurance-number"
    NOT_FOUND = "not-found"


@dataclass(frozen=True)
class FindECTResult:
    outcome: FindOutcome
    trs_teacher: Any = None


def find_ect_in_trs(*, trn: str, date_of_birth: dt.date, client: Any) -> FindECTResult:
    """BR-ECT-02: TRS has no record (not found, deactivated or merged) → "TRN not found"; a different date of
    birth → ask for the National Insurance number (BR-ECT-03)."""
    from integrations.trs.client import TeacherDeactivated, TeacherMerged, TeacherNotFound

    try:
        trs_teacher = client.find_teacher(trn=trn)
    except (TeacherNotFound, TeacherDeactivated, TeacherMerged):
        return FindECTResult(FindOutcome.TRN_NOT_FOUND)
    if trs_teacher.date_of_birth != date_of_birth:
        return FindECTResult(FindOutcome.NATIONAL_INSURANCE_NUMBER, trs_teacher)
    return FindECTResult(FindOutcome.FOUND, trs_teacher)


def find_ect_in_trs_by_national_insurance_number(
    *, trn: str, national_insurance_number: str, client: Any
) -> FindECTResult:
    """BR-ECT-03: TRS must match TRN + NINO, else the "not found" page."""
    from integrations.trs.client import TeacherDeactivated, TeacherMerged, TeacherNotFound

    try:
        trs_teacher = client.find_teacher(trn=trn, national_insurance_number=national_insurance_number)
    except (TeacherNotFound, TeacherDeactivated, TeacherMerged):
        return FindECTResult(FindOutcome.NOT_FOUND)
    stored = (trs_teacher.national_insurance_number or "").replace(" ", "").upper()
    if stored and stored != national_insurance_number:
        return FindECTResult(FindOutcome.NOT_FOUND)
    return FindECTResult(FindOutcome.FOUND, trs_teacher)


# BR-ECT-03 — National Insurance number ------------------------------------------------------------------------


def validate_national_insurance_number(raw: str | None) -> str:
    """BR-ECT-03: spaces removed and upper-cased (`ab 12 34 56 c` → `AB123456C`), then the HMRC format."""
    if _blank(raw):
        raise DomainError("national_insurance_number", messages.NINO_REQUIRED)
    nino = re.sub(r"\s", "", raw).upper()
    if not NINO_FORMAT.match(nino):
        raise DomainError("national_insurance_number", messages.NINO_INVALID)
    return nino


# BR-ECT-04 — confirm or correct the TRS name --------------------------------------------------------------


def validate_corrected_name(*, change_name: str | None, corrected_name: str | None) -> str | None:
    """BR-ECT-04: `change_name` is "yes" (give a corrected name, 1–70 characters after squishing) or "no".
    Returns the squished corrected name, or None when the TRS name stands."""
    if change_name not in ("yes", "no"):
        raise DomainError("change_name", messages.CONFIRM_DETAILS_REQUIRED)
    if change_name == "no":
        return None
    return validate_corrected_name_value(corrected_name)


def validate_corrected_name_value(corrected_name: str | None) -> str:
    """A corrected full name: required, at most 70 characters after squishing whitespace (§7.1.3 too)."""
    squished = " ".join((corrected_name or "").split())
    if not squished:
        raise DomainError("corrected_name", messages.CORRECTED_NAME_REQUIRED)
    if len(squished) > CORRECTED_NAME_MAX_LENGTH:
        raise DomainError("corrected_name", messages.CORRECTED_NAME_TOO_LONG)
    return squished


# BR-ECT-05 / BR-ECT-06 — email ------------------------------------------------------------------------------


def validate_email(email: str | None) -> str:
    """BR-ECT-05: required and valid. Returns the trimmed address."""
    email = (email or "").strip()
    if not email:
        raise DomainError("email", messages.EMAIL_REQUIRED)
    if not is_valid_email(email):
        raise DomainError("email", messages.EMAIL_INVALID)
    return email


def is_email_in_use(*, email: str, trn: str | None) -> bool:
    """BR-ECT-06: the address is on a different person's ongoing ECT or mentor period (any case)."""
    others = ~Q(teacher__trn=trn) if trn else Q()
    return (
        ECTAtSchoolPeriod.objects.ongoing().filter(others, email__iexact=email).exists()
        or MentorAtSchoolPeriod.objects.ongoing().filter(others, email__iexact=email).exists()
    )


def check_email_not_in_use(*, email: str, trn: str | None) -> None:
    """BR-ECT-06: raises when the address belongs to someone else's ongoing period ("can't use this email")."""
    if is_email_in_use(email=email, trn=trn):
        raise DomainError("email", messages.EMAIL_IN_USE)


# BR-ECT-07 … BR-ECT-10, BR-ECT-12 — start date ------------------------------------------------------------


def start_date_from_parts(day: Any, month: Any, year: Any) -> dt.date:
    """BR-ECT-07: required and a real date."""
    if all(_blank(part) for part in (day, month, year)):
        raise DomainError("started_on", messages.START_DATE_REQUIRED)
    started_on = _date_from_parts(day, month, year)
    if started_on is None:
        raise DomainError("started_on", messages.START_DATE_INVALID)
    return started_on


def validate_start_date(
    *, started_on: dt.date | None, teacher: Teacher | None, school: School, name: str | None = None
) -> dt.date:
    """BR-ECT-07 … BR-ECT-10 for the date the ECT starts at `school`; `name` is how the ECT is called in the
    messages (default: the teacher's display name). BR-ECT-12 is `check_contract_period_open`."""
    if started_on is None:
        raise DomainError("started_on", messages.START_DATE_REQUIRED)
    earliest = earliest_permitted_ect_start_date()
    if earliest is not None and started_on < earliest:  # BR-ECT-08
        raise DomainError("started_on", messages.START_DATE_TOO_EARLY.format(earliest=govuk_date(earliest)))
    if teacher is None:
        return started_on
    name = name or teacher.full_name
    _check_after_previous_period(started_on=started_on, teacher=teacher, name=name)  # BR-ECT-09
    _check_not_too_far_ahead(started_on=started_on, teacher=teacher, school=school)  # BR-ECT-10
    return started_on


def _check_after_previous_period(*, started_on: dt.date, teacher: Teacher, name: str) -> None:
    """BR-ECT-09 (Q13: at least two days after, deliberately)."""
    previous = ECTAtSchoolPeriod.objects.filter(teacher=teacher).select_related("school__gias_school")
    previous = previous.latest_first().first()
    if previous is None:
        return
    after = previous.started_on + dt.timedelta(days=1)
    if started_on <= after:
        raise DomainError(
            "started_on",
            messages.START_DATE_TOO_SOON_AFTER_PREVIOUS_START.format(
                name=name,
                school=previous.school.name,
                started_on=govuk_date(previous.started_on),
                after=govuk_date(after),
            ),
        )
    training = (
        TrainingPeriod.objects.filter(ect_at_school_period=previous, started_on__lte=clock.today())
        .latest_first()
        .first()
    )
    if training is None:
        return
    after = training.started_on + dt.timedelta(days=1)
    if started_on <= after:
        raise DomainError(
            "started_on",
            messages.START_DATE_TOO_SOON_AFTER_TRAINING.format(
                name=name,
                school=previous.school.name,
                started_on=govuk_date(training.started_on),
                after=govuk_date(after),
            ),
        )


def _check_not_too_far_ahead(*, started_on: dt.date, teacher: Teacher, school: School) -> None:
    """BR-ECT-10: at most four months ahead while ongoing at another school; skipped when the date falls in a
    not-enabled (or no) contract period, where BR-ECT-12 applies instead."""
    still_elsewhere = ECTAtSchoolPeriod.objects.filter(teacher=teacher).ongoing().exclude(school=school).exists()
    if not still_elsewhere:
        return
    contract_period = contract_period_containing(started_on)
    if contract_period is None or not contract_period.enabled:
        return
    limit = add_months(clock.today(), MAX_MONTHS_AHEAD)
    if started_on > limit:
        raise DomainError(
            "started_on", messages.START_DATE_TOO_FAR_AHEAD.format(limit=govuk_date(limit + dt.timedelta(days=1)))
        )


def can_register_for_start_date(started_on: dt.date) -> bool:
    """BR-ECT-12: a contract period contains the date and, for a future date, is enabled."""
    contract_period = contract_period_containing(started_on)
    if contract_period is None:
        return False
    return started_on <= clock.today() or contract_period.enabled


def check_contract_period_open(started_on: dt.date) -> None:
    """BR-ECT-12: otherwise the journey ends on "cannot register ECT yet"."""
    if not can_register_for_start_date(started_on):
        raise DomainError("started_on", messages.CANNOT_REGISTER_ECT_YET)


# BR-ECT-13 — working pattern ----------------------------------------------------------------------------------


def validate_working_pattern(value: str | None) -> str:
    if _blank(value):
        raise DomainError("working_pattern", messages.WORKING_PATTERN_REQUIRED)
    if value not in WorkingPattern.values:
        raise DomainError("working_pattern", messages.WORKING_PATTERN_INVALID.format(value=value))
    return value


# BR-ECT-14 / BR-ECT-15 — appropriate body ---------------------------------------------------------------------


NATIONAL = AppropriateBodyType.NATIONAL


def validate_appropriate_body_choice(
    *, school: School, appropriate_body: AppropriateBodyPeriod | int | str | None = None, body_type: str | None = None
) -> AppropriateBodyPeriod:
    """BR-ECT-14/15: an active body that is not a local authority; a state-funded school must choose a teaching
    school hub; an independent school may choose a hub or "national", which means ISTIP."""
    independent = is_independent(school)
    if independent and body_type == NATIONAL and _blank(appropriate_body):
        body = AppropriateBodyPeriod.objects.filter(name=ISTIP_NAME).first()
    elif _blank(appropriate_body):
        raise DomainError("appropriate_body", messages.APPROPRIATE_BODY_REQUIRED)
    else:
        body = _appropriate_body(appropriate_body)
    if body is None or not body.is_active or body.body_type == AppropriateBodyType.LOCAL_AUTHORITY:
        raise DomainError("appropriate_body", messages.APPROPRIATE_BODY_INVALID)
    if body.body_type == AppropriateBodyType.TEACHING_SCHOOL_HUB:
        return body
    if independent and body.name == ISTIP_NAME:
        return body
    if independent:
        raise DomainError("appropriate_body", messages.APPROPRIATE_BODY_INVALID)
    raise DomainError("appropriate_body", messages.APPROPRIATE_BODY_MUST_BE_TEACHING_SCHOOL_HUB)


def _appropriate_body(value: AppropriateBodyPeriod | int | str) -> AppropriateBodyPeriod | None:
    if isinstance(value, AppropriateBodyPeriod):
        return value
    try:
        return AppropriateBodyPeriod.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


# BR-ECT-16 / BR-ECT-17 — training programme and lead provider -------------------------------------------


def validate_training_programme(value: str | None) -> str:
    if _blank(value):
        raise DomainError("training_programme", messages.TRAINING_PROGRAMME_REQUIRED)
    if value not in TrainingProgramme.values:
        raise DomainError("training_programme", messages.TRAINING_PROGRAMME_INVALID.format(value=value))
    return value


def validate_lead_provider(
    *, lead_provider: LeadProvider | int | str | None, contract_period: ContractPeriod | None
) -> LeadProvider:
    """BR-ECT-17: required, and one of the lead providers active in the registration contract period."""
    if _blank(lead_provider):
        raise DomainError("lead_provider", messages.LEAD_PROVIDER_REQUIRED)
    pk = lead_provider.pk if isinstance(lead_provider, LeadProvider) else lead_provider
    try:
        found = lead_providers_for_registration(contract_period).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise DomainError("lead_provider", messages.LEAD_PROVIDER_UNKNOWN)
    return found


# BR-ECT-11 / BR-ECT-18 — guards (§7.1.1 step 2), with Q6 and Q14 ------------------------------------------


class RegistrationGuard(enum.StrEnum):
    """The page a guard ends the journey on (first match wins)."""

    ALREADY_ACTIVE_AT_SCHOOL = "already-active-at-school"
    INDUCTION_COMPLETED = "induction-completed"
    INDUCTION_EXEMPT = "induction-exempt"
    INDUCTION_FAILED = "induction-failed"
    CANNOT_REGISTER_ECT = "cannot-register-ect"


GUARD_MESSAGES = {
    RegistrationGuard.ALREADY_ACTIVE_AT_SCHOOL: messages.ALREADY_ACTIVE_AT_SCHOOL,
    RegistrationGuard.INDUCTION_COMPLETED: messages.INDUCTION_COMPLETED,
    RegistrationGuard.INDUCTION_EXEMPT: messages.INDUCTION_EXEMPT,
    RegistrationGuard.INDUCTION_FAILED: messages.INDUCTION_FAILED,
    RegistrationGuard.CANNOT_REGISTER_ECT: messages.CANNOT_REGISTER_ECT,
}
# Q6: FailedInWales is blocked like Failed ("only one chance to complete induction").
FAILED_STATUSES = (TRSInductionStatus.FAILED, TRSInductionStatus.FAILED_IN_WALES)


def is_ongoing_ect_at_school(*, teacher: Teacher | None, school: School) -> bool:
    """BR-ECT-11: the teacher has an unfinished ECT-at-school period at this school."""
    return teacher is not None and ECTAtSchoolPeriod.objects.filter(teacher=teacher, school=school).ongoing().exists()


def _local_outcome(teacher: Teacher | None) -> str | None:
    """Q14: the outcome of the teacher's finished induction period in RECT, if any (TRS may lag behind)."""
    if teacher is None:
        return None
    period = (
        InductionPeriod.objects.filter(teacher=teacher, outcome__isnull=False).order_by("-finished_on", "-pk").first()
    )
    return period.outcome if period is not None else None


def registration_guard(
    *,
    school: School,
    teacher: Teacher | None,
    trs_induction_status: str | None,
    prohibited_from_teaching: bool = False,
) -> RegistrationGuard | None:
    """§7.1.1 step 2 (BR-ECT-11, BR-ECT-18): which guard page, if any, ends the journey. QTS is not needed."""
    outcome = _local_outcome(teacher)
    if is_ongoing_ect_at_school(teacher=teacher, school=school):
        return RegistrationGuard.ALREADY_ACTIVE_AT_SCHOOL
    if trs_induction_status == TRSInductionStatus.PASSED or outcome == "pass":
        return RegistrationGuard.INDUCTION_COMPLETED
    if trs_induction_status == TRSInductionStatus.EXEMPT:
        return RegistrationGuard.INDUCTION_EXEMPT
    if trs_induction_status in FAILED_STATUSES or outcome == "fail":
        return RegistrationGuard.INDUCTION_FAILED
    if prohibited_from_teaching:
        return RegistrationGuard.CANNOT_REGISTER_ECT
    return None


def check_can_register(
    *,
    school: School,
    teacher: Teacher | None,
    trs_induction_status: str | None,
    prohibited_from_teaching: bool = False,
    name: str | None = None,
) -> None:
    """Raise the first guard that applies, as a DomainError on `base` with the guard page's text."""
    guard = registration_guard(
        school=school,
        teacher=teacher,
        trs_induction_status=trs_induction_status,
        prohibited_from_teaching=prohibited_from_teaching,
    )
    if guard is not None:
        name = name or (teacher.full_name if teacher is not None else "This teacher")
        raise DomainError("base", GUARD_MESSAGES[guard].format(name=name))


# §6.10 / BR-ECT-35 — reusing previous choices -----------------------------------------------------------


def use_previous_choices(
    *,
    answer: bool | None,
    school: School,
    contract_period: ContractPeriod | None,
    previous_training_period: TrainingPeriod | None = None,
) -> PreviousChoices | None:
    """The "use previous choices?" step: returns the choices to copy when offered and accepted, None when the
    school declines. Refuses an answer when the choices cannot be reused (not offered)."""
    choices = previous_choices(
        school=school, contract_period=contract_period, previous_training_period=previous_training_period
    )
    if not choices.offered:
        raise DomainError("use_previous_ect_choices", messages.PREVIOUS_CHOICES_NOT_AVAILABLE)
    if answer is None:
        raise DomainError("use_previous_ect_choices", messages.USE_PREVIOUS_CHOICES_REQUIRED)
    return choices if answer else None
