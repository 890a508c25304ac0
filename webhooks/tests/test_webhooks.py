"""Webhooks (docs/lead-provider-webhooks.md): subscribing through the API, each settled change queued once,
signed deliveries to a real local HTTP receiver, failures retried with backoff, and the delivery log."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from api.v3.testing import V3Client
from api.v3.tests.declarations_world import D3_ID, build_declarations_world, travel_to_now
from api.v3.tests.participants_world import P1_ID, build_participants_world
from core import clock
from events.authors import Author
from teachers.services.mentoring import assign_mentor
from tests.builders import create_mentor_at_school_period
from webhooks import services, signing
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

URL = "/api/v3/webhooks"


class Receiver:
    """A local HTTP server that answers with the given statuses in turn (200 once they run out)."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def move(request):
    """`move(minutes)`: travel forward from the frozen now (tests hold the clock still). Ask for it after the
    fixture that freezes the clock, so these journeys are undone first."""

    def travel(minutes: float) -> None:
        traveller = time_machine.travel(clock.now() + dt.timedelta(minutes=minutes), tick=False)
        traveller.start()
        request.addfinalizer(traveller.stop)

    return travel


@pytest.fixture
def v3_client():
    return V3Client


@pytest.fixture
def example(frozen_today):
    return build_participants_world()


@pytest.fixture
def client(example, v3_client):
    return v3_client(example.caller)


def subscribe(client, url: str) -> dict:
    response = client.post(URL, {"data": {"type": "webhook", "attributes": {"url": url}}}, check_contract=False)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def change_jane(example) -> None:
    newcomer = create_mentor_at_school_period(school=example.school, started_on=dt.date(2026, 9, 1))
    assign_mentor(
        author=Author.system(),
        ect_at_school_period=example.jane_period,
        mentor_at_school_period=newcomer,
        with_mentor_training=False,
    )


def test_a_change_is_delivered_signed_and_a_failure_is_retried(example, client, move):
    with Receiver([500]) as receiver:
        webhook = subscribe(client, receiver.url)
        secret = webhook["attributes"]["secret"]
        assert secret.startswith("whsec_")
        move(1)
        change_jane(example)

        assert services.run_webhooks() == (0, 0)  # not settled yet: a write in flight could still land before it
        move(2)
        assert services.run_webhooks() == (1, 1)
        [delivery] = WebhookDelivery.objects.all()
        assert (delivery.status, delivery.attempts, delivery.last_response_status) == ("pending", 1, 500)
        assert delivery.next_attempt_at == delivery.last_attempt_at + dt.timedelta(minutes=1)

        assert services.run_webhooks() == (0, 0)  # not due again yet, and nothing new to queue
        move(1)
        assert services.run_webhooks() == (0, 1)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_response_status) == ("delivered", 2, 200)

    assert len(receiver.received) == 2
    for headers, body in receiver.received:
        assert headers["x-webhook-event"] == "participant.updated"
        assert headers["x-webhook-id"] == str(delivery.api_id)
        assert signing.is_valid(secret, headers["x-webhook-signature"], body, now=int(clock.now().timestamp()))
        assert not signing.is_valid(
            "whsec_wrong", headers["x-webhook-signature"], body, now=int(clock.now().timestamp())
        )
    payload = json.loads(receiver.received[-1][1])
    assert payload["type"] == "participant.updated" and payload["data"]["id"] == P1_ID
    assert payload["data"]["attributes"]["ecf_enrolments"][0]["mentor_id"] is not None

    log = client.get(f"{URL}/{webhook['id']}/deliveries", check_contract=False).json()["data"]
    assert [(d["attributes"]["status"], d["attributes"]["attempts"]) for d in log] == [("delivered", 2)]


