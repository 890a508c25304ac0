"""Delivery partners (lead-provider-api.md §11.11): list and show. Thin: parse (§9 order), select, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, filters_of, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.delivery_partners import SORT_COLUMNS, delivery_partner_resource, delivery_partner_resources

router = Router(tags=["delivery-partners"])


@router.get("")
def list_delivery_partners(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    return data_response(
        delivery_partner_resources(
            lead_provider_id=lead_provider(request).pk,
            cohorts=query.cohorts(),
            sort=query.sort_keys(SORT_COLUMNS),
            offset=query.offset,
            limit=query.limit,
        )
    )


@router.get("/{id}")
def show_delivery_partner(request: HttpRequest, id: str) -> HttpResponse:
    filters_of(request)  # §8.1: `filter` must be an object on every route
    api_id = uuid_or_none(id)
    resource = api_id and delivery_partner_resource(lead_provider_id=lead_provider(request).pk, api_id=api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)
