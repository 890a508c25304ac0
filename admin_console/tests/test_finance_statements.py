"""Finance statement pages (journeys.md §6.8.1–§6.8.5, §9.10; finance.md §5.2, §8, §9) through the Django test
client, on finance.md Example 1's contract (the `finance` fixture: Alpha Learning 2026, August paid, November
open). The figures come from the calculation module; these tests check the pages show every line of it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from accounts.models import DfERole
from declarations.models import ClawbackStatus, PaymentStatus
from events.models import Event
from events.types import AuthorType, EventType
from finance.models import ContractType, FeeType, StatementAdjustment, StatementStatus
from finance.selectors.declarations_export import HEADERS
from finance.tests import conftest as finance_fixtures
from finance.tests.conftest import example_1_contract
from providers.models import ActiveLeadProvider
from sign_in.testing import create_staff_user, sign_in_dfe_staff
from tests.builders_providers import create_statement

finance = finance_fixtures.finance  # the finance app's fixture, shared here
ELIGIBLE, PAYABLE, PAID = PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE, PaymentStatus.PAID


@pytest.fixture
def finance_user(db):
    return create_staff_user(role=DfERole.FINANCE, name="Fiona Finance")


@pytest.fixture
def signed_in(client, finance_user):
    sign_in_dfe_staff(client, finance_user)
    return client


def text(response) -> str:
    """The page's visible text with tags dropped and whitespace squashed."""
    body = response.content.decode()
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def example_1_on_november(finance):
    """finance.md Example 1 on the open November statement: 5 started (one pupil premium, one both flags),
    2 retained-1, one voided, adjustments +150 and -50."""
    november = finance.november
    for flags in ({"pupil_premium_uplift": True}, {"pupil_premium_uplift": True, "sparsity_uplift": True}, {}, {}, {}):
        finance.declaration(payment_status=ELIGIBLE, payment_statement=november, **flags)
    for _ in range(2):
        finance.declaration(declaration_type="retained-1", payment_status=ELIGIBLE, payment_statement=november)
    finance.declaration(payment_status=PaymentStatus.VOIDED, payment_statement=november)
    StatementAdjustment.objects.create(statement=november, payment_type="Backdated service fee", amount=Decimal("150"))
    StatementAdjustment.objects.create(statement=november, payment_type="Correction", amount=Decimal("-50"))
    return november


# Landing and list (§6.8.1, §6.8.2, §9.10 item 1) -------------------------------------------------------------------


def test_finance_landing_links_statements_declarations_and_contract_periods(signed_in):
    page = text(signed_in.get("/admin/finance"))
    assert "Finance" in page
    for section in ("Statements", "Search declarations", "Contract periods"):
        assert section in page


def test_statement_list_defaults_to_output_statements_and_tags_paid_output_as_authorised(signed_in, finance):
    create_statement(contract=finance.contract, month=10, year=2026, fee_type=FeeType.SERVICE)
    response = signed_in.get("/admin/finance/statements")
    page = text(response)
    assert response.status_code == 200
    assert "Alpha Learning 2026 August 2026 Authorised for payment" in page
    assert "Alpha Learning 2026 November 2026 Open" in page
    assert "October 2026" not in page.split("Statement type")[1]  # the service statement is filtered out

    everything = text(signed_in.get("/admin/finance/statements?statement_type=all"))
    assert "Alpha Learning 2026 October 2026 Open" in everything
    service_only = text(signed_in.get("/admin/finance/statements?statement_type=service"))
    assert "Alpha Learning 2026 October 2026" in service_only and "November 2026 Open" not in service_only


