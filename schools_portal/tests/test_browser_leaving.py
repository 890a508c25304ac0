"""journeys.md §9.6 in Chromium, axe on every page: an ECT leaving next month (with the date errors first), an ECT
who left last week, and a mentor leaving, after which their mentee needs a new mentor."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import (
    baseline_world,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
)

pytestmark = pytest.mark.browser


def enter_date(page, day: dt.date) -> None:
    page.fill_date(day)
    page.click_button("Continue")


def test_an_ect_and_a_mentor_leave(browser_page, frozen_today):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    jane = create_ect_at_school_period(teacher=world.jane, school=school, started_on=dt.date(2026, 9, 1))
    sam = create_ect_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="Green"), school=school, started_on=dt.date(2026, 9, 1)
    )
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"), school=school
    )
    create_mentorship_period(mentee=sam, mentor=tom, started_on=dt.date(2026, 9, 1))
    max_ = create_ect_at_school_period(
        teacher=create_teacher(first_name="Max", last_name="Hale"), school=school, started_on=dt.date(2026, 6, 1)
    )
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")

    # 1 and 3. Jane leaves in a month; five months ahead and her start date are refused first.
    page.click_link("Jane Smith")
    page.click_link("Tell us if Jane Smith is leaving permanently")
    enter_date(page, dt.date(2027, 2, 15))
    assert "Enter a date no further than 4 months from today" in page.text()
    enter_date(page, dt.date(2026, 9, 1))
    assert "1 September 2026" in page.page.inner_text(".govuk-error-summary")
    enter_date(page, dt.date(2026, 10, 15))
    assert page.path == f"/school/ects/{jane.pk}/report-teacher-leaving/check-answers"
    assert "is leaving" in page.heading()
    page.click_button("Confirm and continue")
    assert "15 October 2026" in page.heading()
    page.click_link("Back to ECTs")
    card = page.page.locator(".govuk-summary-card", has_text="Jane Smith")
    assert "Leaving school" in card.inner_text()
    page.click_link("Jane Smith")
    assert "Jane Smith is leaving your school" in page.text()
    assert "Tell us if Jane Smith is leaving permanently" not in page.text()

    # 2. Max left last week: the past-tense headings, and he is no longer listed.
    page.visit(f"/school/ects/{max_.pk}")
    page.click_link("Tell us if Max Hale is leaving permanently")
    enter_date(page, dt.date(2026, 9, 10))
    assert "has left" in page.heading()
    page.click_button("Confirm and continue")
    assert "has been removed" in page.heading()
    page.click_link("Back to ECTs")
    assert "Max Hale" not in page.text()

    # 4. Tom leaves today; Sam needs a new mentor.
    page.click_link("Mentors")
    page.click_link("Tom Brown")
    page.click_link("Tell us that Tom Brown is leaving your school permanently")
    enter_date(page, dt.date(2026, 9, 15))
    page.click_button("Confirm and continue")
    assert "will need to be assigned a new mentor" in page.text()
    frozen_today(dt.date(2026, 9, 16))
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    card = page.page.locator(".govuk-summary-card", has_text="Sam Green")
    assert "Assign a mentor for this ECT" in card.inner_text()
