"""The only place that reads the time. "Today" is the date in Europe/London (domain.md §1).

Non-production environments let an API caller run a request "as if now were" another instant
(lead-provider-api.md §15.2). That is a context-local override, not a patch of the system clock: a
`ContextVar` holds the simulated instant for the current request only, so concurrent requests in other
threads (or other async tasks) keep the real time. Django's own `timezone.now` (used by `auto_now` fields)
is routed through the same override by `route_django_now`, called once when the app registry is ready, so
rows written during a simulated request carry simulated timestamps too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")

_real_now = timezone.now
_simulated_now: ContextVar[dt.datetime | None] = ContextVar("simulated_now", default=None)


def now() -> dt.datetime:
    simulated = _simulated_now.get()
    if simulated is not None:
        return simulated
    return _real_now()


def today() -> dt.date:
    return now().astimezone(LONDON).date()


def yesterday() -> dt.date:
    return today() - dt.timedelta(days=1)


def tomorrow() -> dt.date:
    return today() + dt.timedelta(days=1)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight in London on `day`: how events carrying a business date are dated (BR-E-03)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


@contextmanager
def simulated(instant: dt.datetime) -> Iterator[None]:
    """Within the block, in this context only, `now()` is `instant` (which must be timezone-aware)."""
    if instant.tzinfo is None:
        raise ValueError("a simulated instant must be timezone-aware")
    token = _simulated_now.set(instant.astimezone(dt.UTC))
    try:
        yield
    finally:
        _simulated_now.reset(token)


def is_simulated() -> bool:
    return _simulated_now.get() is not None


def parse_instant(value: str) -> dt.datetime:
    """An ISO 8601 date-time or date, as the `X-With-Server-Date` header carries it. A date means midnight in
    London and a date-time without a zone is London time, because that is how people say dates here.
    Raises ValueError for anything else."""
    text = value.strip()
    if len(text) == 10:
        return start_of_day(dt.date.fromisoformat(text))
    instant = dt.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=LONDON)
    return instant


def _django_now() -> dt.datetime:
    return now()


def route_django_now() -> None:
    """Make `django.utils.timezone.now` (used by `auto_now`/`auto_now_add`) honour a simulated instant.

    Without a simulation it returns exactly what Django's own function returns."""
    if timezone.now is not _django_now:
        timezone.now = _django_now