def test_statement_list_filters_by_lead_provider_year_and_month(signed_in, finance):
    beta = ActiveLeadProvider.objects.get(lead_provider=finance.world.beta, contract_period_id=2026)
    create_statement(contract=example_1_contract(beta), month=11, year=2026)
    both = text(signed_in.get("/admin/finance/statements"))
    assert "Alpha Learning 2026 November 2026" in both and "Beta Institute 2026 November 2026" in both

    only_beta = text(signed_in.get(f"/admin/finance/statements?lead_provider={finance.world.beta.pk}"))
    assert "Beta Institute 2026 November 2026" in only_beta and "Alpha Learning 2026 November" not in only_beta

    only_august = text(signed_in.get("/admin/finance/statements?statement_date=2026-08"))
    assert "Alpha Learning 2026 August 2026" in only_august and "November 2026 Open" not in only_august

    other_year = text(signed_in.get("/admin/finance/statements?contract_period=2025"))
    assert "No financial statements found" in other_year


def test_statement_list_pages_by_twenty(signed_in, finance):
    for month in range(1, 13):
        for year in (2027, 2028):
            create_statement(contract=finance.contract, month=month, year=year)
    first = signed_in.get("/admin/finance/statements?statement_type=all")
    assert first.content.decode().count("govuk-tag--") == 20
    assert "Showing 1 to 20 of 26 statements" in text(first)
    second = text(signed_in.get("/admin/finance/statements?statement_type=all&page=2"))
    assert "Showing 21 to 26 of 26 statements" in second


# Statement page (§6.8.3; finance.md §8; §9.10 item 2) ---------------------------------------------------------------


def test_statement_page_shows_every_line_of_example_1(signed_in, finance):
    november = example_1_on_november(finance)
    response = signed_in.get(f"/admin/finance/statements/{november.pk}")
    assert response.status_code == 200
    page = text(response)
    assert "Alpha Learning ECT programme financial statements November 2026 Open" in page
    assert "Milestone cut off date 31 October 2026" in page
    assert "Payment date 25 November 2026" in page
    assert "Total £4,267.20" in page
    for row in (
        "Output payment £756.00",
        "Service fee £2,500.00",
        "Uplift fees £200.00",
        "Clawbacks £0.00",
        "Additional adjustments £100.00",
        "VAT £711.20",
    ):
        assert row in page, row
    # Declarations summary (§8.3): one "Total" column.
    assert (
        "Declarations summary Declarations Total Started 5 Retained 2 Completed 0 Extended 0 Clawbacks 0 Voided 1"
        in page
    )
    assert "Download declarations (CSV)" in page
    # Output payments (§8.4).
    assert "Output payments Outputs Band A Band B Band C Payments" in page
    assert "Started 3 2 0 Fee per participant £120.00 £108.00 £96.00 £576.00" in page
    assert "Retained 1 2 0 0 Fee per participant £90.00 £81.00 £72.00 £180.00" in page
    assert "Completed 0 0 0 Fee per participant £120.00 £108.00 £96.00 £0.00" in page
    assert "Output payment total £756.00" in page
    # Uplift fees (§8.5) and the empty clawbacks table (§8.6).
    assert "Uplift fees Number of participants Fee per participant Payments 2 £100.00 £200.00 Total £200.00" in page
    assert "Clawbacks Payment type Number of participants Fee per participant Payments Total £0.00" in page
    # Adjustments oldest first, with change and remove links while editable (§8.7).
    assert "Backdated service fee Change Backdated service fee Remove Backdated service fee £150.00" in page
    assert "Correction Change Correction Remove Correction -£50.00" in page
    assert "Add adjustment" in page and "Total £100.00" in page
    # Provider targets and guidance.
    assert "Recruitment target 10 Revised recruitment target (150%) 15 Uplift target 33% Uplift amount £100.00" in page
    assert "Setup fee £30,000.00" in page
    assert "Band A 1 3 £1,000.00 Band B 4 6 £900.00 Band C 7 10 £800.00" in page
    assert "Calculation rounding errors" in page and "Updated financial statement design" in page
    assert "Save as PDF" in page and 'data-print-name="Alpha Learning November 2026 financial statement"' in (
        response.content.decode()
    )


