"""Lead providers, their activation for a contract period, and finance bands (domain.md §5.10.1–3, §7.8.4–5;
BR-LP-01, BR-LP-02, BR-LP-15, BR-LP-16).

Activating a lead provider for a year copies its previous year's set-up: bands, delivery partnerships and one
contract (from the contract owning the latest previous statement) carrying every previous statement one year
forward. An activation can be deleted only while nothing uses it.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Q

from core import clock
from core.dates import add_months
from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from declarations.models import Declaration
from events.authors import Author
from events.record import providers as record
from events.recorder import describe_changes
from finance.models import BandedFeeStructure, BandTerm, Contract, FlatRateFeeStructure, Statement, StatementStatus
from providers import messages
from providers.models import (
    ActiveLeadProvider,
    Band,
    ContractPeriod,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    SchoolPartnership,
)
from providers.services.contract_periods import is_editable
from schools.services.api_metadata import refresh_school_api_metadata
from teachers.models import TrainingPeriod

# Validation (BR-LP-01, BR-LP-02) ----------------------------------------------------------------------------------


def squish(text: str | None) -> str:
    """Trim and collapse inner whitespace, as names are stored (§5.10.1, §5.10.4)."""
    return " ".join((text or "").split())


def validate_lead_provider(
    *, name: str | None, ecf_id: uuid.UUID | None = None, lead_provider: LeadProvider | None = None
) -> str:
    """BR-LP-01: a name, unique; `ecf_id` unique (ignoring case) when present. Returns the squished name."""
    errors = ErrorCollector()
    name = squish(name)
    others = LeadProvider.objects.all()
    if lead_provider is not None and lead_provider.pk is not None:
        others = others.exclude(pk=lead_provider.pk)
    if not name:
        errors.add("name", messages.LEAD_PROVIDER_NAME_REQUIRED)
    elif others.filter(name=name).exists():
        errors.add("name", messages.LEAD_PROVIDER_NAME_TAKEN)
    if ecf_id is not None and others.filter(ecf_id=ecf_id).exists():
        errors.add("ecf_id", messages.LEAD_PROVIDER_ECF_ID_TAKEN)
    errors.raise_if_any()
    return name


def validate_active_lead_provider(
    *, lead_provider: LeadProvider | None, contract_period: ContractPeriod | None
) -> None:
    """BR-LP-02: a lead provider is activated at most once per contract period; both are required."""
    errors = ErrorCollector()
    if contract_period is None:
        errors.add("contract_period_year", messages.ACTIVE_LEAD_PROVIDER_CONTRACT_PERIOD_REQUIRED)
    if lead_provider is None:
        errors.add("lead_provider", messages.ACTIVE_LEAD_PROVIDER_LEAD_PROVIDER_REQUIRED)
    if (
        lead_provider is not None
        and contract_period is not None
        and ActiveLeadProvider.objects.filter(lead_provider=lead_provider, contract_period=contract_period).exists()
    ):
        errors.add("contract_period_year", messages.ACTIVE_LEAD_PROVIDER_NOT_UNIQUE)
    errors.raise_if_any()


def lead_providers_can_change(contract_period: ContractPeriod) -> bool:
    """journeys.md §6.8.7: a year's lead providers are settled once it starts (BR-CP-04's "before it starts"), since
    schools, partnerships and declarations begin to rely on them. Pages ask this to decide what to offer."""
    return is_editable(contract_period)


def check_lead_providers_can_change(contract_period: ContractPeriod) -> None:
    """The refusal behind `lead_providers_can_change`, raised by activation and deletion."""
    if not lead_providers_can_change(contract_period):
        raise DomainError(BASE, messages.LEAD_PROVIDERS_FIXED_ONCE_STARTED)


def _touch_delivery_partners(delivery_partner_ids: list[int]) -> None:
    """§3.3: a delivery partner's API timestamp moves when a pairing for it is created or destroyed."""
    DeliveryPartner.objects.filter(pk__in=delivery_partner_ids).update(api_updated_at=clock.now())


# Activation (§7.8.4) ----------------------------------------------------------------------------------------------


@service
def activate_lead_provider(
    *, author: Author, lead_provider: LeadProvider | None, contract_period: ContractPeriod | None
) -> ActiveLeadProvider:
    """§7.8.4: the lead provider is contracted for the year, seeded from its previous year's activation. Fails (and
    creates nothing) once the year has started (§6.8.7), or when there is no previous activation or it lacks
    delivery partnerships, contracts or statements."""
    validate_active_lead_provider(lead_provider=lead_provider, contract_period=contract_period)
    check_lead_providers_can_change(contract_period)
    try:
        with transaction.atomic():
            active = ActiveLeadProvider.objects.create(lead_provider=lead_provider, contract_period=contract_period)
    except IntegrityError as error:
        raise DomainError("contract_period_year", messages.ACTIVE_LEAD_PROVIDER_NOT_UNIQUE) from error
    seed_active_lead_provider_from_previous(author=author, active_lead_provider=active)
    return active


