"""`manage.py list_api_tokens [--lead-provider NAME] [--all]`: the tokens (never their values), one a line."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from api.management.tokens_cli import lead_provider_named
from api.tokens import api_tokens, owner_name
from core import clock


class Command(BaseCommand):
    help = "List lead provider API tokens: id, provider, description, state, expiry and last use."

    def add_arguments(self, parser):
        parser.add_argument("--lead-provider", default=None, help="Only this lead provider's tokens (name or id)")
        parser.add_argument("--all", action="store_true", help="Include revoked and expired tokens")

    def handle(self, *args, lead_provider: str | None = None, all: bool = False, **options):
        provider = lead_provider_named(lead_provider) if lead_provider else None
        now = clock.now()
        tokens = list(api_tokens(lead_provider=provider, include_unusable=all))
        if not tokens:
            self.stdout.write("No tokens.")
        for token in tokens:
            if token.revoked_at is not None:
                state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}"
            elif token.expires_at is not None and token.expires_at <= now:
                state = f"expired {token.expires_at:%Y-%m-%d %H:%M}"
            elif token.expires_at is not None:
                state = f"usable until {token.expires_at:%Y-%m-%d %H:%M}"
            else:
                state = "usable"
            used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
            self.stdout.write(f"{token.pk}\t{owner_name(token)}\t{token.description}\t{state}\t{used}")
