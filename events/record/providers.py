"""Events for contract periods, schedules, lead providers, delivery partners, partnerships and API tokens
(domain.md §5.20 "Providers & contracts" and "Schools"; §7.8). Headings follow the reference's patterns, e.g.
`<School> partnered with <DP> (via <LP>) for <year>`."""

from __future__ import annotations

from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType

# Contract periods, schedules, milestones --------------------------------------------------------------------------


def contract_period_added(*, author: Author, contract_period: Any) -> Event:
    return write_event(
        type=EventType.CONTRACT_PERIOD_ADDED,
        author=author,
        heading=f"Contract period added: {contract_period.year}",
        metadata={
            "year": contract_period.year,
            "started_on": contract_period.started_on.isoformat(),
            "finished_on": contract_period.finished_on.isoformat(),
            "enabled": contract_period.enabled,
            "detailed_evidence_types_enabled": contract_period.detailed_evidence_types_enabled,
            "mentor_funding_enabled": contract_period.mentor_funding_enabled,
            "uplift_fees_enabled": contract_period.uplift_fees_enabled,
        },
        contract_period=contract_period,
    )


def contract_period_updated(*, author: Author, contract_period: Any, modifications: list[str]) -> Event:
    return write_event(
        type=EventType.CONTRACT_PERIOD_UPDATED,
        author=author,
        heading=f"Contract period updated: {contract_period.year}",
        modifications=modifications,
        contract_period=contract_period,
    )


def schedule_added(*, author: Author, schedule: Any, metadata: dict[str, Any] | None = None) -> Event:
    """`Standard September for 2027 added`."""
    return write_event(
        type=EventType.SCHEDULE_ADDED,
        author=author,
        heading=f"{schedule.description} added",
        metadata=metadata,
        schedule=schedule,
        contract_period=schedule.contract_period,
    )


def schedule_deleted(*, author: Author, schedule: Any) -> Event:
    """Written before the schedule is deleted; the schedule link would be nulled, so its id is in the metadata."""
    return write_event(
        type=EventType.SCHEDULE_DELETED,
        author=author,
        heading=f"{schedule.description} removed",
        metadata={"schedule_id": schedule.pk, "identifier": schedule.identifier},
        contract_period=schedule.contract_period,
    )


def _declaration_type_title(declaration_type: str) -> str:
    """`retained-1` → `Retained 1` (the reference's titleize)."""
    return declaration_type.replace("-", " ").title()


def milestone_added(*, author: Author, milestone: Any) -> Event:
    """`Milestone Retained 1 added to Standard September for 2027`."""
    schedule = milestone.schedule
    return write_event(
        type=EventType.MILESTONE_ADDED,
        author=author,
        heading=f"Milestone {_declaration_type_title(milestone.declaration_type)} added to {schedule.description}",
        metadata={
            "declaration_type": milestone.declaration_type,
            "start_date": milestone.start_date.isoformat(),
            "milestone_date": milestone.milestone_date.isoformat() if milestone.milestone_date else None,
        },
        schedule=schedule,
        contract_period=schedule.contract_period,
    )


def milestone_deleted(*, author: Author, milestone: Any) -> Event:
    schedule = milestone.schedule
    return write_event(
        type=EventType.MILESTONE_DELETED,
        author=author,
        heading=(
            f"Milestone {_declaration_type_title(milestone.declaration_type)} removed from {schedule.description}"
        ),
        metadata={"declaration_type": milestone.declaration_type},
        schedule=schedule,
        contract_period=schedule.contract_period,
    )


# Lead providers, bands, contracts ---------------------------------------------------------------------------------


def active_lead_provider_created(
    *, author: Author, active_lead_provider: Any, metadata: dict[str, Any] | None = None
) -> Event:
    """`Alpha Learning added for 2027`."""
    lead_provider = active_lead_provider.lead_provider
    contract_period = active_lead_provider.contract_period
    return write_event(
        type=EventType.ACTIVE_LEAD_PROVIDER_CREATED,
        author=author,
        heading=f"{lead_provider.name} added for {contract_period.year}",
        metadata=metadata,
        active_lead_provider=active_lead_provider,
        lead_provider=lead_provider,
        contract_period=contract_period,
    )


