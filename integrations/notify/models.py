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
