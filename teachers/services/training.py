"""Starting and finishing training periods, and the choices made when one starts: contract period at ECT
registration (§6.2) and schedule (§6.3) (domain.md §7.4.1, BR-TP-01 … 06, BR-CP-12 … 14, Q10).

Every flow that creates training (ECT and mentor registration, assigning a mentor, switching programme,
changing lead provider, resuming, changing schedule) goes through `start_training`, so the partnership / EOI
lookup, schedule choice, validation and events are the same everywhere.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from core import clock
from core.errors import BASE, DomainError
from core.periods import check_date_order, check_no_overlap, period_covers
from core.services import service
from declarations.models import Declaration, PaymentStatus
from events.authors import Author
from events.record import registration as record
from providers.models import (
    REASSIGNMENT_SUCCESSOR_YEAR,
    ActiveLeadProvider,
    ContractPeriod,
    LeadProvider,
    Schedule,
    ScheduleIdentifier,
    SchoolPartnership,
)
from providers.selectors.contract_periods import (
    contract_period_containing,
    contract_period_for_registration_start_date,
)
from schools.models import TrainingProgramme
from schools.services.api_metadata import refresh_school_api_metadata
from teachers.messages import registration as registration_messages
from teachers.messages import training as messages
from teachers.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
    TrainingRole,
)
from teachers.services.identity import touch_teacher_api_timestamps
from teachers.validation.training_periods import validate_training_period

AtSchoolPeriod = ECTAtSchoolPeriod | MentorAtSchoolPeriod

SCHEDULE_NOT_FOUND = "No schedule {identifier} found for contract period {year}"
OVERLAP = f"cannot overlap another {messages.OVERLAP_NAME} period"


# Reads used when training starts (selectors) -------------------------------------------------------------


def role_of(at_school_period: AtSchoolPeriod) -> str:
    return TrainingRole.ECT if isinstance(at_school_period, ECTAtSchoolPeriod) else TrainingRole.MENTOR


def contract_period_of(training_period: TrainingPeriod | None) -> ContractPeriod | None:
    """A training period's contract period: via its partnership, else its EOI, else its schedule."""
    if training_period is None:
        return None
    if training_period.school_partnership_id is not None:
        return training_period.school_partnership.contract_period
    if training_period.expression_of_interest_id is not None:
        return training_period.expression_of_interest.contract_period
    if training_period.schedule_id is not None:
        return training_period.schedule.contract_period
    return None


def _partnership_or_eoi_contract_period(training_period: TrainingPeriod) -> ContractPeriod | None:
    """§6.2 step 1 reads the contract period via the partnership, else via the EOI (not the schedule)."""
    if training_period.school_partnership_id is not None:
        return training_period.school_partnership.contract_period
    if training_period.expression_of_interest_id is not None:
        return training_period.expression_of_interest.contract_period
    return None


def previous_ect_training_period(*, teacher: Teacher, excluding: ECTAtSchoolPeriod | None = None):
    """§6.2 input: the latest training period of the teacher's latest (previous) ECT-at-school period."""
    periods = ECTAtSchoolPeriod.objects.filter(teacher=teacher)
    if excluding is not None and excluding.pk is not None:
        periods = periods.exclude(pk=excluding.pk)
    latest_period = periods.latest_first().first()
    if latest_period is None:
        return None
    return latest_period.training_periods.latest_first().first()


def most_recent_provider_led_training_period(*, teacher: Teacher, role: str) -> TrainingPeriod | None:
    """§6.3 *previous*: the teacher's most recent provider-led training period in the role, at any school."""
    return (
        TrainingPeriod.objects.filter(teacher=teacher, role=role, training_programme=TrainingProgramme.PROVIDER_LED)
        .latest_first()
        .first()
    )


def requires_reassignment(previous: TrainingPeriod | None) -> bool:
    """§6.2 step 1 (BR-CP-13): the previous training was provider-led ECT training in a payments-frozen cohort."""
    if previous is None or not previous.is_provider_led or not previous.is_for_ect:
        return False
    contract_period = _partnership_or_eoi_contract_period(previous)
    return contract_period is not None and contract_period.is_payments_frozen


