"""`manage.py create_api_token "Alpha Learning"`: issue a token for a lead provider and print it (last line).

The clear token is shown only here; the database keeps its SHA-256 digest (lead-provider-api.md §3.1).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from api.management.tokens_cli import date_and_time, lead_provider_named
from api.tokens import create_api_token
from core.errors import DomainError
from events.authors import Author


class Command(BaseCommand):
    help = "Create an API token for a lead provider and print it."

    def add_arguments(self, parser):
        parser.add_argument("lead_provider", help="The lead provider's name (or its id)")
        parser.add_argument("--description", default=None, help="Defaults to 'A lead provider token for <name>'")
        parser.add_argument(
            "--expires-at", default=None, help="When it stops working, e.g. 2027-08-31 or 2027-08-31T17:00 (London)"
        )

    def handle(self, *args, lead_provider: str, description: str | None = None, expires_at=None, **options):
        provider = lead_provider_named(lead_provider)
        expiry = date_and_time(expires_at) if expires_at else None
        try:
            api_token, clear = create_api_token(
                author=Author.system(), lead_provider=provider, description=description, expires_at=expiry
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Created '{api_token.description}' (id {api_token.pk}). Keep it safe: it is not stored.")
        self.stdout.write(clear)
