"""Emails the local backend has "sent": what development's email page lists and what tests read."""

from __future__ import annotations

from django.db import models


class SentEmail(models.Model):
    template = models.CharField(max_length=100)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=500)
    body = models.TextField()
    personalisation = models.JSONField(default=dict)
    reference = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "notify_sent_emails"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.template} to {self.to}"


class OutgoingEmailStatus(models.TextChoices):
    QUEUED = "queued"
    SENT = "sent"
    REFUSED = "refused"  # Notify answered 400 or 403: never tried again


class OutgoingEmail(models.Model):
    """One email handed to the `mailers` queue for Notify (integrations.md §5.1, §5.5): the row is the job's
    "sent" marker, so a retried or repeated job never sends it twice (`integrations.notify.outbox`).

    `notify_reference` is unique and is the reference Notify receives: after a try whose outcome is unknown
    (timeout, 5xx) the next try asks Notify for it before sending again."""

    template = models.CharField(max_length=100)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=500)
    body = models.TextField()
    personalisation = models.JSONField(default=dict)
    reference = models.CharField(max_length=255, null=True, blank=True, help_text="The caller's reference")
    notify_reference = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=OutgoingEmailStatus.choices, default=OutgoingEmailStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(null=True, blank=True)
    notify_id = models.CharField(max_length=100, null=True, blank=True, help_text="Notify's id for the notification")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "notify_outgoing_emails"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["notify_reference"], name="notify_outgoing_email_unique_reference"),
            models.CheckConstraint(
                condition=models.Q(status__in=OutgoingEmailStatus.values), name="notify_outgoing_email_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=OutgoingEmailStatus.SENT, sent_at__isnull=False)
                    | (~models.Q(status=OutgoingEmailStatus.SENT) & models.Q(sent_at__isnull=True))
                ),
                name="notify_outgoing_email_sent_iff_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} to {self.to} ({self.status})"
