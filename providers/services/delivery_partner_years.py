"""Which lead providers work with a delivery partner in a contract year (journeys.md §6.7 "Manage DP's lead
providers for a year"): one service setting the whole selection, pairing and unpairing through
`providers.services.delivery_partners` so each change keeps its own event."""

from __future__ import annotations

from collections.abc import Iterable

from core import clock
from core.errors import BASE, DomainError
from core.services import service
from events.authors import Author
from providers.models import ActiveLeadProvider, ContractPeriod, DeliveryPartner, LeadProviderDeliveryPartnership
from providers.services.delivery_partners import pair_delivery_partner, unpair_delivery_partner

STARTED_YEAR_ONLY_ADDS = "The {year} contract period has started, so lead providers can only be added"
NOT_ACTIVE_THAT_YEAR = "Choose lead providers active in {year}"


def current_pairings(delivery_partner: DeliveryPartner, contract_period: ContractPeriod):
    return LeadProviderDeliveryPartnership.objects.filter(
        delivery_partner=delivery_partner, active_lead_provider__contract_period=contract_period
    ).select_related("active_lead_provider__lead_provider")


def only_additions(contract_period: ContractPeriod) -> bool:
    """Once a year has started, its pairings may be in use by schools' choices and the API: only add."""
    return contract_period.started_on <= clock.today()


@service
def set_lead_providers_for_year(
    *,
    author: Author,
    delivery_partner: DeliveryPartner,
    contract_period: ContractPeriod,
    active_lead_providers: Iterable[ActiveLeadProvider],
) -> list[LeadProviderDeliveryPartnership]:
    """Make the delivery partner's pairings in the year exactly the chosen active lead providers. In a year that
    has started nothing may be removed; a pairing used by a school partnership is kept by `unpair`'s own rule."""
    chosen = {a.pk: a for a in active_lead_providers}
    if any(a.contract_period_id != contract_period.year for a in chosen.values()):
        raise DomainError("active_lead_providers", NOT_ACTIVE_THAT_YEAR.format(year=contract_period.year))
    existing = {p.active_lead_provider_id: p for p in current_pairings(delivery_partner, contract_period)}
    removing = [p for pk, p in existing.items() if pk not in chosen]
    if removing and only_additions(contract_period):
        raise DomainError(BASE, STARTED_YEAR_ONLY_ADDS.format(year=contract_period.year))
    for pairing in removing:
        unpair_delivery_partner(author=author, pairing=pairing)
    for pk, active in chosen.items():
        if pk not in existing:
            pair_delivery_partner(author=author, active_lead_provider=active, delivery_partner=delivery_partner)
    return list(current_pairings(delivery_partner, contract_period))
