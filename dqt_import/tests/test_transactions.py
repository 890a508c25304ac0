"""One transaction per teacher: a refused write undoes everything of that teacher's and nothing of anyone else's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from core.errors import DomainError
from dqt_import.services import induction_history
from dqt_import.services.induction_history import TEACHER_ALREADY_HAS_PERIODS, import_induction_history
from dqt_import.tests.conftest import NORTH_HUB, OLDSHIRE_LA, fate_of, period, teacher
from events.authors import Author
from events.models import Event
from integrations.trs.client import TRSTeacher
from teachers.models import InductionPeriod, Teacher
from tests.builders import create_induction_period, create_teacher


def test_a_teacher_whose_write_is_refused_half_way_leaves_nothing_behind(run_dqt, bodies, monkeypatch):
    """The database refusing the pass (here made to refuse, standing in for a constraint) comes after the teacher,
    both periods and two events were written: all of it goes, and the next teacher is still imported."""
    refuse = IntegrityError('duplicate key value violates unique constraint "stand_in"')

    def refused_pass(**kwargs):
        raise refuse

    monkeypatch.setattr(induction_history.record, "teacher_passes_induction", refused_pass)

    result = run_dqt(
        [teacher("1000002", "Passed", qts="2022-07-01"), teacher("1000003")],
        [
            period("1000002", OLDSHIRE_LA, "2022-09-01", "2023-07-20", "3"),
            period("1000002", NORTH_HUB, "2023-09-04", "2024-07-19", "3"),
            period("1000003", NORTH_HUB, "2024-09-02"),
        ],
    )

    assert [(f.file, f.line, f.fate, f.reason) for f in result.fates] == [
        ("teachers", 2, "rejected", "import_failed"),
        ("teachers", 3, "imported", ""),
        ("induction_periods", 2, "rejected", "import_failed"),
        ("induction_periods", 3, "rejected", "import_failed"),
        ("induction_periods", 4, "imported", ""),
    ]
    assert 'unique constraint "stand_in"' in fate_of(result, "induction_periods", 2).message
    assert not Teacher.objects.filter(trn="1000002").exists()
    assert not Event.objects.filter(teacher__isnull=True).exists()
    assert [p.teacher.trn for p in InductionPeriod.objects.all()] == ["1000003"]


def test_a_teacher_given_periods_since_planning_is_refused(db, bodies, frozen_today):
    """The check that a present teacher has no periods is made again under the teacher's lock."""
    present = create_teacher(trn="1000001")
    create_induction_period(teacher=present, started_on=dt.date(2025, 9, 1))
    planned = InductionPeriod(
        appropriate_body_period=bodies[NORTH_HUB],
        started_on=dt.date(2024, 9, 2),
        induction_programme="fip",
        training_programme="provider_led",
    )

    with pytest.raises(DomainError) as refused:
        import_induction_history(
            author=Author.system(), teacher=present, trs_teacher=TRSTeacher(trn="1000001"), periods=[planned]
        )

    assert refused.value.message == TEACHER_ALREADY_HAS_PERIODS
    assert InductionPeriod.objects.filter(teacher=present).count() == 1
