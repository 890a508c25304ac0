"""`write_event`: the one writer of Event rows. It checks what the reference checks (BR-E-01, BR-E-02,
saved links) and tells the service watcher an event was written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from core import clock
from core.services import note_event_written
from events.authors import Author
from events.models import Event
from events.types import AuthorType, EventType

LINK_FIELDS = frozenset(
    f.name for f in Event._meta.get_fields() if isinstance(f, models.ForeignKey) and f.name not in {"author"}
)


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
    if type not in EventType.values:
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
    event = Event.objects.create(
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
    note_event_written(event.pk)
    return event


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
