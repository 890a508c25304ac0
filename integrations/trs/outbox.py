"""Queue induction-status writes in the caller's transaction; send them later (domain.md §7.3.7).

Services call `queue_induction_status_update` inside their own transaction; once it commits, a job per row
(`integrations.tasks.write_induction_status`) sends it with `send_induction_status_update`, which writes at most
once and stamps `sent_at`. A failed write is counted on the row and the job retried with exponential backoff
(2^n seconds, 15 attempts, integrations.md §2.8); unlike the reference, which only logged failed writes (§2.5),
nothing is dropped: rows given up on stay for support (the console's jobs page) and can be sent again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from core import clock
from core.bulk_sql import insert_rows
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
    row = _new_update(teacher=teacher, status=status, start_date=start_date, completed_date=completed_date)
    if row is None:
        return None
    row.save()
    transaction.on_commit(lambda: defer_send(row.pk))
    return row


def queue_induction_status_updates(updates: list[dict]) -> list[TRSInductionStatusUpdate]:
    """`queue_induction_status_update` for many teachers at once (a bulk upload's chunk): the same rows, saved in
    one INSERT, and the same one job per row, queued together once the transaction commits."""
    rows = [row for row in (_new_update(**update) for update in updates) if row is not None]
    if rows:
        insert_rows(TRSInductionStatusUpdate, rows)
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: defer_sends(ids))
    return rows


def _new_update(
    *, teacher, status: str, start_date: dt.date | None = None, completed_date: dt.date | None = None
) -> TRSInductionStatusUpdate | None:
    if status not in TRSWriteStatus.values:
        raise ValueError(f"TRS cannot be told {status!r}")
    if not teacher.trn:
        logger.warning("No TRN, so TRS cannot be told the induction status", extra={"teacher_id": teacher.pk})
        return None
    return TRSInductionStatusUpdate(
        teacher=teacher,
        trn=teacher.trn,
        status=status,
        start_date=start_date,
        completed_date=None if status == TRSWriteStatus.IN_PROGRESS else completed_date,
    )


DEFER_BATCH = 1000


def defer_sends(update_ids: list[int]) -> int:
    """`defer_send` for many writes: their jobs (one per write, each with its own queueing lock) are queued a
    thousand per statement. If a batch is refused (the sweep queued one of them first, or queueing failed),
    its writes are queued one by one, so none is left without a job (and the sweep backs that up).
    Returns how many jobs were queued."""
    from integrations.tasks import write_induction_status

    queued = 0
    for start in range(0, len(update_ids), DEFER_BATCH):
        batch = update_ids[start : start + DEFER_BATCH]
        deferrers = [write_induction_status.configure(queueing_lock=f"trs-write:{pk}") for pk in batch]
        jobs = [deferrer.make_new_job(update_id=pk) for deferrer, pk in zip(deferrers, batch, strict=True)]
        try:
            with transaction.atomic():  # as in `defer_send`: a refused batch must not spoil an outer transaction
                deferrers[0].job_manager.batch_defer_jobs(jobs=jobs)
            queued += len(batch)
        except Exception:
            queued += sum(defer_send(pk) for pk in batch)
    return queued


def defer_send(update_id: int) -> bool:
    """Queue the job that sends one write (`integrations.tasks.write_induction_status`). Called once the row
    has committed; if queueing fails, the minutely sweep queues it instead, so this never breaks the caller.
    Returns whether a job was queued (False: one was already waiting, or queueing failed)."""
    from procrastinate.exceptions import AlreadyEnqueued

    from integrations.tasks import write_induction_status

    try:
        with transaction.atomic():  # a refused queueing lock must not spoil an outer transaction
            write_induction_status.configure(queueing_lock=f"trs-write:{update_id}").defer(update_id=update_id)
        return True
    except AlreadyEnqueued:
        return False
    except Exception:
        logger.exception("Could not queue the TRS write; the sweep will", extra={"trs_update_id": update_id})
        return False


def queue_unsent_writes() -> int:
    """The sweep: queue a job for every unsent write that has none waiting (after a failed queueing, a lost
    worker, or a job that stopped for another reason). Returns how many were queued."""
    return sum(defer_send(pk) for pk in unsent_induction_status_updates().values_list("pk", flat=True))


def unsent_induction_status_updates():
    return TRSInductionStatusUpdate.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by(
        "created_at", "id"
    )


def failed_induction_status_updates():
    """Writes TRS has not accepted yet after at least one try, newest first: what support must watch. Those with
    `attempts >= MAX_ATTEMPTS` are given up on and wait for a person."""
    return (
        TRSInductionStatusUpdate.objects.filter(sent_at__isnull=True, attempts__gt=0)
        .select_related("teacher")
        .order_by("-created_at", "-id")
    )


def _superseded(row: TRSInductionStatusUpdate) -> bool:
    """A later write for the same teacher says what TRS should hold; sending this one would only go back."""
    return (
        TRSInductionStatusUpdate.objects.filter(teacher_id=row.teacher_id, pk__gt=row.pk)
        .exclude(last_error=SUPERSEDED)
        .exists()
    )


class Outcome:
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    SUPERSEDED = "superseded"
    MISSING = "missing"


def _record_failure(update_id: int, exc: Exception) -> int:
    """Count a failed try in its own transaction (the send's was rolled back); returns the attempts so far."""
    with transaction.atomic():
        row = TRSInductionStatusUpdate.objects.select_for_update().get(pk=update_id)
        row.attempts += 1
        row.last_error = str(exc)[:2000]
        row.save(update_fields=["attempts", "last_error"])
    if row.attempts >= MAX_ATTEMPTS:
        logger.error(
            "TRS induction status write given up after %s attempts",
            row.attempts,
            extra={"trs_update_id": update_id, "error": str(exc)},
        )
    else:
        logger.warning("TRS induction status write failed", extra={"trs_update_id": update_id, "error": str(exc)})
    return row.attempts


def send_induction_status_update(
    update_id: int, *, client: TRSClient | None = None, refresh_after_outcome: bool = True
) -> str:
    """Send one queued write, at most once: the row is locked while TRS is called and stamped `sent_at` in the
    same transaction, so a retried or duplicated job finds it sent and writes nothing. A failure is counted
    on the row and raised (`TRSUnavailable`, `TRSWriteRejected`) for the job to retry with backoff."""
    client = client or get_trs_client()
    try:
        with transaction.atomic():
            row = TRSInductionStatusUpdate.objects.select_for_update().filter(pk=update_id).first()
            if row is None:
                return Outcome.MISSING
            if row.sent_at is not None:
                return Outcome.ALREADY_SENT
            if _superseded(row):
                row.sent_at = clock.now()
                row.last_error = SUPERSEDED
                row.save(update_fields=["sent_at", "last_error"])
                return Outcome.SUPERSEDED
            client.set_induction_status(
                trn=row.trn,
                status=row.status,
                start_date=row.start_date,
                completed_date=row.completed_date,
                modified_at=clock.now(),
            )
            row.attempts += 1
            row.sent_at = clock.now()
            row.last_error = None
            row.save(update_fields=["attempts", "sent_at", "last_error"])
    except (TRSUnavailable, TRSWriteRejected) as exc:
        _record_failure(update_id, exc)
        raise
    if refresh_after_outcome and row.status in REFRESHED_AFTER:
        _refresh_teacher(client=client, row=row)
    return Outcome.SENT


def send_pending_induction_status_updates(
    *, client: TRSClient | None = None, limit: int = 100, refresh_after_outcome: bool = True
) -> int:
    """Send up to `limit` queued writes, oldest first; returns how many TRS accepted. After a pass or fail
    the teacher is refreshed from TRS, as the reference does. When TRS is down the run stops early: the
    remaining rows wait for the next run; a rejected write is counted and the run goes on."""
    client = client or get_trs_client()
    sent = 0
    for update_id in list(unsent_induction_status_updates().values_list("pk", flat=True)[:limit]):
        try:
            outcome = send_induction_status_update(
                update_id, client=client, refresh_after_outcome=refresh_after_outcome
            )
        except TRSUnavailable:
            break
        except TRSWriteRejected:
            continue
        sent += outcome == Outcome.SENT
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


def send_again(update_id: int) -> bool:
    """Support's "try again" for a write given up on: its attempts start over and a job is queued. A write sent
    or superseded meanwhile is left alone (False)."""
    updated = TRSInductionStatusUpdate.objects.filter(pk=update_id, sent_at__isnull=True).update(attempts=0)
    if not updated:
        return False
    transaction.on_commit(lambda: defer_send(update_id))
    return True
