"""`python -m bench --finance`: compute one provider-month statement over 50,000 declarations with the pure
calculation (finance.md §7; no database), and compare it with a floor measured in the same run: summing 50,000
Decimals in a Python loop. Issue 6 asks for one statement in at most one second."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from finance.calculation import (
    AdjustmentInput,
    BandedFeeStructureInput,
    BandInput,
    ContractInput,
    DeclarationInput,
    FlatRateFeeStructureInput,
    HistoryCount,
    StatementInput,
    calculate_statement,
    exported_declarations,
    statement_lines,
)
from finance.calculation.inputs import DECLARATION_TYPES

LIMIT_SECONDS = 1.0


def provider_month(declarations: int = 50_000, *, seed: int = 6) -> StatementInput:
    """A large ittecf_ectp provider's output statement: four bands, three in four declarations from ECTs, the rest
    from mentors; mostly billable, some voided and clawed back; a history of earlier statements."""
    rng = random.Random(seed)
    bands = tuple(
        BandInput(order, capacity, Decimal(fee), Decimal("0.60"), Decimal("0.40"))
        for order, (capacity, fee) in enumerate(
            ((20_000, "1400.00"), (15_000, "1300.00"), (10_000, "1200.00"), (5_000, "1100.00")), start=1
        )
    )
    contract = ContractInput(
        "ittecf_ectp",
        Decimal("0.20"),
        True,
        BandedFeeStructureInput(bands, 30_000, Decimal("250000.00"), None, Decimal("0.00")),
        FlatRateFeeStructureInput(Decimal("1000.00"), 8_000),
    )
    made = []
    for n in range(declarations):
        role = "ect" if rng.random() < 0.75 else "mentor"
        declaration_type = rng.choice(DECLARATION_TYPES) if role == "ect" else rng.choice(("started", "completed"))
        roll = rng.random()
        if roll < 0.9:
            made.append(
                DeclarationInput(
                    n, declaration_type, role, rng.choice(("eligible", "payable", "paid")),
                    pupil_premium_uplift=rng.random() < 0.1, sparsity_uplift=rng.random() < 0.05,
                )
            )  # fmt: skip
        elif roll < 0.95:
            made.append(DeclarationInput(n, declaration_type, role, "voided"))
        else:
            made.append(
                DeclarationInput(
                    n, declaration_type, role, "paid", "awaiting_clawback",
                    on_payment_statement=False, on_clawback_statement=True,
                )
            )  # fmt: skip
    history = tuple(
        HistoryCount(role, t, billable=rng.randint(0, 8_000), refundable=rng.randint(0, 300))
        for role in ("ect", "mentor")
        for t in DECLARATION_TYPES
    )
    adjustments = (
        AdjustmentInput("Backdated service fee", Decimal("1500.00")),
        AdjustmentInput("Correction", Decimal("-37.52")),
    )
    return StatementInput(contract=contract, declarations=made, history=history, adjustments=adjustments)


def _median(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(*, repeat: int = 10, declarations: int = 50_000) -> dict[str, float]:
    inputs = provider_month(declarations)
    amounts = [Decimal(n % 997) / 7 for n in range(declarations)]

    def floor() -> Decimal:
        total = Decimal(0)
        for amount in amounts:
            total += amount
        return total

    def statement():
        calculation = calculate_statement(inputs)
        return statement_lines(inputs, calculation)

    calculation = calculate_statement(inputs)
    floor_seconds = _median(floor, repeat)
    statement_seconds = _median(statement, repeat)
    export_seconds = _median(lambda: exported_declarations(inputs, calculation), repeat)
    return {
        "declarations": declarations,
        "floor_seconds": floor_seconds,
        "statement_seconds": statement_seconds,
        "statement_ratio": statement_seconds / floor_seconds,
        "export_selection_seconds": export_seconds,
        "export_selection_ratio": export_seconds / floor_seconds,
        "total": float(calculation.total),
    }


def report(results: dict[str, float]) -> str:
    n = f"{results['declarations']:,}"
    verdict = "within" if results["statement_seconds"] <= LIMIT_SECONDS else "OVER"
    return "\n".join(
        [
            f"floor (summing {n} Decimals in a loop): {results['floor_seconds'] * 1000:.1f} ms median",
            f"{'benchmark':<62} {'median ms':>10} {'x floor':>9}",
            f"{f'statement over {n} declarations (calculate + lines)':<62} "
            f"{results['statement_seconds'] * 1000:>10.1f} {results['statement_ratio']:>9.1f}",
            f"{'CSV row selection for the same statement':<62} "
            f"{results['export_selection_seconds'] * 1000:>10.1f} {results['export_selection_ratio']:>9.1f}",
            f"statement time is {verdict} the {LIMIT_SECONDS:.0f} s budget of issue 6",
        ]
    )