def active_lead_provider_deleted(
    *, author: Author, lead_provider: Any, contract_period: Any, metadata: dict[str, Any] | None = None
) -> Event:
    """Written after the cascade, so it links the surviving lead provider and contract period."""
    return write_event(
        type=EventType.ACTIVE_LEAD_PROVIDER_DELETED,
        author=author,
        heading=f"{lead_provider.name} removed for {contract_period.year}",
        metadata=metadata,
        lead_provider=lead_provider,
        contract_period=contract_period,
    )


def contract_created(*, author: Author, contract: Any) -> Event:
    active = contract.active_lead_provider
    return write_event(
        type=EventType.CONTRACT_CREATED,
        author=author,
        heading=f"Contract created: {contract.contract_type} for {active.lead_provider.name}",
        metadata={"contract_id": contract.pk, "contract_type": contract.contract_type},
        active_lead_provider=active,
        lead_provider=active.lead_provider,
        contract_period=active.contract_period,
    )


def _band_links(band: Any) -> dict[str, Any]:
    active = band.active_lead_provider
    return {
        "active_lead_provider": active,
        "lead_provider": active.lead_provider,
        "contract_period": active.contract_period,
    }


def band_added(*, author: Author, band: Any) -> Event:
    """`Band A added to Alpha Learning for 2027`."""
    active = band.active_lead_provider
    return write_event(
        type=EventType.BAND_ADDED,
        author=author,
        heading=f"Band {band.letter} added to {active.lead_provider.name} for {active.contract_period_id}",
        metadata={"allocation_order": band.allocation_order, "capacity": band.capacity},
        **_band_links(band),
    )


def band_updated(*, author: Author, band: Any, modifications: list[str]) -> Event:
    active = band.active_lead_provider
    return write_event(
        type=EventType.BAND_UPDATED,
        author=author,
        heading=f"Band {band.letter} updated for {active.lead_provider.name} for {active.contract_period_id}",
        modifications=modifications,
        **_band_links(band),
    )


def band_deleted(*, author: Author, band: Any) -> Event:
    active = band.active_lead_provider
    return write_event(
        type=EventType.BAND_DELETED,
        author=author,
        heading=f"Band {band.letter} deleted for {active.lead_provider.name} for {active.contract_period_id}",
        metadata={"allocation_order": band.allocation_order, "capacity": band.capacity},
        **_band_links(band),
    )


# Delivery partners and pairings -----------------------------------------------------------------------------------


def delivery_partner_created(*, author: Author, delivery_partner: Any) -> Event:
    return write_event(
        type=EventType.DELIVERY_PARTNER_CREATED,
        author=author,
        heading=f"Delivery partner {delivery_partner.name} created",
        delivery_partner=delivery_partner,
    )


def delivery_partner_name_changed(*, author: Author, delivery_partner: Any, old_name: str, new_name: str) -> Event:
    return write_event(
        type=EventType.DELIVERY_PARTNER_NAME_CHANGED,
        author=author,
        heading="Delivery partner name changed",
        modifications=[f"Name changed from '{old_name}' to '{new_name}'"],
        metadata={"name": [old_name, new_name]},
        delivery_partner=delivery_partner,
    )


def lead_provider_delivery_partnership_added(*, author: Author, pairing: Any) -> Event:
    """`Alpha Learning partnered with Delta Partners for 2026`."""
    active = pairing.active_lead_provider
    return write_event(
        type=EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_ADDED,
        author=author,
        heading=f"{active.lead_provider.name} partnered with {pairing.delivery_partner.name} "
        f"for {active.contract_period_id}",
        lead_provider_delivery_partnership=pairing,
        delivery_partner=pairing.delivery_partner,
        lead_provider=active.lead_provider,
        active_lead_provider=active,
        contract_period=active.contract_period,
    )


def lead_provider_delivery_partnership_removed(*, author: Author, pairing: Any) -> Event:
    """Written before the pairing is deleted; its id is kept in the metadata."""
    active = pairing.active_lead_provider
    return write_event(
        type=EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_REMOVED,
        author=author,
        heading=f"{active.lead_provider.name} partnership with {pairing.delivery_partner.name} "
        f"for {active.contract_period_id} removed",
        metadata={"lead_provider_delivery_partnership_id": pairing.pk},
        delivery_partner=pairing.delivery_partner,
        lead_provider=active.lead_provider,
        active_lead_provider=active,
        contract_period=active.contract_period,
    )


# School partnerships ----------------------------------------------------------------------------------------------


