"""The v3 API: one django-ninja instance, its authentication and its error bodies.

Endpoints live in `api/v3/endpoints/<resource>.py`, each with a `router`; `ROUTERS` lists them in the order their
paths must be tried (a literal segment such as `participants/transfers` before `participants/{id}`)."""

from __future__ import annotations

import importlib
import logging

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from . import errors
from .auth import LeadProviderAuth
from .rendering import json_response

logger = logging.getLogger(__name__)

ROUTERS = (
    ("/participants", "participant_transfers"),
    ("/participants", "participant_actions"),
    ("/participants", "participants"),
    ("/participant-declarations", "participant_declarations"),
    ("/statements", "statements"),
    ("/schools", "schools"),
    ("/delivery-partners", "delivery_partners"),
    ("/partnerships", "partnerships"),
    ("/unfunded-mentors", "unfunded_mentors"),
    ("/webhooks", "webhooks"),  # beyond the reference: docs/lead-provider-webhooks.md
)

api = NinjaAPI(
    title="Lead provider API",
    version="3",
    urls_namespace="api-v3",
    auth=LeadProviderAuth(),
    docs_url=None,
    openapi_url=None,
)


@api.exception_handler(errors.ApiError)
def api_error(request: HttpRequest, exc: errors.ApiError) -> HttpResponse:
    return json_response(exc.body(), status=exc.status)


@api.exception_handler(AuthenticationError)
def access_denied(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return json_response(errors.ACCESS_DENIED, status=401)


@api.exception_handler(NinjaValidationError)
def malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return json_response(errors.bad_request().body(), status=400)


@api.exception_handler(Exception)
def internal_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return json_response(errors.INTERNAL_SERVER_ERROR, status=500)


def _register_routers() -> None:
    for prefix, module_name in ROUTERS:
        try:
            module = importlib.import_module(f"api.v3.endpoints.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"api.v3.endpoints.{module_name}":
                raise
            continue  # not built yet
        api.add_router(prefix, module.router)


_register_routers()
