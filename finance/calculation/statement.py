"""A whole statement (finance.md §7.1, §7.2, §7.9): sort the statement's declarations into the sets each calculator
sees, run the calculators, add up VAT and totals, all at full precision. Also picks the declarations the CSV export
lists (§9), which mirrors the calculators so the file reconciles with the figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from finance.calculation.banded import BandedResult, TypeCounts, calculate_banded
from finance.calculation.flat_rate import FLAT_RATE_TYPES, FlatRateResult, calculate_flat_rate
from finance.calculation.inputs import (
    ECF,
    ECT,
    ITTECF_ECTP,
    MENTOR,
    DeclarationInput,
    StatementInput,
)
from finance.calculation.money import MONEY_CONTEXT, ZERO

NO_FLAT_RATE = "An ittecf_ectp contract needs a flat-rate fee structure"
UNKNOWN_CONTRACT_TYPE = "Unknown contract type: {contract_type}"


@dataclass(frozen=True)
class StatementCalculation:
    contract_type: str
    fee_type: str
    banded: BandedResult
    flat_rate: FlatRateResult | None
    vat: Decimal
    total: Decimal

    @property
    def adjustments_total(self) -> Decimal:
        return self.banded.adjustments_total


def banded_selector(contract_type: str) -> Callable[[str, str], bool]:
    """§7.1: `ecf` prices everyone on the bands; `ittecf_ectp` only ECTs."""
    if contract_type == ECF:
        return lambda role, declaration_type: True
    if contract_type == ITTECF_ECTP:
        return lambda role, declaration_type: role == ECT
    raise ValueError(UNKNOWN_CONTRACT_TYPE.format(contract_type=contract_type))


def flat_rate_selector(role: str, declaration_type: str) -> bool:
    """§7.1: mentors' `started` and `completed` declarations (retained/extended mentor ones are paid by nobody)."""
    return role == MENTOR and declaration_type in FLAT_RATE_TYPES


def calculate_statement(inputs: StatementInput) -> StatementCalculation:
    """Compute every figure of one statement, exactly (R1, R2)."""
    contract = inputs.contract
    in_banded = banded_selector(contract.contract_type)
    has_flat_rate = contract.contract_type == ITTECF_ECTP
    if has_flat_rate and contract.flat_rate is None:
        raise ValueError(NO_FLAT_RATE)
    with localcontext(MONEY_CONTEXT):
        # One pass over the declarations, counting per calculator and type.
        billable: Counter[str] = Counter()
        refundable: Counter[str] = Counter()
        uplift_billable = uplift_refundable = voided = 0
        flat_billable: Counter[str] = Counter()
        flat_refundable: Counter[str] = Counter()
        flat_voided = 0
        for d in inputs.declarations:
            role, declaration_type = d.role, d.declaration_type
            if in_banded(role, declaration_type):
                if d.is_current_billable:
                    billable[declaration_type] += 1
                    if d.pupil_premium_uplift or d.sparsity_uplift:
                        uplift_billable += 1
                elif d.is_current_voided:
                    voided += 1
                if d.is_current_refundable:
                    refundable[declaration_type] += 1
                    if d.pupil_premium_uplift or d.sparsity_uplift:
                        uplift_refundable += 1
            elif has_flat_rate and flat_rate_selector(role, declaration_type):
                if d.is_current_billable:
                    flat_billable[declaration_type] += 1
                elif d.is_current_voided:
                    flat_voided += 1
                if d.is_current_refundable:
                    flat_refundable[declaration_type] += 1
        previous_billable: Counter[str] = Counter()
        previous_refundable: Counter[str] = Counter()
        for h in inputs.history:
            if in_banded(h.role, h.declaration_type):
                previous_billable[h.declaration_type] += h.billable
                previous_refundable[h.declaration_type] += h.refundable
        types = set(billable) | set(refundable) | set(previous_billable) | set(previous_refundable)
        counts = {
            t: TypeCounts(previous_billable[t], previous_refundable[t], billable[t], refundable[t]) for t in types
        }
        vat_rate = contract.applicable_vat_rate
        banded = calculate_banded(
            contract.banded,
            counts=counts,
            uplift_billable_count=uplift_billable,
            uplift_refundable_count=uplift_refundable,
            voided_count=voided,
            adjustments_total=sum((a.amount for a in inputs.adjustments), ZERO),
            vat_rate=vat_rate,
        )
        flat_rate = None
        if has_flat_rate:
            flat_rate = calculate_flat_rate(
                contract.flat_rate,
                billable_counts=flat_billable,
                refundable_counts=flat_refundable,
                voided_count=flat_voided,
                vat_rate=vat_rate,
            )
        vat = banded.vat + (flat_rate.vat if flat_rate else ZERO)
        total = banded.total + (flat_rate.total if flat_rate else ZERO)
    return StatementCalculation(contract.contract_type, inputs.fee_type, banded, flat_rate, vat, total)


_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def export_order(d: DeclarationInput) -> tuple[dt.datetime, dt.datetime, int]:
    """§9: declaration date, then creation time, then id."""
    return (d.declaration_date or _EARLIEST, d.created_at or _EARLIEST, d.id)


def exported_declarations(inputs: StatementInput, calculation: StatementCalculation) -> list[DeclarationInput]:
    """§9 row selection: per type, the earliest Σb current billable and the earliest Σr current refundable the
    banded calculator placed, all its current voided; every flat-rate billable, refundable and voided declaration;
    without duplicates, in export order."""
    in_banded = banded_selector(calculation.contract_type)
    chosen: dict[int, DeclarationInput] = {}
    banded_billable: dict[str, list[DeclarationInput]] = {}
    banded_refundable: dict[str, list[DeclarationInput]] = {}
    for d in inputs.declarations:
        if in_banded(d.role, d.declaration_type):
            if d.is_current_billable:
                banded_billable.setdefault(d.declaration_type, []).append(d)
            elif d.is_current_voided:
                chosen[d.id] = d
            if d.is_current_refundable:
                banded_refundable.setdefault(d.declaration_type, []).append(d)
        elif calculation.flat_rate is not None and flat_rate_selector(d.role, d.declaration_type):
            if d.is_current_billable or d.is_current_voided or d.is_current_refundable:
                chosen[d.id] = d
    fills = calculation.banded.allocations
    for declaration_type, found in banded_billable.items():
        placed = sum(fill.billable for fill in fills[declaration_type])
        for d in sorted(found, key=export_order)[:placed]:
            chosen[d.id] = d
    for declaration_type, found in banded_refundable.items():
        placed = sum(fill.refundable for fill in fills[declaration_type])
        for d in sorted(found, key=export_order)[:placed]:
            chosen[d.id] = d
    return sorted(chosen.values(), key=export_order)
