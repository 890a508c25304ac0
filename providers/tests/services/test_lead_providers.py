"""Lead providers, activations and bands (domain.md §7.8.4–5; BR-LP-01, BR-LP-02, BR-LP-15, BR-LP-16)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError

from accounts.models import User
from core.clock import LONDON
from core.errors import DomainError
from declarations.models import PaymentStatus
from events.authors import Author
from events.models import Event
from events.types import EventType
from finance.models import BandTerm, Contract, ContractType, FlatRateFeeStructure, Statement, StatementStatus
from providers import messages
from providers.models import (
    ActiveLeadProvider,
    Band,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    SchoolPartnership,
)
from providers.services.lead_providers import (
    activate_lead_provider,
    add_band,
    delete_active_lead_provider,
    delete_band,
    seed_active_lead_provider_from_previous,
    update_band,
    validate_active_lead_provider,
    validate_lead_provider,
)
from schools.models import TrainingProgramme
from tests.builders import (
    create_active_lead_provider,
    create_delivery_partner,
    create_lead_provider,
    create_lead_provider_delivery_partnership,
    create_school_partnership,
    create_training_period,
)
from tests.builders_providers import create_band, create_contract, create_declaration, create_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return Author.dfe_staff_user(User.objects.create(email="finance@education.gov.uk", name="Fin Ance", role="finance"))


def refused(service, **kwargs) -> DomainError:
    count = Event.objects.count()
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert Event.objects.count() == count
    return error.value


def messages_of(error: DomainError) -> dict[str, str]:
    return {e.field: e.message for e in error.errors}


def alpha_in(world, year: int) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=year)


# BR-LP-01 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_01_lead_provider_names_are_unique(world):
    """BR-LP-01: a second `Alpha Learning` → uniqueness error (also after squishing the name)."""
    with pytest.raises(DomainError) as error:
        validate_lead_provider(name="  Alpha   Learning ")
    assert messages_of(error.value) == {"name": messages.LEAD_PROVIDER_NAME_TAKEN}
    assert validate_lead_provider(name=" Gamma  Trust ") == "Gamma Trust"
    assert validate_lead_provider(name="Alpha Learning", lead_provider=world.alpha) == "Alpha Learning"


def test_BR_LP_01_ecf_id_is_unique_when_present(world):
    """BR-LP-01: `ecf_id` unique when present; absent ids never clash."""
    ecf_id = uuid.uuid4()
    world.alpha.ecf_id = ecf_id
    world.alpha.save()
    with pytest.raises(DomainError) as error:
        validate_lead_provider(name="Gamma Trust", ecf_id=ecf_id)
    assert messages_of(error.value) == {"ecf_id": messages.LEAD_PROVIDER_ECF_ID_TAKEN}
    assert validate_lead_provider(name="Gamma Trust", ecf_id=None) == "Gamma Trust"


def test_BR_LP_01_the_database_refuses_a_duplicate_name(world):
    """BR-LP-01 backstop: unique index on name."""
    with pytest.raises(IntegrityError):
        LeadProvider.objects.create(name="Alpha Learning")


# BR-LP-02 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_02_a_lead_provider_is_activated_once_per_contract_period(world, author):
    """BR-LP-02: a second ActiveLeadProvider(Alpha, 2026) → `Contract period and lead provider must be unique`."""
    error = refused(
        activate_lead_provider, author=author, lead_provider=world.alpha, contract_period=world.contract_periods[2026]
    )
    assert messages_of(error) == {"contract_period_year": "Contract period and lead provider must be unique"}
    assert ActiveLeadProvider.objects.filter(lead_provider=world.alpha, contract_period_id=2026).count() == 1


def test_BR_LP_02_contract_period_and_lead_provider_are_required(world):
    """BR-LP-02: missing year → `Choose a contract period`; missing provider → `Choose a lead provider`."""
    with pytest.raises(DomainError) as error:
        validate_active_lead_provider(lead_provider=None, contract_period=None)
    assert messages_of(error.value) == {
        "contract_period_year": "Choose a contract period",
        "lead_provider": "Choose a lead provider",
    }


# §7.8.4 activation ------------------------------------------------------------------------------------------------


@pytest.fixture
def alpha_2026_set_up(world):
    """Alpha 2026: two bands, the Delta pairing plus one more, a banded contract and three statements."""
    active = alpha_in(world, 2026)
    create_band(active_lead_provider=active, capacity=2000)
    create_band(active_lead_provider=active, capacity=1000)
    create_lead_provider_delivery_partnership(
        active_lead_provider=active, delivery_partner=create_delivery_partner(name="Echo Partners")
    )
    old_contract = create_contract(active_lead_provider=active)
    latest_contract = create_contract(active_lead_provider=active, contract_type=ContractType.ITTECF_ECTP)
    create_statement(contract=old_contract, month=11, year=2026)
    create_statement(contract=old_contract, month=12, year=2026, status=StatementStatus.PAID)
    create_statement(contract=latest_contract, month=1, year=2027)
    return active


def test_activating_a_lead_provider_copies_the_previous_years_set_up(world, author, alpha_2026_set_up, frozen_today):
    """§7.8.4: bands, delivery partnerships and one contract copied from the contract owning the latest previous
    statement, with every previous statement rolled forward one year (all `open`); the delivery partners' API
    timestamps move (§3.3)."""
    frozen_today(dt.date(2026, 9, 20))
    active = activate_lead_provider(
        author=author, lead_provider=world.alpha, contract_period=world.contract_periods[2027]
    )

    assert active.contract_period_id == 2027
    assert list(active.bands.order_by("allocation_order").values_list("allocation_order", "capacity")) == [
        (1, 2000),
        (2, 1000),
    ]
    assert sorted(active.delivery_partnerships.values_list("delivery_partner__name", flat=True)) == [
        "Delta Partners",
        "Echo Partners",
    ]
    world.delta.refresh_from_db()
    assert world.delta.api_updated_at == dt.datetime(2026, 9, 20, 12, tzinfo=LONDON)
    contract = Contract.objects.get(active_lead_provider=active)
    assert contract.contract_type == ContractType.ITTECF_ECTP  # the contract of the January 2027 statement
    assert FlatRateFeeStructure.objects.get(contract=contract).fee_per_declaration == Decimal("750.00")
    terms = BandTerm.objects.filter(banded_fee_structure__contract=contract).order_by("band__allocation_order")
    assert [(t.band.active_lead_provider_id, t.band.allocation_order) for t in terms] == [
        (active.pk, 1),
        (active.pk, 2),
    ]
    statements = Statement.objects.filter(active_lead_provider=active).order_by("year", "month")
    assert [(s.month, s.year, s.deadline_date, s.payment_date, s.status, s.contract_id) for s in statements] == [
        (11, 2027, dt.date(2027, 10, 31), dt.date(2027, 11, 25), "open", contract.pk),
        (12, 2027, dt.date(2027, 11, 30), dt.date(2027, 12, 25), "open", contract.pk),
        (1, 2028, dt.date(2027, 12, 31), dt.date(2028, 1, 25), "open", contract.pk),
    ]

    created = Event.objects.get(event_type=EventType.ACTIVE_LEAD_PROVIDER_CREATED)
    assert created.heading == "Alpha Learning added for 2027"
    assert (created.active_lead_provider_id, created.lead_provider_id, created.contract_period_id) == (
        active.pk,
        world.alpha.pk,
        2027,
    )
    assert created.metadata["statement_count"] == 3
    assert set(
        Event.objects.filter(event_type=EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_ADDED).values_list(
            "heading", flat=True
        )
    ) == {
        "Alpha Learning partnered with Delta Partners for 2027",
        "Alpha Learning partnered with Echo Partners for 2027",
    }
    assert Event.objects.filter(event_type=EventType.CONTRACT_CREATED, active_lead_provider=active).count() == 1


def test_activating_without_a_previous_activation_creates_nothing(world, author):
    """§7.8.4: no previous activation → error, and the activation itself is not kept."""
    gamma = create_lead_provider(name="Gamma Trust")
    error = refused(
        activate_lead_provider, author=author, lead_provider=gamma, contract_period=world.contract_periods[2027]
    )
    assert error.message == "No previous activation found in 2026 for Gamma Trust"
    assert not ActiveLeadProvider.objects.filter(lead_provider=gamma).exists()


def test_activating_from_an_incomplete_previous_year_is_refused(world, author):
    """§7.8.4: Beta 2026 has no delivery partnerships, contracts or statements."""
    error = refused(
        activate_lead_provider, author=author, lead_provider=world.beta, contract_period=world.contract_periods[2027]
    )
    assert error.message == (
        "Key info for Beta Institute is missing previous delivery partnerships, contracts or statements."
    )
    assert not ActiveLeadProvider.objects.filter(lead_provider=world.beta, contract_period_id=2027).exists()


def test_seeding_an_already_populated_activation_is_refused(world, author):
    """§7.8.4: `Alpha Learning already has data for 2026` (Alpha 2026 already pairs with Delta)."""
    alpha_2025 = alpha_in(world, 2025)
    create_statement(active_lead_provider=alpha_2025, month=11, year=2025)
    error = refused(seed_active_lead_provider_from_previous, author=author, active_lead_provider=alpha_in(world, 2026))
    assert error.message == "Alpha Learning already has data for 2026"


# BR-LP-16 ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def before_2026_starts(frozen_today):
    """May 2026: the 2026 contract period (from 1 June) has not started, so its lead providers may still go."""
    frozen_today(dt.date(2026, 5, 1))


def test_BR_LP_16_an_activation_with_an_expression_of_interest_cannot_be_deleted(world, author, before_2026_starts):
    """BR-LP-16: Beta 2026 has one EOI training period → `Expressions of interest are present`."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    create_training_period(expression_of_interest=beta_2026)
    error = refused(delete_active_lead_provider, author=author, active_lead_provider=beta_2026)
    assert error.message == "Expressions of interest are present"
    assert ActiveLeadProvider.objects.filter(pk=beta_2026.pk).exists()


