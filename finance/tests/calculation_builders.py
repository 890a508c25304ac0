"""Plain-value builders for the pure calculation's tests (no database)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from finance.calculation import (
    BandedFeeStructureInput,
    BandInput,
    ContractInput,
    DeclarationInput,
    FlatRateFeeStructureInput,
)

_ids = itertools.count(1)


def bands(*terms: tuple[int, str] | tuple[int, str, str]) -> tuple[BandInput, ...]:
    """`(capacity, fee)` or `(capacity, fee, output ratio)` per band, in allocation order; service = 1 − output."""
    made = []
    for order, term in enumerate(terms, start=1):
        capacity, fee, *ratio = term
        output = Decimal(ratio[0] if ratio else "0.60")
        made.append(BandInput(order, capacity, Decimal(fee), output, Decimal("1") - output))
    return tuple(made)


def banded(
    band_inputs: tuple[BandInput, ...],
    *,
    monthly_service_fee: str | None = "0.00",
    uplift_fee: str = "0.00",
    setup_fee: str = "0.00",
    recruitment_target: int = 0,
) -> BandedFeeStructureInput:
    return BandedFeeStructureInput(
        bands=band_inputs,
        recruitment_target=recruitment_target,
        setup_fee=Decimal(setup_fee),
        monthly_service_fee=None if monthly_service_fee is None else Decimal(monthly_service_fee),
        uplift_fee_per_declaration=Decimal(uplift_fee),
    )


def ecf(structure: BandedFeeStructureInput, *, vat_registered: bool = True) -> ContractInput:
    return ContractInput("ecf", Decimal("0.20"), vat_registered, structure)


def ittecf_ectp(structure: BandedFeeStructureInput, *, flat_fee: str, flat_target: int = 50) -> ContractInput:
    return ContractInput(
        "ittecf_ectp", Decimal("0.20"), True, structure, FlatRateFeeStructureInput(Decimal(flat_fee), flat_target)
    )


def billable(declaration_type: str = "started", *, role: str = "ect", status: str = "eligible", **fields):
    return DeclarationInput(next(_ids), declaration_type, role, status, **fields)


def voided(declaration_type: str = "started", *, role: str = "ect", **fields):
    return DeclarationInput(next(_ids), declaration_type, role, "voided", **fields)


def refundable(declaration_type: str = "started", *, role: str = "ect", status: str = "awaiting_clawback", **fields):
    """Paid on an earlier statement, clawed back on this one."""
    return DeclarationInput(
        next(_ids),
        declaration_type,
        role,
        "paid",
        status,
        on_payment_statement=False,
        on_clawback_statement=True,
        **fields,
    )


def day(n: int) -> dt.datetime:
    return dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n)
