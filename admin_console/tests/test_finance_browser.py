"""journeys.md §9.10 Finance items 1–4 in Chromium, axe on every page visited: the statements list and its
filters, the statement page, authorising payment, and adjustments (on finance.md Example 1's contract)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import DfERole
from declarations.models import PaymentStatus
from finance.models import StatementAdjustment, StatementStatus
from finance.selectors.declarations_export import HEADERS
from finance.tests import conftest as finance_fixtures
from providers.models import ActiveLeadProvider
from sign_in.testing import create_staff_user
from tests.builders_providers import create_statement

pytestmark = pytest.mark.browser
finance = finance_fixtures.finance  # the finance app's fixture, shared here


def sign_in_as_finance(browser_page) -> None:
    create_staff_user(role=DfERole.FINANCE, name="Fiona Finance", email="fiona.finance@education.gov.uk")
    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Fiona Finance")


def test_statements_list_statement_page_and_authorising_payment(browser_page, finance):
    beta = ActiveLeadProvider.objects.get(lead_provider=finance.world.beta, contract_period_id=2026)
    create_statement(contract=finance_fixtures.example_1_contract(beta), month=11, year=2026)
    september = finance.statement(9, 2026, status=StatementStatus.PAYABLE)
    payable = [finance.declaration(payment_status=PaymentStatus.PAYABLE, payment_statement=september) for _ in range(2)]
    sign_in_as_finance(browser_page)

    browser_page.visit("/admin/finance")
    browser_page.click_link("Statements")
    assert browser_page.heading() == "Statements"
    rows = browser_page.page.locator("tbody tr")
    assert rows.count() == 4  # output statements only, by default
    assert "Authorised for payment" in rows.nth(0).inner_text()  # August, paid

    browser_page.page.get_by_label("Lead provider", exact=True).select_option(label="Beta Institute")
    browser_page.click_button("View")
    assert browser_page.page.locator("tbody tr").count() == 1
    assert "Beta Institute" in browser_page.page.locator("tbody tr").inner_text()
    browser_page.page.get_by_label("Lead provider", exact=True).select_option(label="All")
    browser_page.page.get_by_label("Contract year", exact=True).select_option(label="2025")
    browser_page.click_button("View")
    assert "No financial statements found" in browser_page.text()

    browser_page.visit(f"/admin/finance/statements/{september.pk}")
    page = browser_page.text()
    for expected in (
        "Milestone cut off date",
        "31 August 2026",
        "Payment date",
        "25 September 2026",
        "Total £3,288.00",  # (2 × £120 started + £2,500 service fee) plus 20% VAT
        "Output payment",
        "Service fee",
        "Uplift fees",
        "Clawbacks",
        "Additional adjustments",
        "VAT",
        "Declarations summary",
    ):
        assert expected in page, expected
    with browser_page.page.expect_download() as download:
        browser_page.page.get_by_role("link", name="Download declarations (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        assert exported.readline().strip() == ",".join(HEADERS)

    browser_page.click_link("Authorise for payment")
    assert browser_page.heading() == "Check and authorise statement for payment"
    browser_page.click_button("Authorise for payment")
    assert "You must have completed all assurance checks" in browser_page.text()
    browser_page.choose(
        "I confirm that all assurance checks have been completed and this statement is authorised for payment"
    )
    browser_page.click_button("Authorise for payment")
    assert browser_page.path == f"/admin/finance/statements/{september.pk}"
    assert "Statement authorisation processed successfully" in browser_page.text()
    assert "Authorised for payment at 12:00pm on 15 September 2026" in browser_page.text()
    for declaration in payable:
        declaration.refresh_from_db()
        assert declaration.payment_status == PaymentStatus.PAID


def test_adding_changing_and_removing_an_adjustment(browser_page, finance):
    StatementAdjustment.objects.create(statement=finance.august, payment_type="Old", amount=Decimal("10"))
    sign_in_as_finance(browser_page)
    november = f"/admin/finance/statements/{finance.november.pk}"
    browser_page.visit(november)

    browser_page.click_link("Add adjustment")
    browser_page.fill("Adjustment name", "Extra support")
    browser_page.fill("Adjustment amount", "0")
    browser_page.click_button("Add adjustment")
    assert "Adjustment amount must not be 0" in browser_page.text()
    browser_page.fill("Adjustment amount", "-45")
    browser_page.click_button("Add adjustment")
    assert browser_page.path == november
    assert "Adjustment added" in browser_page.text()
    table = browser_page.page.locator("#adjustments").inner_text()
    assert "Extra support" in table and "-£45.00" in table

    browser_page.click_link("Change Extra support")
    browser_page.fill("Adjustment amount", "60")
    browser_page.click_button("Change adjustment")
    assert "Adjustment changed" in browser_page.text()
    assert "£60.00" in browser_page.page.locator("#adjustments").inner_text()

    browser_page.click_link("Remove Extra support")
    assert browser_page.heading() == "Are you sure you want to remove the Extra support adjustment?"
    browser_page.click_button("Remove adjustment")
    assert "Adjustment removed" in browser_page.text()
    assert browser_page.page.locator("#adjustments").count() == 0

    # A paid statement: no add link, and its adjustment addresses go back to the statement.
    august = f"/admin/finance/statements/{finance.august.pk}"
    browser_page.visit(august)
    assert browser_page.page.get_by_role("link", name="Add adjustment").count() == 0
    browser_page.visit(f"{august}/adjustments/new")
    assert browser_page.path == august


def test_searching_and_voiding_declarations(browser_page, finance):
    """§9.10 items 5–6: a known ID goes to the teacher's Declarations tab, an unknown one finds nothing; voiding an
    unpaid declaration shows "Voided", a paid one "Awaiting clawback"."""
    unpaid = finance.declaration(payment_status=PaymentStatus.ELIGIBLE, payment_statement=finance.november)
    paid = finance.declaration(payment_status=PaymentStatus.PAID, payment_statement=finance.august)
    unpaid.refresh_from_db()
    paid.refresh_from_db()
    sign_in_as_finance(browser_page)

    browser_page.visit("/admin/finance")
    browser_page.click_link("Search declarations")
    browser_page.fill("Declaration ID", "00000000-0000-0000-0000-000000000000")
    browser_page.click_button("Search")
    assert "No declarations found" in browser_page.text()
    browser_page.fill("Declaration ID", str(unpaid.api_id))
    browser_page.click_button("Search")
    assert browser_page.path == f"/admin/teachers/{unpaid.teacher_id}/declarations"

    browser_page.visit(f"/admin/finance/declarations/{unpaid.pk}/voids/new")
    assert browser_page.heading() == f"Void declaration for {unpaid.teacher.full_name}"
    browser_page.click_button("Confirm void declaration")
    assert "Confirm you want to void this declaration" in browser_page.text()
    browser_page.choose("I confirm I want to void this declaration and understand it cannot be undone")
    browser_page.click_button("Confirm void declaration")
    assert browser_page.path == f"/admin/teachers/{unpaid.teacher_id}/declarations"
    assert "Declaration voided" in browser_page.text() and "Voided" in browser_page.text()

    browser_page.visit(f"/admin/finance/declarations/{paid.pk}/voids/new")
    browser_page.choose("I confirm I want to void this declaration and understand it cannot be undone")
    browser_page.click_button("Confirm void declaration")
    assert "Awaiting clawback" in browser_page.text()


def test_contract_period_set_up_pages(browser_page, finance):
    """§6.8.7 pages, each checked by axe: the periods list, adding next year's period, the period's page, a lead
    provider's page, its contract and the contract and statement forms."""
    sign_in_as_finance(browser_page)
    browser_page.visit("/admin/finance")
    browser_page.click_link("Contract periods")
    browser_page.click_link("Add Contract period")
    browser_page.click_button("Add contract period")  # the dates are missing
    assert "Enter a start date" in browser_page.text()
    for prefix, (day, month, year) in (("started_on", ("1", "6", "2028")), ("finished_on", ("31", "5", "2029"))):
        browser_page.page.fill(f"#id_{prefix}_day", day)
        browser_page.page.fill(f"#id_{prefix}_month", month)
        browser_page.page.fill(f"#id_{prefix}_year", year)
    browser_page.click_button("Add contract period")
    assert browser_page.path == "/admin/finance/contract-periods/2028"
    assert "Contract period 2028 added" in browser_page.text()

    browser_page.visit("/admin/finance/contract-periods/2026")
    browser_page.click_link("Alpha Learning")
    assert browser_page.heading() == "Alpha Learning"
    browser_page.click_link("Add contract")
    assert browser_page.heading() == "Add a contract"
    browser_page.visit(f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}")
    browser_page.click_link("Add statement")
    browser_page.click_button("Add statement")
    assert "Contract is required" in browser_page.text()
    browser_page.visit(f"/admin/finance/contracts/{finance.contract.pk}")
    assert "Banded fee structure" in browser_page.text()
