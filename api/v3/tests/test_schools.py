"""GET /api/v3/schools and GET .../{id} (lead-provider-api.md §8.3, §11.10, §10.3, §13.3; examples E64–E67) against
§17's schools, with every response checked against the contract (400s excepted: the contract lists none, §16 #9)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.authors import Author
from providers.models import ActiveLeadProvider, DeliveryPartner, SchoolPartnership
from providers.services.partnerships import create_school_partnership as create_school_partnership_service
from schools.models import School, SchoolContractPeriodMetadata
from schools.services.api_metadata import refresh_school_api_metadata
from tests.builders import (
    create_contract_period,
    create_delivery_partner,
    create_ect_at_school_period,
    create_lead_provider,
    create_lead_provider_delivery_partnership,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db

URL = "/api/v3/schools"
NOW = dt.datetime(2025, 11, 20, 10, 15, 2, tzinfo=dt.UTC)
S1_ID = "db8c0b35-cb22-4c45-b9ba-c4c06c34e30b"
S2_ID = "14637598-ed66-4604-b709-b838e77ec59e"
DP1_ID = "8d762077-23b9-4d60-b5aa-b09fe2326108"
NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}
COHORT_MISSING = {
    "errors": [{"title": "Bad parameter", "detail": "The filter '#/cohort' must be included in your request"}]
}
FILTER_NOT_A_HASH = {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}

E65_S1 = {
    "id": S1_ID,
    "type": "school",
    "attributes": {
        "name": "Hillside Primary School",
        "urn": "100234",
        "cohort": "2025",
        "in_partnership": True,
        "induction_programme_choice": "provider_led",
        "expression_of_interest": True,
        "induction_tutor_name": "Priya Patel",
        "induction_tutor_email": "induction.tutor@hillside.example",
        "created_at": "2024-03-01T08:00:00Z",
        "updated_at": "2025-08-14T09:12:46Z",
    },
}
E66_S2 = {
    "id": S2_ID,
    "type": "school",
    "attributes": {
        "name": "Riverside Academy",
        "urn": "100871",
        "cohort": "2025",
        "in_partnership": False,
        "induction_programme_choice": "not_yet_known",
        "expression_of_interest": False,
        "induction_tutor_name": None,
        "induction_tutor_email": None,
        "created_at": "2024-03-01T08:00:00Z",
        "updated_at": "2025-06-01T00:00:00Z",
    },
}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def set_school(school: School, *, api_id: str | None = None, created_at: str) -> School:
    School.objects.filter(pk=school.pk).update(**({"api_id": api_id} if api_id else {}), created_at=at(created_at))
    school.refresh_from_db()
    return school


def set_updated_at(school: School, year: int, updated_at: str) -> None:
    SchoolContractPeriodMetadata.objects.filter(school=school, contract_period_id=year).update(
        api_updated_at=at(updated_at)
    )


class World:
    """§17: the caller "Example Institute" (2024, 2025); S1 partnered with it through DP1 in 2025 (PS1), where P1
    (ECT) and M1 (mentor) train; S2 eligible with nobody training with the caller."""

    def __init__(self) -> None:
        for year in (2024, 2025):
            create_contract_period(year, with_schedules=False)
        self.caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025))
        self.other = create_lead_provider(name="Other Provider Ltd", active_in=(2024, 2025))
        self.dp1 = create_delivery_partner(name="Northern Teaching Alliance")
        DeliveryPartner.objects.filter(pk=self.dp1.pk).update(api_id=DP1_ID)
        self.dp1.refresh_from_db()
        self.s1 = create_school(
            urn=100234,
            name="Hillside Primary School",
            primary_contact_email="office@hillside.example",
            secondary_contact_email="head@hillside.example",
        )
        School.objects.filter(pk=self.s1.pk).update(
            induction_tutor_name="Priya Patel", induction_tutor_email="induction.tutor@hillside.example"
        )
        self.s1 = set_school(self.s1, api_id=S1_ID, created_at="2024-03-01T08:00:00Z")
        self.s2 = set_school(
            create_school(urn=100871, name="Riverside Academy", primary_contact_email="office@riverside.example"),
            api_id=S2_ID,
            created_at="2024-03-01T08:00:00Z",
        )
        self.ps1 = self.partnership(self.caller, 2025, self.s1)
        p1 = create_ect_at_school_period(
            teacher=create_teacher(trn="1234567", first_name="Jane", last_name="Smith"),
            school=self.s1,
            started_on=dt.date(2025, 9, 1),
        )
        create_training_period(ect_at_school_period=p1, school_partnership=self.ps1)
        m1 = create_mentor_at_school_period(
            teacher=create_teacher(trn="7654321", first_name="Sam", last_name="Jones"),
            school=self.s1,
            started_on=dt.date(2025, 9, 1),
        )
        create_training_period(mentor_at_school_period=m1, school_partnership=self.ps1)
        refresh_school_api_metadata()
        set_updated_at(self.s1, 2025, "2025-08-14T09:12:46Z")
        set_updated_at(self.s2, 2025, "2025-06-01T00:00:00Z")

    def active(self, provider, year: int) -> ActiveLeadProvider:
        return ActiveLeadProvider.objects.get_or_create(lead_provider=provider, contract_period_id=year)[0]

    def partnership(self, provider, year: int, school: School, delivery_partner=None) -> SchoolPartnership:
        pairing = create_lead_provider_delivery_partnership(
            active_lead_provider=self.active(provider, year), delivery_partner=delivery_partner or self.dp1
        )
        return SchoolPartnership.objects.create(school=school, lead_provider_delivery_partnership=pairing)


@pytest.fixture
def now():
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    yield NOW
    traveller.stop()


@pytest.fixture
def world(now) -> World:
    return World()


@pytest.fixture
def api(world, v3_client):
    return v3_client(world.caller)


def ids(response) -> list[str]:
    assert response.status_code == 200
    return [item["id"] for item in response.json()["data"]]


# E64–E67 -----------------------------------------------------------------------------------------------------


def test_E64_the_cohort_filter_is_required_on_list_and_show(api):
    for path, params in (
        (URL, {}),
        (URL, {"filter[urn]": "100234"}),
        (f"{URL}/{S1_ID}", {}),
        (f"{URL}/{S1_ID}", {"filter[urn]": "100234"}),
    ):
        response = api.get(path, params, check_contract=False)
        assert response.status_code == 400, (path, params)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == COHORT_MISSING


def test_E64_a_filter_that_is_not_an_object_is_reported_instead(api):
    for path in (URL, f"{URL}/{S1_ID}"):
        response = api.get(path, {"filter": "2025"}, check_contract=False)
        assert response.status_code == 400
        assert response.json() == FILTER_NOT_A_HASH


def test_E65_list_for_a_cohort_and_urn(api):
    response = api.get(URL, {"filter[cohort]": "2025", "filter[urn]": "100234"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": [E65_S1]}


def test_E65_the_whole_cohort(api):
    assert api.get(URL, {"filter[cohort]": "2025"}).json() == {"data": [E65_S1, E66_S2]}


def test_E66_show_without_an_expression_of_interest(api):
    response = api.get(f"{URL}/{S2_ID}", {"filter[cohort]": "2025"})
    assert response.status_code == 200
    assert response.json() == {"data": E66_S2}
    assert api.get(f"{URL}/{S1_ID.upper()}", {"filter[cohort]": "2025"}).json() == {"data": E65_S1}


@pytest.mark.parametrize("cohort", ["1999", "", "abc", "-2025"])
def test_E67_an_unknown_or_unreadable_cohort_has_no_schools(api, cohort):
    assert api.get(URL, {"filter[cohort]": cohort}).json() == {"data": []}
    response = api.get(f"{URL}/{S1_ID}", {"filter[cohort]": cohort})
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_the_cohort_is_read_as_a_leading_integer(api):
    """§8.3: "2025,2024" means 2025."""
    data = api.get(URL, {"filter[cohort]": "2025,2024"}).json()["data"]
    assert [item["attributes"]["cohort"] for item in data] == ["2025", "2025"]
    assert api.get(f"{URL}/{S1_ID}", {"filter[cohort]": "2025abc"}).json() == {"data": E65_S1}


def test_the_same_school_in_another_cohort(api):
    """2024: S1 has no partnership or training that year; the caller has no expression of interest there."""
    data = api.get(f"{URL}/{S1_ID}", {"filter[cohort]": "2024"}).json()["data"]
    assert data["attributes"] | {"updated_at": None} == {
        "name": "Hillside Primary School",
        "urn": "100234",
        "cohort": "2024",
        "in_partnership": False,
        "induction_programme_choice": "not_yet_known",
        "expression_of_interest": False,
        "induction_tutor_name": None,
        "induction_tutor_email": None,
        "created_at": "2024-03-01T08:00:00Z",
        "updated_at": None,
    }
    assert data["attributes"]["updated_at"] == "2025-11-20T10:15:02Z"  # its row was made on the frozen "now"


def test_malformed_and_unknown_ids_are_not_found(api):
    for school_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", S1_ID + "0"):
        response = api.get(f"{URL}/{school_id}", {"filter[cohort]": "2025"})
        assert response.status_code == 404, school_id
        assert response.json() == NOT_FOUND


def test_both_routes_need_a_token(world, v3_client):
    for path in (URL, f"{URL}/{S1_ID}"):
        response = v3_client(token="wrong").get(path, {"filter[cohort]": "2025"})
        assert response.status_code == 401
        assert response.content == b'{"error":"HTTP Token: Access denied"}'


# Which schools are in a cohort's list (§11.10.1) -------------------------------------------------------------


def test_eligible_schools_and_schools_partnered_in_the_cohort_are_listed(world, api):
    marked = create_school(urn=100900, name="Online School", type_name="Online provider", eligible=False)
    School.objects.filter(pk=marked.pk).update(marked_as_eligible=True)
    closed = create_school(urn=100901, name="Closed School", status="closed", eligible=False)
    partnered_closed = create_school(urn=100902, name="Partnered But Closed", status="closed", eligible=False)
    world.partnership(world.other, 2024, partnered_closed)
    refresh_school_api_metadata()

    def urns(cohort: str) -> list[str]:
        return [item["attributes"]["urn"] for item in api.get(URL, {"filter[cohort]": cohort}).json()["data"]]

    assert sorted(urns("2025")) == ["100234", "100871", "100900"]
    assert sorted(urns("2024")) == ["100234", "100871", "100900", "100902"]  # any provider's partnership counts

    partnered_closed_id = str(School.objects.get(pk=partnered_closed.pk).api_id)
    closed_id = str(School.objects.get(pk=closed.pk).api_id)
    assert api.get(f"{URL}/{partnered_closed_id}", {"filter[cohort]": "2024"}).status_code == 200
    assert api.get(f"{URL}/{partnered_closed_id}", {"filter[cohort]": "2025"}).json() == NOT_FOUND
    assert api.get(f"{URL}/{closed_id}", {"filter[cohort]": "2024"}).json() == NOT_FOUND
    attributes = api.get(f"{URL}/{partnered_closed_id}", {"filter[cohort]": "2024"}).json()["data"]["attributes"]
    assert (attributes["in_partnership"], attributes["expression_of_interest"]) == (True, False)


def test_expression_of_interest_and_the_tutor_are_per_provider(world, v3_client):
    """Another provider sees S1's partnership and programme choice, but not its tutor."""
    other = v3_client(world.other)
    attributes = other.get(f"{URL}/{S1_ID}", {"filter[cohort]": "2025"}).json()["data"]["attributes"]
    assert attributes == E65_S1["attributes"] | {
        "expression_of_interest": False,
        "induction_tutor_name": None,
        "induction_tutor_email": None,
    }


