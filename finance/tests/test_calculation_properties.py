"""finance.md §12 invariants, checked by hypothesis over generated statements. Pure: no database."""

from __future__ import annotations

import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from finance.calculation import (
    AdjustmentInput,
    BandedFeeStructureInput,
    BandInput,
    ContractInput,
    DeclarationInput,
    FlatRateFeeStructureInput,
    HistoryCount,
    StatementInput,
    allocate,
    calculate_statement,
    format_money,
    round_for_display,
    statement_lines,
)
from finance.calculation.inputs import DECLARATION_TYPES
from finance.calculation.money import MONEY_CONTEXT

capacities = st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=5)
counts = st.integers(min_value=0, max_value=60)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)
signed_money = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2).filter(bool)
ratio = st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 100)


@given(capacities, counts, counts, counts, counts)
def test_bands_never_overfill_and_never_go_negative(caps, pb, pr, b, r):
    """Invariant 1, and clawbacks never below zero: every band's net is within 0…capacity, nothing is placed that
    was not given, and refunds only remove volume that is in the bands."""
    fills = allocate(caps, previous_billable=pb, previous_refundable=pr, billable=b, refundable=r)
    assert sum(f.net for f in fills) <= sum(caps)
    for fill, cap in zip(fills, caps, strict=True):
        assert 0 <= fill.net <= cap
        assert min(fill.previous_billable, fill.previous_refundable, fill.billable, fill.refundable) >= 0
        assert fill.previous_billable - fill.previous_refundable >= 0
    assert sum(f.previous_billable for f in fills) == min(pb, sum(caps))
    assert sum(f.billable for f in fills) <= b
    assert sum(f.previous_refundable for f in fills) <= pr
    assert sum(f.refundable for f in fills) <= r


@st.composite
def statement_histories(draw):
    """Statements in payment-date order, each adding billables and refunding some of what was paid before, never
    paying beyond the bands' total capacity (the domain where the reference's replay and the history coincide)."""
    caps = draw(capacities)
    room = sum(caps)
    statements, paid_so_far, refunded_so_far = [], 0, 0
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        b = draw(st.integers(min_value=0, max_value=room - paid_so_far))
        r = draw(st.integers(min_value=0, max_value=paid_so_far - refunded_so_far))
        statements.append((b, r))
        paid_so_far += b
        refunded_so_far += r
    return caps, statements


@given(statement_histories())
def test_replaying_statements_gives_the_next_statements_history(history):
    """Invariant 2: the cumulative band nets after statement n equal the previous state used for statement n+1."""
    caps, statements = history
    nets = [0] * len(caps)
    paid = refunded = 0
    for b, r in statements:
        fills = allocate(caps, previous_billable=paid, previous_refundable=refunded, billable=0, refundable=0)
        assert [f.net for f in fills] == nets
        fills = allocate(caps, previous_billable=paid, previous_refundable=refunded, billable=b, refundable=r)
        nets = [f.net for f in fills]
        paid += b
        refunded += r


@st.composite
def band_inputs(draw):
    caps = draw(capacities)
    return tuple(
        BandInput(order, cap, draw(money), output, Decimal(1) - output)
        for order, (cap, output) in enumerate(((c, draw(ratio)) for c in caps), start=1)
    )


@st.composite
def declarations(draw, roles):
    made = []
    for n in range(draw(st.integers(min_value=0, max_value=40))):
        kind = draw(st.sampled_from(["billable", "refundable", "voided"]))
        declaration_type = draw(st.sampled_from(DECLARATION_TYPES))
        flags = {"pupil_premium_uplift": draw(st.booleans()), "sparsity_uplift": draw(st.booleans())}
        role = draw(st.sampled_from(roles))
        if kind == "billable":
            status = draw(st.sampled_from(["eligible", "payable", "paid"]))
            made.append(DeclarationInput(n, declaration_type, role, status, **flags))
        elif kind == "voided":
            made.append(DeclarationInput(n, declaration_type, role, "voided", **flags))
        else:
            status = draw(st.sampled_from(["awaiting_clawback", "clawed_back"]))
            made.append(
                DeclarationInput(
                    n,
                    declaration_type,
                    role,
                    "paid",
                    status,
                    on_payment_statement=False,
                    on_clawback_statement=True,
                    **flags,
                )
            )
    return tuple(made)


