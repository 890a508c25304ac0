"""DfE admin induction corrections (domain.md §7.3.6, §7.3.7; BR-IP-11, BR-IP-14 … BR-IP-16, BR-ADM-01).

Admins may add, edit, delete and reopen induction periods and revert a mistaken claim; an AB user may edit
only the start date and programme of its own open period (journeys.md §5.5). Pass and fail on an AB's
behalf are `record_pass` / `record_fail` in `teachers.services.induction`, with a note or ticket.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from appropriate_bodies.models import AppropriateBodyPeriod
from core.errors import BASE, DomainError
from core.services import apply_changes, service
from events.authors import Author
from events.record import induction as record
from events.recorder import describe_changes
from teachers.messages import induction as messages
from teachers.models import InductionPeriod, Teacher
from teachers.services.identity import apply_teacher_changes, touch_teacher_api_timestamps
from teachers.services.induction_support import (
    acting_appropriate_body,
    induction_periods_of,
    is_first_induction_period,
    programmes,
    set_ect_funding_eligibility,
    tell_trs_in_progress,
    tell_trs_outcome,
    tell_trs_reset,
    write_guarded,
)
from teachers.validation.induction_periods import AdminAudit, clean_admin_audit, validate_induction_period

UNSET: Any = object()
AB_EDITABLE_FIELDS = {"started_on", "training_programme"}


@service
def create_induction_period(
    *,
    author: Author,
    teacher: Teacher,
    appropriate_body: AppropriateBodyPeriod | None,
    started_on: dt.date | None,
    finished_on: dt.date | None = None,
    number_of_terms: Any = None,
    training_programme: str | None = None,
    induction_programme: str | None = None,
) -> InductionPeriod:
    """Add a period (any AB, past or current). A period inserted before others needs an end date (BR-IP-11)."""
    training_programme, induction_programme = programmes(training_programme, induction_programme)

    def revalidate() -> float | None:
        return validate_induction_period(
            teacher=teacher,
            appropriate_body=appropriate_body,
            started_on=started_on,
            finished_on=finished_on,
            number_of_terms=number_of_terms,
            induction_programme=induction_programme,
            training_programme=training_programme,
        )

    terms = revalidate()
    period = write_guarded(
        lambda: InductionPeriod.objects.create(
            teacher=teacher,
            appropriate_body_period=appropriate_body,
            started_on=started_on,
            finished_on=finished_on,
            number_of_terms=terms,
            training_programme=training_programme,
            induction_programme=induction_programme,
        ),
        revalidate=revalidate,
    )
    touch_teacher_api_timestamps(teacher)
    record.induction_period_opened(author=author, period=period)
    if is_first_induction_period(period):  # the new earliest, and no outcome anywhere: TRS hears the start
        tell_trs_in_progress(teacher=teacher, started_on=period.started_on)
    set_ect_funding_eligibility(author=author, teacher=teacher)
    return period


@service
def update_induction_period(
    *,
    author: Author,
    period: InductionPeriod,
    started_on: dt.date | None = UNSET,
    finished_on: dt.date | None = UNSET,
    number_of_terms: Any = UNSET,
    training_programme: str | None = UNSET,
    induction_programme: str | None = UNSET,
    appropriate_body: AppropriateBodyPeriod | None = UNSET,
) -> InductionPeriod:
    """Correct a period's dates, terms, programme or AB, then resynchronise TRS (§7.3.7):

    * the earliest period, still open, had its start moved → TRS `InProgress` from the new start;
    * a period with an outcome had its end (or, if earliest, its start) moved → the outcome is re-sent.
    """
    given = {
        name: value
        for name, value in {
            "started_on": started_on,
            "finished_on": finished_on,
            "number_of_terms": number_of_terms,
            "training_programme": training_programme,
            "induction_programme": induction_programme,
            "appropriate_body": appropriate_body,
        }.items()
        if value is not UNSET
    }
    _check_editor(author=author, period=period, fields=set(given))
    new = {
        "started_on": period.started_on,
        "finished_on": period.finished_on,
        "number_of_terms": period.number_of_terms,
        "training_programme": period.training_programme,
        "induction_programme": period.induction_programme,
        "appropriate_body": period.appropriate_body_period,
    } | given
    if "training_programme" in given and "induction_programme" not in given:
        new["training_programme"], new["induction_programme"] = programmes(new["training_programme"], None)
    teacher = period.teacher

    def revalidate() -> float | None:
        return validate_induction_period(
            teacher=teacher,
            appropriate_body=new["appropriate_body"],
            started_on=new["started_on"],
            finished_on=new["finished_on"],
            number_of_terms=new["number_of_terms"],
            outcome=period.outcome,
            induction_programme=new["induction_programme"],
            training_programme=new["training_programme"],
            fail_confirmation_sent_on=period.fail_confirmation_sent_on,
            period=period,
        )

    terms = revalidate()
    old_started_on, old_finished_on = period.started_on, period.finished_on
    was_earliest = (
        not induction_periods_of(teacher).exclude(pk=period.pk).filter(started_on__lt=old_started_on).exists()
    )
    changes = write_guarded(
        lambda: apply_changes(
            period,
            started_on=new["started_on"],
            finished_on=new["finished_on"],
            number_of_terms=terms,
            training_programme=new["training_programme"],
            induction_programme=new["induction_programme"],
            appropriate_body_period=new["appropriate_body"],
        ),
        revalidate=revalidate,
    )
    if not changes:
        return period
    if {"started_on", "finished_on"} & set(changes):
        touch_teacher_api_timestamps(teacher)
    shown = {
        ("appropriate_body" if f == "appropriate_body_period" else f): (
            (str(old), str(new_value)) if f == "appropriate_body_period" else (old, new_value)
        )
        for f, (old, new_value) in changes.items()
    }
    record.induction_period_updated(
        author=author,
        period=period,
        modifications=describe_changes(shown),
        metadata={f: [_plain(old), _plain(new_value)] for f, (old, new_value) in changes.items()},
    )
    is_earliest = (
        not induction_periods_of(teacher).exclude(pk=period.pk).filter(started_on__lt=period.started_on).exists()
    )
    start_moved = "started_on" in changes and (was_earliest or is_earliest)
    if period.outcome:
        if "finished_on" in changes or start_moved:
            tell_trs_outcome(teacher=teacher, outcome=period.outcome)
            if start_moved:
                record.teacher_trs_induction_start_date_updated(author=author, period=period, old=old_started_on)
            if "finished_on" in changes:
                record.teacher_trs_induction_end_date_updated(author=author, period=period, old=old_finished_on)
    elif start_moved and period.finished_on is None and is_earliest:
        tell_trs_in_progress(teacher=teacher, started_on=period.started_on)
        record.teacher_trs_induction_start_date_updated(author=author, period=period, old=old_started_on)
    return period


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, AppropriateBodyPeriod):
        return value.pk
    return value


def _check_editor(*, author: Author, period: InductionPeriod, fields: set[str]) -> None:
    """AB users may change only the start date and programme of their own open period (journeys.md §5.5)."""
    body = acting_appropriate_body(author, None)
    if body is None:
        return
    if period.appropriate_body_period_id != body.pk or period.finished_on is not None or fields - AB_EDITABLE_FIELDS:
        raise DomainError(BASE, messages.ONLY_OWN_OPEN_PERIOD)


@service
def delete_induction_period(
    *, author: Author, period: InductionPeriod, note: str | None = None, zendesk_ticket: str | int | None = None
) -> None:
    """BR-IP-15: periods with an outcome stay; deleting the only period resets TRS to RequiredToComplete."""
    audit = clean_admin_audit(note=note, zendesk_ticket=zendesk_ticket)
    if period.outcome:
        raise DomainError(BASE, messages.CANNOT_DELETE_PERIOD_WITH_OUTCOME)
    _remove(author=author, period=period, audit=audit)


@service
def revert_claim(*, author: Author, period: InductionPeriod) -> None:
    """Undo a mistaken claim: the period goes; with none left, TRS goes back to RequiredToComplete."""
    if period.outcome:
        raise DomainError(BASE, messages.CANNOT_DELETE_PERIOD_WITH_OUTCOME)
    body = acting_appropriate_body(author, None)
    if body is not None and (period.appropriate_body_period_id != body.pk or period.finished_on is not None):
        raise DomainError(BASE, messages.ONLY_OWN_OPEN_PERIOD)
    _remove(author=author, period=period, audit=None)


def _remove(*, author: Author, period: InductionPeriod, audit: AdminAudit | None) -> None:
    teacher, appropriate_body = period.teacher, period.appropriate_body_period
    was_earliest = (
        not induction_periods_of(teacher).exclude(pk=period.pk).filter(started_on__lt=period.started_on).exists()
    )
    details = {
        "induction_period_id": period.pk,
        "started_on": period.started_on.isoformat(),
        "finished_on": period.finished_on.isoformat() if period.finished_on else None,
        "number_of_terms": period.number_of_terms,
        "induction_programme": period.induction_programme,
        "training_programme": period.training_programme,
        "appropriate_body_period_id": appropriate_body.pk,
    }
    period.delete()
    touch_teacher_api_timestamps(teacher)
    remaining = list(induction_periods_of(teacher).earliest_first())
    reset = not remaining
    if reset:
        tell_trs_reset(teacher=teacher)
    elif was_earliest:
        with_outcome = next((p for p in remaining if p.outcome), None)
        if with_outcome is not None:
            tell_trs_outcome(teacher=teacher, outcome=with_outcome.outcome)
        else:
            tell_trs_in_progress(teacher=teacher, started_on=remaining[0].started_on)
    if audit is not None:
        record.induction_period_deleted(
            author=author,
            teacher=teacher,
            appropriate_body=appropriate_body,
            details=details,
            body=audit.note,
            zendesk_ticket_id=audit.zendesk_ticket_id,
        )
    if reset or audit is None:
        record.teacher_induction_status_reset(
            author=author,
            teacher=teacher,
            appropriate_body=appropriate_body,
            body="Induction status was also reset on TRS." if reset else None,
        )


@service
def reopen_induction_period(
    *, author: Author, period: InductionPeriod, note: str | None = None, zendesk_ticket: str | int | None = None
) -> InductionPeriod:
    """BR-IP-16: only the latest period, finished with an outcome, is reopened; TRS goes back to InProgress
    from the first start date (e.g. after a successful appeal)."""
    audit = clean_admin_audit(note=note, zendesk_ticket=zendesk_ticket)
    if period.finished_on is None:
        raise DomainError(BASE, messages.CANNOT_REOPEN_ONGOING)
    if not period.outcome:
        raise DomainError(BASE, messages.CANNOT_REOPEN_WITHOUT_OUTCOME)
    latest = induction_periods_of(period.teacher).latest_first().first()
    if latest.pk != period.pk:
        raise DomainError(BASE, messages.ONLY_LATEST_CAN_BE_REOPENED)
    changes = apply_changes(
        period, finished_on=None, number_of_terms=None, outcome=None, fail_confirmation_sent_on=None
    )
    teacher = period.teacher
    touch_teacher_api_timestamps(teacher)
    first_start = induction_periods_of(teacher).earliest_first().first().started_on
    tell_trs_in_progress(teacher=teacher, started_on=first_start)
    apply_teacher_changes(teacher, trs_induction_completed_date=None)
    record.induction_period_reopened(
        author=author,
        period=period,
        modifications=describe_changes(changes),
        body=audit.note,
        zendesk_ticket_id=audit.zendesk_ticket_id,
    )
    return period
