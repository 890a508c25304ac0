"""Unfunded mentors (lead-provider-api.md §11.13): list and show. Thin: parse (§9 order), select, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, filters_of, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.unfunded_mentors import SORT_COLUMNS, unfunded_mentor_resource, unfunded_mentor_resources

router = Router(tags=["unfunded-mentors"])


@router.get("")
def list_unfunded_mentors(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    return data_response(
        unfunded_mentor_resources(
            lead_provider(request),
            updated_since=query.updated_since,
            sort=query.sort_keys(SORT_COLUMNS),
            offset=query.offset,
            limit=query.limit,
        )
    )


@router.get("/{id}")
def show_unfunded_mentor(request: HttpRequest, id: str) -> HttpResponse:
    filters_of(request)  # §8.1: `filter` must be an object on every route
    api_id = uuid_or_none(id)
    resource = api_id and unfunded_mentor_resource(lead_provider(request), api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)
