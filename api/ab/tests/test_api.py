"""The appropriate body API (issue 8 item 1): token auth kept apart from the lead provider API, a body's own ECTs
only, the page services' rules and messages, and every response checked against the generated OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import pytest
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from api.ab import app as ab_app
from api.ab.docs import openapi_document
from api.tokens import create_api_token, create_appropriate_body_api_token
from events.authors import Author
from events.models import Event
from integrations.notify.models import SentEmail
from integrations.trs.fake import FakeTRS
from integrations.trs.models import TRSInductionStatusUpdate
from schools.models import School
from teachers.models import ECTAtSchoolPeriod, InductionExtension, InductionPeriod, Teacher
from tests.builders import (
    create_appropriate_body,
    create_ect_at_school_period,
    create_induction_period,
    create_lead_provider,
    create_school,
    create_teacher,
)

# Today is the spec's baseline day, 2026-09-15, so dates in the bodies are in the past whenever the suite runs.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@cache
def contract() -> OpenAPI:
    return OpenAPI.from_dict(json.loads(json.dumps(openapi_document(), default=str)))


def checked(response):
    """Every response, success or error, must match the generated document."""
    contract().validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
    return response


class ABClient:
    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict | None = None):
        return checked(self.client.get(f"/api/ab/v1{path}", params or {}, headers=self.headers))

    def post(self, path: str, body: dict):
        return checked(
            self.client.post(
                f"/api/ab/v1{path}", json.dumps(body), content_type="application/json", headers=self.headers
            )
        )


@pytest.fixture
def north():
    return create_appropriate_body(name="North Hub")


@pytest.fixture
def south():
    return create_appropriate_body(name="South Hub")


@pytest.fixture
def api(north):
    _, token = create_appropriate_body_api_token(author=Author.system(), appropriate_body=north)
    return ABClient(token)


@pytest.fixture
def ours(north):
    teacher = create_teacher(trn="1111111", first_name="Ava", last_name="North")
    create_induction_period(teacher=teacher, appropriate_body=north, started_on=dt.date(2025, 9, 1))
    return teacher


@pytest.fixture
def theirs(south):
    teacher = create_teacher(trn="2222222", first_name="Sam", last_name="South")
    create_induction_period(teacher=teacher, appropriate_body=south, started_on=dt.date(2025, 9, 1))
    return teacher


# Authentication --------------------------------------------------------------------------------------------


def test_no_token_or_an_unknown_token_is_refused():
    assert ABClient(None).get("/teachers").status_code == 401
    assert ABClient("not-a-token").get("/teachers").status_code == 401


def test_a_lead_provider_token_is_refused_by_the_appropriate_body_api():
    _, token = create_api_token(author=Author.system(), lead_provider=create_lead_provider())
    response = ABClient(token).get("/teachers")
    assert response.status_code == 401
    assert response.json() == {"errors": [{"title": "Unauthorised", "detail": "Access denied"}]}


def test_an_appropriate_body_token_is_refused_by_the_lead_provider_api(north):
    _, token = create_appropriate_body_api_token(author=Author.system(), appropriate_body=north)
    response = Client().get("/api/v3/statements", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


# Reads -----------------------------------------------------------------------------------------------------


def test_teachers_lists_only_this_bodys_ects_with_their_periods_here(api, ours, theirs, north):
    InductionExtension.objects.create(teacher=ours, number_of_terms=1.5)
    response = api.get("/teachers")
    assert response.status_code == 200
    [teacher] = response.json()["data"]
    assert teacher["trn"] == "1111111"
    assert teacher["trs_induction_status"] == "RequiredToComplete"
    assert [p["started_on"] for p in teacher["induction_periods"]] == ["2025-09-01"]
    assert [e["number_of_terms"] for e in teacher["extensions"]] == [1.5]


def test_teachers_pages_and_filters_by_updated_since(api, north):
    for n in range(3):
        create_induction_period(teacher=create_teacher(trn=f"500000{n}"), appropriate_body=north)
    pages = [api.get("/teachers", {"page[per_page]": 2, "page[page]": p}).json()["data"] for p in (1, 2)]
    assert [len(page) for page in pages] == [2, 1]
    assert api.get("/teachers", {"filter[updated_since]": "2999-01-01T00:00:00Z"}).json() == {"data": []}
    bad = api.get("/teachers", {"filter[updated_since]": "yesterday"})
    assert bad.status_code == 400


def test_updated_since_sees_releases_and_extensions_which_leave_the_teacher_row_alone(api, ours, north):
    """Closing an induction period or adding an extension changes other tables; the teacher still shows as changed."""
    other = create_teacher(trn="8888888", last_name="Other")
    create_induction_period(teacher=other, appropriate_body=north, started_on=dt.date(2025, 9, 1))
    old = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Teacher.objects.update(updated_at=old)
    InductionPeriod.objects.update(updated_at=old)
    since = {"filter[updated_since]": "2026-02-01T00:00:00Z"}
    assert api.get("/teachers", since).json() == {"data": []}

    assert api.post("/teachers/1111111/extensions", {"number_of_terms": 1}).status_code == 201
    InductionExtension.objects.update(updated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    release = {"outcome": "release", "finished_on": "2026-04-01", "number_of_terms": 2}
    assert api.post("/teachers/8888888/outcome", release).status_code == 200
    Teacher.objects.update(updated_at=old)
    InductionPeriod.objects.filter(teacher=other).update(updated_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))

    changed = api.get("/teachers", since).json()["data"]
    assert [(t["trn"], t["updated_at"]) for t in changed] == [
        ("1111111", "2026-03-01T00:00:00Z"),
        ("8888888", "2026-04-01T00:00:00Z"),
    ]
    assert api.get("/teachers/1111111").json()["data"]["updated_at"] == "2026-03-01T00:00:00Z"


def test_one_teacher_is_404_when_not_this_bodys(api, ours, theirs):
    assert api.get("/teachers/1111111").json()["data"]["last_name"] == "North"
    response = api.get("/teachers/2222222")
    assert response.status_code == 404
    assert response.json()["errors"][0]["title"] == "Resource not found"


def test_claimable_lists_ects_schools_registered_with_this_body_not_yet_claimed(api, north, south, ours):
    waiting = create_teacher(trn="3333333", last_name="Waiting")
    create_ect_at_school_period(teacher=waiting, appropriate_body=north)
    create_ect_at_school_period(teacher=create_teacher(trn="4444444"), appropriate_body=south)
    response = api.get("/teachers/claimable")
    assert [t["trn"] for t in response.json()["data"]] == ["3333333"]


def test_claimable_rows_carry_the_latest_school_report_naming_this_body(api, north):
    waiting = create_teacher(trn="3333333")
    create_ect_at_school_period(
        teacher=waiting,
        school=create_school(urn=100001, name="Oak Primary"),
        started_on=dt.date(2026, 4, 1),
        finished_on=dt.date(2026, 10, 31),
        appropriate_body=north,
    )
    later = create_school(urn=100002, name="Elm Academy")
    School.objects.filter(pk=later.pk).update(induction_tutor_name="Tia Tutor", induction_tutor_email="tia@elm.example")
    create_ect_at_school_period(teacher=waiting, school=later, started_on=dt.date(2026, 11, 1), appropriate_body=north)

    [row] = api.get("/teachers/claimable").json()["data"]

    assert (row["school_urn"], row["school_name"], row["school_start_date"], row["induction_tutor_email"]) == (
        100002,
        "Elm Academy",
        "2026-11-01",
        "tia@elm.example",
    )


def test_claimable_pages_like_the_claimed_list(api, north):
    for n in range(3):
        create_ect_at_school_period(teacher=create_teacher(trn=f"600000{n}"), appropriate_body=north)
    pages = [api.get("/teachers/claimable", {"page[per_page]": 2, "page[page]": p}).json()["data"] for p in (1, 2, 3)]
    assert [[t["trn"] for t in page] for page in pages] == [["6000000", "6000001"], ["6000002"], []]
    assert api.get("/teachers/claimable", {"page[page]": 0}).status_code == 400
    assert api.get("/teachers/claimable", {"page[per_page]": "many"}).status_code == 400


def test_claimable_updated_since_sees_a_changed_teacher_or_a_changed_school_report(api, north):
    """A school registering or changing its report moves the row, as well as a change to the teacher's record."""
    for n in range(3):
        create_ect_at_school_period(teacher=create_teacher(trn=f"600000{n}"), appropriate_body=north)
    old = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Teacher.objects.update(updated_at=old)
    ECTAtSchoolPeriod.objects.update(updated_at=old)
    Teacher.objects.filter(trn="6000001").update(updated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    ECTAtSchoolPeriod.objects.filter(teacher__trn="6000002").update(updated_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))

    since = api.get("/teachers/claimable", {"filter[updated_since]": "2026-02-01T00:00:00Z"}).json()["data"]
    assert [(t["trn"], t["updated_at"]) for t in since] == [
        ("6000001", "2026-03-01T00:00:00Z"),
        ("6000002", "2026-04-01T00:00:00Z"),
    ]
    everyone = api.get("/teachers/claimable", {"filter[updated_since]": "2025-12-31T23:59:59Z"}).json()["data"]
    assert [t["trn"] for t in everyone] == ["6000000", "6000001", "6000002"]
    assert api.get("/teachers/claimable", {"filter[updated_since]": "soon"}).status_code == 400


