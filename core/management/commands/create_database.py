"""`manage.py create_database`: the first step of `make migrate`, so a fresh DATABASE_URL needs no `createdb`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from config.database import create_database_if_missing


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist yet."

    def handle(self, *args, **options) -> None:
        database = settings.DATABASES["default"]
        if create_database_if_missing(database):
            self.stdout.write(f"Created database {database['NAME']}.")
