"""Who may open which pages (journeys.md §2.1–§2.3, §2.8; BR-U-05, BR-U-06)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import DfERole
from core.clock import LONDON
from sign_in import session
from sign_in.permissions import CAPABILITIES, Capability, can, dfe_staff_required
from sign_in.testing import (
    create_staff_user,
    sign_in_appropriate_body_user,
    sign_in_dfe_staff,
    sign_in_school_user,
)
from tests.builders import create_appropriate_body, create_school

pytestmark = pytest.mark.django_db

# §2.8's table, row by row.
EXPECTED = {
    Capability.CONSOLE: {"admin", "finance", "product_team", "user_manager"},
    Capability.IMPERSONATE: {"admin", "finance", "product_team", "user_manager"},
    Capability.FINANCE: {"finance", "product_team"},
    Capability.USERS: {"finance", "product_team", "user_manager"},
    Capability.DATA_FIXES: {"product_team"},
}


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", list(DfERole.values))
def test_BR_U_05_each_role_has_exactly_the_capabilities_of_the_matrix(role, capability):
    assert can(role, capability) is (role in EXPECTED[capability])


def test_every_role_is_in_the_matrix():
    assert set(CAPABILITIES) == set(DfERole.values)


def test_unknown_roles_can_do_nothing():
    assert not any(can("viewer", capability) for capability in Capability)


def _finance_view(request):
    return HttpResponse("statements")


def _users_view(request):
    return HttpResponse("users")


def _call(client, view, path="/admin/finance/statements"):
    """Run a decorated view on a request carrying the client's session."""
    from importlib import import_module

    from django.conf import settings

    from sign_in.middleware import SessionUserMiddleware

    request = RequestFactory().get(path)
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(client.session.session_key)
    request._messages = None
    return SessionUserMiddleware(view)(request)


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 401), ("user_manager", 401), ("finance", 200), ("product_team", 200)],
)
def test_finance_pages_by_role(client, role, status):
    sign_in_dfe_staff(client, create_staff_user(role=role))
    response = _call(client, dfe_staff_required(Capability.FINANCE)(_finance_view))
    assert response.status_code == status
    if status == 401:
        assert "This area holds financial information" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 401), ("user_manager", 200), ("finance", 200), ("product_team", 200)],
)
def test_users_pages_by_role(client, role, status):
    sign_in_dfe_staff(client, create_staff_user(role=role))
    response = _call(client, dfe_staff_required(Capability.USERS)(_users_view), "/admin/users")
    assert response.status_code == status
    if status == 401:
        assert "This area holds information about internal users" in response.content.decode()


def test_a_role_change_applies_on_the_next_request(client):
    staff = create_staff_user(role="finance")
    sign_in_dfe_staff(client, staff)
    view = dfe_staff_required(Capability.FINANCE)(_finance_view)
    assert _call(client, view).status_code == 200
    staff.role = "admin"
    staff.save()
    assert _call(client, view).status_code == 401


def test_signed_out_admin_paths_go_to_sign_in_and_come_back_after(client):
    response = client.get("/admin/teachers?query=smith")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in"
    assert client.get("/admin")["Location"] == "/admin/teachers"
    staff = create_staff_user(role="admin", email="ada.lovelace@education.gov.uk", name="Ada Lovelace")
    response = client.post("/auth/persona/callback", {"kind": "dfe", "key": staff.email})
    assert response["Location"] == "/admin/teachers?query=smith"


def test_signed_out_other_protected_paths_go_to_the_start_page(client):
    assert client.get("/school/home/ects")["Location"] == "/"
    assert client.get("/appropriate-body/teachers")["Location"] == "/"


def test_school_users_at_admin_get_the_generic_unauthorised_page(client):
    sign_in_school_user(client, create_school())
    response = client.get("/admin/teachers")
    assert response.status_code == 401
    page = response.content.decode()
    assert "You are not authorised to see this page" in page
    assert "email" in page and "financial" not in page


def test_users_of_one_face_on_another_face_go_to_their_own_home(client):
    sign_in_school_user(client, create_school())
    assert client.get("/appropriate-body/teachers")["Location"] == "/school/home/ects"
    sign_in_appropriate_body_user(client, create_appropriate_body())
    assert client.get("/school/home/ects")["Location"] == "/appropriate-body/teachers"
    sign_in_dfe_staff(client, create_staff_user())
    assert client.get("/school/home/ects")["Location"] == "/admin/teachers"


