"""Events about DfE staff accounts (journeys.md §6.9, §6.11): added and changed by a user manager."""

from __future__ import annotations

from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def dfe_user_created(*, author: Author, user: Any) -> Event:
    return write_event(
        type=EventType.DFE_USER_CREATED,
        author=author,
        heading=f"{user.name} was added as a DfE user ({user.get_role_display()})",
        user=user,
    )


def dfe_user_updated(*, author: Author, user: Any, modifications: list[str]) -> Event:
    return write_event(
        type=EventType.DFE_USER_UPDATED,
        author=author,
        heading=f"{user.name}’s DfE user account was updated",
        modifications=modifications,
        user=user,
    )
