"""Test support for v3 endpoints: an authenticated client, and a check of responses against the reference
contract (`shared/reference/lead-provider-api-v3.yaml`) so that wire compatibility is tested, not assumed."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson
import yaml
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from api.tokens import create_api_token
from events.authors import Author
from providers.models import LeadProvider

# The reference's OpenAPI document, kept unchanged beside the code (it is also what /api/docs/v3 serves).
CONTRACT = Path(__file__).resolve().parent / "contract" / "lead-provider-api-v3.yaml"


def _null_in_nullable_enums(node: Any) -> Any:
    """OpenAPI 3.0 validators read `nullable: true` with an `enum` lacking null as "null not allowed"; the document
    means "or null" (e.g. `ineligible_for_funding_reason`, always null per lead-provider-api.md §16 #7), so add it."""
    if isinstance(node, dict):
        if node.get("nullable") is True and isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"] = [*node["enum"], None]
        for value in node.values():
            _null_in_nullable_enums(value)
    elif isinstance(node, list):
        for value in node:
            _null_in_nullable_enums(value)
    return node


def _documented_differences(document: dict) -> dict:
    """Where lead-provider-api.md §16 records that the reference (and so we) differ from the document, check
    against what the reference does: #2, a transfer's `created_at` is a date-time, not a date."""
    transfer = document["components"]["schemas"]["ParticipantTransfersTransfer"]["properties"]
    transfer["created_at"]["format"] = "date-time"
    return document


@cache
def contract() -> OpenAPI:
    document = _documented_differences(yaml.safe_load(CONTRACT.read_text()))
    return OpenAPI.from_dict(_null_in_nullable_enums(document), base_uri=CONTRACT.as_uri())


def assert_matches_contract(response: Any) -> None:
    """The response (a Django test client response) is one the contract allows for its request."""
    contract().validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


class V3Client:
    """Django's test client speaking v3 as one lead provider. Each response is checked against the contract
    unless `check_contract=False` (for requests the contract does not describe, e.g. unknown routes)."""

    def __init__(self, lead_provider: LeadProvider | None = None, token: str | None = None):
        self.client = Client()
        if token is None and lead_provider is not None:
            _, token = create_api_token(author=Author.system(), lead_provider=lead_provider)
        self.token = token
        self.lead_provider = lead_provider

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        base = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return base | (headers or {})

    def _checked(self, response: Any, check_contract: bool) -> Any:
        if check_contract:
            assert_matches_contract(response)
        return response

    def get(self, path: str, params: dict | None = None, *, headers=None, check_contract: bool = True) -> Any:
        response = self.client.get(path, params or {}, headers=self._headers(headers))
        return self._checked(response, check_contract)

    def _write(self, method: str, path: str, body: Any, headers, check_contract: bool) -> Any:
        payload = body if isinstance(body, (bytes, str)) else orjson.dumps(body)
        response = getattr(self.client, method)(
            path, payload, content_type="application/json", headers=self._headers(headers)
        )
        return self._checked(response, check_contract)

    def post(self, path: str, body: Any = None, *, headers=None, check_contract: bool = True) -> Any:
        return self._write("post", path, body, headers, check_contract)

    def put(self, path: str, body: Any = None, *, headers=None, check_contract: bool = True) -> Any:
        return self._write("put", path, body, headers, check_contract)


def envelope(type: str, **attributes: Any) -> dict[str, Any]:
    """A write request body."""
    return {"data": {"type": type, "attributes": attributes}}
