"""Queue induction-status writes in the caller's transaction; send them later (domain.md §7.3.7).

Services call `queue_induction_status_update` inside their own transaction. A job calls
`send_pending_induction_status_updates`, which sends unsent rows oldest first and stamps `sent_at`. A
failed write is kept (attempts and error recorded) and retried on the next run, unlike the reference,
which only logged failed writes (integrations.md §2.5).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from core import clock
from integrations.trs.client import TRSClient, TRSError, TRSUnavailable, TRSWriteRejected, get_trs_client
from integrations.trs.models import TRSInductionStatusUpdate, TRSWriteStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 15
REFRESHED_AFTER = (TRSWriteStatus.PASSED, TRSWriteStatus.FAILED)
SUPERSEDED = "Not sent: superseded by a later update for the same teacher"


def queue_induction_status_update(
    *, teacher, status: str, start_date: dt.date | None = None, completed_date: dt.date | None = None
) -> TRSInductionStatusUpdate | None:
    """Tell TRS `status` (with its dates) once the surrounding transaction commits. TRS addresses teachers
    by TRN, so a teacher without one (anonymised, `trnless`) cannot be told anything: None."""
    if status not in TRSWriteStatus.values:
        raise ValueError(f"TRS cannot be told {status!r}")
    if not teacher.trn:
        logger.warning("No TRN, so TRS cannot be told the induction status", extra={"teacher_id": teacher.pk})
        return None
    return TRSInductionStatusUpdate.objects.create(
        teacher=teacher,
        trn=teacher.trn,
        status=status,
        start_date=start_date,
        completed_date=None if status == TRSWriteStatus.IN_PROGRESS else completed_date,
    )


def unsent_induction_status_updates():
    return TRSInductionStatusUpdate.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by(
        "created_at", "id"
    )


def _superseded(row: TRSInductionStatusUpdate) -> bool:
    """A later write for the same teacher says what TRS should hold; sending this one would only go back."""
    return (
        TRSInductionStatusUpdate.objects.filter(teacher_id=row.teacher_id, pk__gt=row.pk)
        .exclude(last_error=SUPERSEDED)
        .exists()
    )


def send_pending_induction_status_updates(
    *, client: TRSClient | None = None, limit: int = 100, refresh_after_outcome: bool = True
) -> int:
    """Send up to `limit` queued writes, oldest first; returns how many TRS accepted. After a pass or fail
    the teacher is refreshed from TRS, as the reference does.

    Rows are locked with SKIP LOCKED so two workers never send the same write. When TRS is down the run
    stops early: the remaining rows wait for the next run.
    """
    client = client or get_trs_client()
    sent = 0
    with transaction.atomic():
        rows = list(unsent_induction_status_updates().select_for_update(skip_locked=True)[:limit])
        for row in rows:
            if _superseded(row):
                row.sent_at = clock.now()
                row.last_error = SUPERSEDED
                row.save(update_fields=["sent_at", "last_error"])
                continue
            try:
                client.set_induction_status(
                    trn=row.trn,
                    status=row.status,
                    start_date=row.start_date,
                    completed_date=row.completed_date,
                    modified_at=clock.now(),
                )
            except (TRSUnavailable, TRSWriteRejected) as exc:
                row.attempts += 1
                row.last_error = str(exc)
                row.save(update_fields=["attempts", "last_error"])
                logger.warning("TRS induction status write failed", extra={"trs_update_id": row.pk, "error": str(exc)})
                if isinstance(exc, TRSUnavailable):
                    break
                continue
            row.attempts += 1
            row.sent_at = clock.now()
            row.last_error = None
            row.save(update_fields=["attempts", "sent_at", "last_error"])
            sent += 1
            if refresh_after_outcome and row.status in REFRESHED_AFTER:
                _refresh_teacher(client=client, row=row)
    return sent


def _refresh_teacher(*, client: TRSClient, row: TRSInductionStatusUpdate) -> None:
    """After a pass or fail, read the teacher back from TRS (integrations.md §2.5). A failed read is only
    logged: the write has landed, and the rolling sync will read the record again."""
    from events.authors import Author
    from teachers.services.identity import refresh_teacher_from_trs

    try:
        record = client.find_teacher(trn=row.trn)
    except TRSError as exc:
        logger.warning("TRS refresh after an outcome failed", extra={"trs_update_id": row.pk, "error": str(exc)})
        return
    refresh_teacher_from_trs(author=Author.system(), teacher=row.teacher, trs_record=record)
