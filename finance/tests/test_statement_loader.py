"""The loader gathers one statement's inputs from the database in a fixed number of queries, and the computed
statement matches finance.md's worked examples (§7.2 sets, §10 examples 1 and 2)."""

from __future__ import annotations

from decimal import Decimal

from declarations.models import ClawbackStatus, PaymentStatus
from finance.models import BandedFeeStructure, BandTerm, Contract, ContractType, FeeType, StatementAdjustment
from finance.selectors.statements import computed_statement, statement_name
from finance.tests.conftest import example_1_contract
from providers.models import ActiveLeadProvider, Band
from tests.builders_providers import create_statement

ELIGIBLE, PAID, VOIDED = PaymentStatus.ELIGIBLE, PaymentStatus.PAID, PaymentStatus.VOIDED


def overview(computed) -> dict[str, str]:
    return {line.label: line.display for line in computed.lines.overview}


def test_example_1_from_the_database(finance):
    s = finance.november
    finance.declaration(payment_status=ELIGIBLE, payment_statement=s, pupil_premium_uplift=True)
    finance.declaration(payment_status=ELIGIBLE, payment_statement=s, pupil_premium_uplift=True, sparsity_uplift=True)
    for _ in range(3):
        finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    for _ in range(2):
        finance.declaration(declaration_type="retained-1", payment_status=ELIGIBLE, payment_statement=s)
    finance.declaration(payment_status=VOIDED, payment_statement=s)
    finance.declaration(payment_status=PaymentStatus.NO_PAYMENT)  # in no set
    StatementAdjustment.objects.create(statement=s, payment_type="Backdated service fee", amount=Decimal("150"))
    StatementAdjustment.objects.create(statement=s, payment_type="Correction", amount=Decimal("-50"))

    computed = computed_statement(s)

    assert computed.name == "November 2026"
    assert overview(computed) == {
        "Output payment": "£756.00",
        "Service fee": "£2,500.00",
        "Uplift fees": "£200.00",
        "Clawbacks": "£0.00",
        "Additional adjustments": "£100.00",
        "VAT": "£711.20",
    }
    assert computed.lines.total.display == "£4,267.20"
    assert computed.calculation.total == Decimal("4267.2")
    assert computed.lines.summary.rows == (
        ("Started", (5,)),
        ("Retained", (2,)),
        ("Completed", (0,)),
        ("Extended", (0,)),
        ("Clawbacks", (0,)),
        ("Voided", (1,)),
    )
    assert [a.label for a in computed.lines.adjustments] == ["Backdated service fee", "Correction"]


def test_example_2_history_comes_from_earlier_statements_of_the_provider(finance, world):
    s = finance.november
    august = finance.august
    # A statement paid even earlier, under another contract of the same provider: any contract counts (§7.2).
    other_contract = Contract.objects.create(active_lead_provider=finance.active, contract_type=ContractType.ECF)
    july = create_statement(contract=other_contract, month=7, year=2026, fee_type=FeeType.SERVICE, status="paid")
    for _ in range(3):  # p1…p3
        finance.declaration(payment_status=PAID, payment_statement=august)
    finance.declaration(payment_status=PAID, payment_statement=july)  # p4
    finance.declaration(
        payment_status=PAID,
        payment_statement=august,
        clawback_status=ClawbackStatus.CLAWED_BACK,
        clawback_statement=july,
    )  # p6: paid, and clawed back earlier
    p5 = finance.declaration(
        payment_status=PAID,
        payment_statement=august,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
        clawback_statement=s,
        pupil_premium_uplift=True,
    )
    finance.declaration(payment_status=PaymentStatus.PAYABLE, payment_statement=s, sparsity_uplift=True)
    finance.declaration(payment_status=PaymentStatus.PAYABLE, payment_statement=s)
    finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    # A later statement and another provider's statement are not history.
    january = finance.statement(1, 2027)
    finance.declaration(payment_status=ELIGIBLE, payment_statement=january)
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    beta_statement = create_statement(contract=example_1_contract(beta_2026), month=8, year=2026, status="paid")
    assert beta_statement.payment_date < s.payment_date

    computed = computed_statement(s)

    fills = computed.calculation.banded.allocations["started"]
    assert [(f.previous_billable, f.previous_refundable, f.billable, f.refundable) for f in fills] == [
        (3, 0, 0, 0),
        (3, 1, 1, 0),
        (0, 0, 2, 1),
    ]
    assert overview(computed)["Clawbacks"] == "-£196.00"
    assert computed.lines.total.display == "£3,244.80"
    assert p5.pk in {d.id for d in computed.inputs.declarations if d.is_current_refundable}


