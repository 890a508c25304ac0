"""Who an appropriate body sees (journeys.md §0 search, §5.1 tabs, §5.2 task lists, §5.3 reachable teachers)."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_body_portal import selectors
from teachers.models import Teacher
from tests.builders import create_ect_at_school_period, create_induction_period, create_school, create_teacher

pytestmark = pytest.mark.django_db
D = dt.date


def names(rows) -> list[str]:
    return [row.full_name if isinstance(row, Teacher) else row.teacher.full_name for row in rows]


def test_search_treats_seven_digits_as_a_trn_and_words_as_name_prefixes(world):
    ben = create_teacher(trn="7777777", first_name="Ben", last_name="Smithson")
    ann = create_teacher(first_name="Ann", last_name="Jones", corrected_name="Ann Smith-Jones")
    teachers = Teacher.objects.filter(pk__in=[world.jane.pk, ben.pk, ann.pk]).order_by("pk")
    assert names(selectors.search_teachers(teachers, "Jane 7777777")) == ["Ben Smithson"]
    assert names(selectors.search_teachers(teachers, "TRN7777777")) == ["Ben Smithson"]
    assert names(selectors.search_teachers(teachers, "777777")) == []  # six digits: a name word, matching nobody
    assert names(selectors.search_teachers(teachers, "smith")) == ["Jane Smith", "Ben Smithson", "Ann Smith-Jones"]
    assert names(selectors.search_teachers(teachers, "mith")) == []  # prefixes, not substrings
    assert names(selectors.search_teachers(teachers, "jane smi")) == ["Jane Smith"]


def test_open_closed_and_released_inductions(world):
    open_here = create_teacher(first_name="Olive", last_name="Open")
    create_induction_period(teacher=open_here, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    passed_here = create_teacher(first_name="Pat", last_name="Passed")
    create_induction_period(
        teacher=passed_here, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1), outcome="pass"
    )
    released = create_teacher(first_name="Rita", last_name="Released")
    create_induction_period(teacher=released, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1))
    moved_on = create_teacher(first_name="Mo", last_name="Moved")  # released here, now open elsewhere
    create_induction_period(
        teacher=moved_on, appropriate_body=world.north_hub, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31)
    )
    create_induction_period(teacher=moved_on, appropriate_body=world.istip, started_on=D(2026, 1, 5))

    assert names(selectors.inductions(world.north_hub, selectors.OPEN)) == ["Olive Open"]
    assert names(selectors.inductions(world.north_hub, selectors.CLOSED)) == ["Pat Passed"]
    assert selectors.induction_counts(world.north_hub) == {"open": 1, "closed": 1}
    assert set(names(selectors.visible_teachers(world.north_hub))) == {"Olive Open", "Pat Passed"}
    assert set(names(selectors.visible_teachers(world.istip))) == {"Mo Moved"}
    first_start = selectors.inductions(world.istip, selectors.OPEN).get().induction_started_on
    assert first_start == D(2025, 9, 1)  # the earliest induction start, at any body


def test_leavers_are_ours_with_a_finished_latest_school_period_and_nothing_else_naming_us(world):
    hillside = world.hillside
    leaving = create_teacher(first_name="Leo", last_name="Leaver")
    create_ect_at_school_period(
        teacher=leaving, school=world.oakfield, appropriate_body=world.north_hub, finished_on=D(2026, 10, 31)
    )
    create_induction_period(teacher=leaving, appropriate_body=world.north_hub, started_on=D(2026, 9, 1))

    staying = create_teacher(first_name="Sam", last_name="Staying")  # moved school, new school names us too
    create_ect_at_school_period(
        teacher=staying,
        school=world.oakfield,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 3, 31),
    )
    create_ect_at_school_period(
        teacher=staying, school=hillside, appropriate_body=world.north_hub, started_on=D(2026, 4, 1)
    )
    create_induction_period(teacher=staying, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))

    not_ours = create_teacher(first_name="Nat", last_name="Notours")
    create_ect_at_school_period(
        teacher=not_ours, school=world.oakfield, appropriate_body=world.north_hub, finished_on=D(2026, 10, 31)
    )
    create_induction_period(teacher=not_ours, appropriate_body=world.istip, started_on=D(2026, 9, 1))

    rows = list(selectors.leavers(world.north_hub))
    assert names(rows) == ["Leo Leaver"]
    assert selectors.recorded_by(rows[0]) == world.oakfield


def test_recorded_by_prefers_the_school_with_the_current_period(world):
    mover = create_teacher(first_name="Mia", last_name="Mover")
    old = create_ect_at_school_period(
        teacher=mover,
        school=world.oakfield,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 3, 31),
    )
    new_school = create_school(name="Newtown Academy")
    create_ect_at_school_period(teacher=mover, school=new_school, started_on=D(2026, 4, 1))
    assert selectors.recorded_by(old) == new_school


def test_records_to_review_counts_reported_teachers_once_plus_leavers(world):
    reported = create_teacher(first_name="Rae", last_name="Reported")
    create_ect_at_school_period(teacher=reported, school=world.oakfield, appropriate_body=world.north_hub)
    create_ect_at_school_period(teacher=create_teacher(), school=world.oakfield, appropriate_body=world.istip)
    assert selectors.records_to_review(world.north_hub) == 1


@pytest.mark.parametrize(
    ("day", "label"), [(D(2026, 5, 31), "2025/2026"), (D(2026, 6, 1), "2026/2027"), (D(2027, 1, 10), "2026/2027")]
)
def test_academic_year_label(day, label):
    assert selectors.academic_year_label(day) == label
