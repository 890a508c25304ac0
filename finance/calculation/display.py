"""What the finance statement page shows (finance.md §8), built from a computed statement. Every amount stays
exact here; `Line.display` rounds each one on its own (R3), so the displayed parts need not add up to the displayed
total (R4) — the total is rounded from the exact sum, never summed from rounded lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from finance.calculation.banded import BandedResult
from finance.calculation.flat_rate import FlatRateResult
from finance.calculation.inputs import (
    COMPLETED,
    ECF,
    EXTENDED,
    OUTPUT,
    RETAINED,
    STARTED,
    BandedFeeStructureInput,
    FlatRateFeeStructureInput,
    StatementInput,
)
from finance.calculation.money import ZERO, format_money
from finance.calculation.statement import StatementCalculation

NOT_APPLICABLE = "-"


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    amount: Decimal

    @property
    def display(self) -> str:
        return format_money(self.amount)


@dataclass(frozen=True)
class SummaryTable:
    """§8.3: one column per calculator; cells are counts, or "-" where the calculator has no such type."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int | str, ...]], ...]

    def row(self, label: str) -> tuple[int | str, ...]:
        return dict(self.rows)[label]


@dataclass(frozen=True)
class OutputRow:
    """A count row (cells are ints, no payment) or a fee row (cells are per-declaration fees, with the payment)."""

    label: str
    cells: tuple[int | Decimal, ...]
    payment: Decimal | None = None


@dataclass(frozen=True)
class OutputTable:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[OutputRow, ...]
    total: Line


@dataclass(frozen=True)
class ClawbackRow:
    payment_type: str
    count: int
    fee: Decimal  # negated
    payment: Decimal  # negated


@dataclass(frozen=True)
class ClawbackTable:
    caption: str
    rows: tuple[ClawbackRow, ...]
    total: Decimal


@dataclass(frozen=True)
class UpliftTable:
    count: int
    fee: Decimal
    payment: Decimal


@dataclass(frozen=True)
class BandRow:
    letter: str
    min_declarations: int
    max_declarations: int
    fee_per_declaration: Decimal


@dataclass(frozen=True)
class ProviderTargets:
    """§8.7 "Provider targets (per academic year)": display only; the setup fee is shown here and nowhere else."""

    rows: tuple[tuple[str, str], ...]
    bands: tuple[BandRow, ...]


@dataclass(frozen=True)
class StatementLines:
    overview: tuple[Line, ...]
    total: Line
    summary: SummaryTable
    output_tables: tuple[OutputTable, ...]
    uplift_table: UpliftTable | None
    clawback_tables: tuple[ClawbackTable, ...]
    adjustments: tuple[Line, ...]
    adjustments_total: Line
    provider_targets: ProviderTargets

    def overview_row(self, label: str) -> Line:
        return next(line for line in self.overview if line.label == label)


# Groups of the banded output table (§8.4): extended-1/2/3 are merged and priced at extended-1's fee.
BANDED_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Started", (STARTED,)),
    *((f"Retained {t[-1]}", (t,)) for t in RETAINED),
    ("Completed", (COMPLETED,)),
    ("Extended", EXTENDED),
)


def humanise(declaration_type: str) -> str:
    return declaration_type[:1].upper() + declaration_type[1:]


def _overview(calculation: StatementCalculation) -> tuple[Line, ...]:
    """§8.2."""
    banded, flat = calculation.banded, calculation.flat_rate
    if calculation.contract_type == ECF:
        return (
            Line("Output payment", banded.outputs_billable),
            Line("Service fee", banded.monthly_service_fee),
            Line("Uplift fees", banded.uplifts_billable),
            Line("Clawbacks", -(banded.outputs_refundable + banded.uplifts_refundable)),
            Line("Additional adjustments", banded.adjustments_total),
            Line("VAT", calculation.vat),
        )
    return (
        Line("ECTs output payment", banded.outputs_billable),
        Line("Mentors output payment", flat.outputs_billable),
        Line("Service fee", banded.monthly_service_fee),
        Line("ECTs clawbacks", -banded.outputs_refundable),
        Line("Mentors clawbacks", -flat.outputs_refundable),
        Line("Additional adjustments", banded.adjustments_total),
        Line("VAT", calculation.vat),
    )


def _banded_summary(banded: BandedResult) -> tuple[int, ...]:
    return (
        banded.billable_count(STARTED),
        sum(banded.billable_count(t) for t in RETAINED),
        banded.billable_count(COMPLETED),
        sum(banded.billable_count(t) for t in EXTENDED),
        banded.refundable_count,
        banded.voided_count,
    )


def _flat_summary(flat: FlatRateResult) -> tuple[int | str, ...]:
    return (
        flat.billable_counts[STARTED],
        NOT_APPLICABLE,
        flat.billable_counts[COMPLETED],
        NOT_APPLICABLE,
        flat.refundable_count,
        flat.voided_count,
    )


SUMMARY_LABELS = ("Started", "Retained", "Completed", "Extended", "Clawbacks", "Voided")


def _summary(calculation: StatementCalculation) -> SummaryTable:
    """§8.3."""
    columns = [_banded_summary(calculation.banded)]
    names: tuple[str, ...] = ("Total",)
    if calculation.flat_rate is not None:
        columns.append(_flat_summary(calculation.flat_rate))
        names = ("ECTs", "Mentors")
    rows = tuple((label, tuple(column[i] for column in columns)) for i, label in enumerate(SUMMARY_LABELS))
    return SummaryTable(names, rows)