def test_a_claimed_ect_leaves_the_claimable_list(api, north, ours):
    create_ect_at_school_period(teacher=ours, appropriate_body=north)
    assert api.get("/teachers/claimable").json() == {"data": []}


# Writes ----------------------------------------------------------------------------------------------------


def test_every_write_to_another_bodys_ect_is_404(api, theirs):
    assert api.post("/teachers/2222222/extensions", {"number_of_terms": 1}).status_code == 404
    outcome = {"outcome": "pass", "finished_on": "2026-07-01", "number_of_terms": 3}
    assert api.post("/teachers/2222222/outcome", outcome).status_code == 404
    assert not InductionExtension.objects.filter(teacher=theirs).exists()
    assert InductionPeriod.objects.get(teacher=theirs).finished_on is None


def test_an_extension_is_added_through_the_service(api, ours):
    response = api.post("/teachers/1111111/extensions", {"number_of_terms": 2})
    assert response.status_code == 201
    assert [e["number_of_terms"] for e in response.json()["data"]["extensions"]] == [2.0]


def test_an_invalid_extension_is_422_with_the_services_message(api, ours):
    response = api.post("/teachers/1111111/extensions", {"number_of_terms": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["detail"]
    assert not InductionExtension.objects.filter(teacher=ours).exists()


def test_a_release_closes_the_period_here(api, ours):
    response = api.post(
        "/teachers/1111111/outcome", {"outcome": "release", "finished_on": "2026-01-10", "number_of_terms": 1}
    )
    assert response.status_code == 200, response.json()
    [period] = response.json()["data"]["induction_periods"]
    assert period["finished_on"] == "2026-01-10"
    assert period["outcome"] is None


def test_an_outcome_without_a_finish_date_is_422(api, ours):
    response = api.post("/teachers/1111111/outcome", {"outcome": "pass", "number_of_terms": 3})
    assert response.status_code == 422
    assert InductionPeriod.objects.get(teacher=ours).finished_on is None


def test_an_unknown_outcome_is_400(api, ours):
    assert api.post("/teachers/1111111/outcome", {"outcome": "maybe"}).status_code == 400


def test_a_claim_creates_an_induction_period_here(api, north, monkeypatch):
    fake = FakeTRS()
    fake.add_teacher(trn="7777777", first_name="Cleo", last_name="Claimed")
    monkeypatch.setattr(ab_app, "get_trs_client", lambda: fake)
    body = {"trn": "7777777", "date_of_birth": "1977-02-03", "started_on": "2025-09-01", "induction_programme": "fip"}
    response = api.post("/claims", body)
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["induction_periods"][0]["started_on"] == "2025-09-01"
    assert InductionPeriod.objects.filter(teacher__trn="7777777", appropriate_body_period=north).exists()

    again = api.post("/claims", body)
    assert again.status_code == 422


def test_a_claim_of_someone_trs_does_not_know_is_422(api, monkeypatch):
    fake = FakeTRS()
    monkeypatch.setattr(ab_app, "get_trs_client", lambda: fake)
    body = {"trn": "7000002", "date_of_birth": "1977-02-03", "started_on": "2025-09-01", "induction_programme": "fip"}
    response = api.post("/claims", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["detail"]


# Pass, fail, release and extensions through the API: the page services' rules and messages --------------


def outcome(api, trn: str = "1111111", **body):
    return api.post(f"/teachers/{trn}/outcome", body)


def test_a_pass_closes_the_period_with_its_outcome_and_tells_trs(api, ours, north):
    at_school = create_ect_at_school_period(teacher=ours, appropriate_body=north, started_on=dt.date(2025, 9, 1))
    response = outcome(api, outcome="pass", finished_on="2026-07-16", number_of_terms=6)
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["trs_induction_status"] == "Passed"
    [period] = data["induction_periods"]
    assert (period["finished_on"], period["number_of_terms"], period["outcome"]) == ("2026-07-16", 6.0, "pass")
    assert TRSInductionStatusUpdate.objects.filter(teacher=ours, status="Passed").exists()
    at_school.refresh_from_db()
    assert at_school.finished_on == dt.date(2026, 9, 15)  # induction over: the school record ends today (§7.1.7)
    event = Event.objects.get(teacher=ours, event_type="teacher_passes_induction")
    assert (event.author_name, event.appropriate_body_period) == ("North Hub (API)", north)


def test_a_fail_needs_the_date_written_confirmation_was_sent(api, ours):
    response = outcome(api, outcome="fail", finished_on="2026-07-16", number_of_terms=6)
    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "title": "Unprocessable entity",
                "detail": "Enter the date you sent them written confirmation of their failed induction",
            }
        ]
    }
    assert InductionPeriod.objects.get(teacher=ours).outcome is None


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [
        ("2026-07-15", "Failure confirmation date cannot be before end date"),
        ("2999-01-01", "Failure confirmation date cannot be in the future"),
    ],
    ids=["before-end", "future"],
)
def test_a_fail_with_a_wrong_confirmation_date_is_422_with_the_services_message(api, ours, sent_on, message):
    body = {"outcome": "fail", "finished_on": "2026-07-16", "number_of_terms": 6, "fail_confirmation_sent_on": sent_on}
    response = outcome(api, **body)
    assert response.status_code == 422
    assert [e["detail"] for e in response.json()["errors"]] == [message]
    assert InductionPeriod.objects.get(teacher=ours).outcome is None


