"""/api/v3/partnerships: list, show, create and update (lead-provider-api.md §11.12, §13.4; examples E70–E80)
against §17's fixture on its "now", with every response checked against the contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3.testing import V3Client, envelope
from declarations.models import Declaration
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers.models import ActiveLeadProvider, DeliveryPartner, LeadProvider, SchoolPartnership
from providers.services.delivery_partners import rename_delivery_partner
from schools.models import School, TrainingProgramme
from schools.services.schools import nominate_induction_tutor
from teachers.models import Teacher, TrainingPeriod
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
from tests.builders_providers import create_declaration

pytestmark = pytest.mark.django_db

URL = "/api/v3/partnerships"
NOW = dt.datetime(2025, 11, 20, 10, 15, 2, tzinfo=dt.UTC)
UTC = dt.UTC
DP1_ID = "8d762077-23b9-4d60-b5aa-b09fe2326108"
DP2_ID = "077501a4-4bb8-4a1a-899b-810a1a158537"
S1_ID = "db8c0b35-cb22-4c45-b9ba-c4c06c34e30b"
S2_ID = "14637598-ed66-4604-b709-b838e77ec59e"
PS1_ID = "30fd4a2d-9601-4ad9-976b-a52d6ba1f146"
PS2024_ID = "5d0c7a52-0d43-4f7e-8f0e-3a1c2b4d5e6f"
OTHER_PS_ID = "9a7e1c3b-2f4d-4b6a-8c5e-7d9f0a1b2c3d"
UNKNOWN_ID = "b8bb056a-34b6-485d-ace2-e5ce63a1b037"
NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}
MALFORMED = {
    "errors": [{"title": "Bad request", "detail": "Correct json data structure required. See API docs for reference."}]
}

ENTER_DP = "Enter a '#/delivery_partner_id'."
INVALID_DP = "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again."
DP_NOT_PAIRED = (
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. "
    "Contact the DfE for more information."
)
ALREADY_WITH_DP = (
    "We are unable to process this request. You are already confirmed to be in partnership with the entered "
    "delivery partner. Contact the DfE for support."
)

# E70's object.
PS1 = {
    "id": PS1_ID,
    "type": "partnership",
    "attributes": {
        "cohort": "2025",
        "urn": "100234",
        "school_id": S1_ID,
        "delivery_partner_id": DP1_ID,
        "delivery_partner_name": "Northern Teaching Alliance",
        "induction_tutor_name": "Priya Patel",
        "induction_tutor_email": "induction.tutor@hillside.example",
        "participants_currently_training": 2,
        "created_at": "2025-07-01T09:00:00Z",
        "updated_at": "2025-09-01T00:01:00Z",
    },
}


def error_body(*pairs: tuple[str, str]) -> dict:
    return {"errors": [{"title": title, "detail": detail} for title, detail in pairs]}


@dataclass
class World:
    caller: LeadProvider
    other: LeadProvider
    dp1: DeliveryPartner
    dp2: DeliveryPartner
    s1: School
    s2: School
    ps1: SchoolPartnership
    ps2024: SchoolPartnership
    other_ps: SchoolPartnership
    p1_training: TrainingPeriod
    m1_training: TrainingPeriod

    def active(self, provider: LeadProvider, year: int) -> ActiveLeadProvider:
        return ActiveLeadProvider.objects.get_or_create(lead_provider=provider, contract_period_id=year)[0]


def _with(model, instance, **values):
    model.objects.filter(pk=instance.pk).update(**values)
    instance.refresh_from_db()
    return instance


def _partnership(active, school, partner, api_id, created_at, updated_at) -> SchoolPartnership:
    pairing = create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=partner)
    partnership = SchoolPartnership.objects.create(school=school, lead_provider_delivery_partnership=pairing)
    return _with(SchoolPartnership, partnership, api_id=api_id, created_at=created_at, api_updated_at=updated_at)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(now) -> World:
    """§17: "Example Institute" contracted for 2024 and 2025; DP1 paired with it in 2024 and 2025, DP2 in 2025;
    S1 (eligible, tutor Priya Patel) with PS1 (S1, DP1, 2025) training P1 and M1 since 2025-09-01 and a 2024
    partnership; S2 (eligible, no tutor, no participants with the caller). "Other Provider Ltd" has its own 2025
    partnership with S1 through DP1, which the caller never sees. 2022 is closed, 2026 is in the future."""
    create_contract_period(2022, enabled=False, with_schedules=False)
    for year in (2024, 2025, 2026):
        create_contract_period(year, with_schedules=False)
    caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025))
    other = create_lead_provider(name="Other Provider Ltd", active_in=(2025,))
    dp1 = _with(DeliveryPartner, create_delivery_partner(name="Northern Teaching Alliance"), api_id=DP1_ID)
    dp2 = _with(DeliveryPartner, create_delivery_partner(name="Southern Learning Trust"), api_id=DP2_ID)
    s1 = create_school(urn=100234, name="Hillside Primary", primary_contact_email="office@hillside.example")
    _with(
        School,
        s1,
        api_id=S1_ID,
        induction_tutor_name="Priya Patel",
        induction_tutor_email="induction.tutor@hillside.example",
    )
    s2 = _with(
        School,
        create_school(urn=100871, name="Riverside Academy", primary_contact_email="office@riverside.example"),
        api_id=S2_ID,
    )
    active = {
        (provider.pk, year): ActiveLeadProvider.objects.get(lead_provider=provider, contract_period_id=year)
        for provider, years in ((caller, (2024, 2025)), (other, (2025,)))
        for year in years
    }
    ps1 = _partnership(
        active[caller.pk, 2025],
        s1,
        dp1,
        PS1_ID,
        dt.datetime(2025, 7, 1, 9, tzinfo=UTC),
        dt.datetime(2025, 9, 1, 0, 1, tzinfo=UTC),
    )
    ps2024 = _partnership(
        active[caller.pk, 2024],
        s1,
        dp1,
        PS2024_ID,
        dt.datetime(2024, 7, 1, 9, tzinfo=UTC),
        dt.datetime(2025, 10, 1, 9, tzinfo=UTC),
    )
    create_lead_provider_delivery_partnership(active_lead_provider=active[caller.pk, 2025], delivery_partner=dp2)
    other_ps = _partnership(
        active[other.pk, 2025],
        s1,
        dp1,
        OTHER_PS_ID,
        dt.datetime(2025, 7, 2, 9, tzinfo=UTC),
        dt.datetime(2025, 7, 2, 9, tzinfo=UTC),
    )
    p1 = create_teacher(trn="1234567", first_name="Jane", last_name="Smith")
    p1_training = create_training_period(
        ect_at_school_period=create_ect_at_school_period(teacher=p1, school=s1, started_on=dt.date(2025, 9, 1)),
        school_partnership=ps1,
    )
    m1 = create_teacher(trn="7654321", first_name="Sam", last_name="Jones")
    m1_training = create_training_period(
        mentor_at_school_period=create_mentor_at_school_period(teacher=m1, school=s1, started_on=dt.date(2025, 9, 1)),
        school_partnership=ps1,
    )
    return World(caller, other, dp1, dp2, s1, s2, ps1, ps2024, other_ps, p1_training, m1_training)


@pytest.fixture
def client(world) -> V3Client:
    return V3Client(world.caller)


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


# GET list and show -------------------------------------------------------------------------------------------------


def test_E70_list_filtered_by_cohort_and_delivery_partner(client):
    response = client.get(URL, {"filter[cohort]": "2025", "filter[delivery_partner_id]": DP1_ID})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": [PS1]}


def test_E71_show(client):
    response = client.get(f"{URL}/{PS1_ID}")
    assert response.status_code == 200
    assert response.json() == {"data": PS1}
    assert client.get(f"{URL}/{PS1_ID.upper()}").json() == {"data": PS1}


def test_list_is_the_callers_partnerships_in_creation_order(client, world):
    assert _ids(client.get(URL)) == [PS2024_ID, PS1_ID]
    assert _ids(V3Client(world.other).get(URL)) == [OTHER_PS_ID]


@pytest.mark.parametrize("path_id", [OTHER_PS_ID, UNKNOWN_ID, "not-a-uuid"])
def test_show_not_found(client, path_id):
    response = client.get(f"{URL}/{path_id}")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_another_provider_cannot_see_the_callers_partnership(world):
    response = V3Client(world.other).get(f"{URL}/{PS1_ID}")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_participants_currently_training_counts_periods_containing_today(client, world):
    """§11.12.3: started on or before today and not finished before today (finishing today still counts)."""
    s1, ps1 = world.s1, world.ps1

    def ect(started_on: dt.date, finished_on: dt.date | None = None, **fields) -> None:
        at_school = create_ect_at_school_period(school=s1, started_on=started_on, finished_on=finished_on)
        create_training_period(
            ect_at_school_period=at_school, school_partnership=ps1, finished_on=finished_on, **fields
        )

    ect(dt.date(2025, 9, 1), dt.date(2025, 11, 20))  # finishes today: counts
    ect(dt.date(2025, 9, 1), dt.date(2025, 11, 19))  # finished yesterday
    ect(dt.date(2025, 11, 21))  # starts tomorrow
    ect(dt.date(2025, 11, 20))  # starts today
    attributes = client.get(f"{URL}/{PS1_ID}").json()["data"]["attributes"]
    assert attributes["participants_currently_training"] == 4


def test_induction_tutor_email_falls_back_to_the_register(client, world):
    gias = world.s1.gias_school
    gias.secondary_contact_email = "head@hillside.example"
    gias.save()
    _with(School, world.s1, induction_tutor_name=None, induction_tutor_email=None)
    attributes = client.get(f"{URL}/{PS1_ID}").json()["data"]["attributes"]
    assert (attributes["induction_tutor_name"], attributes["induction_tutor_email"]) == (
        None,
        "office@hillside.example",
    )
    gias.primary_contact_email = None
    gias.save()
    attributes = client.get(f"{URL}/{PS1_ID}").json()["data"]["attributes"]
    assert attributes["induction_tutor_email"] == "head@hillside.example"
    gias.secondary_contact_email = None
    gias.save()
    attributes = client.get(f"{URL}/{PS1_ID}").json()["data"]["attributes"]
    assert attributes["induction_tutor_email"] is None


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"filter[cohort]": "2024"}, [PS2024_ID]),
        ({"filter[cohort]": "2024,2025"}, [PS2024_ID, PS1_ID]),
        ({"filter[cohort]": "2025,invalid,,20A1, ,1099"}, [PS1_ID]),
        ({"filter[cohort]": "junk"}, []),
        ({"filter[cohort]": ""}, [PS2024_ID, PS1_ID]),
        ({"filter[delivery_partner_id]": DP2_ID}, []),
        ({"filter[delivery_partner_id]": f"{DP2_ID},{DP1_ID.upper()}"}, [PS2024_ID, PS1_ID]),
        ({"filter[delivery_partner_id]": f"not-a-uuid,{DP1_ID}"}, [PS2024_ID, PS1_ID]),
        ({"filter[delivery_partner_id]": "not-a-uuid"}, []),
        ({"filter[cohort]": "2024", "filter[delivery_partner_id]": DP1_ID}, [PS2024_ID]),
        ({"filter[updated_since]": "2025-10-01T09:00:00Z"}, [PS2024_ID]),  # inclusive
        ({"filter[updated_since]": "2025-09-01T00:01:00Z"}, [PS2024_ID, PS1_ID]),
        ({"filter[updated_since]": "2025-09-01T01:01:00%2B01:00"}, [PS2024_ID, PS1_ID]),  # double-encoded `+`
        ({"filter[updated_since]": "2025-10-01T09:00:01Z"}, []),
    ],
)
def test_filters(client, filters, expected):
    assert _ids(client.get(URL, filters)) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("created_at", [PS2024_ID, PS1_ID]),
        ("-created_at", [PS1_ID, PS2024_ID]),
        ("updated_at", [PS1_ID, PS2024_ID]),
        ("-updated_at", [PS2024_ID, PS1_ID]),
        ("name,-updated_at", [PS2024_ID, PS1_ID]),  # unknown fields are dropped
        ("unknown", [PS2024_ID, PS1_ID]),  # none left: the default order
    ],
)
def test_sort(client, sort, expected):
    assert _ids(client.get(URL, {"sort": sort})) == expected


def test_pagination_is_stable_when_timestamps_tie(client, world):
    SchoolPartnership.objects.filter(pk__in=[world.ps1.pk, world.ps2024.pk]).update(
        created_at=dt.datetime(2025, 7, 1, 9, tzinfo=UTC)
    )
    first = _ids(client.get(URL, {"page[per_page]": "1"}))
    second = _ids(client.get(URL, {"page[per_page]": "1", "page[page]": "2"}))
    assert first + second == [PS1_ID, PS2024_ID]  # equal creation times: the tie-break is creation order (pk)
    assert _ids(client.get(URL, {"page[per_page]": "1", "page[page]": "3"})) == []


def test_list_bad_requests(client):
    cases = [
        ({"filter": "abc"}, "Bad parameter", "Filter must be a hash"),
        (
            {"filter[updated_since]": "yesterday"},
            "Bad request",
            "The filter '#/updated_since' must be a valid ISO 8601 date",
        ),
        (
            {"page[page]": "abc"},
            "Bad request",
            "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
        ),
    ]
    for params, title, detail in cases:
        response = client.get(URL, params, check_contract=False)  # the contract documents no 400 on lists (§16 #9)
        assert response.status_code == 400, params
        assert response.json() == error_body((title, detail)), params


def test_unauthenticated(world):
    unauthenticated = V3Client(token="wrong")
    for response in (
        unauthenticated.get(URL),
        unauthenticated.get(f"{URL}/{PS1_ID}"),
        unauthenticated.post(URL, envelope("partnership", cohort="2025")),
        unauthenticated.put(f"{URL}/{PS1_ID}", envelope("partnership", delivery_partner_id=DP2_ID)),
    ):
        assert response.status_code == 401
        assert response.json() == {"error": "HTTP Token: Access denied"}


def test_a_fixed_number_of_queries_whatever_the_page_size(client, world):
    active = world.active(world.caller, 2025)
    for _ in range(20):
        school = create_school()
        pairing = create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=world.dp2)
        partnership = SchoolPartnership.objects.create(school=school, lead_provider_delivery_partnership=pairing)
        create_training_period(
            ect_at_school_period=create_ect_at_school_period(school=school, started_on=dt.date(2025, 9, 1)),
            school_partnership=partnership,
        )

    def queries(per_page: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            count = len(_ids(client.get(URL, {"page[per_page]": per_page, "sort": "-updated_at"})))
        return len(captured), count

    (few, one), (many, all_of_them) = queries("1"), queries("3000")
    assert (one, all_of_them) == (1, 22)
    assert few == many
    with CaptureQueriesContext(connection) as captured:
        data = client.get(URL, {"page[per_page]": "3000"}).json()["data"]
    assert len([query for query in captured if "FROM school_partnerships" in query["sql"]]) == 1
    assert sum(item["attributes"]["participants_currently_training"] for item in data) == 22


# POST ---------------------------------------------------------------------------------------------------------------


def test_E72_create(client, world):
    response = client.post(URL, envelope("partnership", cohort="2025", school_id=S2_ID, delivery_partner_id=DP2_ID))
    assert response.status_code == 200
    data = response.json()["data"]
    created = SchoolPartnership.objects.get(school=world.s2)
    assert data == {
        "id": str(created.api_id),
        "type": "partnership",
        "attributes": {
            "cohort": "2025",
            "urn": "100871",
            "school_id": S2_ID,
            "delivery_partner_id": DP2_ID,
            "delivery_partner_name": "Southern Learning Trust",
            "induction_tutor_name": None,
            "induction_tutor_email": "office@riverside.example",
            "participants_currently_training": 0,
            "created_at": "2025-11-20T10:15:02Z",
            "updated_at": "2025-11-20T10:15:02Z",
        },
    }
    assert created.lead_provider == world.caller and created.delivery_partner == world.dp2
    assert client.get(f"{URL}/{created.api_id}").json() == {"data": data}
    assert Event.objects.filter(event_type=EventType.SCHOOL_PARTNERSHIP_CREATED, school_partnership=created).exists()
    # E73: the same again
    again = client.post(URL, envelope("partnership", cohort="2025", school_id=S2_ID, delivery_partner_id=DP2_ID))
    assert again.status_code == 422
    assert again.json() == error_body(
        ("school_id", "You are already in a confirmed partnership with this school for the entered cohort.")
    )


def test_create_accepts_a_numeric_cohort_and_another_providers_partnership_does_not_block(world):
    """`cohort` may be a number (§11.12.4); another provider's partnership with the same school and cohort does not
    block the caller's (one partnership per provider, school and cohort)."""
    other = V3Client(world.other)
    dp3 = create_delivery_partner(name="Eastern Hub")
    create_lead_provider_delivery_partnership(
        active_lead_provider=world.active(world.other, 2025), delivery_partner=dp3
    )
    response = other.post(
        URL, envelope("partnership", cohort=2025, school_id=S2_ID, delivery_partner_id=str(dp3.api_id))
    )
    assert response.status_code == 200
    caller = V3Client(world.caller)
    response = caller.post(URL, envelope("partnership", cohort=2025, school_id=S2_ID, delivery_partner_id=DP1_ID))
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["cohort"] == "2025"
    assert SchoolPartnership.objects.filter(school=world.s2).count() == 2