def test_BR_LP_16_an_activation_with_partnership_training_or_declarations_cannot_be_deleted(
    world, author, before_2026_starts
):
    """BR-LP-16: with partnership training periods → `Training periods are present`; with declarations on its
    statements → `Declarations are present`."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    partnership = create_school_partnership(school=world.oakfield, lead_provider=world.beta, year=2026)
    training = create_training_period(school_partnership=partnership)
    error = refused(delete_active_lead_provider, author=author, active_lead_provider=beta_2026)
    assert error.message == "Training periods are present"

    statement = create_statement(active_lead_provider=beta_2026)
    create_declaration(training_period=training, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statement)
    error = refused(delete_active_lead_provider, author=author, active_lead_provider=beta_2026)
    assert error.message == "Declarations are present"
    assert ActiveLeadProvider.objects.filter(pk=beta_2026.pk).exists()


def test_BR_LP_16_an_unused_activation_is_deleted_with_everything_it_owns(world, author, before_2026_starts):
    """BR-LP-16 / §7.8.5: statements, contracts, partnerships, delivery partnerships and bands go with it."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    create_band(active_lead_provider=beta_2026)
    create_band(active_lead_provider=beta_2026)
    create_statement(active_lead_provider=beta_2026)
    partnership = create_school_partnership(school=world.oakfield, lead_provider=world.beta, year=2026)

    delete_active_lead_provider(author=author, active_lead_provider=beta_2026)

    assert not ActiveLeadProvider.objects.filter(pk=beta_2026.pk).exists()
    assert not Statement.objects.filter(active_lead_provider_id=beta_2026.pk).exists()
    assert not Contract.objects.filter(active_lead_provider_id=beta_2026.pk).exists()
    assert not SchoolPartnership.objects.filter(pk=partnership.pk).exists()
    assert not LeadProviderDeliveryPartnership.objects.filter(active_lead_provider_id=beta_2026.pk).exists()
    assert not Band.objects.filter(active_lead_provider_id=beta_2026.pk).exists()
    event = Event.objects.get(event_type=EventType.ACTIVE_LEAD_PROVIDER_DELETED)
    assert event.heading == "Beta Institute removed for 2026"
    assert (event.lead_provider_id, event.contract_period_id) == (world.beta.pk, 2026)
    assert event.metadata["band_count"] == 2


