"""Webhooks (docs/lead-provider-webhooks.md), an addition to v3: a provider registers a URL, sees its
subscriptions and each one's delivery log, and removes them. Thin: parse, call `webhooks.services`, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.body import attributes
from api.v3.query import uuid_or_none
from api.v3.rendering import data_response
from core.errors import DomainError
from webhooks import services
from webhooks.models import WebhookDelivery, WebhookSubscription

router = Router(tags=["webhooks"])

DELIVERIES_SHOWN = 100


def _time(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _subscription(subscription: WebhookSubscription, *, with_secret: bool = False) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "url": subscription.url,
        "events": [choice.value for choice in WebhookDelivery.Event],
        "created_at": _time(subscription.created_at),
    }
    if with_secret:
        shown["secret"] = subscription.secret
    return {"id": str(subscription.api_id), "type": "webhook", "attributes": shown}


def _delivery(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": str(delivery.api_id),
        "type": "webhook-delivery",
        "attributes": {
            "event": delivery.event,
            "resource_id": str(delivery.resource_id),
            "status": delivery.status,
            "attempts": delivery.attempts,
            "last_attempt_at": _time(delivery.last_attempt_at),
            "last_response_status": delivery.last_response_status,
            "last_error": delivery.last_error,
            "next_attempt_at": _time(delivery.next_attempt_at),
            "delivered_at": _time(delivery.delivered_at),
            "created_at": _time(delivery.created_at),
        },
    }


def _own(request: HttpRequest, id: str) -> WebhookSubscription:
    api_id = uuid_or_none(id)
    subscription = (
        api_id
        and WebhookSubscription.objects.filter(
            api_id=api_id, lead_provider=lead_provider(request), removed_at=None
        ).first()
    )
    if not subscription:
        raise errors.not_found()
    return subscription


@router.get("")
def list_webhooks(request: HttpRequest) -> HttpResponse:
    live = WebhookSubscription.objects.filter(lead_provider=lead_provider(request), removed_at=None)
    return data_response([_subscription(subscription) for subscription in live.order_by("created_at", "id")])


@router.post("")
def create_webhook(request: HttpRequest) -> HttpResponse:
    """The answer carries the signing secret; it is not shown again."""
    sent = attributes(request, permitted=("url",))
    try:
        subscription = services.subscribe(lead_provider=lead_provider(request), url=str(sent["url"]))
    except DomainError as error:
        raise errors.unprocessable(error) from None
    return data_response(_subscription(subscription, with_secret=True))


@router.delete("/{id}")
def delete_webhook(request: HttpRequest, id: str) -> HttpResponse:
    return data_response(_subscription(services.unsubscribe(_own(request, id))))


@router.get("/{id}/deliveries")
def list_deliveries(request: HttpRequest, id: str) -> HttpResponse:
    """The latest deliveries first, with each one's last attempt."""
    deliveries = _own(request, id).deliveries.order_by("-created_at", "-id")[:DELIVERIES_SHOWN]
    return data_response([_delivery(delivery) for delivery in deliveries])
