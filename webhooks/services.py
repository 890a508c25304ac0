"""Webhooks for lead providers (docs/lead-provider-webhooks.md): subscribing, queueing each settled change as a
delivery, and delivering with signatures and retries.

Changes are read with the same keyset the participants change feed uses, from a position each subscription keeps,
so every change after the subscription was made is queued exactly once, in order, and none is passed over.
A delivery's payload is the resource as it stood when the change was queued."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson
from django.conf import settings
from django.db import connection, transaction

from api.v3 import feed
from api.v3.selectors.participant_declarations import declaration_resources_with_ids
from api.v3.selectors.participants import participant_feed_page, participant_resources
from core import clock
from core.errors import DomainError
from providers.models import LeadProvider
from webhooks import signing
from webhooks.models import WebhookDelivery, WebhookSubscription

MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
BATCH = 500
TIMEOUT_SECONDS = 10

URL_REQUIRED = "Enter the address to send changes to"
URL_NOT_HTTPS = "The address must start with https://"
URL_TAKEN = "Changes are already sent to this address"


@dataclass(frozen=True)
class Response:
    status: int | None
    error: str | None = None


Sender = Callable[[str, bytes, dict[str, str]], Response]


def post_json(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST over HTTP(S); any 2xx accepts the delivery. Never raises: failures become the attempt's record."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            return Response(answer.status)
    except urllib.error.HTTPError as error:
        return Response(error.code, f"HTTP {error.code}")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return Response(None, str(getattr(error, "reason", error))[:500])


# Subscribing ---------------------------------------------------------------------------------------------------


@transaction.atomic
def subscribe(*, lead_provider: LeadProvider, url: str) -> WebhookSubscription:
    """Changes from now on go to `url`. https only, except where settings allow plain http (development, tests)."""
    url = (url or "").strip()
    if not url:
        raise DomainError("url", URL_REQUIRED)
    scheme = urlsplit(url).scheme
    allowed = ("https", "http") if getattr(settings, "WEBHOOKS_ALLOW_HTTP", False) else ("https",)
    if scheme not in allowed or not urlsplit(url).hostname:
        raise DomainError("url", URL_NOT_HTTPS)
    live = WebhookSubscription.objects.select_for_update().filter(lead_provider=lead_provider, removed_at=None)
    if live.filter(url=url).exists():
        raise DomainError("url", URL_TAKEN)
    now = clock.now()
    return WebhookSubscription.objects.create(
        lead_provider=lead_provider,
        url=url,
        secret=signing.new_secret(),
        participants_after_updated_at=now,
        declarations_after_updated_at=now,
    )


def unsubscribe(subscription: WebhookSubscription) -> WebhookSubscription:
    """Nothing more is queued; deliveries already queued are still tried, and the log is kept."""
    if subscription.removed_at is None:
        subscription.removed_at = clock.now()
        subscription.save(update_fields=["removed_at"])
    return subscription


# Queueing ------------------------------------------------------------------------------------------------------


def queue_changes(subscription: WebhookSubscription) -> int:
    """Queue a delivery for each change that has settled since the subscription's positions, up to a batch of
    each kind; returns how many were queued. One transaction, with the subscription locked, so two workers
    cannot queue the same change."""
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.removed_at is not None:
            return 0
        now = clock.now()
        settled_before = now - feed.SETTLE
        queued = _queue_participants(subscription, settled_before, now)
        queued += _queue_declarations(subscription, settled_before, now)
        subscription.save(
            update_fields=[
                "participants_after_updated_at",
                "participants_after_id",
                "declarations_after_updated_at",
                "declarations_after_id",
            ]
        )
        return queued


def _queue_participants(subscription: WebhookSubscription, settled_before: dt.datetime, now: dt.datetime) -> int:
    keys = participant_feed_page(
        subscription.lead_provider_id,
        after=(subscription.participants_after_updated_at, subscription.participants_after_id),
        settled_before=settled_before,
        limit=BATCH,
    )
    if not keys:
        return 0
    resources = participant_resources(subscription.lead_provider_id, [teacher_id for _, teacher_id in keys])
    _queue_deliveries(subscription, WebhookDelivery.Event.PARTICIPANT_UPDATED, resources, now)
    subscription.participants_after_updated_at, subscription.participants_after_id = keys[-1]
    return len(resources)


def _queue_deliveries(
    subscription: WebhookSubscription, event: WebhookDelivery.Event, resources: list[dict[str, Any]], now: dt.datetime
) -> None:
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event=event,
            resource_id=resource["id"],
            payload=resource,
            next_attempt_at=now,
        )
        for resource in resources
    )


_CHANGED_DECLARATIONS = """
SELECT d.api_updated_at, d.id
  FROM declarations d
  JOIN training_periods tp ON tp.id = d.training_period_id
  LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
  JOIN active_lead_providers alp ON alp.id = COALESCE(lpdp.active_lead_provider_id, tp.expression_of_interest_id)
 WHERE alp.lead_provider_id = %(lead_provider_id)s
   AND (d.api_updated_at, d.id) > (%(after_updated_at)s, %(after_id)s)
   AND d.api_updated_at < %(settled_before)s
 ORDER BY d.api_updated_at, d.id
 LIMIT %(limit)s
