"""Contract period, schedule and milestone set-up by DfE (domain.md §5.8, §5.9, §7.8.1–3; BR-CP-01 … BR-CP-05,
BR-CP-07 … BR-CP-11).

A new contract period is enabled and, when the year before it exists, gets a copy of that year's schedules and
milestones moved one year forward. A period can be edited only before it starts. Schedules and milestones can be
added and removed one at a time, each with its own event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from core import clock
from core.dates import add_months
from core.errors import DomainError, ErrorCollector
from core.periods import validate_period
from core.services import apply_changes, service
from events.authors import Author
from events.record import providers as record
from events.recorder import describe_changes
from providers import messages
from providers.models import (
    FIRST_CONTRACT_PERIOD_YEAR,
    ContractPeriod,
    DeclarationType,
    Milestone,
    Schedule,
    ScheduleIdentifier,
)
from schools.services.api_metadata import refresh_school_api_metadata

EDITABLE_FIELDS = frozenset(
    {
        "started_on",
        "finished_on",
        "enabled",
        "mentor_funding_enabled",
        "detailed_evidence_types_enabled",
        "uplift_fees_enabled",
        "payments_frozen_at",
    }
)


# Contract periods -------------------------------------------------------------------------------------------------


def validate_contract_period(contract_period: ContractPeriod, *, is_new: bool) -> None:
    """BR-CP-01 (year ≥ 2020, unique), BR-CP-02 (both dates required), BR-CP-03 and §3.1.7–8 (date order, no
    overlap with another contract period). Every failure is reported at once."""
    errors = ErrorCollector()
    year = contract_period.year
    if year is None:
        errors.add("year", messages.YEAR_REQUIRED)
    elif year < FIRST_CONTRACT_PERIOD_YEAR:
        errors.add("year", messages.YEAR_TOO_EARLY)
    elif is_new and ContractPeriod.objects.filter(year=year).exists():
        errors.add("year", messages.YEAR_TAKEN)
    if contract_period.started_on is None:
        errors.add("started_on", messages.START_DATE_REQUIRED)
    if contract_period.finished_on is None:
        errors.add("finished_on", messages.END_DATE_REQUIRED)
    if contract_period.started_on is not None and contract_period.finished_on is not None:
        try:
            validate_period(contract_period, siblings=ContractPeriod.objects.exclude(year=year))
        except DomainError as error:
            errors.add(error.field, error.message)
    errors.raise_if_any()


def payments_frozen(contract_period: ContractPeriod, *, at: dt.datetime | None = None) -> bool:
    """BR-CP-05: payments are frozen once `payments_frozen_at` has passed (now, unless `at` is given)."""
    moment = at or clock.now()
    return contract_period.payments_frozen_at is not None and contract_period.payments_frozen_at <= moment


def is_editable(contract_period: ContractPeriod) -> bool:
    """BR-CP-04: only before the period starts (a period starting today has started)."""
    return contract_period.started_on > clock.today()


def previous_contract_period(contract_period: ContractPeriod) -> ContractPeriod | None:
    return ContractPeriod.objects.filter(year=contract_period.year - 1).first()


def _save_contract_period(contract_period: ContractPeriod) -> None:
    """The overlap and year constraints are the backstop for a concurrent creation."""
    try:
        with transaction.atomic():
            contract_period.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint == "contract_periods_no_overlap":
            raise DomainError("started_on", "Start date cannot overlap another Contract period") from error
        if constraint == "contract_periods_pkey":
            raise DomainError("year", messages.YEAR_TAKEN) from error
        if constraint == "contract_periods_year_from_2020":
            raise DomainError("year", messages.YEAR_TOO_EARLY) from error
        raise


@service
def create_contract_period(
    *,
    author: Author,
    year: int | None,
    started_on: dt.date | None,
    finished_on: dt.date | None,
    mentor_funding_enabled: bool = False,
    detailed_evidence_types_enabled: bool = False,
    uplift_fees_enabled: bool = True,
    payments_frozen_at: dt.datetime | None = None,
) -> ContractPeriod:
    """§7.8.1: a new contract period, enabled on creation; when the year before exists its schedules and milestones
    are copied one year forward (BR-CP-11), which fails if the new period has already started."""
    contract_period = ContractPeriod(
        year=year,
        started_on=started_on,
        finished_on=finished_on,
        enabled=True,
        mentor_funding_enabled=mentor_funding_enabled,
        detailed_evidence_types_enabled=detailed_evidence_types_enabled,
        uplift_fees_enabled=uplift_fees_enabled,
        payments_frozen_at=payments_frozen_at,
    )
    validate_contract_period(contract_period, is_new=True)
    _save_contract_period(contract_period)
    contract_period.refresh_from_db()
    record.contract_period_added(author=author, contract_period=contract_period)
    refresh_school_api_metadata()  # every school gets its row for the new year
    if previous_contract_period(contract_period) is not None:
        seed_schedules_from_previous(author=author, contract_period=contract_period)
    return contract_period


@service
def update_contract_period(*, author: Author, contract_period: ContractPeriod, **changes: Any) -> ContractPeriod:
    """BR-CP-04: a contract period can be edited only before it starts; event `contract_period_updated`."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Cannot edit {sorted(unknown)} on a contract period")
    stored = ContractPeriod.objects.select_for_update().get(year=contract_period.year)
    if not is_editable(stored):
        raise DomainError("base", messages.CONTRACT_PERIOD_NOT_EDITABLE)
    candidate = ContractPeriod(**{f.attname: getattr(stored, f.attname) for f in ContractPeriod._meta.concrete_fields})
    for field, value in changes.items():
        setattr(candidate, field, value)
    validate_contract_period(candidate, is_new=False)
    applied = apply_changes(stored, **changes)
    if applied:
        record.contract_period_updated(author=author, contract_period=stored, modifications=describe_changes(applied))
    stored.refresh_from_db()
    return stored


