"""The banded calculator (finance.md §7.3–§7.6, §7.8, §7.9): band allocation per declaration type, output fees,
uplifts, the monthly service fee, adjustments and VAT. Pure: counts and terms in, exact amounts out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from finance.calculation.inputs import (
    DECLARATION_TYPES,
    BandedFeeStructureInput,
    BandInput,
)
from finance.calculation.money import MONEY_CONTEXT, ZERO

SERVICE_FEE_PAYMENTS = 29  # §4.4: the service fee is paid over 29 months

# §4.1 / R7: each milestone's share of the output fee, as exact decimals.
BANDED_PROPORTIONS: Mapping[str, Decimal] = {
    "started": Decimal("0.2"),
    "retained-1": Decimal("0.15"),
    "retained-2": Decimal("0.15"),
    "retained-3": Decimal("0.15"),
    "retained-4": Decimal("0.15"),
    "completed": Decimal("0.2"),
    "extended-1": Decimal("0.15"),
    "extended-2": Decimal("0.15"),
    "extended-3": Decimal("0.15"),
}

NO_FEE_PROPORTION = "No fee proportion defined for declaration type: {declaration_type}"


def fee_proportion(declaration_type: str, proportions: Mapping[str, Decimal] = BANDED_PROPORTIONS) -> Decimal:
    """§7.4: an unknown declaration type is an error, never a silent zero."""
    try:
        return proportions[declaration_type]
    except KeyError:
        raise ValueError(NO_FEE_PROPORTION.format(declaration_type=declaration_type)) from None


@dataclass(frozen=True, slots=True)
class BandFill:
    """One band's four counters for one declaration type (§7.3)."""

    previous_billable: int = 0
    previous_refundable: int = 0
    billable: int = 0
    refundable: int = 0

    @property
    def net(self) -> int:
        return self.previous_billable + self.billable - self.previous_refundable - self.refundable


def allocate(
    capacities: Sequence[int], *, previous_billable: int, previous_refundable: int, billable: int, refundable: int
) -> tuple[BandFill, ...]:
    """§7.3's four steps for one declaration type. Billables fill bands A → last up to what is available;
    refunds come off the top (last → A) down to what is there. Whatever cannot be placed is dropped."""
    count = len(capacities)
    pb = [0] * count
    pr = [0] * count
    b = [0] * count
    r = [0] * count

    def net(k: int) -> int:
        return pb[k] + b[k] - pr[k] - r[k]

    def fill(counter: list[int], remaining: int) -> None:
        for k in range(count):
            if remaining <= 0:
                return
            placed = min(remaining, max(capacities[k] - net(k), 0))
            counter[k] += placed
            remaining -= placed

    def remove(counter: list[int], remaining: int) -> None:
        for k in reversed(range(count)):
            if remaining <= 0:
                return
            removed = min(remaining, max(net(k), 0))
            counter[k] += removed
            remaining -= removed

    fill(pb, previous_billable)
    remove(pr, previous_refundable)
    fill(b, billable)
    remove(r, refundable)
    return tuple(BandFill(pb[k], pr[k], b[k], r[k]) for k in range(count))


def monthly_service_fee(structure: BandedFeeStructureInput) -> Decimal:
    """§7.6: the contract's explicit figure (0.00 included), else the recruitment target spread over the bands at
    their service share, less the setup fee (pro rata to band A's capacity), over 29 months. Unrounded."""
    if structure.monthly_service_fee is not None:
        return structure.monthly_service_fee
    if not structure.bands:
        return ZERO
    remaining = structure.recruitment_target
    band_totals = ZERO
    for band in structure.bands:
        filled = min(remaining, band.capacity)
        remaining -= filled
        band_totals += filled * band.fee_per_declaration * band.service_fee_ratio
    band_a = structure.bands[0]
    with localcontext(MONEY_CONTEXT):
        setup_deduction = min(structure.recruitment_target, band_a.capacity) * structure.setup_fee / band_a.capacity
        return (band_totals - setup_deduction) / SERVICE_FEE_PAYMENTS


def band_fee(declaration_type: str, band: BandInput) -> Decimal:
    """§7.4: proportion(T) × output ratio(k) × per-participant price(k)."""
    return fee_proportion(declaration_type) * band.output_fee_ratio * band.fee_per_declaration