def test_E74_several_problems_in_order(client):
    response = client.post(URL, envelope("partnership", cohort=2020, school_id=UNKNOWN_ID))
    assert response.status_code == 422
    assert response.json() == error_body(
        ("delivery_partner_id", ENTER_DP),
        ("cohort", "The '#/cohort' you have entered is invalid. Check cohort details and try again."),
        (
            "school_id",
            "The '#/school_id' you have entered is invalid. Check school details and try again. "
            "Contact the DfE for support if you are unable to find the '#/school_id'.",
        ),
    )


def test_E75_closed_cohort(client):
    response = client.post(URL, envelope("partnership", cohort="2022", school_id=S2_ID, delivery_partner_id=DP1_ID))
    assert response.status_code == 422
    assert response.json() == error_body(
        ("cohort", "You cannot create this partnership as the cohort is closed."),
        ("delivery_partner_id", DP_NOT_PAIRED),
    )


def test_E76_delivery_partner_not_paired_with_the_caller_in_the_cohort(client):
    response = client.post(URL, envelope("partnership", cohort="2024", school_id=S2_ID, delivery_partner_id=DP2_ID))
    assert response.status_code == 422
    assert response.json() == error_body(("delivery_partner_id", DP_NOT_PAIRED))


def test_create_errors(client, world):
    ineligible = create_school(urn=100999, eligible=False)
    school_led = create_school(urn=100998)
    create_training_period(
        ect_at_school_period=create_ect_at_school_period(school=school_led, started_on=dt.date(2025, 9, 1)),
        training_programme=TrainingProgramme.SCHOOL_LED,
    )
    cases = [
        (
            {"cohort": "", "school_id": None, "delivery_partner_id": " "},
            [
                ("cohort", "Enter a '#/cohort'."),
                ("school_id", "Enter a '#/school_id'."),
                ("delivery_partner_id", ENTER_DP),
            ],
        ),
        (
            {"cohort": "2026", "school_id": S2_ID, "delivery_partner_id": DP2_ID},
            [
                ("cohort", "You cannot create a partnership for a future cohort."),
                ("delivery_partner_id", DP_NOT_PAIRED),
            ],
        ),
        (
            {"cohort": "twenty", "school_id": str(ineligible.api_id), "delivery_partner_id": UNKNOWN_ID},
            [
                ("cohort", "The '#/cohort' you have entered is invalid. Check cohort details and try again."),
                (
                    "school_id",
                    "The school you have entered is currently ineligible for DfE funding. "
                    "Contact the school for more information.",
                ),
                ("delivery_partner_id", INVALID_DP),
            ],
        ),
        (
            {"cohort": "2025", "school_id": str(school_led.api_id), "delivery_partner_id": DP2_ID},
            [
                (
                    "school_id",
                    "This school has only registered school-led participants. Contact the school for more information.",
                )
            ],
        ),
        (
            {"cohort": "2025", "school_id": S1_ID, "delivery_partner_id": DP2_ID},
            [("school_id", "You are already in a confirmed partnership with this school for the entered cohort.")],
        ),
    ]
    for attributes, expected in cases:
        response = client.post(URL, envelope("partnership", **attributes))
        assert response.status_code == 422, attributes
        assert response.json() == error_body(*expected), attributes
    assert SchoolPartnership.objects.count() == 3


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        {},
        {"data": "partnership"},
        {"data": ["partnership"]},
        {"data": {"type": "partnership"}},
        {"data": {"type": "partnership", "attributes": {}}},
        {"data": {"type": "partnership", "attributes": "cohort"}},
        {"data": {"type": "partnership", "attributes": {"status": "active"}}},
    ],
)
def test_create_with_a_malformed_body(client, body):
    response = client.post(URL, body)
    assert response.status_code == 400
    assert response.json() == MALFORMED


