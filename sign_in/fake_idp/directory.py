"""The fake DfE Sign-in's users (integrations.md §4.6), worked out from the database so that any school or
appropriate body, demo or built by a test, can sign in without seeding anything else.

A user id (`sub`) names the kind of user and the organisation it belongs to:

| sub | Who | Organisation claim | Roles (API) |
|---|---|---|---|
| `school-user.<urn>` | induction tutor of the school | the school's DfE Sign-in organisation | `SchoolUser` |
| `ab-user.<period id>` | staff of the appropriate body | the body's organisation | `AppropriateBodyUser` |
| `dual-role.<urn>` | lead school of a teaching school hub | the school's organisation, which is also a body's | both |
| `no-role.<urn>` | someone at the school without the service's role | the school's organisation | none |
| `no-access.<urn>` | someone whose organisation has no access to the service | the school's organisation | API 404 |
| `no-organisation` | a DfE Sign-in account with no organisation | none | — |
| `unknown-organisation` | someone from an organisation the service does not know | "Unrecognised Academy Trust" | `SchoolUser` |
| `dfe-user.<user id>` | DfE staff (development only, §4.4 rule 3) | Department for Education | `DfEUser` |
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

UNKNOWN_ORGANISATION_ID = "5b0f4a43-7c6e-4b8f-9f55-0a4b0f1f0e21"
UNKNOWN_ORGANISATION_NAME = "Unrecognised Academy Trust"
DFE_ORGANISATION_ID = "fa460f7c-8ab9-4cee-aaff-82d6d341d702"
DFE_ORGANISATION_NAME = "Department for Education"
_NAMESPACE = uuid.UUID("0c1a4c35-2a4f-4f3c-8d7e-6ad3a7d1c9b0")


@dataclass
class FakeIdentity:
    sub: str
    email: str
    given_name: str
    family_name: str
    description: str
    organisation: dict[str, Any] | None = None
    roles: list[str] | None = field(default_factory=list)  # None: the roles API answers 404

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "sub": self.sub,
            "email": self.email,
            "given_name": self.given_name,
            "family_name": self.family_name,
        }
        if self.organisation is not None:
            claims["organisation"] = self.organisation
        return claims


def _school_organisation(urn: int) -> dict[str, Any] | None:
    from schools.models import DfESignInOrganisation, GIASSchool

    organisation = DfESignInOrganisation.objects.filter(urn=str(urn)).first()
    if organisation is not None:
        return {
            "id": str(organisation.uuid),
            "name": organisation.name,
            "urn": str(urn),
            "category": {"id": "001", "name": organisation.category or "Establishment"},
            "type": {"name": organisation.organisation_type or "Establishment"},
            "status": {"name": organisation.status or "Open"},
            "address": organisation.address,
        }
    gias = GIASSchool.objects.filter(urn=urn).first()
    if gias is None:
        return None
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"school-{urn}")),
        "name": gias.name,
        "urn": str(urn),
        "category": {"id": "001", "name": "Establishment"},
    }


def _tutor(urn: int) -> tuple[str, str, str]:
    from schools.models import School

    school = School.objects.filter(gias_school_id=urn).first()
    if school is not None and school.induction_tutor_name and school.induction_tutor_email:
        given, _, family = school.induction_tutor_name.partition(" ")
        return given, family or "Tutor", school.induction_tutor_email
    return "Induction", "Tutor", f"induction.tutor.{urn}@school.example.com"


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def identity(sub: str) -> FakeIdentity | None:
    """Who `sub` is, or None if no such user (or their organisation is gone)."""
    from accounts.models import User
    from appropriate_bodies.models import AppropriateBodyPeriod
    from sign_in.session import APPROPRIATE_BODY_USER_ROLE, DFE_USER_ROLE, SCHOOL_USER_ROLE

    kind, _, key = sub.partition(".")
    if sub == "no-organisation":
        return FakeIdentity(
            sub, "no.organisation@example.com", "Nora", "Nobody", "DfE Sign-in account with no organisation"
        )
    if sub == "unknown-organisation":
        return FakeIdentity(
            sub,
            "someone@unrecognised.example.com",
            "Uma",
            "Unknown",
            "User from an organisation the service does not know",
            organisation={"id": UNKNOWN_ORGANISATION_ID, "name": UNKNOWN_ORGANISATION_NAME, "urn": None},
            roles=[SCHOOL_USER_ROLE],
        )
    number = _int(key)
    if number is None:
        return None
    if kind in ("school-user", "dual-role", "no-role", "no-access"):
        organisation = _school_organisation(number)
        if organisation is None:
            return None
        given, family, email = _tutor(number)
        roles: list[str] | None = {
            "school-user": [SCHOOL_USER_ROLE],
            "dual-role": [SCHOOL_USER_ROLE, APPROPRIATE_BODY_USER_ROLE],
            "no-role": [],
            "no-access": None,
        }[kind]
        if kind != "school-user":
            given, family = {
                "dual-role": ("Dana", "Dual-Role"),
                "no-role": ("Nico", "Norole"),
                "no-access": ("Nell", "Noaccess"),
            }[kind]
            email = f"{kind}.{number}@school.example.com"
        return FakeIdentity(
            sub,
            email,
            given,
            family,
            f"{kind.replace('-', ' ').capitalize()} at {organisation['name']}",
            organisation,
            roles,
        )
    if kind == "ab-user":
        body = AppropriateBodyPeriod.objects.filter(pk=number, dfe_sign_in_organisation_id__isnull=False).first()
        if body is None:
            return None
        return FakeIdentity(
            sub,
            f"induction.team.{number}@appropriate-body.example.com",
            "Induction",
            "Coordinator",
            f"Appropriate body user at {body.name}",
            organisation={"id": str(body.dfe_sign_in_organisation_id), "name": body.name, "urn": None},
            roles=[APPROPRIATE_BODY_USER_ROLE],
        )
    if kind == "dfe-user":
        staff = User.objects.filter(pk=number).first()
        if staff is None:
            return None
        given, _, family = staff.name.partition(" ")
        return FakeIdentity(
            sub,
            staff.email,
            given,
            family,
            f"DfE staff ({staff.get_role_display()})",
            organisation={"id": DFE_ORGANISATION_ID, "name": DFE_ORGANISATION_NAME, "urn": None},
            roles=[DFE_USER_ROLE],
        )
    return None


def roles_for(sub: str, organisation_id: str) -> list[str] | None:
    """The fake roles API: None stands for its 404."""
    person = identity(sub)
    if person is None or person.organisation is None or person.organisation["id"] != organisation_id:
        return None
    return None if person.roles is None else list(person.roles)


def listing(limit_schools: int = 8) -> list[FakeIdentity]:
    """The users offered on the fake sign-in page: some schools, every active appropriate body, a dual-role
    lead school when one exists, the failure cases and the DfE staff users."""
    from accounts.models import User
    from appropriate_bodies.models import AppropriateBodyPeriod
    from schools.models import DfESignInOrganisation, School

    people: list[FakeIdentity] = []
    bodies = list(AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id__isnull=False).order_by("name"))
    body_organisations = {str(body.dfe_sign_in_organisation_id) for body in bodies}
    dual_urns = [
        int(urn)
        for urn in DfESignInOrganisation.objects.filter(uuid__in=body_organisations, urn__isnull=False)
        .order_by("urn")
        .values_list("urn", flat=True)
        if urn.isdigit()
    ]
    urns = list(
        School.objects.filter(gias_school__status="open")
        .exclude(gias_school_id__in=dual_urns)
        .order_by("gias_school__name")
        .values_list("gias_school_id", flat=True)[:limit_schools]
    )
    subs = [f"school-user.{urn}" for urn in urns]
    subs += [f"dual-role.{urn}" for urn in dual_urns[:1]]
    subs += [f"ab-user.{body.pk}" for body in bodies]
    if urns:
        subs += [f"no-role.{urns[0]}", f"no-access.{urns[0]}"]
    subs += ["no-organisation", "unknown-organisation"]
    subs += [f"dfe-user.{pk}" for pk in User.objects.order_by("name").values_list("pk", flat=True)]
    for sub in subs:
        person = identity(sub)
        if person is not None:
            people.append(person)
    return people
