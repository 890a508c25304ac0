"""Demo sign-in data beyond the demo world: a teaching school hub led by one of the demo schools, so that a
dual-role user (journeys.md §2.3) can be tried locally. Its DfE Sign-in organisation is the school's own, as for
real hub lead schools. Idempotent; adds rows and changes none. The DfE staff users come with the reference
data (`demo_data.reference_data.STAFF_USERS`)."""

from __future__ import annotations

from django.db import transaction

from appropriate_bodies.models import AppropriateBody, AppropriateBodyPeriod, AppropriateBodyType
from schools.models import DfESignInOrganisation, School


@transaction.atomic
def ensure_dual_role_school() -> School | None:
    """The lead school of a demo hub (the open demo school with the lowest URN), or None if there are no schools."""
    organisations = DfESignInOrganisation.objects.filter(urn__isnull=False)
    existing = AppropriateBodyPeriod.objects.filter(
        dfe_sign_in_organisation_id__in=organisations.values("uuid")
    ).first()
    if existing is not None:
        organisation = DfESignInOrganisation.objects.get(uuid=existing.dfe_sign_in_organisation_id)
        return School.objects.filter(gias_school_id=int(organisation.urn)).first()
    school = (
        School.objects.select_related("gias_school")
        .filter(
            gias_school__status="open",
            gias_school_id__in=[int(u) for u in organisations.values_list("urn", flat=True) if u.isdigit()],
        )
        .order_by("gias_school_id")
        .first()
    )
    if school is None:
        return None
    organisation = DfESignInOrganisation.objects.get(urn=str(school.urn))
    name = f"{school.name} Teaching School Hub"
    body, _ = AppropriateBody.objects.get_or_create(name=name, defaults={"dfe_sign_in_organisation": organisation})
    AppropriateBodyPeriod.objects.get_or_create(
        name=name,
        defaults={
            "body_type": AppropriateBodyType.TEACHING_SCHOOL_HUB,
            "dfe_sign_in_organisation_id": organisation.uuid,
            "appropriate_body": body,
        },
    )
    return school