def test_a_fail_closes_the_period_tells_trs_and_emails_the_tra(api, ours, django_capture_on_commit_callbacks):
    body = {
        "outcome": "fail",
        "finished_on": "2026-07-16",
        "number_of_terms": 6,
        "fail_confirmation_sent_on": "2026-07-20",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = outcome(api, **body)
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert (data["trs_induction_status"], data["induction_periods"][0]["outcome"]) == ("Failed", "fail")
    period = InductionPeriod.objects.get(teacher=ours)
    assert period.fail_confirmation_sent_on == dt.date(2026, 7, 20)
    assert TRSInductionStatusUpdate.objects.filter(teacher=ours, status="Failed").exists()
    event = Event.objects.get(teacher=ours, event_type="teacher_fails_induction")
    assert event.body == "ECT notified on 20 July 2026"
    assert SentEmail.objects.get(template="tra_fail_notification").personalisation["trn"] == "1111111"


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        (
            {"outcome": "pass", "finished_on": "2025-08-01", "number_of_terms": 6},
            ["Induction end date must be after the induction start date (1 September 2025)"],
        ),
        ({"outcome": "pass", "finished_on": "2999-01-01", "number_of_terms": 6}, ["End date cannot be in the future"]),
        ({"outcome": "release", "finished_on": "2026-01-10"}, ["Enter a number of terms"]),
        (
            {"outcome": "release", "finished_on": "2026-01-10", "number_of_terms": 17},
            ["Number of terms must be between 0 and 16"],
        ),
        ({"outcome": "fail", "number_of_terms": 6, "fail_confirmation_sent_on": "2026-07-20"}, ["Enter a finish date"]),
    ],
    ids=["end-before-start", "end-in-future", "release-no-terms", "release-too-many-terms", "fail-no-end"],
)
def test_outcome_rules_answer_422_with_the_pages_messages(api, ours, body, messages):
    response = outcome(api, **body)
    assert response.status_code == 422
    assert [e["detail"] for e in response.json()["errors"]] == messages
    assert InductionPeriod.objects.get(teacher=ours).finished_on is None


