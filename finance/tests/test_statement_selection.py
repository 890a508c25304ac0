"""finance.md §6.3: which output statement a declaration lands on, by London date (the deadline day still counts;
clawbacks take the next output statement whatever its status)."""

from __future__ import annotations

import datetime as dt

import pytest

from declarations.validation import next_output_statement
from finance.models import FeeType, StatementStatus
from providers.models import ActiveLeadProvider
from tests.builders_providers import create_contract, create_statement


@pytest.fixture
def calendar_2024(world):
    active = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2024)
    contract = create_contract(active_lead_provider=active)
    made = {
        (month, year): create_statement(contract=contract, month=month, year=year)
        for month, year in ((1, 2025), (4, 2025), (8, 2025), (11, 2025))
    }
    create_statement(contract=contract, month=2, year=2025, fee_type=FeeType.SERVICE)  # never chosen
    return active, made


@pytest.mark.parametrize(
    ("submitted_on", "lands_on"),
    [
        (dt.date(2024, 12, 31), (1, 2025)),
        (dt.date(2025, 1, 1), (4, 2025)),
        (dt.date(2025, 3, 31), (4, 2025)),
        (dt.date(2025, 4, 1), (8, 2025)),
    ],
)
def test_a_declaration_lands_on_the_next_output_statement(calendar_2024, submitted_on, lands_on):
    active, statements = calendar_2024
    assert next_output_statement(active, on=submitted_on) == statements[lands_on]


def test_a_clawback_on_15_august_2025_lands_on_november_2025_whatever_its_status(calendar_2024):
    active, statements = calendar_2024
    november = statements[(11, 2025)]
    november.status = StatementStatus.PAYABLE
    november.save()
    assert next_output_statement(active, on=dt.date(2025, 8, 15), open_only=False) == november
    assert next_output_statement(active, on=dt.date(2025, 8, 15)) is None