def test_the_loader_runs_the_same_few_queries_however_many_declarations(finance, django_assert_num_queries):
    s = finance.november
    finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    with django_assert_num_queries(6):
        computed_statement(s)
    for _ in range(8):
        finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    finance.declaration(payment_status=PAID, payment_statement=finance.august)
    with django_assert_num_queries(6):
        small = computed_statement(s)
    assert small.lines.summary.row("Started") == (9,)


def test_ittecf_ectp_prices_mentors_at_the_flat_rate(finance, world):
    active_2025 = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2025)
    contract = example_1_contract(active_2025, "ittecf_ectp")
    s = create_statement(contract=contract, month=11, year=2026)
    mentor = finance.declaration("mentor", payment_status=ELIGIBLE, payment_statement=s)
    finance.declaration(payment_status=ELIGIBLE, payment_statement=s)

    computed = computed_statement(s)

    assert overview(computed)["Mentors output payment"] == "£500.00"
    assert overview(computed)["ECTs output payment"] == "£120.00"
    assert computed.lines.summary.columns == ("ECTs", "Mentors")
    mentor.refresh_from_db()
    assert mentor.role == "mentor"


def test_a_service_statement_has_only_its_service_fee(finance):
    september = finance.statement(9, 2026, fee_type=FeeType.SERVICE)
    computed = computed_statement(september)
    assert overview(computed)["Service fee"] == "£2,500.00"
    assert computed.lines.total.display == "£3,000.00"
    assert computed.lines.output_tables == ()
    assert statement_name(september) == "September 2026"


def test_a_change_to_band_terms_shows_at_once(finance):
    """§12 #14: statements are computed, not stored."""
    s = finance.november
    finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    assert overview(computed_statement(s))["Output payment"] == "£120.00"
    term = finance.contract.banded_fee_structure.band_terms.get(band__allocation_order=1)
    term.fee_per_declaration = Decimal("1100.00")
    term.save()
    assert overview(computed_statement(s))["Output payment"] == "£132.00"


def test_each_statement_is_computed_on_its_own_contract_when_the_provider_has_several(finance):
    """Migrated providers keep one contract per ECF1 contract version (migration.md §6.4), and statements of one
    provider and year sit on different ones: the bands are the provider's, the prices the statement's contract's."""
    dearer = Contract.objects.create(
        active_lead_provider=finance.active, contract_type=ContractType.ECF, ecf_contract_version="1.1"
    )
    structure = BandedFeeStructure.objects.create(
        contract=dearer,
        recruitment_target=10,
        monthly_service_fee=Decimal("3000.00"),
        uplift_fee_per_declaration=Decimal("150.00"),
    )
    for band in Band.objects.filter(active_lead_provider=finance.active):
        BandTerm.objects.create(
            banded_fee_structure=structure,
            band=band,
            fee_per_declaration=Decimal("2000.00"),
            output_fee_ratio=Decimal("0.60"),
            service_fee_ratio=Decimal("0.40"),
        )
    december = create_statement(contract=dearer, month=12, year=2026)
    for statement in (finance.november, december):
        finance.declaration(payment_status=ELIGIBLE, payment_statement=statement, pupil_premium_uplift=True)

    november, december = overview(computed_statement(finance.november)), overview(computed_statement(december))

    assert (november["Output payment"], november["Service fee"], november["Uplift fees"]) == (
        "£120.00",
        "£2,500.00",
        "£100.00",
    )
    assert (december["Output payment"], december["Service fee"], december["Uplift fees"]) == (
        "£240.00",
        "£3,000.00",
        "£150.00",
    )
