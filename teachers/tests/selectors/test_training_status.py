"""Training status, participant status and funding eligibility (domain.md §6.4, §6.5, BR-TP-18)."""

from __future__ import annotations

import datetime as dt

import pytest

from schools.models import TrainingProgramme
from teachers.selectors.training_status import (
    eligible_for_funding,
    has_completed_training,
    induction_end_date,
    latest_training_period,
    participant_status,
    training_period_eligible_for_funding,
    training_period_participant_status,
    training_status,
)
from tests import builders_training as b
from tests.builders import aware, create_induction_period

TODAY = dt.date(2026, 9, 15)
JAN_10 = dt.date(2026, 1, 10)


@pytest.fixture
def jane_with_alpha(world):
    """Jane at Oakfield since 2026-01-10, trained by Alpha (2025 partnership), ongoing."""
    at_school = b.ect_period(world, started_on=JAN_10)
    return b.training(
        at_school,
        started_on=JAN_10,
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
    )


# BR-TP-18 ----------------------------------------------------------------------------------------------------


def test_BR_TP_18_training_status_is_the_later_of_withdrawal_and_deferral(world, jane_with_alpha):
    """BR-TP-18: deferred 2026-03-01, withdrawn 2026-05-01 → withdrawn; deferred after withdrawn → deferred;
    neither → active."""
    period = jane_with_alpha
    assert training_status(period) == "active"

    period.deferred_at, period.withdrawn_at = aware(dt.date(2026, 3, 1)), aware(dt.date(2026, 5, 1))
    assert training_status(period) == "withdrawn"

    period.deferred_at, period.withdrawn_at = aware(dt.date(2026, 5, 1)), aware(dt.date(2026, 3, 1))
    assert training_status(period) == "deferred"

    period.deferred_at, period.withdrawn_at = None, aware(dt.date(2026, 3, 1))
    assert training_status(period) == "withdrawn"
    period.deferred_at, period.withdrawn_at = aware(dt.date(2026, 3, 1)), None
    assert training_status(period) == "deferred"


def test_BR_TP_18_school_led_training_is_always_active(world):
    """BR-TP-18 / §6.4: school-led → active (internal status only)."""
    period = b.training(b.ect_period(world, started_on=JAN_10), started_on=JAN_10, training_programme="school_led")
    period.withdrawn_at = aware(TODAY)
    assert training_status(period) == "active"


# Participant status (§6.4) -----------------------------------------------------------------------------------


def test_participant_status_withdrawn_or_deferred_is_leaving_until_the_end_then_left(world, jane_with_alpha):
    """§6.4 rule 1: withdrawn/deferred → leaving if finished_on is after today, else left."""
    period = jane_with_alpha
    period.deferred_at, period.deferral_reason = aware(TODAY), "other"
    period.finished_on = TODAY
    period.save()
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "left"
    assert training_period_participant_status(period, on=dt.date(2026, 9, 14)) == "leaving"