def test_an_unreachable_receiver_is_retried_with_backoff_then_given_up(example, client, move):
    webhook = subscribe(client, "http://127.0.0.1:9/nobody-listens")
    move(1)
    change_jane(example)
    move(2)
    services.run_webhooks()
    delivery = WebhookDelivery.objects.get()
    waits = []
    while delivery.status == "pending":
        waits.append(delivery.next_attempt_at - delivery.last_attempt_at)
        move(waits[-1].total_seconds() / 60)
        services.deliver_due()
        delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == services.MAX_ATTEMPTS
    assert delivery.last_response_status is None and delivery.last_error
    assert [wait.total_seconds() / 60 for wait in waits] == [1, 2, 4, 8, 16, 32, 64]
    assert (
        client.get(f"{URL}/{webhook['id']}/deliveries", check_contract=False).json()["data"][0]["attributes"]["status"]
        == "failed"
    )


def test_each_change_is_queued_once_and_changes_before_subscribing_are_not(example, client, move):
    change_jane(example)  # before the subscription
    move(1)
    subscribe(client, "https://provider.example.com/hooks")
    move(2)
    assert services.queue_changes(WebhookSubscription.objects.get()) == 0
    change_jane(example)
    move(2)
    subscription = WebhookSubscription.objects.get()
    assert services.queue_changes(subscription) == 1
    assert services.queue_changes(subscription) == 0


def test_subscriptions_are_the_callers_own(example, client, v3_client, move):
    webhook = subscribe(client, "https://provider.example.com/hooks")
    other = v3_client(example.other)
    assert other.get(URL, check_contract=False).json() == {"data": []}
    assert other.get(f"{URL}/{webhook['id']}/deliveries", check_contract=False).status_code == 404
    assert other.client.delete(f"{URL}/{webhook['id']}", headers=other._headers(None)).status_code == 404
    assert [w["id"] for w in client.get(URL, check_contract=False).json()["data"]] == [webhook["id"]]
    assert "secret" not in client.get(URL, check_contract=False).json()["data"][0]["attributes"]

    assert client.client.delete(f"{URL}/{webhook['id']}", headers=client._headers(None)).status_code == 200
    assert client.get(URL, check_contract=False).json() == {"data": []}
    change_jane(example)
    move(2)
    assert services.run_webhooks() == (0, 0)


@pytest.mark.parametrize(
    "url, message",
    [
        ("", services.URL_REQUIRED),
        ("ftp://provider.example.com/x", services.URL_NOT_HTTPS),
        ("https://", services.URL_NOT_HTTPS),
    ],
)
def test_a_bad_address_is_refused(client, url, message):
    response = client.post(URL, {"data": {"type": "webhook", "attributes": {"url": url}}}, check_contract=False)
    assert response.status_code == 422
    assert response.json() == {"errors": [{"title": "url", "detail": message}]}


def test_the_same_address_twice_is_refused(client):
    subscribe(client, "https://provider.example.com/hooks")
    response = client.post(
        URL,
        {"data": {"type": "webhook", "attributes": {"url": "https://provider.example.com/hooks"}}},
        check_contract=False,
    )
    assert response.status_code == 422 and response.json()["errors"][0]["detail"] == services.URL_TAKEN


def test_production_settings_refuse_plain_http(example, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    from core.errors import DomainError

    with pytest.raises(DomainError):
        services.subscribe(lead_provider=example.caller, url="http://provider.example.com/hooks")


@pytest.fixture
def declarations(db):
    traveller = travel_to_now()
    yield build_declarations_world()
    traveller.stop()


def test_a_voided_declaration_is_delivered_as_the_api_shows_it(declarations, v3_client, move):
    api = v3_client(declarations.caller)
    subscription = services.subscribe(lead_provider=declarations.caller, url="https://provider.example.com/hooks")
    move(1)
    assert api.put(f"/api/v3/participant-declarations/{D3_ID}/void").status_code == 200
    move(2)
    sent = []
    assert services.queue_changes(subscription) >= 1
    services.deliver_due(send=lambda url, body, headers: sent.append((url, body, headers)) or services.Response(204))
    declaration_deliveries = [d for d in WebhookDelivery.objects.all() if d.event == "participant-declaration.updated"]
    [voided] = declaration_deliveries
    assert voided.payload["id"] == D3_ID and voided.payload["attributes"]["state"] == "voided"
    assert voided.status == "delivered"
    assert any(headers["X-Webhook-Event"] == "participant-declaration.updated" for _, _, headers in sent)
