"""Extra builders for the leaving, mentoring and mentor-registration tests (helper H2's area)."""

from __future__ import annotations

import datetime as dt
import itertools

from finance.models import Contract, ContractType, Statement
from providers.models import ActiveLeadProvider

_months = itertools.count(0)


def create_statement(*, training_period=None, active_lead_provider: ActiveLeadProvider | None = None) -> Statement:
    """An output statement for the training period's provider (a fresh month each time)."""
    if active_lead_provider is None:
        if training_period.school_partnership_id:
            active_lead_provider = training_period.school_partnership.active_lead_provider
        else:
            active_lead_provider = training_period.expression_of_interest
    contract = Contract.objects.filter(active_lead_provider=active_lead_provider).first() or Contract.objects.create(
        active_lead_provider=active_lead_provider, contract_type=ContractType.ITTECF_ECTP
    )
    n = next(_months)
    month, year = n % 12 + 1, 2026 + n // 12
    return Statement.objects.create(
        contract=contract,
        active_lead_provider=active_lead_provider,
        month=month,
        year=year,
        deadline_date=dt.date(year, month, 1),
        payment_date=dt.date(year, month, 25),
    )