def test_ittecf_ectp_statement_page_splits_ects_and_mentors(signed_in, finance):
    """finance.md Example 4's labels: ECTs on the bands, mentors at the flat rate, with a mentor clawback."""
    active = ActiveLeadProvider.objects.get(lead_provider=finance.world.beta, contract_period_id=2026)
    contract = example_1_contract(active, ContractType.ITTECF_ECTP)
    earlier = create_statement(contract=contract, month=8, year=2026, status=StatementStatus.PAID)
    statement = create_statement(contract=contract, month=11, year=2026)
    finance.partnership = _beta_partnership(finance.world, active)
    for _ in range(3):
        finance.declaration("mentor", payment_status=ELIGIBLE, payment_statement=statement)
    finance.declaration(
        "mentor",
        payment_status=PAID,
        payment_statement=earlier,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
        clawback_statement=statement,
    )
    finance.declaration(payment_status=ELIGIBLE, payment_statement=statement)

    page = text(signed_in.get(f"/admin/finance/statements/{statement.pk}"))

    for row in (
        "ECTs output payment £120.00",
        "Mentors output payment £1,500.00",
        "Service fee £2,500.00",
        "ECTs clawbacks £0.00",
        "Mentors clawbacks -£500.00",
        "Additional adjustments £0.00",
    ):
        assert row in page, row
    assert "Declarations ECTs Mentors Started 1 3 Retained 0 - Completed 0 0 Extended 0 -" in page
    assert "Early career teacher (ECT) output payments" in page and "Fee per ECT" in page
    assert "ECTs output payment total £120.00" in page
    assert "Mentor output payments Outputs Participants Payments Started 3 Fee per mentor £500.00 £1,500.00" in page
    assert (
        "Mentor clawbacks Payment type Number of participants Fee per participant Payments Started 1 -£500.00 -£500.00"
        in page
    )
    assert "Uplift fees Number of participants" not in page
    assert "Mentors recruitment target 50 Fee per declaration £1,000.00" in page


def _beta_partnership(world, active):
    from providers.models import SchoolPartnership
    from tests.builders import create_lead_provider_delivery_partnership

    pairing = create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=world.delta)
    return SchoolPartnership.objects.get_or_create(school=world.oakfield, lead_provider_delivery_partnership=pairing)[0]


def test_service_statement_page_has_no_output_tables_authorisation_or_csv(signed_in, finance):
    service = create_statement(contract=finance.contract, month=10, year=2026, fee_type=FeeType.SERVICE)
    page = text(signed_in.get(f"/admin/finance/statements/{service.pk}"))
    assert "Service fee £2,500.00" in page and "Total £3,000.00" in page
    assert "Download declarations (CSV)" not in page
    assert "Payment authorisation" not in page
    assert "Output payments" not in page and "Add adjustment" not in page
    assert signed_in.get(f"/admin/finance/statements/{service.pk}/declarations_export.csv").status_code == 404


def test_unknown_statement_is_404(signed_in, db):
    assert signed_in.get("/admin/finance/statements/999999").status_code == 404


def test_selector_jumps_to_the_chosen_statement_or_falls_back_to_the_filtered_list(signed_in, finance):
    choice = {"lead_provider": finance.world.alpha.pk, "contract_period": 2026, "statement_date": "2026-08"}
    response = signed_in.post("/admin/finance/statements/choose", choice)
    assert response.status_code == 302 and response.url == f"/admin/finance/statements/{finance.august.pk}"

    missing = signed_in.post("/admin/finance/statements/choose", {**choice, "statement_date": "2026-12"})
    assert missing.url.startswith("/admin/finance/statements?")
    assert "lead_provider=" + str(finance.world.alpha.pk) in missing.url and "statement_date=2026-12" in missing.url