def test_the_tutor_email_falls_back_to_the_register_contacts(world, v3_client):
    """§11.10.3: with an expression of interest, the tutor's email, else the primary contact, else the secondary."""
    ect = create_ect_at_school_period(school=world.s2, started_on=dt.date(2025, 9, 1))
    create_training_period(ect_at_school_period=ect, expression_of_interest=world.active(world.other, 2025))
    refresh_school_api_metadata(school_ids=[world.s2.pk])
    other = v3_client(world.other)

    def shown() -> tuple:
        attributes = other.get(f"{URL}/{S2_ID}", {"filter[cohort]": "2025"}).json()["data"]["attributes"]
        return (
            attributes["in_partnership"],
            attributes["induction_programme_choice"],
            attributes["expression_of_interest"],
            attributes["induction_tutor_name"],
            attributes["induction_tutor_email"],
        )

    assert shown() == (False, "provider_led", True, None, "office@riverside.example")
    world.s2.gias_school.__class__.objects.filter(urn=100871).update(
        primary_contact_email=None, secondary_contact_email="head@riverside.example"
    )
    assert shown() == (False, "provider_led", True, None, "head@riverside.example")
    world.s2.gias_school.__class__.objects.filter(urn=100871).update(secondary_contact_email=None)
    assert shown() == (False, "provider_led", True, None, None)
    # The caller still has no expression of interest at S2.
    caller_view = v3_client(world.caller).get(f"{URL}/{S2_ID}", {"filter[cohort]": "2025"}).json()["data"]
    assert caller_view["attributes"]["expression_of_interest"] is False