def preserved_contract_period(previous: TrainingPeriod | None, *, started_on: dt.date) -> ContractPeriod | None:
    """§6.2 step 2 (BR-CP-14): the previous provider-led training's contract period, kept while it is open."""
    if previous is None or not previous.is_provider_led:
        return None
    contract_period = contract_period_of(previous)
    if contract_period is None or contract_period.is_payments_frozen:
        return None
    if contract_period_for_registration_start_date(started_on) is None:
        return None
    return contract_period


def successor_contract_period() -> ContractPeriod:
    """§4.3: the 2024 contract period, where ECTs from payments-frozen cohorts are reassigned."""
    successor = ContractPeriod.objects.filter(year=REASSIGNMENT_SUCCESSOR_YEAR).first()
    if successor is None:
        raise DomainError(
            "contract_period", registration_messages.NO_CONTRACT_PERIOD.format(started_on=REASSIGNMENT_SUCCESSOR_YEAR)
        )
    return successor


def contract_period_for_ect_registration(
    *, started_on: dt.date, previous_training_period: TrainingPeriod | None = None
) -> ContractPeriod:
    """§6.2: reassign a frozen cohort to 2024, else keep an open previous cohort, else the registration period
    for the start date (BR-CP-06); error when there is none."""
    if requires_reassignment(previous_training_period):
        return successor_contract_period()
    preserved = preserved_contract_period(previous_training_period, started_on=started_on)
    if preserved is not None:
        return preserved
    for_start = contract_period_for_registration_start_date(started_on)
    if for_start is None:
        raise DomainError(
            "started_on", registration_messages.NO_CONTRACT_PERIOD.format(started_on=started_on.isoformat())
        )
    return for_start


def schedule_month(day: dt.date) -> str:
    """BR-CP-12: June–October → september, November–February → january, March–May → april."""
    if 6 <= day.month <= 10:
        return "september"
    if day.month in (11, 12, 1, 2):
        return "january"
    return "april"


def _mentee_is_provider_led(mentee: ECTAtSchoolPeriod) -> bool:
    """The mentee's current-or-next training period is provider-led."""
    current_or_next = mentee.training_periods.current_or_future().earliest_first().first()
    return current_or_next is not None and current_or_next.is_provider_led


def _previous_mentor_started_funded_training(*, mentor_teacher: Teacher, mentee: ECTAtSchoolPeriod) -> bool:
    """§6.3 step 4: the mentee (at any school) has a non-voided declaration on a different mentor's training
    period dated within that earlier mentorship."""
    mentorships = MentorshipPeriod.objects.filter(ect_at_school_period__teacher_id=mentee.teacher_id).exclude(
        mentor_at_school_period__teacher=mentor_teacher
    )
    for mentorship in mentorships.select_related("mentor_at_school_period"):
        declarations = Declaration.objects.filter(
            training_period__teacher_id=mentorship.mentor_at_school_period.teacher_id,
            training_period__role=TrainingRole.MENTOR,
        ).exclude(payment_status=PaymentStatus.VOIDED)
        for declaration in declarations.only("declaration_date"):
            declared_on = declaration.declaration_date.astimezone(clock.LONDON).date()
            if mentorship.contains(declared_on):
                return True
    return False


def _schedule_type(
    *, at_school_period: AtSchoolPeriod, role: str, reassignment: bool, mentee: ECTAtSchoolPeriod | None
) -> str:
    teacher = at_school_period.teacher
    if (
        role == TrainingRole.MENTOR
        and mentee is not None
        and _mentee_is_provider_led(mentee)
        and teacher.mentor_became_ineligible_for_funding_on is None
        and _previous_mentor_started_funded_training(mentor_teacher=teacher, mentee=mentee)
    ):
        return "replacement"
    if reassignment:
        return "extended"
    return "standard"


def _find_schedule(identifier: str, contract_period: ContractPeriod) -> Schedule | None:
    return Schedule.objects.filter(contract_period=contract_period, identifier=identifier).first()


