"""School transfers as a lead provider sees them (domain.md §6.11; lead-provider-api.md §11.7.4)."""

from __future__ import annotations

import datetime as dt

import pytest

from schools.models import TrainingProgramme
from teachers.selectors.training_status import school_transfers
from tests import builders_training as b
from tests.builders import create_induction_period, create_lead_provider

AUG_31 = dt.date(2026, 8, 31)
SEP_1 = dt.date(2026, 9, 1)


@pytest.fixture
def jane_left_oakfield(world):
    """Jane trained with Alpha at Oakfield 2025-09-01 → 2026-08-31."""
    oakfield = b.ect_period(world, started_on=dt.date(2025, 9, 1), finished_on=AUG_31)
    training = b.training(
        oakfield,
        started_on=dt.date(2025, 9, 1),
        finished_on=AUG_31,
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
    )
    return oakfield, training


def test_moving_to_another_school_and_provider_is_a_new_provider_transfer_for_both(world, jane_left_oakfield):
    """§6.11: Oakfield with Alpha → Hillside with Beta; both providers see one complete `new_provider` transfer."""
    oakfield, leaving_training = jane_left_oakfield
    hillside = b.ect_period(world, school=world.hillside, started_on=SEP_1)
    joining_training = b.training(
        hillside,
        started_on=SEP_1,
        school_partnership=b.partnership(school=world.hillside, lead_provider=world.beta, year=2026),
    )

    for provider in (world.alpha, world.beta):
        [transfer] = school_transfers(teacher=world.jane, lead_provider=provider)
        assert transfer.transfer_type == "new_provider"
        assert transfer.status == "complete"
        assert transfer.role == "ect"
        assert (transfer.leaving_period, transfer.leaving_training_period) == (oakfield, leaving_training)
        assert (transfer.joining_period, transfer.joining_training_period) == (hillside, joining_training)
        assert transfer.leaving_lead_provider == world.alpha
        assert transfer.joining_lead_provider == world.beta
    assert school_transfers(teacher=world.jane, lead_provider=create_lead_provider(name="Gamma")) == []


def test_same_provider_at_the_new_school_is_a_new_school_transfer(world, jane_left_oakfield):
    """§6.11: same lead provider, different school → `new_school`."""
    hillside = b.ect_period(world, school=world.hillside, started_on=SEP_1)
    b.training(
        hillside,
        started_on=SEP_1,
        school_partnership=b.partnership(school=world.hillside, lead_provider=world.alpha, year=2026),
    )
    [transfer] = school_transfers(teacher=world.jane, lead_provider=world.alpha)
    assert transfer.transfer_type == "new_school"


def test_school_led_at_the_new_school_counts_as_a_new_provider(world, jane_left_oakfield):
    """lead-provider-api.md §11.7.5: a school-led joining period has no lead provider and counts as different."""
    hillside = b.ect_period(world, school=world.hillside, started_on=SEP_1)
    b.training(hillside, started_on=SEP_1, training_programme=TrainingProgramme.SCHOOL_LED)
    [transfer] = school_transfers(teacher=world.jane, lead_provider=world.alpha)
    assert transfer.transfer_type == "new_provider"
    assert transfer.joining_lead_provider is None


def test_no_joining_training_is_unknown(world, jane_left_oakfield):
    """§6.11: no next period (and induction not complete), or a next period without training → `unknown`."""
    [transfer] = school_transfers(teacher=world.jane, lead_provider=world.alpha)
    assert (transfer.transfer_type, transfer.joining_period) == ("unknown", None)

    b.ect_period(world, school=world.hillside, started_on=SEP_1)
    [transfer] = school_transfers(teacher=world.jane, lead_provider=world.alpha)
    assert transfer.transfer_type == "unknown"
    assert transfer.joining_training_period is None


def test_leaving_with_completed_induction_and_no_next_school_is_not_a_transfer(world, jane_left_oakfield):
    """§6.11: no next period and the teacher has completed induction → no transfer."""
    create_induction_period(teacher=world.jane, started_on=dt.date(2025, 9, 1), finished_on=AUG_31, outcome="pass")
    assert school_transfers(teacher=world.jane, lead_provider=world.alpha) == []


def test_future_dates_make_a_transfer_incomplete(world):
    """§6.11: leaving period finishing after today, or joining period starting after today → `incomplete`."""
    oakfield = b.ect_period(world, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 9, 30))
    b.training(
        oakfield,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 9, 30),
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
    )
    hillside = b.ect_period(world, school=world.hillside, started_on=dt.date(2026, 10, 1))
    b.training(
        hillside,
        started_on=dt.date(2026, 10, 1),
        school_partnership=b.partnership(school=world.hillside, lead_provider=world.alpha, year=2026),
    )
    [transfer] = school_transfers(teacher=world.jane, lead_provider=world.alpha)
    assert transfer.status == "incomplete"
    assert school_transfers(teacher=world.jane, lead_provider=world.alpha, on=dt.date(2026, 10, 1))[0].status == (
        "complete"
    )


def test_not_a_transfer_when_still_there_training_unfinished_or_same_school(world):
    """§6.11: the current period must be finished, its latest training finished, and the next at another school."""
    alpha_2025 = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    first = b.ect_period(world, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 3, 31))
    b.training(first, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 3, 31), school_partnership=alpha_2025)
    # Back at the same school.
    second = b.ect_period(world, started_on=dt.date(2026, 4, 1))
    b.training(second, started_on=dt.date(2026, 4, 1), school_partnership=alpha_2025)
    assert school_transfers(teacher=world.jane, lead_provider=world.alpha) == []


def test_mentor_transfers_are_reported_and_sorted_by_leaving_training_start(world, jane_left_oakfield):
    """§11.7.4: both roles are considered; the transfers are merged and sorted by the leaving period's start."""
    as_mentor = b.mentor_period(world, teacher=world.jane, started_on=dt.date(2025, 6, 1), finished_on=AUG_31)
    b.training(
        as_mentor,
        started_on=dt.date(2025, 6, 1),
        finished_on=AUG_31,
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
    )
    transfers = school_transfers(teacher=world.jane, lead_provider=world.alpha)
    assert [t.role for t in transfers] == ["mentor", "ect"]
