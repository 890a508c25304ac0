"""Jobs that talk to outside systems (procrastinate, PostgreSQL-backed; integrations.md §2.5–2.8, §3.8, §10).

| Job | When | What |
|---|---|---|
| `integrations.write_induction_status` | queued when an induction change commits | one induction-status write to TRS, retried with backoff |
| `integrations.sweep_trs_writes` | every minute | queues a job for any unsent TRS write that has none waiting |
| `integrations.schedule_trs_sync` | every minute (when a real TRS is configured) | queues refreshes of the 50 teachers refreshed longest ago |
| `integrations.sync_teacher_from_trs` | queued by the above, 1 s apart | refreshes one teacher's names, QTS and induction status |
| `integrations.import_gias` | daily 03:00 UTC (when `GIAS_SOURCE` is set) | GIAS import and reconciliation |

The work is in plain functions (`integrations.trs.outbox`, `integrations.trs.sync`, `schools.services.gias_import`)
so tests and commands call it without a worker.
"""

from __future__ import annotations

import logging
import os

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from integrations.trs.client import TRSUnavailable, TRSWriteRejected
from integrations.trs.outbox import MAX_ATTEMPTS, queue_unsent_writes, send_induction_status_update
from integrations.trs.sync import schedule_sync, sync_enabled, sync_teacher

logger = logging.getLogger(__name__)

EVERY_MINUTE = "* * * * *"
GIAS_IMPORT_CRON = "0 3 * * *"
# §2.8: wait 2^n seconds after the n-th try, 15 tries (about 9 hours), only for TRS's own failures.
TRS_RETRY = RetryStrategy(
    max_attempts=MAX_ATTEMPTS - 1, exponential_wait=2, retry_exceptions={TRSUnavailable, TRSWriteRejected}
)
TRS_SYNC_RETRY = RetryStrategy(max_attempts=MAX_ATTEMPTS - 1, exponential_wait=2, retry_exceptions={TRSUnavailable})


@app.task(name="integrations.write_induction_status", queue="trs", retry=TRS_RETRY)
def write_induction_status(update_id: int) -> str:
    """Send one induction-status write to TRS, at most once."""
    return send_induction_status_update(update_id)


@app.periodic(cron=EVERY_MINUTE, periodic_id="integrations-sweep-trs-writes")
@app.task(name="integrations.sweep_trs_writes", queueing_lock="integrations-sweep-trs-writes")
def sweep_trs_writes(timestamp: int) -> int:
    """Queue a send job for any TRS induction-status write still unsent with none waiting."""
    return queue_unsent_writes()


@app.periodic(cron=EVERY_MINUTE, periodic_id="integrations-schedule-trs-sync")
@app.task(name="integrations.schedule_trs_sync", queueing_lock="integrations-schedule-trs-sync")
def schedule_trs_sync(timestamp: int) -> int:
    """Queue TRS refreshes of the 50 teachers refreshed longest ago (only against a real TRS)."""
    if not sync_enabled():
        return 0
    return schedule_sync()


@app.task(name="integrations.sync_teacher_from_trs", queue="trs_sync", retry=TRS_SYNC_RETRY)
def sync_teacher_from_trs(teacher_id: int) -> str:
    """Refresh one teacher's names, QTS and induction status from TRS."""
    return sync_teacher(teacher_id)


def gias_source() -> str | None:
    """Where the nightly import reads its extract: a folder, a ZIP path or an http(s) URL of the ZIP."""
    from django.conf import settings

    return getattr(settings, "GIAS_SOURCE", None) or os.environ.get("GIAS_SOURCE") or None


def run_nightly_gias_import() -> str | None:
    """The nightly job's work: nothing when no source is configured; else import and reconcile, returning the
    summary. A broken extract raises (the job fails, yesterday's data stays, tomorrow catches up; §3.11)."""
    from schools.services.gias_import import import_gias, read_extract

    source = gias_source()
    if not source:
        return None
    result = import_gias(read_extract([source]))
    logger.info(result.summary())
    return result.summary()


@app.periodic(cron=GIAS_IMPORT_CRON, periodic_id="integrations-import-gias")
@app.task(name="integrations.import_gias", queueing_lock="integrations-import-gias")
def import_gias(timestamp: int) -> str | None:
    """Import the GIAS extract at GIAS_SOURCE and reconcile the schools that changed."""
    return run_nightly_gias_import()
