"""Who may open the console's pages and use its actions (journeys.md §2.8): every DfE staff role reaches every
teacher, school, organisation and correction page (finance pages have their own table in
test_finance_permissions); other signed-in users get the generic 401 page; signed-out visitors are sent to
/sign-in. The last test walks every console route, so a new page without its decorator fails here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import DfERole
from admin_console.tests.console import staff
from sign_in.testing import sign_in_appropriate_body_user, sign_in_dfe_staff, sign_in_school_user
from tests.builders import create_ect_at_school_period, create_induction_period

pytestmark = pytest.mark.django_db

ROLES = [DfERole.ADMIN, DfERole.USER_MANAGER, DfERole.FINANCE, DfERole.PRODUCT_TEAM]
GENERIC_401 = "If you have any questions, email"


@pytest.fixture
def console_urls(world):
    jane = world.jane
    create_ect_at_school_period(teacher=jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    done = create_induction_period(
        teacher=jane, appropriate_body=world.north_hub, finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    t = f"/admin/teachers/{jane.pk}"
    return [
        "/admin/teachers",
        "/admin/teachers?q=jane&role=ect&contract_period=2026",
        t,
        f"{t}/induction",
        f"{t}/school",
        f"{t}/training",
        f"{t}/declarations",
        f"{t}/timeline",
        f"{t}/induction-periods/new",
        f"{t}/induction-periods/{done.pk}/edit",
        f"{t}/reopen-induction/confirm",
        "/admin/import-ect/find-ect/new",
        "/admin/schools",
        "/admin/schools/100001/overview",
        "/admin/schools/100001/teachers",
        "/admin/schools/100001/partnerships",
        "/admin/organisations",
        "/admin/organisations/appropriate-bodies",
        f"/admin/organisations/appropriate-bodies/{world.north_hub.pk}",
        f"/admin/organisations/appropriate-bodies/{world.north_hub.pk}/current-ects",
        f"/admin/organisations/appropriate-bodies/{world.north_hub.pk}/batches",
        "/admin/bulk",
        "/admin/organisations/lead-providers",
        "/admin/organisations/delivery-partners",
        f"/admin/organisations/delivery-partners/{world.delta.pk}",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_BR_U_05_every_dfe_role_reaches_every_console_page(client, console_urls, role):
    sign_in_dfe_staff(client, staff(role))
    for url in console_urls:
        assert client.get(url).status_code == 200, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_BR_U_05_every_dfe_role_may_act_as_a_school_and_sees_the_button(client, world, role):
    sign_in_dfe_staff(client, staff(role))
    assert "Sign in as Oakfield Primary" in client.get("/admin/schools/100001/overview").content.decode()
    response = client.post("/admin/schools/100001/impersonate")
    assert response.status_code == 302 and response.headers["Location"] == "/school/home/ects"


@pytest.mark.parametrize("role", ROLES)
def test_BR_U_05_every_dfe_role_may_correct_induction_data(client, world, role):
    user = staff(role)
    sign_in_dfe_staff(client, user)
    period = create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 1)
    )
    url = f"/admin/teachers/{world.jane.pk}/induction-periods/{period.pk}/confirm-delete"
    assert client.post(url, {"note": f"Removed by {role}"}).status_code == 302
    assert not type(period).objects.filter(pk=period.pk).exists()


def test_school_and_appropriate_body_users_get_the_generic_401(console_urls, world):
    for sign_in, organisation in (
        (sign_in_school_user, world.oakfield),
        (sign_in_appropriate_body_user, world.north_hub),
    ):
        client = Client()
        sign_in(client, organisation)
        for url in console_urls:
            response = client.get(url)
            assert response.status_code == 401, url
            assert GENERIC_401 in response.content.decode()


def _console_routes() -> list[str]:
    """Every route in admin_console's URLconf outside finance, its parameters filled with a plausible value."""
    resolver = get_resolver()
    found: list[str] = []

    def walk(patterns, prefix: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and getattr(p, "lookup_str", "").startswith("admin_console.views"):
                found.append(prefix + str(p.pattern))

    walk(resolver.url_patterns)
    filled = []
    for route in found:
        for name, value in (
            ("<int:pk>", "1"),
            ("<int:period_pk>", "1"),
            ("<int:urn>", "100001"),
            ("<str:trn>", "1234567"),
        ):
            route = route.replace(name, value)
        filled.append("/" + route.lstrip("/"))
    return filled


def test_every_console_route_is_guarded(client, world):
    routes = _console_routes()
    assert "/admin/teachers" in routes and "/admin/import-ect/find-ect/new" in routes
    for route in routes:
        response = client.post(route)
        assert response.status_code == 302 and response.headers["Location"] == "/sign-in", route
        response = client.get(route)  # POST-only actions may refuse a GET before anything else
        assert response.status_code == 405 or response.headers["Location"] == "/sign-in", route
    sign_in_school_user(client, world.oakfield)
    for route in routes:
        assert client.post(route).status_code == 401, route
