"""finance.md §10: every worked example, every line and total to the penny (exact values and displayed strings).
Pure: no database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from finance.calculation import (
    AdjustmentInput,
    HistoryCount,
    StatementInput,
    calculate_statement,
    exported_declarations,
    format_money,
    monthly_service_fee,
    round_for_display,
    statement_lines,
)
from finance.calculation.banded import BandedFeeStructureInput
from finance.tests.calculation_builders import (
    banded,
    bands,
    billable,
    day,
    ecf,
    ittecf_ectp,
    refundable,
    voided,
)


def overview(lines) -> dict[str, str]:
    return {line.label: line.display for line in lines.overview}


def table_rows(table) -> list[tuple]:
    return [(row.label, row.cells, row.payment) for row in table.rows]


EXAMPLE_1_CONTRACT = ecf(
    banded(
        bands((3, "1000.00"), (3, "900.00"), (4, "800.00")),
        monthly_service_fee="2500.00",
        uplift_fee="100.00",
        setup_fee="30000.00",
    )
)


def test_example_1_ecf_one_statement_with_uplifts_and_adjustments():
    inputs = StatementInput(
        contract=EXAMPLE_1_CONTRACT,
        declarations=(
            billable(pupil_premium_uplift=True),
            billable(pupil_premium_uplift=True, sparsity_uplift=True),
            billable(),
            billable(status="payable"),
            billable(),
            billable("retained-1"),
            billable("retained-1"),
            voided(),
        ),
        adjustments=(AdjustmentInput("Backdated service fee", D("150.00")), AdjustmentInput("Correction", D("-50"))),
    )
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)

    b = calculation.banded
    assert [f.billable for f in b.allocations["started"]] == [3, 2, 0]
    assert [f.billable for f in b.allocations["retained-1"]] == [2, 0, 0]
    assert b.outputs_billable == D("756") and b.outputs_refundable == 0
    assert b.uplifts_billable == D("200") and b.monthly_service_fee == D("2500")
    assert b.adjustments_total == D("100") and b.subtotal == D("3556")
    assert calculation.vat == D("711.2") and calculation.total == D("4267.2")
    assert overview(lines) == {
        "Output payment": "£756.00",
        "Service fee": "£2,500.00",
        "Uplift fees": "£200.00",
        "Clawbacks": "£0.00",
        "Additional adjustments": "£100.00",
        "VAT": "£711.20",
    }
    assert lines.total.display == "£4,267.20"
    assert lines.summary.columns == ("Total",)
    assert lines.summary.rows == (
        ("Started", (5,)),
        ("Retained", (2,)),
        ("Completed", (0,)),
        ("Extended", (0,)),
        ("Clawbacks", (0,)),
        ("Voided", (1,)),
    )
    (table,) = lines.output_tables
    assert table.caption == "Output payments"
    assert table.columns == ("Outputs", "Band A", "Band B", "Band C", "Payments")
    rows = table_rows(table)
    assert rows[0:2] == [
        ("Started", (3, 2, 0), None),
        ("Fee per participant", (D("120"), D("108"), D("96")), D("576")),
    ]
    assert rows[2:4] == [
        ("Retained 1", (2, 0, 0), None),
        ("Fee per participant", (D("90"), D("81"), D("72")), D("180")),
    ]
    assert rows[10:12] == [
        ("Completed", (0, 0, 0), None),
        ("Fee per participant", (D("120"), D("108"), D("96")), D("0")),
    ]
    assert [r[0] for r in rows[::2]] == [
        "Started", "Retained 1", "Retained 2", "Retained 3", "Retained 4", "Completed", "Extended",
    ]  # fmt: skip
    assert (table.total.label, table.total.display) == ("Output payment total", "£756.00")
    assert (lines.uplift_table.count, lines.uplift_table.fee, lines.uplift_table.payment) == (2, D("100"), D("200"))
    assert [(a.label, a.display) for a in lines.adjustments] == [
        ("Backdated service fee", "£150.00"),
        ("Correction", "-£50.00"),
    ]
    assert lines.adjustments_total.display == "£100.00"
    (clawbacks,) = lines.clawback_tables
    assert clawbacks.rows == () and clawbacks.total == 0


def test_example_2_history_and_a_clawback_priced_at_the_top_band():
    inputs = StatementInput(
        contract=EXAMPLE_1_CONTRACT,
        history=(HistoryCount("ect", "started", billable=6, refundable=1),),
        declarations=(
            billable(status="payable", sparsity_uplift=True),
            billable(status="payable"),
            billable(status="payable"),
            refundable(pupil_premium_uplift=True),
        ),
    )
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)

    fills = calculation.banded.allocations["started"]
    assert [(f.previous_billable, f.previous_refundable, f.billable, f.refundable) for f in fills] == [
        (3, 0, 0, 0),
        (3, 1, 1, 0),
        (0, 0, 2, 1),
    ]
    b = calculation.banded
    assert b.outputs_billable == D("300") and b.outputs_refundable == D("96")
    assert b.subtotal == D("2704") and calculation.vat == D("540.8") and calculation.total == D("3244.8")
    assert overview(lines) == {
        "Output payment": "£300.00",
        "Service fee": "£2,500.00",
        "Uplift fees": "£100.00",
        "Clawbacks": "-£196.00",
        "Additional adjustments": "£0.00",
        "VAT": "£540.80",
    }
    assert lines.total.display == "£3,244.80"
    (clawbacks,) = lines.clawback_tables
    assert clawbacks.caption == "Clawbacks"
    assert [(r.payment_type, r.count, r.fee, r.payment) for r in clawbacks.rows] == [
        ("Started (Band C)", 1, D("-96"), D("-96")),
        ("Uplift", 1, D("-100"), D("-100")),
    ]
    assert format_money(clawbacks.total) == "-£196.00"
    assert lines.summary.row("Started") == (3,)
    assert lines.summary.row("Clawbacks") == (1,)
    assert lines.summary.row("Voided") == (0,)


def test_example_3_computed_service_fee_and_the_display_mismatch():
    contract = ecf(
        banded(
            bands((2000, "1400.00"), (2000, "1300.00"), (2000, "1200.00")),
            monthly_service_fee=None,
            setup_fee="50000.00",
            recruitment_target=3000,
        )
    )
    inputs = StatementInput(contract=contract, fee_type="service")
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)

    fee = calculation.banded.monthly_service_fee
    assert str(fee).startswith("54827.586206896551724137931034482758")
    assert str(calculation.vat).startswith("10965.517241379310344827586206896551")
    assert str(calculation.total).startswith("65793.103448275862068965517241379310")
    assert overview(lines)["Service fee"] == "£54,827.59"
    assert overview(lines)["VAT"] == "£10,965.52"
    assert lines.total.display == "£65,793.10"
    # R4: the displayed parts add up to a penny more than the displayed total.
    assert round_for_display(fee) + round_for_display(calculation.vat) == D("65793.11")
    # A service statement has no output, uplift or clawback tables.
    assert lines.output_tables == () and lines.uplift_table is None and lines.clawback_tables == ()


def test_example_4_ittecf_ectp_ects_banded_and_mentors_flat_rate():
    contract = ittecf_ectp(
        banded(bands((3, "1000.00"), (3, "900.00")), monthly_service_fee="1800.00"),
        flat_fee="1000.00",
        flat_target=50,
    )
    inputs = StatementInput(
        contract=contract,
        declarations=(
            *(billable() for _ in range(4)),
            billable("completed"),
            *(billable(role="mentor") for _ in range(3)),
            billable("completed", role="mentor"),
            refundable(role="mentor"),
        ),
        adjustments=(AdjustmentInput("Overpayment recovery", D("-250.00")),),
    )
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)

    b, f = calculation.banded, calculation.flat_rate
    assert b.billable_amount("started") == D("468") and b.billable_amount("completed") == D("120")
    assert b.outputs_net == D("588") and b.uplifts_net == 0 and b.monthly_service_fee == D("1800")
    assert b.subtotal == D("2138") and b.vat == D("427.6")
    assert f.fees == {"started": D("500"), "completed": D("500")}
    assert (f.outputs_billable, f.outputs_refundable, f.outputs_net, f.vat) == (
        D("2000"),
        D("500"),
        D("1500"),
        D("300"),
    )
    assert calculation.vat == D("727.6") and calculation.total == D("4365.6")
    assert overview(lines) == {
        "ECTs output payment": "£588.00",
        "Mentors output payment": "£2,000.00",
        "Service fee": "£1,800.00",
        "ECTs clawbacks": "£0.00",
        "Mentors clawbacks": "-£500.00",
        "Additional adjustments": "-£250.00",
        "VAT": "£727.60",
    }
    assert lines.total.display == "£4,365.60"
    assert lines.summary.columns == ("ECTs", "Mentors")
    assert lines.summary.rows == (
        ("Started", (4, 3)),
        ("Retained", (0, "-")),
        ("Completed", (1, 1)),
        ("Extended", (0, "-")),
        ("Clawbacks", (0, 1)),
        ("Voided", (0, 0)),
    )
    ects, mentors = lines.output_tables
    assert ects.caption == "Early career teacher (ECT) output payments"
    assert table_rows(ects)[0:2] == [("Started", (3, 1), None), ("Fee per ECT", (D("120"), D("108")), D("468"))]
    assert (ects.total.label, ects.total.display) == ("ECTs output payment total", "£588.00")
    assert mentors.caption == "Mentor output payments"
    assert table_rows(mentors) == [
        ("Started", (3,), None),
        ("Fee per mentor", (D("500"),), D("1500")),
        ("Completed", (1,), None),
        ("Fee per mentor", (D("500"),), D("500")),
    ]
    assert (mentors.total.label, mentors.total.display) == ("Mentors output payment total", "£2,000.00")
    assert lines.uplift_table is None
    ect_clawbacks, mentor_clawbacks = lines.clawback_tables
    assert (ect_clawbacks.caption, ect_clawbacks.rows) == ("ECT clawbacks", ())
    assert mentor_clawbacks.caption == "Mentor clawbacks"
    assert [(r.payment_type, r.count, r.fee, r.payment) for r in mentor_clawbacks.rows] == [
        ("Started", 1, D("-500"), D("-500"))
    ]
    assert mentor_clawbacks.total == D("-500")


def test_example_5_not_vat_registered_overflow_and_no_service_fee():
    contract = ecf(banded(bands((2, "1200.00"), (2, "1000.00")), monthly_service_fee="0.00"), vat_registered=False)
    extended = [billable("extended-1", declaration_date=day(n)) for n in (3, 1, 2)]
    retained = [billable("retained-2", declaration_date=day(n)) for n in (5, 4, 9, 6, 7)]
    inputs = StatementInput(
        contract=contract,
        history=(HistoryCount("ect", "extended-1", billable=3),),
        declarations=(*extended, *retained),
    )
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)

    b = calculation.banded
    assert [f.billable for f in b.allocations["extended-1"]] == [0, 1]
    assert [f.billable for f in b.allocations["retained-2"]] == [2, 2]
    assert b.billable_amount("extended-1") == D("90")
    assert b.billable_amount("retained-2") == D("396")
    assert b.outputs_billable == D("486") and calculation.vat == 0 and calculation.total == D("486")
    assert overview(lines) == {
        "Output payment": "£486.00",
        "Service fee": "£0.00",
        "Uplift fees": "£0.00",
        "Clawbacks": "£0.00",
        "Additional adjustments": "£0.00",
        "VAT": "£0.00",
    }
    assert lines.total.display == "£486.00"
    assert lines.summary.row("Retained") == (4,) and lines.summary.row("Extended") == (1,)
    rows = table_rows(lines.output_tables[0])
    assert rows[4:6] == [("Retained 2", (2, 2), None), ("Fee per participant", (D("108"), D("90")), D("396"))]
    assert rows[12:14] == [("Extended", (0, 1), None), ("Fee per participant", (D("108"), D("90")), D("90"))]
    # The CSV lists the earliest placed declarations only: one extended-1 and four retained-2.
    exported = exported_declarations(inputs, calculation)
    assert exported == [extended[1], retained[1], retained[0], retained[3], retained[4]]


def test_example_6_a_100_percent_output_band_and_half_up_display_rounding():
    contract = ecf(
        banded(
            bands((2, "1000.00"), (2, "950.00"), (2, "900.00"), (10, "850.03", "1.00")),
            monthly_service_fee="0.00",
        )
    )
    inputs = StatementInput(
        contract=contract,
        history=(HistoryCount("ect", "retained-1", billable=6),),
        declarations=tuple(billable("retained-1") for _ in range(10)),
    )
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)

    b = calculation.banded
    assert b.fees["retained-1"][3] == D("127.5045")
    assert b.outputs_billable == D("1275.045")
    assert calculation.vat == D("255.009") and calculation.total == D("1530.054")
    rows = table_rows(lines.output_tables[0])
    assert rows[2] == ("Retained 1", (0, 0, 0, 10), None)
    assert format_money(rows[3][1][3]) == "£127.50"
    assert format_money(rows[3][2]) == "£1,275.05"
    assert overview(lines)["Output payment"] == "£1,275.05"
    assert overview(lines)["VAT"] == "£255.01"
    assert lines.total.display == "£1,530.05"


@pytest.mark.parametrize(
    ("target", "extra_band", "expected"),
    [
        (100, False, "1086.2068965517241379310344827586"),
        (50, False, "543.10344827586206896551724137931"),
        (150, True, "1500"),
    ],
)
def test_example_7_service_fee_arithmetic(target, extra_band, expected):
    """§7.6 reference checks: band A capacity 100 at £800 (service 0.40), setup £500; band B 100 at £600.
    31,500 ÷ 29 and 15,750 ÷ 29 do not terminate: at least the spec's digits, unrounded; 43,500 ÷ 29 is exact."""
    terms = [(100, "800.00")] + ([(100, "600.00")] if extra_band else [])
    structure = banded(bands(*terms), monthly_service_fee=None, setup_fee="500.00", recruitment_target=target)
    fee = monthly_service_fee(structure)
    assert str(fee).startswith(expected)
    assert len(str(fee)) > 30 or fee == D(expected)


