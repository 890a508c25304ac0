"""Lead providers' webhook subscriptions and the log of every delivery (docs/lead-provider-webhooks.md)."""

from __future__ import annotations

import uuid

from django.db import models


class WebhookSubscription(models.Model):
    """A URL a lead provider asked us to call when its participants or declarations change. The feed positions
    say how far each kind of change has been queued, so no change is queued twice or passed over."""

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lead_provider = models.ForeignKey(
        "providers.LeadProvider", on_delete=models.PROTECT, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=2000)
    # The shared secret deliveries are signed with: kept in clear because signing needs it (shown to the
    # provider once, when the subscription is made).
    secret = models.CharField(max_length=64)
    participants_after_updated_at = models.DateTimeField()
    participants_after_id = models.BigIntegerField(default=0)
    declarations_after_updated_at = models.DateTimeField()
    declarations_after_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "webhook_subscriptions"
        constraints = [
            models.UniqueConstraint(
                fields=["lead_provider", "url"],
                condition=models.Q(removed_at__isnull=True),
                name="webhook_subscriptions_one_live_per_url",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_provider} → {self.url}"


class WebhookDelivery(models.Model):
    class Event(models.TextChoices):
        PARTICIPANT_UPDATED = "participant.updated"
        DECLARATION_UPDATED = "participant-declaration.updated"

    class Status(models.TextChoices):
        PENDING = "pending"  # not yet accepted; tried again at next_attempt_at
        DELIVERED = "delivered"
        FAILED = "failed"  # given up after the last retry

    api_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    resource_id = models.UUIDField()
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "webhook_deliveries"
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="webhook_deliveries_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["subscription", "-created_at"], name="webhook_deliveries_log"),
        ]
        constraints = [
            models.CheckConstraint(
                name="webhook_deliveries_pending_has_next_attempt",
                condition=~models.Q(status="pending") | models.Q(next_attempt_at__isnull=False),
            ),
            models.CheckConstraint(
                name="webhook_deliveries_delivered_has_time",
                condition=~models.Q(status="delivered") | models.Q(delivered_at__isnull=False),
            ),
        ]
