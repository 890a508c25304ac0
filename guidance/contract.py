"""The v3 contract as served at /api/docs/v3: the reference OpenAPI document, byte for byte as YAML and
converted (not edited) to JSON, plus a summary of its operations for the page that lists them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
import yaml
from django.conf import settings

CONTRACT_PATH = settings.BASE_DIR / "api" / "v3" / "contract" / "lead-provider-api-v3.yaml"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    tag: str


@cache
def contract_yaml() -> bytes:
    return CONTRACT_PATH.read_bytes()


@cache
def contract_document() -> dict[str, Any]:
    return yaml.safe_load(contract_yaml())


@cache
def contract_json() -> bytes:
    return orjson.dumps(contract_document())


@cache
def operations_by_tag() -> list[tuple[str, list[Operation]]]:
    """Every operation, grouped by its first tag in the order tags first appear, paths in document order."""
    groups: dict[str, list[Operation]] = {}
    for path, item in contract_document()["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                tag = (operation.get("tags") or ["Other"])[0]
                groups.setdefault(tag, []).append(
                    Operation(method=method.upper(), path=path, summary=operation.get("summary", ""), tag=tag)
                )
    return list(groups.items())
