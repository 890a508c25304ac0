"""Finance situations on the spec's baseline world (domain.md §8, today 2026-09-15): Alpha Learning in 2026 with
finance.md Example 1's bands and contract (A 3, B 3, C 4 at £1,000 / £900 / £800, 60/40; service fee £2,500;
uplift £100), an earlier paid output statement (August 2026) and the next open one (November 2026)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from finance.models import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FlatRateFeeStructure,
    Statement,
    StatementStatus,
)
from providers.models import ActiveLeadProvider, SchoolPartnership
from teachers.models import TrainingPeriod
from tests.builders import (
    create_ect_at_school_period,
    create_lead_provider_delivery_partnership,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)
from tests.builders_providers import create_band, create_declaration, create_statement


@dataclass
class FinanceWorld:
    world: object
    active: ActiveLeadProvider
    contract: Contract
    partnership: SchoolPartnership
    august: Statement  # paid, payment 2026-08-25
    november: Statement  # open, deadline 2026-10-31, payment 2026-11-25

    def participant(self, role: str = "ect", **teacher_fields) -> TrainingPeriod:
        """A new teacher training with Alpha Learning at Oakfield in 2026."""
        school = self.world.oakfield
        if role == "ect":
            teacher = create_teacher(**teacher_fields)
            at_school = create_ect_at_school_period(teacher=teacher, school=school)
            return create_training_period(ect_at_school_period=at_school, school_partnership=self.partnership)
        teacher = create_teacher(first_name="Tom", last_name="Brown", **teacher_fields)
        at_school = create_mentor_at_school_period(teacher=teacher, school=school)
        return create_training_period(mentor_at_school_period=at_school, school_partnership=self.partnership)

    def declaration(self, role: str = "ect", **fields):
        return create_declaration(training_period=self.participant(role), **fields)

    def statement(self, month: int, year: int, **fields) -> Statement:
        return create_statement(contract=self.contract, month=month, year=year, **fields)


def example_1_contract(active: ActiveLeadProvider, contract_type: str = ContractType.ECF) -> Contract:
    bands = [create_band(active_lead_provider=active, capacity=c) for c in (3, 3, 4)]
    contract = Contract.objects.create(active_lead_provider=active, contract_type=contract_type)
    structure = BandedFeeStructure.objects.create(
        contract=contract,
        recruitment_target=10,
        setup_fee=Decimal("30000.00"),
        monthly_service_fee=Decimal("2500.00"),
        uplift_fee_per_declaration=Decimal("100.00"),
        uplift_target_ratio=Decimal("0.33"),
    )
    for band, fee in zip(bands, ("1000.00", "900.00", "800.00"), strict=True):
        BandTerm.objects.create(
            banded_fee_structure=structure,
            band=band,
            fee_per_declaration=Decimal(fee),
            output_fee_ratio=Decimal("0.60"),
            service_fee_ratio=Decimal("0.40"),
        )
    if contract_type == ContractType.ITTECF_ECTP:
        FlatRateFeeStructure.objects.create(
            contract=contract, recruitment_target=50, fee_per_declaration=Decimal("1000.00")
        )
    return contract


@pytest.fixture
def finance(world) -> FinanceWorld:
    active = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2026)
    pairing = create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=world.delta)
    partnership = SchoolPartnership.objects.get_or_create(
        school=world.oakfield, lead_provider_delivery_partnership=pairing
    )[0]
    contract = example_1_contract(active)
    august = create_statement(contract=contract, month=8, year=2026, status=StatementStatus.PAID)
    august.marked_as_paid_at = dt.datetime(2026, 8, 20, 15, tzinfo=dt.UTC)
    august.save()
    november = create_statement(contract=contract, month=11, year=2026)
    return FinanceWorld(world, active, contract, partnership, august, november)
