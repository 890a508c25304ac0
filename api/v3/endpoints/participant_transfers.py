"""Participant transfers (lead-provider-api.md §11.7): list and show. Registered before `participants`, so
`/participants/transfers` is never read as a participant id (§1.1)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, filters_of, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.participant_transfers import SORT_COLUMNS, transfer_page, transfer_resource, transfer_resources

router = Router(tags=["participants"])


@router.get("/transfers")
def list_transfers(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    provider = lead_provider(request)
    teacher_ids = transfer_page(
        provider,
        updated_since=query.updated_since,
        sort=query.sort_keys(SORT_COLUMNS),
        offset=query.offset,
        limit=query.limit,
    )
    return data_response(transfer_resources(provider, teacher_ids))


@router.get("/{id}/transfers")
def show_transfers(request: HttpRequest, id: str) -> HttpResponse:
    filters_of(request)  # §8.1: `filter` must be an object on every route
    api_id = uuid_or_none(id)
    resource = api_id and transfer_resource(lead_provider(request), api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)
