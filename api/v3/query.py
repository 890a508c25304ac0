"""Reading a v3 request's query string the way the reference does (lead-provider-api.md §6–§8).

Parameters are Rack-style nested keys (`filter[cohort]=2025`, `filter[cohort][]=2025`, `page[per_page]=50`).
Parsing never fails on a malformed element of a list filter: it drops it, so a filter whose every element is
malformed matches nothing. Only the errors §5.2 lists are errors, raised in §9's order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from django.http import HttpRequest, QueryDict

from . import errors

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000

COHORT = re.compile(r"^\d+$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LEADING_INTEGER = re.compile(r"^\s*([+-]?\d+(?:_\d+)*)")
ISO_8601 = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt](?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?)?"
    r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<zone_hours>\d{2})(?::?(?P<zone_minutes>\d{2}))?)?$"
)
KEY_PART = re.compile(r"\[([^\]]*)\]")


def nested(query: QueryDict, root: str) -> str | dict | None:
    """The value of `root` as Rack builds it: a string for `root=x`; a dict for `root[k]=...`, whose values are
    strings (`root[k]=v`), lists (`root[k][]=v`, repeatable) or dicts (`root[k][j]=v`); None when absent.
    A scalar wins over bracketed keys. Deeper nesting is ignored: no v3 parameter uses it."""
    if root in query:
        return query[root]
    tree: dict[str, Any] = {}
    found = False
    for key, values in query.lists():
        if not key.startswith(root + "["):
            continue
        parts = KEY_PART.findall(key[len(root) :])
        if "".join(f"[{part}]" for part in parts) != key[len(root) :]:
            continue
        found = True
        match parts:
            case [name]:
                tree[name] = values[-1]
            case [name, ""]:
                existing = tree.get(name)
                tree[name] = (existing if isinstance(existing, list) else []) + values
            case [name, inner]:
                existing = tree.get(name)
                tree[name] = (existing if isinstance(existing, dict) else {}) | {inner: values[-1]}
    return tree if found else None


def leading_integer(value: Any) -> int:
    """Ruby's `to_i`: the leading integer of a string, 0 when there is none."""
    if not isinstance(value, str):
        return 0
    match = LEADING_INTEGER.match(value)
    return int(match.group(1).replace("_", "")) if match else 0


def split_list(value: Any) -> list[str]:
    """Comma-separated text, or `[]` repeated keys, as one list of elements."""
    if isinstance(value, list):
        return [piece for item in value if isinstance(item, str) for piece in item.split(",")]
    if isinstance(value, str):
        return value.split(",")
    return []


def parse_timestamp(value: str) -> dt.datetime | None:
    """§8.4's grammar; a value without a zone is UTC. None when it doesn't parse or names an impossible time."""
    match = ISO_8601.match(value.strip())
    if not match:
        return None
    parts = match.groupdict()
    try:
        zone = dt.UTC
        if parts["sign"]:
            offset = dt.timedelta(hours=int(parts["zone_hours"]), minutes=int(parts["zone_minutes"] or 0))
            zone = dt.timezone(offset if parts["sign"] == "+" else -offset)
        fraction = parts["fraction"] or ".0"
        return dt.datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            round(float(fraction) * 1_000_000) if len(fraction) > 1 else 0,
            tzinfo=zone,
        )
    except ValueError:
        return None


def filters_of(request: HttpRequest) -> dict[str, Any]:
    """§8.1: `filter` must be an object when present, on every route and method."""
    value = nested(request.GET, "filter")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise errors.bad_parameter(errors.FILTER_MUST_BE_A_HASH)
    return value


@dataclass(frozen=True)
class ListQuery:
    """A collection request's filters, page and sort, validated in §9's order."""

    filters: dict[str, Any]
    page: int
    per_page: int
    updated_since: dt.datetime | None
    sort: str | None
    cursor: str | None = None  # `page[cursor]`: the participants change feed (api/v3/feed.py), beyond the reference

    @classmethod
    def parse(cls, request: HttpRequest, *, required_filters: tuple[str, ...] = ()) -> ListQuery:
        filters = filters_of(request)
        missing = [name for name in required_filters if name not in filters]
        if missing:
            raise errors.ApiError(
                400, [(errors.BAD_PARAMETER, errors.required_filter_missing(name)) for name in missing]
            )
        updated_since = None
        raw_since = filters.get("updated_since")
        if isinstance(raw_since, str) and raw_since != "":
            updated_since = parse_timestamp(unquote_plus(raw_since))
            if updated_since is None:
                raise errors.bad_request(errors.INVALID_UPDATED_SINCE)
        elif raw_since not in (None, ""):
            raise errors.bad_request(errors.INVALID_UPDATED_SINCE)
        page, per_page, cursor = 1, DEFAULT_PER_PAGE, None
        paging = nested(request.GET, "page")
        if isinstance(paging, dict):  # a scalar `page=2` is treated as absent (§6)
            if isinstance(paging.get("cursor"), str):
                cursor = paging["cursor"]
            if "page" in paging:
                page = leading_integer(paging["page"])
            if "per_page" in paging:
                per_page = leading_integer(paging["per_page"])
            if page < 1 or per_page < 1:
                raise errors.bad_request(errors.INVALID_PAGINATION)
        sort = request.GET.get("sort")
        return cls(filters, page, min(per_page, MAX_PER_PAGE), updated_since, sort, cursor)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def limit(self) -> int:
        return self.per_page

    def has(self, name: str) -> bool:
        """A filter given with a non-empty value (an empty one counts as absent, §8.1)."""
        value = self.filters.get(name)
        return value not in (None, "", [])

    def cohorts(self, name: str = "cohort") -> list[int] | None:
        """§8.2 cohort list: None when absent; otherwise the well-formed years (maybe none, matching nothing)."""
        if not self.has(name):
            return None
        return [int(piece) for piece in split_list(self.filters[name]) if COHORT.match(piece)]

    def uuids(self, name: str) -> list[str] | None:
        """§8.2 UUID list: None when absent; otherwise the well-formed ids, lower-cased."""
        if not self.has(name):
            return None
        return [piece.lower() for piece in split_list(self.filters[name]) if UUID.match(piece)]

    def text(self, name: str) -> str | None:
        """A single-valued filter as given, None when absent or empty."""
        value = self.filters.get(name)
        return value if isinstance(value, str) and value != "" else None

    def single_integer(self, name: str) -> int | None:
        """A single value with leading-integer semantics (schools `cohort`, `urn`, §8.3): None when it has no
        leading digits, so it matches nothing."""
        value = self.filters.get(name)
        if not isinstance(value, str):
            return None
        match = re.match(r"^\s*\d+", value)
        return int(match.group(0)) if match else None

    def sort_keys(self, allowed: dict[str, str]) -> list[tuple[str, bool]]:
        """§7.2: `[(column, descending)]` for the recognised fields, in the order given; empty means "use the
        default order". `allowed` maps public field names to columns. Callers append a tie-breaker."""
        keys = []
        for field in (self.sort or "").split(","):
            descending = field.startswith("-")
            name = field[1:] if field[:1] in "-+" and field else field
            if name in allowed:
                keys.append((allowed[name], descending))
        return keys


def uuid_or_none(value: str) -> str | None:
    """A path id that is not a UUID matches nothing (404, never 400; §2.3)."""
    return value.lower() if UUID.match(value) else None