def test_a_second_outcome_is_refused_as_there_is_no_open_induction(api, ours):
    assert outcome(api, outcome="pass", finished_on="2026-07-16", number_of_terms=6).status_code == 200
    again = outcome(api, outcome="release", finished_on="2026-07-17", number_of_terms=1)
    assert again.status_code == 422
    assert [e["detail"] for e in again.json()["errors"]] == ["Ava North does not have an open induction"]


def test_a_body_cannot_close_the_period_another_body_now_has(api, north, south):
    """An ECT this body released and another body claimed stays readable here, but only the other can close it."""
    moved = create_teacher(trn="5555555", first_name="Mo", last_name="Moved")
    create_induction_period(
        teacher=moved, appropriate_body=north, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2025, 12, 19)
    )
    create_induction_period(teacher=moved, appropriate_body=south, started_on=dt.date(2026, 1, 5))
    assert api.get("/teachers/5555555").status_code == 200
    response = outcome(api, "5555555", outcome="release", finished_on="2026-07-16", number_of_terms=2)
    assert response.status_code == 422
    assert [e["detail"] for e in response.json()["errors"]] == [
        "Mo Moved is completing their induction with another appropriate body (South Hub)"
    ]
    assert InductionPeriod.objects.get(teacher=moved, appropriate_body_period=south).finished_on is None


