"""What the schools' pages keep of their own: support queries sent from the support form (domain.md §5.23,
journeys.md §4.13), on their way to Zendesk (integrations.md §8)."""

from __future__ import annotations

from django.db import models


class SupportQueryState(models.TextChoices):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class SupportQuery(models.Model):
    """A school user's question, kept until a Zendesk ticket is made for it: `pending → sending → sent`, or
    `sending → failed` (and back to `pending` to try again)."""

    name = models.CharField(max_length=200)
    email = models.CharField(max_length=254)
    school_name = models.CharField(max_length=255)
    school_urn = models.IntegerField()
    message = models.TextField()
    state = models.CharField(max_length=10, choices=SupportQueryState.choices, default=SupportQueryState.PENDING)
    zendesk_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "support_queries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=SupportQueryState.values), name="support_queries_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(zendesk_id__isnull=False),
                name="support_queries_sent_has_ticket",
            ),
        ]
