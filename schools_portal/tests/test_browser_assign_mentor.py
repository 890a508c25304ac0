"""journeys.md §9.4 item 10 in Chromium, axe on every page: from the ECTs home page, assign an existing mentor
to a provider-led ECT; the untrained mentor is told about mentor training first."""

from __future__ import annotations

import datetime as dt

import pytest

from schools.models import TrainingProgramme
from teachers.models import MentorshipPeriod, TrainingPeriod
from tests.builders import (
    baseline_world,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.browser


def test_assigning_an_existing_mentor_to_a_provider_led_ect(browser_page):
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
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=school,
        started_on=dt.date(2026, 9, 1),
    )

    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Ida Oak")
    assert browser_page.path == "/school/home/ects"
    browser_page.click_link("Assign a mentor for this ECT")
    assert browser_page.path == f"/school/ects/{jane.pk}/mentorship/new"
    assert browser_page.heading() == "Who will mentor Jane Smith?"

    browser_page.click_button("Continue")
    assert "Select a mentor from the list provided or choose to register a new mentor" in browser_page.text()

    browser_page.choose("Tom Brown")
    browser_page.click_button("Continue")
    assert browser_page.path == "/school/assign-existing-mentor/review-mentor-eligibility"
    assert browser_page.heading() == "Tom Brown can receive mentor training"
    assert "20 hours" in browser_page.text()
    browser_page.click_button("Continue")

    assert browser_page.path == "/school/assign-existing-mentor/confirmation"
    assert "You've assigned Tom Brown as a mentor for Jane Smith" in browser_page.heading()
    mentorship = MentorshipPeriod.objects.get()
    assert (mentorship.ect_at_school_period_id, mentorship.mentor_at_school_period_id) == (jane.pk, tom.pk)
    assert TrainingPeriod.objects.get(mentor_at_school_period=tom).training_programme == "provider_led"

    browser_page.click_link("Back to your ECTs")
    assert "Assign a mentor for this ECT" not in browser_page.text()
    browser_page.click_link("Mentors")
    assert browser_page.path == "/school/home/mentors"
    assert "Jane Smith" in browser_page.text()
