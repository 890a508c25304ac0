"""Events about statutory induction: claims, releases, outcomes, corrections, extensions and bulk uploads
(domain.md §5.20, §7.3). Claims are dated by their start date and closures by their end date (BR-E-03).

Every function takes an optional `batch`: actions from a CSV upload link to it (§5.20).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.clock import start_of_day
from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def format_terms(value: float | int | None) -> str:
    """`2.5`, `3` (no trailing `.0`)."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def terms_phrase(value: float | int | None) -> str:
    return f"{format_terms(value)} term" if format_terms(value) == "1" else f"{format_terms(value)} terms"


def _by(author: Author, appropriate_body: Any) -> str:
    """`by North Hub`, or `by admin` for DfE staff acting on an AB's behalf."""
    return "by admin" if author.is_dfe_staff else f"by {appropriate_body.name}"


def induction_period_opened(
    *, author: Author, period: Any, modifications: list[str] | None = None, batch: Any = None
) -> Event:
    return write_event(
        type=EventType.INDUCTION_PERIOD_OPENED,
        author=author,
        heading=f"{period.teacher.full_name} was claimed by {period.appropriate_body_period.name}",
        happened_at=start_of_day(period.started_on),
        modifications=modifications,
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
        pending_induction_submission_batch=batch,
    )


def induction_period_closed(*, author: Author, period: Any, batch: Any = None) -> Event:
    return write_event(
        type=EventType.INDUCTION_PERIOD_CLOSED,
        author=author,
        heading=f"{period.teacher.full_name} was released by {period.appropriate_body_period.name}",
        happened_at=start_of_day(period.finished_on),
        metadata={"number_of_terms": period.number_of_terms},
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
        pending_induction_submission_batch=batch,
    )


def _induction_outcome(
    *,
    type: EventType,
    verb: str,
    author: Author,
    period: Any,
    body: str | None,
    zendesk_ticket_id: int | None,
    ect_at_school_period: Any,
    training_period: Any,
    mentorship_period: Any,
    batch: Any,
) -> Event:
    return write_event(
        type=type,
        author=author,
        heading=f"{period.teacher.full_name} {verb} induction {_by(author, period.appropriate_body_period)}",
        happened_at=start_of_day(period.finished_on),
        body=body,
        zendesk_ticket_id=zendesk_ticket_id,
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
        ect_at_school_period=ect_at_school_period,
        training_period=training_period,
        mentorship_period=mentorship_period,
        pending_induction_submission_batch=batch,
    )


def teacher_passes_induction(
    *,
    author: Author,
    period: Any,
    body: str | None = None,
    zendesk_ticket_id: int | None = None,
    ect_at_school_period: Any = None,
    training_period: Any = None,
    mentorship_period: Any = None,
    batch: Any = None,
) -> Event:
    return _induction_outcome(**locals(), type=EventType.TEACHER_PASSES_INDUCTION, verb="passed")


def teacher_fails_induction(
    *,
    author: Author,
    period: Any,
    body: str | None = None,
    zendesk_ticket_id: int | None = None,
    ect_at_school_period: Any = None,
    training_period: Any = None,
    mentorship_period: Any = None,
    batch: Any = None,
) -> Event:
    return _induction_outcome(**locals(), type=EventType.TEACHER_FAILS_INDUCTION, verb="failed")


def induction_period_updated(
    *, author: Author, period: Any, modifications: list[str], metadata: dict[str, Any] | None = None
) -> Event:
    by = "admin" if author.is_dfe_staff else "appropriate body"
    return write_event(
        type=EventType.INDUCTION_PERIOD_UPDATED,
        author=author,
        heading=f"Induction period updated by {by}",
        modifications=modifications,
        metadata=metadata,
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
    )


def induction_period_deleted(
    *,
    author: Author,
    teacher: Any,
    appropriate_body: Any,
    details: dict[str, Any],
    body: str | None = None,
    zendesk_ticket_id: int | None = None,
) -> Event:
    """Written after the period has gone, so its details travel in `metadata`."""
    return write_event(
        type=EventType.INDUCTION_PERIOD_DELETED,
        author=author,
        heading="Induction period deleted by admin",
        body=body,
        zendesk_ticket_id=zendesk_ticket_id,
        metadata=details,
        teacher=teacher,
        appropriate_body_period=appropriate_body,
    )


def induction_period_reopened(
    *,
    author: Author,
    period: Any,
    modifications: list[str],
    body: str | None = None,
    zendesk_ticket_id: int | None = None,
) -> Event:
    return write_event(
        type=EventType.INDUCTION_PERIOD_REOPENED,
        author=author,
        heading="Induction period reopened",
        body=body,
        zendesk_ticket_id=zendesk_ticket_id,
        modifications=modifications,
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
    )


