"""Which appropriate bodies exist, which are active or national, and who may sign in as one
(domain.md §5.7, BR-AB-02, BR-AB-03, BR-AB-06; integrations.md §4.4). Reads only: changes to bodies are
made by data loads, not by users, and have no timeline events of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import QuerySet

from appropriate_bodies.models import (
    NATIONAL_BODY_NAMES,
    AppropriateBody,
    AppropriateBodyPeriod,
)

APPROPRIATE_BODY_USER_ROLE = "AppropriateBodyUser"


def is_active(appropriate_body: AppropriateBodyPeriod) -> bool:
    """BR-AB-02: active iff it has a DfE Sign-in organisation (its users can sign in)."""
    return appropriate_body.dfe_sign_in_organisation_id is not None


def active_appropriate_bodies() -> QuerySet[AppropriateBodyPeriod]:
    """The bodies schools may choose (BR-AB-02)."""
    return AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id__isnull=False).order_by("name")


def is_national(appropriate_body: AppropriateBody) -> bool:
    """BR-AB-03: national bodies are exactly ISTIP and ESP, by name; every other body is a teaching school hub."""
    return " ".join(appropriate_body.name.split()) in NATIONAL_BODY_NAMES


def body_kind(appropriate_body: AppropriateBody) -> str:
    return "national" if is_national(appropriate_body) else "regional"


def appropriate_body_for_sign_in(
    *, organisation_id: str | uuid.UUID | None, roles: Iterable[str]
) -> AppropriateBodyPeriod | None:
    """BR-AB-06: the AB a DfE Sign-in user may act for, or None (organisation unknown, or no AB role)."""
    if not organisation_id or APPROPRIATE_BODY_USER_ROLE not in set(roles):
        return None
    try:
        organisation_uuid = uuid.UUID(str(organisation_id))
    except ValueError:
        return None
    return AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id=organisation_uuid).first()


def can_sign_in_as_appropriate_body(*, organisation_id: str | uuid.UUID | None, roles: Iterable[str]) -> bool:
    return appropriate_body_for_sign_in(organisation_id=organisation_id, roles=roles) is not None
