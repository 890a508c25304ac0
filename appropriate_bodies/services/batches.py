"""AB bulk uploads by CSV (domain.md §5.17, §7.3.5; BR-PIS-01 … BR-PIS-10; journeys.md §5.10).

`start_batch` checks the file and creates the batch (`pending`); phase 1, `process_batch`, checks every
row into a pending submission (`processing` → `processed`); phase 2, `complete_batch`, applies each valid
row through the same services the single-record pages use, each in its own savepoint, authored by the
uploading AB user with the events linked to the batch (`completing` → `completed`), freezes the tallies
and redacts the raw data when nothing errored.

The batch table has no "uploaded by" column, so the caller passes the uploading user's `Author` to each
phase (a job receives it as arguments).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from appropriate_bodies import messages
from appropriate_bodies.batches import rows as row_checks
from appropriate_bodies.batches.files import read_upload
from appropriate_bodies.batches.progress import batch_submissions
from appropriate_bodies.models import (
    AppropriateBodyPeriod,
    BatchStatus,
    BatchType,
    PendingInductionSubmission,
    PendingInductionSubmissionBatch,
)
from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from events.authors import Author
from events.record import induction as record
from integrations.trs.client import TRSClient

logger = logging.getLogger(__name__)


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


def process_batch(*, author: Author, batch_id: int, client: TRSClient) -> PendingInductionSubmissionBatch:
    """Phase 1 (a job): check every row into a pending submission, with its errors.

    Only working records change here (the batch and its submissions), so there is no timeline event; the
    upload and the completion are the audited moments. Each submission commits on its own so the page can
    show progress. A pending batch only: a retry or a duplicate job does nothing.
    """
    with transaction.atomic():
        batch = PendingInductionSubmissionBatch.objects.select_for_update().select_related("appropriate_body_period")
        batch = batch.get(pk=batch_id)
        if batch.batch_status != BatchStatus.PENDING:
            return batch
        _move(batch, to=BatchStatus.PROCESSING)
    try:
        for row in batch.data or []:
            try:
                submission = row_checks.check_row(author=author, batch=batch, row=row, client=client)
            except Exception:  # one bad row never stops the batch (journeys.md §5.10.4)
                logger.exception("Bulk upload row failed", extra={"batch_id": batch.pk})
                submission = PendingInductionSubmission(
                    appropriate_body_period=batch.appropriate_body_period,
                    pending_induction_submission_batch=batch,
                    trn=str(row.get("TRN", ""))[:7],
                    error_messages=[messages.SOMETHING_WENT_WRONG],
                )
            submission.save()
        _move(batch, to=BatchStatus.PROCESSED)
    except Exception as exc:
        logger.exception("Bulk upload failed", extra={"batch_id": batch.pk})
        _move(batch, to=BatchStatus.FAILED, error_message=str(exc))
    return batch


@service
def complete_batch(*, author: Author, batch: PendingInductionSubmissionBatch) -> PendingInductionSubmissionBatch:
    """Phase 2: the AB confirmed. Apply each valid row (its own savepoint), freeze the tallies, redact."""
    batch = (
        PendingInductionSubmissionBatch.objects.select_for_update()
        .select_related("appropriate_body_period")
        .get(pk=batch.pk)
    )
    _check_owner(author, batch.appropriate_body_period)
    if batch.batch_status != BatchStatus.PROCESSED:
        raise DomainError(BASE, messages.BATCH_NOT_READY)
    _move(batch, to=BatchStatus.COMPLETING)

    done = {"claimed": 0, "passed": 0, "released": 0}
    for submission in batch_submissions(batch).filter(error_messages=[]):
        try:
            with transaction.atomic():
                done[row_checks.apply_row(author=author, batch=batch, submission=submission)] += 1
        except DomainError as exc:
            submission.error_messages = [error.message for error in exc.errors]
            submission.save(update_fields=["error_messages", "updated_at"])
        except Exception:
            logger.exception("Bulk upload row could not be applied", extra={"batch_id": batch.pk})
            submission.error_messages = [messages.SOMETHING_WENT_WRONG]
            submission.save(update_fields=["error_messages", "updated_at"])

    submissions = batch_submissions(batch)
    errored = submissions.exclude(error_messages=[]).count()
    tallies = {
        "processed_count": submissions.count(),
        "errored_count": errored,
        "claimed_count": done["claimed"],
        "passed_count": done["passed"],
        "released_count": done["released"],
    }
    if errored == 0:
        tallies["data"] = []  # BR-PIS-09: nothing to download, so nothing personal is kept
    _move(batch, to=BatchStatus.COMPLETED, **tallies)
    record.bulk_upload_completed(author=author, batch=batch)
    return batch


def fail_batch(*, batch: PendingInductionSubmissionBatch, error_message: str) -> PendingInductionSubmissionBatch:
    """An internal error stopped the batch (shown as "Error")."""
    _move(batch, to=BatchStatus.FAILED, error_message=error_message)
    return batch


def purge_processed_submissions(*, now: dt.datetime | None = None) -> int:
    """BR-PIS-08 (hourly job): delete submissions whose `delete_at` has passed. Working records only."""
    deleted, _ = PendingInductionSubmission.objects.filter(delete_at__lte=now or clock.now()).delete()
    return deleted
