"""Reads about a teacher's identity: display name, TRS sync queue, role label (BR-T-11, BR-T-16, §6.9)."""

from __future__ import annotations

import datetime as dt

import pytest

from teachers.models import Teacher
from teachers.selectors.identity import display_name, teacher_role_label, teachers_due_for_trs_sync
from tests.builders import (
    aware,
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_teacher,
)

pytestmark = pytest.mark.django_db


def test_BR_T_11_display_name_is_the_corrected_name_else_the_trs_name_else_unknown():
    """BR-T-11: TRS `Jane` / `.` → `Jane`; corrected `Jane Smith-Jones` wins; all blank → `Unknown`."""
    assert display_name(Teacher(trs_first_name="Jane", trs_last_name=".")) == "Jane"
    assert display_name(Teacher(trs_first_name="Jane", trs_last_name="Smith")) == "Jane Smith"
    assert display_name(Teacher(trs_first_name=" ", trs_last_name="Smith")) == "Smith"
    assert (
        display_name(Teacher(trs_first_name="Jane", trs_last_name="Smith", corrected_name="Jane Smith-Jones"))
        == "Jane Smith-Jones"
    )
    assert display_name(Teacher(trs_first_name="", trs_last_name=None, corrected_name="")) == "Unknown"


def test_BR_T_16_only_ok_or_never_asked_teachers_are_synced_oldest_refresh_first(frozen_today):
    """BR-T-16: `gone` is never scheduled; never refreshed comes before refreshed yesterday; 50 at a time."""
    yesterday = create_teacher(trs_response="ok", trs_data_last_refreshed_at=aware(dt.date(2026, 9, 14)))
    last_week = create_teacher(trs_response="ok", trs_data_last_refreshed_at=aware(dt.date(2026, 9, 8)))
    never = create_teacher()
    gone = create_teacher(trs_response="gone")
    not_found = create_teacher(trs_response="not_found")
    merged = create_teacher(trs_response="permanent_redirect")
    anonymised = Teacher.objects.create(trn=None, trnless=True)

    due = list(teachers_due_for_trs_sync())
    assert due == [never, last_week, yesterday]
    for left_alone in (gone, not_found, merged, anonymised):
        assert left_alone not in due

    for _ in range(60):
        create_teacher()
    assert len(teachers_due_for_trs_sync()) == 50
    assert len(teachers_due_for_trs_sync(limit=5)) == 5


def test_teacher_role_label_for_admins(frozen_today):
    """§6.9: ECT / ECT (Inactive), Mentor / Mentor (Inactive), joined with ` & `; induction only → ECT (Inactive)."""
    ect_and_mentor = create_teacher()
    create_ect_at_school_period(teacher=ect_and_mentor, started_on=dt.date(2025, 9, 1))
    finished_mentor = create_mentor_at_school_period(
        teacher=ect_and_mentor, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 31)
    )
    assert teacher_role_label(ect_and_mentor) == "ECT & Mentor (Inactive)"
    assert teacher_role_label(ect_and_mentor, school=finished_mentor.school) == "Mentor (Inactive)"

    former_ect = create_teacher()
    create_ect_at_school_period(teacher=former_ect, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2026, 7, 31))
    create_mentor_at_school_period(teacher=former_ect)
    assert teacher_role_label(former_ect) == "ECT (Inactive) & Mentor"

    only_induction = create_teacher()
    create_induction_period(teacher=only_induction)
    assert teacher_role_label(only_induction) == "ECT (Inactive)"
    assert teacher_role_label(create_teacher()) == ""