@dataclass(frozen=True, slots=True)
class TypeCounts:
    """How many declarations of one type are in each set the banded calculator sees."""

    previous_billable: int = 0
    previous_refundable: int = 0
    billable: int = 0
    refundable: int = 0


@dataclass(frozen=True)
class BandedResult:
    bands: tuple[BandInput, ...]
    # per declaration type, one BandFill per band (in band order)
    allocations: Mapping[str, tuple[BandFill, ...]]
    # per declaration type, the per-declaration fee in each band
    fees: Mapping[str, tuple[Decimal, ...]]
    outputs_billable: Decimal
    outputs_refundable: Decimal
    uplift_fee_per_declaration: Decimal
    uplift_billable_count: int
    uplift_refundable_count: int
    monthly_service_fee: Decimal
    adjustments_total: Decimal
    vat_rate: Decimal
    voided_count: int

    outputs_net: Decimal
    uplifts_billable: Decimal
    uplifts_refundable: Decimal
    uplifts_net: Decimal
    subtotal: Decimal
    vat: Decimal
    total: Decimal

    @property
    def refundable_count(self) -> int:
        return sum(fill.refundable for fills in self.allocations.values() for fill in fills)

    def billable_count(self, declaration_type: str) -> int:
        """Placed in bands (overflow excluded, §8.3)."""
        return sum(fill.billable for fill in self.allocations[declaration_type])

    def billable_amount(self, declaration_type: str) -> Decimal:
        fills, fees = self.allocations[declaration_type], self.fees[declaration_type]
        return sum((fill.billable * fee for fill, fee in zip(fills, fees, strict=True)), ZERO)


def calculate_banded(
    structure: BandedFeeStructureInput,
    *,
    counts: Mapping[str, TypeCounts],
    uplift_billable_count: int,
    uplift_refundable_count: int,
    voided_count: int,
    adjustments_total: Decimal,
    vat_rate: Decimal,
) -> BandedResult:
    unknown = set(counts) - set(DECLARATION_TYPES)
    if unknown:
        fee_proportion(sorted(unknown)[0])  # raises the spec's message
    capacities = [band.capacity for band in structure.bands]
    allocations: dict[str, tuple[BandFill, ...]] = {}
    fees: dict[str, tuple[Decimal, ...]] = {}
    billable_total = ZERO
    refundable_total = ZERO
    for declaration_type in DECLARATION_TYPES:
        c = counts.get(declaration_type) or TypeCounts()
        fills = allocate(
            capacities,
            previous_billable=c.previous_billable,
            previous_refundable=c.previous_refundable,
            billable=c.billable,
            refundable=c.refundable,
        )
        type_fees = tuple(band_fee(declaration_type, band) for band in structure.bands)
        allocations[declaration_type] = fills
        fees[declaration_type] = type_fees
        for fill, fee in zip(fills, type_fees, strict=True):
            billable_total += fill.billable * fee
            refundable_total += fill.refundable * fee
    service_fee = monthly_service_fee(structure)
    outputs_net = billable_total - refundable_total
    uplifts_billable = uplift_billable_count * structure.uplift_fee_per_declaration
    uplifts_refundable = uplift_refundable_count * structure.uplift_fee_per_declaration
    uplifts_net = uplifts_billable - uplifts_refundable
    subtotal = outputs_net + uplifts_net + service_fee + adjustments_total
    vat = subtotal * vat_rate
    return BandedResult(
        bands=structure.bands,
        allocations=allocations,
        fees=fees,
        outputs_billable=billable_total,
        outputs_refundable=refundable_total,
        uplift_fee_per_declaration=structure.uplift_fee_per_declaration,
        uplift_billable_count=uplift_billable_count,
        uplift_refundable_count=uplift_refundable_count,
        monthly_service_fee=service_fee,
        adjustments_total=adjustments_total,
        vat_rate=vat_rate,
        voided_count=voided_count,
        outputs_net=outputs_net,
        uplifts_billable=uplifts_billable,
        uplifts_refundable=uplifts_refundable,
        uplifts_net=uplifts_net,
        subtotal=subtotal,
        vat=vat,
        total=subtotal + vat,
    )