def select_schedule(
    *,
    at_school_period: AtSchoolPeriod,
    started_on: dt.date,
    contract_period: ContractPeriod | None = None,
    mentee: ECTAtSchoolPeriod | None = None,
    training_programme: str = TrainingProgramme.PROVIDER_LED,
) -> Schedule | None:
    """§6.3: the schedule a new training period gets (None for school-led). Raises DomainError when none fits."""
    if training_programme != TrainingProgramme.PROVIDER_LED:
        return None
    role = role_of(at_school_period)
    previous = most_recent_provider_led_training_period(teacher=at_school_period.teacher, role=role)
    reassignment = role == TrainingRole.ECT and requires_reassignment(previous)
    effective_on = max(started_on, clock.today())

    month = "september" if reassignment else schedule_month(effective_on)
    kind = _schedule_type(at_school_period=at_school_period, role=role, reassignment=reassignment, mentee=mentee)

    if reassignment:
        target = successor_contract_period()
        identifier = ScheduleIdentifier.EXTENDED_SEPTEMBER
        found = _find_schedule(identifier, target)
        if found is None:
            raise DomainError("schedule", SCHEDULE_NOT_FOUND.format(identifier=identifier, year=target.year))
        return found

    target = contract_period or contract_period_containing(effective_on)
    if target is None:
        raise DomainError(
            "started_on", registration_messages.NO_CONTRACT_PERIOD.format(started_on=effective_on.isoformat())
        )
    if previous is not None and previous.schedule_id is not None:
        if previous.schedule.contract_period_id == target.year:
            return previous.schedule
        same_identifier = _find_schedule(previous.schedule.identifier, target)
        if same_identifier is not None:
            return same_identifier
    identifier = f"ecf-{kind}-{month}"
    found = _find_schedule(identifier, target)
    if found is None:
        raise DomainError("schedule", SCHEDULE_NOT_FOUND.format(identifier=identifier, year=target.year))
    return found


def earliest_school_partnership(
    *, school_id: int, lead_provider: LeadProvider, contract_period: ContractPeriod
) -> SchoolPartnership | None:
    """BR-ECT-29: the earliest-created partnership of the school with the lead provider in the contract period."""
    return (
        SchoolPartnership.objects.filter(
            school_id=school_id,
            lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
            lead_provider_delivery_partnership__active_lead_provider__contract_period=contract_period,
        )
        .order_by("created_at", "pk")
        .first()
    )


def active_lead_provider_for(*, lead_provider: LeadProvider, contract_period: ContractPeriod) -> ActiveLeadProvider:
    """Q10 / BR-ECT-17: the lead provider must already be active in the contract period; never created here."""
    active = ActiveLeadProvider.objects.filter(lead_provider=lead_provider, contract_period=contract_period).first()
    if active is None:
        raise DomainError("lead_provider", messages.LEAD_PROVIDER_NOT_ACTIVE)
    return active


# Writes ---------------------------------------------------------------------------------------------------


@service
def start_training(
    *,
    author: Author,
    at_school_period: AtSchoolPeriod,
    started_on: dt.date,
    training_programme: str,
    lead_provider: LeadProvider | None = None,
    school_partnership: SchoolPartnership | None = None,
    contract_period: ContractPeriod | None = None,
    schedule: Schedule | None = None,
    mentee: ECTAtSchoolPeriod | None = None,
    finished_on: dt.date | None = None,
) -> TrainingPeriod:
    """Create a training period for an ECT or mentor at-school period (§7.4.1).

    Provider-led: the given partnership, else the earliest partnership of the school with `lead_provider` in the
    contract period, else an expression of interest in that provider for that period (it must be active, Q10).
    The schedule is chosen by §6.3 unless given; without a partnership or explicit schedule + contract period,
    the contract period is the schedule's (so a reassigned ECT lands in 2024 throughout)."""
    if at_school_period is None:
        raise DomainError(BASE, messages.AT_SCHOOL_PERIOD_REQUIRED)
    role = role_of(at_school_period)
    expression_of_interest = None

    if training_programme == TrainingProgramme.PROVIDER_LED:
        explicit_schedule = schedule is not None
        if schedule is None:
            schedule = select_schedule(
                at_school_period=at_school_period,
                started_on=started_on,
                contract_period=school_partnership.contract_period if school_partnership else contract_period,
                mentee=mentee,
            )
        if school_partnership is None:
            if lead_provider is None:
                raise DomainError(BASE, messages.EOI_OR_PARTNERSHIP_REQUIRED)
            target = contract_period if (explicit_schedule and contract_period) else schedule.contract_period
            school_partnership = earliest_school_partnership(
                school_id=at_school_period.school_id, lead_provider=lead_provider, contract_period=target
            )
            if school_partnership is None:
                expression_of_interest = active_lead_provider_for(lead_provider=lead_provider, contract_period=target)

    period = TrainingPeriod(
        ect_at_school_period=at_school_period if role == TrainingRole.ECT else None,
        mentor_at_school_period=at_school_period if role == TrainingRole.MENTOR else None,
        teacher_id=at_school_period.teacher_id,
        role=role,
        training_programme=training_programme,
        school_partnership=school_partnership,
        expression_of_interest=expression_of_interest,
        schedule=schedule,
        started_on=started_on,
        finished_on=finished_on,
    )
    validate_training_period(period)
    _save_new(period)
    touch_teacher_api_timestamps(at_school_period.teacher)
    refresh_school_api_metadata(school_ids=[at_school_period.school_id])

    record.teacher_starts_training_period(author=author, training_period=period)
    if period.is_provider_led:
        record.teacher_schedule_assigned_to_training_period(author=author, training_period=period)
    return period


