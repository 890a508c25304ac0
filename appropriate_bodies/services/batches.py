"""AB bulk uploads by CSV (domain.md §5.17, §7.3.5; BR-PIS-01 … BR-PIS-10; journeys.md §5.10).

`start_batch` checks the file and creates the batch (`pending`); phase 1, `process_batch` (a job), checks
every row into a pending submission (`processing` → `processed`); the AB confirms (`confirm_batch`:
`completing`); phase 2, `complete_batch` (a job), applies the valid rows, authored by the uploading AB user
with the events linked to the batch: outcome rows a chunk at a time through `record_outcomes_in_bulk` (the
single-record services' rules, set-based), claim rows one by one through the claim page's service, each in
its own savepoint. Then `finish_batch` freezes the tallies, redacts the raw data when nothing errored and
records the completion (`completed`).

Both jobs work in chunks that commit as a whole and can be run again: a job killed mid-way leaves its
batch with whole rows done and the rest waiting, and the next run (the stalled-batch sweep re-queues it)
carries on from there. The batch table has no "uploaded by" column: the uploader is the author of the
batch's `bulk_upload_started` event (`uploader`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from appropriate_bodies import messages
from appropriate_bodies.batches import rows as row_checks
from appropriate_bodies.batches.files import read_upload
from appropriate_bodies.batches.progress import batch_submissions
from appropriate_bodies.models import (
    AppropriateBodyPeriod,
    BatchStatus,
    BatchType,
    InductionOutcome,
    PendingInductionSubmission,
    PendingInductionSubmissionBatch,
)
from core import clock
from core.bulk_sql import insert_rows
from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from events.authors import Author
from events.models import Event
from events.record import induction as record
from events.types import AuthorType, EventType
from integrations.trs.client import TRSClient
from teachers.models import Teacher

logger = logging.getLogger(__name__)
BATCH_LOCK_SPACE = 5010  # first key of the advisory locks that keep one job at a time on a batch


def _check_owner(author: Author, appropriate_body: AppropriateBodyPeriod) -> None:
    if author.appropriate_body_period_id is not None and author.appropriate_body_period_id != appropriate_body.pk:
        raise DomainError(BASE, messages.NOT_YOUR_BATCH)


def validate_batch(batch: PendingInductionSubmissionBatch) -> None:
    """BR-PIS-10: type and status are required and known; a processed batch holds its data."""
    errors = ErrorCollector()
    if not batch.batch_type:
        errors.add("batch_type", messages.CANT_BE_BLANK)
    elif batch.batch_type not in BatchType.values:
        errors.add("batch_type", messages.NOT_IN_LIST)
    if not batch.batch_status:
        errors.add("batch_status", messages.CANT_BE_BLANK)
    elif batch.batch_status not in BatchStatus.values:
        errors.add("batch_status", messages.NOT_IN_LIST)
    if batch.batch_status == BatchStatus.PROCESSED and batch.data is None:
        errors.add("data", messages.CANT_BE_BLANK)
    errors.raise_if_any()


@service
def start_batch(
    *,
    author: Author,
    appropriate_body: AppropriateBodyPeriod,
    batch_type: str,
    file_name: str | None,
    content_type: str | None,
    content: bytes | None,
) -> PendingInductionSubmissionBatch:
    """Accept a file that passes BR-PIS-01 … 05 as a pending batch holding its rows."""
    _check_owner(author, appropriate_body)
    rows = read_upload(batch_type=batch_type, file_name=file_name, content_type=content_type, content=content)
    batch = PendingInductionSubmissionBatch(
        appropriate_body_period=appropriate_body,
        batch_type=batch_type,
        batch_status=BatchStatus.PENDING,
        data=rows,
        file_name=file_name,
        file_type=content_type,
        file_size=len(content),
        uploaded_count=len(rows),
    )
    validate_batch(batch)
    batch.save()
    record.bulk_upload_started(author=author, batch=batch)
    return batch


def _move(batch: PendingInductionSubmissionBatch, *, to: str, **fields: Any) -> None:
    batch.batch_status = to
    for name, value in fields.items():
        setattr(batch, name, value)
    validate_batch(batch)
    batch.save(update_fields=["batch_status", *fields, "updated_at"])


CHECK_CHUNK = 1000  # rows checked, saved and committed together in phase 1
COMMIT_CHUNK = 1000  # valid outcome rows applied (in one bulk call) and committed together in phase 2
CLAIM_COMMIT_CHUNK = 100  # valid claim rows applied (one by one) and committed together in phase 2


def uploader(batch: PendingInductionSubmissionBatch) -> Author:
    """The AB user who uploaded the batch, as its `bulk_upload_started` event recorded them: the author of
    every phase, so a job needs only the batch's id, and a resumed job acts as the same person."""
    started = Event.objects.filter(
        pending_induction_submission_batch=batch, event_type=EventType.BULK_UPLOAD_STARTED
    ).first()
    if started is None:
        raise DomainError(BASE, messages.BATCH_NOT_READY)
    return Author(
        AuthorType(started.author_type),
        user_id=started.author_id,
        email=started.author_email,
        name=started.author_name,
        appropriate_body_period_id=started.appropriate_body_period_id,
    )


