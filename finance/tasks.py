"""Finance's periodic task (procrastinate): the daily job that marks statements payable (finance.md §5.2).

The job has no per-day record to keep: it picks up every open output statement whose deadline has passed, so a
tick missed while no worker ran is caught up by the next one, and running it twice changes nothing."""

from __future__ import annotations

from procrastinate.contrib.django import app

from finance.services.lifecycle import mark_statements_payable

MARK_STATEMENTS_PAYABLE_CRON = "0 0 * * *"  # 00:00 UTC, as the reference runs it


@app.periodic(cron=MARK_STATEMENTS_PAYABLE_CRON, periodic_id="finance-mark-statements-payable")
@app.task(name="finance.mark_statements_payable", queueing_lock="finance-mark-statements-payable")
def mark_statements_payable_task(timestamp: int) -> int:
    """Returns how many statements became payable."""
    return len(mark_statements_payable())
