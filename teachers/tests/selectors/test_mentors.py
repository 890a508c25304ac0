"""Mentor selectors: eligible mentors (§7.2.3), current-or-upcoming mentorship, "mentor required" (§6.9)."""

from __future__ import annotations

import datetime as dt

import pytest

from teachers.selectors.mentors import (
    current_or_future_mentees,
    current_or_upcoming_mentor,
    current_or_upcoming_mentorship,
    ects_needing_mentor_at_school,
    eligible_mentors_for_ect,
    is_mentor_required,
    mentees_needing_new_mentor,
    mentor_periods_elsewhere,
)
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
)

D = dt.date


@pytest.fixture
def jane(world):
    return create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))


@pytest.fixture
def tom(world):
    teacher = create_teacher(trn="7654321", first_name="Tom", last_name="Brown")
    return create_mentor_at_school_period(teacher=teacher, school=world.oakfield, started_on=D(2026, 9, 1))


@pytest.fixture
def ann(world):
    teacher = create_teacher(trn="1111111", first_name="Ann", last_name="Jones")
    return create_mentor_at_school_period(teacher=teacher, school=world.oakfield, started_on=D(2026, 9, 1))


def test_eligible_mentors_are_the_schools_ongoing_mentors_but_not_the_ect_themself(world, jane, tom, ann):
    """§7.2.3: ongoing mentor periods at the school; not Jane's own mentor period; not other schools' mentors;
    not finished ones; when changing mentor, not the current mentor."""
    create_mentor_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    create_mentor_at_school_period(school=world.hillside)
    create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 1, 1), finished_on=D(2026, 8, 31))

    assert list(eligible_mentors_for_ect(ect_at_school_period=jane)) == [tom, ann]

    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))
    assert list(eligible_mentors_for_ect(ect_at_school_period=jane, excluding_current_mentor=True)) == [ann]


def test_current_or_upcoming_mentorship_prefers_the_current_one(world, jane, tom, ann):
    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 10))
    assert current_or_upcoming_mentorship(ect_at_school_period=jane) is None

    current = create_mentorship_period(mentee=jane, mentor=ann, started_on=D(2026, 9, 11), finished_on=D(2026, 9, 15))
    upcoming = create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 10, 1))
    assert current_or_upcoming_mentorship(ect_at_school_period=jane) == current
    assert current_or_upcoming_mentor(ect_at_school_period=jane) == ann
    assert current_or_upcoming_mentorship(ect_at_school_period=jane, on=D(2026, 9, 16)) == upcoming


def test_mentor_required_when_no_current_or_upcoming_mentor(world, jane, tom):
    """§6.9: Action required until a mentor is assigned; an upcoming mentor is enough."""
    assert is_mentor_required(ect_at_school_period=jane)
    assert ects_needing_mentor_at_school(school=world.oakfield) == [jane]

    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 10, 1))
    assert not is_mentor_required(ect_at_school_period=jane)
    assert ects_needing_mentor_at_school(school=world.oakfield) == []


def test_no_mentor_required_while_leaving_reported_by_this_school(world, jane):
    """§6.9: leaving (reported by this school, finished_on >= today) → not required."""
    jane.finished_on = D(2026, 9, 15)
    jane.reported_leaving_by_school = world.oakfield
    jane.save()
    assert not is_mentor_required(ect_at_school_period=jane)

    jane.reported_leaving_by_school = None
    jane.save()
    assert is_mentor_required(ect_at_school_period=jane)  # due to finish, but not reported as leaving


@pytest.mark.parametrize(
    ("status", "required"), [("Passed", False), ("Failed", False), ("Exempt", False), ("InProgress", True)]
)
def test_no_mentor_required_after_induction(world, jane, status, required):
    """§6.9: TRS status Passed, Failed or Exempt → no mentor required."""
    world.jane.trs_induction_status = status
    world.jane.save()
    jane.refresh_from_db()
    assert is_mentor_required(ect_at_school_period=jane) is required


def test_mentees_needing_new_mentor_after_mentor_leaves(world, jane, tom):
    """§7.2.6: the school is told which ECTs need a new mentor."""
    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1), finished_on=D(2026, 12, 31))
    sam = create_ect_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1), finished_on=D(2026, 12, 31))
    create_mentorship_period(mentee=sam, mentor=tom, started_on=D(2026, 9, 1), finished_on=D(2026, 12, 31))
    tom.finished_on = D(2026, 12, 31)
    tom.save()

    assert list(mentees_needing_new_mentor(mentor_at_school_period=tom)) == [jane]


def test_current_or_future_mentees_exclude_completed_inductions(world, jane, tom):
    """§5.12: mentees whose induction is not Passed/Failed."""
    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))
    sam = create_ect_at_school_period(
        teacher=create_teacher(trs_induction_status="Passed"), school=world.oakfield, started_on=D(2026, 9, 1)
    )
    create_mentorship_period(mentee=sam, mentor=tom, started_on=D(2026, 9, 1))
    old = create_ect_at_school_period(school=world.oakfield, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31))
    create_mentorship_period(mentee=old, mentor=tom, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31))

    assert list(current_or_future_mentees(mentor_at_school_period=tom)) == [jane]


def test_mentor_periods_elsewhere_are_ongoing_or_finishing_on_or_after_the_start(world, tom):
    """§7.2.1 step 6: "currently a mentor at another school"."""
    elsewhere = create_mentor_at_school_period(
        teacher=tom.teacher, school=world.hillside, started_on=D(2026, 1, 1), finished_on=D(2026, 10, 31)
    )
    assert list(mentor_periods_elsewhere(teacher=tom.teacher, school=world.oakfield, started_on=D(2026, 10, 31))) == [
        elsewhere
    ]
    assert not mentor_periods_elsewhere(teacher=tom.teacher, school=world.oakfield, started_on=D(2026, 11, 1)).exists()