def test_a_release_records_the_body_in_the_history_and_leaves_trs_alone(api, ours, north):
    response = outcome(api, outcome="release", finished_on="2026-01-10", number_of_terms="1.5")
    assert response.status_code == 200
    assert response.json()["data"]["induction_periods"][0]["number_of_terms"] == 1.5
    event = Event.objects.get(teacher=ours, event_type="induction_period_closed")
    assert event.author_name == "North Hub (API)"
    assert not TRSInductionStatusUpdate.objects.filter(teacher=ours, status__in=["Passed", "Failed"]).exists()


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("", "Number of terms can't be blank"),
        ("two", "Number of terms is not a number"),
        (0, "Number of terms must be between 0.1 and 16"),
        (16.5, "Number of terms must be between 0.1 and 16"),
    ],
    ids=["blank", "words", "zero", "too-many"],
)
def test_extension_rules_answer_422_with_the_pages_messages(api, ours, terms, message):
    response = api.post("/teachers/1111111/extensions", {"number_of_terms": terms})
    assert response.status_code == 422
    assert [e["detail"] for e in response.json()["errors"]] == [message]
    assert not InductionExtension.objects.filter(teacher=ours).exists()


def test_extensions_add_up_and_each_writes_an_event(api, ours, north):
    api.post("/teachers/1111111/extensions", {"number_of_terms": 1})
    response = api.post("/teachers/1111111/extensions", {"number_of_terms": "0.5"})
    assert response.status_code == 201
    assert [e["number_of_terms"] for e in response.json()["data"]["extensions"]] == [1.0, 0.5]
    events = Event.objects.filter(teacher=ours, event_type="induction_extension_created")
    assert [e.author_name for e in events] == ["North Hub (API)", "North Hub (API)"]