def test_create_links_waiting_expressions_of_interest(client, world):
    """§11.12.4: training periods at the school with an EOI for (caller, cohort) and no partnership are linked, and
    their participants' `updated_at` moves; an EOI for another provider is left alone."""
    teacher = create_teacher(first_name="Ann", last_name="Lee")
    Teacher.objects.filter(pk=teacher.pk).update(api_updated_at=dt.datetime(2025, 9, 1, tzinfo=UTC))
    waiting = create_training_period(
        ect_at_school_period=create_ect_at_school_period(
            teacher=teacher, school=world.s2, started_on=dt.date(2025, 9, 1)
        ),
        expression_of_interest=world.active(world.caller, 2025),
    )
    elsewhere = create_training_period(
        ect_at_school_period=create_ect_at_school_period(school=world.s2, started_on=dt.date(2025, 9, 1)),
        expression_of_interest=world.active(world.other, 2025),
    )
    response = client.post(URL, envelope("partnership", cohort="2025", school_id=S2_ID, delivery_partner_id=DP2_ID))
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["participants_currently_training"] == 1
    waiting.refresh_from_db()
    elsewhere.refresh_from_db()
    assert str(waiting.school_partnership.api_id) == response.json()["data"]["id"]
    assert elsewhere.school_partnership is None
    teacher.refresh_from_db()
    assert teacher.api_updated_at == NOW


