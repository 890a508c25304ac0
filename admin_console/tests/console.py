"""Set-up shared by the console's tests: DfE staff of each role, signed in on a test client."""

from __future__ import annotations

from django.test import Client

from accounts.models import DfERole, User
from sign_in.testing import sign_in_dfe_staff


def staff(role: str = DfERole.ADMIN, *, email: str | None = None, name: str | None = None) -> User:
    return User.objects.create(
        email=email or f"{role}.person@education.gov.uk",
        name=name or f"{role.replace('_', ' ').title()} Person",
        role=role,
    )


def signed_in(client: Client, role: str = DfERole.ADMIN) -> User:
    user = staff(role)
    sign_in_dfe_staff(client, user)
    return user
