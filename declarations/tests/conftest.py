"""Situations for declaration tests, on the spec's baseline world (domain.md §8): Jane as an ECT at Oakfield trained
by Alpha Learning with Delta Partners, in the contract period the test asks for."""

from __future__ import annotations

import datetime as dt

from providers.models import ActiveLeadProvider, SchoolPartnership
from teachers.models import TrainingPeriod
from tests.builders import (
    create_ect_at_school_period,
    create_lead_provider_delivery_partnership,
    create_mentor_at_school_period,
    create_training_period,
)


def alpha_partnership(world, year: int, school=None) -> SchoolPartnership:
    """Oakfield (or the given school) with Alpha Learning and Delta Partners in the year."""
    active = ActiveLeadProvider.objects.get_or_create(lead_provider=world.alpha, contract_period_id=year)[0]
    pairing = create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=world.delta)
    return SchoolPartnership.objects.get_or_create(
        school=school or world.oakfield, lead_provider_delivery_partnership=pairing
    )[0]


def ect_training(world, year: int, *, teacher=None, started_on: dt.date | None = None, **fields) -> TrainingPeriod:
    """Jane's (or the teacher's) provider-led ECT training at Oakfield in the year, from 1 September."""
    started_on = started_on or dt.date(year, 9, 1)
    ect = create_ect_at_school_period(teacher=teacher or world.jane, school=world.oakfield, started_on=started_on)
    return create_training_period(ect_at_school_period=ect, school_partnership=alpha_partnership(world, year), **fields)


def mentor_training(world, year: int, *, started_on: dt.date | None = None) -> TrainingPeriod:
    """Tom Brown's provider-led mentor training at Oakfield in the year, from 1 September."""
    started_on = started_on or dt.date(year, 9, 1)
    mentor = create_mentor_at_school_period(school=world.oakfield, started_on=started_on)
    return create_training_period(mentor_at_school_period=mentor, school_partnership=alpha_partnership(world, year))
