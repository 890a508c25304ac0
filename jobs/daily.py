"""Running the participant-status day job once per London day, catching up days missed while no worker ran.

The periodic task ticks every hour (procrastinate's cron is in UTC and the UK's offset is a whole hour, so the
first tick after London midnight is always 00:05 London); each tick does every day from the one after the last
done through today, and nothing when today is done. Each day is one transaction: the day's row is inserted
first, so two workers never do the same day and a failed day is retried at the next tick."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from core import clock
from jobs.models import ParticipantStatusDay
from teachers.services.calendar_status import touch_participants_whose_status_changed


def run_participant_status_day(on: dt.date, *, force: bool = False) -> ParticipantStatusDay | None:
    """Touch the participants whose status flips on `on`, unless that day was done already (or `force`).
    Returns the day's record, or None when it had been done."""
    with transaction.atomic():
        day, created = ParticipantStatusDay.objects.select_for_update().get_or_create(
            on=on, defaults={"touched": 0, "completed_at": clock.now()}
        )
        if not created and not force:
            return None
        day.touched = touch_participants_whose_status_changed(on=on)
        day.completed_at = clock.now()
        day.save(update_fields=["touched", "completed_at"])
        return day


def days_due(today: dt.date | None = None) -> list[dt.date]:
    """Today when no day was ever done; else every day after the last one done, through today."""
    today = today or clock.today()
    last = ParticipantStatusDay.objects.aggregate(last=Max("on"))["last"]
    if last is None:
        return [today]
    return [last + dt.timedelta(days=n) for n in range(1, (today - last).days + 1)]


def run_due_participant_status_days(today: dt.date | None = None) -> list[ParticipantStatusDay]:
    """What the periodic task does on every tick."""
    done = (run_participant_status_day(day) for day in days_due(today))
    return [day for day in done if day is not None]
