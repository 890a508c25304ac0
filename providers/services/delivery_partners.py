"""Delivery partners and their pairings with active lead providers (domain.md §5.10.4–5, §7.8.6; BR-LP-03 …
BR-LP-05).

Names are squished and unique ignoring case; a rename that only changes the case changes nothing. A pairing
("lead provider L works with delivery partner D in year Y") exists at most once and cannot be removed while a school
partnership uses it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from events.authors import Author
from events.record import providers as record
from providers import messages
from providers.models import ActiveLeadProvider, DeliveryPartner, LeadProviderDeliveryPartnership, SchoolPartnership
from providers.services.lead_providers import squish


def _name_taken(name: str, *, excluding: DeliveryPartner | None = None) -> bool:
    others = DeliveryPartner.objects.annotate(lower_name=Lower("name")).filter(lower_name=name.lower())
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    return others.exists()


def _save_name(delivery_partner: DeliveryPartner) -> None:
    """The case-insensitive unique index is the backstop for two concurrent creations or renames."""
    try:
        with transaction.atomic():
            delivery_partner.save()
    except IntegrityError as error:
        raise DomainError("name", messages.DELIVERY_PARTNER_NAME_TAKEN) from error


@service
def create_delivery_partner(*, author: Author, name: str | None) -> DeliveryPartner:
    """BR-LP-03: a name is required and unique ignoring case. Event `delivery_partner_created`."""
    name = squish(name)
    if not name:
        raise DomainError("name", messages.DELIVERY_PARTNER_NAME_REQUIRED)
    if _name_taken(name):
        raise DomainError("name", messages.DELIVERY_PARTNER_NAME_TAKEN)
    delivery_partner = DeliveryPartner(name=name)
    _save_name(delivery_partner)
    record.delivery_partner_created(author=author, delivery_partner=delivery_partner)
    return delivery_partner


@service
def rename_delivery_partner(*, author: Author, delivery_partner: DeliveryPartner, name: str | None) -> DeliveryPartner:
    """BR-LP-03: the new name is required and unique ignoring case; a change of case only is no change. The
    partner's and its school partnerships' API timestamps move (§3.3). Event `delivery_partner_name_changed`."""
    new_name = squish(name)
    old_name = delivery_partner.name
    if not new_name:
        raise DomainError("name", messages.DELIVERY_PARTNER_NEW_NAME_REQUIRED.format(name=old_name))
    if new_name.lower() == old_name.lower():
        return delivery_partner
    if _name_taken(new_name, excluding=delivery_partner):
        raise DomainError("name", messages.DELIVERY_PARTNER_NAME_TAKEN)
    now = clock.now()
    delivery_partner.name = new_name
    delivery_partner.api_updated_at = now
    _save_name(delivery_partner)
    SchoolPartnership.objects.filter(lead_provider_delivery_partnership__delivery_partner=delivery_partner).update(
        api_updated_at=now
    )
    record.delivery_partner_name_changed(
        author=author, delivery_partner=delivery_partner, old_name=old_name, new_name=new_name
    )
    return delivery_partner


def _touch(delivery_partner: DeliveryPartner) -> None:
    """§3.3: a pairing for the partner was created or destroyed."""
    DeliveryPartner.objects.filter(pk=delivery_partner.pk).update(api_updated_at=clock.now())


@service
def pair_delivery_partner(
    *,
    author: Author,
    active_lead_provider: ActiveLeadProvider | None,
    delivery_partner: DeliveryPartner | None,
) -> LeadProviderDeliveryPartnership:
    """BR-LP-04: an active lead provider and a delivery partner, paired at most once. Event
    `lead_provider_delivery_partnership_added`."""
    errors = ErrorCollector()
    if active_lead_provider is None:
        errors.add("active_lead_provider", messages.PAIRING_ACTIVE_LEAD_PROVIDER_REQUIRED)
    if delivery_partner is None:
        errors.add("delivery_partner", messages.PAIRING_DELIVERY_PARTNER_REQUIRED)
    errors.raise_if_any()
    pairs = LeadProviderDeliveryPartnership.objects.filter(
        active_lead_provider=active_lead_provider, delivery_partner=delivery_partner
    )
    if pairs.exists():
        raise DomainError("delivery_partner", messages.PAIRING_NOT_UNIQUE)
    try:
        with transaction.atomic():
            pairing = LeadProviderDeliveryPartnership.objects.create(
                active_lead_provider=active_lead_provider, delivery_partner=delivery_partner
            )
    except IntegrityError as error:
        raise DomainError("delivery_partner", messages.PAIRING_NOT_UNIQUE) from error
    _touch(delivery_partner)
    record.lead_provider_delivery_partnership_added(author=author, pairing=pairing)
    return pairing


@service
def unpair_delivery_partner(*, author: Author, pairing: LeadProviderDeliveryPartnership) -> None:
    """BR-LP-05: a pairing used by any school partnership stays. Event `lead_provider_delivery_partnership_removed`
    (Q3: an allowed event type here)."""
    pairing = LeadProviderDeliveryPartnership.objects.select_for_update().get(pk=pairing.pk)
    if pairing.school_partnerships.exists():
        raise DomainError(BASE, messages.PAIRING_HAS_SCHOOL_PARTNERSHIPS)
    record.lead_provider_delivery_partnership_removed(author=author, pairing=pairing)
    delivery_partner = pairing.delivery_partner
    pairing.delete()
    _touch(delivery_partner)
