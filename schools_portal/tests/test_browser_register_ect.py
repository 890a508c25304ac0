"""journeys.md §9.3 checks 2 and 13 in Chromium, axe on every page: a school user signs in through the personas and
registers a provider-led ECT end to end (find by TRN and date of birth, review, email, start date, working pattern,
AB, programme, lead provider with only the providers active that year, check answers, confirmation); the ECT gets
the provider-led email, and the card and details page say the lead provider has yet to confirm."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.notify.models import SentEmail
from integrations.trs.fake import FakeTRS
from schools_portal.journeys import register_ect as journey
from teachers.models import ECTAtSchoolPeriod, TrainingPeriod
from tests.builders import baseline_world, create_lead_provider

pytestmark = pytest.mark.browser


def test_registering_a_provider_led_ect(browser_page, frozen_today, monkeypatch):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026  # confirmed this year (§4.3), so no detour
    school.save()
    create_lead_provider(name="Gamma Training", active_in=(2025,))  # not active in the ECT's 2026 contract period
    trs = FakeTRS()
    trs.add_teacher(trn="2000001", first_name="Kate", last_name="Bell", date_of_birth=dt.date(1995, 5, 4))
    monkeypatch.setattr(journey, "trs_client", lambda: trs)
    page = browser_page

    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    assert page.path == "/school/home/ects"
    assert "Your school has no registered ECTs." in page.text()

    page.click_button("Register an ECT starting at your school")
    assert page.heading() == "What you'll need to register an ECT"
    page.click_button("Continue")
    assert page.path == "/school/register-ect/find-ect"

    page.click_button("Continue")
    assert "Enter the teacher reference number (TRN)" in page.text()
    page.fill("Teacher reference number (TRN)", "2000001")
    page.fill_date(dt.date(1995, 5, 4))
    page.click_button("Continue")

    assert page.heading() == "Check ECT details"
    assert "Kate Bell" in page.text()
    page.choose("Yes")
    page.click_button("Confirm and continue")

    assert page.heading() == "What is Kate Bell's email address?"
    page.fill("Email address", "kate.bell@example.com")
    page.click_button("Continue")

    assert page.path == "/school/register-ect/start-date"
    page.fill_date(dt.date(2026, 9, 1))
    page.click_button("Continue")

    assert page.heading() == "Is Kate Bell's working pattern as an ECT full or part time?"
    page.choose("Full time")
    page.click_button("Continue")

    assert page.path == "/school/register-ect/state-school-appropriate-body"
    page.page.get_by_label("Enter appropriate body name").select_option(label="North Hub")
    page.click_button("Continue")

    assert page.heading() == "Which training programme will Kate Bell follow?"
    page.choose("Provider-led")
    page.click_button("Continue")

    assert page.heading() == "Which lead provider will be training Kate Bell?"
    radios = page.page.locator("input[type=radio]")
    offered = sorted(
        page.page.locator(f"label[for='{radios.nth(i).get_attribute('id')}']").inner_text().strip()
        for i in range(radios.count())
    )
    assert offered == ["Alpha Learning", "Beta Institute"]  # 2. only the providers active in 2026
    page.choose("Alpha Learning")
    page.click_button("Continue")

    assert page.path == "/school/register-ect/check-answers"
    text = page.text()
    for expected in (
        "Kate Bell",
        "2000001",
        "kate.bell@example.com",
        "1 September 2026",
        "North Hub",
        "Alpha Learning",
    ):
        assert expected in text
    assert "Lead provider" in text
    page.click_button("Confirm details")

    assert page.path == "/school/register-ect/confirmation"
    assert page.heading() == "You've saved Kate Bell's details"
    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2000001")
    assert period.school == school
    assert TrainingPeriod.objects.get(ect_at_school_period=period).expression_of_interest.lead_provider == world.alpha
    sent = SentEmail.objects.get()  # 13. one email, to the ECT, with the provider-led wording
    assert (sent.to, sent.template) == ("kate.bell@example.com", "ect_registered_provider_led")
    assert "The provider will contact you directly" in sent.body

    page.click_link("Back to your ECTs")
    assert page.path == "/school/home/ects"
    assert "Kate Bell" in page.text()
    card = page.page.locator(".govuk-summary-card", has_text="Kate Bell")
    assert "Action required" in card.inner_text()
    delivery_partner = card.locator(".govuk-summary-list__row", has_text="Delivery partner").inner_text()
    assert "Your lead provider will confirm this" in delivery_partner
    page.click_link("Kate Bell")
    assert page.heading() == "Kate Bell"
    assert "TRN: 2000001" in page.text()
    lead_provider = page.page.locator(".govuk-summary-list__row", has_text="Lead provider").first.inner_text()
    assert "Awaiting confirmation by Alpha Learning" in lead_provider
