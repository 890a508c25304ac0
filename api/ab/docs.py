"""The appropriate body API's reference: the OpenAPI document django-ninja generates from the endpoints' schemas,
as JSON and as a page (no token needed)."""

from __future__ import annotations

import functools
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .app import api

PREFIX = "/api/ab/v1"


@functools.cache
def openapi_document() -> dict:
    return api.get_openapi_schema(path_prefix=PREFIX)


def openapi_json(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(openapi_document(), default=str), content_type="application/json; charset=utf-8")


def operations() -> list[dict]:
    """One row per endpoint, with its query parameters, so the page is useful without JavaScript too."""
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "query": [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"],
        }
        for path, methods in openapi_document()["paths"].items()
        for method, operation in methods.items()
    ]


def docs_page(request: HttpRequest) -> HttpResponse:
    return render(request, "api_ab/docs.html", {"operations": operations()})
