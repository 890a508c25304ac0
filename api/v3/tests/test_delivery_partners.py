"""GET /api/v3/delivery-partners and GET .../{id} (lead-provider-api.md §11.11, §13.7; examples E68, E69) against
§17's delivery partners, with every response checked against the contract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.authors import Author
from providers.models import ActiveLeadProvider, DeliveryPartner, LeadProvider, LeadProviderDeliveryPartnership
from providers.services.delivery_partners import (
    pair_delivery_partner,
    rename_delivery_partner,
    unpair_delivery_partner,
)
from tests.builders import (
    create_contract_period,
    create_delivery_partner,
    create_lead_provider,
    create_lead_provider_delivery_partnership,
)

pytestmark = pytest.mark.django_db

URL = "/api/v3/delivery-partners"
DP1_ID = "8d762077-23b9-4d60-b5aa-b09fe2326108"
DP2_ID = "077501a4-4bb8-4a1a-899b-810a1a158537"
DP3_ID = "5b0b6a57-3f43-4a0e-9d2b-3c1e0e7f9a11"
NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}
UTC = dt.UTC

DP1 = {
    "id": DP1_ID,
    "type": "delivery-partner",
    "attributes": {
        "name": "Northern Teaching Alliance",
        "created_at": "2023-05-10T10:00:00Z",
        "updated_at": "2025-05-20T10:00:00Z",
        "cohort": ["2024", "2025"],
    },
}
DP2 = {
    "id": DP2_ID,
    "type": "delivery-partner",
    "attributes": {
        "name": "Southern Learning Trust",
        "created_at": "2025-04-02T10:00:00Z",
        "updated_at": "2025-05-20T10:05:00Z",
        "cohort": ["2025"],
    },
}


def _partner(name: str, api_id: str, created_at: dt.datetime, updated_at: dt.datetime) -> DeliveryPartner:
    partner = create_delivery_partner(name=name)
    DeliveryPartner.objects.filter(pk=partner.pk).update(
        api_id=api_id, created_at=created_at, api_updated_at=updated_at
    )
    partner.refresh_from_db()
    return partner


def _pair(provider: LeadProvider, year: int, partner: DeliveryPartner) -> None:
    active = ActiveLeadProvider.objects.get_or_create(lead_provider=provider, contract_period_id=year)[0]
    create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=partner)


@pytest.fixture
def world():
    """§17: the caller contracted for 2024 and 2025; DP1 paired with it in 2024 and 2025, DP2 in 2025. DP3 is
    paired only with another provider, which is also paired with DP1 in 2023 (a year the caller never sees)."""
    for year in (2023, 2024, 2025):
        create_contract_period(year, with_schedules=False)
    caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025))
    other = create_lead_provider(name="Other Provider Ltd", active_in=(2023, 2025))
    dp1 = _partner(
        "Northern Teaching Alliance",
        DP1_ID,
        dt.datetime(2023, 5, 10, 10, tzinfo=UTC),
        dt.datetime(2025, 5, 20, 10, tzinfo=UTC),
    )
    dp2 = _partner(
        "Southern Learning Trust",
        DP2_ID,
        dt.datetime(2025, 4, 2, 10, tzinfo=UTC),
        dt.datetime(2025, 5, 20, 10, 5, tzinfo=UTC),
    )
    dp3 = _partner("Western Partners", DP3_ID, dt.datetime(2022, 1, 1, tzinfo=UTC), dt.datetime(2022, 1, 1, tzinfo=UTC))
    # Pairings created out of creation order, so the default order cannot come from insertion order.
    _pair(caller, 2025, dp2)
    _pair(caller, 2025, dp1)
    _pair(caller, 2024, dp1)
    _pair(other, 2023, dp1)
    _pair(other, 2025, dp3)
    return caller, other, dp1, dp2, dp3


def test_E68_list_for_a_cohort_sorted_by_creation(world, v3_client):
    caller, *_ = world
    response = v3_client(caller).get(URL, {"filter[cohort]": "2025", "sort": "created_at"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": [DP1, DP2]}


def test_E69_show(world, v3_client):
    caller, *_ = world
    response = v3_client(caller).get(f"{URL}/{DP2_ID}")
    assert response.status_code == 200
    assert response.json() == {"data": DP2}
    assert v3_client(caller).get(f"{URL}/{DP1_ID.upper()}").json() == {"data": DP1}


def test_E69_a_partner_never_paired_with_the_caller_is_not_found(world, v3_client):
    caller, other, *_ = world
    for path in (f"{URL}/{DP3_ID}", f"{URL}/not-a-uuid", f"{URL}/00000000-0000-0000-0000-000000000000"):
        response = v3_client(caller).get(path)
        assert response.status_code == 404, path
        assert response.json() == NOT_FOUND
    # The other provider sees DP3, and DP1 with its own years only.
    assert v3_client(other).get(f"{URL}/{DP3_ID}").json()["data"]["attributes"]["cohort"] == ["2025"]
    assert v3_client(other).get(f"{URL}/{DP1_ID}").json()["data"]["attributes"]["cohort"] == ["2023"]


def test_the_list_holds_only_partners_paired_with_the_caller_in_any_cohort(world, v3_client):
    caller, other, *_ = world
    assert v3_client(caller).get(URL).json() == {"data": [DP1, DP2]}
    other_ids = [item["id"] for item in v3_client(other).get(URL).json()["data"]]
    assert other_ids == [DP3_ID, DP1_ID]
    nobody = create_lead_provider(name="Unpaired Provider", active_in=(2025,))
    assert v3_client(nobody).get(URL).json() == {"data": []}


@pytest.mark.parametrize(
    ("cohort", "expected"),
    [
        ("2024", [DP1_ID]),
        ("2025", [DP1_ID, DP2_ID]),
        ("2024,2025", [DP1_ID, DP2_ID]),
        ("2024,invalid,,20A1, ,1099", [DP1_ID]),
        ("2023", []),  # the other provider's pairing year
        ("1999", []),
        ("abc", []),
        ("", [DP1_ID, DP2_ID]),
    ],
)
def test_the_cohort_filter_chooses_partners_paired_in_one_of_the_years(world, v3_client, cohort, expected):
    caller, *_ = world
    data = v3_client(caller).get(URL, {"filter[cohort]": cohort}).json()["data"]
    assert [item["id"] for item in data] == expected
    # The attribute lists every year of the pairing with the caller, whatever the filter.
    assert all(item == {DP1_ID: DP1, DP2_ID: DP2}[item["id"]] for item in data)


def test_the_cohort_filter_accepts_the_array_form(world, v3_client):
    caller, *_ = world
    response = v3_client(caller).get(f"{URL}?filter[cohort][]=2024&filter[cohort][]=2023", check_contract=False)
    assert [item["id"] for item in response.json()["data"]] == [DP1_ID]


def test_sorting(world, v3_client):
    caller, *_ = world
    DeliveryPartner.objects.filter(api_id=DP1_ID).update(api_updated_at=dt.datetime(2025, 6, 1, tzinfo=UTC))

    def ids(sort: str) -> list[str]:
        return [item["id"] for item in v3_client(caller).get(URL, {"sort": sort}).json()["data"]]

    assert ids("created_at") == [DP1_ID, DP2_ID]
    assert ids("-created_at") == [DP2_ID, DP1_ID]
    assert ids("updated_at") == [DP2_ID, DP1_ID]
    assert ids("-updated_at") == [DP1_ID, DP2_ID]
    assert ids("-updated_at,created_at") == [DP1_ID, DP2_ID]
    assert ids("name") == [DP1_ID, DP2_ID]  # unknown fields fall back to the default order
    assert ids("nonsense,-nothing") == [DP1_ID, DP2_ID]


def test_equal_sort_keys_are_ordered_by_the_internal_id_so_pages_never_overlap(db, v3_client):
    create_contract_period(2025, with_schedules=False)
    caller = create_lead_provider(name="Example Institute", active_in=(2025,))
    moment = dt.datetime(2025, 1, 1, tzinfo=UTC)
    partners = [create_delivery_partner(name=f"Partner {index}") for index in range(7)]
    DeliveryPartner.objects.update(created_at=moment, api_updated_at=moment)
    for partner in reversed(partners):
        _pair(caller, 2025, partner)
    expected = [str(partner.api_id) for partner in sorted(partners, key=lambda p: p.pk)]
    for sort in ("created_at", "-updated_at"):
        pages = [
            v3_client(caller).get(URL, {"sort": sort, "page[per_page]": "3", "page[page]": str(page)}).json()["data"]
            for page in (1, 2, 3, 4)
        ]
        assert [len(page) for page in pages] == [3, 3, 1, 0]
        assert [item["id"] for page in pages for item in page] == expected


def test_pagination_pages_and_past_the_end(world, v3_client):
    caller, *_ = world
    client = v3_client(caller)
    assert client.get(URL, {"page[per_page]": "1"}).json() == {"data": [DP1]}
    assert client.get(URL, {"page[per_page]": "1", "page[page]": "2"}).json() == {"data": [DP2]}
    assert client.get(URL, {"page[per_page]": "1", "page[page]": "3"}).json() == {"data": []}
    assert client.get(URL, {"page[per_page]": "5000"}).json() == {"data": [DP1, DP2]}


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        (
            {"page[page]": "0"},
            400,
            {
                "errors": [
                    {
                        "title": "Bad request",
                        "detail": "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid "
                        "positive number",
                    }
                ]
            },
        ),
        (
            {"page[per_page]": "abc"},
            400,
            {
                "errors": [
                    {
                        "title": "Bad request",
                        "detail": "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid "
                        "positive number",
                    }
                ]
            },
        ),
        ({"filter": "x"}, 400, {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}),
    ],
)
def test_list_errors(world, v3_client, params, status, body):
    caller, *_ = world
    response = v3_client(caller).get(URL, params, check_contract=False)  # the contract lists no 400 (§16 #9)
    assert response.status_code == status
    assert response.json() == body


def test_show_refuses_a_filter_that_is_not_an_object(world, v3_client):
    caller, *_ = world
    response = v3_client(caller).get(f"{URL}/{DP1_ID}", {"filter": "x"}, check_contract=False)
    assert response.status_code == 400
    assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


def test_both_routes_need_a_token(world, v3_client):
    for path in (URL, f"{URL}/{DP1_ID}"):
        response = v3_client(token="wrong").get(path)
        assert response.status_code == 401
        assert response.content == b'{"error":"HTTP Token: Access denied"}'


def test_updated_at_moves_on_rename_and_on_pairing_changes_of_any_provider(world, v3_client, frozen_today):
    """§13.7: a rename, or a pairing created or removed for the partner (by any provider), moves updated_at."""
    caller, other, dp1, dp2, _ = world
    client = v3_client(caller)

    def updated_at(api_id: str) -> str:
        return client.get(f"{URL}/{api_id}").json()["data"]["attributes"]["updated_at"]

    frozen_today(dt.date(2025, 11, 20), hour=10)
    rename_delivery_partner(author=Author.system(), delivery_partner=dp2, name="Southern Learning Trust Ltd")
    assert updated_at(DP2_ID) == "2025-11-20T10:00:00Z"
    assert client.get(f"{URL}/{DP2_ID}").json()["data"]["attributes"]["name"] == "Southern Learning Trust Ltd"

    frozen_today(dt.date(2025, 11, 21), hour=9)
    pair_delivery_partner(
        author=Author.system(),
        active_lead_provider=ActiveLeadProvider.objects.get(lead_provider=other, contract_period_id=2025),
        delivery_partner=dp1,
    )
    assert updated_at(DP1_ID) == "2025-11-21T09:00:00Z"
    assert client.get(f"{URL}/{DP1_ID}").json()["data"]["attributes"]["cohort"] == ["2024", "2025"]

    frozen_today(dt.date(2025, 11, 22), hour=8)
    unpair_delivery_partner(
        author=Author.system(),
        pairing=LeadProviderDeliveryPartnership.objects.get(
            delivery_partner=dp1, active_lead_provider__lead_provider=other, active_lead_provider__contract_period=2023
        ),
    )
    assert updated_at(DP1_ID) == "2025-11-22T08:00:00Z"
    assert updated_at(DP2_ID) == "2025-11-20T10:00:00Z"


def test_a_page_of_3000_takes_one_query(db, v3_client):
    create_contract_period(2024, with_schedules=False)
    create_contract_period(2025, with_schedules=False)
    caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025))
    client = v3_client(caller)
    partners = DeliveryPartner.objects.bulk_create(DeliveryPartner(name=f"Partner {index}") for index in range(60))
    for partner in partners:
        _pair(caller, 2024, partner)
        _pair(caller, 2025, partner)

    def queries(per_page: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"page[per_page]": per_page, "sort": "-updated_at"})
        assert response.status_code == 200
        return len(captured)

    assert queries("1") == queries("3000")
    with CaptureQueriesContext(connection) as captured:
        data = client.get(URL, {"page[per_page]": "3000"}).json()["data"]
    assert len(data) == 60 and all(item["attributes"]["cohort"] == ["2024", "2025"] for item in data)
    selects = [query["sql"] for query in captured if "delivery_partners" in query["sql"]]
    assert len(selects) == 1
