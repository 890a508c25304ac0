"""The v3 error bodies (lead-provider-api.md §5): what a provider's client parses, so exact to the byte."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.errors import DomainError

ACCESS_DENIED = {"error": "HTTP Token: Access denied"}
ROUTE_NOT_FOUND = {"error": "Resource not found"}
INTERNAL_SERVER_ERROR = {"error": "Internal server error"}

BAD_PARAMETER = "Bad parameter"
BAD_REQUEST = "Bad request"
FILTER_MUST_BE_A_HASH = "Filter must be a hash"
MALFORMED_BODY = "Correct json data structure required. See API docs for reference."
INVALID_UPDATED_SINCE = "The filter '#/updated_since' must be a valid ISO 8601 date"
INVALID_PAGINATION = "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number"
NOT_FOUND_TITLE = "Resource not found"
NOT_FOUND_DETAIL = "Nothing could be found for the provided details"


def required_filter_missing(name: str) -> str:
    return f"The filter '#/{name}' must be included in your request"


class ApiError(Exception):
    """An error answered with the standard `{"errors": [{"title", "detail"}, ...]}` envelope."""

    def __init__(self, status: int, errors: Iterable[tuple[str, str]]):
        self.status = status
        self.errors = list(errors)
        super().__init__(f"{status}: {self.errors}")

    def body(self) -> dict:
        return {"errors": [{"title": title, "detail": detail} for title, detail in self.errors]}


def bad_parameter(detail: str) -> ApiError:
    return ApiError(400, [(BAD_PARAMETER, detail)])


def bad_request(detail: str = MALFORMED_BODY) -> ApiError:
    return ApiError(400, [(BAD_REQUEST, detail)])


def not_found() -> ApiError:
    return ApiError(404, [(NOT_FOUND_TITLE, NOT_FOUND_DETAIL)])


# §5.3: internal vocabulary → public names, longest source term first, every occurrence replaced.
PUBLIC_TERMS = sorted(
    {
        "delivery_partner_api_id": "delivery_partner_id",
        "declaration_api_id": "participant_declaration_id",
        "school_partnership_id": "partnership",
        "contract_period_year": "cohort",
        "teacher_api_id": "participant_id",
        "contract period": "cohort",
        "evidence_type": "evidence_held",
        "teacher_type": "course_identifier",
        "api_id": "id",
    }.items(),
    key=lambda pair: -len(pair[0]),
)
_PUBLIC_TERM_PATTERN = re.compile("|".join(re.escape(term) for term, _ in PUBLIC_TERMS))
_PUBLIC_TERM_MAP = dict(PUBLIC_TERMS)


def public_terms(text: str) -> str:
    """One left-to-right pass with the longest alternative first, so a replacement is never rewritten again."""
    return _PUBLIC_TERM_PATTERN.sub(lambda match: _PUBLIC_TERM_MAP[match.group(0)], text)


def unprocessable(error: DomainError | Iterable[DomainError]) -> ApiError:
    """A 422 listing every rule failure (§5.3): grouped by attribute in order of first appearance, each
    attribute's messages de-duplicated, internal terms rewritten to public ones."""
    failures = error.errors if isinstance(error, DomainError) else [e for item in error for e in item.errors]
    grouped: dict[str, list[str]] = {}
    for failure in failures:
        messages = grouped.setdefault(public_terms(failure.field), [])
        message = public_terms(failure.message)
        if message not in messages:
            messages.append(message)
    return ApiError(422, [(title, detail) for title, details in grouped.items() for detail in details])
