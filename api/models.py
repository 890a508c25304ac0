"""Lead provider API tokens (domain.md §5.21.2), stored only as a SHA-256 digest."""

from __future__ import annotations

from django.db import models


class APIToken(models.Model):
    lead_provider = models.ForeignKey("providers.LeadProvider", on_delete=models.CASCADE, related_name="api_tokens")
    hashed_token = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=255)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "api_tokens"
