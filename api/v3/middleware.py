"""What the v3 API answers outside any endpoint (lead-provider-api.md §5.2): unknown routes and methods are a
JSON 404, whatever Django or django-ninja would have said."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import errors
from .rendering import json_response

PREFIX = "/api/v3/"


class ApiV3Middleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PREFIX) or request.path == PREFIX.rstrip("/"):
            if response.status_code == 405 or (
                response.status_code == 404 and not response.get("Content-Type", "").startswith("application/json")
            ):
                return json_response(errors.ROUTE_NOT_FOUND, status=404)
        return response


@csrf_exempt  # token-authenticated API: a POST to an unknown route is a JSON 404, not a CSRF 403
def route_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return json_response(errors.ROUTE_NOT_FOUND, status=404)
