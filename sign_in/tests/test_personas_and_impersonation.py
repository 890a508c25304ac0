"""Personas (journeys.md §2.5, §9.1 #8) and DfE staff acting as a school (§2.6)."""

from __future__ import annotations

import uuid

import pytest

from appropriate_bodies.models import AppropriateBodyPeriod
from events.models import Event
from schools.models import DfESignInOrganisation
from sign_in import session
from sign_in.testing import create_staff_user, sign_in_dfe_staff
from tests.builders import create_appropriate_body, create_school

pytestmark = pytest.mark.django_db


def tutored_school(name: str):
    school = create_school(name=name)
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", "ida.tutor@school.example.com"
    school.save()
    return school


def test_the_persona_page_lists_schools_bodies_and_staff(client):
    tutored_school("Acorn Primary")
    create_appropriate_body(name="East Anglia Teaching School Hub")
    create_staff_user(role="finance", name="Fiona Finance")
    page = client.get("/personas").content.decode()
    assert "Sign-in as Ida Tutor" in page and "Acorn Primary" in page and "School user" in page
    assert "East Anglia Teaching School Hub" in page and "Appropriate body user" in page
    assert "Sign-in as Fiona Finance" in page and "DfE staff (Finance)" in page


def test_a_school_persona_lands_on_that_schools_ects_home(client):
    school = tutored_school("Acorn Primary")
    response = client.post("/auth/persona/callback", {"kind": "school", "key": str(school.urn)})
    assert response["Location"] == "/school/home/ects"
    assert "Acorn Primary" in client.get("/school/home/ects").content.decode()
    assert Event.objects.filter(event_type="school_user_signs_in", school=school).exists()


def test_a_school_persona_of_a_hub_lead_school_is_dual_role(client):
    school = tutored_school("Lead Academy")
    organisation = DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name="Lead Academy", urn=str(school.urn))
    AppropriateBodyPeriod.objects.create(
        name="Lead Academy Teaching School Hub", dfe_sign_in_organisation_id=organisation.uuid
    )
    client.post("/auth/persona/callback", {"kind": "school", "key": str(school.urn)})
    assert client.get("/switch-role")["Location"] == "/appropriate-body/teachers"


def test_appropriate_body_and_staff_personas(client):
    body = create_appropriate_body(name="Black Country Teaching School Hub")
    assert (
        client.post("/auth/persona/callback", {"kind": "appropriate_body", "key": str(body.pk)})["Location"]
        == "/appropriate-body/teachers"
    )
    staff = create_staff_user(role="admin")
    assert client.post("/auth/persona/callback", {"kind": "dfe", "key": staff.email})["Location"] == "/admin/teachers"


def test_an_unknown_persona_goes_back_to_the_list(client):
    assert client.post("/auth/persona/callback", {"kind": "school", "key": "999999"})["Location"] == "/personas"
    assert session.SESSION_KEY not in client.session


def test_personas_are_off_unless_enabled(client, settings):
    settings.ENABLE_PERSONAS = False
    school = tutored_school("Acorn Primary")
    assert client.get("/personas").status_code == 404
    assert client.post("/auth/persona/callback", {"kind": "school", "key": str(school.urn)}).status_code == 404


def test_impersonating_a_school_shows_the_banner_and_authors_events_as_the_dfe_user(client):
    school = create_school(name="Willow Academy")
    staff = create_staff_user(role="admin", name="Ada Lovelace")
    sign_in_dfe_staff(client, staff)
    response = client.post(f"/admin/schools/{school.urn}/impersonate")
    assert response["Location"] == "/school/home/ects"
    page = client.get("/school/home/ects").content.decode()
    assert "You are signed in as Willow Academy" in page
    assert "Sign out from Willow Academy" in page
    assert 'href="/school/home/mentors"' in page  # the school navigation is shown
    user = session.SessionUser.from_session(client.session[session.SESSION_KEY])
    author = user.author()
    assert author.type == "dfe_staff_user" and author.user_id == staff.pk
    assert client.get("/admin/teachers").status_code == 200  # still DfE staff
    response = client.post("/admin/impersonate/stop")
    assert response["Location"] == f"/admin/schools/{school.urn}/overview"
    assert client.get("/school/home/ects")["Location"] == "/admin/teachers"


def test_only_dfe_staff_can_impersonate(client):
    from sign_in.testing import sign_in_school_user

    school = create_school()
    sign_in_school_user(client, school)
    assert client.post(f"/admin/schools/{school.urn}/impersonate").status_code == 401


def test_hub_lead_schools_are_offered_as_dual_role_personas(client):
    school = tutored_school("Zebra Lead Academy")
    organisation = DfESignInOrganisation.objects.create(
        uuid=uuid.uuid4(), name="Zebra Lead Academy", urn=str(school.urn)
    )
    AppropriateBodyPeriod.objects.create(
        name="Zebra Teaching School Hub", dfe_sign_in_organisation_id=organisation.uuid
    )
    page = client.get("/personas").content.decode()
    assert "School and appropriate body user" in page and "Zebra Lead Academy" in page
