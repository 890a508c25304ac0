"""What the database itself refuses on emails queued for Notify. Rows go straight to PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from core.tests.models.sql import insert, refused, refused_update

pytestmark = pytest.mark.django_db

TABLE = "notify_outgoing_emails"
NOW = dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC)


def email(**values):
    return {
        "template": "mentor_registered",
        "to": "max@oak.sch.uk",
        "subject": "Subject",
        "body": "Body",
        "personalisation": "{}",
        "notify_reference": "mentor_registered/1",
        "status": "queued",
        "attempts": 0,
        **values,
    }


def test_each_email_has_its_own_notify_reference():
    insert(TABLE, **email())
    assert refused(TABLE, **email()) == "notify_outgoing_email_unique_reference"


def test_only_known_statuses():
    assert refused(TABLE, **email(status="bounced")) == "notify_outgoing_email_status_valid"


def test_an_email_is_sent_exactly_when_it_has_a_sent_time():
    assert refused(TABLE, **email(status="sent")) == "notify_outgoing_email_sent_iff_sent_at"
    assert refused(TABLE, **email(sent_at=NOW)) == "notify_outgoing_email_sent_iff_sent_at"
    row = insert(TABLE, **email(status="sent", sent_at=NOW))
    assert refused_update(TABLE, row, status="refused") == "notify_outgoing_email_sent_iff_sent_at"
