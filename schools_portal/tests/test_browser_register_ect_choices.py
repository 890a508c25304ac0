"""journeys.md §9.3 checks 3, 4, 10 and 11 in Chromium, axe on every page: a school reuses its previous
provider-led choices (no change links on them); a school registers an ECT who is still at another school (start
dates on or before their start there, too far ahead or in a year not open yet are refused), changes the programme
and the email at check answers (an email in use is refused with "Try another email"), and the old school's
period ends the day before the new start."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.trs.fake import FakeTRS
from schools.models import TrainingProgramme
from schools_portal.journeys import register_ect as journey
from teachers.models import ECTAtSchoolPeriod, TrainingPeriod
from tests.builders import baseline_world, create_ect_at_school_period, create_teacher, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.browser
BASE = "/school/register-ect"
BORN = dt.date(1995, 5, 4)


@pytest.fixture
def signed_in(browser_page, frozen_today, monkeypatch):
    """Oakfield, its induction tutor confirmed this year, signed in through the personas; Kate Bell is in TRS."""
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    trs = FakeTRS()
    trs.add_teacher(trn="2000001", first_name="Kate", last_name="Bell", date_of_birth=BORN)
    monkeypatch.setattr(journey, "trs_client", lambda: trs)
    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Ida Oak")
    return world, browser_page


def find_kate(page) -> None:
    page.visit(f"{BASE}/find-ect")
    page.fill("Teacher reference number (TRN)", "2000001")
    page.fill_date(BORN)
    page.click_button("Continue")


def enter_start_date(page, day: dt.date) -> None:
    page.fill_date(day)
    page.click_button("Continue")


def row(page, key: str):
    return page.page.locator(".govuk-summary-list__row", has=page.page.locator("dt", has_text=key))


def test_reusing_the_schools_previous_provider_led_choices(signed_in):
    world, page = signed_in
    school = world.oakfield
    school.last_chosen_appropriate_body = world.north_hub
    school.last_chosen_training_programme = TrainingProgramme.PROVIDER_LED
    school.last_chosen_lead_provider = world.alpha
    school.save()
    reused = partnership(school=school, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)

    find_kate(page)
    page.choose("Yes")
    page.click_button("Confirm and continue")
    page.fill("Email address", "kate.bell@example.com")
    page.click_button("Continue")
    enter_start_date(page, dt.date(2026, 9, 1))
    page.choose("Full time")
    page.click_button("Continue")

    assert page.path == f"{BASE}/use-previous-ect-choices"
    for key, value in (
        ("Appropriate body", "North Hub"),
        ("Training programme", "Provider-led"),
        ("Lead provider", "Alpha Learning"),
        ("Delivery partner", "Delta Partners"),
    ):
        assert value in row(page, key).inner_text()
    page.choose("Yes")
    page.click_button("Continue")

    assert page.path == f"{BASE}/check-answers"
    assert "Yes" in row(page, "Choices used by your school previously").inner_text()
    assert "Delta Partners" in row(page, "Delivery partner").inner_text()
    for key in ("Appropriate body", "Training programme", "Lead provider"):
        assert row(page, key).get_by_role("link").count() == 0, key
    page.click_button("Confirm details")

    assert page.path == f"{BASE}/confirmation"
    assert TrainingPeriod.objects.get(teacher__trn="2000001").school_partnership == reused


def test_a_mover_with_changes_at_check_answers(signed_in):
    world, page = signed_in
    kate = create_teacher(trn="2000001", first_name="Kate", last_name="Bell")
    at_hillside = create_ect_at_school_period(teacher=kate, school=world.hillside, started_on=dt.date(2025, 9, 1))
    create_training_period(ect_at_school_period=at_hillside, training_programme=TrainingProgramme.SCHOOL_LED)
    create_ect_at_school_period(school=world.hillside, email="taken@example.com")

    # 10. Registered before at school A.
    find_kate(page)
    page.choose("Yes")
    page.click_button("Confirm and continue")
    assert page.path == f"{BASE}/registered-before"
    assert "Hillside College" in row(page, "School name").inner_text()
    page.click_button("Continue")
    page.fill("Email address", "kate.bell@example.com")
    page.click_button("Continue")

    # 11. A mover's start date: not on or before their start at A, at most 4 months ahead, in an open year.
    enter_start_date(page, dt.date(2025, 9, 1))
    assert "started teaching at Hillside College on 1 September 2025" in page.text()
    enter_start_date(page, dt.date(2027, 2, 1))
    assert "16 January 2027" in page.page.locator(".govuk-error-summary").inner_text()
    enter_start_date(page, dt.date(2027, 10, 1))
    assert page.path == f"{BASE}/cannot-register-ect-yet"
    assert "2027 to 2028" in page.text()
    page.click_link("Back")
    assert page.path == f"{BASE}/start-date"
    enter_start_date(page, dt.date(2026, 10, 1))
    page.choose("Full time")
    page.click_button("Continue")
    page.page.get_by_label("Enter appropriate body name").select_option(label="North Hub")
    page.click_button("Continue")
    page.choose("School-led")
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"
    assert row(page, "Lead provider").count() == 0

    # 4. School-led to provider-led asks for a lead provider, then returns to check answers.
    page.click_link("Change training programme")
    assert page.path == f"{BASE}/change-training-programme"
    page.choose("Provider-led")
    page.click_button("Continue")
    assert page.path == f"{BASE}/training-programme-change-lead-provider"
    page.choose("Beta Institute")
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"
    assert "Provider-led" in row(page, "Training programme").inner_text()
    assert "Beta Institute" in row(page, "Lead provider").inner_text()

    # 4. An email another active ECT uses is refused; the stored one stays until another is given.
    page.click_link("Change email address")
    page.fill("Email address", "taken@example.com")
    page.click_button("Continue")
    assert page.path == f"{BASE}/cant-use-changed-email"
    page.click_button("Try another email")
    assert page.path == f"{BASE}/change-email-address"
    page.fill("Email address", "kate.b@example.com")
    page.click_button("Continue")
    assert page.path == f"{BASE}/check-answers"
    assert "kate.b@example.com" in row(page, "Email address").inner_text()
    page.click_button("Confirm details")

    assert page.path == f"{BASE}/confirmation"
    at_hillside.refresh_from_db()
    assert at_hillside.finished_on == dt.date(2026, 9, 30)  # the day before the start at Oakfield
    at_oakfield = ECTAtSchoolPeriod.objects.get(teacher=kate, school=world.oakfield)
    assert (at_oakfield.started_on, at_oakfield.email) == (dt.date(2026, 10, 1), "kate.b@example.com")
    assert TrainingPeriod.objects.get(ect_at_school_period=at_oakfield).expression_of_interest.lead_provider == (
        world.beta
    )
