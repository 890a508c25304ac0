"""In Chromium, axe on every page: a school tells us an ECT's training is paused (issue 4 item 4; docs/school-
reported-training-changes.md), sees the status and what happens next, and then asks for help through the
support form (journeys.md §4.13), including its blank-message error."""

from __future__ import annotations

import datetime as dt

import pytest

from schools_portal.models import SupportQuery
from teachers.models import TrainingPeriod
from tests.builders import baseline_world, create_ect_at_school_period, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.browser


def test_pausing_training_then_asking_for_help(browser_page, monkeypatch):
    monkeypatch.setattr("schools_portal.support.queue_sending", lambda query_id: None)  # no worker here
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    jane = create_ect_at_school_period(teacher=world.jane, school=school, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=jane,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=school, lead_provider=world.alpha, year=2026),
    )
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    page.click_link("Jane Smith")
    page.click_link("Tell us if Jane Smith's training has paused or stopped")
    page.click_button("Continue")
    assert "Select what has happened to Jane Smith's training" in page.text()
    page.choose("Their training is paused, for example because of parental leave or long-term sickness")
    page.click_button("Continue")
    page.choose("Parental leave")
    page.click_button("Continue")
    assert page.path == f"/school/ects/{jane.pk}/training-change/check-answers"
    page.click_button("Confirm change")
    assert "Jane Smith's training is paused" in page.heading()
    assert "What happens next" in page.text() and "Alpha Learning" in page.text()
    assert TrainingPeriod.objects.get(ect_at_school_period=jane).deferral_reason == "parental_leave"
    page.click_link("Back to Jane Smith's details")
    assert "Training paused" in page.text()
    assert "You told us that Jane Smith's training is paused" in page.text()

    page.click_link("Contact support")
    assert page.path == "/school/support_queries/new"
    assert "Oakfield Primary" in page.text() and "100001" in page.text()
    page.click_button("Send")
    assert "Enter your message" in page.text()
    page.fill("Your message", "When should we tell you that Jane's training has restarted?")
    page.click_button("Send")
    assert page.heading() == "Your request has been submitted"
    assert SupportQuery.objects.get().state == "pending"
