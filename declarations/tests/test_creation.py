"""The create service's own choices (lead-provider-api.md §12.1, §12.5): which training period and which mentorship a
new declaration links to. The API rules V1–V19 are tested through the endpoint (api/v3/tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import LONDON
from declarations.services.creation import declarable_training_period, nearest_mentorship
from declarations.tests.conftest import ect_training, mentor_training
from teachers.models import TrainingRole
from tests.builders import create_mentor_at_school_period, create_mentorship_period

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)


def test_the_mentorship_nearest_the_declaration_date_is_linked(world):
    """§12.5 step 2: compare the finish date (or the start date while ongoing) with the declaration date; the
    nearest in days wins, the earlier one on a tie."""
    training = ect_training(world, 2025, started_on=dt.date(2025, 9, 1))
    mentee = training.ect_at_school_period
    first_mentor = create_mentor_at_school_period(school=world.oakfield, started_on=dt.date(2025, 9, 1))
    second_mentor = create_mentor_at_school_period(school=world.oakfield, started_on=dt.date(2025, 9, 1))
    first = create_mentorship_period(
        mentee=mentee, mentor=first_mentor, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2025, 12, 31)
    )
    second = create_mentorship_period(mentee=mentee, mentor=second_mentor, started_on=dt.date(2026, 1, 2))

    assert nearest_mentorship(training_period=training, declaration_date=at(dt.date(2025, 10, 1))) == first
    assert nearest_mentorship(training_period=training, declaration_date=at(dt.date(2026, 2, 1))) == second
    assert nearest_mentorship(training_period=training, declaration_date=at(dt.date(2026, 1, 2))) == second
    # 1 January is one day from the first's finish and one day from the second's start: the earlier mentorship
    assert nearest_mentorship(training_period=training, declaration_date=at(dt.date(2026, 1, 1))) == first


def test_an_ect_without_mentorships_and_a_mentor_link_to_none(world):
    training = ect_training(world, 2025, started_on=dt.date(2025, 9, 1))
    mentor = mentor_training(world, 2025)
    create_mentorship_period(mentee=training.ect_at_school_period, mentor=mentor.mentor_at_school_period)

    assert nearest_mentorship(training_period=mentor, declaration_date=at(dt.date(2025, 10, 1))) is None
    training.ect_at_school_period.mentorship_periods.all().delete()
    assert nearest_mentorship(training_period=training, declaration_date=at(dt.date(2025, 10, 1))) is None


def test_the_declarable_training_period_is_the_callers_latest_of_the_role(world):
    """§12.1: the provider's training period of the role with the latest start, including a future one; another
    provider's later one does not count, nor the other role."""
    earlier = ect_training(world, 2025, started_on=dt.date(2025, 9, 1))
    assert declarable_training_period(teacher=world.jane, lead_provider=world.alpha, role=TrainingRole.ECT) == earlier
    assert declarable_training_period(teacher=world.jane, lead_provider=world.beta, role=TrainingRole.ECT) is None
    assert declarable_training_period(teacher=world.jane, lead_provider=world.alpha, role=TrainingRole.MENTOR) is None