def test_monthly_service_fee_zero_is_zero_and_null_is_computed():
    """Invariant 12: 0.00 means no service fee; null means compute it."""
    structure = banded(bands((100, "800.00")), recruitment_target=100, setup_fee="500.00", monthly_service_fee="0")
    assert monthly_service_fee(structure) == 0
    computed = BandedFeeStructureInput(
        structure.bands, structure.recruitment_target, structure.setup_fee, None, structure.uplift_fee_per_declaration
    )
    assert str(monthly_service_fee(computed)).startswith("1086.2068965517241379310344827586")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("1275.045", "£1,275.05"),
        ("-0.005", "-£0.01"),
        ("-0.004", "£0.00"),
        ("-0", "£0.00"),
        ("-150", "-£150.00"),
        ("4267.2", "£4,267.20"),
        ("1234567.891", "£1,234,567.89"),
    ],
)
def test_display_rounds_each_figure_half_away_from_zero(amount, shown):
    """R3, R5."""
    assert format_money(D(amount)) == shown


def test_an_unknown_declaration_type_is_an_error():
    inputs = StatementInput(contract=EXAMPLE_1_CONTRACT, declarations=(billable("halfway"),))
    with pytest.raises(ValueError, match="No fee proportion defined for declaration type: halfway"):
        calculate_statement(inputs)