# Schedules --------------------------------------------------------------------------------------------------------


def _one_year_later(day: dt.date | None) -> dt.date | None:
    return add_months(day, 12) if day is not None else None


@service
def seed_schedules_from_previous(*, author: Author, contract_period: ContractPeriod) -> list[Schedule]:
    """BR-CP-11: copy every schedule and milestone of the year before, dates moved one year forward; only for a
    period with no schedules, not yet started, and with a previous year. One `schedule_added` event per copy."""
    if contract_period.schedules.exists():
        raise DomainError("base", messages.ALREADY_SCHEDULED)
    if not is_editable(contract_period):
        raise DomainError("base", messages.SCHEDULED_AFTER_START)
    previous = previous_contract_period(contract_period)
    if previous is None:
        raise DomainError("base", messages.NO_PREVIOUS_CONTRACT_PERIOD)
    copies = []
    for old in previous.schedules.prefetch_related("milestones").order_by("pk"):
        schedule = Schedule.objects.create(contract_period=contract_period, identifier=old.identifier)
        copied = Milestone.objects.bulk_create(
            Milestone(
                schedule=schedule,
                declaration_type=milestone.declaration_type,
                start_date=_one_year_later(milestone.start_date),
                milestone_date=_one_year_later(milestone.milestone_date),
            )
            for milestone in sorted(old.milestones.all(), key=lambda m: m.pk)
        )
        record.schedule_added(
            author=author,
            schedule=schedule,
            metadata={
                "copied_from_schedule_id": old.pk,
                "milestones": [
                    {
                        "declaration_type": m.declaration_type,
                        "start_date": m.start_date.isoformat(),
                        "milestone_date": m.milestone_date.isoformat() if m.milestone_date else None,
                    }
                    for m in copied
                ],
            },
        )
        copies.append(schedule)
    return copies


