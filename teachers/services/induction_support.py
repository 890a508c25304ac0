"""What the induction services share (domain.md §7.3, §7.3.7, §6.5): periods of a teacher, the legacy
programme mapping, constraint-guarded writes, the TRS outbox calls that keep the teacher's local TRS
fields in step, and ECT funding eligibility."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from appropriate_bodies.models import AppropriateBodyPeriod, InductionOutcome, PendingInductionSubmission
from core import clock
from core.errors import BASE, DomainError
from events.authors import Author
from events.record import induction as record
from events.recorder import describe_changes
from integrations.trs.client import TRSTeacher
from integrations.trs.models import TRSWriteStatus
from integrations.trs.outbox import queue_induction_status_update
from teachers.messages import induction as messages
from teachers.models import (
    LEGACY_TO_TRAINING_PROGRAMME,
    TRAINING_TO_LEGACY_PROGRAMME,
    ECTAtSchoolPeriod,
    InductionPeriod,
    Teacher,
    TRSInductionStatus,
)
from teachers.services.identity import apply_teacher_changes, squish

T = TypeVar("T")
SUBMISSION_KEPT_FOR = dt.timedelta(hours=24)
OUTCOME_TO_TRS = {InductionOutcome.PASS: TRSWriteStatus.PASSED, InductionOutcome.FAIL: TRSWriteStatus.FAILED}


# Helpers --------------------------------------------------------------------------------------


def induction_periods_of(teacher: Teacher):
    return InductionPeriod.objects.filter(teacher=teacher)


def ongoing_induction_period_of(teacher: Teacher) -> InductionPeriod | None:
    return induction_periods_of(teacher).ongoing().select_related("appropriate_body_period").first()


def programmes(training_programme: str | None, induction_programme: str | None) -> tuple[str | None, str | None]:
    """§4.1: writing a training programme writes its legacy code; a legacy code alone reads as its mapping."""
    if training_programme:
        return training_programme, TRAINING_TO_LEGACY_PROGRAMME.get(training_programme, induction_programme)
    return LEGACY_TO_TRAINING_PROGRAMME.get(induction_programme), induction_programme


def constraint_error(exc: IntegrityError) -> DomainError | None:
    """The spec's message for a refused write on `induction_periods`, by constraint name."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name == "induction_periods_no_overlap":
        return DomainError(BASE, "Period cannot overlap another induction period")
    if name == "index_induction_periods_one_outcome_per_teacher":
        return DomainError("outcome", messages.OUTCOME_ALREADY_EXISTS)
    return None


def write_guarded(write: Callable[[], T], *, revalidate: Callable[[], Any]) -> T:
    """Run `write` in a savepoint; if a constraint refuses it (a concurrent change got there first), check the
    rules again to report the spec's message, falling back to the constraint's own."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as exc:
        revalidate()
        error = constraint_error(exc)
        if error is None:
            raise
        raise error from exc


def acting_appropriate_body(author: Author, appropriate_body: AppropriateBodyPeriod | None):
    """The AB an action is taken for: the one given, else the AB user's own (None for DfE staff)."""
    if appropriate_body is not None or author.appropriate_body_period_id is None:
        return appropriate_body
    return AppropriateBodyPeriod.objects.get(pk=author.appropriate_body_period_id)


def submission_delete_at() -> dt.datetime:
    """§7.3.4 step 4, BR-PIS-08: when a working record that succeeded is purged (a day later)."""
    return clock.now() + SUBMISSION_KEPT_FOR


def schedule_submission_deletion(submission: PendingInductionSubmission | None) -> None:
    if submission is not None:
        submission.delete_at = submission_delete_at()
        submission.save(update_fields=["delete_at", "updated_at"])


def trs_outcome(*, periods: list[InductionPeriod], outcome: str) -> dict[str, Any]:
    """What TRS is told of a pass or fail, from all the teacher's periods (earliest first): start = the first
    period's start, completed = the last period's end (§7.3.7)."""
    return {
        "status": OUTCOME_TO_TRS[outcome],
        "start_date": periods[0].started_on,
        "completed_date": max(p.finished_on for p in periods if p.finished_on is not None),
    }


def trs_outcome_teacher_values(update: dict[str, Any]) -> dict[str, Any]:
    """The teacher's local TRS fields once TRS has been told `update` (kept in step, §7.3.7)."""
    return {
        "trs_induction_status": str(update["status"]),
        "trs_induction_start_date": update["start_date"],
        "trs_induction_completed_date": update["completed_date"],
    }


def tell_trs_outcome(*, teacher: Teacher, outcome: str) -> None:
    """Pass/fail: queue the TRS write and keep the teacher's TRS fields in step."""
    update = trs_outcome(periods=list(induction_periods_of(teacher).earliest_first()), outcome=outcome)
    queue_induction_status_update(teacher=teacher, **update)
    apply_teacher_changes(teacher, **trs_outcome_teacher_values(update))


def tell_trs_in_progress(*, teacher: Teacher, started_on: dt.date) -> None:
    queue_induction_status_update(teacher=teacher, status=TRSWriteStatus.IN_PROGRESS, start_date=started_on)
    apply_teacher_changes(
        teacher,
        trs_induction_status=TRSInductionStatus.IN_PROGRESS,
        trs_induction_start_date=started_on,
        trs_induction_completed_date=None,
    )


def tell_trs_reset(*, teacher: Teacher) -> None:
    queue_induction_status_update(teacher=teacher, status=TRSWriteStatus.REQUIRED_TO_COMPLETE)
    apply_teacher_changes(
        teacher,
        trs_induction_status=TRSInductionStatus.REQUIRED_TO_COMPLETE,
        trs_induction_start_date=None,
        trs_induction_completed_date=None,
    )


def is_first_induction_period(period: InductionPeriod) -> bool:
    """No earlier period and no period with an outcome (§7.3.1 step 7, integrations.md §2.5)."""
    others = induction_periods_of(period.teacher).exclude(pk=period.pk)
    return (
        not others.filter(started_on__lt=period.started_on).exists()
        and not others.filter(outcome__isnull=False).exists()
    )


def set_ect_funding_eligibility(*, author: Author, teacher: Teacher) -> bool:
    """§6.5: the first time the teacher has an induction period containing today and an ECT-at-school
    period, they become eligible for ECT training funding (set once, BR-T-07)."""
    if teacher.ect_first_became_eligible_for_training_at is not None:
        return False
    if not induction_periods_of(teacher).current().exists():
        return False
    if not ECTAtSchoolPeriod.objects.filter(teacher=teacher).exists():
        return False
    changes = apply_teacher_changes(teacher, ect_first_became_eligible_for_training_at=clock.now())
    _make_declarations_eligible(author=author, teacher=teacher)
    record.teacher_funding_eligibility_set(author=author, teacher=teacher, modifications=describe_changes(changes))
    return True


def _make_declarations_eligible(*, author: Author, teacher: Teacher) -> None:
    """On first eligibility, the ECT's `no_payment` declarations become eligible (§6.5); the declarations
    area owns that transition, so it is called when present."""
    try:
        from declarations.services.eligibility import make_ect_declarations_eligible  # type: ignore[import-not-found]
    except ImportError:
        return
    make_ect_declarations_eligible(author=author, teacher=teacher)


def display_name(teacher: Teacher | None, trs_teacher: TRSTeacher | None = None) -> str:
    if teacher is not None:
        return teacher.full_name
    name = squish(" ".join(p for p in (trs_teacher.first_name, trs_teacher.last_name) if p and p.strip() != "."))
    return name or "Unknown"
