"""Reference data every environment needs: contract periods (domain.md §5.8) and lead providers
(lead-provider-api.md §15). Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from providers.models import ContractPeriod, LeadProvider

LEAD_PROVIDER_NAMES = (
    "Ambition Institute",
    "Best Practice Network",
    "Capita",
    "Education Development Trust",
    "National Institute of Teaching",
    "Teach First",
    "UCL Institute of Education",
)

# year: (enabled, payments_frozen_on, mentor_funding_enabled, detailed_evidence_types_enabled, uplift_fees_enabled)
CONTRACT_PERIODS = {
    2021: (False, dt.date(2024, 6, 18), False, False, True),
    2022: (False, dt.date(2025, 6, 16), False, False, True),
    2023: (True, None, False, False, True),
    2024: (True, None, False, False, True),
    2025: (True, None, True, True, False),
    2026: (True, None, True, True, False),
    2027: (False, None, True, True, False),
}


def ensure_contract_periods() -> list[ContractPeriod]:
    periods = []
    for year, (enabled, frozen_on, mentor_funding, detailed_evidence, uplift) in CONTRACT_PERIODS.items():
        frozen_at = timezone.make_aware(dt.datetime.combine(frozen_on, dt.time.min)) if frozen_on else None
        period, _ = ContractPeriod.objects.get_or_create(
            year=year,
            defaults=dict(
                started_on=dt.date(year, 6, 1),
                finished_on=dt.date(year + 1, 5, 31),
                enabled=enabled,
                payments_frozen_at=frozen_at,
                mentor_funding_enabled=mentor_funding,
                detailed_evidence_types_enabled=detailed_evidence,
                uplift_fees_enabled=uplift,
            ),
        )
        periods.append(period)
    return periods


def ensure_lead_providers() -> list[LeadProvider]:
    return [LeadProvider.objects.get_or_create(name=name)[0] for name in LEAD_PROVIDER_NAMES]