def test_filter_must_be_a_hash_on_writes(client):
    response = client.client.post(
        f"{URL}?filter=abc",
        envelope("partnership", cohort="2025", school_id=S2_ID, delivery_partner_id=DP2_ID),
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert response.status_code == 400
    assert response.json() == error_body(("Bad parameter", "Filter must be a hash"))
    assert not SchoolPartnership.objects.filter(school__api_id=S2_ID).exists()


# PUT ----------------------------------------------------------------------------------------------------------------


def test_E77_update(client, world):
    declaration = create_declaration(training_period=world.p1_training)
    response = client.put(f"{URL}/{PS1_ID}", envelope("partnership", delivery_partner_id=DP2_ID))
    assert response.status_code == 200
    expected = PS1 | {
        "attributes": PS1["attributes"]
        | {
            "delivery_partner_id": DP2_ID,
            "delivery_partner_name": "Southern Learning Trust",
            "updated_at": "2025-11-20T10:15:02Z",
        }
    }
    assert response.json() == {"data": expected}
    assert client.get(f"{URL}/{PS1_ID}").json() == {"data": expected}
    # §11.12.5 effects: participants and declarations move; the declaration keeps its delivery partner.
    for training in (world.p1_training, world.m1_training):
        assert Teacher.objects.get(pk=training.teacher_id).api_updated_at == NOW
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert declaration.api_updated_at == NOW
    assert Event.objects.filter(event_type=EventType.SCHOOL_PARTNERSHIP_UPDATED).count() == 1
    assert _ids(client.get(URL, {"filter[updated_since]": "2025-11-20T10:15:02Z"})) == [PS1_ID]


def test_E78_update_to_the_current_delivery_partner(client):
    response = client.put(f"{URL}/{PS1_ID}", envelope("partnership", delivery_partner_id=DP1_ID))
    assert response.status_code == 422
    assert response.json() == error_body(("delivery_partner_id", ALREADY_WITH_DP))


def test_E79_update_with_an_unknown_delivery_partner(client):
    response = client.put(f"{URL}/{PS1_ID}", envelope("partnership", delivery_partner_id=UNKNOWN_ID))
    assert response.status_code == 422
    assert response.json() == error_body(("delivery_partner_id", INVALID_DP))


def test_update_errors(client, world):
    unpaired = create_delivery_partner(name="Western Trust")
    cases = [
        (None, ENTER_DP),
        ("", ENTER_DP),
        ("not-a-uuid", INVALID_DP),
        (str(unpaired.api_id), DP_NOT_PAIRED),
        (DP2_ID, DP_NOT_PAIRED),  # DP2 is paired with the caller in 2025 only; this partnership is 2024
    ]
    for delivery_partner_id, detail in cases:
        response = client.put(f"{URL}/{PS2024_ID}", envelope("partnership", delivery_partner_id=delivery_partner_id))
        assert response.status_code == 422, delivery_partner_id
        assert response.json() == error_body(("delivery_partner_id", detail)), delivery_partner_id
    world.ps2024.refresh_from_db()
    assert world.ps2024.delivery_partner == world.dp1


def test_update_to_a_delivery_partner_the_school_already_has_through_another_partnership(client, world):
    """The school already partners the caller through DP2 in 2025 when a second 2025 partnership exists for it."""
    pairing = create_lead_provider_delivery_partnership(
        active_lead_provider=world.active(world.caller, 2025), delivery_partner=world.dp2
    )
    SchoolPartnership.objects.create(school=world.s1, lead_provider_delivery_partnership=pairing)
    response = client.put(f"{URL}/{PS1_ID}", envelope("partnership", delivery_partner_id=DP2_ID))
    assert response.status_code == 422
    assert response.json() == error_body(("delivery_partner_id", ALREADY_WITH_DP))


def test_E80_another_providers_partnership_is_not_found_before_the_body_is_read(client):
    for path_id in (OTHER_PS_ID, UNKNOWN_ID, "not-a-uuid"):
        response = client.put(f"{URL}/{path_id}", {"data": "nonsense"})
        assert response.status_code == 404, path_id
        assert response.json() == NOT_FOUND
    response = client.put(f"{URL}/{OTHER_PS_ID}", envelope("partnership", delivery_partner_id=DP2_ID))
    assert response.status_code == 404
    other_ps = SchoolPartnership.objects.get(api_id=OTHER_PS_ID)
    assert str(other_ps.delivery_partner.api_id) == DP1_ID


@pytest.mark.parametrize(
    "body",
    [b"[", {"data": {"attributes": {}}}, {"data": {"attributes": {"cohort": "2025"}}}, {"data": None}],
)
def test_update_with_a_malformed_body(client, body):
    response = client.put(f"{URL}/{PS1_ID}", body)
    assert response.status_code == 400
    assert response.json() == MALFORMED


# §13.4: what moves a partnership's updated_at ------------------------------------------------------------------


def test_renaming_the_delivery_partner_moves_its_partnerships(client, world):
    since = {"filter[updated_since]": "2025-11-20T10:15:02Z"}
    assert _ids(client.get(URL, since)) == []
    rename_delivery_partner(author=Author.system(), delivery_partner=world.dp1, name="Northern Alliance")
    moved = client.get(URL, since).json()["data"]
    assert [item["id"] for item in moved] == [PS2024_ID, PS1_ID]
    assert {item["attributes"]["delivery_partner_name"] for item in moved} == {"Northern Alliance"}


def test_a_new_induction_tutor_moves_the_schools_partnerships(client, world):
    since = {"filter[updated_since]": "2025-11-20T10:15:02Z"}
    nominate_induction_tutor(
        author=Author.system(), school=world.s1, name="Omar Farouk", email="omar.farouk@hillside.example"
    )
    moved = client.get(URL, since).json()["data"]
    assert [item["id"] for item in moved] == [PS2024_ID, PS1_ID]
    assert {item["attributes"]["induction_tutor_email"] for item in moved} == {"omar.farouk@hillside.example"}
