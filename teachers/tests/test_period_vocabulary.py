"""The period vocabulary on the real period models (domain.md §3.1; BR-P-07 … BR-P-10)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import today
from core.errors import DomainError
from events.authors import Author
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from teachers.services.leaving import check_covers_children, finish_ect_at_school_period
from teachers.services.mentoring import finish_mentorship
from teachers.validation.training_periods import validate_training_period
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)

D = dt.date


# BR-P-07 ---------------------------------------------------------------------------------------------


def test_BR_P_07_an_at_school_period_must_cover_its_training(world):
    """BR-P-07: ECT period ongoing with a training period from 2026-09-15 (ongoing); setting the ECT period's
    finished_on to 2026-12-31 without finishing the training → `Date range does not cover all the training
    periods`. The finish service finishes children first, so it passes."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    training = create_training_period(ect_at_school_period=period, started_on=D(2026, 9, 15))

    period.finished_on = D(2026, 12, 31)
    with pytest.raises(DomainError) as error:
        check_covers_children(period)
    assert (error.value.field, error.value.message) == ("base", "Date range does not cover all the training periods")

    period.refresh_from_db()
    finish_ect_at_school_period(author=Author.system(), period=period, finished_on=D(2026, 12, 31))
    training.refresh_from_db()
    assert training.finished_on == D(2026, 12, 31)
    check_covers_children(period)


def test_BR_P_07_an_at_school_period_must_cover_its_mentorships(world):
    """BR-P-07 for mentorships: `Date range does not cover all the mentorship periods`; a mentor period too."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    mentor = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    create_mentorship_period(mentee=period, mentor=mentor, started_on=D(2026, 9, 15))

    for at_school in (period, mentor):
        at_school.started_on = D(2026, 9, 20)
        with pytest.raises(DomainError) as error:
            check_covers_children(at_school)
        assert error.value.message == "Date range does not cover all the mentorship periods"


# BR-P-08 ---------------------------------------------------------------------------------------------


def test_BR_P_08_a_child_period_lies_within_its_parent(world):
    """BR-P-08: ECT period 2026-09-01 → 2026-12-31; training 2026-09-01 → 2027-01-10 → `Date range is not
    contained by the period the trainee is at the school`. Mentorships likewise (BR-MS-04)."""
    period = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1), finished_on=D(2026, 12, 31)
    )
    training = TrainingPeriod(
        ect_at_school_period=period,
        teacher=world.jane,
        role="ect",
        training_programme="school_led",
        started_on=D(2026, 9, 1),
        finished_on=D(2027, 1, 10),
    )
    with pytest.raises(DomainError) as error:
        validate_training_period(training)
    assert "Date range is not contained by the period the trainee is at the school" in [
        e.message for e in error.value.errors
    ]

    training.finished_on = D(2026, 12, 31)
    validate_training_period(training)


# BR-P-09 ---------------------------------------------------------------------------------------------


def test_BR_P_09_finish_without_a_date_uses_today(world):
    """BR-P-09: finishing an ongoing mentorship with no date on 2026-09-15 → finished_on = 2026-09-15."""
    mentorship = create_mentorship_period(
        mentee=create_ect_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    )
    finish_mentorship(author=Author.system(), mentorship_period=mentorship)
    mentorship.refresh_from_db()
    assert mentorship.finished_on == D(2026, 9, 15) == today()


# BR-P-10 ---------------------------------------------------------------------------------------------


def _pair(model, **kwargs):
    """A period 2026-09-01 → 2026-09-15 and one from 2026-09-16, of the given period model."""
    if model is ECTAtSchoolPeriod:
        ending = create_ect_at_school_period(started_on=D(2026, 9, 1), finished_on=D(2026, 9, 15))
        starting = create_ect_at_school_period(teacher=ending.teacher, started_on=D(2026, 9, 16))
    elif model is MentorAtSchoolPeriod:
        teacher = create_teacher()
        ending = create_mentor_at_school_period(teacher=teacher, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 15))
        starting = create_mentor_at_school_period(teacher=teacher, started_on=D(2026, 9, 16))
    elif model is MentorshipPeriod:
        mentee = create_ect_at_school_period(started_on=D(2026, 9, 1))
        ending = create_mentorship_period(mentee=mentee, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 15))
        starting = create_mentorship_period(
            mentee=mentee, mentor=ending.mentor_at_school_period, started_on=D(2026, 9, 16)
        )
    else:
        at_school = create_ect_at_school_period(started_on=D(2026, 9, 1))
        ending = create_training_period(
            ect_at_school_period=at_school,
            started_on=D(2026, 9, 1),
            finished_on=D(2026, 9, 15),
            training_programme="school_led",
        )
        starting = create_training_period(
            ect_at_school_period=at_school, started_on=D(2026, 9, 16), training_programme="school_led"
        )
    return ending, starting


@pytest.mark.parametrize("model", [ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod])
def test_BR_P_10_current_and_future_use_inclusive_ends(world, model):
    """BR-P-10: a period 2026-09-01 → 2026-09-15 contains today (2026-09-15) and is "leaving"; a period starting
    2026-09-16 is "future"; both are "current_or_future" (Q7: inclusive everywhere)."""
    ending, starting = _pair(model)
    assert ending.contains(today())
    assert not starting.contains(today())

    rows = model.objects.filter(pk__in=[ending.pk, starting.pk])
    assert list(rows.current()) == [ending]
    assert list(rows.leaving()) == [ending]
    assert list(rows.future()) == [starting]
    assert set(rows.current_or_future()) == {ending, starting}
    assert list(rows.ongoing()) == [starting]
    assert list(rows.latest_first()) == [starting, ending]
