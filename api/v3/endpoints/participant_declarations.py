"""Declarations (lead-provider-api.md §11.8, §12): list, show, create and void.

Thin: parse the request (§9 order), call the selector or the declarations services, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.body import attributes
from api.v3.query import ListQuery, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.participant_declarations import declaration_resource, declaration_resources
from core.errors import DomainError
from declarations.models import Declaration
from declarations.services.creation import UninterpretableDeclarationDate, create_declaration
from declarations.services.transitions import void_declaration
from events.authors import Author

router = Router(tags=["participant-declarations"])

PERMITTED = ("participant_id", "declaration_type", "declaration_date", "course_identifier", "evidence_held")


@router.get("")
def list_declarations(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    return data_response(
        declaration_resources(
            lead_provider_id=lead_provider(request).pk,
            cohorts=query.cohorts(),
            participant_ids=query.uuids("participant_id"),
            delivery_partner_ids=query.uuids("delivery_partner_id"),
            updated_since=query.updated_since,
            offset=query.offset,
            limit=query.limit,
        )
    )


def _shown(request: HttpRequest, api_id: str | None) -> HttpResponse:
    resource = api_id and declaration_resource(lead_provider_id=lead_provider(request).pk, api_id=api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)


@router.get("/{id}")
def show_declaration(request: HttpRequest, id: str) -> HttpResponse:
    return _shown(request, uuid_or_none(id))


@router.post("")
def create(request: HttpRequest) -> HttpResponse:
    provider = lead_provider(request)
    sent = attributes(request, permitted=PERMITTED)
    try:
        declaration = create_declaration(author=Author.lead_provider_api(provider), lead_provider=provider, **sent)
    except UninterpretableDeclarationDate as error:
        raise errors.bad_request(error.message) from None
    except DomainError as error:
        raise errors.unprocessable(error) from None
    return _shown(request, str(declaration.api_id))


@router.put("/{id}/void")
def void(request: HttpRequest, id: str) -> HttpResponse:
    """Only the caller's own declarations (§11.8.4): another provider's, even one visible in GET, is a 404."""
    provider = lead_provider(request)
    api_id = uuid_or_none(id)
    declaration = (
        Declaration.objects.filter(
            api_id=api_id,
            training_period__school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=provider,
        )
        .select_related("training_period__teacher")
        .first()
        if api_id
        else None
    )
    if declaration is None:
        raise errors.not_found()
    try:
        void_declaration(author=Author.lead_provider_api(provider), declaration=declaration)
    except DomainError as error:
        raise errors.unprocessable(error) from None
    return _shown(request, api_id)
