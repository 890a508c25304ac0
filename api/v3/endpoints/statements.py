"""Statements (lead-provider-api.md §11.9): list and show the caller's output-fee statements. Thin: parse (§9
order), select, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.statements import statement_resource, statement_resources

router = Router(tags=["statements"])


@router.get("")
def list_statements(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    return data_response(
        statement_resources(
            lead_provider_id=lead_provider(request).pk,
            cohorts=query.cohorts(),
            updated_since=query.updated_since,
            offset=query.offset,
            limit=query.limit,
        )
    )


@router.get("/{id}")
def show_statement(request: HttpRequest, id: str) -> HttpResponse:
    api_id = uuid_or_none(id)
    resource = api_id and statement_resource(lead_provider_id=lead_provider(request).pk, api_id=api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)
