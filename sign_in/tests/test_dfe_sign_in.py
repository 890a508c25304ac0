"""DfE Sign-in end to end through the real OIDC client (Authlib) against our fake identity provider
(journeys.md §2.1–§2.3, integrations.md §4.4)."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from appropriate_bodies.models import AppropriateBodyPeriod
from events.models import Event
from schools.models import DfESignInOrganisation
from sign_in import session
from sign_in.dfe_sign_in.roles import Unavailable
from sign_in.testing import create_staff_user
from tests.builders import create_appropriate_body, create_gias_school, create_school

pytestmark = pytest.mark.django_db


def school_with_organisation(name: str = "Hillside Primary School"):
    school = create_school(name=name)
    DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name=name, urn=str(school.urn))
    return school


def sign_in_with_dfe(client, sub: str):
    """Start, pick `sub` on the fake's page, come back to the callback; returns the callback's response."""
    start = client.post("/auth/dfe_sign_in")
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    assert authorize.path == "/fake-dfe-sign-in/auth"
    params = {key: values[0] for key, values in parse_qs(authorize.query).items()}
    assert params["scope"] == "openid profile email organisation"
    assert params["state"] and params["nonce"]
    picked = client.post("/fake-dfe-sign-in/auth", {**params, "sub": sub})
    assert picked.status_code == 302
    callback = urlsplit(picked["Location"])
    assert callback.path == "/auth/dfe/callback"
    return client.get(f"{callback.path}?{callback.query}")


def signed_in(client) -> session.SessionUser | None:
    data = client.session.get(session.SESSION_KEY)
    return session.SessionUser.from_session(data) if data else None


def test_the_fake_publishes_discovery_and_keys(client):
    document = client.get("/fake-dfe-sign-in/.well-known/openid-configuration").json()
    assert document["issuer"] == "http://fake-dfe-sign-in.localhost/fake-dfe-sign-in"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    keys = client.get("/fake-dfe-sign-in/certs").json()["keys"]
    assert keys[0]["kty"] == "RSA" and "d" not in keys[0]


def test_the_fake_page_lists_demo_users(client):
    school = school_with_organisation()
    start = client.post("/auth/dfe_sign_in")
    page = client.get(start["Location"])
    assert page.status_code == 200
    assert f"school-user.{school.urn}" in page.content.decode()
    assert "no-organisation" in page.content.decode()


def test_school_user_lands_on_the_ects_home_and_sign_in_is_recorded(client):
    school = school_with_organisation()
    response = sign_in_with_dfe(client, f"school-user.{school.urn}")
    assert response.status_code == 302
    assert response["Location"] == "/school/home/ects"
    user = signed_in(client)
    assert user.type == session.UserType.SCHOOL_USER
    assert user.school_urn == school.urn
    assert user.role_codes == ["SchoolUser"]
    assert user.dfe_sign_in_user_id == f"school-user.{school.urn}"
    event = Event.objects.get(event_type="school_user_signs_in")
    assert event.school_id == school.pk
    assert event.author_type == "school_user"
    page = client.get("/school/home/ects")
    assert page.status_code == 200
    assert school.name in page.content.decode()


def test_a_failure_to_record_the_sign_in_event_never_blocks_sign_in(client, monkeypatch):
    school = school_with_organisation()

    def broken(**kwargs):
        raise RuntimeError("events table unavailable")

    monkeypatch.setattr("events.record.sign_in.school_user_signs_in", broken)
    response = sign_in_with_dfe(client, f"school-user.{school.urn}")
    assert response["Location"] == "/school/home/ects"
    assert not Event.objects.filter(event_type="school_user_signs_in").exists()


def test_appropriate_body_user_lands_on_the_teachers_page_and_the_organisation_is_noted(client):
    body = create_appropriate_body(name="Kent and Medway Teaching School Hub")
    response = sign_in_with_dfe(client, f"ab-user.{body.pk}")
    assert response["Location"] == "/appropriate-body/teachers"
    user = signed_in(client)
    assert user.type == session.UserType.APPROPRIATE_BODY_USER
    assert user.appropriate_body_period_id == body.pk
    organisation = DfESignInOrganisation.objects.get(uuid=body.dfe_sign_in_organisation_id)
    assert organisation.first_authenticated_at is not None
    assert organisation.last_authenticated_at is not None


def test_dual_role_user_starts_on_the_school_side_and_switches(client):
    school = school_with_organisation("Lead School Academy")
    organisation = DfESignInOrganisation.objects.get(urn=str(school.urn))
    body = AppropriateBodyPeriod.objects.create(
        name="Lead School Teaching School Hub", dfe_sign_in_organisation_id=organisation.uuid
    )
    response = sign_in_with_dfe(client, f"dual-role.{school.urn}")
    assert response["Location"] == "/school/home/ects"
    page = client.get("/school/home/ects").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/switch-role">Lead School Academy (school)</a>' in page
    assert client.get("/switch-role")["Location"] == "/appropriate-body/teachers"
    page = client.get("/appropriate-body/teachers").content.decode()
    assert f"{body.name} (appropriate body)" in page
    # §2.3: in AB mode, a school page sends them to their current role's home.
    assert client.get("/school/home/ects")["Location"] == "/appropriate-body/teachers"
    assert client.get("/switch-role")["Location"] == "/school/home/ects"


def test_single_role_user_sees_the_organisation_as_text(client):
    school = school_with_organisation()
    sign_in_with_dfe(client, f"school-user.{school.urn}")
    page = client.get("/school/home/ects").content.decode()
    assert f'<span class="govuk-service-navigation__text">{school.name}</span>' in page
    assert "/switch-role" not in page


def test_no_organisation_goes_to_access_denied(client):
    response = sign_in_with_dfe(client, "no-organisation")
    assert response["Location"] == "/access-denied"
    page = client.get("/access-denied").content.decode()
    assert "until your DfE Sign-in account has access to a school or organisation" in page
    assert "Request access to a school or organisation using your DfE Sign-in account" in page
    assert "/request-organisation/search" in page
    assert signed_in(client) is None


@pytest.mark.parametrize("kind", ["unknown-organisation", "no-role", "no-access"])
def test_unrecognised_organisation_missing_role_or_no_access_go_to_access_denied_naming_it(client, kind):
    school = school_with_organisation("Brookside Academy")
    sub = kind if kind == "unknown-organisation" else f"{kind}.{school.urn}"
    response = sign_in_with_dfe(client, sub)
    assert response["Location"] == "/access-denied"
    page = client.get("/access-denied").content.decode()
    expected = "Unrecognised Academy Trust" if kind == "unknown-organisation" else "Brookside Academy"
    assert "You do not have approved access from your school or organisation" in page
    assert expected in page
    assert "Request access to the service using your DfE Sign-in account" in page
    assert "/my-services" in page
    assert signed_in(client) is None


def test_a_gias_school_not_yet_in_the_service_is_opened_on_first_sign_in(client):
    gias = create_gias_school(name="Newly Opened School")
    DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name=gias.name, urn=str(gias.urn))
    response = sign_in_with_dfe(client, f"school-user.{gias.urn}")
    assert response["Location"] == "/school/home/ects"
    assert Event.objects.filter(event_type="school_opened", school__gias_school=gias).exists()


def test_dfe_staff_through_dfe_sign_in_in_development(client):
    staff = create_staff_user(role="finance", email="fiona.finance@education.gov.uk", name="Fiona Finance")
    response = sign_in_with_dfe(client, f"dfe-user.{staff.pk}")
    assert response["Location"] == "/admin/teachers"
    assert signed_in(client).user_id == staff.pk


def test_dfe_staff_through_dfe_sign_in_is_refused_outside_development(client, settings):
    settings.DFE_SIGN_IN_STAFF_ALLOWED = False
    staff = create_staff_user(role="admin")
    assert sign_in_with_dfe(client, f"dfe-user.{staff.pk}")["Location"] == "/access-denied"


def test_a_provider_error_shows_the_failure_page(client):
    start = client.post("/auth/dfe_sign_in")
    params = {key: values[0] for key, values in parse_qs(urlsplit(start["Location"]).query).items()}
    cancelled = client.post("/fake-dfe-sign-in/auth", {**params, "cancel": "1"})
    callback = client.get(cancelled["Location"].replace("http://testserver", ""))
    assert callback["Location"] == "/auth/failure"
    page = client.get("/auth/failure").content.decode()
    assert "Continue to DfE Sign-in" in page


def test_a_forged_state_is_refused(client):
    school = school_with_organisation()
    start = client.post("/auth/dfe_sign_in")
    params = {key: values[0] for key, values in parse_qs(urlsplit(start["Location"]).query).items()}
    picked = client.post("/fake-dfe-sign-in/auth", {**params, "sub": f"school-user.{school.urn}"})
    forged = picked["Location"].replace(params["state"], "forged-state")
    assert client.get(forged.replace("http://testserver", ""))["Location"] == "/auth/failure"
    assert signed_in(client) is None


def test_roles_api_failure_makes_no_session(client, monkeypatch):
    school = school_with_organisation()

    def down(self, **kwargs):
        raise Unavailable("timeout")

    monkeypatch.setattr("sign_in.dfe_sign_in.roles.FakeRolesClient.roles_for", down)
    assert sign_in_with_dfe(client, f"school-user.{school.urn}")["Location"] == "/auth/failure"
    assert signed_in(client) is None


def test_sign_out_goes_through_dfe_sign_in_logout_and_clears_the_session(client):
    school = school_with_organisation()
    sign_in_with_dfe(client, f"school-user.{school.urn}")
    response = client.get("/sign-out")
    logout = urlsplit(response["Location"])
    assert logout.path == "/fake-dfe-sign-in/session/end"
    params = parse_qs(logout.query)
    assert params["post_logout_redirect_uri"] == ["http://testserver/"]
    assert params["id_token_hint"][0].count(".") == 2
    assert signed_in(client) is None
    assert (
        client.get("/fake-dfe-sign-in/session/end?post_logout_redirect_uri=http://testserver/")["Location"]
        == "http://testserver/"
    )
    assert client.get("/school/home/ects")["Location"] == "/"


def test_the_fake_is_switched_off_unless_configured(client, settings):
    settings.DFE_SIGN_IN_USE_FAKE = False
    assert client.get("/fake-dfe-sign-in/.well-known/openid-configuration").status_code == 404
