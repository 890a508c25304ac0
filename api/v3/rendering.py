"""Building v3 responses: the `{"data": ...}` envelope, encoded once with orjson (no per-field serialiser on the
hot path), and the value formats of lead-provider-api.md §4.3."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import orjson
from django.http import HttpResponse

CONTENT_TYPE = "application/json; charset=utf-8"

# For selectors that format in SQL: a timestamptz as `2025-09-14T08:03:11Z` (UTC, whole seconds).
SQL_TIMESTAMP_FORMAT = """'YYYY-MM-DD"T"HH24:MI:SS"Z"'"""


def sql_timestamp(column: str) -> str:
    """SQL that renders `column` (timestamptz) in the API's format, or NULL."""
    return f"to_char({column} AT TIME ZONE 'UTC', {SQL_TIMESTAMP_FORMAT})"


def timestamp(moment: dt.datetime | None) -> str | None:
    """§4.3: UTC, RFC 3339, whole seconds (truncated, not rounded), `Z` suffix."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def year(value: int | None) -> str | None:
    """Cohorts and URNs are JSON strings of the integer."""
    return str(value) if value is not None else None


def trn(value: str | None) -> str | None:
    return value.zfill(7) if value else None


def api_id(value: uuid.UUID | str | None) -> str | None:
    return str(value).lower() if value is not None else None


def resource(id: uuid.UUID | str, type: str, attributes: dict[str, Any]) -> dict[str, Any]:
    """`id`, `type`, `attributes`, in that order (§4.1)."""
    return {"id": api_id(id), "type": type, "attributes": attributes}


def json_response(body: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), status=status, content_type=CONTENT_TYPE)


def data_response(data: dict[str, Any] | list[dict[str, Any]]) -> HttpResponse:
    """200 with `{"data": ...}`; creates answer 200 too (§2.4)."""
    return json_response({"data": data})
