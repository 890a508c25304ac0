"""Contracts and monthly statements for every active lead provider (finance.md §3, §5), so that declarations have
statements to land on. Reference-like data: one contract per active lead provider and one statement per month
from November of the contract year to August three years later (the reference's seeded calendar, §5.3), found by
natural key before anything is created, so it is safe to call from any seeding command, any number of times.

Statuses follow the day the statement is created for: a statement whose payment date has passed is paid (output
statements marked as paid on their payment date), an output statement past its deadline but not yet paid is
payable, the rest are open. Once written, statuses are left alone (the daily job moves them on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.clock import LONDON
from finance.models import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FeeType,
    FlatRateFeeStructure,
    Statement,
    StatementStatus,
)
from providers.models import ActiveLeadProvider, Band

OUTPUT_MONTHS = (1, 4, 8, 11)  # finance.md §5.4
# (capacity, fee per declaration, output fee ratio): three banded tiers, then a 100% output band for overflow.
BANDS = (
    (8_000, Decimal("1400.00"), Decimal("0.60")),
    (8_000, Decimal("1300.00"), Decimal("0.60")),
    (8_000, Decimal("1200.00"), Decimal("0.60")),
    (200_000, Decimal("1100.00"), Decimal("1.00")),
)
MENTOR_FLAT_RATE = Decimal("1000.00")


@dataclass(frozen=True)
class StatementInfo:
    id: int
    deadline_date: dt.date
    payment_date: dt.date
    status: str
    marked_as_paid_at: dt.datetime | None


def statement_months(year: int) -> list[tuple[int, int]]:
    """(month, year) from November of the contract year to August three years later (§5.3: 34 statements)."""
    months, month, calendar_year = [], 11, year
    while (calendar_year, month) <= (year + 3, 8):
        months.append((month, calendar_year))
        month, calendar_year = (1, calendar_year + 1) if month == 12 else (month + 1, calendar_year)
    return months


def statement_dates(month: int, year: int) -> tuple[dt.date, dt.date]:
    """§5.3: deadline the last day of the month before, payment on the 25th of the month."""
    return dt.date(year, month, 1) - dt.timedelta(days=1), dt.date(year, month, 25)


def _status(fee_type: str, deadline: dt.date, payment: dt.date, today: dt.date) -> str:
    if payment < today:
        return StatementStatus.PAID
    if fee_type == FeeType.OUTPUT and deadline < today:
        return StatementStatus.PAYABLE
    return StatementStatus.OPEN


def _ensure_contract(active: ActiveLeadProvider) -> Contract:
    """The provider's latest contract for the year, or a new one priced on four bands (flat rate for mentors from
    2025, when mentor funding makes contracts `ittecf_ectp`)."""
    contract = Contract.objects.filter(active_lead_provider=active).order_by("-pk").first()
    if contract is not None:
        return contract
    year = active.contract_period_id
    contract_type = ContractType.ECF if year <= 2024 else ContractType.ITTECF_ECTP
    contract = Contract.objects.create(active_lead_provider=active, contract_type=contract_type)
    structure = BandedFeeStructure.objects.create(
        contract=contract,
        recruitment_target=sum(capacity for capacity, _, _ in BANDS[:3]),
        uplift_fee_per_declaration=Decimal("100.00") if year <= 2024 else Decimal("0"),
        uplift_target_ratio=Decimal("0.33") if year <= 2023 else Decimal("0.40") if year == 2024 else None,
    )
    bands = {b.allocation_order: b for b in Band.objects.filter(active_lead_provider=active)}
    for order, (capacity, fee, output_ratio) in enumerate(BANDS, start=1):
        band = bands.get(order) or Band.objects.create(
            active_lead_provider=active, allocation_order=order, capacity=capacity
        )
        BandTerm.objects.create(
            banded_fee_structure=structure,
            band=band,
            fee_per_declaration=fee,
            output_fee_ratio=output_ratio,
            service_fee_ratio=Decimal("1") - output_ratio,
        )
    if contract_type == ContractType.ITTECF_ECTP:
        FlatRateFeeStructure.objects.create(
            contract=contract, recruitment_target=2_000, fee_per_declaration=MENTOR_FLAT_RATE
        )
    return contract


def ensure_statements(*, today: dt.date) -> dict[int, list[StatementInfo]]:
    """Every active lead provider's contract and monthly statements; returns each active lead provider's output
    statements by deadline, as declarations choose them (finance.md §6.1)."""
    have = set(Statement.objects.values_list("active_lead_provider_id", "month", "year"))
    new = []
    for active in ActiveLeadProvider.objects.order_by("pk"):
        wanted = [(m, y) for m, y in statement_months(active.contract_period_id) if (active.pk, m, y) not in have]
        if not wanted:
            continue
        contract = _ensure_contract(active)
        for month, year in wanted:
            deadline, payment = statement_dates(month, year)
            fee_type = FeeType.OUTPUT if month in OUTPUT_MONTHS else FeeType.SERVICE
            status = _status(fee_type, deadline, payment, today)
            paid = status == StatementStatus.PAID and fee_type == FeeType.OUTPUT
            new.append(
                Statement(
                    contract=contract,
                    active_lead_provider=active,
                    month=month,
                    year=year,
                    deadline_date=deadline,
                    payment_date=payment,
                    fee_type=fee_type,
                    status=status,
                    marked_as_paid_at=dt.datetime.combine(payment, dt.time(15), tzinfo=LONDON) if paid else None,
                )
            )
    Statement.objects.bulk_create(new, batch_size=1000)
    output: dict[int, list[StatementInfo]] = {}
    for row in (
        Statement.objects.filter(fee_type=FeeType.OUTPUT)
        .order_by("active_lead_provider_id", "deadline_date", "pk")
        .values_list("active_lead_provider_id", "pk", "deadline_date", "payment_date", "status", "marked_as_paid_at")
    ):
        output.setdefault(row[0], []).append(StatementInfo(*row[1:]))
    return output
