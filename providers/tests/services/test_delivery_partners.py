"""Delivery partners and pairings (domain.md §7.8.6; BR-LP-03 … BR-LP-05)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from core.clock import LONDON
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers.models import ActiveLeadProvider, DeliveryPartner, LeadProviderDeliveryPartnership, SchoolPartnership
from providers.services.delivery_partners import (
    create_delivery_partner,
    pair_delivery_partner,
    rename_delivery_partner,
    unpair_delivery_partner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return Author.dfe_staff_user(User.objects.create(email="admin@education.gov.uk", name="Ada Admin"))


def refused(service, **kwargs) -> DomainError:
    count = Event.objects.count()
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert Event.objects.count() == count
    return error.value


def messages_of(error: DomainError) -> dict[str, str]:
    return {e.field: e.message for e in error.errors}


def alpha_2026(world) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2026)


# BR-LP-03 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_03_delivery_partner_names_are_unique_ignoring_case(world, author):
    """BR-LP-03: `delta partners` when `Delta Partners` exists → `A delivery partner with this name already
    exists`."""
    error = refused(create_delivery_partner, author=author, name="delta partners")
    assert messages_of(error) == {"name": "A delivery partner with this name already exists"}
    assert DeliveryPartner.objects.filter(name__iexact="delta partners").count() == 1


def test_BR_LP_03_a_delivery_partner_name_is_required(world, author):
    """BR-LP-03: blank → `Enter a delivery partner name`."""
    assert messages_of(refused(create_delivery_partner, author=author, name="   ")) == {
        "name": "Enter a delivery partner name"
    }


def test_BR_LP_03_creating_a_delivery_partner_squishes_the_name_and_records_it(world, author):
    """BR-LP-03 / §7.8.6: event `delivery_partner_created`."""
    partner = create_delivery_partner(author=author, name="  Echo   Partners ")
    assert partner.name == "Echo Partners"
    event = Event.objects.get()
    assert (event.event_type, event.heading, event.delivery_partner_id) == (
        EventType.DELIVERY_PARTNER_CREATED,
        "Delivery partner Echo Partners created",
        partner.pk,
    )


def test_BR_LP_03_renaming_to_blank_is_refused(world, author):
    """BR-LP-03: renaming to blank → `Enter the new name for Delta Partners`."""
    error = refused(rename_delivery_partner, author=author, delivery_partner=world.delta, name="")
    assert messages_of(error) == {"name": "Enter the new name for Delta Partners"}


def test_BR_LP_03_renaming_only_the_case_records_no_change(world, author):
    """BR-LP-03: renaming to `DELTA PARTNERS` → no change recorded."""
    rename_delivery_partner(author=author, delivery_partner=world.delta, name="DELTA PARTNERS")
    world.delta.refresh_from_db()
    assert world.delta.name == "Delta Partners"
    assert not Event.objects.exists()


def test_BR_LP_03_renaming_to_another_partners_name_is_refused(world, author):
    """BR-LP-03: the new name must be unique ignoring case."""
    DeliveryPartner.objects.create(name="Echo Partners")
    error = refused(rename_delivery_partner, author=author, delivery_partner=world.delta, name="ECHO partners")
    assert messages_of(error) == {"name": "A delivery partner with this name already exists"}


def test_BR_LP_03_renaming_records_the_change_and_moves_api_timestamps(world, author, frozen_today):
    """BR-LP-03 / §3.3: the partner's and its school partnerships' `api_updated_at` move; event
    `delivery_partner_name_changed`."""
    partnership = SchoolPartnership.objects.create(
        school=world.oakfield,
        lead_provider_delivery_partnership=LeadProviderDeliveryPartnership.objects.get(
            active_lead_provider=alpha_2026(world), delivery_partner=world.delta
        ),
    )
    frozen_today(dt.date(2026, 9, 20))
    rename_delivery_partner(author=author, delivery_partner=world.delta, name="Delta Partners North")

    world.delta.refresh_from_db()
    partnership.refresh_from_db()
    moved_at = dt.datetime(2026, 9, 20, 12, tzinfo=LONDON)
    assert world.delta.name == "Delta Partners North"
    assert world.delta.api_updated_at == moved_at
    assert partnership.api_updated_at == moved_at
    event = Event.objects.get()
    assert event.event_type == EventType.DELIVERY_PARTNER_NAME_CHANGED
    assert event.heading == "Delivery partner name changed"
    assert event.modifications == ["Name changed from 'Delta Partners' to 'Delta Partners North'"]
    assert event.delivery_partner_id == world.delta.pk


# BR-LP-04 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_04_a_delivery_partner_is_paired_with_an_active_lead_provider_once(world, author):
    """BR-LP-04: a second (Alpha 2026, Delta) → `Delivery partner and active lead provider pairing must be
    unique`."""
    error = refused(
        pair_delivery_partner, author=author, active_lead_provider=alpha_2026(world), delivery_partner=world.delta
    )
    assert messages_of(error) == {
        "delivery_partner": "Delivery partner and active lead provider pairing must be unique"
    }
    assert LeadProviderDeliveryPartnership.objects.filter(delivery_partner=world.delta).count() == 2


def test_BR_LP_04_both_sides_of_a_pairing_are_required(world, author):
    """BR-LP-04: missing active LP → `Select an active lead provider`; missing DP → `Select a delivery partner`."""
    error = refused(pair_delivery_partner, author=author, active_lead_provider=None, delivery_partner=None)
    assert messages_of(error) == {
        "active_lead_provider": "Select an active lead provider",
        "delivery_partner": "Select a delivery partner",
    }


def test_BR_LP_04_pairing_records_the_event(world, author):
    """BR-LP-04 / §7.8.6: Beta 2026 + Delta → event `lead_provider_delivery_partnership_added`."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    pairing = pair_delivery_partner(author=author, active_lead_provider=beta_2026, delivery_partner=world.delta)
    assert (pairing.active_lead_provider_id, pairing.delivery_partner_id) == (beta_2026.pk, world.delta.pk)
    event = Event.objects.get()
    assert event.event_type == EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_ADDED
    assert event.heading == "Beta Institute partnered with Delta Partners for 2026"
    assert (event.lead_provider_delivery_partnership_id, event.delivery_partner_id, event.lead_provider_id) == (
        pairing.pk,
        world.delta.pk,
        world.beta.pk,
    )