# BR-LP-15 ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def beta_2027(world):
    return create_active_lead_provider(lead_provider=world.beta, year=2027)


def test_BR_LP_15_bands_are_lettered_by_allocation_order(beta_2027, author):
    """BR-LP-15: allocation order = count + 1; bands A, B; event `band_added`."""
    band_a = add_band(author=author, active_lead_provider=beta_2027, capacity=100)
    band_b = add_band(author=author, active_lead_provider=beta_2027, capacity=50)
    assert (band_a.allocation_order, band_a.letter, band_b.allocation_order, band_b.letter) == (1, "A", 2, "B")
    assert list(Event.objects.filter(event_type=EventType.BAND_ADDED).values_list("heading", flat=True)) == [
        "Band A added to Beta Institute for 2027",
        "Band B added to Beta Institute for 2027",
    ]


def test_BR_LP_15_capacity_can_only_increase_and_only_on_the_last_band(beta_2027, author):
    """BR-LP-15: reducing capacity 100 → 80 → `can only be increased`; editing band A when B exists →
    `Only the last band can be updated`; capacity 0 → `Capacity must be a number greater than zero`."""
    band_a = add_band(author=author, active_lead_provider=beta_2027, capacity=100)
    assert messages_of(refused(update_band, author=author, band=band_a, capacity=80)) == {
        "capacity": "can only be increased"
    }
    assert messages_of(refused(update_band, author=author, band=band_a, capacity=0)) == {
        "capacity": "Capacity must be a number greater than zero"
    }
    assert messages_of(refused(add_band, author=author, active_lead_provider=beta_2027, capacity=0)) == {
        "capacity": "Capacity must be a number greater than zero"
    }

    band_b = add_band(author=author, active_lead_provider=beta_2027, capacity=10)
    assert refused(update_band, author=author, band=band_a, capacity=120).message == "Only the last band can be updated"

    update_band(author=author, band=band_b, capacity=25)
    band_b.refresh_from_db()
    assert band_b.capacity == 25
    updated = Event.objects.get(event_type=EventType.BAND_UPDATED)
    assert updated.heading == "Band B updated for Beta Institute for 2027"
    assert updated.modifications == ["Capacity changed from '10' to '25'"]


