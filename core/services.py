"""`@service`: one action is one transaction with an explicit author, and no write without an event.

The watcher counts INSERT/UPDATE/DELETE statements on domain tables while a service runs; if any ran
and none of the events written is still there at the end (an event written inside a savepoint that was
rolled back does not count), the service raises `MissingEvent` instead of committing. Nested services
share the outermost watcher.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import connection, transaction

P = ParamSpec("P")
R = TypeVar("R")

# Tables a service may write without that being a change to someone's record (`metadata_`: derived caches).
UNAUDITED_TABLES = ("events", "procrastinate_", "django_session", "metadata_")
WRITE_STATEMENT = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)


class MissingEvent(RuntimeError):
    pass


@dataclass
class _Watch:
    writes: int = 0
    event_ids: list[int] = dataclasses.field(default_factory=list)

    def kept_an_event(self) -> bool:
        from events.models import Event

        return bool(self.event_ids) and Event.objects.filter(pk__in=self.event_ids).exists()


_current: contextvars.ContextVar[_Watch | None] = contextvars.ContextVar("service_watch", default=None)


def note_event_written(event_id: int) -> None:
    watch = _current.get()
    if watch is not None:
        watch.event_ids.append(event_id)


def _count_writes(watch: _Watch):
    def wrapper(execute, sql, params, many, context):
        match = WRITE_STATEMENT.match(sql)
        if match and not match.group(2).startswith(UNAUDITED_TABLES):
            watch.writes += 1
        return execute(sql, params, many, context)

    return wrapper


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a domain service: keyword `author` required, atomic, audited."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> R:
        if "author" not in kwargs:
            raise TypeError(f"{func.__qualname__}() needs an explicit author")
        if _current.get() is not None:  # nested: the outer service watches
            with transaction.atomic():
                return func(*args, **kwargs)
        watch = _Watch()
        token = _current.set(watch)
        try:
            with transaction.atomic(), connection.execute_wrapper(_count_writes(watch)):
                result = func(*args, **kwargs)
                if watch.writes and not watch.kept_an_event():
                    raise MissingEvent(f"{func.__qualname__} changed data without recording an event")
                return result
        finally:
            _current.reset(token)

    return run


def apply_changes(instance: Any, **values: Any) -> dict[str, tuple[Any, Any]]:
    """Set the given attributes; return `{field: (old, new)}` for those that really changed and save them."""
    changes = {}
    for field, new in values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = (old, new)
            setattr(instance, field, new)
    if changes:
        instance.save(update_fields=[*changes, *(["updated_at"] if hasattr(instance, "updated_at") else [])])
    return changes
