"""The flat-rate calculator for mentors under `ittecf_ectp` contracts (finance.md §7.7, §7.9): half the price on
`started`, half on `completed`; no bands, no history, no service fee, no uplift, no adjustments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from finance.calculation.inputs import COMPLETED, STARTED, FlatRateFeeStructureInput
from finance.calculation.money import ZERO

FLAT_RATE_PROPORTIONS: Mapping[str, Decimal] = {STARTED: Decimal("0.5"), COMPLETED: Decimal("0.5")}
FLAT_RATE_TYPES = tuple(FLAT_RATE_PROPORTIONS)
PROPORTIONS_INCONSISTENT = "Fee proportions are inconsistent. Sum of proportions must be 1."


def check_proportions(proportions: Mapping[str, Decimal]) -> None:
    """§7.7 / invariant 13: the shares of the price must add up to exactly one."""
    if sum(proportions.values(), ZERO) != 1:
        raise ValueError(PROPORTIONS_INCONSISTENT)


@dataclass(frozen=True)
class FlatRateResult:
    fees: Mapping[str, Decimal]
    billable_counts: Mapping[str, int]
    refundable_counts: Mapping[str, int]
    outputs_billable: Decimal
    outputs_refundable: Decimal
    outputs_net: Decimal
    vat_rate: Decimal
    voided_count: int
    subtotal: Decimal
    vat: Decimal
    total: Decimal

    @property
    def refundable_count(self) -> int:
        return sum(self.refundable_counts.values())

    def billable_amount(self, declaration_type: str) -> Decimal:
        return self.billable_counts[declaration_type] * self.fees[declaration_type]

    def refundable_amount(self, declaration_type: str) -> Decimal:
        return self.refundable_counts[declaration_type] * self.fees[declaration_type]


def calculate_flat_rate(
    structure: FlatRateFeeStructureInput,
    *,
    billable_counts: Mapping[str, int],
    refundable_counts: Mapping[str, int],
    voided_count: int,
    vat_rate: Decimal,
    proportions: Mapping[str, Decimal] = FLAT_RATE_PROPORTIONS,
) -> FlatRateResult:
    check_proportions(proportions)
    fees = {t: proportion * structure.fee_per_declaration for t, proportion in proportions.items()}
    billable = {t: billable_counts.get(t, 0) for t in proportions}
    refundable = {t: refundable_counts.get(t, 0) for t in proportions}
    billable_total = sum((billable[t] * fees[t] for t in proportions), ZERO)
    refundable_total = sum((refundable[t] * fees[t] for t in proportions), ZERO)
    net = billable_total - refundable_total
    vat = net * vat_rate
    return FlatRateResult(
        fees=fees,
        billable_counts=billable,
        refundable_counts=refundable,
        outputs_billable=billable_total,
        outputs_refundable=refundable_total,
        outputs_net=net,
        vat_rate=vat_rate,
        voided_count=voided_count,
        subtotal=net,
        vat=vat,
        total=net + vat,
    )
