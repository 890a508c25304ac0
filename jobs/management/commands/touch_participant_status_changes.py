"""`python manage.py touch_participant_status_changes [--date YYYY-MM-DD] [--force]`: the daily job by hand."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import clock
from jobs.daily import run_participant_status_day


class Command(BaseCommand):
    help = (
        "Move the API updated_at of the participants whose participant_status flips on the given London day "
        "(joining → active, leaving → left). A day already done is skipped unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD; today in London when omitted")
        parser.add_argument("--force", action="store_true", help="touch again even if the day was done")

    def handle(self, *args, date: str | None = None, force: bool = False, **options) -> None:
        try:
            on = dt.date.fromisoformat(date) if date else clock.today()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        day = run_participant_status_day(on, force=force)
        if day is None:
            self.stdout.write(f"{on.isoformat()} was already done; use --force to touch again")
        else:
            self.stdout.write(f"{on.isoformat()}: {day.touched} participants touched")
