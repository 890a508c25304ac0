"""Reminder email opt-out without signing in (journeys.md §4.13, §8.2; BR-S-21)."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from events.models import Event
from schools_portal.views.reminders import opt_out_token, opt_out_url

pytestmark = pytest.mark.django_db


def test_a_valid_link_stops_reminders_until_the_end_of_term(client, world):
    url = opt_out_url(world.oakfield)
    page = unescape(client.get(url).content.decode())
    assert "Stop ECT and mentor reminder emails to Oakfield Primary this term" in page
    response = client.post(
        "/school/opt-out-of-reminder-emails/new",
        {"school_id": world.oakfield.pk, "token": opt_out_token(world.oakfield.pk)},
    )
    assert response.status_code == 200
    text = unescape(response.content.decode())
    assert "No reminder emails will be sent to Oakfield Primary this term" in text
    assert "no current or expected ECTs or mentors" in text and "31 December 2026" in text
    world.oakfield.refresh_from_db()
    assert world.oakfield.opted_out_of_reminder_emails_until == dt.date(2026, 12, 31)
    event = Event.objects.get(school=world.oakfield)
    assert event.heading == "Oakfield Primary opted out of reminder emails until 31 December 2026"


@pytest.mark.parametrize(
    "query",
    ["", "?school_id=1", "?school_id=1&token=nope", "?school_id=x&token=y"],
)
def test_anything_but_a_link_we_made_is_not_found(client, world, query):
    assert client.get(f"/school/opt-out-of-reminder-emails/new{query}").status_code == 404


def test_one_schools_token_does_not_work_for_another(client, world):
    token = opt_out_token(world.oakfield.pk)
    response = client.post("/school/opt-out-of-reminder-emails/new", {"school_id": world.hillside.pk, "token": token})
    assert response.status_code == 404
    world.hillside.refresh_from_db()
    assert world.hillside.opted_out_of_reminder_emails_until is None
