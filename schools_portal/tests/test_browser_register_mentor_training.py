"""journeys.md §9.4 checks 4 and 5 in Chromium, axe on every page: a mentor for a school-led ECT is asked nothing
about training and gets none; a mentor no longer eligible for funding, for a provider-led ECT, skips the training
steps and the confirmation says they cannot do mentor training."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.trs.fake import FakeTRS
from schools.models import TrainingProgramme
from teachers.models import TrainingPeriod, TrainingRole
from tests.builders import baseline_world, create_ect_at_school_period, create_teacher, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.browser
BASE = "/school/register-mentor"
BORN = dt.date(1985, 3, 12)


def register(page, ect, trn: str, email: str) -> None:
    page.visit(f"{BASE}/what-you-will-need?ect_id={ect.pk}")
    page.click_button("Continue")
    page.fill("Teacher reference number (TRN)", trn)
    page.fill_date(BORN)
    page.click_button("Continue")
    page.choose("Yes")
    page.click_button("Confirm and continue")
    page.fill("Email address", email)
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"  # no eligibility or lead provider steps
    page.click_button("Confirm details")
    assert page.path == f"{BASE}/confirmation"


def test_mentors_who_get_no_mentor_training(browser_page, monkeypatch):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    sam = create_ect_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="Green"), school=school, started_on=dt.date(2026, 9, 1)
    )
    create_training_period(ect_at_school_period=sam, training_programme=TrainingProgramme.SCHOOL_LED)
    jane = create_ect_at_school_period(teacher=world.jane, school=school, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=jane,
        school_partnership=partnership(school=school, lead_provider=world.alpha, year=2026),
    )
    create_teacher(
        trn="7654322",
        first_name="Ann",
        last_name="Lee",
        mentor_became_ineligible_for_funding_reason="started_not_completed",
        mentor_became_ineligible_for_funding_on=dt.date(2025, 1, 1),
    )
    trs = FakeTRS()
    trs.add_teacher(trn="7654321", first_name="Tom", last_name="Brown", date_of_birth=BORN)
    trs.add_teacher(trn="7654322", first_name="Ann", last_name="Lee", date_of_birth=BORN)
    monkeypatch.setattr("schools_portal.views.register_mentor.trs_client", lambda: trs)
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")

    # 4. School-led ECT.
    register(page, sam, "7654321", "tom.brown@example.com")
    assert "Tom Brown" in page.heading() and "mentor training" not in page.text()

    # 5. Ineligible mentor, provider-led ECT.
    register(page, jane, "7654322", "ann.lee@example.com")
    assert "cannot do mentor training" in page.text()
    assert not TrainingPeriod.objects.filter(role=TrainingRole.MENTOR).exists()
