"""Write requests' envelope `{"data": {"type": ..., "attributes": {...}}}` (lead-provider-api.md §2.3, §5.2).

`data.type` is not checked and unknown attributes are ignored, as the reference does."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest

from . import errors


def attributes(request: HttpRequest, permitted: tuple[str, ...]) -> dict[str, Any]:
    """The permitted attributes that were sent. 400 for malformed JSON, a missing or non-object `data` or
    `data.attributes`, empty attributes, or attributes with no permitted key."""
    try:
        body = orjson.loads(request.body or b"null")
    except orjson.JSONDecodeError:
        raise errors.bad_request() from None
    data = body.get("data") if isinstance(body, dict) else None
    attrs = data.get("attributes") if isinstance(data, dict) else None
    if not isinstance(attrs, dict) or not attrs:
        raise errors.bad_request()
    sent = {key: attrs[key] for key in permitted if key in attrs}
    if not sent:
        raise errors.bad_request()
    return sent
