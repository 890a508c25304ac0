"""Bulk upload jobs (procrastinate, PostgreSQL-backed; journeys.md §5.10.3): phase 1 checks a batch's rows,
phase 2 applies the confirmed ones, and a sweep every minute re-queues a phase whose worker was lost.

The work lives in `appropriate_bodies.services.batches`; these only name it for the queue. Each job takes
just the batch's id, and running one twice, or after a kill, carries on where the batch stands."""

from __future__ import annotations

from django.db import transaction
from procrastinate.contrib.django import app

from appropriate_bodies.models import BatchStatus
from appropriate_bodies.services import batches
from integrations.trs.client import get_trs_client

RESUME_CRON = "* * * * *"


@app.task(name="appropriate_bodies.check_batch")
def check_batch(batch_id: int) -> str:
    """Phase 1; returns the batch's status afterwards."""
    return batches.process_batch(batch_id=batch_id, client=get_trs_client()).batch_status


@app.task(name="appropriate_bodies.commit_batch")
def commit_batch(batch_id: int) -> str:
    """Phase 2; returns the batch's status afterwards."""
    return batches.complete_batch(batch_id=batch_id).batch_status


def queue_phase(batch_id: int, status: str) -> None:
    """Queue the job for the phase a batch in `status` is in (nothing for a batch at rest). A job for the same
    batch already waiting is enough: a second raises `AlreadyEnqueued`. Call it once the batch's change has
    committed (`transaction.on_commit`), so the worker finds the batch as it was left."""
    if status in (BatchStatus.PENDING, BatchStatus.PROCESSING):
        task = check_batch
    elif status == BatchStatus.COMPLETING:
        task = commit_batch
    else:
        return
    with transaction.atomic():  # a refused duplicate rolls back only itself
        task.configure(queueing_lock=f"{task.name}:{batch_id}").defer(batch_id=batch_id)


@app.periodic(cron=RESUME_CRON, periodic_id="appropriate-bodies-resume-stalled-batches")
@app.task(name="appropriate_bodies.resume_stalled_batches", queueing_lock="resume-stalled-batches")
def resume_stalled_batches(timestamp: int) -> int:
    """Re-queue each batch left in a running phase by a lost worker; returns how many."""
    from procrastinate.exceptions import AlreadyEnqueued

    resumed = 0
    for batch in batches.stalled_batches():
        try:
            queue_phase(batch.pk, batch.batch_status)
            resumed += 1
        except AlreadyEnqueued:
            pass
    return resumed