def _school_partnership_links(school_partnership: Any) -> dict[str, Any]:
    return {
        "school_partnership": school_partnership,
        "school": school_partnership.school,
        "delivery_partner": school_partnership.delivery_partner,
        "lead_provider": school_partnership.lead_provider,
        "lead_provider_delivery_partnership": school_partnership.lead_provider_delivery_partnership,
        "active_lead_provider": school_partnership.active_lead_provider,
        "contract_period": school_partnership.contract_period,
    }


def school_partnership_created(*, author: Author, school_partnership: Any) -> Event:
    """`Oakfield Primary partnered with Delta Partners (via Alpha Learning) for 2026`."""
    sp = school_partnership
    year = sp.contract_period.year
    return write_event(
        type=EventType.SCHOOL_PARTNERSHIP_CREATED,
        author=author,
        heading=f"{sp.school.name} partnered with {sp.delivery_partner.name} (via {sp.lead_provider.name}) for {year}",
        metadata={"contract_period_year": year},
        **_school_partnership_links(sp),
    )


def school_partnership_updated(
    *, author: Author, school_partnership: Any, previous_delivery_partner: Any, modifications: list[str]
) -> Event:
    """`Oakfield Primary changed partnership from Delta Partners to Echo Partners (via Alpha Learning) for 2026`."""
    sp = school_partnership
    year = sp.contract_period.year
    return write_event(
        type=EventType.SCHOOL_PARTNERSHIP_UPDATED,
        author=author,
        heading=f"{sp.school.name} changed partnership from {previous_delivery_partner.name} to "
        f"{sp.delivery_partner.name} (via {sp.lead_provider.name}) for {year}",
        modifications=modifications,
        metadata={"contract_period_year": year, "previous_delivery_partner_id": previous_delivery_partner.pk},
        **_school_partnership_links(sp),
    )


# API tokens (BR-LP-17) --------------------------------------------------------------------------------------------


def lead_provider_api_token_created(*, author: Author, api_token: Any) -> Event:
    lead_provider = api_token.lead_provider
    return write_event(
        type=EventType.LEAD_PROVIDER_API_TOKEN_CREATED,
        author=author,
        heading=f"An API token was created for lead provider: {lead_provider.name}",
        metadata={"description": api_token.description, "api_token_id": api_token.pk},
        lead_provider=lead_provider,
    )


def lead_provider_api_token_revoked(*, author: Author, api_token: Any) -> Event:
    lead_provider = api_token.lead_provider
    return write_event(
        type=EventType.LEAD_PROVIDER_API_TOKEN_REVOKED,
        author=author,
        heading=f"An API token was revoked for lead provider: {lead_provider.name}",
        metadata={"description": api_token.description, "api_token_id": api_token.pk},
        lead_provider=lead_provider,
    )


def lead_provider_api_token_expiry_set(*, author: Author, api_token: Any) -> Event:
    lead_provider = api_token.lead_provider
    return write_event(
        type=EventType.LEAD_PROVIDER_API_TOKEN_EXPIRY_SET,
        author=author,
        heading=f"An API token's expiry was set for lead provider: {lead_provider.name}",
        metadata={
            "description": api_token.description,
            "api_token_id": api_token.pk,
            "expires_at": api_token.expires_at.isoformat(),
        },
        lead_provider=lead_provider,
    )


def _contract_links(contract: Any) -> dict[str, Any]:
    active = contract.active_lead_provider
    return {
        "active_lead_provider": active,
        "lead_provider": active.lead_provider,
        "contract_period": active.contract_period,
    }


def contract_updated(*, author: Author, contract: Any, modifications: list[str]) -> Event:
    """finance.md §3.3: band fields are named `band_<letter>_<attribute>` in the modifications."""
    active = contract.active_lead_provider
    return write_event(
        type=EventType.CONTRACT_UPDATED,
        author=author,
        heading=f"Contract updated: {contract.contract_type} for {active.lead_provider.name}",
        modifications=modifications,
        metadata={"contract_id": contract.pk, "contract_type": contract.contract_type},
        **_contract_links(contract),
    )


def contract_deleted(*, author: Author, contract: Any, contract_id: int) -> Event:
    """Written after the row is gone; the contract's id stays in the metadata."""
    active = contract.active_lead_provider
    return write_event(
        type=EventType.CONTRACT_DELETED,
        author=author,
        heading=f"Contract deleted: {contract.contract_type} for {active.lead_provider.name}",
        metadata={"contract_id": contract_id, "contract_type": contract.contract_type},
        **_contract_links(contract),
    )
