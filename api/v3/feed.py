"""The participants change feed (docs/participant-change-feed.md): an addition to v3 that existing clients never
see, because it answers only requests that send `page[cursor]`.

A cursor is an opaque token for a position in one provider's feed: the `updated_at` and row id of the last
participant served. It is only a position, so a made-up cursor shows nothing the caller could not already read.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse

from api.v3 import errors
from api.v3.rendering import json_response
from api.v3.selectors.participants import FeedKey

# How long a change waits before the feed serves it. A transaction stamps its rows when it writes them but
# others see them only when it commits; serving only changes older than the longest write transaction means no
# row can appear behind a cursor that has already passed its time.
SETTLE = dt.timedelta(seconds=60)

INVALID_CURSOR = "The '#/page[cursor]' parameter must be a cursor returned by this API, or empty to start the feed"


def encode_cursor(key: FeedKey | None) -> str:
    if key is None:
        return ""
    updated_at, row_id = key
    raw = f"{updated_at.astimezone(dt.UTC).isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> FeedKey | None:
    """None for an empty cursor (the start of the feed); a 400 for anything this API did not hand out."""
    if cursor.strip() == "":
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        updated_text, id_text = raw.split("|")
        updated_at = dt.datetime.fromisoformat(updated_text)
        row_id = int(id_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise errors.bad_parameter(INVALID_CURSOR) from None
    if updated_at.tzinfo is None or row_id < 1:
        raise errors.bad_parameter(INVALID_CURSOR)
    return updated_at, row_id


def feed_response(request: HttpRequest, data: list[dict[str, Any]], *, next_key: FeedKey | None) -> HttpResponse:
    """`data` as usual, plus where to carry on: `meta.next_cursor` and the same request at that cursor in
    `links.next`. The feed never ends: an empty page hands back the cursor it was given, to poll again later."""
    next_cursor = encode_cursor(next_key)
    query = [(key, value) for key, values in request.GET.lists() for value in values if key != "page[cursor]"]
    query.append(("page[cursor]", next_cursor))
    return json_response(
        {
            "data": data,
            "meta": {"next_cursor": next_cursor},
            "links": {"next": f"{request.path}?{urlencode(query)}"},
        }
    )
