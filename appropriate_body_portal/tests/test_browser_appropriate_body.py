"""journeys.md §9.7 in Chromium, axe on every page: an appropriate body user signs in through the personas, claims
an ECT end to end (with the find and start date errors), is refused blocked claims, records a pass, a fail and a
release, adds an extension and edits the current period, each with its error path."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_body_portal.views import claim
from integrations.notify.models import SentEmail
from integrations.trs.models import TRSInductionStatusUpdate
from teachers.models import InductionExtension, InductionPeriod
from tests.builders import baseline_world, create_ect_at_school_period, create_induction_period, create_teacher
from tests.builders_induction import JANE_DOB, fake_trs_with_jane

pytestmark = pytest.mark.browser
D = dt.date


def sign_in_as_north_hub(page) -> None:
    page.visit("/personas")
    page.click_button("Sign-in as North Hub user")
    assert page.path == "/appropriate-body/teachers"


def find(page, trn: str, date_of_birth: dt.date) -> None:
    page.fill("Teacher reference number (TRN)", trn)
    page.fill_date(date_of_birth, legend="Date of birth")
    page.click_button("Continue")


def test_claiming_an_ect_end_to_end(browser_page, frozen_today, monkeypatch):
    world = baseline_world()
    trs = fake_trs_with_jane()
    trs.add_teacher(trn="7000777", first_name="Paul", last_name="Passed", induction_status="Passed")
    monkeypatch.setattr(claim, "trs_client", lambda: trs)
    page = browser_page
    sign_in_as_north_hub(page)
    assert page.heading() == "North Hub"

    page.click_link("Find and claim a new ECT")
    assert page.path == "/appropriate-body/claim-an-ect/find-ect/new"
    find(page, "123456", JANE_DOB)
    assert "TRN must be 7 numeric digits" in page.text()

    find(page, "7000777", dt.date(1977, 2, 3))  # §9.7 item 2: TRS says Passed
    assert "Paul Passed has already passed their induction" in page.text()
    assert page.page.get_by_role("button", name="Claim induction").count() == 0
    page.click_link("Find and claim another ECT")

    find(page, "1234567", JANE_DOB)
    assert page.path.startswith("/appropriate-body/claim-an-ect/check-ect/")
    assert "TRN: 1234567" in page.text() and "Jane" in page.text()
    page.click_button("Claim induction")
    assert page.path.endswith("/edit") and "/register-ect/" in page.path

    page.fill_date(D(2025, 6, 30), legend="When did Jane Smith start their induction with you?")
    page.choose("Provider-led")
    page.click_button("Continue")
    assert "Start date cannot be before QTS award date (1 July 2025)" in page.text()
    page.fill_date(D(2026, 9, 16), legend="When did Jane Smith start their induction with you?")
    page.click_button("Continue")
    assert "Start date cannot be in the future" in page.text()
    page.fill_date(D(2026, 9, 1), legend="When did Jane Smith start their induction with you?")
    page.click_button("Continue")

    assert "successfully claimed Jane Smith" in page.heading()
    assert "North Hub" in page.text()
    page.click_link("Back to homepage")
    assert "1 open induction" in page.text()
    row = page.page.get_by_role("row", name="Jane Smith")
    assert "In progress" in row.inner_text()
    assert InductionPeriod.objects.get().appropriate_body_period == world.north_hub

    page.click_link("Find and claim a new ECT")  # §9.7 item 3: already ours
    find(page, "1234567", JANE_DOB)
    assert page.path == f"/appropriate-body/teachers/{world.jane.pk}"
    assert "already has an ongoing induction period with this appropriate body" in page.text()


@pytest.fixture
def jane_with_north_hub(frozen_today):
    world = baseline_world()
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    return world


def open_jane(page) -> None:
    sign_in_as_north_hub(page)
    page.click_link("Jane Smith")
    assert page.heading() == "Jane Smith"


def test_recording_a_pass(browser_page, jane_with_north_hub):
    page = browser_page
    open_jane(page)
    page.click_button("Pass induction")
    assert page.heading() == "Record passed outcome for Jane Smith"
    page.fill_date(D(2026, 9, 15), legend="When did their induction end with North Hub?")
    page.fill("How many terms of induction did they spend with you?", "2.25")
    page.click_button("Record pass outcome for Jane Smith")
    assert "Terms can only have up to 1 decimal place" in page.text()
    page.fill("How many terms of induction did they spend with you?", "17")
    page.click_button("Record pass outcome for Jane Smith")
    assert "Number of terms must be between 0 and 16" in page.text()
    page.fill("How many terms of induction did they spend with you?", "4")
    page.click_button("Record pass outcome for Jane Smith")
    assert page.heading() == "Success"
    assert "You have recorded a pass outcome for Jane Smith" in page.text()
    page.click_button("Return to the homepage")
    assert "0 open inductions" in page.text()
    page.click_link("View closed inductions (1)")
    assert page.path == "/appropriate-body/teachers/closed"
    assert "Passed" in page.page.get_by_role("row", name="Jane Smith").inner_text()
    update = TRSInductionStatusUpdate.objects.get()
    assert (update.status, update.start_date, update.completed_date) == ("Passed", D(2025, 9, 1), D(2026, 9, 15))


def test_recording_a_fail(browser_page, jane_with_north_hub):
    page = browser_page
    open_jane(page)
    page.click_link("Fail induction")
    assert page.path.endswith("/record-failed-outcome/confirm")
    page.click_button("Continue")
    assert "Confirm that you have sent them written confirmation" in page.text()
    page.page.get_by_role("checkbox").check()
    page.click_button("Continue")
    assert page.path.endswith("/record-failed-outcome/new")
    page.fill_date(D(2026, 7, 20), legend="When did their induction end with North Hub?")
    page.fill("How many terms of induction did they spend with you?", "6")
    page.click_button("Record failing outcome for Jane Smith")
    assert "Enter the date you sent them written confirmation of their failed induction" in page.text()
    page.fill_date(D(2026, 7, 21), legend="When did you send written confirmation of their failed induction?")
    page.click_button("Record failing outcome for Jane Smith")
    assert page.heading() == "Success"
    assert "You have recorded a failing outcome for Jane Smith" in page.text()
    period = InductionPeriod.objects.get()
    assert (period.outcome, period.fail_confirmation_sent_on) == ("fail", D(2026, 7, 21))
    assert SentEmail.objects.get().to == "TRA.SE@education.gov.uk"


def test_extension_edit_period_and_release(browser_page, jane_with_north_hub):
    world = jane_with_north_hub
    page = browser_page
    open_jane(page)

    page.click_link("Add extensions")
    assert page.heading() == "Extensions"
    page.click_button("Add extension")
    page.fill("How many terms do you want to extend by?", "0")
    page.click_button("Save and add extension")
    assert "Number of terms must be between 0.1 and 16" in page.text()
    page.fill("How many terms do you want to extend by?", "1.5")
    page.click_button("Save and add extension")
    assert "Extension was successfully added." in page.text()
    row = page.page.locator(".govuk-summary-list__row", has_text="Extensions")
    assert "1.5 terms" in row.inner_text() and "View" in row.inner_text()
    page.click_link("View extensions")
    assert "Extension 1" in page.text() and "1.5 terms" in page.text()
    page.click_link("Edit extension 1")
    page.fill("What is the new total for this extension?", "2.5")
    page.click_button("Save changes")
    assert "Extension was successfully updated." in page.text()
    assert InductionExtension.objects.get().number_of_terms == 2.5

    page.click_link("Edit current induction period")
    page.fill_date(D(2025, 9, 8), legend="Start date")
    page.click_button("Update")
    assert "Induction period updated successfully" in page.text()
    assert "8 September 2025" in page.text()

    page.click_link("Release Jane Smith")
    assert page.heading() == "Release Jane Smith"
    page.click_button("Continue")
    assert "Enter a finish date" in page.text()
    page.fill_date(D(2026, 7, 20), legend="When did their induction end with North Hub?")
    page.fill("How many terms of induction did they spend with you?", "3")
    page.click_button("Continue")
    assert "Jane Smith has been released" in page.heading()
    page.click_link("Back to homepage")
    assert "Jane Smith" not in page.text()
    page.visit("/appropriate-body/teachers/closed")
    assert "Jane Smith" not in page.text()
    period = InductionPeriod.objects.get()
    assert (period.appropriate_body_period, period.finished_on, period.outcome) == (
        world.north_hub,
        D(2026, 7, 20),
        None,
    )


def test_check_data_from_schools(browser_page, frozen_today):
    """§9.7 item 11: each task list shows what schools reported; "Claim" opens the find page with the TRN."""
    world = baseline_world()
    cara = create_teacher(trn="2000001", first_name="Cara", last_name="Claimable")
    create_ect_at_school_period(teacher=cara, school=world.oakfield, appropriate_body=world.north_hub)
    nina = create_teacher(first_name="Nina", last_name="Noqts", qts_awarded_on=None)
    create_ect_at_school_period(teacher=nina, school=world.oakfield, appropriate_body=world.north_hub)
    eli = create_teacher(first_name="Eli", last_name="Elsewhere")
    create_ect_at_school_period(teacher=eli, school=world.oakfield, appropriate_body=world.north_hub)
    create_induction_period(teacher=eli, appropriate_body=world.istip, started_on=D(2026, 9, 1))
    leo = create_teacher(first_name="Leo", last_name="Leaver")
    create_ect_at_school_period(
        teacher=leo,
        school=world.oakfield,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 10, 31),
    )
    create_induction_period(teacher=leo, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    page = browser_page
    sign_in_as_north_hub(page)
    page.click_button("Review 4 ECT induction records")
    assert page.path == "/appropriate-body/schools-data"

    page.click_link("No QTS")
    assert "Nina Noqts" in page.text()
    page.visit("/appropriate-body/schools-data/claimed-by-another-appropriate-body")
    assert "Eli Elsewhere" in page.text() and "Independent Schools Teacher Induction Panel (ISTIP)" in page.text()
    page.visit("/appropriate-body/schools-data/leavers")
    page.click_link("Release Leo Leaver")
    assert page.heading() == "Release Leo Leaver"

    page.visit("/appropriate-body/schools-data/claimable")
    page.fill("Search by name or teacher reference number (TRN)", "Cara")
    page.click_button("Search")
    assert "Cara Claimable" in page.text()
    page.click_link("Claim Cara Claimable")
    assert page.path == "/appropriate-body/claim-an-ect/find-ect/new"
    assert page.page.get_by_label("Teacher reference number (TRN)", exact=True).input_value() == "2000001"
