"""Builders for provider, finance and declaration tests: contracts, fee structures, statements and declarations.

Like `tests.builders`, they write rows directly (no services, no events) to set up a situation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.clock import LONDON
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
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
from providers.models import ActiveLeadProvider, Band, DeclarationType
from teachers.models import TrainingPeriod


def create_contract(
    *, active_lead_provider: ActiveLeadProvider, contract_type: str = ContractType.ECF, banded: bool = True
) -> Contract:
    contract = Contract.objects.create(
        active_lead_provider=active_lead_provider, contract_type=contract_type, vat_rate=Decimal("0.20")
    )
    if banded:
        structure = BandedFeeStructure.objects.create(
            contract=contract,
            recruitment_target=1000,
            setup_fee=Decimal("1500.00"),
            monthly_service_fee=Decimal("100.00"),
            uplift_fee_per_declaration=Decimal("100.00"),
            uplift_target_ratio=Decimal("0.3300"),
        )
        for band in active_lead_provider.bands.order_by("allocation_order"):
            BandTerm.objects.create(
                banded_fee_structure=structure,
                band=band,
                fee_per_declaration=Decimal("1000.00") - 50 * band.allocation_order,
                output_fee_ratio=Decimal("0.6000"),
                service_fee_ratio=Decimal("0.4000"),
            )
    if contract_type == ContractType.ITTECF_ECTP:
        FlatRateFeeStructure.objects.create(
            contract=contract, recruitment_target=200, fee_per_declaration=Decimal("750.00")
        )
    return contract


def create_band(*, active_lead_provider: ActiveLeadProvider, capacity: int = 100) -> Band:
    return Band.objects.create(
        active_lead_provider=active_lead_provider,
        allocation_order=active_lead_provider.bands.count() + 1,
        capacity=capacity,
    )


def create_statement(
    *,
    active_lead_provider: ActiveLeadProvider | None = None,
    contract: Contract | None = None,
    month: int = 10,
    year: int = 2026,
    deadline_date: dt.date | None = None,
    payment_date: dt.date | None = None,
    fee_type: str = FeeType.OUTPUT,
    status: str = StatementStatus.OPEN,
) -> Statement:
    """A statement for the month; deadline the last day of the month before, payment the 25th of the month."""
    if contract is None:
        contract = active_lead_provider.contracts.order_by("pk").first() or create_contract(
            active_lead_provider=active_lead_provider
        )
    first_of_month = dt.date(year, month, 1)
    return Statement.objects.create(
        contract=contract,
        active_lead_provider=contract.active_lead_provider,
        month=month,
        year=year,
        deadline_date=deadline_date or first_of_month - dt.timedelta(days=1),
        payment_date=payment_date or dt.date(year, month, 25),
        fee_type=fee_type,
        status=status,
    )


def create_declaration(
    *,
    training_period: TrainingPeriod,
    declaration_type: str = DeclarationType.STARTED,
    declaration_date: dt.datetime | None = None,
    payment_status: str = PaymentStatus.NO_PAYMENT,
    clawback_status: str = ClawbackStatus.NO_CLAWBACK,
    payment_statement: Statement | None = None,
    clawback_statement: Statement | None = None,
    **fields,
) -> Declaration:
    partnership = training_period.school_partnership
    delivery_partner = fields.pop("delivery_partner_when_created", None) or partnership.delivery_partner
    return Declaration.objects.create(
        training_period=training_period,
        declaration_type=declaration_type,
        declaration_date=declaration_date or dt.datetime(2026, 9, 10, 10, tzinfo=LONDON),
        payment_status=payment_status,
        clawback_status=clawback_status,
        payment_statement=payment_statement,
        clawback_statement=clawback_statement,
        delivery_partner_when_created=delivery_partner,
        **fields,
    )
