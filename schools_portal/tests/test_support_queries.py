"""The school support form and its trip to Zendesk (journeys.md §4.13, domain.md §5.23, integrations.md §8)."""

from __future__ import annotations

from html import unescape

import pytest

from schools_portal import support, zendesk
from schools_portal.models import SupportQuery
from sign_in.testing import sign_in_school_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_zendesk(monkeypatch):
    fake = zendesk.FakeZendesk()
    monkeypatch.setattr(support, "zendesk", lambda: fake)
    return fake


@pytest.fixture
def queued(monkeypatch):
    """The ids the form queued for sending (the worker's job is `schools_portal.tasks.send_support_query_job`)."""
    ids: list[int] = []
    monkeypatch.setattr(support, "queue_sending", ids.append)
    return ids


def test_the_form_shows_who_is_asking_and_sends_the_message(
    client, world, queued, fake_zendesk, django_capture_on_commit_callbacks
):
    sign_in_school_user(client, world.oakfield, email="ida@oakfield.sch.uk", name="Ida Tutor")
    assert client.get("/school/support")["Location"] == "/school/support_queries/new"
    page = unescape(client.get("/school/support_queries/new").content.decode())
    for text in ("Ida Tutor", "ida@oakfield.sch.uk", "Oakfield Primary", "100001", "5 working days", "Your message"):
        assert text in page

    blank = client.post("/school/support_queries/new", {"message": "  "})
    assert blank.status_code == 422
    assert 'href="#id_message"' in blank.content.decode() and "Enter your message" in blank.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/school/support_queries/new", {"message": "How do I register a mentor?"})
    assert response["Location"] == "/school/support_queries/sent"
    sent_page = unescape(client.get(response["Location"]).content.decode())
    assert "Your request has been submitted" in sent_page and "Back to ECTs" in sent_page
    query = SupportQuery.objects.get()
    assert (query.name, query.email, query.school_name, query.school_urn, query.state) == (
        "Ida Tutor",
        "ida@oakfield.sch.uk",
        "Oakfield Primary",
        100001,
        "pending",
    )
    assert queued == [query.pk]

    assert support.send_support_query(query.pk) == "sent"
    query.refresh_from_db()
    assert (query.state, query.zendesk_id) == ("sent", 1)
    [ticket] = fake_zendesk.tickets
    assert (ticket.requester_name, ticket.requester_email, ticket.tags) == (
        "Ida Tutor",
        "ida@oakfield.sch.uk",
        ("ecf-web-form-support-query",),
    )
    assert ticket.description.endswith("School name: Oakfield Primary\nSchool URN: 100001")
    assert support.send_support_query(query.pk) == "sent"  # a repeated job makes no second ticket
    assert len(fake_zendesk.tickets) == 1


def test_a_refusal_marks_the_query_failed_and_it_can_be_retried(world, queued, monkeypatch):
    class Refusing:
        def create_ticket(self, ticket):
            raise zendesk.ZendeskError("429 Too Many Requests")

    monkeypatch.setattr(support, "zendesk", lambda: Refusing())
    query = support.submit_support_query(name="Ida", email="ida@oakfield.sch.uk", school=world.oakfield, message="Hi")
    assert support.send_support_query(query.pk) == "failed"
    support.retry_support_query(query.pk)
    query.refresh_from_db()
    assert query.state == "pending"


def test_the_fake_zendesk_counts_up():
    fake = zendesk.FakeZendesk()
    ticket = zendesk.Ticket("A", "a@example.com", "S", "D")
    assert [fake.create_ticket(ticket), fake.create_ticket(ticket)] == [1, 2]