"""


def _queue_declarations(subscription: WebhookSubscription, settled_before: dt.datetime, now: dt.datetime) -> int:
    """The provider's own declarations (made through its training), as GET participant-declarations shows them."""
    with connection.cursor() as cursor:
        cursor.execute(
            _CHANGED_DECLARATIONS,
            {
                "lead_provider_id": subscription.lead_provider_id,
                "after_updated_at": subscription.declarations_after_updated_at,
                "after_id": subscription.declarations_after_id,
                "settled_before": settled_before,
                "limit": BATCH,
            },
        )
        keys = cursor.fetchall()
    if not keys:
        return 0
    resources = declaration_resources_with_ids(
        lead_provider_id=subscription.lead_provider_id, declaration_ids=[row_id for _, row_id in keys]
    )
    _queue_deliveries(subscription, WebhookDelivery.Event.DECLARATION_UPDATED, resources, now)
    subscription.declarations_after_updated_at, subscription.declarations_after_id = keys[-1]
    return len(resources)


# Delivering ----------------------------------------------------------------------------------------------------


def retry_wait(attempts: int) -> dt.timedelta:
    """1 minute after the first failure, doubling each time, never more than 6 hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def body_of(delivery: WebhookDelivery) -> bytes:
    return orjson.dumps(
        {
            "id": str(delivery.api_id),
            "type": delivery.event,
            "created_at": delivery.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "data": delivery.payload,
        }
    )


def deliver_due(*, send: Sender = post_json, limit: int = 200) -> list[WebhookDelivery]:
    """Try each delivery whose time has come, oldest first. Each is locked while it is tried (skipping ones
    another worker holds), so a delivery is never sent twice at once; its attempt is recorded in the same
    transaction, so a crash before the record means the attempt is simply made again."""
    tried = []
    for _ in range(limit):
        with transaction.atomic():
            delivery = (
                WebhookDelivery.objects.select_for_update(skip_locked=True)
                .select_related("subscription")
                .filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=clock.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if delivery is None:
                break
            tried.append(_attempt(delivery, send))
    return tried


def _attempt(delivery: WebhookDelivery, send: Sender) -> WebhookDelivery:
    body = body_of(delivery)
    now = clock.now()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Register-ECTs-Webhooks/1",
        "X-Webhook-Id": str(delivery.api_id),
        "X-Webhook-Event": delivery.event,
        signing.SIGNATURE_HEADER: signing.signature(delivery.subscription.secret, int(now.timestamp()), body),
    }
    response = send(delivery.subscription.url, body, headers)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_response_status = response.status
    if response.status is not None and 200 <= response.status < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = None
    else:
        delivery.last_error = response.error or f"HTTP {response.status}"
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + retry_wait(delivery.attempts)
    delivery.save()
    return delivery


def run_webhooks(*, send: Sender = post_json) -> tuple[int, int]:
    """The periodic job's work: queue every live subscription's changes, then deliver what is due."""
    queued = sum(queue_changes(subscription) for subscription in WebhookSubscription.objects.filter(removed_at=None))
    return queued, len(deliver_due(send=send))