@st.composite
def statements(draw):
    contract_type = draw(st.sampled_from(["ecf", "ittecf_ectp"]))
    structure = BandedFeeStructureInput(
        bands=draw(band_inputs()),
        recruitment_target=draw(st.integers(min_value=0, max_value=100)),
        setup_fee=draw(money),
        monthly_service_fee=draw(st.none() | money),
        uplift_fee_per_declaration=draw(money),
    )
    flat = FlatRateFeeStructureInput(draw(money), 10) if contract_type == "ittecf_ectp" else None
    contract = ContractInput(contract_type, draw(ratio), draw(st.booleans()), structure, flat)
    history = tuple(
        HistoryCount(draw(st.sampled_from(["ect", "mentor"])), t, draw(counts), draw(counts))
        for t in draw(st.lists(st.sampled_from(DECLARATION_TYPES), max_size=4, unique=True))
    )
    adjustments = tuple(AdjustmentInput("Adjustment", a) for a in draw(st.lists(signed_money, max_size=3)))
    return StatementInput(
        contract=contract,
        declarations=draw(declarations(["ect", "mentor"])),
        history=history,
        adjustments=adjustments,
    )


@settings(max_examples=300)
@given(statements())
def test_statement_invariants(inputs):
    with localcontext(MONEY_CONTEXT):
        check_statement_invariants(inputs)


def close(a: Decimal, b: Decimal, exact: bool) -> bool:
    """Equal, or (after a division by 29 that does not terminate) equal to far below a penny."""
    return a == b if exact else abs(a - b) < Decimal("1e-30")


def check_statement_invariants(inputs: StatementInput) -> None:
    exact = inputs.contract.banded.monthly_service_fee is not None
    calculation = calculate_statement(inputs)
    lines = statement_lines(inputs, calculation)
    banded, flat = calculation.banded, calculation.flat_rate
    # Invariant 1 on whole statements; clawbacks are never negative amounts.
    for fills in banded.allocations.values():
        assert all(0 <= fill.net <= band.capacity for fill, band in zip(fills, banded.bands, strict=True))
    assert banded.outputs_refundable >= 0 and banded.uplifts_refundable >= 0
    for table in lines.clawback_tables:
        assert table.total <= 0
        assert all(row.payment <= 0 and row.fee <= 0 and row.count > 0 for row in table.rows)
    # Invariant 3 / R3: every displayed figure is its own exact value rounded half up; the total is rounded from
    # the exact sum of the calculators' totals.
    for line in (*lines.overview, lines.total, *lines.adjustments, lines.adjustments_total):
        assert line.display == format_money(line.amount)
        assert round_for_display(line.amount) == line.amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert lines.total.amount == banded.total + (flat.total if flat else 0)
    rate = inputs.contract.applicable_vat_rate
    if inputs.contract.contract_type == "ecf":
        # Invariant 4: Output − |Clawbacks| + Uplift fees + Service fee + Adjustments + VAT = Total, exactly.
        row = {line.label: line.amount for line in lines.overview}
        shown_sum = (
            row["Output payment"] - abs(row["Clawbacks"]) + row["Uplift fees"] + row["Service fee"]
            + row["Additional adjustments"] + row["VAT"]
        )  # fmt: skip
        assert close(shown_sum, lines.total.amount, exact)
    else:
        # Invariant 5: VAT = rate × (ECT net + uplifts + service + adjustments) + rate × mentor net.
        expected_vat = (
            rate * (banded.outputs_net + banded.uplifts_net + banded.monthly_service_fee + banded.adjustments_total)
            + rate * flat.outputs_net
        )
        assert close(calculation.vat, expected_vat, exact)
    # Invariant 11: the setup fee is never a payment line.
    assert not any("setup" in line.label.lower() for line in lines.overview)
    # Counts shown are placed counts.
    placed = sum(fill.billable for fills in banded.allocations.values() for fill in fills)
    summary = lines.summary.rows
    banded_shown = sum(
        cells[0] for label, cells in summary if label in ("Started", "Retained", "Completed", "Extended")
    )
    assert banded_shown == placed


def test_the_calculation_imports_no_django():
    """The core is pure: importing it loads no Django (and so no database)."""
    code = (
        "import sys, finance.calculation; sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
