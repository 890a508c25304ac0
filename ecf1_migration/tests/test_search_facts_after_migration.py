"""After the ECF1 migration the console list's stored facts (teachers migration 0004) are those its periods give,
whatever way the migration wrote them: the facts are kept by the database, not by the migration."""

from __future__ import annotations

import pytest

from teachers.models import Teacher
from teachers.tests.test_search_facts import from_periods, stored

pytestmark = pytest.mark.django_db


def test_every_migrated_teacher_has_the_facts_of_their_periods(world):
    teachers = list(Teacher.objects.order_by("pk"))
    assert len(teachers) > 50
    wrong = [(t.pk, stored(t), from_periods(t)) for t in teachers if stored(t) != from_periods(t)]
    assert wrong == []
    facts = {stored(t) for t in teachers}
    assert {is_ect for is_ect, _, _ in facts} == {True, False}
    assert {is_mentor for _, is_mentor, _ in facts} == {True, False}
    assert len({year for _, _, year in facts}) >= 3  # several contract periods and "Not available"
