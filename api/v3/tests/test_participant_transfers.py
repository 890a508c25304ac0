"""GET /api/v3/participants/transfers and GET .../{id}/transfers (lead-provider-api.md §11.7, §13.5; examples
E37–E39), every response checked against the contract, and the set-based algorithm against the domain's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3.selectors.participant_transfers import transfer_resources
from api.v3.tests.participants_world import NOT_FOUND, P1_ID, at, build_participants_world, stamp
from teachers.models import Teacher, TrainingPeriod
from teachers.selectors.training_status import school_transfers
from tests import builders_training as b
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_lead_provider,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
)

pytestmark = pytest.mark.django_db

URL = "/api/v3/participants/transfers"
T1_ID = "1b18ee1b-bc7a-4d90-ad4c-490fbb110614"

E37 = {
    "id": T1_ID,
    "type": "participant-transfer",
    "attributes": {
        "updated_at": "2025-09-01T07:45:10Z",
        "transfers": [
            {
                "training_record_id": "0a116202-d591-4050-aed5-658a7d913e2c",
                "transfer_type": "new_provider",
                "status": "complete",
                "created_at": "2024-07-02T10:00:00Z",
                "leaving": {"school_urn": "100234", "provider": "Example Institute", "date": "2025-08-31"},
                "joining": {"school_urn": "100871", "provider": "Other Provider Ltd", "date": "2025-09-01"},
            }
        ],
    },
}


@pytest.fixture
def example(frozen_today):
    """§17.4: the participant left URN 100234 (the caller, 2024 cohort) on 31 August 2025 and joined URN 100871
    with Other Provider Ltd the next day; the joining period's transfer timestamp is the latest."""
    world = build_participants_world()
    world.other_school = create_school(urn=100871)
    teacher = create_teacher(first_name="Tina", last_name="Mover", trn="2345678")
    stamp(Teacher, teacher, api_id=T1_ID, api_ect_training_record_id="0a116202-d591-4050-aed5-658a7d913e2c")
    leaving = create_ect_at_school_period(
        teacher=teacher, school=world.school, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2025, 8, 31)
    )
    joining = create_ect_at_school_period(teacher=teacher, school=world.other_school, started_on=dt.date(2025, 9, 1))
    leaving_training = b.training(
        leaving,
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2025, 8, 31),
        school_partnership=b.partnership(school=world.school, lead_provider=world.caller, year=2024),
    )
    stamp(
        TrainingPeriod,
        leaving_training,
        created_at=at("2024-07-02T10:00:00Z"),
        api_transfer_updated_at=at("2025-08-31T16:00:00Z"),
    )
    joining_training = b.training(
        joining,
        started_on=dt.date(2025, 9, 1),
        school_partnership=b.partnership(school=world.other_school, lead_provider=world.other, year=2025),
    )
    stamp(TrainingPeriod, joining_training, api_transfer_updated_at=at("2025-09-01T07:45:10Z"))
    world.mover, world.leaving_training, world.joining_training = teacher, leaving_training, joining_training
    return world


@pytest.fixture
def client(example, v3_client):
    return v3_client(example.caller)


def data(response):
    assert response.status_code == 200, response.content
    return response.json()["data"]


def test_E37_list(client):
    assert client.get(URL, {"filter[updated_since]": "2025-08-01T00:00:00Z"}).json() == {"data": [E37]}


def test_E38_show_and_a_participant_without_transfers_is_not_found(client):
    assert client.get(f"/api/v3/participants/{T1_ID}/transfers").json() == {"data": E37}
    response = client.get(f"/api/v3/participants/{P1_ID}/transfers")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = client.get("/api/v3/participants/not-a-uuid/transfers")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_E39_leaver_with_no_new_school_is_unknown_with_no_joining(example, client):
    """The ECT's next school period is gone: Tina left and no school has reported her since."""
    TrainingPeriod.objects.filter(pk=example.joining_training.pk).delete()
    example.mover.ect_at_school_periods.filter(school=example.other_school).delete()
    [transfer] = data(client.get(f"/api/v3/participants/{T1_ID}/transfers"))["attributes"]["transfers"]
    assert transfer["transfer_type"] == "unknown"
    assert transfer["joining"] is None
    assert transfer["status"] == "complete"