def _banded_output_table(calculation: StatementCalculation) -> OutputTable:
    """§8.4, banded."""
    banded, is_ecf = calculation.banded, calculation.contract_type == ECF
    fee_label = "Fee per participant" if is_ecf else "Fee per ECT"
    rows = []
    for name, types in BANDED_GROUPS:
        counts = tuple(sum(banded.allocations[t][k].billable for t in types) for k in range(len(banded.bands)))
        rows.append(OutputRow(name, counts))
        payment = sum((banded.billable_amount(t) for t in types), ZERO)
        rows.append(OutputRow(fee_label, banded.fees[types[0]], payment))
    return OutputTable(
        caption="Output payments" if is_ecf else "Early career teacher (ECT) output payments",
        columns=("Outputs", *(f"Band {band.letter}" for band in banded.bands), "Payments"),
        rows=tuple(rows),
        total=Line("Output payment total" if is_ecf else "ECTs output payment total", banded.outputs_billable),
    )


def _flat_output_table(flat: FlatRateResult) -> OutputTable:
    """§8.4, flat rate."""
    rows = []
    for declaration_type in (STARTED, COMPLETED):
        rows.append(OutputRow(humanise(declaration_type), (flat.billable_counts[declaration_type],)))
        rows.append(OutputRow("Fee per mentor", (flat.fees[declaration_type],), flat.billable_amount(declaration_type)))
    return OutputTable(
        caption="Mentor output payments",
        columns=("Outputs", "Participants", "Payments"),
        rows=tuple(rows),
        total=Line("Mentors output payment total", flat.outputs_billable),
    )


def _banded_clawbacks(calculation: StatementCalculation) -> ClawbackTable:
    """§8.6: one row per (type, band) with refunds, priced at the band they came off; `ecf` adds uplifts."""
    banded, is_ecf = calculation.banded, calculation.contract_type == ECF
    rows = []
    for declaration_type, fills in banded.allocations.items():
        for band, fill, fee in zip(banded.bands, fills, banded.fees[declaration_type], strict=True):
            if fill.refundable:
                rows.append(
                    ClawbackRow(
                        f"{humanise(declaration_type)} (Band {band.letter})",
                        fill.refundable,
                        -fee,
                        -(fill.refundable * fee),
                    )
                )
    total = banded.outputs_refundable
    if is_ecf and banded.uplift_refundable_count:
        rows.append(
            ClawbackRow(
                "Uplift",
                banded.uplift_refundable_count,
                -banded.uplift_fee_per_declaration,
                -banded.uplifts_refundable,
            )
        )
        total += banded.uplifts_refundable
    return ClawbackTable("Clawbacks" if is_ecf else "ECT clawbacks", tuple(rows), -total)


def _flat_clawbacks(flat: FlatRateResult) -> ClawbackTable:
    rows = tuple(
        ClawbackRow(humanise(t), flat.refundable_counts[t], -flat.fees[t], -flat.refundable_amount(t))
        for t in (STARTED, COMPLETED)
        if flat.refundable_counts[t]
    )
    return ClawbackTable("Mentor clawbacks", rows, -flat.outputs_refundable)


def _provider_targets(
    contract_type: str, banded: BandedFeeStructureInput, flat: FlatRateFeeStructureInput | None
) -> ProviderTargets:
    """§8.7, §4.6, §4.7."""
    target = banded.recruitment_target
    rows = [
        ("Recruitment target" if contract_type == ECF else "ECTs recruitment target", f"{target:,}"),
        ("Revised recruitment target (150%)", f"{target * 3 // 2:,}"),
    ]
    if contract_type == ECF and banded.uplift_target_ratio is not None:
        rows.append(("Uplift target", f"{int(banded.uplift_target_ratio * 100)}%"))
        rows.append(("Uplift amount", format_money(banded.uplift_fee_per_declaration)))
    rows.append(("Setup fee", format_money(banded.setup_fee)))
    if flat is not None:
        rows.append(("Mentors recruitment target", f"{flat.recruitment_target:,}"))
        rows.append(("Fee per declaration", format_money(flat.fee_per_declaration)))
    bands, below = [], 0
    for band in banded.bands:
        bands.append(BandRow(band.letter, below + 1, below + band.capacity, band.fee_per_declaration))
        below += band.capacity
    return ProviderTargets(tuple(rows), tuple(bands))


def statement_lines(inputs: StatementInput, calculation: StatementCalculation) -> StatementLines:
    banded, flat = calculation.banded, calculation.flat_rate
    is_output = inputs.fee_type == OUTPUT
    output_tables: tuple[OutputTable, ...] = ()
    clawback_tables: tuple[ClawbackTable, ...] = ()
    uplift_table = None
    if is_output:
        output_tables = (_banded_output_table(calculation),)
        clawback_tables = (_banded_clawbacks(calculation),)
        if flat is not None:
            output_tables += (_flat_output_table(flat),)
            clawback_tables += (_flat_clawbacks(flat),)
        if calculation.contract_type == ECF:
            uplift_table = UpliftTable(
                banded.uplift_billable_count, banded.uplift_fee_per_declaration, banded.uplifts_billable
            )
    return StatementLines(
        overview=_overview(calculation),
        total=Line("Total", calculation.total),
        summary=_summary(calculation),
        output_tables=output_tables,
        uplift_table=uplift_table,
        clawback_tables=clawback_tables,
        adjustments=tuple(Line(a.payment_type, a.amount) for a in inputs.adjustments),
        adjustments_total=Line("Total", banded.adjustments_total),
        provider_targets=_provider_targets(
            calculation.contract_type, inputs.contract.banded, inputs.contract.flat_rate
        ),
    )
