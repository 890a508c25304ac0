"""journeys.md §9.3 checks 1, 9, 11 and 12 in Chromium, axe on every page: an independent school registers a
school-led ECT under a corrected name with ISTIP as appropriate body, after a start date too far in the past is
refused; the new card asks for a mentor; registering the same ECT again says they are already at the school."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.trs.fake import FakeTRS
from schools_portal.journeys import register_ect as journey
from teachers.models import ECTAtSchoolPeriod, TrainingPeriod
from tests.builders import baseline_world

pytestmark = pytest.mark.browser


def find(page, trn: str, born: dt.date) -> None:
    page.visit("/school/register-ect/find-ect")
    page.fill("Teacher reference number (TRN)", trn)
    page.fill_date(born)
    page.click_button("Continue")


def enter_date(page, day: dt.date) -> None:
    page.fill_date(day)
    page.click_button("Continue")


def test_an_independent_school_registers_a_school_led_ect(browser_page, monkeypatch):
    world = baseline_world()
    school = world.hillside  # independent, section 41 approved
    school.induction_tutor_name, school.induction_tutor_email = "Hal Hill", "hal@hillside.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    trs = FakeTRS()
    born = dt.date(1996, 2, 3)
    trs.add_teacher(trn="2000005", first_name="Kirk", last_name="Van Houten", date_of_birth=born)
    monkeypatch.setattr(journey, "trs_client", lambda: trs)
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Hal Hill")

    find(page, "2000005", born)
    assert "Kirk Van Houten" in page.text()
    page.choose("No, they changed their name or it's spelt wrong")
    page.fill("Enter the correct full name", "Kirk Van Hooten")
    page.click_button("Confirm and continue")
    page.fill("Email address", "kirk@hillside.example.com")
    page.click_button("Continue")

    enter_date(page, dt.date(2020, 9, 1))  # 11. before the earliest permitted start (1 June 2024)
    assert "Enter a date later than" in page.text()
    enter_date(page, dt.date(2026, 9, 1))
    page.choose("Full time")
    page.click_button("Continue")
    assert page.path == "/school/register-ect/independent-school-appropriate-body"  # no earlier choices to reuse
    assert "Independent Schools Teacher Induction Panel (ISTIP)" in page.text()  # 12.
    page.choose("Independent Schools Teacher Induction Panel (ISTIP)")
    page.click_button("Continue")
    page.choose("School-led")
    page.click_button("Continue")

    assert page.path == "/school/register-ect/check-answers"
    text = page.text()
    for expected in ("Kirk Van Hooten", "2000005", "kirk@hillside.example.com", "1 September 2026", "Full time"):
        assert expected in text
    assert "ISTIP" in text and "School-led" in text
    page.click_button("Confirm details")
    assert page.path == "/school/register-ect/confirmation"
    assert "Kirk Van Hooten" in page.heading()
    assert "Assign a mentor" in page.text()
    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2000005")
    assert period.school_reported_appropriate_body == world.istip
    assert TrainingPeriod.objects.get(ect_at_school_period=period).training_programme == "school_led"

    page.visit("/school/home/ects")
    card = page.page.locator(".govuk-summary-card", has_text="Kirk Van Hooten").inner_text()
    assert "Action required" in card and "A mentor needs to be assigned to Kirk Van Hooten" in card

    find(page, "2000005", born)  # 9.
    assert page.path == "/school/register-ect/already-active-at-school"