def test_the_joining_provider_sees_the_transfer_and_nobody_else_does(example, v3_client):
    other = v3_client(example.other)
    assert (
        data(other.get(f"/api/v3/participants/{T1_ID}/transfers"))["attributes"]["transfers"]
        == (E37["attributes"]["transfers"])
    )
    assert [item["id"] for item in data(other.get(URL))] == [T1_ID]
    stranger = v3_client(create_lead_provider(name="Gamma", active_in=(2025,)))
    assert stranger.get(URL).json() == {"data": []}
    response = stranger.get(f"/api/v3/participants/{T1_ID}/transfers")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_updated_since_reads_the_callers_boundary_training_periods(example, client, v3_client):
    """§11.7.3: the caller's leaving period (16:00 on 31 August) counts, the other provider's joining period
    (07:45 the next day) does not — though the resource's `updated_at` is the later of the two."""
    assert [item["id"] for item in data(client.get(URL, {"filter[updated_since]": "2025-08-31T16:00:00Z"}))] == [T1_ID]
    assert data(client.get(URL, {"filter[updated_since]": "2025-08-31T16:00:01Z"})) == []
    other = v3_client(example.other)
    assert [item["id"] for item in data(other.get(URL, {"filter[updated_since]": "2025-09-01T07:45:10Z"}))] == [T1_ID]


def test_same_provider_at_a_new_school_is_new_school_and_a_future_start_is_incomplete(example, client):
    TrainingPeriod.objects.filter(pk=example.joining_training.pk).update(
        school_partnership=b.partnership(school=example.other_school, lead_provider=example.caller, year=2025),
        started_on=dt.date(2026, 9, 16),
    )
    [transfer] = data(client.get(f"/api/v3/participants/{T1_ID}/transfers"))["attributes"]["transfers"]
    assert (transfer["transfer_type"], transfer["status"]) == ("new_school", "incomplete")
    assert transfer["joining"] == {"school_urn": "100871", "provider": "Example Institute", "date": "2026-09-16"}


def test_a_leaver_who_completed_induction_has_no_transfer(example, client):
    TrainingPeriod.objects.filter(pk=example.joining_training.pk).delete()
    example.mover.ect_at_school_periods.filter(school=example.other_school).delete()
    create_induction_period(
        teacher=example.mover, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2025, 7, 1), outcome="pass"
    )
    assert client.get(URL).json() == {"data": []}


def test_filter_must_be_a_hash(client):
    for path in (URL, f"/api/v3/participants/{T1_ID}/transfers"):
        response = client.get(path, {"filter": "x"}, check_contract=False)  # no 400 in the contract (§16 #9)
        assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


def _second_mover(example) -> Teacher:
    teacher = create_teacher(first_name="Second", last_name="Mover")
    leaving = create_mentor_at_school_period(
        teacher=teacher, school=example.school, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2025, 12, 31)
    )
    b.training(
        leaving,
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2025, 12, 31),
        school_partnership=example.partnership,
    )
    return teacher


def test_sorting_and_pagination(example, client):
    second = _second_mover(example)
    Teacher.objects.filter(pk=second.pk).update(
        created_at=at("2020-01-01T00:00:00Z"), api_updated_at=at("2030-01-01T00:00:00Z")
    )
    Teacher.objects.filter(pk=example.mover.pk).update(api_updated_at=at("2029-01-01T00:00:00Z"))
    second_id = str(Teacher.objects.get(pk=second.pk).api_id)

    def ids(params):
        return [item["id"] for item in data(client.get(URL, params))]

    assert ids({}) == [second_id, T1_ID]
    assert ids({"sort": "-created_at"}) == [T1_ID, second_id]
    assert ids({"sort": "updated_at"}) == [T1_ID, second_id]  # the participant's updated_at (§7.1 quirk)
    assert ids({"page[per_page]": "1", "page[page]": "2"}) == [T1_ID]
    assert ids({"page[per_page]": "1", "page[page]": "3"}) == []


def test_a_fixed_number_of_queries_whatever_the_page_size(example, client):
    for _ in range(6):
        _second_mover(example)

    def queries(per_page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(data(client.get(URL, {"page[per_page]": str(per_page)}))) == per_page
        return len(captured.captured_queries)

    assert queries(1) == queries(7) <= 5  # authentication (2), the page, the transfers


def test_the_set_based_algorithm_agrees_with_the_domains(example):
    """Every teacher in these examples, for each provider: the same transfers in the same order as
    `teachers.selectors.training_status.school_transfers`."""
    _second_mover(example)
    teachers = list(Teacher.objects.order_by("pk"))
    compared = 0
    for provider in (example.caller, example.other):
        resources = {r["id"]: r for r in transfer_resources(provider, [t.pk for t in teachers])}
        for teacher in teachers:
            expected = [
                (
                    t.transfer_type,
                    t.status,
                    t.leaving_period.school.gias_school_id,
                    t.joining_period.school.gias_school_id if t.joining_period else None,
                )
                for t in school_transfers(teacher=teacher, lead_provider=provider)
            ]
            shown = resources.get(str(teacher.api_id), {"attributes": {"transfers": []}})["attributes"]["transfers"]
            actual = [
                (
                    t["transfer_type"],
                    t["status"],
                    int(t["leaving"]["school_urn"]),
                    int(t["joining"]["school_urn"]) if t["joining"] else None,
                )
                for t in shown
            ]
            assert actual == expected, teacher
            compared += len(expected)
    assert compared >= 3
