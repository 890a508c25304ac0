"""What the token commands share: finding a provider or a token, and reading a date and time from the command line."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from api.models import APIToken
from core.clock import LONDON
from providers.models import LeadProvider


def lead_provider_named(name_or_id: str) -> LeadProvider:
    provider = LeadProvider.objects.filter(name=name_or_id).first()
    if provider is None and name_or_id.isdigit():
        provider = LeadProvider.objects.filter(pk=int(name_or_id)).first()
    if provider is None:
        raise CommandError(f"No lead provider called {name_or_id!r}")
    return provider


def api_token_with_id(token_id: int) -> APIToken:
    api_token = APIToken.objects.select_related("lead_provider").filter(pk=token_id).first()
    if api_token is None:
        raise CommandError(f"No API token with id {token_id}")
    return api_token


def date_and_time(text: str) -> dt.datetime:
    """ISO 8601, a date alone meaning its midnight; without an offset, London time (as users would read it)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date and time such as 2027-01-31 or 2027-01-31T17:00") from None
    return value if value.tzinfo else value.replace(tzinfo=LONDON)
