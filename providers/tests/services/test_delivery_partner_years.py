"""journeys.md §6.7 "Manage DP's lead providers for a year" (providers.services.delivery_partner_years)."""

from __future__ import annotations

import pytest

from core.errors import DomainError
from events.models import Event
from providers.models import ActiveLeadProvider
from providers.services.delivery_partner_years import current_pairings, set_lead_providers_for_year
from tests.builders import create_active_lead_provider
from tests.builders_induction import dfe_admin

pytestmark = pytest.mark.django_db


def lead_providers(delivery_partner, year) -> set[str]:
    return {p.active_lead_provider.lead_provider.name for p in current_pairings(delivery_partner, year)}


def test_a_started_year_only_gains_lead_providers(world):
    year = world.contract_periods[2026]
    alpha, beta = (
        ActiveLeadProvider.objects.get(lead_provider=lp, contract_period=year) for lp in (world.alpha, world.beta)
    )
    set_lead_providers_for_year(
        author=dfe_admin(), delivery_partner=world.delta, contract_period=year, active_lead_providers=[alpha, beta]
    )
    assert lead_providers(world.delta, year) == {"Alpha Learning", "Beta Institute"}
    assert Event.objects.filter(event_type="lead_provider_delivery_partnership_added").count() == 1
    with pytest.raises(DomainError, match="can only be added"):
        set_lead_providers_for_year(
            author=dfe_admin(), delivery_partner=world.delta, contract_period=year, active_lead_providers=[beta]
        )
    assert lead_providers(world.delta, year) == {"Alpha Learning", "Beta Institute"}


def test_a_future_year_can_be_edited_in_full(world):
    year = world.contract_periods[2027]
    alpha = create_active_lead_provider(lead_provider=world.alpha, year=2027)
    beta = create_active_lead_provider(lead_provider=world.beta, year=2027)
    set_lead_providers_for_year(
        author=dfe_admin(), delivery_partner=world.delta, contract_period=year, active_lead_providers=[alpha]
    )
    set_lead_providers_for_year(
        author=dfe_admin(), delivery_partner=world.delta, contract_period=year, active_lead_providers=[beta]
    )
    assert lead_providers(world.delta, year) == {"Beta Institute"}
    assert Event.objects.filter(event_type="lead_provider_delivery_partnership_removed").count() == 1


def test_only_lead_providers_active_that_year(world):
    other_year = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2025)
    with pytest.raises(DomainError, match="active in 2026"):
        set_lead_providers_for_year(
            author=dfe_admin(),
            delivery_partner=world.delta,
            contract_period=world.contract_periods[2026],
            active_lead_providers=[other_year],
        )
