"""Date helpers in the GOV.UK style the spec's messages use."""

from __future__ import annotations

import datetime as dt


def govuk_date(day: dt.date) -> str:
    """`2 January 1998`: day without a leading zero, full month name, four-digit year."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        if day.day <= candidate:
            try:
                return dt.date(year, month, min(day.day, candidate))
            except ValueError:
                continue
    return dt.date(year, month, 28)


def latest(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d is not None]
    return max(present) if present else None


def earliest(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None
