"""Closing a contract period ("cohort"), the way ECF closes in 2027 (issue 8 item 5).

Closing freezes the period's payments (no new declarations: BR-CP-05 and the declaration rules already refuse
them once `payments_frozen_at` has passed) and disables it (no new registrations or partnerships into it), then
moves every participant still training in it to the successor period through the same schedule-change service
a lead provider uses (so the same rules apply: a partnership must exist in the successor, completed, left and
withdrawn participants stay; the frozen year is remembered on the teacher). Declarations already made stay on the
closed period's statements; the report lists those statements, which are the period's final ones.

A dry run does all of it inside a transaction that is then rolled back, so its report is exactly what the real
run would do at that moment, rule for rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from core import clock
from core.errors import DomainError
from core.services import service
from events.authors import Author
from events.record import providers as record
from finance.models import Statement
from providers.models import ContractPeriod, ScheduleIdentifier
from teachers.models import TrainingPeriod, TrainingProgramme
from teachers.selectors.training_status import has_completed_training, lead_provider_of

UNKNOWN_PERIOD = "There is no contract period {year}"
ALREADY_CLOSED = "Contract period {year} is already closed: its payments are frozen"
SUCCESSOR_NOT_LATER = "Participants can only move to a later contract period than {year}"
SUCCESSOR_NOT_OPEN = "Contract period {year} must be enabled and not frozen to take participants"

# Where a moved participant lands: ECTs on the extended September schedule, as reassigned ECTs from frozen
# cohorts are (domain.md §6.2); mentors on the same schedule they had, or standard September when it is missing.
ECT_SCHEDULE = ScheduleIdentifier.EXTENDED_SEPTEMBER
MENTOR_FALLBACK_SCHEDULE = ScheduleIdentifier.STANDARD_SEPTEMBER


@dataclass(frozen=True)
class Move:
    teacher_name: str
    trn: str
    role: str
    lead_provider: str
    school_urn: int
    from_schedule: str | None
    to_schedule: str | None
    moved: bool
    reason: str = ""


@dataclass
class ClosureReport:
    year: int
    successor_year: int
    dry_run: bool
    closed_at: dt.datetime
    moves: list[Move] = field(default_factory=list)
    final_statements: list[dict] = field(default_factory=list)

    @property
    def moved(self) -> list[Move]:
        return [move for move in self.moves if move.moved]

    @property
    def left_behind(self) -> list[Move]:
        return [move for move in self.moves if not move.moved]

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["trn", "name", "role", "lead_provider", "school_urn", "from_schedule", "to_schedule",
                         "outcome", "reason"])  # fmt: skip
        for move in self.moves:
            writer.writerow(
                [move.trn, move.teacher_name, move.role, move.lead_provider, move.school_urn, move.from_schedule,
                 move.to_schedule if move.moved else "", "moved" if move.moved else "not moved", move.reason]
            )  # fmt: skip
        return out.getvalue()


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


def close_contract_period(*, author: Author, year: int, successor_year: int, dry_run: bool = True) -> ClosureReport:
    """Close `year` and move its ongoing participants to `successor_year`. Dry run unless told otherwise."""
    report = ClosureReport(year=year, successor_year=successor_year, dry_run=dry_run, closed_at=clock.now())
    try:
        with transaction.atomic():
            _close(author=author, report=report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


@service
def _close(*, author: Author, report: ClosureReport) -> None:
    period = ContractPeriod.objects.select_for_update().filter(year=report.year).first()
    successor = ContractPeriod.objects.filter(year=report.successor_year).first()
    if period is None:
        raise DomainError("year", UNKNOWN_PERIOD.format(year=report.year))
    if period.is_payments_frozen:
        raise DomainError("year", ALREADY_CLOSED.format(year=report.year))
    if successor is None:
        raise DomainError("successor_year", UNKNOWN_PERIOD.format(year=report.successor_year))
    if successor.year <= period.year:
        raise DomainError("successor_year", SUCCESSOR_NOT_LATER.format(year=report.year))
    if not successor.enabled or successor.is_payments_frozen:
        raise DomainError("successor_year", SUCCESSOR_NOT_OPEN.format(year=report.successor_year))

    modifications = []
    if period.enabled:
        modifications.append("Enabled changed from true to false")
    modifications.append(f"Payments frozen at set to {report.closed_at.isoformat()}")
    ContractPeriod.objects.filter(year=period.year).update(enabled=False, payments_frozen_at=report.closed_at)
    period.refresh_from_db()
    record.contract_period_updated(author=author, contract_period=period, modifications=modifications)

    for training_period in _ongoing(period):
        report.moves.append(_move(author, training_period, successor))
    report.final_statements = list(
        Statement.objects.filter(active_lead_provider__contract_period=period)
        .exclude(status="paid")
        .order_by("active_lead_provider__lead_provider__name", "year", "month")
        .values("active_lead_provider__lead_provider__name", "year", "month", "status", "fee_type")
    )


def _ongoing(period: ContractPeriod):
    """Provider-led training in the period (through a partnership or an expression of interest) that has not
    finished before today."""
    today = clock.today()
    return (
        TrainingPeriod.objects.filter(training_programme=TrainingProgramme.PROVIDER_LED)
        .filter(
            Q(school_partnership__lead_provider_delivery_partnership__active_lead_provider__contract_period=period)
            | Q(school_partnership__isnull=True, expression_of_interest__contract_period=period)
        )
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .select_related("teacher", "schedule", "ect_at_school_period__school", "mentor_at_school_period__school")
        .order_by("teacher__trn", "role", "id")
    )


def _move(author: Author, training_period: TrainingPeriod, successor: ContractPeriod) -> Move:
    from teachers.services.training_changes import change_schedule  # teachers' services build on providers'

    teacher = training_period.teacher
    school = training_period.at_school_period.school
    provider = lead_provider_of(training_period) or (
        training_period.expression_of_interest.lead_provider if training_period.expression_of_interest_id else None
    )
    target = _target_identifier(training_period, successor)
    base = {
        "teacher_name": teacher.full_name,
        "trn": teacher.trn,
        "role": training_period.role,
        "lead_provider": provider.name if provider else "",
        "school_urn": school.urn,
        "from_schedule": training_period.schedule.identifier if training_period.schedule_id else None,
        "to_schedule": target,
    }
    if training_period.withdrawn_at is not None:
        return Move(**base, moved=False, reason="Withdrawn: stays in the closed contract period")
    if has_completed_training(teacher, training_period.role):
        return Move(**base, moved=False, reason="Completed training: stays in the closed contract period")
    try:
        with transaction.atomic():
            change_schedule(
                author=author,
                training_period=training_period,
                schedule_identifier=target,
                contract_period_year=successor.year,
            )
    except DomainError as error:
        return Move(**base, moved=False, reason="; ".join(e.message for e in error.errors))
    return Move(**base, moved=True)


def _target_identifier(training_period: TrainingPeriod, successor: ContractPeriod) -> str:
    if training_period.is_for_ect:
        return ECT_SCHEDULE
    current = training_period.schedule.identifier if training_period.schedule_id else None
    if current and successor.schedules.filter(identifier=current).exists():
        return current
    return MENTOR_FALLBACK_SCHEDULE


__all__ = ["ClosureReport", "Move", "close_contract_period"]
