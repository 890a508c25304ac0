"""The wizard mechanics of journeys.md §3.3, on a tiny example journey (web/tests/example_wizard.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from web.tests import example_wizard
from web.wizard import NOTHING_STORED

pytestmark = [pytest.mark.django_db, pytest.mark.urls("web.tests.example_wizard")]


@pytest.fixture(autouse=True)
def example_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}
    ]
    example_wizard.COMPLETED.clear()


def answer_up_to_check_answers(client):
    assert client.get("/example/name").status_code == 200
    assert client.post("/example/name", {"name": "Ann Ect"})["Location"] == "/example/has-trn"
    assert client.post("/example/has-trn", {"has_trn": "yes"})["Location"] == "/example/trn"
    assert client.post("/example/trn", {"trn": "1234567"})["Location"] == "/example/start-date"
    response = client.post(
        "/example/start-date", {"start_date_day": "1", "start_date_month": "9", "start_date_year": "2026"}
    )
    assert response["Location"] == "/example/check-answers"


def test_a_journey_from_start_to_confirmation(client):
    answer_up_to_check_answers(client)
    page = client.get("/example/check-answers").content.decode()
    assert "Ann Ect" in page and "1 September 2026" in page
    assert client.post("/example/check-answers")["Location"] == "/example/confirmation"
    assert example_wizard.COMPLETED[0]["start-date"]["start_date"] == dt.date(2026, 9, 1)
    page = client.get("/example/confirmation").content.decode()
    assert "Registered Ann Ect" in page and "REF-1" in page


def test_invalid_answers_re_render_with_422_and_linked_errors(client):
    client.get("/example/name")
    response = client.post("/example/name", {"name": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_name">Enter their name</a>' in page
    assert "govuk-form-group--error" in page and "Error:</span> Enter their name" in page


def test_the_step_guard_sends_skippers_to_the_furthest_allowed_step(client):
    client.get("/example/name")
    assert client.get("/example/start-date")["Location"] == "/example/name"
    client.post("/example/name", {"name": "Ann Ect"})
    assert client.get("/example/check-answers")["Location"] == "/example/has-trn"
    client.post("/example/has-trn", {"has_trn": "no"})
    assert client.get("/example/trn")["Location"] == "/example/no-trn"
    assert client.get("/example/no-trn").status_code == 200
    assert client.get("/example/start-date")["Location"] == "/example/no-trn"


def test_back_links_follow_the_path_taken(client):
    client.get("/example/name")
    assert 'href="/example/home" class="govuk-back-link"' in client.get("/example/name").content.decode()
    client.post("/example/name", {"name": "Ann Ect"})
    client.post("/example/has-trn", {"has_trn": "yes"})
    assert 'href="/example/has-trn" class="govuk-back-link"' in client.get("/example/trn").content.decode()


def test_visiting_the_first_step_clears_the_answers(client):
    answer_up_to_check_answers(client)
    client.get("/example/name")
    assert client.get("/example/check-answers")["Location"] == "/example/name"


def test_previous_answers_are_shown_again(client):
    answer_up_to_check_answers(client)
    page = client.get("/example/start-date").content.decode()
    assert 'name="start_date_year" type="text" inputmode="numeric" value="2026"' in page


def test_change_links_return_to_check_answers(client):
    answer_up_to_check_answers(client)
    page = client.get("/example/check-answers").content.decode()
    assert 'href="/example/change-name"' in page
    change = client.get("/example/change-name").content.decode()
    assert 'href="/example/check-answers" class="govuk-back-link"' in change
    assert 'value="Ann Ect"' in change
    assert client.post("/example/change-name", {"name": "Ann Other"})["Location"] == "/example/check-answers"
    assert "Ann Other" in client.get("/example/check-answers").content.decode()


def test_a_change_that_opens_a_new_branch_goes_on_to_it(client):
    answer_up_to_check_answers(client)
    assert client.post("/example/change-has-trn", {"has_trn": "no"})["Location"] == "/example/no-trn"


def test_change_pages_need_check_answers_reached(client):
    client.get("/example/name")
    client.post("/example/name", {"name": "Ann Ect"})
    assert client.get("/example/change-name")["Location"] == "/example/has-trn"


def test_check_answers_with_nothing_stored_goes_back_to_the_start_with_a_message(client):
    response = client.post("/example/check-answers", follow=True)
    assert response.redirect_chain[0] == ("/example/name", 302)
    assert NOTHING_STORED in response.content.decode()
    assert example_wizard.COMPLETED == []


def test_once_confirmed_only_the_confirmation_is_allowed(client):
    answer_up_to_check_answers(client)
    client.post("/example/check-answers")
    for step in ("has-trn", "start-date", "check-answers", "change-name"):
        assert client.get(f"/example/{step}")["Location"] == "/example/confirmation"
    assert client.post("/example/check-answers")["Location"] == "/example/confirmation"
    assert len(example_wizard.COMPLETED) == 1


def test_a_refusal_on_confirm_shows_on_check_answers_with_422(client):
    client.get("/example/name")
    client.post("/example/name", {"name": "Refused Person"})
    client.post("/example/has-trn", {"has_trn": "yes"})
    client.post("/example/trn", {"trn": "1234567"})
    client.post("/example/start-date", {"start_date_day": "1", "start_date_month": "9", "start_date_year": "2026"})
    response = client.post("/example/check-answers")
    assert response.status_code == 422
    assert "This person cannot be registered" in response.content.decode()


def test_unknown_steps_are_404(client):
    assert client.get("/example/teleport").status_code == 404
    assert client.get("/example/change-teleport").status_code == 404
