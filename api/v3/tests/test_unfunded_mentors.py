"""GET /api/v3/unfunded-mentors and GET .../{id} (lead-provider-api.md §11.13, §13.8; examples E81, E82), every
response checked against the contract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3.tests.participants_world import M1_ID, NOT_FOUND, P1_ID, at, build_participants_world, stamp
from teachers.models import MentorshipPeriod, Teacher
from tests import builders_training as b
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
)

pytestmark = pytest.mark.django_db

URL = "/api/v3/unfunded-mentors"
U1_ID = "92f48e0e-8578-4ba0-8d57-3d1134714b03"

E81 = {
    "id": U1_ID,
    "type": "unfunded-mentor",
    "attributes": {
        "full_name": "Alex Brown",
        "email": "alex.brown@example.com",
        "teacher_reference_number": "3456789",
        "created_at": "2023-09-05T10:00:00Z",
        "updated_at": "2025-09-03T14:20:00Z",
    },
}


@pytest.fixture
def example(frozen_today):
    """§17.10: Alex Brown mentors Kim, one of the caller's ECTs, and has no training with the caller (their
    mentor training is with the other provider). Sam (M1) mentors Jane and is trained by the caller."""
    world = build_participants_world()
    alex = create_teacher(trn="3456789", first_name="Alex", last_name="Brown")
    stamp(Teacher, alex, api_id=U1_ID, created_at=at("2023-09-05T10:00:00Z"))
    alex_period = create_mentor_at_school_period(
        teacher=alex, school=world.school, started_on=dt.date(2025, 9, 1), email="alex.brown@example.com"
    )
    b.training(
        alex_period,
        started_on=dt.date(2025, 9, 1),
        school_partnership=b.partnership(school=world.school, lead_provider=world.other, year=2025),
    )
    kim = create_teacher(first_name="Kim", last_name="Lee")
    kim_period = create_ect_at_school_period(teacher=kim, school=world.school, started_on=dt.date(2025, 9, 1))
    b.training(kim_period, started_on=dt.date(2025, 9, 1), school_partnership=world.partnership)
    create_mentorship_period(mentee=kim_period, mentor=alex_period, started_on=dt.date(2025, 9, 1))
    Teacher.objects.filter(pk=alex.pk).update(api_unfunded_mentor_updated_at=at("2025-09-03T14:20:00Z"))
    world.alex, world.alex_period, world.kim, world.kim_period = alex, alex_period, kim, kim_period
    return world


@pytest.fixture
def client(example, v3_client):
    return v3_client(example.caller)


def data(response):
    assert response.status_code == 200, response.content
    return response.json()["data"]


def test_E81_list(client):
    assert client.get(URL, {"filter[updated_since]": "2025-01-01T00:00:00Z"}).json() == {"data": [E81]}


def test_E82_show_and_a_mentor_the_caller_trains_is_not_found(client):
    assert client.get(f"{URL}/{U1_ID}").json() == {"data": E81}
    for api_id in (M1_ID, P1_ID, "00000000-0000-0000-0000-000000000000", "nope"):
        response = client.get(f"{URL}/{api_id}")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_the_mentor_id_of_the_ect_is_the_unfunded_mentor_id(example, client):
    kim = data(client.get(f"/api/v3/participants/{example.kim.api_id}"))
    assert kim["attributes"]["ecf_enrolments"][0]["mentor_id"] == U1_ID


def test_another_provider_that_trains_the_mentor_does_not_see_them_as_unfunded(example, v3_client):
    other = v3_client(example.other)
    assert other.get(URL).json() == {"data": []}
    response = other.get(f"{URL}/{U1_ID}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_finished_mentorship_no_longer_assigns_the_mentor(example, client):
    MentorshipPeriod.objects.filter(mentor_at_school_period=example.alex_period).update(
        finished_on=dt.date(2026, 9, 14)
    )
    assert client.get(URL).json() == {"data": []}


def test_a_future_mentorship_assigns_the_mentor_and_the_latest_started_period_gives_the_email(example, client):
    """§11.13.4: when the mentor is assigned to several of the caller's ECTs through different mentor periods, the
    email is the latest-started period's."""
    other_school_period = create_mentor_at_school_period(
        teacher=example.alex, started_on=dt.date(2026, 1, 1), email="alex@second.example.com"
    )
    ect = create_ect_at_school_period(school=other_school_period.school, started_on=dt.date(2026, 1, 1))
    b.training(
        ect,
        started_on=dt.date(2026, 1, 1),
        school_partnership=b.partnership(school=other_school_period.school, lead_provider=example.caller, year=2025),
    )
    create_mentorship_period(mentee=ect, mentor=other_school_period, started_on=dt.date(2026, 10, 1))
    assert data(client.get(f"{URL}/{U1_ID}"))["attributes"]["email"] == "alex@second.example.com"


def test_updated_since_is_inclusive_on_the_unfunded_mentor_timestamp(client):
    assert [m["id"] for m in data(client.get(URL, {"filter[updated_since]": "2025-09-03T14:20:00Z"}))] == [U1_ID]
    assert data(client.get(URL, {"filter[updated_since]": "2025-09-03T14:20:01Z"})) == []


def _more_unfunded(example, count: int) -> list[str]:
    ids = []
    for index in range(count):
        mentor = create_mentor_at_school_period(school=example.school, started_on=dt.date(2025, 9, 1))
        ect = create_ect_at_school_period(school=example.school, started_on=dt.date(2025, 9, 1))
        b.training(ect, started_on=dt.date(2025, 9, 1), school_partnership=example.partnership)
        create_mentorship_period(mentee=ect, mentor=mentor)
        Teacher.objects.filter(pk=mentor.teacher_id).update(
            created_at=at("2024-01-01T00:00:00Z") + dt.timedelta(days=index),
            api_unfunded_mentor_updated_at=at("2020-01-01T00:00:00Z") + dt.timedelta(days=index),
        )
        ids.append(str(mentor.teacher.api_id))
    return ids


def test_sorting_and_pagination(example, client):
    extra = _more_unfunded(example, 2)

    def ids(params):
        return [m["id"] for m in data(client.get(URL, params))]

    assert ids({}) == [U1_ID, *extra]  # teacher creation time
    assert ids({"sort": "-created_at"}) == [*reversed(extra), U1_ID]
    assert ids({"sort": "updated_at"}) == [*extra, U1_ID]
    assert ids({"sort": "-updated_at"}) == [U1_ID, *reversed(extra)]
    assert ids({"page[per_page]": "2", "page[page]": "2"}) == [extra[1]]
    assert ids({"page[per_page]": "2", "page[page]": "3"}) == []


def test_filter_must_be_a_hash_and_bad_pages_are_400(client):
    for path in (URL, f"{URL}/{U1_ID}"):
        response = client.get(path, {"filter": "x"}, check_contract=False)  # no 400 in the contract (§16 #9)
        assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}
    assert client.get(URL, {"page[per_page]": "0"}, check_contract=False).status_code == 400


def test_a_fixed_number_of_queries_whatever_the_page_size(example, client):
    _more_unfunded(example, 5)

    def queries(per_page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(data(client.get(URL, {"page[per_page]": str(per_page)}))) == per_page
        return len(captured.captured_queries)

    assert queries(1) == queries(6) <= 3  # authentication (2) and the page
