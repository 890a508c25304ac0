"""Helpers for tests of signed-in pages: put a user in a Django test client's session without going through a
sign-in flow (the sign-in flows have their own tests).

    from sign_in.testing import sign_in_school_user, sign_in_appropriate_body_user, sign_in_dfe_staff
    sign_in_school_user(client, school)
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from core import clock
from sign_in import session
from sign_in.session import ActiveRole, SessionUser, SignInProvider, UserType


def sign_in_session_user(client: Client, user: SessionUser) -> SessionUser:
    store = client.session
    store[session.SESSION_KEY] = user.to_session()
    store[session.LAST_ACTIVE_KEY] = clock.now().isoformat()
    store.save()
    return user


def sign_in_school_user(
    client: Client,
    school: Any,
    *,
    email: str = "tutor@school.example.com",
    name: str = "Ida Tutor",
    appropriate_body: Any = None,
) -> SessionUser:
    """A DfE Sign-in school user; with `appropriate_body` a dual-role user on the school side."""
    return sign_in_session_user(
        client,
        SessionUser(
            type=UserType.SCHOOL_USER,
            email=email,
            name=name,
            provider=SignInProvider.DFE_SIGN_IN,
            active_role=ActiveRole.SCHOOL,
            school_urn=school.urn,
            school_name=school.name,
            appropriate_body_period_id=appropriate_body.pk if appropriate_body else None,
            appropriate_body_name=appropriate_body.name if appropriate_body else None,
            role_codes=["SchoolUser", *(["AppropriateBodyUser"] if appropriate_body else [])],
        ),
    )


def sign_in_appropriate_body_user(
    client: Client, appropriate_body: Any, *, email: str = "induction@body.example.com", name: str = "Abe Body"
) -> SessionUser:
    return sign_in_session_user(
        client,
        SessionUser(
            type=UserType.APPROPRIATE_BODY_USER,
            email=email,
            name=name,
            provider=SignInProvider.DFE_SIGN_IN,
            active_role=ActiveRole.APPROPRIATE_BODY,
            appropriate_body_period_id=appropriate_body.pk,
            appropriate_body_name=appropriate_body.name,
            role_codes=["AppropriateBodyUser"],
        ),
    )


def sign_in_dfe_staff(client: Client, staff: Any, *, impersonating: Any = None) -> SessionUser:
    """A DfE staff user (accounts.User); with `impersonating` a school, acting as that school (§2.6)."""
    return sign_in_session_user(
        client,
        SessionUser(
            type=UserType.DFE_STAFF,
            email=staff.email,
            name=staff.name,
            provider=SignInProvider.OTP,
            active_role=ActiveRole.DFE,
            user_id=staff.pk,
            impersonated_school_urn=impersonating.urn if impersonating else None,
            impersonated_school_name=impersonating.name if impersonating else None,
        ),
    )


def create_staff_user(*, role: str = "admin", email: str | None = None, name: str = "Sam Staff", **fields: Any):
    from accounts.models import User

    email = email or f"{role.replace('_', '.')}.{User.objects.count() + 1}@education.gov.uk"
    return User.objects.create(email=email, name=name, role=role, **fields)
