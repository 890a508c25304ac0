"""`manage.py revoke_api_token ID`: the token stops working at once (the row stays, for the audit trail)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from api.management.tokens_cli import api_token_with_id
from api.tokens import owner_name, revoke_api_token
from events.authors import Author


class Command(BaseCommand):
    help = "Revoke a lead provider API token by its id (see list_api_tokens)."

    def add_arguments(self, parser):
        parser.add_argument("token_id", type=int)

    def handle(self, *args, token_id: int, **options):
        api_token = revoke_api_token(author=Author.system(), api_token=api_token_with_id(token_id))
        self.stdout.write(f"Token {api_token.pk} ({owner_name(api_token)}) revoked at {api_token.revoked_at}.")
