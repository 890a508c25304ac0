"""School partnerships through the lead-provider API (domain.md §7.4.2; BR-LP-06 … BR-LP-14;
lead-provider-api.md §11.12.4–5)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError

from core.clock import LONDON
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers import messages
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeliveryPartner,
    LeadProviderDeliveryPartnership,
    SchoolPartnership,
)
from providers.services.partnerships import (
    create_school_partnership,
    update_school_partnership_delivery_partner,
    validate_school_partnership,
)
from schools.models import TrainingProgramme
from tests.builders import (
    create_ect_at_school_period,
    create_lead_provider_delivery_partnership,
    create_mentor_at_school_period,
    create_training_period,
)
from tests.builders_providers import create_declaration

pytestmark = pytest.mark.django_db


def alpha_2026(world) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2026)


def delta_pairing(world) -> LeadProviderDeliveryPartnership:
    return LeadProviderDeliveryPartnership.objects.get(
        active_lead_provider=alpha_2026(world), delivery_partner=world.delta
    )


@pytest.fixture
def alpha(world):
    return Author.lead_provider_api(world.alpha)


@pytest.fixture
def echo(world):
    """Echo Partners, also paired with Alpha in 2026."""
    partner = DeliveryPartner.objects.create(name="Echo Partners")
    create_lead_provider_delivery_partnership(active_lead_provider=alpha_2026(world), delivery_partner=partner)
    return partner


def create(world, author, *, lead_provider=None, cohort="2026", school=None, delivery_partner=None):
    return create_school_partnership(
        author=author,
        lead_provider=lead_provider or world.alpha,
        cohort=cohort,
        school_api_id=str((school or world.oakfield).api_id) if school is not False else None,
        delivery_partner_api_id=str((delivery_partner or world.delta).api_id)
        if delivery_partner is not False
        else None,
    )


def refused(func, *args, **kwargs) -> list[tuple[str, str]]:
    count = SchoolPartnership.objects.count()
    with pytest.raises(DomainError) as error:
        func(*args, **kwargs)
    assert SchoolPartnership.objects.count() == count
    assert not Event.objects.exists()
    return [(e.field, e.message) for e in error.value.errors]


# BR-LP-06 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_06_a_school_has_one_partnership_per_pairing(world):
    """BR-LP-06: a second Oakfield ↔ (Alpha 2026, Delta) → `School and lead provider delivery partnership combination
    must be unique`."""
    existing = SchoolPartnership.objects.create(
        school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world)
    )
    with pytest.raises(DomainError) as error:
        validate_school_partnership(school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world))
    assert (error.value.field, error.value.message) == (
        "base",
        "School and lead provider delivery partnership combination must be unique",
    )
    validate_school_partnership(
        school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world), school_partnership=existing
    )
    with pytest.raises(IntegrityError):
        SchoolPartnership.objects.create(school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world))


# BR-LP-07 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_07_cohort_school_and_delivery_partner_are_required(world, alpha):
    """BR-LP-07: each missing attribute has its own error, in the API's order."""
    assert refused(create, world, alpha, cohort=None, school=False, delivery_partner=False) == [
        ("cohort", "Enter a '#/cohort'."),
        ("school_id", "Enter a '#/school_id'."),
        ("delivery_partner_id", "Enter a '#/delivery_partner_id'."),
    ]


def test_BR_LP_07_an_unknown_cohort_is_invalid(world, alpha):
    """BR-LP-07: unknown year 2019 → `The '#/cohort' you have entered is invalid. Check cohort details and try
    again.`"""
    assert refused(create, world, alpha, cohort="2019") == [
        ("cohort", "The '#/cohort' you have entered is invalid. Check cohort details and try again.")
    ]
    assert refused(create, world, alpha, cohort="twenty") == [("cohort", messages.COHORT_INVALID)]


def test_BR_LP_07_an_unknown_school_or_delivery_partner_is_invalid(world, alpha):
    """BR-LP-07: unknown school and unknown DP, with the provider-facing wording."""
    unknown = DeliveryPartner(name="Nobody")  # never saved: an id no one has
    assert refused(
        create_school_partnership,
        author=alpha,
        lead_provider=world.alpha,
        cohort=2026,
        school_api_id=str(uuid.uuid4()),
        delivery_partner_api_id=str(unknown.api_id),
    ) == [
        (
            "school_id",
            "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE for "
            "support if you are unable to find the '#/school_id'.",
        ),
        (
            "delivery_partner_id",
            "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again.",
        ),
    ]
    assert refused(
        create_school_partnership,
        author=alpha,
        lead_provider=world.alpha,
        cohort=2026,
        school_api_id="not-a-uuid",
        delivery_partner_api_id=str(world.delta.api_id),
    ) == [("school_id", messages.SCHOOL_ID_INVALID)]


