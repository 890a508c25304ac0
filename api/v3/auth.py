"""Who is calling (lead-provider-api.md §3): a bearer token that belongs to one lead provider.

Every v3 query is scoped to `request.auth`, the calling LeadProvider; there is no 403 (§3.4)."""

from __future__ import annotations

import re

from django.http import HttpRequest

from api.tokens import lead_provider_for_token
from providers.models import LeadProvider

from .query import filters_of

SCHEME = re.compile(r"^(?:Bearer|Token)\s+(.*)$", re.DOTALL)
SEPARATORS = re.compile(r"\s*[,;\t]\s*")


def token_from_header(header: str | None) -> str | None:
    """§3.2, as HTTP token parsing does it: `Bearer` or `Token` (case-sensitive), the first piece before
    `,`, `;` or tab, without a `token=` prefix or surrounding double quotes."""
    if not header:
        return None
    match = SCHEME.match(header)
    if not match:
        return None
    first = SEPARATORS.split(match.group(1).strip())[0]
    if first.startswith("token="):
        first = first[len("token=") :]
    first = first.strip('"')
    return first or None


class LeadProviderAuth:
    """django-ninja authentication: returns the LeadProvider (truthy) or None for a 401.

    The `filter` shape check (§8.1) runs here, straight after authentication, because §9 puts it before
    anything an endpoint does, on every route and method."""

    def __call__(self, request: HttpRequest) -> LeadProvider | None:
        lead_provider = lead_provider_for_token(token_from_header(request.headers.get("Authorization")))
        if lead_provider is None:
            return None
        filters_of(request)
        return lead_provider


def lead_provider(request: HttpRequest) -> LeadProvider:
    """The authenticated caller."""
    return request.auth  # type: ignore[attr-defined]
