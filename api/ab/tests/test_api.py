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
from integrations.trs.fake import FakeTRS
from teachers.models import InductionExtension, InductionPeriod
from tests.builders import (
    create_appropriate_body,
    create_ect_at_school_period,
    create_induction_period,
    create_lead_provider,
    create_teacher,
)

pytestmark = pytest.mark.django_db


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


# Docs ------------------------------------------------------------------------------------------------------


def test_the_openapi_document_and_reference_page_are_served(client):
    document = client.get("/api/ab/docs/v1/openapi.json").json()
    assert "/api/ab/v1/teachers/{trn}/outcome" in document["paths"]
    page = client.get("/api/ab/docs/v1")
    assert page.status_code == 200
    assert b"/api/ab/v1/claims" in page.content


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
