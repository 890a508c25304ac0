"""Periodic tasks (procrastinate, PostgreSQL-backed). A worker runs them: `python manage.py procrastinate worker`.

Found by procrastinate's autodiscovery of `tasks` modules; the logic lives in plain functions so tests and the
management commands call it without a worker."""

from __future__ import annotations

from procrastinate.contrib.django import app

from jobs.daily import run_due_participant_status_days

PARTICIPANT_STATUS_CRON = "5 * * * *"  # hourly in UTC: the first tick after London midnight is 00:05 London


@app.periodic(cron=PARTICIPANT_STATUS_CRON, periodic_id="participant-status-days")
@app.task(name="jobs.participant_status_days", queueing_lock="participant-status-days")
def participant_status_days(timestamp: int) -> int:
    """Touch the participants whose status flipped on each London day not yet done (see jobs.daily).
    Returns how many were touched."""
    return sum(day.touched for day in run_due_participant_status_days())