def previous_activation(active_lead_provider: ActiveLeadProvider) -> ActiveLeadProvider | None:
    return ActiveLeadProvider.objects.filter(
        lead_provider_id=active_lead_provider.lead_provider_id,
        contract_period_id=active_lead_provider.contract_period_id - 1,
    ).first()


def _years_later(day, years: int):
    return add_months(day, 12 * years)


@service
def seed_active_lead_provider_from_previous(
    *, author: Author, active_lead_provider: ActiveLeadProvider
) -> ActiveLeadProvider:
    """§7.8.4: copy bands, delivery partnerships and one contract (with its fee structures) from the previous
    year's activation; the new contract carries every previous statement rolled forward, all `open`."""
    active = active_lead_provider
    name = active.lead_provider.name
    year = active.contract_period_id
    previous = previous_activation(active)
    if previous is None:
        raise DomainError(BASE, messages.NO_PREVIOUS_ACTIVATION.format(year=year - 1, lead_provider=name))
    previous_statements = Statement.objects.filter(active_lead_provider=previous)
    if (
        not previous.delivery_partnerships.exists()
        or not previous.contracts.exists()
        or not previous_statements.exists()
    ):
        raise DomainError(BASE, messages.PREVIOUS_ACTIVATION_INCOMPLETE.format(lead_provider=name))
    if active.delivery_partnerships.exists() or active.contracts.exists():
        raise DomainError(BASE, messages.ALREADY_POPULATED.format(lead_provider=name, year=year))

    bands = {}
    for old_band in previous.bands.order_by("allocation_order"):
        bands[old_band.allocation_order] = Band.objects.create(
            active_lead_provider=active, allocation_order=old_band.allocation_order, capacity=old_band.capacity
        )
    pairings = [
        LeadProviderDeliveryPartnership.objects.create(
            active_lead_provider=active, delivery_partner=old.delivery_partner
        )
        for old in previous.delivery_partnerships.select_related("delivery_partner").order_by("pk")
    ]

    _touch_delivery_partners([pairing.delivery_partner_id for pairing in pairings])

    old_contract = previous_statements.order_by("-year", "-month").first().contract
    contract = Contract.objects.create(
        active_lead_provider=active, contract_type=old_contract.contract_type, vat_rate=old_contract.vat_rate
    )
    old_banded = BandedFeeStructure.objects.filter(contract=old_contract).first()
    if old_banded is not None:
        banded = BandedFeeStructure.objects.create(
            contract=contract,
            recruitment_target=old_banded.recruitment_target,
            setup_fee=old_banded.setup_fee,
            monthly_service_fee=old_banded.monthly_service_fee,
            uplift_fee_per_declaration=old_banded.uplift_fee_per_declaration,
            uplift_target_ratio=old_banded.uplift_target_ratio,
        )
        for term in old_banded.band_terms.select_related("band"):
            BandTerm.objects.create(
                banded_fee_structure=banded,
                band=bands[term.band.allocation_order],
                fee_per_declaration=term.fee_per_declaration,
                output_fee_ratio=term.output_fee_ratio,
                service_fee_ratio=term.service_fee_ratio,
            )
    old_flat = FlatRateFeeStructure.objects.filter(contract=old_contract).first()
    if old_flat is not None:
        FlatRateFeeStructure.objects.create(
            contract=contract,
            recruitment_target=old_flat.recruitment_target,
            fee_per_declaration=old_flat.fee_per_declaration,
        )
    offset = year - previous.contract_period_id
    statements = Statement.objects.bulk_create(
        Statement(
            contract=contract,
            active_lead_provider=active,
            month=old.month,
            year=old.year + offset,
            deadline_date=_years_later(old.deadline_date, offset),
            payment_date=_years_later(old.payment_date, offset),
            fee_type=old.fee_type,
            status=StatementStatus.OPEN,
        )
        for old in previous_statements.order_by("year", "month")
    )

    record.active_lead_provider_created(
        author=author,
        active_lead_provider=active,
        metadata={
            "seeded_from_active_lead_provider_id": previous.pk,
            "band_count": len(bands),
            "delivery_partnership_count": len(pairings),
            "contract_id": contract.pk,
            "statement_count": len(statements),
        },
    )
    for pairing in pairings:
        record.lead_provider_delivery_partnership_added(author=author, pairing=pairing)
    record.contract_created(author=author, contract=contract)
    return active


# Deletion (§7.8.5, BR-LP-16) --------------------------------------------------------------------------------------