def _save_new(period: TrainingPeriod) -> None:
    """Insert, mapping the constraint backstops (overlap, one ongoing, one start date) to the spec's wording."""
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError as exc:
        error = _training_constraint_error(exc)
        if error is None:
            raise
        raise error from exc


def _training_constraint_error(exc: IntegrityError) -> DomainError | None:
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""
    if name in (
        "training_periods_no_overlap_ect",
        "training_periods_no_overlap_mentor",
        "training_periods_unique_ect_period_started_on",
        "training_periods_unique_mentor_period_started_on",
    ):
        return DomainError("started_on", f"Start date {OVERLAP}")
    if name in ("training_periods_one_ongoing_per_ect_period", "training_periods_one_ongoing_per_mentor_period"):
        return DomainError("finished_on", f"End date {OVERLAP}")
    if name == "training_periods_programme_shape":
        return DomainError(BASE, messages.EOI_OR_PARTNERSHIP_REQUIRED)
    return None


@service
def finish_training_period(
    *, author: Author, training_period: TrainingPeriod, finished_on: dt.date | None, record_event: bool = True
) -> TrainingPeriod:
    """End a training period on `finished_on` (its last day, inclusive; today when not given, BR-P-09).
    Nothing is written when it already ends that day."""
    finished_on = finished_on or clock.today()
    if training_period.finished_on == finished_on:
        return training_period
    _check_finish(training_period, finished_on)
    training_period.finished_on = finished_on
    training_period.api_transfer_updated_at = clock.now()
    try:
        with transaction.atomic():
            training_period.save(update_fields=["finished_on", "api_transfer_updated_at", "updated_at"])
    except IntegrityError as exc:
        error = _training_constraint_error(exc)
        if error is None:
            raise
        raise error from exc
    touch_teacher_api_timestamps(training_period.teacher)
    if record_event:
        record.teacher_finishes_training_period(author=author, training_period=training_period)
    return training_period


def _check_finish(training_period: TrainingPeriod, finished_on: dt.date) -> None:
    """BR-P-01, then BR-TP-05 and BR-TP-06 for the new end date."""
    check_date_order(training_period.started_on, finished_on)
    siblings = TrainingPeriod.objects.filter(teacher_id=training_period.teacher_id, role=training_period.role).exclude(
        pk=training_period.pk
    )
    check_no_overlap(
        siblings=siblings, started_on=training_period.started_on, finished_on=finished_on, name=messages.OVERLAP_NAME
    )
    at_school = training_period.at_school_period
    if not period_covers(at_school.started_on, at_school.finished_on, training_period.started_on, finished_on):
        raise DomainError(BASE, messages.NOT_CONTAINED_BY_AT_SCHOOL_PERIOD)


def lead_provider_of(training_period: TrainingPeriod | None) -> LeadProvider | None:
    """The lead provider via the partnership, else via the expression of interest."""
    if training_period is None:
        return None
    if training_period.school_partnership_id is not None:
        return training_period.school_partnership.lead_provider
    if training_period.expression_of_interest_id is not None:
        return training_period.expression_of_interest.lead_provider
    return None
