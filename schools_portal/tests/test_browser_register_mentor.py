"""journeys.md §9.4 items 1 and 3 in Chromium, axe on every page: an ECT with no eligible mentor goes straight
to register-mentor; the school registers a new mentor and picks a different lead provider for their training."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.trs.fake import FakeTRS
from schools.models import TrainingProgramme
from teachers.models import MentorshipPeriod, TrainingPeriod, TrainingRole
from tests.builders import baseline_world, create_ect_at_school_period, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.browser


def test_registering_a_new_mentor_with_another_lead_provider(browser_page, monkeypatch):
    fake = FakeTRS()
    fake.add_teacher(trn="7654321", first_name="Tom", last_name="Brown", date_of_birth=dt.date(1985, 3, 12))
    monkeypatch.setattr("schools_portal.views.register_mentor.trs_client", lambda: fake)
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026  # confirmed this contract year (§4.3 gate)
    school.save()
    jane = create_ect_at_school_period(teacher=world.jane, school=school, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=jane,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=partnership(school=school, lead_provider=world.alpha, year=2026),
    )

    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Ida Oak")
    browser_page.click_link("Assign a mentor for this ECT")
    assert browser_page.path == "/school/register-mentor/what-you-will-need"
    assert browser_page.heading() == "What you'll need to add a new mentor for Jane Smith"
    browser_page.click_button("Continue")

    assert browser_page.heading() == "Find a mentor"
    browser_page.fill("Teacher reference number (TRN)", "7654321")
    browser_page.fill_date(dt.date(1985, 3, 12))
    browser_page.click_button("Continue")

    assert browser_page.heading() == "Check mentor details"
    browser_page.choose("Yes")
    browser_page.click_button("Confirm and continue")

    assert browser_page.heading() == "What is Tom Brown's email address?"
    browser_page.fill("Email address", "tom.brown@example.com")
    browser_page.click_button("Continue")

    assert browser_page.path == "/school/register-mentor/review-mentor-eligibility"
    assert "20 hours" in browser_page.text()
    browser_page.click_button("Alpha Learning will not be providing mentor training to Tom Brown")

    assert browser_page.path == "/school/register-mentor/eligibility-lead-provider"
    browser_page.choose("Beta Institute")
    browser_page.click_button("Continue")

    assert browser_page.path == "/school/register-mentor/check-answers"
    assert "Beta Institute" in browser_page.text()
    assert "Tom Brown will mentor Jane Smith." in browser_page.text()
    browser_page.click_button("Confirm details")

    assert browser_page.path == "/school/register-mentor/confirmation"
    assert "You've assigned Tom Brown as a mentor for Jane Smith" in browser_page.heading()
    assert MentorshipPeriod.objects.get().ect_at_school_period_id == jane.pk
    training = TrainingPeriod.objects.get(role=TrainingRole.MENTOR)
    assert training.expression_of_interest.lead_provider_id == world.beta.pk