def test_each_kind_of_user_reaches_their_landing_page(client):
    school = create_school(name="Oakwood Primary")
    sign_in_school_user(client, school)
    page = client.get("/school/home/ects")
    assert page.status_code == 200 and "Oakwood Primary" in page.content.decode()
    body = create_appropriate_body(name="Thames Valley Teaching School Hub")
    sign_in_appropriate_body_user(client, body)
    page = client.get("/appropriate-body/teachers")
    assert page.status_code == 200 and "Thames Valley Teaching School Hub" in page.content.decode()
    sign_in_dfe_staff(client, create_staff_user())
    assert client.get("/admin/teachers").status_code == 200


def test_navigation_by_user_type(client):
    sign_in_school_user(client, create_school())
    page = client.get("/school/home/ects").content.decode()
    for label, path in (
        ("ECTs", "/school/home/ects"),
        ("Mentors", "/school/home/mentors"),
        ("Induction tutor", "/school/home/induction-tutor"),
    ):
        assert f'href="{path}"' in page and label in page
    sign_in_appropriate_body_user(client, create_appropriate_body())
    page = client.get("/appropriate-body/teachers").content.decode()
    assert 'href="/school/home/mentors"' not in page and 'href="/admin/schools"' not in page
    assert "Record inductions as an appropriate body" in page


@pytest.mark.parametrize(
    ("role", "finance", "users"),
    [("admin", False, False), ("user_manager", False, True), ("finance", True, True), ("product_team", True, True)],
)
def test_admin_navigation_by_role(client, role, finance, users):
    sign_in_dfe_staff(client, create_staff_user(role=role))
    page = client.get("/admin/teachers").content.decode()
    for path in ("/admin/teachers", "/admin/schools", "/admin/organisations"):
        assert f'href="{path}"' in page
    assert ('href="/admin/finance"' in page) is finance
    assert ('href="/admin/users"' in page) is users


def test_BR_U_06_sessions_expire_after_two_idle_hours(client, frozen_today):
    """Last activity 10:00, timeout 2 hours: at 12:00 still signed in (which is activity too); a request
    2 hours and a second after that one finds the session expired."""
    frozen_today(dt.date(2026, 9, 15), hour=10)
    sign_in_school_user(client, create_school())
    assert client.get("/school/home/ects").status_code == 200
    with time_machine.travel(dt.datetime(2026, 9, 15, 12, 0, tzinfo=LONDON), tick=False):
        assert client.get("/school/home/ects").status_code == 200
    with time_machine.travel(dt.datetime(2026, 9, 15, 14, 0, 1, tzinfo=LONDON), tick=False):
        response = client.get("/school/home/ects")
    assert response["Location"] == "/"
    assert session.SESSION_KEY not in client.session


def test_the_idle_timeout_is_configurable(client, frozen_today, settings):
    settings.MAX_SESSION_IDLE_TIME = 3600
    sign_in_school_user(client, create_school())
    frozen_today(dt.date(2026, 9, 15), hour=14)
    assert client.get("/school/home/ects")["Location"] == "/"


def test_a_corrupt_session_is_treated_as_signed_out(client):
    store = client.session
    store[session.SESSION_KEY] = {"type": "wizard", "email": "x"}
    store[session.LAST_ACTIVE_KEY] = "not a time"
    store.save()
    assert client.get("/school/home/ects")["Location"] == "/"
    assert client.get("/").status_code == 200


def test_sign_out_clears_the_session_and_returns_to_the_start(client):
    sign_in_dfe_staff(client, create_staff_user())
    assert client.get("/sign-out")["Location"] == "/"
    assert client.get("/admin/teachers")["Location"] == "/sign-in"


def test_a_removed_staff_account_is_signed_out(client):
    staff = create_staff_user()
    sign_in_dfe_staff(client, staff)
    staff.delete()
    assert client.get("/admin/teachers")["Location"] == "/sign-in"


@pytest.mark.parametrize("path", ["/admin/blazer", "/admin/finance/statements"])
def test_signed_out_unbuilt_admin_pages_still_ask_for_sign_in(client, path):
    assert client.get(path)["Location"] == "/sign-in"


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("admin", "/admin/finance/statements", 401),
        ("admin", "/admin/finance", 401),
        ("user_manager", "/admin/finance/statements", 401),
        ("finance", "/admin/finance/no-such-page", 404),
        ("admin", "/admin/users", 401),
        ("user_manager", "/admin/users/no-such-page", 404),
        ("admin", "/admin/blazer", 404),
    ],
)
def test_unbuilt_admin_pages_are_authorised_by_area_before_404(client, role, path, status):
    sign_in_dfe_staff(client, create_staff_user(role=role))
    assert client.get(path).status_code == status