# BR-LP-08 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_08_no_partnership_for_a_future_cohort(world, alpha):
    """BR-LP-08: cohort 2027 on 2026-09-15 → `You cannot create a partnership for a future cohort.`"""
    assert ("cohort", "You cannot create a partnership for a future cohort.") in refused(
        create, world, alpha, cohort="2027"
    )


def test_BR_LP_08_no_partnership_for_a_closed_cohort(world, alpha):
    """BR-LP-08: a disabled cohort → `You cannot create this partnership as the cohort is closed.`"""
    ContractPeriod.objects.filter(year=2022).update(enabled=False)
    assert ("cohort", "You cannot create this partnership as the cohort is closed.") in refused(
        create, world, alpha, cohort="2022"
    )


# BR-LP-09 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_09_the_school_must_be_eligible(world, alpha):
    """BR-LP-09: Hillside without S41 and not marked eligible → `The school you have entered is currently ineligible
    for DfE funding. Contact the school for more information.`"""
    gias = world.hillside.gias_school
    gias.section_41_approved = False
    gias.eligible = False
    gias.save()
    assert refused(create, world, alpha, school=world.hillside) == [
        (
            "school_id",
            "The school you have entered is currently ineligible for DfE funding. Contact the school for more "
            "information.",
        )
    ]

    world.hillside.marked_as_eligible = True
    world.hillside.save()
    assert create(world, alpha, school=world.hillside).school == world.hillside


# BR-LP-10 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_10_the_delivery_partner_must_be_paired_with_the_lead_provider_in_the_cohort(world):
    """BR-LP-10: Beta Institute + Delta in 2026 (not paired) → `The entered delivery partner is not recognised to be
    working in partnership with you for the given cohort. Contact the DfE for more information.`"""
    assert refused(create, world, Author.lead_provider_api(world.beta), lead_provider=world.beta) == [
        (
            "delivery_partner_id",
            "The entered delivery partner is not recognised to be working in partnership with you for the given "
            "cohort. Contact the DfE for more information.",
        )
    ]


# BR-LP-11 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_11_one_partnership_per_school_lead_provider_and_cohort(world, alpha, echo):
    """BR-LP-11: Alpha already partnered with Oakfield in 2026 via Delta; trying again via another DP →
    `You are already in a confirmed partnership with this school for the entered cohort.`"""
    create(world, alpha)
    Event.objects.all().delete()
    assert refused(create, world, alpha, delivery_partner=echo) == [
        ("school_id", "You are already in a confirmed partnership with this school for the entered cohort.")
    ]


def test_BR_LP_11_other_lead_providers_partnerships_do_not_block(world, alpha):
    """BR-LP-11: multiple lead providers per school per cohort are allowed."""
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    create_lead_provider_delivery_partnership(active_lead_provider=beta_2026, delivery_partner=world.delta)
    create(world, Author.lead_provider_api(world.beta), lead_provider=world.beta)
    assert create(world, alpha).lead_provider == world.alpha
    assert SchoolPartnership.objects.filter(school=world.oakfield).count() == 2


# BR-LP-12 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_12_a_school_led_only_school_cannot_be_partnered(world, alpha):
    """BR-LP-12: Oakfield has only school-led ECTs in 2026 → `This school has only registered school-led
    participants. Contact the school for more information.`"""
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(ect_at_school_period=ect, training_programme=TrainingProgramme.SCHOOL_LED)
    assert refused(create, world, alpha) == [
        (
            "school_id",
            "This school has only registered school-led participants. Contact the school for more information.",
        )
    ]


# BR-LP-13 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_13_creating_a_partnership_confirms_matching_expressions_of_interest(world, alpha):
    """BR-LP-13: Jane's ECT training period at Oakfield has EOI (Alpha, 2026) and no partnership; Alpha creates
    Oakfield/Delta/2026 → Jane's period gets the partnership; event `training_period_assigned_to_school_partnership`;
    EOI kept. Periods for another provider, or at another school, are left alone."""
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    jane_training = create_training_period(ect_at_school_period=ect, expression_of_interest=alpha_2026(world))
    mentor = create_mentor_at_school_period(school=world.oakfield, started_on=dt.date(2026, 9, 1))
    mentor_training = create_training_period(mentor_at_school_period=mentor, expression_of_interest=alpha_2026(world))
    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    other_provider = create_training_period(
        ect_at_school_period=create_ect_at_school_period(school=world.oakfield), expression_of_interest=beta_2026
    )
    elsewhere = create_training_period(
        ect_at_school_period=create_ect_at_school_period(school=world.hillside),
        expression_of_interest=alpha_2026(world),
    )

    partnership = create(world, alpha)

    for period in (jane_training, mentor_training, other_provider, elsewhere):
        period.refresh_from_db()
    assert jane_training.school_partnership == partnership
    assert jane_training.expression_of_interest == alpha_2026(world)
    assert mentor_training.school_partnership == partnership
    assert other_provider.school_partnership is None and elsewhere.school_partnership is None

    created = Event.objects.get(event_type=EventType.SCHOOL_PARTNERSHIP_CREATED)
    assert created.heading == "Oakfield Primary partnered with Delta Partners (via Alpha Learning) for 2026"
    assert (created.author_type, created.author_name, created.lead_provider_id) == (
        "lead_provider_api",
        "Alpha Learning",
        world.alpha.pk,
    )
    assert (created.school_partnership_id, created.school_id, created.delivery_partner_id) == (
        partnership.pk,
        world.oakfield.pk,
        world.delta.pk,
    )
    assigned = Event.objects.filter(event_type=EventType.TRAINING_PERIOD_ASSIGNED_TO_SCHOOL_PARTNERSHIP)
    assert set(assigned.values_list("training_period_id", flat=True)) == {jane_training.pk, mentor_training.pk}


