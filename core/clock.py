"""The only place that reads the time. "Today" is the date in Europe/London (domain.md §1)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return now().astimezone(LONDON).date()


def yesterday() -> dt.date:
    return today() - dt.timedelta(days=1)


def tomorrow() -> dt.date:
    return today() + dt.timedelta(days=1)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight in London on `day`: how events carrying a business date are dated (BR-E-03)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)
