"""Lead provider API tokens (domain.md §5.21.2, BR-LP-17; lead-provider-api.md §3.1).

A token is 32 characters of cryptographically random base-58 text. Only its SHA-256 digest is stored, so the clear
token is shown once, when it is created. Looking a token up by its digest accepts it only while it is neither
revoked nor expired, and touches `last_used_at`. Revoking keeps the row (with `revoked_at`) for the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from appropriate_bodies.models import AppropriateBodyPeriod
from core import clock
from core.errors import DomainError
from core.services import service
from events.authors import Author
from events.record import providers as record
from events.recorder import write_event
from events.types import EventType
from providers import messages
from providers.models import LeadProvider

from .models import APIToken

TOKEN_LENGTH = 32
# Base 58: letters and digits without 0, O, I and l (lead-provider-api.md §3.1).
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def generate_token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_description(lead_provider: LeadProvider) -> str:
    return f"A lead provider token for {lead_provider.name}"


@service
def create_api_token(
    *,
    author: Author,
    lead_provider: LeadProvider | None,
    description: str | None = None,
    expires_at: dt.datetime | None = None,
    token: str | None = None,
) -> tuple[APIToken, str]:
    """BR-LP-17: a token for one lead provider. Returns the stored row and the clear token, which is not kept.
    `token` lets seeds use a known value (development tokens are the provider's slug, §15.3); it must be unique.
    Event `lead_provider_api_token_created`."""
    if lead_provider is None:
        raise DomainError("lead_provider", messages.API_TOKEN_LEAD_PROVIDER_REQUIRED)
    api_token, clear = _store_token(
        token=token,
        description=(description or "").strip() or default_description(lead_provider),
        expires_at=expires_at,
        lead_provider=lead_provider,
    )
    record.lead_provider_api_token_created(author=author, api_token=api_token)
    return api_token, clear


def _store_token(
    *, token: str | None, description: str, expires_at: dt.datetime | None, **owner: Any
) -> tuple[APIToken, str]:
    """A new token's row (only its hash is kept) for its one owner, and the clear token; a token already in use is
    refused, even when another request stores the same one at the same moment."""
    clear = token or generate_token()
    digest = hash_token(clear)
    if APIToken.objects.filter(hashed_token=digest).exists():
        raise DomainError("hashed_token", messages.API_TOKEN_NOT_UNIQUE)
    try:
        with transaction.atomic():
            api_token = APIToken.objects.create(
                hashed_token=digest, description=description, expires_at=expires_at, **owner
            )
    except IntegrityError as error:  # api_tokens_hashed_token_key: a concurrent duplicate
        raise DomainError("hashed_token", messages.API_TOKEN_NOT_UNIQUE) from error
    return api_token, clear


def usable_api_tokens() -> QuerySet[APIToken]:
    """Not revoked and not expired, now."""
    now = clock.now()
    return APIToken.objects.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def find_api_token(token: str | None) -> APIToken | None:
    """The usable token with this clear value, its `last_used_at` touched; None when unknown, revoked or expired.
    (A read that also records usage, as the reference does on each successful authentication; no event.)"""
    if not token:
        return None
    api_token = usable_api_tokens().select_related("lead_provider").filter(hashed_token=hash_token(token)).first()
    if api_token is None:
        return None
    api_token.last_used_at = clock.now()
    APIToken.objects.filter(pk=api_token.pk).update(last_used_at=api_token.last_used_at)
    return api_token


def lead_provider_for_token(token: str | None) -> LeadProvider | None:
    api_token = find_api_token(token)
    return api_token.lead_provider if api_token else None


@service
def revoke_api_token(*, author: Author, api_token: APIToken) -> APIToken:
    """The token stops working at once. Event `lead_provider_api_token_revoked`; revoking twice changes nothing."""
    api_token = (
        APIToken.objects.select_for_update(of=("self",))
        .select_related("lead_provider", "appropriate_body")
        .get(pk=api_token.pk)
    )
    if api_token.revoked_at is not None:
        return api_token
    api_token.revoked_at = clock.now()
    api_token.save(update_fields=["revoked_at", "updated_at"])
    if api_token.appropriate_body_id is not None:
        _appropriate_body_token_event(EventType.APPROPRIATE_BODY_API_TOKEN_REVOKED, "revoked", author, api_token)
    else:
        record.lead_provider_api_token_revoked(author=author, api_token=api_token)
    return api_token


@service
def set_api_token_expiry(*, author: Author, api_token: APIToken, expires_at: dt.datetime | None = None) -> APIToken:
    """The token stops working from `expires_at` (now when not given), so a provider can be given time to rotate.
    Event `lead_provider_api_token_expiry_set`. A revoked token stays revoked; its expiry is left alone."""
    api_token = (
        APIToken.objects.select_for_update(of=("self",))
        .select_related("lead_provider", "appropriate_body")
        .get(pk=api_token.pk)
    )
    if api_token.revoked_at is not None:
        return api_token
    api_token.expires_at = expires_at or clock.now()
    api_token.save(update_fields=["expires_at", "updated_at"])
    if api_token.appropriate_body_id is not None:
        _appropriate_body_token_event(
            EventType.APPROPRIATE_BODY_API_TOKEN_EXPIRY_SET, "given an expiry", author, api_token
        )
    else:
        record.lead_provider_api_token_expiry_set(author=author, api_token=api_token)
    return api_token


def api_tokens(*, lead_provider: LeadProvider | None = None, include_unusable: bool = False) -> QuerySet[APIToken]:
    """Tokens (never their clear values), oldest first; by default only the usable ones."""
    tokens = APIToken.objects.all() if include_unusable else usable_api_tokens()
    if lead_provider is not None:
        tokens = tokens.filter(lead_provider=lead_provider)
    return tokens.select_related("lead_provider", "appropriate_body").order_by("created_at", "pk")


# Appropriate body tokens (docs/appropriate-body-api.md) ----------------------------------------------------


def default_appropriate_body_description(appropriate_body: AppropriateBodyPeriod) -> str:
    return f"An appropriate body token for {appropriate_body.name}"


@service
def create_appropriate_body_api_token(
    *,
    author: Author,
    appropriate_body: AppropriateBodyPeriod,
    description: str | None = None,
    expires_at: dt.datetime | None = None,
    token: str | None = None,
) -> tuple[APIToken, str]:
    """A token for the appropriate body API: it works there only, never on the lead provider API (the row has no
    lead provider). Returns the stored row and the clear token, which is not kept. `token` lets development seeds
    use a known value. Event `appropriate_body_api_token_created`."""
    api_token, clear = _store_token(
        token=token,
        description=(description or "").strip() or default_appropriate_body_description(appropriate_body),
        expires_at=expires_at,
        appropriate_body=appropriate_body,
    )
    write_event(
        type=EventType.APPROPRIATE_BODY_API_TOKEN_CREATED,
        author=author,
        heading=f"An API token was created for appropriate body: {appropriate_body.name}",
        metadata={"description": api_token.description, "api_token_id": api_token.pk},
        appropriate_body_period=appropriate_body,
    )
    return api_token, clear


def appropriate_body_for_token(token: str | None) -> AppropriateBodyPeriod | None:
    """The appropriate body a usable token belongs to; None for unknown, revoked, expired or lead provider tokens."""
    api_token = find_api_token(token)
    if api_token is None or api_token.appropriate_body_id is None:
        return None
    return AppropriateBodyPeriod.objects.get(pk=api_token.appropriate_body_id)


def owner_name(api_token: APIToken) -> str:
    """The lead provider or appropriate body the token belongs to (exactly one, `api_tokens_one_owner`)."""
    return (api_token.lead_provider or api_token.appropriate_body).name


def _appropriate_body_token_event(type: EventType, what: str, author: Author, api_token: APIToken) -> None:
    body = api_token.appropriate_body
    write_event(
        type=type,
        author=author,
        heading=f"An API token was {what} for appropriate body: {body.name}",
        metadata={"description": api_token.description, "api_token_id": api_token.pk},
        appropriate_body_period=body,
    )
