"""Outcomes for many ECTs at once: an appropriate body's bulk upload (domain.md §7.3.2, §7.3.4, §7.3.5).

`record_outcomes_in_bulk` applies release, pass and fail to a chunk of rows with the rules of `release_ect`,
`record_pass` and `record_fail` (the same functions: `check_can_close`, `closing_values`,
`validate_closed_period`, `trs_outcome`) and writes the same period changes, teacher changes, TRS writes,
events and school notifications, but a statement per kind of write rather than about twenty-five per row
(the school-record cascade of a pass or fail and a release's school notification run per ECT, through the
single services' own functions, for the ECTs who have a school record).

The rows are taken in order, as the one-at-a-time services would take them: each row's checks see the
periods as the rows before it left them (held in memory, the teacher's periods locked `FOR UPDATE` first), and
a refused row changes nothing and gets the very messages the single service would raise. Everything runs in
the caller's transaction; if the database refuses a write (a concurrent change the checks could not see),
the whole call raises and the caller may retry its rows one at a time, which report the spec's message.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from appropriate_bodies.models import (
    AppropriateBodyPeriod,
    InductionOutcome,
    PendingInductionSubmission,
    PendingInductionSubmissionBatch,
)
from core import clock
from core.bulk_sql import update_rows
from core.errors import DomainError
from core.services import service
from events.authors import Author
from events.record import induction as record
from events.recorder import events_saved_together
from integrations.trs.outbox import queue_induction_status_updates
from schools.services import notifications as school_notifications
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, Teacher
from teachers.services.identity import stage_teacher_changes
from teachers.services.induction import (
    check_can_close,
    close_school_record,
    closing_values,
    notify_tra_of_fail,
    outcome_event_body,
    validate_closed_period,
)
from teachers.services.induction_support import (
    acting_appropriate_body,
    submission_delete_at,
    trs_outcome,
    trs_outcome_teacher_values,
)
from teachers.validation.induction_periods import clean_admin_audit

CLOSED_PERIOD_FIELDS = ["finished_on", "number_of_terms", "outcome", "fail_confirmation_sent_on", "updated_at"]


@dataclass
class OutcomeRow:
    """One ECT's outcome: `outcome` pass or fail, or None to release. `submission` is the bulk upload's working
    record, scheduled for deletion when the row is applied (as the single services do)."""

    teacher: Teacher
    outcome: str | None
    finished_on: dt.date | None
    number_of_terms: Any
    fail_confirmation_sent_on: dt.date | None = None
    submission: PendingInductionSubmission | None = None


@dataclass
class _Applied:
    row: OutcomeRow
    period: InductionPeriod
    audit: Any = None
    school_record: dict[str, Any] | None = None


def _locked_periods(teachers: list[Teacher]) -> dict[int, list[InductionPeriod]]:
    """Every induction period of these teachers, locked, latest first per teacher (what the rules compare)."""
    periods: dict[int, list[InductionPeriod]] = {teacher.pk: [] for teacher in teachers}
    for period in (
        InductionPeriod.objects.filter(teacher_id__in=list(periods))
        .select_related("appropriate_body_period")
        .select_for_update(of=("self",))
        .order_by("teacher_id", "-started_on", "-pk")
    ):
        periods[period.teacher_id].append(period)
    return periods


def _school_record_to_close(teacher_ids: list[int]) -> set[int]:
    """Teachers whose pass or fail must end (or delete) an ECT-at-school record (§7.1.7): those whose latest one
    is ongoing or has not started. The others' `close_school_record` would change nothing, so it is skipped."""
    today = clock.today()
    latest: dict[int, ECTAtSchoolPeriod] = {}
    for period in ECTAtSchoolPeriod.objects.filter(teacher_id__in=teacher_ids).order_by(
        "teacher_id", "-started_on", "-pk"
    ):
        latest.setdefault(period.teacher_id, period)
    return {
        teacher_id for teacher_id, period in latest.items() if period.finished_on is None or period.started_on >= today
    }


def _check_row(
    *, author: Author, body: AppropriateBodyPeriod | None, row: OutcomeRow, periods: list[InductionPeriod]
) -> _Applied:
    """The single services' checks, in their order, against the periods as they stand; raises DomainError.
    On success the ongoing period carries its closing values (in memory)."""
    teacher = row.teacher
    audit = None
    if row.outcome is not None and author.is_dfe_staff:
        audit = clean_admin_audit(note=None, zendesk_ticket=None)
    ongoing = next((period for period in periods if period.finished_on is None), None)
    check_can_close(teacher=teacher, ongoing=ongoing, body=body)
    ongoing.teacher = teacher
    values = closing_values(
        author=author,
        period=ongoing,
        outcome=row.outcome,
        finished_on=row.finished_on,
        number_of_terms=row.number_of_terms,
        fail_confirmation_sent_on=row.fail_confirmation_sent_on,
        latest_start=periods[0].started_on,
    )
    validate_closed_period(ongoing, values, siblings=[period for period in periods if period.pk != ongoing.pk])
    for field, value in values.items():
        setattr(ongoing, field, value)
    return _Applied(row=row, period=ongoing, audit=audit)


