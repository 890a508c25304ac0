"""`manage.py create_appropriate_body_api_token "North Hub"`: issue a token for the appropriate body API and print
it (last line). The clear token is shown only here; the database keeps its SHA-256 digest. The token works on
/api/ab/v1 only: the lead provider API refuses it (docs/appropriate-body-api.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from api.management.tokens_cli import date_and_time
from api.tokens import create_appropriate_body_api_token
from appropriate_bodies.models import AppropriateBodyPeriod
from core.errors import DomainError
from events.authors import Author


def appropriate_body_named(name_or_id: str) -> AppropriateBodyPeriod:
    body = AppropriateBodyPeriod.objects.filter(name=name_or_id).first()
    if body is None and name_or_id.isdigit():
        body = AppropriateBodyPeriod.objects.filter(pk=int(name_or_id)).first()
    if body is None:
        raise CommandError(f"No appropriate body is called {name_or_id!r}")
    return body


class Command(BaseCommand):
    help = "Create an API token for an appropriate body and print it."

    def add_arguments(self, parser):
        parser.add_argument("appropriate_body", help="The appropriate body's name (or its id)")
        parser.add_argument("--description", default=None, help="Defaults to 'An appropriate body token for <name>'")
        parser.add_argument(
            "--expires-at", default=None, help="When it stops working, e.g. 2027-08-31 or 2027-08-31T17:00 (London)"
        )

    def handle(self, *args, appropriate_body: str, description: str | None = None, expires_at=None, **options):
        body = appropriate_body_named(appropriate_body)
        expiry = date_and_time(expires_at) if expires_at else None
        try:
            api_token, clear = create_appropriate_body_api_token(
                author=Author.system(), appropriate_body=body, description=description, expires_at=expiry
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Created '{api_token.description}' (id {api_token.pk}). Keep it safe: it is not stored.")
        self.stdout.write(clear)