# BR-LP-14 ---------------------------------------------------------------------------------------------------------


def test_BR_LP_14_changing_to_a_delivery_partner_the_school_already_has_is_refused(world, alpha, echo):
    """BR-LP-14: changing to a DP with which Oakfield already has an Alpha 2026 partnership → `We are unable to
    process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact
    the DfE for support.` — also when "changing" to the current DP."""
    with_delta = SchoolPartnership.objects.create(
        school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world)
    )
    SchoolPartnership.objects.create(
        school=world.oakfield,
        lead_provider_delivery_partnership=LeadProviderDeliveryPartnership.objects.get(delivery_partner=echo),
    )
    expected = [
        (
            "delivery_partner_id",
            "We are unable to process this request. You are already confirmed to be in partnership with the entered "
            "delivery partner. Contact the DfE for support.",
        )
    ]
    assert (
        refused(
            update_school_partnership_delivery_partner,
            author=alpha,
            school_partnership=with_delta,
            delivery_partner_api_id=str(echo.api_id),
        )
        == expected
    )
    assert (
        refused(
            update_school_partnership_delivery_partner,
            author=alpha,
            school_partnership=with_delta,
            delivery_partner_api_id=str(world.delta.api_id),
        )
        == expected
    )


def test_BR_LP_14_the_new_pairing_must_exist(world, alpha):
    """BR-LP-14: an unpaired DP → not recognised; an unknown DP → invalid; none → required."""
    partnership = SchoolPartnership.objects.create(
        school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world)
    )
    stranger = DeliveryPartner.objects.create(name="Foxtrot Partners")
    for api_id, expected in (
        (str(stranger.api_id), messages.DELIVERY_PARTNER_NOT_PAIRED),
        (str(uuid.uuid4()), messages.DELIVERY_PARTNER_ID_INVALID),
        ("", messages.DELIVERY_PARTNER_ID_REQUIRED),
    ):
        assert refused(
            update_school_partnership_delivery_partner,
            author=alpha,
            school_partnership=partnership,
            delivery_partner_api_id=api_id,
        ) == [("delivery_partner_id", expected)]


def test_BR_LP_14_changing_the_delivery_partner(world, alpha, echo, frozen_today):
    """BR-LP-14: the partnership moves to the new pairing (same id); its timestamps, its declarations' and its
    participants' move; declarations keep their delivery partner; event `school_partnership_updated`."""
    partnership = SchoolPartnership.objects.create(
        school=world.oakfield, lead_provider_delivery_partnership=delta_pairing(world)
    )
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    training = create_training_period(ect_at_school_period=ect, school_partnership=partnership)
    declaration = create_declaration(training_period=training)
    frozen_today(dt.date(2026, 9, 20))

    updated = update_school_partnership_delivery_partner(
        author=alpha, school_partnership=partnership, delivery_partner_api_id=str(echo.api_id)
    )

    moved_at = dt.datetime(2026, 9, 20, 12, tzinfo=LONDON)
    partnership.refresh_from_db()
    declaration.refresh_from_db()
    world.jane.refresh_from_db()
    assert updated.pk == partnership.pk and partnership.delivery_partner == echo
    assert partnership.api_updated_at == moved_at
    assert declaration.api_updated_at == moved_at and declaration.delivery_partner_when_created == world.delta
    assert world.jane.api_updated_at == moved_at
    event = Event.objects.get()
    assert event.event_type == EventType.SCHOOL_PARTNERSHIP_UPDATED
    assert event.heading == (
        "Oakfield Primary changed partnership from Delta Partners to Echo Partners (via Alpha Learning) for 2026"
    )
    assert event.modifications == ["Delivery partner changed from 'Delta Partners' to 'Echo Partners'"]