def test_declarations_csv_download(signed_in, finance):
    november = example_1_on_november(finance)
    response = signed_in.get(f"/admin/finance/statements/{november.pk}/declarations_export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="alphalearning-2026-contract-november-2026-declarations.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 1 + 8  # 5 started, 2 retained-1, 1 voided


# Authorising payment (§6.8.4; §9.10 item 3) -------------------------------------------------------------------------


@pytest.fixture
def payable_statement(finance):
    """September 2026: output, deadline 31 August (past), payable, with two payable declarations."""
    september = finance.statement(9, 2026, status=StatementStatus.PAYABLE)
    declarations = [finance.declaration(payment_status=PAYABLE, payment_statement=september) for _ in range(2)]
    return september, declarations


def test_authorise_for_payment_needs_the_assurance_box_then_pays_everything(signed_in, finance_user, payable_statement):
    statement, declarations = payable_statement
    page = text(signed_in.get(f"/admin/finance/statements/{statement.pk}"))
    assert "Authorise for payment" in page

    url = f"/admin/finance/statements/{statement.pk}/authorisations/new"
    form = signed_in.get(url)
    assert form.status_code == 200
    assert "Check and authorise statement for payment" in text(form) and "Output payment £240.00" in text(form)

    unticked = signed_in.post(url, {})
    assert unticked.status_code == 422
    assert "You must have completed all assurance checks" in text(unticked)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAYABLE

    done = signed_in.post(url, {"assurance_checks_completed": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == f"/admin/finance/statements/{statement.pk}"
    page = text(done)
    assert "Statement authorisation processed successfully" in page
    assert "Authorised for payment at 12:00pm on 15 September 2026" in page  # the frozen clock: noon in London
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    for declaration in declarations:
        declaration.refresh_from_db()
        assert declaration.payment_status == PAID
    (event,) = Event.objects.filter(event_type=EventType.STATEMENT_AUTHORISED_FOR_PAYMENT)
    assert event.author_type == AuthorType.DFE_STAFF_USER and event.author_id == finance_user.pk
    # Once paid, there is nothing to authorise and the page goes back to the statement.
    assert signed_in.get(url).url == f"/admin/finance/statements/{statement.pk}"


def test_open_statement_offers_no_authorisation(signed_in, finance):
    page = text(signed_in.get(f"/admin/finance/statements/{finance.november.pk}"))
    assert "This statement cannot be authorised for payment yet" in page
    response = signed_in.get(f"/admin/finance/statements/{finance.november.pk}/authorisations/new")
    assert response.status_code == 302


def test_payable_statement_with_nothing_outstanding_can_never_be_authorised(signed_in, finance):
    """finance.md §5.2: it stays payable."""
    empty = finance.statement(9, 2026, status=StatementStatus.PAYABLE)
    page = text(signed_in.get(f"/admin/finance/statements/{empty.pk}"))
    assert "no payable declarations or clawbacks, so there is nothing to authorise" in page
    assert "Authorise for payment" not in page.replace("Payment authorisation", "")
    url = f"/admin/finance/statements/{empty.pk}/authorisations/new"
    assert signed_in.post(url, {"assurance_checks_completed": "1"}).status_code == 302
    empty.refresh_from_db()
    assert empty.status == StatementStatus.PAYABLE


# Adjustments (§6.8.5; §9.10 item 4) ---------------------------------------------------------------------------------


def test_add_change_and_remove_an_adjustment(signed_in, finance_user, finance):
    statement = finance.november
    base = f"/admin/finance/statements/{statement.pk}/adjustments"

    zero = signed_in.post(f"{base}/new", {"payment_type": "Extra support", "amount": "0"})
    assert zero.status_code == 422 and "Adjustment amount must not be 0" in text(zero)
    blank = signed_in.post(f"{base}/new", {"payment_type": "", "amount": ""})
    assert "Enter an adjustment name" in text(blank) and "Enter an adjustment amount" in text(blank)
    assert 'href="#id_payment_type"' in blank.content.decode()

    added = signed_in.post(f"{base}/new", {"payment_type": "Extra support", "amount": "-45"}, follow=True)
    page = text(added)
    assert "Adjustment added" in page and "Extra support" in page and "-£45.00" in page
    assert "Additional adjustments -£45.00" in page
    adjustment = StatementAdjustment.objects.get(statement=statement)
    assert adjustment.amount == Decimal("-45")

    edit = signed_in.get(f"{base}/{adjustment.pk}/edit")
    assert 'value="Extra support"' in edit.content.decode() and 'value="-45.00"' in edit.content.decode()
    changed = signed_in.post(
        f"{base}/{adjustment.pk}/edit", {"payment_type": "Extra support", "amount": "60"}, follow=True
    )
    assert "Adjustment changed" in text(changed) and "Additional adjustments £60.00" in text(changed)

    confirm = signed_in.get(f"{base}/{adjustment.pk}/delete")
    assert "Are you sure you want to remove the Extra support adjustment?" in text(confirm)
    removed = signed_in.post(f"{base}/{adjustment.pk}/delete", follow=True)
    assert "Adjustment removed" in text(removed)
    assert not StatementAdjustment.objects.filter(statement=statement).exists()

    events = Event.objects.filter(
        event_type__in=[
            EventType.STATEMENT_ADJUSTMENT_ADDED,
            EventType.STATEMENT_ADJUSTMENT_UPDATED,
            EventType.STATEMENT_ADJUSTMENT_DELETED,
        ]
    ).order_by("pk")
    assert [e.event_type for e in events] == [
        "statement_adjustment_added",
        "statement_adjustment_updated",
        "statement_adjustment_deleted",
    ]
    assert {e.author_id for e in events} == {finance_user.pk}


def test_paid_statement_has_no_adjustment_links_and_its_adjustment_urls_go_back(signed_in, finance):
    paid = finance.august
    adjustment = StatementAdjustment.objects.create(statement=paid, payment_type="Old", amount=Decimal("10"))
    page = text(signed_in.get(f"/admin/finance/statements/{paid.pk}"))
    assert "Add adjustment" not in page and "Change Old" not in page
    assert "Old £10.00" in page
    assert "Authorised for payment at 4:00pm on 20 August 2026" in page
    base = f"/admin/finance/statements/{paid.pk}/adjustments"
    for url in (f"{base}/new", f"{base}/{adjustment.pk}/edit", f"{base}/{adjustment.pk}/delete"):
        response = signed_in.get(url)
        assert response.status_code == 302 and response.url == f"/admin/finance/statements/{paid.pk}"
    signed_in.post(f"{base}/new", {"payment_type": "Sneaky", "amount": "5"})
    assert StatementAdjustment.objects.filter(statement=paid).count() == 1


def test_service_statement_refuses_adjustments(signed_in, finance):
    service = create_statement(contract=finance.contract, month=10, year=2026, fee_type=FeeType.SERVICE)
    response = signed_in.get(f"/admin/finance/statements/{service.pk}/adjustments/new")
    assert response.status_code == 302 and response.url == f"/admin/finance/statements/{service.pk}"


def test_adjustment_of_another_statement_is_404(signed_in, finance):
    other = StatementAdjustment.objects.create(statement=finance.august, payment_type="Old", amount=Decimal("10"))
    response = signed_in.get(f"/admin/finance/statements/{finance.november.pk}/adjustments/{other.pk}/edit")
    assert response.status_code == 404


def test_authorised_time_is_london_time(finance):
    from admin_console.finance.presenters import authorised_at

    assert authorised_at(dt.datetime(2025, 3, 4, 15, 5, tzinfo=dt.UTC)) == "3:05pm on 4 March 2025"
    assert authorised_at(dt.datetime(2026, 8, 20, 15, 0, tzinfo=dt.UTC)) == "4:00pm on 20 August 2026"
