"""journeys.md §6.5 "Move to a different partnership" (teachers.services.admin_training)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from events.models import Event
from schools.models import TrainingProgramme
from teachers.services.admin_training import move_to_partnership, other_partnerships
from tests.builders import create_delivery_partner, create_ect_at_school_period, create_training_period
from tests.builders_induction import dfe_admin
from tests.builders_providers import create_declaration
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    current = partnership(school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)
    period = create_training_period(ect_at_school_period=ect, school_partnership=current)
    same_provider = partnership(
        school=world.oakfield,
        lead_provider=world.alpha,
        year=2026,
        delivery_partner=create_delivery_partner(name="Echo"),
    )
    other_provider = partnership(school=world.oakfield, lead_provider=world.beta, year=2026)
    last_year = partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    other_school = partnership(school=world.hillside, lead_provider=world.alpha, year=2026)
    return period, current, same_provider, other_provider, last_year, other_school


def test_moves_to_another_of_the_schools_partnerships_in_the_same_year(setup):
    period, _, same_provider, other_provider, _, _ = setup
    assert {p.pk for p in other_partnerships(period)} == {same_provider.pk, other_provider.pk}
    move_to_partnership(author=dfe_admin(), training_period=period, school_partnership=same_provider)
    period.refresh_from_db()
    assert period.school_partnership_id == same_provider.pk
    assert period.started_on == dt.date(2026, 9, 1)
    assert Event.objects.filter(
        training_period=period, event_type="training_period_assigned_to_school_partnership"
    ).exists()


def test_refuses_partnerships_of_another_year_or_school_and_the_current_one(setup):
    period, current, _, _, last_year, other_school = setup
    for choice in (last_year, other_school, current, None):
        with pytest.raises(DomainError):
            move_to_partnership(author=dfe_admin(), training_period=period, school_partnership=choice)


def test_declarations_pin_the_period_to_its_lead_provider(setup):
    period, _, same_provider, other_provider, _, _ = setup
    create_declaration(training_period=period)
    with pytest.raises(DomainError, match="already made declarations"):
        move_to_partnership(author=dfe_admin(), training_period=period, school_partnership=other_provider)
    move_to_partnership(author=dfe_admin(), training_period=period, school_partnership=same_provider)


def test_finished_or_school_led_training_cannot_move(setup, world):
    period, _, same_provider, _, _, _ = setup
    period.finished_on = dt.date(2026, 9, 10)
    period.save()
    with pytest.raises(DomainError, match="Only ongoing provider-led"):
        move_to_partnership(author=dfe_admin(), training_period=period, school_partnership=same_provider)
    hill = create_ect_at_school_period(school=world.hillside, started_on=dt.date(2026, 9, 1))
    school_led = create_training_period(ect_at_school_period=hill, training_programme=TrainingProgramme.SCHOOL_LED)
    with pytest.raises(DomainError, match="Only ongoing provider-led"):
        move_to_partnership(author=dfe_admin(), training_period=school_led, school_partnership=same_provider)
