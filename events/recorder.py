"""`write_event`: the one writer of Event rows. It checks what the reference checks (BR-E-01, BR-E-02,
saved links) and tells the service watcher an event was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models

from core import clock
from core.bulk_sql import insert_rows
from core.services import note_event_written
from events.authors import Author
from events.models import Event
from events.types import AuthorType, EventType

LINK_FIELDS = frozenset(
    f.name for f in Event._meta.get_fields() if isinstance(f, models.ForeignKey) and f.name not in {"author"}
)


EVENT_TYPES = frozenset(EventType.values)  # `EventType.values` builds its list again on every call


class InvalidEvent(ValueError):
    pass


def write_event(
    *,
    type: EventType,
    author: Author,
    heading: str,
    happened_at: dt.datetime | None = None,
    body: str | None = None,
    modifications: list[str] | None = None,
    metadata: dict[str, Any] | None = None,
    zendesk_ticket_id: int | None = None,
    **links: models.Model | None,
) -> Event:
    if type not in EVENT_TYPES:
        raise InvalidEvent(f"Unknown event type {type!r}")
    if not heading:
        raise InvalidEvent("An event needs a heading")
    if author.type not in (AuthorType.SYSTEM, AuthorType.LEAD_PROVIDER_API) and not (author.user_id or author.email):
        raise InvalidEvent("Author is missing")
    unknown = set(links) - LINK_FIELDS
    if unknown:
        raise InvalidEvent(f"Unknown event links: {sorted(unknown)}")
    for name, obj in links.items():
        if obj is not None and obj.pk is None:
            raise InvalidEvent(f"Linked {name} is not saved")
    links = {name: obj for name, obj in links.items() if obj is not None}
    if author.lead_provider_id and "lead_provider" not in links:
        links["lead_provider_id"] = author.lead_provider_id
    event = Event(
        event_type=type,
        heading=heading,
        body=body,
        happened_at=happened_at or clock.now(),
        author_type=author.type,
        author_id=author.user_id,
        author_email=author.email,
        author_name=author.name,
        modifications=modifications,
        metadata=metadata,
        zendesk_ticket_id=zendesk_ticket_id,
        **links,
    )
    collected = _collected.get()
    if collected is not None:
        collected.append(event)
        return event
    event.save(force_insert=True)
    note_event_written(event.pk)
    return event


_collected: ContextVar[list[Event] | None] = ContextVar("collected_events", default=None)


@contextmanager
def events_saved_together() -> Iterator[list[Event]]:
    """Inside, `write_event` checks and builds each event as always but keeps it; on leaving without an error
    they are all inserted in one statement (a bulk action's thousands of events). Nothing inside may need an
    event's id before then. On an error nothing is inserted."""
    events: list[Event] = []
    token = _collected.set(events)
    try:
        yield events
    finally:
        _collected.reset(token)
    insert_rows(Event, events)
    for event in events:
        note_event_written(event.pk)


def describe_changes(changes: dict[str, tuple[Any, Any]]) -> list[str]:
    """`{field: (old, new)}` as the human-readable list events keep in `modifications`."""
    lines = []
    for field, (old, new) in changes.items():
        label = field.replace("_", " ").capitalize()
        if old in (None, ""):
            lines.append(f"{label} set to '{new}'")
        elif new in (None, ""):
            lines.append(f"{label} '{old}' removed")
        else:
            lines.append(f"{label} changed from '{old}' to '{new}'")
    return lines
