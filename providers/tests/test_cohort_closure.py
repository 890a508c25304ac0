"""Closing a contract period (issue 8 item 5): dry run, real run, who moves and who stays, and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers.models import ContractPeriod
from providers.services.cohort_closure import (
    ALREADY_CLOSED,
    SUCCESSOR_NOT_LATER,
    SUCCESSOR_NOT_OPEN,
    UNKNOWN_PERIOD,
    close_contract_period,
)
from teachers.messages import training as teacher_messages
from teachers.models import Teacher, TrainingPeriod
from tests import builders_training as b
from tests.builders import create_teacher

pytestmark = pytest.mark.django_db

STAFF = Author.system()


@pytest.fixture
def cohort(world):
    """2025 participants on 2026-09-15: Jane (ECT, Oakfield, partnered in 2025 and 2026), Tom (mentor, Hillside,
    partnered in 2025 only), Wendy (withdrawn ECT) and Fred (ECT who finished in July)."""
    oakfield_2025 = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026)
    hillside_2025 = b.partnership(school=world.hillside, lead_provider=world.alpha, year=2025)
    jane = b.training(b.ect_period(world, started_on=dt.date(2025, 9, 1)), started_on=dt.date(2025, 9, 1),
                      school_partnership=oakfield_2025)  # fmt: skip
    tom = b.training(b.mentor_period(world, school=world.hillside, started_on=dt.date(2025, 9, 1)),
                     started_on=dt.date(2025, 9, 1), school_partnership=hillside_2025)  # fmt: skip
    wendy_teacher = create_teacher(trn="2000001", first_name="Wendy", last_name="Wood")
    wendy = b.training(b.ect_period(world, teacher=wendy_teacher, started_on=dt.date(2025, 9, 1)),
                       started_on=dt.date(2025, 9, 1), school_partnership=oakfield_2025,
                       finished_on=dt.date(2026, 9, 30),
                       withdrawn_at=dt.datetime(2026, 9, 10, tzinfo=dt.UTC), withdrawal_reason="moved_school")  # fmt: skip
    fred_teacher = create_teacher(trn="2000002", first_name="Fred", last_name="Finch")
    b.training(b.ect_period(world, teacher=fred_teacher, started_on=dt.date(2025, 9, 1),
                            finished_on=dt.date(2026, 7, 20)),
               started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 20), school_partnership=oakfield_2025)  # fmt: skip
    return jane, tom, wendy


def test_a_dry_run_reports_the_moves_and_changes_nothing(cohort):
    jane, _, _ = cohort
    before = (TrainingPeriod.objects.count(), Event.objects.count())

    report = close_contract_period(author=STAFF, year=2025, successor_year=2026, dry_run=True)

    assert report.dry_run
    assert [(m.trn, m.role, m.moved) for m in report.moves] == [
        ("1234567", "ect", True),
        ("2000001", "ect", False),
        ("7654321", "mentor", False),
    ]
    assert (TrainingPeriod.objects.count(), Event.objects.count()) == before
    period = ContractPeriod.objects.get(year=2025)
    assert period.enabled and not period.is_payments_frozen
    jane.refresh_from_db()
    assert jane.finished_on is None


def test_closing_freezes_the_period_and_moves_those_still_training(cohort):
    jane, tom, _ = cohort
    report = close_contract_period(author=STAFF, year=2025, successor_year=2026, dry_run=False)

    period = ContractPeriod.objects.get(year=2025)
    assert not period.enabled and period.is_payments_frozen
    assert Event.objects.filter(event_type=EventType.CONTRACT_PERIOD_UPDATED, contract_period=period).exists()

    moved_jane = TrainingPeriod.objects.filter(teacher=jane.teacher, role="ect").order_by("-started_on").first()
    assert moved_jane.pk != jane.pk and moved_jane.started_on == dt.date(2026, 9, 15)
    assert moved_jane.schedule.identifier == "ecf-extended-september"
    assert moved_jane.school_partnership.contract_period.year == 2026
    jane.refresh_from_db()
    assert jane.finished_on == dt.date(2026, 9, 14)
    assert Teacher.objects.get(pk=jane.teacher_id).ect_payments_frozen_year_id == 2025

    [tom_move] = [m for m in report.left_behind if m.trn == "7654321"]
    assert tom_move.reason == teacher_messages.NO_PARTNERSHIP_IN_CONTRACT_PERIOD
    tom.refresh_from_db()
    assert tom.finished_on is None
    [wendy_move] = [m for m in report.left_behind if m.trn == "2000001"]
    assert wendy_move.reason.startswith("Withdrawn")
    assert "1234567" in report.as_csv() and "not moved" in report.as_csv()


@pytest.mark.parametrize(
    "year, successor, field, message",
    [
        (2019, 2026, "year", UNKNOWN_PERIOD.format(year=2019)),
        (2022, 2026, "year", ALREADY_CLOSED.format(year=2022)),
        (2025, 2024, "successor_year", SUCCESSOR_NOT_LATER.format(year=2025)),
        (2025, 2027, "successor_year", SUCCESSOR_NOT_OPEN.format(year=2027)),
    ],
)
def test_closing_is_refused_when_it_cannot_make_sense(world, year, successor, field, message):
    with pytest.raises(DomainError) as error:
        close_contract_period(author=STAFF, year=year, successor_year=successor, dry_run=False)
    assert (error.value.field, error.value.message) == (field, message)
    assert ContractPeriod.objects.get(year=2026).enabled


def test_the_command_dry_runs_by_default_and_writes_the_report(cohort, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("close_contract_period", "2025", "--successor", "2026", "--report-dir", str(tmp_path), stdout=out)
    assert "DRY RUN" in out.getvalue() and "participants moved: 1" in out.getvalue()
    assert ContractPeriod.objects.get(year=2025).enabled
    assert "1234567" in (tmp_path / "closure-2025.csv").read_text()
    assert "Closing contract period 2025 (dry run)" in (tmp_path / "closure-2025.html").read_text()

    call_command("close_contract_period", "2025", "--successor", "2026", "--commit", stdout=StringIO())
    assert not ContractPeriod.objects.get(year=2025).enabled