# BR-LP-05 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_05_a_pairing_used_by_a_school_partnership_cannot_be_removed(world, author):
    """BR-LP-05: Oakfield partners with (Alpha 2026, Delta); removing that pairing → `Cannot remove a delivery
    partner with school partnerships`."""
    pairing = LeadProviderDeliveryPartnership.objects.get(
        active_lead_provider=alpha_2026(world), delivery_partner=world.delta
    )
    SchoolPartnership.objects.create(school=world.oakfield, lead_provider_delivery_partnership=pairing)
    error = refused(unpair_delivery_partner, author=author, pairing=pairing)
    assert error.message == "Cannot remove a delivery partner with school partnerships"
    assert LeadProviderDeliveryPartnership.objects.filter(pk=pairing.pk).exists()


def test_BR_LP_05_an_unused_pairing_is_removed(world, author):
    """BR-LP-05: without school partnerships the pairing goes; event `lead_provider_delivery_partnership_removed`."""
    pairing = LeadProviderDeliveryPartnership.objects.get(
        active_lead_provider=alpha_2026(world), delivery_partner=world.delta
    )
    unpair_delivery_partner(author=author, pairing=pairing)
    assert not LeadProviderDeliveryPartnership.objects.filter(pk=pairing.pk).exists()
    event = Event.objects.get()
    assert event.event_type == EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_REMOVED
    assert event.heading == "Alpha Learning partnership with Delta Partners for 2026 removed"
