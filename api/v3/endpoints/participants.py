"""Participants (lead-provider-api.md §11.1): list and show. Thin: parse (§9 order), select, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors, feed
from api.v3.auth import lead_provider
from api.v3.query import ListQuery, filters_of, uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.participants import (
    SORT_COLUMNS,
    participant_feed_page,
    participant_page,
    participant_resources,
    visible_teacher_id,
)
from core import clock

router = Router(tags=["participants"])


@router.get("")
def list_participants(request: HttpRequest) -> HttpResponse:
    query = ListQuery.parse(request)
    provider = lead_provider(request)
    if query.cursor is not None:
        return _feed(request, query)
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


def _feed(request: HttpRequest, query: ListQuery) -> HttpResponse:
    """`page[cursor]` given: the change feed (docs/participant-change-feed.md). `sort` and `page[page]` do not
    apply; the order is always oldest change first."""
    provider = lead_provider(request)
    after = feed.decode_cursor(query.cursor)
    keys = participant_feed_page(
        provider,
        after=after,
        settled_before=clock.now() - feed.SETTLE,
        cohorts=query.cohorts(),
        updated_since=query.updated_since,
        training_status=query.text("training_status"),
        limit=query.limit,
    )
    data = participant_resources(provider, [teacher_id for _, teacher_id in keys])
    return feed.feed_response(request, data, next_key=keys[-1] if keys else after)


@router.get("/{id}")
def show_participant(request: HttpRequest, id: str) -> HttpResponse:
    filters_of(request)  # §8.1: `filter` must be an object on every route
    provider = lead_provider(request)
    api_id = uuid_or_none(id)
    teacher_id = api_id and visible_teacher_id(provider, api_id)
    if not teacher_id:
        raise errors.not_found()
    return data_response(participant_resources(provider, [teacher_id])[0])