@service
def delete_active_lead_provider(*, author: Author, active_lead_provider: ActiveLeadProvider) -> None:
    """BR-LP-16: only an unused activation of a year not yet started (§6.8.7) can go (no declarations on its
    statements, no training periods on its partnerships, no expressions of interest); then its statements,
    contracts, partnerships, delivery partnerships and bands (last first) are deleted with it. Event
    `active_lead_provider_deleted`."""
    active = (
        ActiveLeadProvider.objects.select_related("contract_period")
        .select_for_update(of=("self",))
        .get(pk=active_lead_provider.pk)
    )
    check_lead_providers_can_change(active.contract_period)
    statements = Statement.objects.filter(active_lead_provider=active)
    if Declaration.objects.filter(Q(payment_statement__in=statements) | Q(clawback_statement__in=statements)).exists():
        raise DomainError(BASE, messages.DECLARATIONS_PRESENT)
    school_partnerships = SchoolPartnership.objects.filter(
        lead_provider_delivery_partnership__active_lead_provider=active
    )
    if TrainingPeriod.objects.filter(school_partnership__in=school_partnerships).exists():
        raise DomainError(BASE, messages.TRAINING_PERIODS_PRESENT)
    if TrainingPeriod.objects.filter(expression_of_interest=active).exists():
        raise DomainError(BASE, messages.EXPRESSIONS_OF_INTEREST_PRESENT)

    lead_provider, contract_period = active.lead_provider, active.contract_period
    counts = {
        "statement_count": statements.count(),
        "contract_count": active.contracts.count(),
        "school_partnership_count": school_partnerships.count(),
        "delivery_partnership_count": active.delivery_partnerships.count(),
        "band_count": active.bands.count(),
    }
    delivery_partner_ids = list(active.delivery_partnerships.values_list("delivery_partner_id", flat=True))
    partnered_school_ids = list(school_partnerships.values_list("school_id", flat=True))
    statements.delete()
    active.contracts.all().delete()
    school_partnerships.delete()
    refresh_school_api_metadata(school_ids=partnered_school_ids)
    active.delivery_partnerships.all().delete()
    _touch_delivery_partners(delivery_partner_ids)
    for band in active.bands.order_by("-allocation_order"):
        band.delete()
    active.delete()
    record.active_lead_provider_deleted(
        author=author,
        lead_provider=lead_provider,
        contract_period=contract_period,
        metadata={"active_lead_provider_id": active_lead_provider.pk, **counts},
    )


# Bands (BR-LP-15) -------------------------------------------------------------------------------------------------


def bands_are_locked(active_lead_provider: ActiveLeadProvider) -> bool:
    """Bands can be added or deleted only before a contract exists and before the contract period starts."""
    return active_lead_provider.contracts.exists() or active_lead_provider.contract_period.started_on <= clock.today()


def _check_capacity(capacity: int | None) -> None:
    if capacity is None or capacity <= 0:
        raise DomainError("capacity", messages.BAND_CAPACITY_NOT_POSITIVE)


def _is_last(band: Band) -> bool:
    return not Band.objects.filter(
        active_lead_provider_id=band.active_lead_provider_id, allocation_order__gt=band.allocation_order
    ).exists()


@service
def add_band(*, author: Author, active_lead_provider: ActiveLeadProvider, capacity: int | None) -> Band:
    """BR-LP-15: the next band (allocation order = count + 1), with a capacity above zero, while bands are open."""
    active = ActiveLeadProvider.objects.select_for_update().get(pk=active_lead_provider.pk)
    _check_capacity(capacity)
    if bands_are_locked(active):
        raise DomainError(BASE, messages.BANDS_LOCKED)
    band = Band.objects.create(
        active_lead_provider=active, allocation_order=active.bands.count() + 1, capacity=capacity
    )
    record.band_added(author=author, band=band)
    return band


@service
def update_band(*, author: Author, band: Band, capacity: int | None) -> Band:
    """BR-LP-15: only the last band changes, and its capacity may only increase."""
    band = Band.objects.select_for_update().get(pk=band.pk)
    if not _is_last(band):
        raise DomainError(BASE, messages.BAND_NOT_LAST_UPDATE)
    _check_capacity(capacity)
    if capacity < band.capacity:
        raise DomainError("capacity", messages.BAND_CAPACITY_REDUCED)
    old = band.capacity
    if capacity != old:
        band.capacity = capacity
        band.save(update_fields=["capacity", "updated_at"])
        record.band_updated(author=author, band=band, modifications=describe_changes({"capacity": (old, capacity)}))
    return band


@service
def delete_band(*, author: Author, band: Band) -> None:
    """BR-LP-15: only the last band goes, and only while bands are open."""
    band = Band.objects.select_for_update().get(pk=band.pk)
    if not _is_last(band):
        raise DomainError(BASE, messages.BAND_NOT_LAST_DESTROY)
    if bands_are_locked(band.active_lead_provider):
        raise DomainError(BASE, messages.BANDS_LOCKED)
    record.band_deleted(author=author, band=band)
    band.delete()
