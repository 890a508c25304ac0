"""Request-wide behaviour that is not part of any one face of the service."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from core import clock

SIMULATED_DATE_HEADER = "X-With-Server-Date"
MALFORMED_SIMULATED_DATE = {
    "errors": [
        {
            "title": "Bad request",
            "detail": f"The {SIMULATED_DATE_HEADER} header must be a valid ISO 8601 date or date-time",
        }
    ]
}


class SimulatedDateMiddleware:
    """lead-provider-api.md §15.2: outside production a caller may send `X-With-Server-Date` and the whole
    request then runs as if now were that instant (checks of "today", and every timestamp written).

    Off unless `API_SIMULATED_DATES_ENABLED` is set; when off the header is ignored. A malformed value is a 400
    rather than the reference's server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = request.headers.get(SIMULATED_DATE_HEADER)
        if value is None or not settings.API_SIMULATED_DATES_ENABLED:
            return self.get_response(request)
        try:
            instant = clock.parse_instant(value)
        except ValueError:
            return JsonResponse(MALFORMED_SIMULATED_DATE, status=400, content_type="application/json; charset=utf-8")
        with clock.simulated(instant):
            return self.get_response(request)