def teacher_induction_status_reset(
    *, author: Author, teacher: Any, appropriate_body: Any = None, body: str | None = None
) -> Event:
    return write_event(
        type=EventType.TEACHER_INDUCTION_STATUS_RESET,
        author=author,
        heading=f"{teacher.full_name} was unclaimed",
        body=body,
        teacher=teacher,
        appropriate_body_period=appropriate_body,
    )


def teacher_trs_induction_start_date_updated(*, author: Author, period: Any, old: dt.date | None) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED,
        author=author,
        heading=f"{period.teacher.full_name}’s induction start date was updated",
        metadata={"old": old.isoformat() if old else None, "new": period.started_on.isoformat()},
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
    )


def teacher_trs_induction_end_date_updated(*, author: Author, period: Any, old: dt.date | None) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_INDUCTION_END_DATE_UPDATED,
        author=author,
        heading=f"{period.teacher.full_name}’s induction end date was updated",
        metadata={
            "old": old.isoformat() if old else None,
            "new": period.finished_on.isoformat() if period.finished_on else None,
        },
        teacher=period.teacher,
        appropriate_body_period=period.appropriate_body_period,
        induction_period=period,
    )


def _extension_by(author: Author, appropriate_body: Any) -> str:
    if appropriate_body is not None and not author.is_dfe_staff:
        return f" by {appropriate_body.name}"
    return " by admin" if author.is_dfe_staff else ""


def induction_extension_created(
    *, author: Author, extension: Any, appropriate_body: Any = None, modifications: list[str] | None = None
) -> Event:
    teacher = extension.teacher
    return write_event(
        type=EventType.INDUCTION_EXTENSION_CREATED,
        author=author,
        heading=f"{teacher.full_name}’s induction extended by {terms_phrase(extension.number_of_terms)}"
        f"{_extension_by(author, appropriate_body)}",
        modifications=modifications,
        teacher=teacher,
        appropriate_body_period=appropriate_body,
        induction_extension=extension,
    )


def induction_extension_updated(
    *, author: Author, extension: Any, appropriate_body: Any = None, modifications: list[str] | None = None
) -> Event:
    teacher = extension.teacher
    return write_event(
        type=EventType.INDUCTION_EXTENSION_UPDATED,
        author=author,
        heading=f"{teacher.full_name}’s induction extended by {terms_phrase(extension.number_of_terms)}"
        f"{_extension_by(author, appropriate_body)}",
        modifications=modifications,
        teacher=teacher,
        appropriate_body_period=appropriate_body,
        induction_extension=extension,
    )


def induction_extension_deleted(*, author: Author, teacher: Any, number_of_terms: float) -> Event:
    """Written after the extension has gone, so it cannot link to it."""
    return write_event(
        type=EventType.INDUCTION_EXTENSION_DELETED,
        author=author,
        heading=f"{teacher.full_name}’s induction extension of {terms_phrase(number_of_terms)} was deleted",
        metadata={"number_of_terms": number_of_terms},
        teacher=teacher,
    )


def teacher_funding_eligibility_set(*, author: Author, teacher: Any, modifications: list[str]) -> Event:
    """§6.5: the ECT first became eligible for funded training (worded like the mentor's)."""
    return write_event(
        type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET,
        author=author,
        heading=f"{teacher.full_name}’s ECT funding eligibility was set",
        modifications=modifications,
        teacher=teacher,
    )


# Bulk uploads ---------------------------------------------------------------------------------------

BATCH_TYPE_WORDS = {"claim": "claim", "action": "action"}


def bulk_upload_started(*, author: Author, batch: Any) -> Event:
    return write_event(
        type=EventType.BULK_UPLOAD_STARTED,
        author=author,
        heading=f"{batch.appropriate_body_period.name} started a bulk {BATCH_TYPE_WORDS[batch.batch_type]}",
        metadata={"file_name": batch.file_name, "uploaded_count": batch.uploaded_count},
        appropriate_body_period=batch.appropriate_body_period,
        pending_induction_submission_batch=batch,
    )


def bulk_upload_completed(*, author: Author, batch: Any) -> Event:
    return write_event(
        type=EventType.BULK_UPLOAD_COMPLETED,
        author=author,
        heading=f"{batch.appropriate_body_period.name} completed a bulk {BATCH_TYPE_WORDS[batch.batch_type]}",
        metadata={
            field: getattr(batch, field)
            for field in (
                "uploaded_count",
                "processed_count",
                "errored_count",
                "claimed_count",
                "passed_count",
                "released_count",
            )
        },
        appropriate_body_period=batch.appropriate_body_period,
        pending_induction_submission_batch=batch,
    )
