"""Contract period for a date, for a registration start date, and the earliest ECT start (domain.md §6.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from providers.models import ContractPeriod
from providers.selectors.contract_periods import (
    contract_period_containing,
    contract_period_for_registration_start_date,
    current_contract_period,
    earliest_permitted_ect_start_date,
    reassignment_successor_contract_period,
)
from tests.builders import create_contract_period

pytestmark = pytest.mark.django_db


def test_containing_uses_inclusive_ends(world):
    assert contract_period_containing(dt.date(2026, 5, 31)).year == 2025
    assert contract_period_containing(dt.date(2026, 6, 1)).year == 2026
    assert contract_period_containing(dt.date(2027, 5, 31)).year == 2026
    assert contract_period_containing(dt.date(2030, 1, 1)) is None


def test_current_contract_period_is_the_one_containing_today(world, frozen_today):
    assert current_contract_period().year == 2026
    frozen_today(dt.date(2026, 5, 31))
    assert current_contract_period().year == 2025


def test_no_current_contract_period(db, frozen_today):
    create_contract_period(2024)
    assert current_contract_period() is None
    assert contract_period_for_registration_start_date(dt.date(2024, 9, 1)) is None
    assert earliest_permitted_ect_start_date() is None


@pytest.mark.parametrize(
    ("started_on", "year"),
    [
        (dt.date(2026, 1, 10), 2026),  # in 2025, before the current period → current
        (dt.date(2026, 10, 1), 2026),
        (dt.date(2027, 7, 1), 2027),  # a future period, even when not enabled
        (dt.date(2030, 1, 1), 2026),  # no period → current
    ],
)
def test_BR_CP_06_registration_contract_period(world, started_on, year):
    """BR-CP-06: the period containing the start date; past-period and uncovered dates map to the current one."""
    assert contract_period_for_registration_start_date(started_on).year == year


def test_BR_ECT_08_earliest_permitted_start_is_two_periods_before_the_current_one(world, frozen_today):
    """BR-ECT-08: current 2026 → earliest start 1 June 2024."""
    assert earliest_permitted_ect_start_date() == dt.date(2024, 6, 1)
    frozen_today(dt.date(2026, 5, 1))  # current 2025
    assert earliest_permitted_ect_start_date() == dt.date(2023, 6, 1)


def test_earliest_permitted_start_needs_two_predecessors(db, frozen_today):
    create_contract_period(2025)
    create_contract_period(2026)
    assert earliest_permitted_ect_start_date() is None
    create_contract_period(2024)
    assert earliest_permitted_ect_start_date() == dt.date(2024, 6, 1)


def test_reassignment_successor_is_2024(world):
    assert reassignment_successor_contract_period() == ContractPeriod.objects.get(year=2024)
