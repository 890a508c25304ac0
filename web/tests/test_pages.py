"""Public pages (journeys.md §3.2), the layout (§3.1) and error pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_school_landing_page(client):
    page = client.get("/").content.decode()
    assert '<h1 class="govuk-heading-xl">Register early career teachers</h1>' in page
    assert "Continue to DfE Sign-in" in page
    assert 'href="/school-requirements"' in page and 'href="/appropriate-body"' in page
    assert "early career teacher entitlement (ECTE)" in page


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/school-requirements", "an induction tutor"),
        ("/appropriate-body", "Start now"),
        ("/cookies", "Cookies"),
        ("/accessibility", "Accessibility statement"),
        ("/privacy", "Privacy notice"),
        ("/support", "within 5 working days"),
    ],
)
def test_content_pages(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_support_gives_both_addresses(client):
    page = client.get("/support").content.decode()
    assert "continuing-professional-development@digital.education.gov.uk" in page
    assert "teacher.induction@education.gov.uk" in page


def test_footer_links(client):
    page = client.get("/").content.decode()
    for label, href in (
        ("Accessibility", "/accessibility"),
        ("Cookies", "/cookies"),
        ("Privacy", "/privacy"),
        ("Contact support", "/support"),
    ):
        assert f'href="{href}">{label}</a>' in page


def test_school_users_contact_support_through_the_school_form(client):
    from sign_in.testing import sign_in_school_user
    from tests.builders import create_school

    sign_in_school_user(client, create_school())
    assert 'href="/school/support">Contact support</a>' in client.get("/school/home/ects").content.decode()


@pytest.mark.parametrize("status", [404, 422, 429, 500])
def test_error_pages(client, status):
    response = client.get(f"/{status}")
    assert response.status_code == status
    assert "govuk-heading-l" in response.content.decode()


@pytest.mark.parametrize(
    "old", ["/users/sign_in", "/users/confirm_sign_in", "/check-account", "/nominations/resend-email"]
)
def test_old_addresses_redirect_to_the_start(client, old):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == "/"


def test_unknown_pages_use_the_govuk_404_when_not_debugging(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_incident_and_maintenance_banners_appear_when_set(client, settings):
    assert "Service notices" not in client.get("/").content.decode()
    settings.INCIDENT_BANNER = "Some users cannot sign in with DfE Sign-in."
    settings.SERVICE_ROOT_URL = "https://www.register-early-career-teachers.education.gov.uk/"
    settings.MAINTENANCE_BANNER = "The service will be unavailable on 3 October 2026 from 6pm to 8pm."
    page = client.get("/").content.decode()
    assert "Some users cannot sign in with DfE Sign-in." in page
    assert 'href="https://www.register-early-career-teachers.education.gov.uk/"' in page
    assert "The service will be unavailable on 3 October 2026 from 6pm to 8pm." in page
