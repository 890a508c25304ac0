"""Rate limits (lead-provider-api.md §15.1), checked before anything else looks at the request.

Three counters, each in fixed windows of `RATE_LIMIT_PERIOD` seconds aligned to the Unix epoch:
- the API (every path under `/api/` except documentation and guidance), keyed by the exact `Authorization`
  header value (only requests that carry one; the value is stored as a SHA-256 digest, never in clear);
- documentation and guidance pages, keyed by client IP;
- everything, keyed by client IP (`X-Real-IP` when present, else the connection's address), as a backstop.

Counts live in PostgreSQL so that every server process shares them: one upsert per request increments all
the counters that apply and returns their new values. Windows older than the previous one are pruned once
per window by each process. Throttled requests get a plain-text 429 with no `Retry-After`, as the reference
sends, and are logged."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
DOCUMENTATION_PREFIXES = ("/api/guidance", "/api/docs")

UPSERT = """
INSERT INTO rate_limit_counters AS counter (key, bucket, count)
SELECT key, %s, 1 FROM unnest(%s::text[]) AS key
ON CONFLICT (key, bucket) DO UPDATE SET count = counter.count + 1
RETURNING key, count
"""
PRUNE = "DELETE FROM rate_limit_counters WHERE bucket < %s"


def client_ip(request: HttpRequest) -> str:
    return request.headers.get("X-Real-IP") or request.META.get("REMOTE_ADDR") or "unknown"


def limits_for(request: HttpRequest) -> dict[str, int]:
    """The counters this request counts against, by key, with their limits."""
    path = request.path
    ip = client_ip(request)
    limits = {f"ip:{ip}": settings.RATE_LIMIT_PER_IP}
    if path.startswith(DOCUMENTATION_PREFIXES):
        limits[f"docs:{ip}"] = settings.RATE_LIMIT_DOCUMENTATION_PER_IP
    elif path.startswith(API_PREFIX):
        authorization = request.headers.get("Authorization")
        if authorization is not None:
            digest = hashlib.sha256(authorization.encode("utf-8", "surrogateescape")).hexdigest()
            limits[f"auth:{digest}"] = settings.RATE_LIMIT_PER_AUTHORIZATION
    return limits


def throttled() -> HttpResponse:
    return HttpResponse("Retry later\n", status=429, content_type="text/plain")


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.pruned_before: int | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.RATE_LIMIT_ENABLED:
            return self.get_response(request)
        limits = limits_for(request)
        try:
            counts = self.count(sorted(limits), bucket=int(time.time()) // settings.RATE_LIMIT_PERIOD)
        except DatabaseError:
            # Fail open: an unreachable database is the health check's to report, not a reason to refuse.
            logger.exception("Rate limit counters unavailable")
            return self.get_response(request)
        exceeded = [key for key, limit in limits.items() if counts.get(key, 0) > limit]
        if exceeded:
            logger.warning(
                "Throttled %s %s from %s (%s)",
                request.method,
                request.path,
                client_ip(request),
                ", ".join(key.split(":", 1)[0] for key in exceeded),
            )
            return throttled()
        return self.get_response(request)

    def count(self, keys: list[str], *, bucket: int) -> dict[str, int]:
        """Add one to each counter in this window; their new values. Keys come sorted so that concurrent upserts
        lock rows in one order. Wall-clock time on purpose: a simulated server date (§15.2) must not move
        anyone's window."""
        with connection.cursor() as cursor:
            if self.pruned_before != bucket - 1:
                cursor.execute(PRUNE, [bucket - 1])
                self.pruned_before = bucket - 1
            cursor.execute(UPSERT, [bucket, keys])
            return dict(cursor.fetchall())
