"""Partnerships (lead-provider-api.md §11.12): list, show, create and correct the delivery partner.

Thin: parse in §9's order, look up within the caller's own partnerships, call the services of
`providers.services.partnerships` (which hold every rule and message), render with the selector."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.body import attributes
from api.v3.query import ListQuery, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.partnerships import (
    SORT_COLUMNS,
    own_school_partnership,
    partnership_resource,
    partnership_resources,
)
from core.errors import DomainError
from events.authors import Author
from providers.services.partnerships import create_school_partnership, update_school_partnership_delivery_partner

router = Router(tags=["partnerships"])

CREATE_ATTRIBUTES = ("cohort", "school_id", "delivery_partner_id")
UPDATE_ATTRIBUTES = ("delivery_partner_id",)


@router.get("")
def list_partnerships(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    return data_response(
        partnership_resources(
            lead_provider_id=lead_provider(request).pk,
            cohorts=query.cohorts(),
            delivery_partner_ids=query.uuids("delivery_partner_id"),
            updated_since=query.updated_since,
            sort=query.sort_keys(SORT_COLUMNS),
            offset=query.offset,
            limit=query.limit,
        )
    )


@router.get("/{id}")
def show_partnership(request: HttpRequest, id: str) -> HttpResponse:
    api_id = uuid_or_none(id)
    resource = api_id and partnership_resource(lead_provider_id=lead_provider(request).pk, api_id=api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)


@router.post("")
def create_partnership(request: HttpRequest) -> HttpResponse:
    provider = lead_provider(request)
    sent = attributes(request, permitted=CREATE_ATTRIBUTES)
    try:
        partnership = create_school_partnership(
            author=Author.lead_provider_api(provider),
            lead_provider=provider,
            cohort=sent.get("cohort"),
            school_api_id=sent.get("school_id"),
            delivery_partner_api_id=sent.get("delivery_partner_id"),
        )
    except DomainError as error:
        raise errors.unprocessable(error) from None
    return data_response(partnership_resource(lead_provider_id=provider.pk, api_id=str(partnership.api_id)))


@router.put("/{id}")
def update_partnership(request: HttpRequest, id: str) -> HttpResponse:
    provider = lead_provider(request)
    api_id = uuid_or_none(id)
    partnership = api_id and own_school_partnership(lead_provider_id=provider.pk, api_id=api_id)
    if not partnership:  # §9: the lookup (404) comes before the body (400)
        raise errors.not_found()
    sent = attributes(request, permitted=UPDATE_ATTRIBUTES)
    try:
        update_school_partnership_delivery_partner(
            author=Author.lead_provider_api(provider),
            school_partnership=partnership,
            delivery_partner_api_id=sent.get("delivery_partner_id"),
        )
    except DomainError as error:
        raise errors.unprocessable(error) from None
    return data_response(partnership_resource(lead_provider_id=provider.pk, api_id=str(partnership.api_id)))