# Filters ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("urn", "expected"),
    [
        ("100234", [S1_ID]),
        ("100234,invalid", [S1_ID]),
        ("100871", [S2_ID]),
        ("999999", []),
        ("abc", []),
        ("", [S1_ID, S2_ID]),
    ],
)
def test_the_urn_filter(api, urn, expected):
    assert ids(api.get(URL, {"filter[cohort]": "2025", "filter[urn]": urn})) == expected


def test_updated_since_is_an_inclusive_bound_on_the_school_in_cohort_timestamp(api):
    def since(value: str) -> list[str]:
        return ids(api.get(URL, {"filter[cohort]": "2025", "filter[updated_since]": value}))

    assert since("2025-06-01T00:00:00Z") == [S1_ID, S2_ID]
    assert since("2025-06-01T00:00:01Z") == [S1_ID]
    assert since("2025-08-14T09:12:46Z") == [S1_ID]
    assert since("2025-08-14T09:12:47Z") == []
    assert since("2025-08-14T10:12:46%2B01:00") == [S1_ID]  # double-encoded `+`
    response = api.get(URL, {"filter[cohort]": "2025", "filter[updated_since]": "2025-08-14T10:12:46+01:00"},
                       check_contract=False)  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"title": "Bad request", "detail": "The filter '#/updated_since' must be a valid ISO 8601 date"}]
    }