@service
def add_schedule(*, author: Author, contract_period: ContractPeriod | None, identifier: str | None) -> Schedule:
    """BR-CP-07: a known identifier, used once per contract period, in a contract period."""
    errors = ErrorCollector()
    if contract_period is None:
        errors.add("contract_period_year", messages.SCHEDULE_CONTRACT_PERIOD_REQUIRED)
    if identifier not in ScheduleIdentifier.values:
        errors.add("identifier", messages.SCHEDULE_IDENTIFIER_INVALID)
    elif contract_period is not None and contract_period.schedules.filter(identifier=identifier).exists():
        errors.add("identifier", messages.SCHEDULE_IDENTIFIER_TAKEN)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            schedule = Schedule.objects.create(contract_period=contract_period, identifier=identifier)
    except IntegrityError as error:
        raise DomainError("identifier", messages.SCHEDULE_IDENTIFIER_TAKEN) from error
    record.schedule_added(author=author, schedule=schedule)
    return schedule


@service
def remove_schedule(*, author: Author, schedule: Schedule) -> None:
    """§7.8.3: remove a schedule (and its milestones) that no training period uses."""
    if schedule.training_periods.exists():
        raise DomainError("base", messages.SCHEDULE_IN_USE)
    record.schedule_deleted(author=author, schedule=schedule)
    schedule.delete()


# Milestones -------------------------------------------------------------------------------------------------------


def validate_milestone(
    *,
    schedule: Schedule | None,
    declaration_type: str | None,
    start_date: dt.date | None,
    milestone_date: dt.date | None,
    milestone: Milestone | None = None,
) -> None:
    """BR-CP-08 (schedule, start date, a valid declaration type used once per schedule), BR-CP-09 (not before
    1 June of the schedule's contract-period year), BR-CP-10 (deadline after the start date)."""
    errors = ErrorCollector()
    if schedule is None:
        errors.add("schedule", messages.MILESTONE_SCHEDULE_REQUIRED)
    if start_date is None:
        errors.add("start_date", messages.MILESTONE_START_DATE_REQUIRED)
    if declaration_type not in DeclarationType.values:
        errors.add("declaration_type", messages.MILESTONE_DECLARATION_TYPE_INVALID)
    elif schedule is not None:
        taken = schedule.milestones.filter(declaration_type=declaration_type)
        if milestone is not None and milestone.pk is not None:
            taken = taken.exclude(pk=milestone.pk)
        if taken.exists():
            errors.add("declaration_type", messages.MILESTONE_DECLARATION_TYPE_TAKEN)
    if schedule is not None and start_date is not None:
        year = schedule.contract_period_id
        if start_date < dt.date(year, 6, 1):
            errors.add("start_date", messages.MILESTONE_START_BEFORE_CONTRACT_YEAR.format(year=year))
    if start_date is not None and milestone_date is not None and milestone_date <= start_date:
        errors.add("milestone_date", messages.MILESTONE_DATE_NOT_AFTER_START)
    errors.raise_if_any()


@service
def add_milestone(
    *,
    author: Author,
    schedule: Schedule | None,
    declaration_type: str | None,
    start_date: dt.date | None,
    milestone_date: dt.date | None = None,
) -> Milestone:
    """§7.8.3: a declaration type's window in a schedule (BR-CP-08 … BR-CP-10)."""
    validate_milestone(
        schedule=schedule, declaration_type=declaration_type, start_date=start_date, milestone_date=milestone_date
    )
    try:
        with transaction.atomic():
            milestone = Milestone.objects.create(
                schedule=schedule,
                declaration_type=declaration_type,
                start_date=start_date,
                milestone_date=milestone_date,
            )
    except IntegrityError as error:
        raise DomainError("declaration_type", messages.MILESTONE_DECLARATION_TYPE_TAKEN) from error
    record.milestone_added(author=author, milestone=milestone)
    return milestone


@service
def remove_milestone(*, author: Author, milestone: Milestone) -> None:
    record.milestone_deleted(author=author, milestone=milestone)
    milestone.delete()
