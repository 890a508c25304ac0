"""Deciding who signed in with DfE Sign-in (integrations.md §4.4, journeys.md §2.1–§2.2): from the identity
token's claims and the role codes the DfE Sign-in API gives for the user at that organisation, either a
session user or the reason to send them to an access-denied page."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from core import clock
from sign_in.dfe_sign_in.roles import NotFound, RolesClient
from sign_in.session import (
    APPROPRIATE_BODY_USER_ROLE,
    KNOWN_ROLE_CODES,
    SCHOOL_USER_ROLE,
    ActiveRole,
    SessionUser,
    SignInProvider,
    UserType,
)

logger = logging.getLogger(__name__)


class Refusal(StrEnum):
    NO_ORGANISATION = "no_organisation"
    NOT_RECOGNISED = "not_recognised"


@dataclass
class Decision:
    user: SessionUser | None = None
    refusal: Refusal | None = None
    organisation_name: str | None = None


def organisation_claim(claims: dict[str, Any]) -> dict[str, Any] | None:
    organisation = claims.get("organisation")
    if isinstance(organisation, str):
        try:
            organisation = json.loads(organisation)
        except ValueError:
            return None
    if not isinstance(organisation, dict) or not organisation.get("id"):
        return None
    return organisation


def _school_for(urn: Any):
    """A School with that URN; an open GIAS establishment not yet known to the service becomes one (§7.6)."""
    from events.authors import Author
    from schools.models import GIASSchool, School
    from schools.services.gias import open_school

    try:
        urn = int(str(urn).strip())
    except (TypeError, ValueError):
        return None
    school = School.objects.select_related("gias_school").filter(gias_school_id=urn).first()
    if school is not None:
        return school
    gias = GIASSchool.objects.filter(urn=urn).first()
    return open_school(author=Author.system(), gias_school=gias) if gias is not None else None


def _appropriate_body_for(organisation_id: str):
    from appropriate_bodies.models import AppropriateBodyPeriod

    try:
        key = uuid.UUID(organisation_id)
    except ValueError:
        return None
    return AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id=key).first()


def _note_organisation(organisation: dict[str, Any]) -> None:
    """§4.4 rule 2: keep the appropriate body's DfE Sign-in organisation up to date, with first and last
    sign-in times. Bookkeeping only: a failure here must not stop the sign-in."""
    from schools.models import DfESignInOrganisation

    now = clock.now()

    def name_of(key: str) -> str | None:
        value = organisation.get(key)
        return value.get("name") if isinstance(value, dict) else value

    try:
        with transaction.atomic():
            row, _created = DfESignInOrganisation.objects.get_or_create(
                uuid=organisation["id"],
                defaults={"name": organisation.get("name") or organisation["id"], "first_authenticated_at": now},
            )
            row.last_authenticated_at = now
            row.first_authenticated_at = row.first_authenticated_at or now
            row.address = organisation.get("address") or row.address
            row.company_registration_number = (
                organisation.get("companyRegistrationNumber") or row.company_registration_number
            )
            row.category = name_of("category") or row.category
            row.organisation_type = name_of("type") or row.organisation_type
            row.status = name_of("status") or row.status
            row.save()
    except (IntegrityError, ValueError):
        logger.warning("Could not record DfE Sign-in organisation %s", organisation.get("id"))


def decide(claims: dict[str, Any], roles: RolesClient) -> Decision:
    """Raises `sign_in.dfe_sign_in.roles.RolesError` (other than NotFound) when the roles API fails: then no
    session is made at all (§4.7)."""
    from accounts.models import User

    organisation = organisation_claim(claims)
    if organisation is None:
        return Decision(refusal=Refusal.NO_ORGANISATION)
    organisation_name = organisation.get("name") or "your organisation"
    refused = Decision(refusal=Refusal.NOT_RECOGNISED, organisation_name=organisation_name)
    try:
        role_codes = roles.roles_for(user_id=str(claims["sub"]), organisation_id=str(organisation["id"]))
    except NotFound:
        logger.info("DfE Sign-in roles not found for a user at organisation %s", organisation.get("id"))
        return refused
    if not set(role_codes) & set(KNOWN_ROLE_CODES):
        return refused

    name = " ".join(part for part in (claims.get("given_name"), claims.get("family_name")) if part).strip()
    base = dict(
        email=claims.get("email") or "",
        name=name or claims.get("email") or "",
        provider=SignInProvider.DFE_SIGN_IN,
        dfe_sign_in_user_id=str(claims["sub"]),
        dfe_sign_in_organisation_id=str(organisation["id"]),
        organisation_name=organisation_name,
        role_codes=list(role_codes),
    )
    body = _appropriate_body_for(str(organisation["id"])) if APPROPRIATE_BODY_USER_ROLE in role_codes else None
    if body is not None:
        _note_organisation(organisation)
    ab_fields = dict(appropriate_body_period_id=body.pk, appropriate_body_name=body.name) if body is not None else {}

    if organisation.get("urn") and SCHOOL_USER_ROLE in role_codes:
        school = _school_for(organisation["urn"])
        if school is not None:
            return Decision(
                user=SessionUser(
                    type=UserType.SCHOOL_USER,
                    active_role=ActiveRole.SCHOOL,
                    school_urn=school.urn,
                    school_name=school.name,
                    **ab_fields,
                    **base,
                )
            )
    if body is not None:
        return Decision(
            user=SessionUser(
                type=UserType.APPROPRIATE_BODY_USER, active_role=ActiveRole.APPROPRIATE_BODY, **ab_fields, **base
            )
        )
    if settings.DFE_SIGN_IN_STAFF_ALLOWED and base["email"]:
        staff = User.objects.filter(email__iexact=base["email"]).first()
        if staff is not None:
            return Decision(
                user=SessionUser(
                    type=UserType.DFE_STAFF,
                    active_role=ActiveRole.DFE,
                    user_id=staff.pk,
                    **{**base, "name": staff.name, "email": staff.email},
                )
            )
    return refused
