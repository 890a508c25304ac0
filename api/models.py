"""API tokens, stored only as a SHA-256 digest: a lead provider's (domain.md §5.21.2) or an appropriate body's
(docs/appropriate-body-api.md). Each token belongs to exactly one of the two, so one API never accepts the other's."""

from __future__ import annotations

from django.db import models


class APIToken(models.Model):
    lead_provider = models.ForeignKey(
        "providers.LeadProvider", on_delete=models.CASCADE, related_name="api_tokens", null=True, blank=True
    )
    appropriate_body = models.ForeignKey(
        "appropriate_bodies.AppropriateBodyPeriod",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        null=True,
        blank=True,
    )
    hashed_token = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=255)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "api_tokens"
        constraints = [
            models.CheckConstraint(
                name="api_tokens_one_owner",
                condition=(
                    models.Q(lead_provider__isnull=False, appropriate_body__isnull=True)
                    | models.Q(lead_provider__isnull=True, appropriate_body__isnull=False)
                ),
            ),
        ]
