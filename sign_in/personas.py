"""Development personas (journeys.md §2.5): one-click sign-in as a demo school user, appropriate body user or
DfE staff user. Only when `ENABLE_PERSONAS` is on, which production refuses."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from appropriate_bodies.models import AppropriateBodyPeriod
from schools.models import DfESignInOrganisation, School
from sign_in.session import ActiveRole, SessionUser, SignInProvider, UserType

SCHOOL_PERSONAS = 6


@dataclass(frozen=True)
class Persona:
    kind: str  # "school", "appropriate_body", "dfe"
    key: str  # URN, appropriate body period id or staff email
    name: str
    email: str
    type_label: str
    organisation: str


def _tutor(school: School) -> tuple[str, str]:
    if school.induction_tutor_name and school.induction_tutor_email:
        return school.induction_tutor_name, school.induction_tutor_email
    return f"Induction tutor at {school.name}", f"induction.tutor.{school.urn}@school.example.com"


def personas() -> list[Persona]:
    people: list[Persona] = []
    schools = (
        School.objects.select_related("gias_school")
        .filter(gias_school__status="open", induction_tutor_name__isnull=False)
        .order_by("gias_school__name")[:SCHOOL_PERSONAS]
    )
    lead_urns = [
        int(urn)
        for urn in DfESignInOrganisation.objects.filter(
            urn__isnull=False,
            uuid__in=AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id__isnull=False).values(
                "dfe_sign_in_organisation_id"
            ),
        ).values_list("urn", flat=True)
        if urn.isdigit()
    ]
    lead_schools = (
        School.objects.select_related("gias_school").filter(gias_school_id__in=lead_urns).order_by("gias_school__name")
    )
    for school in [*lead_schools, *(s for s in schools if s.urn not in lead_urns)]:
        name, email = _tutor(school)
        label = "School and appropriate body user" if school.urn in lead_urns else "School user"
        people.append(Persona("school", str(school.urn), name, email, label, school.name))
    for body in AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id__isnull=False).order_by("name"):
        people.append(
            Persona(
                "appropriate_body",
                str(body.pk),
                f"{body.name} user",
                f"induction.team.{body.pk}@appropriate-body.example.com",
                "Appropriate body user",
                body.name,
            )
        )
    for staff in User.objects.order_by("name"):
        people.append(
            Persona(
                "dfe",
                staff.email,
                staff.name,
                staff.email,
                f"DfE staff ({staff.get_role_display()})",
                "Department for Education",
            )
        )
    return people


def session_user_for(kind: str, key: str) -> SessionUser | None:
    """The session a persona button starts, or None if the persona no longer exists."""
    if kind == "school" and key.isdigit():
        school = School.objects.select_related("gias_school").filter(gias_school_id=int(key)).first()
        if school is None:
            return None
        name, email = _tutor(school)
        body = None
        organisation = DfESignInOrganisation.objects.filter(urn=str(school.urn)).first()
        if organisation is not None:
            body = AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id=organisation.uuid).first()
        return SessionUser(
            type=UserType.SCHOOL_USER,
            email=email,
            name=name,
            provider=SignInProvider.PERSONA,
            active_role=ActiveRole.SCHOOL,
            school_urn=school.urn,
            school_name=school.name,
            appropriate_body_period_id=body.pk if body else None,
            appropriate_body_name=body.name if body else None,
        )
    if kind == "appropriate_body" and key.isdigit():
        body = AppropriateBodyPeriod.objects.filter(pk=int(key), dfe_sign_in_organisation_id__isnull=False).first()
        if body is None:
            return None
        return SessionUser(
            type=UserType.APPROPRIATE_BODY_USER,
            email=f"induction.team.{body.pk}@appropriate-body.example.com",
            name=f"{body.name} user",
            provider=SignInProvider.PERSONA,
            active_role=ActiveRole.APPROPRIATE_BODY,
            appropriate_body_period_id=body.pk,
            appropriate_body_name=body.name,
        )
    if kind == "dfe":
        staff = User.objects.filter(email__iexact=key).first()
        if staff is None:
            return None
        return SessionUser(
            type=UserType.DFE_STAFF,
            email=staff.email,
            name=staff.name,
            provider=SignInProvider.PERSONA,
            active_role=ActiveRole.DFE,
            user_id=staff.pk,
        )
    return None
