"""Which contract period ("cohort") a date belongs to, and the registration variants of that question
(domain.md §6.1, BR-CP-06, BR-ECT-08).

Contract periods never overlap (a database constraint), so at most one contains any day.
"""

from __future__ import annotations

import datetime as dt

from core import clock
from providers.models import REASSIGNMENT_SUCCESSOR_YEAR, ContractPeriod


def contract_period_containing(day: dt.date) -> ContractPeriod | None:
    """`containing_date(D)`: the contract period whose inclusive dates contain `day`."""
    return ContractPeriod.objects.containing(day).first()


def current_contract_period() -> ContractPeriod | None:
    """The contract period containing today."""
    return contract_period_containing(clock.today())


def contract_period_for_registration_start_date(started_on: dt.date) -> ContractPeriod | None:
    """BR-CP-06: the period containing the start date, except that a start date in an earlier period than the
    current one, or in no period at all, maps to the current period (None when there is no current period)."""
    current = current_contract_period()
    if current is None:
        return None
    containing = contract_period_containing(started_on)
    if containing is None or containing.year < current.year:
        return current
    return containing


def earliest_permitted_ect_start_date() -> dt.date | None:
    """BR-ECT-08: the start of the contract period two before the current one (current 2026 → 1 June 2024).
    None when there is no current period or it has fewer than two predecessors."""
    current = current_contract_period()
    if current is None:
        return None
    predecessors = ContractPeriod.objects.filter(started_on__lt=current.started_on).order_by("-started_on")
    two_before = list(predecessors[1:2])
    return two_before[0].started_on if two_before else None


def reassignment_successor_contract_period() -> ContractPeriod | None:
    """§4.3: where ECTs from payments-frozen cohorts are moved (2024)."""
    return ContractPeriod.objects.filter(year=REASSIGNMENT_SUCCESSOR_YEAR).first()
