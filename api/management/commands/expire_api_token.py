"""`manage.py expire_api_token ID [--at WHEN]`: the token stops working now, or at a later time given so that
the provider can move to a new token first."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from api.management.tokens_cli import api_token_with_id, date_and_time
from api.tokens import owner_name, set_api_token_expiry
from events.authors import Author


class Command(BaseCommand):
    help = "Set when a lead provider API token stops working (now by default)."

    def add_arguments(self, parser):
        parser.add_argument("token_id", type=int)
        parser.add_argument("--at", default=None, help="e.g. 2027-01-31 or 2027-01-31T17:00 (London); default now")

    def handle(self, *args, token_id: int, at: str | None = None, **options):
        api_token = api_token_with_id(token_id)
        if api_token.revoked_at is not None:
            raise CommandError(f"Token {api_token.pk} was revoked at {api_token.revoked_at}; it cannot be used anyway")
        api_token = set_api_token_expiry(
            author=Author.system(), api_token=api_token, expires_at=date_and_time(at) if at else None
        )
        self.stdout.write(f"Token {api_token.pk} ({owner_name(api_token)}) expires at {api_token.expires_at}.")
