"""What the database itself refuses on webhook subscriptions and deliveries. Rows go straight to PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.tests.models.sql import insert, refused, refused_update
from tests.builders import create_lead_provider

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def subscription_values():
    provider = create_lead_provider(name="Hook Provider")
    return {
        "api_id": uuid.uuid4(),
        "lead_provider_id": provider.pk,
        "url": "https://provider.example.com/hooks",
        "secret": "whsec_x",
        "participants_after_updated_at": NOW,
        "participants_after_id": 0,
        "declarations_after_updated_at": NOW,
        "declarations_after_id": 0,
    }


def test_one_live_subscription_per_provider_and_address(subscription_values):
    insert("webhook_subscriptions", **subscription_values)
    again = subscription_values | {"api_id": uuid.uuid4()}
    assert refused("webhook_subscriptions", **again) == "webhook_subscriptions_one_live_per_url"
    insert("webhook_subscriptions", **again | {"removed_at": NOW})  # a removed one may sit beside it


def delivery(subscription_id: int, **values):
    return {
        "api_id": uuid.uuid4(),
        "subscription_id": subscription_id,
        "event": "participant.updated",
        "resource_id": uuid.uuid4(),
        "payload": "{}",
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": NOW,
        **values,
    }


def test_a_pending_delivery_knows_when_to_try_next(subscription_values):
    subscription = insert("webhook_subscriptions", **subscription_values)
    assert (
        refused("webhook_deliveries", **delivery(subscription, next_attempt_at=None))
        == "webhook_deliveries_pending_has_next_attempt"
    )
    row = insert("webhook_deliveries", **delivery(subscription))
    assert (
        refused_update("webhook_deliveries", row, next_attempt_at=None) == "webhook_deliveries_pending_has_next_attempt"
    )
    insert("webhook_deliveries", **delivery(subscription, status="failed", next_attempt_at=None))


def test_a_delivered_delivery_says_when(subscription_values):
    subscription = insert("webhook_subscriptions", **subscription_values)
    assert (
        refused("webhook_deliveries", **delivery(subscription, status="delivered", next_attempt_at=None))
        == "webhook_deliveries_delivered_has_time"
    )
    insert("webhook_deliveries", **delivery(subscription, status="delivered", delivered_at=NOW))


def test_api_ids_are_unique(subscription_values):
    subscription = insert("webhook_subscriptions", **subscription_values)
    again = subscription_values | {"url": "https://provider.example.com/other"}
    assert refused("webhook_subscriptions", **again) == "webhook_subscriptions_api_id_key"
    first = delivery(subscription)
    insert("webhook_deliveries", **first)
    assert refused("webhook_deliveries", **delivery(subscription, api_id=first["api_id"])) == (
        "webhook_deliveries_api_id_key"
    )
