"""Participants (lead-provider-api.md §11.1): list and show. Thin: parse (§9 order), select, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, filters_of, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.participants import SORT_COLUMNS, participant_page, participant_resources, visible_teacher_id

router = Router(tags=["participants"])


@router.get("")
def list_participants(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    provider = lead_provider(request)
    from_participant_id = query.text("from_participant_id")
    if from_participant_id is not None and uuid_or_none(from_participant_id) is None:
        return data_response([])  # §8.5: an id that is not a UUID matches nothing
    teacher_ids = participant_page(
        provider,
        cohorts=query.cohorts(),
        updated_since=query.updated_since,
        training_status=query.text("training_status"),
        from_participant_id=from_participant_id and uuid_or_none(from_participant_id),
        sort=query.sort_keys(SORT_COLUMNS),
        offset=query.offset,
        limit=query.limit,
    )
    return data_response(participant_resources(provider, teacher_ids))


@router.get("/{id}")
def show_participant(request: HttpRequest, id: str) -> HttpResponse:
    filters_of(request)  # §8.1: `filter` must be an object on every route
    provider = lead_provider(request)
    api_id = uuid_or_none(id)
    teacher_id = api_id and visible_teacher_id(provider, api_id)
    if not teacher_id:
        raise errors.not_found()
    return data_response(participant_resources(provider, [teacher_id])[0])