def test_participant_status_completed_induction_keeps_an_ect_active(world, jane_with_alpha):
    """§6.4 rule 2: an ECT who completed induction on/before the period's end → active, even when it finished."""
    period = jane_with_alpha
    period.finished_on = dt.date(2026, 7, 31)
    period.save()
    assert training_period_participant_status(period) == "left"
    create_induction_period(
        teacher=world.jane, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    assert induction_end_date(world.jane) == dt.date(2026, 7, 20)
    assert training_period_participant_status(period) == "active"


def test_participant_status_induction_completed_after_the_period_does_not_count(world, jane_with_alpha):
    """§6.4 rule 2 needs completion on or before the period's finish."""
    period = jane_with_alpha
    period.finished_on = dt.date(2026, 7, 31)
    period.save()
    world.jane.trs_induction_completed_date = dt.date(2026, 8, 15)
    world.jane.save()
    assert training_period_participant_status(period) == "left"


def test_participant_status_completed_mentor_is_active(world):
    """§6.4 rule 3: a mentor whose ineligibility date is on/before the period's end → active."""
    tom = b.tom(
        mentor_became_ineligible_for_funding_on=dt.date(2026, 7, 20),
        mentor_became_ineligible_for_funding_reason="completed_declaration_received",
    )
    at_school = b.mentor_period(world, teacher=tom, started_on=JAN_10)
    period = b.training(
        at_school,
        started_on=JAN_10,
        finished_on=dt.date(2026, 7, 20),
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
    )
    assert participant_status(teacher=tom, lead_provider=world.alpha, role="mentor") == "active"
    assert training_period_participant_status(period) == "active"


def test_participant_status_finished_is_leaving_or_left(world, jane_with_alpha):
    """§6.4 rule 4: finished → leaving if after today, else left (a period finishing today is left)."""
    period = jane_with_alpha
    period.finished_on = dt.date(2026, 12, 31)
    assert training_period_participant_status(period) == "leaving"
    period.finished_on = TODAY
    assert training_period_participant_status(period) == "left"


def test_participant_status_future_start_is_joining_else_active(world):
    """§6.4 rules 5 and 6: starting after today → joining; otherwise active."""
    at_school = b.ect_period(world, started_on=dt.date(2026, 10, 1))
    period = b.training(
        at_school,
        started_on=dt.date(2026, 10, 1),
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "joining"
    assert training_period_participant_status(period, on=dt.date(2026, 10, 1)) == "active"


def test_participant_status_reads_the_latest_period_with_that_lead_provider(world, jane_with_alpha):
    """§6.4: computed from the latest period with the lead provider; EOI-only periods do not count; none → None."""
    jane_with_alpha.finished_on = dt.date(2026, 9, 14)
    jane_with_alpha.save()
    b.training(
        jane_with_alpha.ect_at_school_period,
        started_on=TODAY,
        expression_of_interest=b.active_lead_provider(world.beta, 2026),
    )
    assert latest_training_period(teacher=world.jane, lead_provider=world.alpha, role="ect") == jane_with_alpha
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "left"
    assert participant_status(teacher=world.jane, lead_provider=world.beta, role="ect") is None
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="mentor") is None


# Funding eligibility (§6.5) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eligible_at", "ineligible_on", "expected"),
    [
        (None, None, None),
        (dt.date(2026, 9, 1), None, True),
        (None, dt.date(2026, 9, 1), False),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 1), True),
        (dt.date(2026, 9, 2), dt.date(2026, 9, 1), False),
    ],
)
def test_eligible_for_funding_compares_first_eligible_with_ineligible_date(world, eligible_at, ineligible_on, expected):
    """§6.5: API `eligible_for_funding` is true iff the first-eligible date exists and is not after the ineligible
    date (or there is none); null when neither is known."""
    jane = world.jane
    jane.ect_first_became_eligible_for_training_at = aware(eligible_at) if eligible_at else None
    jane.ect_became_ineligible_for_funding_on = ineligible_on
    jane.mentor_first_became_eligible_for_training_at = aware(eligible_at) if eligible_at else None
    jane.mentor_became_ineligible_for_funding_on = ineligible_on
    assert eligible_for_funding(jane, "ect") is expected
    assert eligible_for_funding(jane, "mentor") is expected


def test_eligible_for_funding_uses_the_london_date_of_the_timestamp(world):
    """§6.5: the first-eligible date is the London date of the timestamp (00:30 BST is still that day)."""
    jane = world.jane
    jane.ect_first_became_eligible_for_training_at = dt.datetime(2026, 8, 31, 23, 30, tzinfo=dt.UTC)
    jane.ect_became_ineligible_for_funding_on = dt.date(2026, 8, 31)
    assert eligible_for_funding(jane, "ect") is False


def test_training_period_eligible_for_funding_follows_the_roles_first_eligible_timestamp(world, jane_with_alpha):
    """§6.5: a training period is eligible for funding when the teacher's first-eligible timestamp for its role is set."""
    assert training_period_eligible_for_funding(jane_with_alpha) is False
    world.jane.ect_first_became_eligible_for_training_at = aware(TODAY)
    world.jane.save()
    jane_with_alpha.refresh_from_db()
    assert training_period_eligible_for_funding(jane_with_alpha) is True


def test_has_completed_training_ect_needs_a_finished_induction_with_an_outcome(world):
    """§6.5 "completed training": ECT → a finished induction period with an outcome (the TRS date alone is not
    enough); mentor → a mentor-ineligible date."""
    jane = world.jane
    jane.trs_induction_completed_date = dt.date(2026, 7, 1)
    assert has_completed_training(jane, "ect") is False
    create_induction_period(teacher=jane, finished_on=dt.date(2026, 7, 1), outcome="fail")
    assert has_completed_training(jane, "ect") is True

    tom = b.tom()
    assert has_completed_training(tom, "mentor") is False
    tom.mentor_became_ineligible_for_funding_on = dt.date(2021, 4, 19)
    assert has_completed_training(tom, "mentor") is True


def test_school_led_periods_are_never_a_lead_providers_latest(world):
    """§10.2: only periods with that lead provider's partnership count."""
    b.training(
        b.ect_period(world, started_on=JAN_10), started_on=JAN_10, training_programme=TrainingProgramme.SCHOOL_LED
    )
    assert latest_training_period(teacher=world.jane, lead_provider=world.alpha, role="ect") is None
