"""GET /api/v3/statements and GET .../{id} (lead-provider-api.md §11.9, §13.6; examples E62, E63) against §17's
statements ST1–ST3, with every response checked against the contract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3.testing import V3Client
from finance.models import FeeType, Statement, StatementStatus
from finance.services.lifecycle import mark_statements_payable
from providers.models import ActiveLeadProvider, LeadProvider
from tests.builders import create_contract_period, create_lead_provider
from tests.builders_providers import create_statement

pytestmark = pytest.mark.django_db

URL = "/api/v3/statements"
ST1_ID = "8bd31baa-2383-4a53-8498-9c90359b564f"
ST2_ID = "ea96fde9-51c9-47a1-8459-fd4c606a4ac4"
ST3_ID = "677fc677-4933-4b0b-a832-1dca3e3312f3"
SERVICE_ID = "3f1b0a2e-6c1d-4e55-9a0b-8c2f7d4e5a61"
OTHER_ID = "c0ffee00-1234-4abc-8def-0123456789ab"
NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}
UTC = dt.UTC

# E62's two objects.
ST3 = {
    "id": ST3_ID,
    "type": "statement",
    "attributes": {
        "month": "November",
        "year": "2024",
        "cohort": "2024",
        "cut_off_date": "2024-10-31",
        "payment_date": "2024-11-25",
        "paid": True,
        "created_at": "2024-06-03T09:00:00Z",
        "updated_at": "2024-11-26T10:00:00Z",
    },
}
ST1 = {
    "id": ST1_ID,
    "type": "statement",
    "attributes": {
        "month": "January",
        "year": "2026",
        "cohort": "2025",
        "cut_off_date": "2025-12-31",
        "payment_date": "2026-01-25",
        "paid": False,
        "created_at": "2025-06-02T09:00:00Z",
        "updated_at": "2025-06-02T09:00:00Z",
    },
}
ST2 = {
    "id": ST2_ID,
    "type": "statement",
    "attributes": {
        "month": "January",
        "year": "2026",
        "cohort": "2024",
        "cut_off_date": "2025-12-31",
        "payment_date": "2026-01-25",
        "paid": False,
        "created_at": "2025-06-02T09:05:00Z",
        "updated_at": "2025-07-01T08:00:00Z",
    },
}


def _statement(
    active: ActiveLeadProvider,
    api_id: str,
    *,
    month: int,
    year: int,
    created_at: dt.datetime,
    updated_at: dt.datetime,
    **fields,
) -> Statement:
    statement = create_statement(active_lead_provider=active, month=month, year=year, **fields)
    Statement.objects.filter(pk=statement.pk).update(api_id=api_id, created_at=created_at, api_updated_at=updated_at)
    statement.refresh_from_db()
    return statement


def _active(provider: LeadProvider, year: int) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(lead_provider=provider, contract_period_id=year)


@pytest.fixture
def world():
    """§17: the caller contracted for 2024 and 2025 with ST1 (2025, January 2026, open), ST2 (2024, January 2026,
    open) and ST3 (2024, November 2024, paid); besides, a service-fee statement of the caller (December 2025) and an
    output statement of another provider, neither of which the caller may see."""
    for year in (2024, 2025):
        create_contract_period(year, with_schedules=False)
    caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025))
    other = create_lead_provider(name="Other Provider Ltd", active_in=(2025,))
    c2024, c2025 = _active(caller, 2024), _active(caller, 2025)
    _statement(
        c2024,
        ST3_ID,
        month=11,
        year=2024,
        status=StatementStatus.PAID,
        created_at=dt.datetime(2024, 6, 3, 9, tzinfo=UTC),
        updated_at=dt.datetime(2024, 11, 26, 10, tzinfo=UTC),
    )
    _statement(
        c2025,
        ST1_ID,
        month=1,
        year=2026,
        created_at=dt.datetime(2025, 6, 2, 9, tzinfo=UTC),
        updated_at=dt.datetime(2025, 6, 2, 9, tzinfo=UTC),
    )
    _statement(
        c2024,
        ST2_ID,
        month=1,
        year=2026,
        created_at=dt.datetime(2025, 6, 2, 9, 5, tzinfo=UTC),
        updated_at=dt.datetime(2025, 7, 1, 8, tzinfo=UTC),
    )
    _statement(
        c2025,
        SERVICE_ID,
        month=12,
        year=2025,
        fee_type=FeeType.SERVICE,
        created_at=dt.datetime(2025, 6, 2, 9, tzinfo=UTC),
        updated_at=dt.datetime(2025, 6, 2, 9, tzinfo=UTC),
    )
    _statement(
        _active(other, 2025),
        OTHER_ID,
        month=11,
        year=2025,
        created_at=dt.datetime(2025, 6, 2, 9, tzinfo=UTC),
        updated_at=dt.datetime(2025, 6, 2, 9, tzinfo=UTC),
    )
    return caller, other


@pytest.fixture
def client(world, v3_client):
    return v3_client(world[0])


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


def test_E62_list_by_payment_date_in_pages(client):
    response = client.get(URL, {"filter[cohort]": "2024,2025", "page[per_page]": "2"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": [ST3, ST1]}
    # ST1 and ST2 share a payment date: the order is stable, so the second page holds ST2 only.
    page_two = client.get(URL, {"filter[cohort]": "2024,2025", "page[per_page]": "2", "page[page]": "2"})
    assert page_two.json() == {"data": [ST2]}
    assert client.get(URL, {"page[per_page]": "2", "page[page]": "3"}).json() == {"data": []}


def test_list_shows_only_the_callers_output_statements(client, world):
    assert client.get(URL).json() == {"data": [ST3, ST1, ST2]}
    assert _ids(V3Client(world[1]).get(URL)) == [OTHER_ID]


def test_E63_show(client):
    response = client.get(f"{URL}/{ST1_ID}")
    assert response.status_code == 200
    assert response.json() == {"data": ST1}
    assert client.get(f"{URL}/{ST1_ID.upper()}").json() == {"data": ST1}


@pytest.mark.parametrize(
    "path_id",
    [
        SERVICE_ID,  # a service-fee statement of the caller
        OTHER_ID,  # another provider's statement
        "8bd31baa-2383-4a53-8498-000000000000",  # nobody's
        "not-a-uuid",
    ],
)
def test_show_not_found(client, path_id):
    response = client.get(f"{URL}/{path_id}")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_another_provider_cannot_show_the_callers_statement(world):
    response = V3Client(world[1]).get(f"{URL}/{ST1_ID}")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("cohort", "expected"),
    [
        ("2024", [ST3_ID, ST2_ID]),
        ("2025", [ST1_ID]),
        ("2024,invalid,,20A1, ,1099", [ST3_ID, ST2_ID]),  # §8.2: junk elements dropped
        ("junk", []),  # every element malformed: matches nothing
        ("1999", []),
        ("", [ST3_ID, ST1_ID, ST2_ID]),  # blank: unfiltered
    ],
)
def test_cohort_filter(client, cohort, expected):
    assert _ids(client.get(URL, {"filter[cohort]": cohort})) == expected


def test_cohort_filter_in_array_form(client):
    response = client.client.get(
        f"{URL}?filter[cohort][]=2025&filter[cohort][]=2024", headers={"Authorization": f"Bearer {client.token}"}
    )
    assert _ids(response) == [ST3_ID, ST1_ID, ST2_ID]


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2025-06-02T09:00:00Z", [ST1_ID, ST2_ID]),  # inclusive bound
        ("2025-06-02T09:00:01Z", [ST2_ID]),
        ("2025-07-01T09:00:00%2B01:00", [ST2_ID]),  # double-encoded `+`: 08:00Z, inclusive
        ("2025-07-01", [ST2_ID]),
        ("2026-01-01T00:00:00Z", []),
    ],
)
def test_updated_since(client, since, expected):
    assert _ids(client.get(URL, {"filter[updated_since]": since})) == expected


def test_a_change_to_a_statement_moves_it_into_updated_since_polling(client, world, frozen_today):
    since = "2026-09-01T00:00:00Z"
    assert _ids(client.get(URL, {"filter[updated_since]": since})) == []
    mark_statements_payable()  # §13.6: on the baseline day (2026-09-15) the open statements' deadlines have passed
    moved = _ids(client.get(URL, {"filter[updated_since]": since}))
    assert moved == [ST1_ID, ST2_ID]  # ST3 was already paid: untouched


def test_sort_is_ignored(client):
    assert _ids(client.get(URL, {"sort": "-created_at"})) == [ST3_ID, ST1_ID, ST2_ID]


def test_bad_requests(client):
    cases = [
        ({"filter": "abc"}, "Bad parameter", "Filter must be a hash"),
        (
            {"filter[updated_since]": "2025-13-01"},
            "Bad request",
            "The filter '#/updated_since' must be a valid ISO 8601 date",
        ),
        (
            {"filter[updated_since]": "2025-01-28T13:15:00+01:00"},  # a single-encoded `+` is a space (§8.4)
            "Bad request",
            "The filter '#/updated_since' must be a valid ISO 8601 date",
        ),
        (
            {"page[per_page]": "0"},
            "Bad request",
            "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
        ),
        (
            {"page[page]": "-1"},
            "Bad request",
            "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
        ),
    ]
    for params, title, detail in cases:
        response = client.get(URL, params, check_contract=False)  # the contract documents no 400 on lists (§16 #9)
        assert response.status_code == 400, params
        assert response.json() == {"errors": [{"title": title, "detail": detail}]}, params
    show = client.get(f"{URL}/{ST1_ID}", {"filter": "abc"}, check_contract=False)
    assert show.status_code == 400
    assert show.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


def test_unauthenticated(world):
    for path in (URL, f"{URL}/{ST1_ID}"):
        response = V3Client(token="wrong").get(path)
        assert response.status_code == 401
        assert response.json() == {"error": "HTTP Token: Access denied"}


def test_a_fixed_number_of_queries_whatever_the_page_size(client, world):
    caller = world[0]
    for year in (2026, 2027):
        create_contract_period(year, with_schedules=False)
    active = ActiveLeadProvider.objects.create(lead_provider=caller, contract_period_id=2026)
    for year in (2027, 2028, 2029):
        for month in (1, 4, 8, 11):
            create_statement(active_lead_provider=active, month=month, year=year)

    def queries(per_page: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            count = len(_ids(client.get(URL, {"page[per_page]": per_page})))
        return len(captured), count

    (few, one), (many, all_of_them) = queries("1"), queries("3000")
    assert (one, all_of_them) == (1, 15)
    assert few == many
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, {"page[per_page]": "3000"})
    assert len([query for query in captured if "FROM statements" in query["sql"]]) == 1
