"""journeys.md §9.4 checks 6–9 in Chromium, axe on every page: a mentor without a TRN, the ECT's own TRN, a
mentor at another school (with the unanswered-question error) and a mentor already at this school, who is only
assigned."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.notify.models import SentEmail
from integrations.trs.fake import FakeTRS
from teachers.models import MentorshipPeriod
from tests.builders import (
    baseline_world,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
)

pytestmark = pytest.mark.browser
BASE = "/school/register-mentor"


def start_and_find(page, ect, trn: str, born: dt.date) -> None:
    page.visit(f"{BASE}/what-you-will-need?ect_id={ect.pk}")
    page.click_button("Continue")
    assert page.path == f"{BASE}/find-mentor"
    page.fill("Teacher reference number (TRN)", trn)
    page.fill_date(born)
    page.click_button("Continue")


def test_registering_mentors_who_are_not_simply_new(browser_page, monkeypatch):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    jane = create_ect_at_school_period(teacher=world.jane, school=school, started_on=dt.date(2026, 9, 1))
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"), school=school
    )
    create_mentor_at_school_period(
        teacher=create_teacher(trn="7654322", first_name="Sam", last_name="Green"),
        school=create_school(name="Hilltop Academy"),
        started_on=dt.date(2025, 9, 1),
    )
    born = dt.date(1985, 3, 12)
    trs = FakeTRS()
    trs.add_teacher(trn="7654321", first_name="Tom", last_name="Brown", date_of_birth=born)
    trs.add_teacher(trn="7654322", first_name="Sam", last_name="Green", date_of_birth=born)
    trs.add_teacher(trn="1234567", first_name="Jane", last_name="Smith", date_of_birth=dt.date(1995, 1, 1))
    monkeypatch.setattr("schools_portal.views.register_mentor.trs_client", lambda: trs)
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")

    # 9. No TRN.
    page.visit(f"{BASE}/what-you-will-need?ect_id={jane.pk}")
    page.click_button("Continue")
    page.click_link("They do not have a TRN")
    assert page.path == f"{BASE}/no-trn"

    # 6. The ECT's own TRN.
    start_and_find(page, jane, "1234567", dt.date(1995, 1, 1))
    assert page.path == f"{BASE}/cannot-mentor-themself"

    # 8. Mentoring at another school: the question must be answered; "No" shows on check answers.
    start_and_find(page, jane, "7654322", born)
    page.choose("Yes")
    page.click_button("Confirm and continue")
    page.fill("Email address", "sam.green@example.com")
    page.click_button("Continue")
    assert page.path == f"{BASE}/mentoring-at-new-school-only"
    page.click_button("Continue")
    assert "There is a problem" in page.text()
    page.choose("No, they will also mentor ECTs at another school")
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"
    assert "Mentoring only at your school" in page.text()

    # 7. Already a mentor here: only assigned, no email.
    start_and_find(page, jane, "7654321", born)
    assert page.path == f"{BASE}/already-active-at-school"
    page.click_button("Assign Tom Brown to mentor Jane Smith")
    assert page.path == f"{BASE}/confirmation"
    assert MentorshipPeriod.objects.get(ect_at_school_period=jane).mentor_at_school_period == tom
    assert not SentEmail.objects.exists()