# Docs ------------------------------------------------------------------------------------------------------


def test_the_openapi_document_and_reference_page_are_served(client):
    document = client.get("/api/ab/docs/v1/openapi.json").json()
    assert "/api/ab/v1/teachers/{trn}/outcome" in document["paths"]
    for path in ("/api/ab/v1/teachers", "/api/ab/v1/teachers/claimable"):
        names = [p["name"] for p in document["paths"][path]["get"]["parameters"]]
        assert names == ["filter[updated_since]", "page[page]", "page[per_page]"], path
    outcome_body = document["paths"]["/api/ab/v1/teachers/{trn}/outcome"]["post"]["requestBody"]["content"]
    schema_name = outcome_body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "fail_confirmation_sent_on" in document["components"]["schemas"][schema_name]["properties"]
    page = client.get("/api/ab/docs/v1")
    assert page.status_code == 200
    assert b"/api/ab/v1/claims" in page.content
    assert b"<code>page[per_page]</code>" in page.content  # the list parameters, readable without JavaScript


def test_the_command_creates_a_token_that_works_on_this_api_only(north, ours):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_appropriate_body_api_token", "North Hub", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert ABClient(token).get("/teachers").status_code == 200
    assert Client().get("/api/v3/statements", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_demo_bodies_get_a_known_development_token(north, ours):
    from demo_data.reference_data import ensure_appropriate_body_api_tokens

    ensure_appropriate_body_api_tokens([north])
    ensure_appropriate_body_api_tokens([north])  # idempotent
    assert ABClient("ab-north-hub").get("/teachers/1111111").status_code == 200


def test_an_appropriate_body_token_can_be_listed_expired_and_revoked_from_the_command_line(north, ours):
    from io import StringIO

    from django.core.management import call_command

    from events.models import Event

    api_token, token = create_appropriate_body_api_token(author=Author.system(), appropriate_body=north)
    listing = StringIO()
    call_command("list_api_tokens", stdout=listing)
    assert "North Hub" in listing.getvalue()
    call_command("expire_api_token", str(api_token.pk), "--at", "2999-01-01", stdout=StringIO())
    assert ABClient(token).get("/teachers").status_code == 200
    call_command("revoke_api_token", str(api_token.pk), stdout=StringIO())
    assert ABClient(token).get("/teachers").status_code == 401
    assert set(Event.objects.filter(appropriate_body_period=north).values_list("event_type", flat=True)) >= {
        "appropriate_body_api_token_created",
        "appropriate_body_api_token_expiry_set",
        "appropriate_body_api_token_revoked",
    }


def test_list_queries_do_not_grow_with_the_number_of_ects(api, north):
    """A page costs the same number of queries for 2 ECTs as for 6 (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for i in range(n):
            claimed = create_teacher(trn=f"91{n}{i:04d}")
            create_induction_period(teacher=claimed, appropriate_body=north)
            InductionExtension.objects.create(teacher=claimed, number_of_terms=1)
            create_ect_at_school_period(teacher=create_teacher(trn=f"92{n}{i:04d}"), appropriate_body=north)

    add(2)
    few = (queries("/teachers"), queries("/teachers/claimable"))
    add(4)
    assert (queries("/teachers"), queries("/teachers/claimable")) == few
    assert len(api.get("/teachers").json()["data"]) == 6
