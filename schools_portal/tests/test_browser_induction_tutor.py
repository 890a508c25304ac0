"""journeys.md §9.2 checks 4–6 in Chromium, axe on every page: last year's induction tutor is confirmed at the
yearly gate (no email, navigation hidden until then, "No" with unchanged details refused), the tutor is changed
from the induction tutor page (email queued), and while registration is closed the register button leads to the
closed page and the banner shows. (Check 3, a school with no tutor, is a client test: personas need a tutor.)"""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.notify.models import SentEmail
from tests.builders import baseline_world

pytestmark = pytest.mark.browser


def test_confirming_and_changing_the_induction_tutor_while_registration_is_closed(browser_page, frozen_today):
    frozen_today(dt.date(2026, 6, 5))
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2025
    school.save()
    page = browser_page

    # 4. Last nominated in an earlier contract year: the gate, without navigation.
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    assert page.path == "/school/induction-tutor/confirm-existing-induction-tutor/edit"
    assert page.page.locator(".govuk-service-navigation__link", has_text="Mentors").count() == 0
    page.choose("No, someone else will be the induction tutor")
    page.fill("Full name", "Ida Oak")
    page.fill("Email", "ida.oak@school.example.com")
    page.click_button("Continue")
    assert "You must change the induction tutor details or confirm they are correct" in page.text()
    page.choose("Yes")
    page.click_button("Continue")
    assert page.path == "/school/induction-tutor/confirm-existing-induction-tutor/confirmation"
    assert "Ida Oak" in page.heading()
    assert not SentEmail.objects.exists()
    school.refresh_from_db()
    assert school.induction_tutor_last_nominated_in_id == 2026

    # 6. Registration is closed from 1 to 14 June: the banner, and the closed page instead of the journey.
    page.click_button("Continue")
    assert page.path == "/school/home/ects"
    assert "Registration not currently open" in page.text()
    page.click_button("Register an ECT starting at your school")
    assert page.path == "/school/registration-window-closed"
    assert "15 June" in page.heading()

    # 5. Changing the tutor from the induction tutor page: unchanged is refused, a new email is sent.
    page.click_link("Induction tutor")
    page.click_button("Change induction tutor details")
    page.click_button("Continue")
    assert "You must change the induction tutor details or confirm they are correct" in page.text()
    page.fill("Email", "ida@oakfield.sch.uk")
    page.click_button("Continue")
    page.click_button("Confirm change")
    assert page.path == "/school/induction-tutor/update-induction-tutor/confirmation"
    assert SentEmail.objects.get().to == "ida@oakfield.sch.uk"
