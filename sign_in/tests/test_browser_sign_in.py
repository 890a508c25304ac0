"""journeys.md §9.1 Sign-in and roles, in Chromium with axe on every page visited."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine

from appropriate_bodies.models import AppropriateBodyPeriod
from core import clock
from integrations.notify.models import SentEmail
from schools.models import DfESignInOrganisation
from sign_in.testing import create_staff_user
from tests.builders import create_school

pytestmark = pytest.mark.browser


def school_with_organisation(name: str, tutor: str = "Ida Tutor"):
    school = create_school(name=name)
    school.induction_tutor_name, school.induction_tutor_email = (
        tutor,
        f"{tutor.lower().replace(' ', '.')}@school.example.com",
    )
    school.save()
    DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name=name, urn=str(school.urn))
    return school


def dfe_sign_in_as(browser_page, sub_label: str) -> None:
    """From the start page through the fake DfE Sign-in, choosing the user whose label starts with `sub_label`."""
    browser_page.visit("/")
    browser_page.click_button("Continue to DfE Sign-in")
    assert browser_page.path == "/fake-dfe-sign-in/auth"
    browser_page.page.get_by_label(re.compile("^" + re.escape(sub_label))).check()
    browser_page.click_button("Sign in")


def test_1_the_start_page_offers_dfe_sign_in(browser_page):
    browser_page.visit("/")
    assert browser_page.heading() == "Register early career teachers"
    assert browser_page.page.get_by_role("button", name="Continue to DfE Sign-in").is_visible()


@pytest.mark.parametrize("path", ["/admin", "/admin/jobs", "/admin/blazer"])
def test_2_signed_out_admin_goes_to_sign_in(browser_page, path):
    browser_page.visit(path)
    assert browser_page.path == "/sign-in"
    assert browser_page.page.get_by_role("button", name="Sign-in with a one time password").is_visible()


def test_3_no_organisation_reaches_access_denied(browser_page):
    dfe_sign_in_as(browser_page, "Nora Nobody")
    assert browser_page.path == "/access-denied"
    assert "has access to a school or organisation" in browser_page.heading()
    link = browser_page.page.get_by_role("link", name=re.compile("Request access to a school or organisation"))
    assert "/request-organisation/search" in link.get_attribute("href")


def test_4_unrecognised_organisation_reaches_access_denied_naming_it(browser_page):
    dfe_sign_in_as(browser_page, "Uma Unknown")
    assert browser_page.path == "/access-denied"
    assert "Unrecognised Academy Trust" in browser_page.text()
    link = browser_page.page.get_by_role("link", name=re.compile("Request access to the service"))
    assert link.get_attribute("href").endswith("/my-services")


def test_5_dual_role_user_switches_between_school_and_appropriate_body(browser_page):
    school = school_with_organisation("Lead Academy")
    organisation = DfESignInOrganisation.objects.get(urn=str(school.urn))
    AppropriateBodyPeriod.objects.create(
        name="Lead Academy Teaching School Hub", dfe_sign_in_organisation_id=organisation.uuid
    )
    dfe_sign_in_as(browser_page, "Dana Dual-Role")
    assert browser_page.path == "/school/home/ects"
    browser_page.click_link("Lead Academy (school)")
    assert browser_page.path == "/appropriate-body/teachers"
    assert "Lead Academy Teaching School Hub (appropriate body)" in browser_page.text()
    browser_page.visit("/school/home/ects")
    assert browser_page.path == "/appropriate-body/teachers"


def test_school_user_signs_in_through_dfe_sign_in_and_out(browser_page):
    school_with_organisation("Hillside Primary", tutor="Harriet Hill")
    dfe_sign_in_as(browser_page, "Harriet Hill")
    assert browser_page.path == "/school/home/ects"
    assert "Hillside Primary" in browser_page.text()
    browser_page.click_link("Sign out")
    assert browser_page.path == "/"
    browser_page.visit("/school/home/ects")
    assert browser_page.path == "/"


def test_6_otp_sign_in_wrong_codes_and_lock(browser_page):
    staff = create_staff_user(role="admin", email="ada.lovelace@education.gov.uk", name="Ada Lovelace")
    browser_page.visit("/sign-in")
    browser_page.click_button("Sign-in with a one time password")
    browser_page.fill("Email address", staff.email)
    browser_page.click_button("Request code to sign in")
    assert browser_page.path == "/otp-sign-in/code"
    code = re.search(r"\^ (\d{6})", SentEmail.objects.get(to=staff.email).body).group(1)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    browser_page.fill("Sign in code", wrong)
    browser_page.click_button("Sign in")
    assert "The code entered is invalid" in browser_page.text()
    assert browser_page.page.get_by_role("link", name="Request a new code").is_visible()
    browser_page.fill("Sign in code", code)
    browser_page.click_button("Sign in")
    assert browser_page.path == "/admin/teachers"

    browser_page.click_link("Sign out")
    browser_page.visit("/otp-sign-in")
    browser_page.fill("Email address", staff.email)
    browser_page.click_button("Request code to sign in")
    for _ in range(10):
        browser_page.fill("Sign in code", wrong)
        browser_page.click_button("Sign in")
    staff.refresh_from_db()
    assert staff.otp_locked_at is not None
    code = re.search(r"\^ (\d{6})", SentEmail.objects.filter(to=staff.email).order_by("-pk").first().body).group(1)
    browser_page.fill("Sign in code", code)
    browser_page.click_button("Sign in")
    assert "Your account is locked, please contact support" in browser_page.text()
    assert browser_page.path == "/otp-sign-in/verify"


def persona_sign_in(browser_page, name: str) -> None:
    browser_page.visit("/personas")
    browser_page.click_button(f"Sign-in as {name}")


def test_7_roles_decide_finance_and_users(browser_page):
    create_staff_user(role="admin", name="Ada Admin", email="ada.admin@education.gov.uk")
    create_staff_user(role="user_manager", name="Una Manager", email="una.manager@education.gov.uk")
    persona_sign_in(browser_page, "Ada Admin")
    response = browser_page.visit("/admin/finance/statements")
    assert response.status == 401
    assert "This area holds financial information" in browser_page.text()
    browser_page.click_link("Sign out")
    persona_sign_in(browser_page, "Una Manager")
    navigation = browser_page.page.get_by_role("navigation", name="Menu")
    assert navigation.get_by_role("link", name="Users").is_visible()
    assert navigation.get_by_role("link", name="Finance").count() == 0


def test_8_a_school_persona_lands_on_that_schools_ects_home(browser_page):
    school_with_organisation("Acorn Primary", tutor="Amy Acorn")
    school_with_organisation("Beech Primary", tutor="Ben Beech")
    persona_sign_in(browser_page, "Ben Beech")
    assert browser_page.path == "/school/home/ects"
    assert "Beech Primary" in browser_page.text()
    navigation = browser_page.page.get_by_role("navigation", name="Menu")
    for label in ("ECTs", "Mentors", "Induction tutor", "Sign out"):
        assert navigation.get_by_role("link", name=label).is_visible()


def test_an_idle_session_times_out(browser_page):
    school_with_organisation("Cedar Primary", tutor="Cat Cedar")
    persona_sign_in(browser_page, "Cat Cedar")
    assert browser_page.path == "/school/home/ects"
    with time_machine.travel(clock.now() + dt.timedelta(hours=2, minutes=1), tick=True):
        browser_page.visit("/school/home/ects")
    assert browser_page.path == "/"


def test_impersonation_banner_and_signing_out_from_the_school(browser_page):
    school = school_with_organisation("Elm Primary", tutor="Eve Elm")
    create_staff_user(role="admin", name="Ada Admin", email="ada.admin@education.gov.uk")
    persona_sign_in(browser_page, "Ada Admin")
    # The "Sign in as {school}" button arrives with the admin school page (issue 6); post as it will.
    with browser_page.page.expect_navigation():
        browser_page.page.evaluate(
            """urn => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = `/admin/schools/${urn}/impersonate`;
                const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken=')).split('=')[1];
                form.innerHTML = `<input type="hidden" name="csrfmiddlewaretoken" value="${token}">`;
                document.body.appendChild(form);
                form.submit();
            }""",
            school.urn,
        )
    browser_page.check_accessibility()
    assert browser_page.path == "/school/home/ects"
    assert "You are signed in as Elm Primary" in browser_page.text()
    browser_page.click_button("Sign out from Elm Primary")
    assert browser_page.path == f"/admin/schools/{school.urn}/overview"
