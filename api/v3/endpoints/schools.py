"""Schools for a cohort (lead-provider-api.md §11.10): list and show, `filter[cohort]` mandatory on both (§8.3).
Thin: parse (§9 order), select, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, filters_of, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.schools import SORT_COLUMNS, school_resource, school_resources

router = Router(tags=["schools"])

REQUIRED = ("cohort",)


@router.get("")
def list_schools(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request, required_filters=REQUIRED)
    return data_response(
        school_resources(
            lead_provider_id=lead_provider(request).pk,
            cohort=query.single_integer("cohort"),
            urn=query.single_integer("urn"),
            urn_given=query.has("urn"),
            updated_since=query.updated_since,
            sort=query.sort_keys(SORT_COLUMNS),
            offset=query.offset,
            limit=query.limit,
        )
    )


@router.get("/{id}")
def show_school(request: HttpRequest, id: str) -> HttpResponse:
    filters = filters_of(request)
    missing = [name for name in REQUIRED if name not in filters]
    if missing:
        raise errors.ApiError(400, [(errors.BAD_PARAMETER, errors.required_filter_missing(name)) for name in missing])
    # `updated_since`, pages and sort mean nothing here and are not checked (§8.4); the cohort is read as on the list.
    cohort = ListQuery(filters=filters, page=1, per_page=1, updated_since=None, sort=None).single_integer("cohort")
    api_id = uuid_or_none(id)
    resource = api_id and school_resource(lead_provider_id=lead_provider(request).pk, cohort=cohort, api_id=api_id)
    if not resource:
        raise errors.not_found()
    return data_response(resource)
