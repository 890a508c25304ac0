"""The v3 behaviour no endpoint owns: authentication, unknown routes, and the request-parsing rules of
lead-provider-api.md §3, §5, §6–§8, tested through a probe route and the parsers themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import Client

from api.tokens import create_api_token, revoke_api_token
from api.v3 import errors
from api.v3.auth import token_from_header
from api.v3.query import ListQuery, nested, parse_timestamp
from core.errors import DomainError, DomainErrors
from events.authors import Author
from tests.builders import create_lead_provider

pytestmark = pytest.mark.django_db


def query(text: str) -> ListQuery:
    from django.test import RequestFactory

    return ListQuery.parse(RequestFactory().get("/api/v3/x?" + text))


def api_error(text: str, **kwargs) -> errors.ApiError:
    from django.test import RequestFactory

    with pytest.raises(errors.ApiError) as raised:
        ListQuery.parse(RequestFactory().get("/api/v3/x?" + text), **kwargs)
    return raised.value


# §3 authentication ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("Token abc", "abc"),
        ('Bearer token="abc"', "abc"),
        ("Bearer abc, realm=x", "abc"),
        ("Bearer abc;x", "abc"),
        ("bearer abc", None),
        ("Basic abc", None),
        ("Bearer ", None),
        ("Bearer", None),
        (None, None),
    ],
)
def test_the_token_is_read_from_the_authorization_header_as_http_token_parsing_does(header, token):
    assert token_from_header(header) == token


def test_a_request_without_a_valid_token_is_refused_with_the_singular_error_body():
    alpha = create_lead_provider(name="Alpha Learning")
    api_token, clear = create_api_token(author=Author.system(), lead_provider=alpha)
    client = Client()

    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": f"bearer {clear}"}):
        response = client.get("/api/v3/delivery-partners", headers=headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.content == b'{"error":"HTTP Token: Access denied"}'
        assert "WWW-Authenticate" not in response

    revoke_api_token(author=Author.system(), api_token=api_token)
    assert client.get("/api/v3/delivery-partners", headers={"Authorization": f"Bearer {clear}"}).status_code == 401


def test_unknown_routes_and_methods_under_v3_are_a_json_404_before_authentication():
    client = Client()
    for method, path in (("get", "/api/v3/nothing-here"), ("get", "/api/v3/"), ("delete", "/api/v3/statements")):
        response = getattr(client, method)(path)
        assert response.status_code == 404, path
        assert response.content == b'{"error":"Resource not found"}'
        assert response["Content-Type"] == "application/json; charset=utf-8"


# §8.1, §8.3 filters ---------------------------------------------------------------------------------------


def test_filter_must_be_an_object():
    error = api_error("filter=abc")
    assert (error.status, error.body()) == (
        400,
        {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]},
    )


def test_a_required_filter_is_checked_on_the_key_only():
    error = api_error("filter[urn]=1", required_filters=("cohort",))
    assert error.body() == {
        "errors": [{"title": "Bad parameter", "detail": "The filter '#/cohort' must be included in your request"}]
    }
    assert query("filter[cohort]=").filters == {"cohort": ""}


def test_nested_parameters_are_built_as_rack_builds_them():
    params = QueryDict("filter[cohort]=2024&filter[ids][]=a&filter[ids][]=b&filter[x][y]=1&page[page]=2")
    assert nested(params, "filter") == {"cohort": "2024", "ids": ["a", "b"], "x": {"y": "1"}}
    assert nested(params, "page") == {"page": "2"}
    assert nested(params, "sort") is None
    assert nested(QueryDict("filter=abc&filter[cohort]=1"), "filter") == "abc"


def test_cohort_lists_drop_malformed_elements_and_match_nothing_when_none_survive():
    assert query("filter[cohort]=2024,invalid,,20A1, ,1099").cohorts() == [2024, 1099]
    assert query("filter[cohort][]=2024&filter[cohort][]=2025").cohorts() == [2024, 2025]
    assert query("filter[cohort]=abc").cohorts() == []
    assert query("filter[cohort]=").cohorts() is None
    assert query("").cohorts() is None


def test_uuid_lists_keep_only_well_formed_ids():
    good = "DB3A7848-7308-4879-942A-C4A70CED400A"
    assert query(f"filter[participant_id]={good},nope").uuids("participant_id") == [good.lower()]
    assert query("filter[participant_id]=nope").uuids("participant_id") == []


def test_single_values_take_the_leading_integer():
    assert query("filter[cohort]=2025,2024").single_integer("cohort") == 2025
    assert query("filter[urn]=100234,invalid").single_integer("urn") == 100234
    assert query("filter[cohort]=abc").single_integer("cohort") is None


# §8.4 updated_since ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-28T13:15:00Z", dt.datetime(2025, 1, 28, 13, 15, tzinfo=dt.UTC)),
        ("2025-01-28t13:15:00z", dt.datetime(2025, 1, 28, 13, 15, tzinfo=dt.UTC)),
        ("2025-01-28T13:15:00-05:00", dt.datetime(2025, 1, 28, 18, 15, tzinfo=dt.UTC)),
        ("2025-01-28T13:15:00.5+0100", dt.datetime(2025, 1, 28, 12, 15, 0, 500000, tzinfo=dt.UTC)),
        ("2025-01-28", dt.datetime(2025, 1, 28, tzinfo=dt.UTC)),
        (" 2025-01-28T13:15:00Z ", dt.datetime(2025, 1, 28, 13, 15, tzinfo=dt.UTC)),
        ("2025-13-01", None),
        ("2025-02-30T00:00:00Z", None),
        ("yesterday", None),
        ("2025-01-28T13:15:00 01:00", None),
    ],
)
def test_updated_since_grammar(text, expected):
    assert parse_timestamp(text) == expected


def test_updated_since_is_decoded_twice_so_a_raw_plus_is_refused():
    assert query("filter[updated_since]=2025-01-28T13:15:00Z").updated_since == dt.datetime(
        2025, 1, 28, 13, 15, tzinfo=dt.UTC
    )
    assert query("filter[updated_since]=2025-01-28T13:15:00%252B01:00").updated_since == dt.datetime(
        2025, 1, 28, 12, 15, tzinfo=dt.UTC
    )
    for single in ("2025-01-28T13:15:00+01:00", "2025-01-28T13:15:00%2B01:00", "1"):
        error = api_error(f"filter[updated_since]={single}")
        assert error.body() == {
            "errors": [{"title": "Bad request", "detail": "The filter '#/updated_since' must be a valid ISO 8601 date"}]
        }


# §6 pagination ---------------------------------------------------------------------------------------------


def test_pages_default_to_100_and_cap_at_3000():
    assert (query("").page, query("").per_page) == (1, 100)
    assert (query("page[page]=2abc&page[per_page]=5000").page, query("page[per_page]=5000").per_page) == (2, 3000)
    paged = query("page[page]=3&page[per_page]=50")
    assert (paged.offset, paged.limit) == (100, 50)
    assert query("page=2").page == 1


@pytest.mark.parametrize(
    "text", ["page[page]=0", "page[page]=abc", "page[per_page]=-1", "page[per_page]=0.8", "page[page]="]
)
def test_pages_below_one_are_refused(text):
    error = api_error(text)
    assert error.body() == {
        "errors": [
            {
                "title": "Bad request",
                "detail": "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
            }
        ]
    }


def test_errors_come_in_section_9_order():
    assert api_error("filter[updated_since]=bad&page[page]=0").errors[0][1] == errors.INVALID_UPDATED_SINCE
    assert api_error("filter[updated_since]=bad", required_filters=("cohort",)).errors[0][0] == "Bad parameter"


# §7 sorting ------------------------------------------------------------------------------------------------


def test_sort_keeps_recognised_fields_in_order():
    allowed = {"created_at": "t.created_at", "updated_at": "t.updated_at"}
    assert query("sort=-updated_at,created_at").sort_keys(allowed) == [("t.updated_at", True), ("t.created_at", False)]
    assert query("sort=+created_at").sort_keys(allowed) == []  # `+` arrives as a space (§7.2 quirk)
    assert query("sort=%2Bcreated_at").sort_keys(allowed) == [("t.created_at", False)]
    assert query("sort=name").sort_keys(allowed) == []


# §5.3 422 bodies -------------------------------------------------------------------------------------------


def test_validation_errors_are_grouped_deduplicated_and_use_public_terms():
    error = errors.unprocessable(
        DomainErrors(
            [
                DomainError(
                    "teacher_api_id", "Your update cannot be made as the '#/teacher_api_id' is not recognised."
                ),
                DomainError("evidence_type", "Enter an '#/evidence_type' value for this participant."),
                DomainError("teacher_api_id", "Another message"),
                DomainError("teacher_api_id", "Another message"),
                DomainError("contract_period_year", "The contract period has closed for contract_period changes"),
            ]
        )
    )
    assert error.status == 422
    assert error.errors == [
        ("participant_id", "Your update cannot be made as the '#/participant_id' is not recognised."),
        ("participant_id", "Another message"),
        ("evidence_held", "Enter an '#/evidence_held' value for this participant."),
        ("cohort", "The cohort has closed for contract_period changes"),
    ]


def test_school_api_id_becomes_school_id():
    assert errors.public_terms("school_api_id") == "school_id"
    assert errors.public_terms("delivery_partner_api_id") == "delivery_partner_id"
