"""Reads about schools: eligibility, access, registration window, programme choices, labels
(domain.md §5.4, §6.7, §6.9; BR-S-03, BR-S-13 … BR-S-16)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from core import clock
from providers.models import ContractPeriod, SchoolPartnership
from schools.models import GIASSchool, School, TrainingProgramme
from schools.services.gias import gias_type_facts
from teachers.models import ECTAtSchoolPeriod, MentorshipPeriod, TrainingPeriod, TRSInductionStatus

# BR-S-15: the 2026 rollover closes the school journeys for two weeks.
REGISTRATION_CLOSED_FROM = dt.date(2026, 6, 1)
REGISTRATION_CLOSED_UNTIL = dt.date(2026, 6, 14)
REGISTRATION_REOPENS_ON = dt.date(2026, 6, 15)


# Type and eligibility --------------------------------------------------------------------------------


def is_independent(school: School) -> bool:
    facts = gias_type_facts(school.gias_school.type_name)
    return bool(facts and facts.independent)


def is_state_funded(school: School) -> bool:
    facts = gias_type_facts(school.gias_school.type_name)
    return bool(facts and facts.state_funded)


def school_is_eligible(school: School) -> bool:
    """BR-S-03: marked as eligible by DfE, or GIAS-eligible."""
    return school.marked_as_eligible or school.gias_school.eligible


def eligible_schools() -> QuerySet[School]:
    return School.objects.filter(Q(marked_as_eligible=True) | Q(gias_school__eligible=True))


# Access (BR-S-13, BR-S-14) ---------------------------------------------------------------------------


def unfinished_training_periods_at(school: School) -> QuerySet[TrainingPeriod]:
    """ECT or mentor training periods at the school with no end date."""
    return TrainingPeriod.objects.ongoing().filter(
        Q(ect_at_school_period__school=school) | Q(mentor_at_school_period__school=school)
    )


def _independent_without_section_41(school: School) -> bool:
    return is_independent(school) and not school.gias_school.section_41_approved


def is_blocked_from_registering_new_ects(school: School) -> bool:
    """§5.4: independent, not section-41-approved, yet still training people (who it may keep managing)."""
    return _independent_without_section_41(school) and unfinished_training_periods_at(school).exists()


def is_blocked_from_service_access(*, urn: int) -> bool:
    """BR-S-13: blocked when GIAS knows the URN but we have no School, the GIAS school is closed, or the school
    is independent, not section-41-approved and has no unfinished training. Unknown URNs are blocked too."""
    gias_school = GIASSchool.objects.filter(urn=urn).first()
    if gias_school is None:
        return True
    school = School.objects.filter(gias_school=gias_school).first()
    if school is None or gias_school.is_closed:
        return True
    return _independent_without_section_41(school) and not unfinished_training_periods_at(school).exists()


def can_register_new_ects(school: School) -> bool:
    """BR-S-14: a school with access that is not blocked from registering (it may still manage its ECTs)."""
    return not is_blocked_from_service_access(urn=school.urn) and not is_blocked_from_registering_new_ects(school)


# Registration window (BR-S-15) -----------------------------------------------------------------------


def registration_window_closed(on: dt.date | None = None) -> bool:
    """BR-S-15: registration, mentor assignment and programme changes are closed 1–14 June 2026 inclusive."""
    day = on or clock.today()
    return REGISTRATION_CLOSED_FROM <= day <= REGISTRATION_CLOSED_UNTIL


def registration_window_reopens_on(on: dt.date | None = None) -> dt.date | None:
    """The day the journeys reopen (15 June 2026) while they are closed; None when open."""
    return REGISTRATION_REOPENS_ON if registration_window_closed(on) else None


def registration_window_reopening_label(on: dt.date | None = None) -> str | None:
    """What the "registration window closed" page shows, e.g. `15 June`."""
    reopens_on = registration_window_reopens_on(on)
    return f"{reopens_on.day} {reopens_on.strftime('%B')}" if reopens_on else None


# Contract periods and the induction tutor (BR-S-16) --------------------------------------------------


def current_or_upcoming_contract_period(on: dt.date | None = None) -> ContractPeriod | None:
    """The contract period containing the day, else the nearest one starting after it."""
    day = on or clock.today()
    return (
        ContractPeriod.objects.containing(day).first()
        or ContractPeriod.objects.filter(started_on__gt=day).order_by("started_on").first()
    )


def induction_tutor_needs_confirming(school: School, *, on: dt.date | None = None) -> bool:
    """BR-S-16: once per contract period the school must nominate or confirm its induction tutor."""
    period = current_or_upcoming_contract_period(on)
    if period is None:
        return False
    last = school.induction_tutor_last_nominated_in_id
    return last is None or last < period.year


# Programme choice and partnerships (§6.7) ------------------------------------------------------------


def in_partnership(school: School, year: int) -> bool:
    """The school has at least one school partnership in the contract period."""
    return SchoolPartnership.objects.filter(
        school=school, lead_provider_delivery_partnership__active_lead_provider__contract_period_id=year
    ).exists()


def _with_eoi_or_partnership_in(year: int) -> Q:
    return Q(expression_of_interest__contract_period_id=year) | Q(
        school_partnership__lead_provider_delivery_partnership__active_lead_provider__contract_period_id=year
    )


def induction_programme_choice(school: School, year: int) -> str:
    """§6.7: `provider_led`, `school_led` or `not_yet_known` for the school in a contract period year."""
    mentor_training = TrainingPeriod.objects.filter(mentor_at_school_period__school=school).filter(
        _with_eoi_or_partnership_in(year)
    )
    if mentor_training.exists():
        return TrainingProgramme.PROVIDER_LED

    period = ContractPeriod.objects.filter(year=year).first()
    in_year = _with_eoi_or_partnership_in(year)
    if period is not None:
        in_year |= Q(
            school_partnership__isnull=True,
            expression_of_interest__isnull=True,
            started_on__gte=period.started_on,
            started_on__lte=period.finished_on,
        )
    ect_periods = ECTAtSchoolPeriod.objects.filter(
        school=school, pk__in=TrainingPeriod.objects.filter(in_year).values("ect_at_school_period_id")
    )
    training = TrainingPeriod.objects.filter(ect_at_school_period__in=ect_periods)
    if training.filter(training_programme=TrainingProgramme.PROVIDER_LED).exists():
        return TrainingProgramme.PROVIDER_LED
    if training.exists():
        return TrainingProgramme.SCHOOL_LED
    return "not_yet_known"


def schools_visible_to_lead_providers(year: int) -> QuerySet[School]:
    """§6.7: eligible schools plus any school partnered in the year; none if the year does not exist."""
    if not ContractPeriod.objects.filter(year=year).exists():
        return School.objects.none()
    partnered = SchoolPartnership.objects.filter(
        school=OuterRef("pk"), lead_provider_delivery_partnership__active_lead_provider__contract_period_id=year
    )
    return School.objects.filter(
        Q(marked_as_eligible=True) | Q(gias_school__eligible=True) | Exists(partnered)
    ).select_related("gias_school")


# School-facing labels (§6.9) -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTag:
    label: str
    colour: str
    text: str | None = None


TRS_STATUS_TAGS = {
    TRSInductionStatus.PASSED: StatusTag("Completed induction", "blue"),
    TRSInductionStatus.FAILED: StatusTag("Failed induction", "magenta"),
    TRSInductionStatus.EXEMPT: StatusTag("Exempt", "grey"),
}


def training_status(training_period: TrainingPeriod) -> str:
    """§6.4: active, withdrawn or deferred; with both timestamps the later one wins."""
    withdrawn_at, deferred_at = training_period.withdrawn_at, training_period.deferred_at
    if training_period.training_programme == TrainingProgramme.SCHOOL_LED or not (withdrawn_at or deferred_at):
        return "active"
    if withdrawn_at and (deferred_at is None or withdrawn_at >= deferred_at):
        return "withdrawn"
    return "deferred"


def has_current_or_upcoming_mentor(period: ECTAtSchoolPeriod, *, on: dt.date | None = None) -> bool:
    day = on or clock.today()
    return (
        MentorshipPeriod.objects.filter(ect_at_school_period=period)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=day))
        .exists()
    )


def ect_status_tag(
    period: ECTAtSchoolPeriod, *, school: School | None = None, listing: bool = False, on: dt.date | None = None
) -> StatusTag:
    """§6.9: the tag a school sees for its ECT (`listing=True` for the cards on the ECT list)."""
    day = on or clock.today()
    school_id = (school or period.school).pk
    if period.reported_leaving_by_school_id == school_id and period.finished_on and period.finished_on >= day:
        return StatusTag("Leaving school", "yellow")
    trs_tag = TRS_STATUS_TAGS.get(period.teacher.trs_induction_status)
    if trs_tag is not None:
        return trs_tag
    if listing:
        latest = TrainingPeriod.objects.filter(ect_at_school_period=period).latest_first().first()
        status = training_status(latest) if latest is not None else None
        if status == "withdrawn":
            return StatusTag("Action required", "red")
        if status == "deferred":
            return StatusTag("Training paused", "orange")
    if has_current_or_upcoming_mentor(period, on=day):
        return StatusTag("Registered", "green")
    return StatusTag("Action required", "red", f"A mentor needs to be assigned to {period.teacher.full_name}.")


# Notifications (docs/school-notifications.md) ------------------------------------------------------------


def school_notifications(school: School) -> QuerySet:
    """The school's notifications, newest first."""
    from schools.models import SchoolNotification

    return SchoolNotification.objects.filter(school=school).order_by("-created_at", "-pk")


def unread_school_notifications(school: School) -> QuerySet:
    return school_notifications(school).filter(read_at__isnull=True)