def test_BR_LP_15_bands_are_fixed_once_a_contract_exists_or_the_period_has_begun(world, beta_2027, author):
    """BR-LP-15: adding a band after a contract exists → `Bands cannot be added or deleted once a contract is in
    place or the contract period has begun`; likewise in a started contract period."""
    band_a = add_band(author=author, active_lead_provider=beta_2027, capacity=100)
    create_contract(active_lead_provider=beta_2027)
    locked = "Bands cannot be added or deleted once a contract is in place or the contract period has begun"
    assert refused(add_band, author=author, active_lead_provider=beta_2027, capacity=10).message == locked
    assert refused(delete_band, author=author, band=band_a).message == locked

    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    assert refused(add_band, author=author, active_lead_provider=beta_2026, capacity=10).message == locked
    assert beta_2027.bands.count() == 1 and not beta_2026.bands.exists()


def test_BR_LP_15_only_the_last_band_can_be_deleted(beta_2027, author):
    """BR-LP-15: deleting A while B exists is refused; deleting B records `band_deleted`."""
    band_a = add_band(author=author, active_lead_provider=beta_2027, capacity=100)
    band_b = add_band(author=author, active_lead_provider=beta_2027, capacity=10)
    assert refused(delete_band, author=author, band=band_a).message == "Only the last band can be destroyed"

    delete_band(author=author, band=band_b)
    assert list(beta_2027.bands.values_list("allocation_order", flat=True)) == [1]
    assert Event.objects.get(event_type=EventType.BAND_DELETED).heading == "Band B deleted for Beta Institute for 2027"


def test_BR_LP_16_school_led_training_does_not_block_deletion(world, author, before_2026_starts):
    """BR-LP-16 edge: school-led training at the school uses no activation, so it does not block deletion."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    create_training_period(training_programme=TrainingProgramme.SCHOOL_LED)
    delete_active_lead_provider(author=author, active_lead_provider=beta_2026)
    assert not ActiveLeadProvider.objects.filter(pk=beta_2026.pk).exists()


# §6.8.7: a year's lead providers are settled once it starts ----------------------------------------------------


def test_a_lead_provider_cannot_be_added_to_a_started_contract_period(world, author, alpha_2026_set_up, frozen_today):
    """§6.8.7 / BR-CP-04: on 1 June 2027 (the day 2027 starts) adding Alpha to 2027 is refused and nothing is
    created; the day before, the same call succeeds."""
    frozen_today(dt.date(2027, 6, 1))
    error = refused(
        activate_lead_provider, author=author, lead_provider=world.alpha, contract_period=world.contract_periods[2027]
    )
    assert messages_of(error) == {"base": messages.LEAD_PROVIDERS_FIXED_ONCE_STARTED}
    assert error.message == "Lead providers can only be added or removed before the contract period starts"
    assert not ActiveLeadProvider.objects.filter(lead_provider=world.alpha, contract_period_id=2027).exists()

    frozen_today(dt.date(2027, 5, 31))
    active = activate_lead_provider(
        author=author, lead_provider=world.alpha, contract_period=world.contract_periods[2027]
    )
    assert active.contract_period_id == 2027


def test_a_lead_provider_cannot_be_removed_from_a_started_contract_period(world, author):
    """§6.8.7: on the baseline day (15 September 2026) 2026 has started, so an otherwise unused Beta 2026 stays,
    with its statement, and no event is written."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    statement = create_statement(active_lead_provider=beta_2026)
    error = refused(delete_active_lead_provider, author=author, active_lead_provider=beta_2026)
    assert error.message == "Lead providers can only be added or removed before the contract period starts"
    assert ActiveLeadProvider.objects.filter(pk=beta_2026.pk).exists()
    assert Statement.objects.filter(pk=statement.pk).exists()
