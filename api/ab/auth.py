"""Who is calling the appropriate body API: a bearer token that belongs to one appropriate body.

Every query is scoped to `request.auth`, the calling body; a lead provider's token is refused (401) here, as an
appropriate body's token is refused by the lead provider API."""

from __future__ import annotations

from django.http import HttpRequest

from api.tokens import appropriate_body_for_token
from api.v3.auth import token_from_header
from appropriate_bodies.models import AppropriateBodyPeriod
from events.authors import Author
from events.types import AuthorType

API_AUTHOR_EMAIL = "appropriate-body-api"


class AppropriateBodyAuth:
    """django-ninja authentication: the AppropriateBodyPeriod (truthy), or None for a 401."""

    def __call__(self, request: HttpRequest) -> AppropriateBodyPeriod | None:
        return appropriate_body_for_token(token_from_header(request.headers.get("Authorization")))


def appropriate_body(request: HttpRequest) -> AppropriateBodyPeriod:
    return request.auth  # type: ignore[attr-defined]


def author(request: HttpRequest) -> Author:
    """Events name the body's API as acting for the body, so the services' "only your own ECTs" checks apply.
    There is no person behind a token, so the author's email is a fixed marker rather than someone's address."""
    body = appropriate_body(request)
    return Author(
        AuthorType.APPROPRIATE_BODY_USER,
        email=API_AUTHOR_EMAIL,
        name=f"{body.name} (API)",
        appropriate_body_period_id=body.pk,
    )