@service
def record_outcomes_in_bulk(
    *,
    author: Author,
    appropriate_body: AppropriateBodyPeriod | None,
    rows: list[OutcomeRow],
    batch: PendingInductionSubmissionBatch | None = None,
) -> list[list[str]]:
    """Release, pass or fail each row's ECT; returns each row's error messages (empty: applied), in order."""
    body = acting_appropriate_body(author, appropriate_body)
    teachers = list({row.teacher.pk: row.teacher for row in rows}.values())
    periods = _locked_periods(teachers)
    errors: list[list[str]] = []
    applied: list[_Applied] = []
    for row in rows:
        try:
            applied.append(_check_row(author=author, body=body, row=row, periods=periods[row.teacher.pk]))
            errors.append([])
        except DomainError as exc:
            errors.append([error.message for error in exc.errors])
    if not applied:
        return errors

    now = clock.now()
    closed = {item.period.pk: item.period for item in applied}
    for period in closed.values():
        period.updated_at = now
    update_rows(InductionPeriod, list(closed.values()), CLOSED_PERIOD_FIELDS)
    closed_teachers = {item.row.teacher.pk: item.row.teacher for item in applied}
    Teacher.objects.filter(pk__in=list(closed_teachers)).update(api_updated_at=now)
    for teacher in closed_teachers.values():
        teacher.api_updated_at = now

    outcomes = [item for item in applied if item.row.outcome is not None]
    to_close = _school_record_to_close([item.row.teacher.pk for item in outcomes])
    trs_updates = []
    changed: dict[tuple[str, ...], dict[int, Teacher]] = defaultdict(dict)
    for item in outcomes:
        teacher = item.row.teacher
        item.school_record = close_school_record(author=author, teacher=teacher) if teacher.pk in to_close else {}
        earliest_first = sorted(periods[teacher.pk], key=lambda period: (period.started_on, period.pk))
        update = trs_outcome(periods=earliest_first, outcome=item.row.outcome)
        trs_updates.append({"teacher": teacher, **update})
        _, fields = stage_teacher_changes(teacher, **trs_outcome_teacher_values(update))
        if fields:
            changed[tuple(fields)][teacher.pk] = teacher
    queue_induction_status_updates(trs_updates)
    for fields, group in changed.items():
        update_rows(Teacher, list(group.values()), fields)

    with events_saved_together():
        for item in applied:
            _record_event(author=author, item=item, batch=batch)
    releases = [item for item in applied if item.row.outcome is None]
    at_a_school = set(
        ECTAtSchoolPeriod.objects.filter(teacher_id__in=[item.row.teacher.pk for item in releases]).values_list(
            "teacher_id", flat=True
        )
    )
    for item in releases:  # an ECT never at a school has no school to tell: the call would find none
        if item.row.teacher.pk in at_a_school:
            school_notifications.ect_released(induction_period=item.period)
    for item in applied:
        if item.row.outcome == InductionOutcome.FAIL:
            notify_tra_of_fail(period=item.period, fail_confirmation_sent_on=item.row.fail_confirmation_sent_on)

    submission_ids = [item.row.submission.pk for item in applied if item.row.submission is not None]
    if submission_ids:
        delete_at = submission_delete_at()
        PendingInductionSubmission.objects.filter(pk__in=submission_ids).update(delete_at=delete_at, updated_at=now)
        for item in applied:
            if item.row.submission is not None:
                item.row.submission.delete_at = delete_at
    return errors


def _record_event(*, author: Author, item: _Applied, batch: PendingInductionSubmissionBatch | None) -> None:
    """The event the single service records for this row."""
    row = item.row
    if row.outcome is None:
        record.induction_period_closed(author=author, period=item.period, batch=batch)
        return
    recorder = (
        record.teacher_fails_induction if row.outcome == InductionOutcome.FAIL else record.teacher_passes_induction
    )
    recorder(
        author=author,
        period=item.period,
        body=outcome_event_body(
            author=author,
            outcome=row.outcome,
            audit=item.audit,
            fail_confirmation_sent_on=row.fail_confirmation_sent_on,
        ),
        zendesk_ticket_id=item.audit.zendesk_ticket_id if item.audit else None,
        batch=batch,
        **(item.school_record or {}),
    )