@contextmanager
def batch_lock(batch_id: int) -> Iterator[bool]:
    """A session advisory lock on the batch, so one job at a time works on it (a job re-queued while the first
    still runs finds it held and stops). PostgreSQL drops it with the connection of a killed worker."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [BATCH_LOCK_SPACE, batch_id])
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [BATCH_LOCK_SPACE, batch_id])


def _locked_batch(batch_id: int) -> PendingInductionSubmissionBatch:
    return (
        PendingInductionSubmissionBatch.objects.select_for_update()
        .select_related("appropriate_body_period")
        .get(pk=batch_id)
    )


def rows_checked(batch: PendingInductionSubmissionBatch) -> int:
    """How many rows phase 1 has saved: they are saved in order, a chunk at a time, so this is also where a
    resumed check starts."""
    last = batch_submissions(batch).aggregate(last=Max("row_number"))["last"]
    return 0 if last is None else last + 1


def process_batch(*, batch_id: int, client: TRSClient, author: Author | None = None) -> PendingInductionSubmissionBatch:
    """Phase 1 (a job): check every row into a pending submission, with its errors.

    Rows are checked in chunks; each chunk's submissions commit together with the batch's `updated_at` (the
    progress the page shows, and a heartbeat). A job killed mid-way loses only its current chunk, and running
    the job again resumes after the last saved row; a job for a batch past this phase does nothing.

    Only working records change here (the batch and its submissions), so there is no timeline event; the
    upload and the completion are the audited moments.
    """
    with batch_lock(batch_id) as locked:
        if not locked:
            return PendingInductionSubmissionBatch.objects.get(pk=batch_id)
        with transaction.atomic():
            batch = _locked_batch(batch_id)
            if batch.batch_status == BatchStatus.PENDING:
                _move(batch, to=BatchStatus.PROCESSING)
            elif batch.batch_status != BatchStatus.PROCESSING:
                return batch
        try:
            author = author or uploader(batch)
            rows = list(enumerate(batch.data or []))
            for start in range(rows_checked(batch), len(rows), CHECK_CHUNK):
                with transaction.atomic():
                    chunk = rows[start : start + CHECK_CHUNK]
                    submissions = row_checks.check_rows(author=author, batch=batch, rows=chunk, client=client)
                    insert_rows(PendingInductionSubmission, submissions)  # one COPY per chunk
                    batch.save(update_fields=["updated_at"])
            with transaction.atomic():
                _move(_locked_batch(batch_id), to=BatchStatus.PROCESSED)
        except Exception as exc:
            logger.exception("Bulk upload failed", extra={"batch_id": batch_id})
            with transaction.atomic():
                batch = _locked_batch(batch_id)
                _move(batch, to=BatchStatus.FAILED, error_message=str(exc))
        return PendingInductionSubmissionBatch.objects.get(pk=batch_id)


def confirm_batch(*, author: Author, batch: PendingInductionSubmissionBatch) -> PendingInductionSubmissionBatch:
    """The AB confirmed ("Claim ECTs" / "Record outcomes"): the batch moves to `completing`, and the caller
    queues phase 2. Only a processed batch with valid rows, and only by its own AB."""
    with transaction.atomic():
        batch = _locked_batch(batch.pk)
        _check_owner(author, batch.appropriate_body_period)
        if batch.batch_status != BatchStatus.PROCESSED or not batch_submissions(batch).filter(error_messages=[]):
            raise DomainError(BASE, messages.BATCH_NOT_READY)
        _move(batch, to=BatchStatus.COMPLETING)
    return batch


def _waiting(batch: PendingInductionSubmissionBatch):
    """Valid rows not applied yet: applying a row schedules its submission's purge (sets `delete_at`) in the
    same transaction as the change itself, so that is the mark of a row done."""
    return batch_submissions(batch).filter(error_messages=[], delete_at__isnull=True)


def _apply(author: Author, batch: PendingInductionSubmissionBatch, submission: PendingInductionSubmission) -> None:
    """One row, in its own savepoint: its changes and its mark commit together, or its error is kept."""
    try:
        with transaction.atomic():
            row_checks.apply_row(author=author, batch=batch, submission=submission)
            return
    except DomainError as exc:
        errors = [error.message for error in exc.errors]
    except Exception:
        logger.exception("Bulk upload row could not be applied", extra={"batch_id": batch.pk})
        errors = [messages.SOMETHING_WENT_WRONG]
    submission.error_messages = errors
    submission.save(update_fields=["error_messages", "updated_at"])


def complete_batch(*, batch_id: int, author: Author | None = None) -> PendingInductionSubmissionBatch:
    """Phase 2 (a job): apply the valid rows, authored by the uploader with their events linked to the batch,
    then freeze the tallies and redact.

    Rows are applied in chunks, each chunk one transaction with the batch's heartbeat: outcome rows together
    through `record_outcomes_in_bulk`, claim rows each in its own savepoint. A job killed mid-way loses only its
    current chunk (nothing of it is written); running the job again applies the rows still waiting, so no row
    is applied twice and none is skipped.
    """
    with batch_lock(batch_id) as locked:
        if not locked:
            return PendingInductionSubmissionBatch.objects.get(pk=batch_id)
        batch = PendingInductionSubmissionBatch.objects.select_related("appropriate_body_period").get(pk=batch_id)
        if batch.batch_status != BatchStatus.COMPLETING:
            return batch
        author = author or uploader(batch)
        waiting = _waiting(batch).order_by("row_number")
        size = CLAIM_COMMIT_CHUNK
        if batch.batch_type == BatchType.ACTION:  # an outcome row needs none of the TRS snapshot
            waiting, size = waiting.only(*OUTCOME_ROW_FIELDS), COMMIT_CHUNK
        while chunk := list(waiting[:size]):
            with transaction.atomic():
                if batch.batch_type == BatchType.ACTION:
                    _apply_outcomes(author, batch, chunk)
                else:
                    for submission in chunk:
                        _apply(author, batch, submission)
                batch.save(update_fields=["updated_at"])
        return finish_batch(author=author, batch=batch)


OUTCOME_ROW_FIELDS = (
    "id",
    "pending_induction_submission_batch_id",
    "row_number",
    "trn",
    "outcome",
    "finished_on",
    "number_of_terms",
    "error_messages",
    "delete_at",
    "updated_at",
)


def _apply_outcomes(
    author: Author, batch: PendingInductionSubmissionBatch, chunk: list[PendingInductionSubmission]
) -> None:
    """A chunk of outcome rows through `record_outcomes_in_bulk` (the single services' rules, set-based), in a
    savepoint. If the database refuses its writes (a change made meanwhile by someone else), the savepoint is
    rolled back and the chunk's rows are applied one at a time instead, each reporting its own error."""
    from teachers.services.induction_bulk import OutcomeRow, record_outcomes_in_bulk

    teachers = {teacher.trn: teacher for teacher in Teacher.objects.filter(trn__in=[s.trn for s in chunk])}
    known = [submission for submission in chunk if submission.trn in teachers]
    rows = [
        OutcomeRow(
            teacher=teachers[submission.trn],
            outcome=submission.outcome,
            finished_on=submission.finished_on,
            number_of_terms=submission.number_of_terms,
            submission=submission,
        )
        for submission in known
    ]
    try:
        with transaction.atomic():
            errors = record_outcomes_in_bulk(
                author=author, appropriate_body=batch.appropriate_body_period, rows=rows, batch=batch
            )
    except Exception:
        logger.exception("Bulk outcomes not applied together; applying them one by one", extra={"batch_id": batch.pk})
        for submission in chunk:
            _apply(author, batch, submission)
        return
    errored = []
    for submission, messages_ in zip(known, errors, strict=True):
        if messages_:
            submission.error_messages = messages_
            errored.append(submission)
    for submission in chunk:
        if submission.trn not in teachers:  # as `_apply` reports a row whose teacher has gone
            logger.error("Bulk upload row's teacher not found", extra={"batch_id": batch.pk})
            submission.error_messages = [messages.SOMETHING_WENT_WRONG]
            errored.append(submission)
    now = clock.now()
    for submission in errored:
        submission.updated_at = now
    PendingInductionSubmission.objects.bulk_update(errored, ["error_messages", "updated_at"])


@service
def finish_batch(*, author: Author, batch: PendingInductionSubmissionBatch) -> PendingInductionSubmissionBatch:
    """Every valid row has been applied or has errored: tallies from what was done, `completed`, redaction when
    nothing errored (BR-PIS-09), and `bulk_upload_completed`."""
    batch = _locked_batch(batch.pk)
    if batch.batch_status != BatchStatus.COMPLETING or _waiting(batch).exists():
        raise DomainError(BASE, messages.BATCH_NOT_READY)
    submissions = batch_submissions(batch)
    done = submissions.filter(error_messages=[], delete_at__isnull=False)
    errored = submissions.exclude(error_messages=[]).count()
    claims = batch.batch_type == BatchType.CLAIM
    tallies = {
        "processed_count": submissions.count(),
        "errored_count": errored,
        "claimed_count": done.count() if claims else 0,
        "passed_count": 0 if claims else done.filter(outcome=InductionOutcome.PASS).count(),
        "released_count": 0 if claims else done.filter(outcome__isnull=True).count(),
    }
    if errored == 0:
        tallies["data"] = []  # BR-PIS-09: nothing to download, so nothing personal is kept
    _move(batch, to=BatchStatus.COMPLETED, **tallies)
    record.bulk_upload_completed(author=author, batch=batch)
    return batch


STALLED_AFTER = dt.timedelta(minutes=2)


def stalled_batches(*, now: dt.datetime | None = None):
    """Batches in a running phase whose job has not moved them for a while: its worker was killed or lost."""
    since = (now or clock.now()) - STALLED_AFTER
    return PendingInductionSubmissionBatch.objects.filter(
        batch_status__in=[BatchStatus.PROCESSING, BatchStatus.COMPLETING], updated_at__lt=since
    ).order_by("pk")


def fail_batch(*, batch: PendingInductionSubmissionBatch, error_message: str) -> PendingInductionSubmissionBatch:
    """An internal error stopped the batch (shown as "Error")."""
    _move(batch, to=BatchStatus.FAILED, error_message=error_message)
    return batch


def purge_processed_submissions(*, now: dt.datetime | None = None) -> int:
    """BR-PIS-08 (hourly job): delete submissions whose `delete_at` has passed. Working records only."""
    deleted, _ = PendingInductionSubmission.objects.filter(delete_at__lte=now or clock.now()).delete()
    return deleted