def test_a_partnership_made_after_a_poll_is_found_by_the_next_poll(world, api):
    """§13.3 through the service the API's POST uses: S2 enters partnership for 2025 and `updated_since` finds it."""
    later = dt.datetime(2025, 11, 21, 9, tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        create_school_partnership_service(
            author=Author.system(),
            lead_provider=world.caller,
            cohort="2025",
            school_api_id=S2_ID,
            delivery_partner_api_id=DP1_ID,
        )
    data = api.get(URL, {"filter[cohort]": "2025", "filter[updated_since]": "2025-11-21T09:00:00Z"}).json()["data"]
    assert [item["id"] for item in data] == [S2_ID]
    assert data[0]["attributes"]["in_partnership"] is True
    assert data[0]["attributes"]["updated_at"] == "2025-11-21T09:00:00Z"


# Sorting and pagination --------------------------------------------------------------------------------------


def test_sorting(world, api):
    School.objects.filter(pk=world.s2.pk).update(created_at=at("2024-02-01T08:00:00Z"))

    def order(sort: str) -> list[str]:
        return ids(api.get(URL, {"filter[cohort]": "2025", "sort": sort}))

    assert order("created_at") == [S2_ID, S1_ID]
    assert order("-created_at") == [S1_ID, S2_ID]
    assert order("updated_at") == [S2_ID, S1_ID]
    assert order("-updated_at") == [S1_ID, S2_ID]
    assert order("-updated_at,created_at") == [S1_ID, S2_ID]
    assert order("name") == [S2_ID, S1_ID]  # unknown fields: the default order
    assert order("") == [S2_ID, S1_ID]


def test_equal_sort_keys_are_ordered_by_the_internal_id_so_pages_never_overlap(world, api):
    schools = [create_school(name=f"Tied {index}") for index in range(5)]
    School.objects.update(created_at=at("2024-03-01T08:00:00Z"))
    refresh_school_api_metadata()
    SchoolContractPeriodMetadata.objects.update(api_updated_at=at("2025-06-01T00:00:00Z"))
    expected = [str(api_id) for api_id in School.objects.order_by("pk").values_list("api_id", flat=True)]
    assert len(expected) == len(schools) + 2
    for sort in ("created_at", "updated_at", "-updated_at"):
        pages = [
            ids(api.get(URL, {"filter[cohort]": "2025", "sort": sort, "page[per_page]": "3", "page[page]": page}))
            for page in ("1", "2", "3", "4")
        ]
        assert [len(page) for page in pages] == [3, 3, 1, 0]
        assert [school_id for page in pages for school_id in page] == expected


def test_pagination(api):
    assert ids(api.get(URL, {"filter[cohort]": "2025", "page[per_page]": "1"})) == [S1_ID]
    assert ids(api.get(URL, {"filter[cohort]": "2025", "page[per_page]": "1", "page[page]": "2"})) == [S2_ID]
    assert ids(api.get(URL, {"filter[cohort]": "2025", "page[per_page]": "1", "page[page]": "3"})) == []
    assert ids(api.get(URL, {"filter[cohort]": "2025", "page[per_page]": "5000"})) == [S1_ID, S2_ID]


@pytest.mark.parametrize("params", [{"page[page]": "0"}, {"page[per_page]": "-1"}, {"page[page]": "abc"}])
def test_bad_pages(api, params):
    response = api.get(URL, {"filter[cohort]": "2025", **params}, check_contract=False)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "title": "Bad request",
                "detail": "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
            }
        ]
    }


def test_show_ignores_updated_since_and_pages(api):
    params = {"filter[cohort]": "2025", "filter[updated_since]": "nonsense", "page[page]": "0"}
    assert api.get(f"{URL}/{S1_ID}", params).json() == {"data": E65_S1}


# Queries ------------------------------------------------------------------------------------------------------


def test_a_page_takes_the_same_queries_whatever_its_size(world, api):
    for index in range(40):
        school = create_school(name=f"Extra {index}")
        if index % 3 == 0:
            world.partnership(world.caller, 2025, school)
    refresh_school_api_metadata()

    def queries(per_page: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(URL, {"filter[cohort]": "2025", "page[per_page]": per_page, "sort": "-updated_at"})
        assert response.status_code == 200
        return len(captured), len(response.json()["data"])

    small, large = queries("1"), queries("3000")
    assert (small[1], large[1]) == (1, 42)
    assert small[0] == large[0]
    with CaptureQueriesContext(connection) as captured:
        api.get(URL, {"filter[cohort]": "2025", "page[per_page]": "3000"})
    assert len([query for query in captured if "metadata_schools_contract_periods" in query["sql"]]) == 1
