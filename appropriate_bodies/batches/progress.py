"""What a batch looks like to its AB: status tag, progress, tallies and the error download (journeys.md §5.10.3).
Reads only."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from appropriate_bodies.batches.files import ERROR_HEADER, HEADERS
from appropriate_bodies.models import BatchStatus, PendingInductionSubmission, PendingInductionSubmissionBatch


@dataclass(frozen=True)
class BatchTag:
    label: str
    colour: str


STATUS_TAGS = {
    BatchStatus.PENDING: BatchTag("Draft", "grey"),
    BatchStatus.PROCESSING: BatchTag("Draft", "grey"),
    BatchStatus.PROCESSED: BatchTag("Not yet submitted", "yellow"),
    BatchStatus.COMPLETING: BatchTag("Submitted", "green"),
    BatchStatus.COMPLETED: BatchTag("Submitted", "green"),
    BatchStatus.FAILED: BatchTag("Error", "red"),
}


def batch_status_tag(batch: PendingInductionSubmissionBatch) -> BatchTag:
    return STATUS_TAGS[batch.batch_status]


def batch_submissions(batch: PendingInductionSubmissionBatch):
    """One per input row, in row order."""
    return PendingInductionSubmission.objects.filter(pending_induction_submission_batch=batch).order_by("row_number")


def rows_in(batch: PendingInductionSubmissionBatch) -> int:
    return batch.uploaded_count or len(batch.data or [])


def progress_percentage(batch: PendingInductionSubmissionBatch) -> int:
    """Submissions created ÷ rows × 100, while phase 1 runs."""
    rows = rows_in(batch)
    if not rows:
        return 0
    return min(100, batch_submissions(batch).count() * 100 // rows)


def errored_submissions(batch: PendingInductionSubmissionBatch):
    return batch_submissions(batch).exclude(error_messages=[])


def valid_submissions(batch: PendingInductionSubmissionBatch):
    return batch_submissions(batch).filter(error_messages=[])


def is_blocked(batch: PendingInductionSubmissionBatch) -> bool:
    """Processed with every row in error: nothing can be submitted."""
    return batch.batch_status == BatchStatus.PROCESSED and not valid_submissions(batch).exists()


def is_idle(batch: PendingInductionSubmissionBatch) -> bool:
    """Processed with valid rows waiting for the AB to confirm."""
    return batch.batch_status == BatchStatus.PROCESSED and valid_submissions(batch).exists()


def error_csv(batch: PendingInductionSubmissionBatch) -> str:
    """The "Errors for <file>" download: the template's columns plus `Error message`, every cell quoted,
    one line per errored row with its errors joined into one sentence. Empty once the data is redacted."""
    headers = [*HEADERS[batch.batch_type], ERROR_HEADER]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(headers)
    rows = batch.data or []
    for submission in errored_submissions(batch).order_by("row_number", "pk"):
        row = (
            rows[submission.row_number]
            if submission.row_number is not None and submission.row_number < len(rows)
            else {}
        )
        writer.writerow([*(row.get(h, "") for h in headers[:-1]), ". ".join(submission.error_messages)])
    return out.getvalue()


def error_file_name(batch: PendingInductionSubmissionBatch) -> str:
    return f"Errors for {batch.file_name}"
