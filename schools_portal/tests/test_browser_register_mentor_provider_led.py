"""journeys.md §9.4 checks 2 and 11 in Chromium, axe on every page: a new mentor for a provider-led ECT keeps the
ECT's lead provider, gets one email and shows on the ECT's card; then a mentor registered before has their start
date changed at check answers to one in a contract period not open yet, which is refused without losing the
stored date."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.notify.models import SentEmail
from integrations.trs.fake import FakeTRS
from teachers.models import MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from teachers.selectors.mentors import training_lead_provider
from tests.builders import (
    baseline_world,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.browser
BASE = "/school/register-mentor"
BORN = dt.date(1985, 3, 12)


def find_and_confirm(page, ect, trn: str, email: str) -> None:
    page.visit(f"{BASE}/what-you-will-need?ect_id={ect.pk}")
    page.click_button("Continue")
    page.fill("Teacher reference number (TRN)", trn)
    page.fill_date(BORN)
    page.click_button("Continue")
    assert page.path == f"{BASE}/review-mentor-details"
    page.choose("Yes")
    page.click_button("Confirm and continue")
    page.fill("Email address", email)
    page.click_button("Continue")


def enter_start_date(page, day: dt.date) -> None:
    page.fill_date(day)
    page.click_button("Continue")


def test_provider_led_mentor_then_a_start_date_not_open_yet(browser_page, frozen_today, monkeypatch):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    jane = create_ect_at_school_period(teacher=world.jane, school=school, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=jane, school_partnership=partnership(school=school, lead_provider=world.alpha, year=2026)
    )
    elm = create_school(name="Elm Academy")
    ann_at_elm = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654322", first_name="Ann", last_name="Lee"),
        school=elm,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 8, 31),
    )
    create_training_period(
        mentor_at_school_period=ann_at_elm,
        school_partnership=partnership(school=elm, lead_provider=world.alpha, year=2025),
        finished_on=dt.date(2026, 8, 31),
    )
    trs = FakeTRS()
    trs.add_teacher(trn="7654321", first_name="Tom", last_name="Brown", date_of_birth=BORN)
    trs.add_teacher(trn="7654322", first_name="Ann", last_name="Lee", date_of_birth=BORN)
    monkeypatch.setattr("schools_portal.views.register_mentor.trs_client", lambda: trs)
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")

    # 2. A new, eligible mentor for a provider-led ECT.
    find_and_confirm(page, jane, "7654321", "tom.brown@example.com")
    assert page.path == f"{BASE}/review-mentor-eligibility"
    assert "20 hours" in page.text() and "Alpha Learning" in page.text()
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"
    assert "Tom Brown will mentor Jane Smith." in page.page.locator(".govuk-inset-text").inner_text()
    page.click_button("Confirm details")
    assert page.path == f"{BASE}/confirmation"
    assert "Tom Brown" in page.heading() and "Jane Smith" in page.heading()
    tom = MentorAtSchoolPeriod.objects.get(teacher__trn="7654321")
    assert MentorshipPeriod.objects.get(mentor_at_school_period=tom).ect_at_school_period == jane
    assert training_lead_provider(TrainingPeriod.objects.get(mentor_at_school_period=tom)) == world.alpha
    assert list(SentEmail.objects.values_list("to", "template")) == [("tom.brown@example.com", "mentor_registered")]
    page.visit("/school/home/ects")
    card = page.page.locator(".govuk-summary-card", has_text="Jane Smith").inner_text()
    assert "Registered" in card and "Tom Brown" in card

    # 11. A mentor registered before: their start date, changed at check answers to a year not open yet.
    find_and_confirm(page, jane, "7654322", "ann.lee@example.com")
    assert page.path == f"{BASE}/started-on"
    enter_start_date(page, dt.date(2026, 9, 15))
    assert page.path == f"{BASE}/previous-training-period-details"
    page.click_button("Continue")
    page.choose("Yes")
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"
    page.click_link("Change mentor start date")
    enter_start_date(page, dt.date(2027, 10, 1))
    assert page.path == f"{BASE}/cannot-register-mentor-yet"
    assert page.heading() == "Ann Lee cannot be registered yet"
    assert "2027 to 2028" in page.text()
    page.click_link("Back")
    assert page.path == f"{BASE}/check-answers"
    assert "15 September 2026" in page.text()
    page.click_button("Confirm details")
    assert MentorAtSchoolPeriod.objects.get(teacher__trn="7654322", school=school).started_on == dt.date(2026, 9, 15)
