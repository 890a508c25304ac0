"""DfE staff users (domain.md §5.21.1). School and AB users are not stored: DfE Sign-in vouches for them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class DfERole(models.TextChoices):
    ADMIN = "admin"
    USER_MANAGER = "user_manager"
    FINANCE = "finance"
    PRODUCT_TEAM = "product_team"


class User(models.Model):
    email = models.CharField(max_length=254)
    name = models.CharField(max_length=255)
    role = models.CharField(max_length=20, choices=DfERole.choices, default=DfERole.ADMIN)
    otp_secret = models.CharField(max_length=255, null=True, blank=True)
    otp_verified_at = models.DateTimeField(null=True, blank=True)
    otp_failed_attempts = models.PositiveIntegerField(default=0)
    otp_locked_at = models.DateTimeField(null=True, blank=True)
    otp_school_urn = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "users"
        constraints = [
            models.UniqueConstraint(models.functions.Lower("email"), name="users_unique_email_ci"),
            models.CheckConstraint(
                name="users_otp_school_urn_digits",
                condition=Q(otp_school_urn__isnull=True) | Q(otp_school_urn__gte=10000, otp_school_urn__lte=999999),
            ),
        ]

    def __str__(self) -> str:
        return self.email
