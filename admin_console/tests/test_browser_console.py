"""journeys.md §9.9 items 1–8 in Chromium, axe on every page: search, the six teacher tabs and the timeline,
adding, deleting and reopening induction periods, admin pass and fail, deleting an extension, and acting as a
school from its page."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import DfERole, User
from teachers.models import InductionExtension, InductionPeriod
from tests.builders import (
    baseline_world,
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)
from tests.builders_providers import create_declaration
from tests.builders_training import partnership

pytestmark = pytest.mark.browser


def sign_in_as_admin(browser_page) -> None:
    User.objects.create(email="ada.admin@education.gov.uk", name="Ada Admin", role=DfERole.ADMIN)
    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Ada Admin")


def fill_date(browser_page, field: str, day: dt.date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        browser_page.page.fill(f"#id_{field}_{part}", str(value))


def test_search_tabs_add_and_delete_an_induction_period(browser_page):
    world = baseline_world()
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"), school=world.oakfield
    )
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 1, 5))
    sign_in_as_admin(browser_page)
    assert browser_page.path == "/admin/teachers"

    # §9.9 item 1: search by TRN, the Mentor filter, the import button.
    assert "Import a record from TRS" in browser_page.text()
    browser_page.fill("Search for teacher", "1234567")
    browser_page.click_button("Search")
    assert "Jane Smith" in browser_page.text() and "Tom Brown" not in browser_page.text()
    browser_page.fill("Search for teacher", "")
    browser_page.page.get_by_label("Role", exact=True).select_option(label="Mentor")
    browser_page.click_button("Search")
    assert "Tom Brown" in browser_page.text() and "Jane Smith" not in browser_page.text()

    # Item 2: all six tabs load.
    browser_page.visit("/admin/teachers?q=jane")
    browser_page.click_link("Jane Smith")
    assert browser_page.heading() == "Jane Smith"
    for tab in ("Induction", "School", "Training", "Declarations", "Timeline", "Overview"):
        browser_page.click_link(tab)
        assert browser_page.heading() == "Jane Smith"

    # Item 3: a period inserted before the existing one needs an end date.
    browser_page.click_link("Induction")
    browser_page.click_link("Add an induction period")
    browser_page.page.get_by_label("Which appropriate body was this induction period completed with?").select_option(
        label="Old County Council"
    )
    fill_date(browser_page, "started_on", dt.date(2025, 9, 1))
    browser_page.choose("Provider-led")
    browser_page.click_button("Save")
    assert "There is a problem" in browser_page.text()
    fill_date(browser_page, "finished_on", dt.date(2025, 12, 19))
    browser_page.fill("Number of terms", "1")
    browser_page.click_button("Save")
    assert "Induction period created successfully" in browser_page.text()

    # Item 4: delete needs a note or ticket; the timeline links the ticket.
    past = InductionPeriod.objects.get(teacher=world.jane, finished_on__isnull=False)
    browser_page.visit(f"/admin/teachers/{world.jane.pk}/induction-periods/{past.pk}/confirm-delete")
    browser_page.click_button("Delete induction period")
    assert "There is a problem" in browser_page.text()
    browser_page.fill("Enter Zendesk ticket number", "#123456")
    browser_page.click_button("Delete induction period")
    assert "Induction period deleted successfully" in browser_page.text()
    browser_page.click_link("Timeline")
    timeline = browser_page.text()
    assert "Induction period deleted by admin" in timeline and "by Ada Admin" in timeline
    assert browser_page.page.get_by_role("link", name="Zendesk ticket (opens in new tab)").count() == 1


def test_reopen_pass_fail_extension_and_acting_as_a_school(browser_page):
    world = baseline_world()
    passed = create_teacher(trn="2222222", first_name="Pam", last_name="Passed", trs_induction_status="Passed")
    create_induction_period(
        teacher=passed, appropriate_body=world.north_hub, finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    InductionExtension.objects.create(teacher=world.jane, number_of_terms=1)
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2025, 9, 1))
    sign_in_as_admin(browser_page)

    # Item 5: reopen with a note.
    browser_page.visit(f"/admin/teachers/{passed.pk}/induction")
    browser_page.click_button("Reopen induction")
    assert browser_page.heading() == "Reopen induction for Pam Passed"
    browser_page.fill("Add a note to explain why you're making this change", "Appeal upheld")
    browser_page.click_button("Reopen induction")
    assert "Induction was successfully reopened" in browser_page.text()
    assert "In progress" in browser_page.text()

    # Item 6: admin fail needs a note or ticket and has no notification step.
    browser_page.visit(f"/admin/teachers/{world.jane.pk}/induction")
    browser_page.click_button("Fail induction")
    fill_date(browser_page, "finished_on", dt.date(2026, 7, 20))
    browser_page.fill("How many terms of induction did they complete?", "3")
    browser_page.click_button("Record failing outcome for Jane Smith")
    assert "There is a problem" in browser_page.text()
    browser_page.fill("Enter Zendesk ticket number", "654321")
    browser_page.click_button("Record failing outcome for Jane Smith")
    assert "Jane Smith has failed their induction" in browser_page.heading()

    # Item 7: delete an extension.
    browser_page.visit(f"/admin/teachers/{world.jane.pk}/extensions")
    browser_page.click_link("Delete extension 1")
    browser_page.click_button("Confirm deletion")
    assert "Extension was successfully deleted." in browser_page.text()

    # Item 8: sign in as a school from its page, and back.
    browser_page.click_link("Schools")
    browser_page.fill("Search by name or URN", "100001")
    browser_page.click_button("Search")
    browser_page.click_link("Oakfield Primary")
    browser_page.click_button("Sign in as Oakfield Primary")
    assert browser_page.path == "/school/home/ects"
    assert "You are signed in as Oakfield Primary" in browser_page.text()
    browser_page.click_button("Sign out from Oakfield Primary")
    assert browser_page.path == "/admin/schools/100001/overview"


def test_partnership_delivery_partner_and_users(browser_page):
    baseline_world()
    User.objects.create(email="uma.manager@education.gov.uk", name="Uma Manager", role=DfERole.USER_MANAGER)
    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Uma Manager")

    # Item 9: add a partnership; the same choice again is refused.
    for attempt in range(2):
        browser_page.visit("/admin/schools/100001/partnerships")
        browser_page.click_button("Add partnership")
        browser_page.choose("2026 to 2027")
        browser_page.click_button("Continue")
        browser_page.choose("Alpha Learning")
        browser_page.click_button("Continue")
        browser_page.choose("Delta Partners")
        browser_page.click_button("Continue")
        browser_page.click_button("Confirm partnership")
        if attempt == 0:
            assert "Partnership added" in browser_page.text()
            assert "2026 partnerships" in browser_page.text()
    assert "There is a problem" in browser_page.text()

    # Item 10: add a delivery partner, then change its name.
    browser_page.visit("/admin/organisations/delivery-partners")
    browser_page.click_button("Add a new delivery partner")
    browser_page.fill("Delivery partner name", "Golf Learning")
    browser_page.click_button("Add delivery partner")
    assert browser_page.heading() == "Golf Learning"
    browser_page.click_link("Change delivery partner name")
    browser_page.fill("New name", "Golf Training")
    browser_page.click_button("Save changes")
    assert "Delivery partner name changed" in browser_page.text()

    # Item 11: users need an @education.gov.uk address.
    browser_page.click_link("Users")
    browser_page.click_button("Add new user")
    browser_page.fill("Name", "Hal Helper")
    browser_page.fill("Email address", "hal@example.com")
    browser_page.choose("Admin")
    browser_page.click_button("Add user")
    assert "Enter an email address ending in @education.gov.uk" in browser_page.text()
    browser_page.fill("Email address", "hal.helper@education.gov.uk")
    browser_page.click_button("Add user")
    assert "Hal Helper added" in browser_page.text()


def test_voiding_a_declaration_from_the_teacher_page(browser_page):
    """§6.2 / §6.8.6: a finance user opens a declaration on the Declarations tab, follows "Void declaration",
    confirms, and is back on the tab with the declaration "Voided" and no button left to void it again."""
    world = baseline_world()
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    period = create_training_period(
        ect_at_school_period=ect,
        school_partnership=partnership(
            school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta
        ),
    )
    declaration = create_declaration(training_period=period)
    User.objects.create(email="fay.finance@education.gov.uk", name="Fay Finance", role=DfERole.FINANCE)
    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Fay Finance")

    tab = f"/admin/teachers/{world.jane.pk}/declarations"
    browser_page.visit(tab)
    browser_page.page.get_by_text(str(declaration.api_id), exact=False).first.click()  # open the panel
    browser_page.click_button("Void declaration", exact=False)  # a link styled as a warning button
    assert browser_page.path == f"/admin/finance/declarations/{declaration.pk}/voids/new"
    assert browser_page.heading() == "Void declaration for Jane Smith"
    browser_page.choose("I confirm I want to void this declaration and understand it cannot be undone")
    browser_page.click_button("Confirm void declaration")
    assert browser_page.path == tab
    assert "Declaration voided" in browser_page.text()
    assert browser_page.page.get_by_role("button", name="Void declaration").count() == 0
    declaration.refresh_from_db()
    assert declaration.payment_status == "voided"