def test_flat_rate_proportions_must_sum_to_one():
    from finance.calculation.flat_rate import check_proportions

    with pytest.raises(ValueError, match=r"Fee proportions are inconsistent\. Sum of proportions must be 1\."):
        check_proportions({"started": D("0.5"), "completed": D("0.4")})
    check_proportions({"started": D("0.5"), "completed": D("0.5")})


def test_mentor_retained_declarations_under_ittecf_ectp_are_paid_by_neither_calculator():
    """§7.1."""
    contract = ittecf_ectp(banded(bands((3, "1000.00"))), flat_fee="1000.00")
    inputs = StatementInput(contract=contract, declarations=(billable("retained-1", role="mentor"),))
    calculation = calculate_statement(inputs)
    assert calculation.total == 0
    assert calculation.banded.billable_count("retained-1") == 0


def test_an_ecf_contract_prices_mentors_on_the_bands_with_ects():
    """§7.1: `ecf` sees every declaration."""
    inputs = StatementInput(
        contract=EXAMPLE_1_CONTRACT,
        declarations=(billable(role="mentor"), billable(), billable(role="mentor"), billable()),
    )
    assert [f.billable for f in calculate_statement(inputs).banded.allocations["started"]] == [3, 1, 0]


def test_uplifts_are_not_limited_by_band_capacity():
    """§7.5: a started declaration beyond the last band still earns its uplift, once even with both flags."""
    contract = ecf(banded(bands((1, "1000.00")), uplift_fee="100.00"))
    inputs = StatementInput(
        contract=contract,
        declarations=(billable(sparsity_uplift=True), billable(sparsity_uplift=True, pupil_premium_uplift=True)),
    )
    b = calculate_statement(inputs).banded
    assert b.billable_count("started") == 1
    assert b.uplift_billable_count == 2 and b.uplifts_billable == D("200")
