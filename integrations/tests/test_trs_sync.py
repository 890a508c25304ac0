"""The rolling TRS refresh (integrations.md §2.7–2.8) and the nightly GIAS job (§3.8, §10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from core import clock
from events.models import Event
from events.types import EventType
from integrations import tasks
from integrations.trs.client import TRSUnavailable
from integrations.trs.fake import FakeTRS
from integrations.trs.sync import schedule_sync, sync_enabled, sync_teacher, teachers_due
from schools.models import School
from teachers.models import Teacher
from tests.builders import create_induction_period, create_teacher

D = dt.date
SAMPLE = Path(__file__).resolve().parents[2] / "schools" / "gias_sample"


@pytest.fixture
def fake(world):
    fake = FakeTRS()
    fake.add_teacher(
        trn="1234567",
        first_name="Jane",
        last_name="Smith-Jones",
        induction_status="InProgress",
        induction_start_date=D(2025, 9, 1),
        qts_awarded_on=D(2025, 7, 1),
        qts_status_description="QualifiedTeacherStatus",
        initial_teacher_training_provider_name="Northshire SCITT",
    )
    return fake


def events_of(teacher, event_type) -> list[Event]:
    return list(Event.objects.filter(teacher=teacher, event_type=event_type))


def test_a_found_teacher_gets_names_induction_and_qts_with_an_event_per_change(world, fake):
    assert sync_teacher(world.jane.pk, client=fake) == "ok"
    jane = Teacher.objects.get(pk=world.jane.pk)
    assert (jane.trs_last_name, jane.trs_induction_status, jane.trs_induction_start_date) == (
        "Smith-Jones",
        "InProgress",
        D(2025, 9, 1),
    )
    assert jane.trs_initial_teacher_training_provider_name == "Northshire SCITT"
    assert (jane.trs_response, jane.trs_data_last_refreshed_at) == ("ok", clock.now())
    assert len(events_of(jane, EventType.TEACHER_NAME_UPDATED_BY_TRS)) == 1
    assert len(events_of(jane, EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED)) == 1
    assert len(events_of(jane, EventType.TEACHER_TRS_ATTRIBUTES_UPDATED)) == 1

    before = Event.objects.count()
    assert sync_teacher(world.jane.pk, client=fake) == "ok"
    assert Event.objects.count() == before  # nothing new: no event


def test_404_flags_the_teacher_and_keeps_our_own_outcome(world, fake):
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=D(2024, 9, 1),
        finished_on=D(2025, 7, 20),
        outcome="pass",
    )
    fake.force_not_found("1234567")
    assert sync_teacher(world.jane.pk, client=fake) == "not_found"
    jane = Teacher.objects.get(pk=world.jane.pk)
    assert (jane.trs_response, jane.trs_induction_status, jane.trs_induction_completed_date) == (
        "not_found",
        "Passed",
        D(2025, 7, 20),
    )
    assert len(events_of(jane, EventType.TEACHER_TRS_NOT_FOUND)) == 1


def test_410_flags_the_teacher_as_deactivated(world, fake):
    fake.force_deactivated("1234567")
    assert sync_teacher(world.jane.pk, client=fake) == "gone"
    assert Teacher.objects.get(pk=world.jane.pk).trs_response == "gone"
    assert len(events_of(world.jane, EventType.TEACHER_TRS_DEACTIVATED)) == 1


def test_308_flags_the_teacher_as_merged_with_the_new_trn(world, fake):
    fake.force_merged("1234567", into="7654321")
    assert sync_teacher(world.jane.pk, client=fake) == "permanent_redirect"
    jane = Teacher.objects.get(pk=world.jane.pk)
    assert (jane.trs_response, jane.trs_redirected_to) == ("permanent_redirect", "7654321")
    event = events_of(jane, EventType.TEACHER_TRS_MERGED)[0]
    assert "7654321" in event.heading + (event.body or "")


def test_trs_down_raises_for_the_job_to_retry_and_changes_nothing(world, fake):
    fake.down = True
    with pytest.raises(TRSUnavailable):
        sync_teacher(world.jane.pk, client=fake)
    assert Teacher.objects.get(pk=world.jane.pk).trs_data_last_refreshed_at is None


def test_the_batch_is_50_syncable_teachers_never_refreshed_first(world):
    now = clock.now()
    stale = create_teacher(trn="2000001")
    Teacher.objects.filter(pk=stale.pk).update(trs_data_last_refreshed_at=now - dt.timedelta(days=3), trs_response="ok")
    fresh = create_teacher(trn="2000002")
    Teacher.objects.filter(pk=fresh.pk).update(trs_data_last_refreshed_at=now, trs_response="ok")
    flagged = create_teacher(trn="2000003")
    Teacher.objects.filter(pk=flagged.pk).update(trs_response="not_found")
    trnless = create_teacher(trn="2000004")
    Teacher.objects.filter(pk=trnless.pk).update(trn=None, trnless=True)
    due = list(teachers_due())
    assert due[0] == world.jane.pk  # never refreshed
    assert due.index(stale.pk) < due.index(fresh.pk)
    assert flagged.pk not in due and trnless.pk not in due
    assert len(list(teachers_due(limit=2))) == 2


def test_scheduling_queues_one_staggered_job_per_teacher_and_never_twice(world):
    create_teacher(trn="2000001")
    assert schedule_sync() == 2
    jobs = ProcrastinateJob.objects.filter(task_name="integrations.sync_teacher_from_trs").order_by("scheduled_at")
    assert [j.queue_name for j in jobs] == ["trs_sync", "trs_sync"]
    assert jobs[1].scheduled_at - jobs[0].scheduled_at >= dt.timedelta(seconds=1) - dt.timedelta(milliseconds=50)
    assert schedule_sync() == 0  # their jobs are still waiting


def test_the_sync_runs_only_against_a_real_trs_and_can_be_switched_off(settings, monkeypatch, db):
    for name in ("TRS_API_BASE_URL", "ENABLE_FAKE_TRS_API", "ENABLE_TRS_TEACHER_REFRESH"):
        monkeypatch.delenv(name, raising=False)
    assert not sync_enabled()  # the fake would overwrite demo data
    assert tasks.schedule_trs_sync(timestamp=0) == 0
    settings.TRS_API_BASE_URL = "https://trs.example.gov.uk"
    assert sync_enabled()
    settings.ENABLE_TRS_TEACHER_REFRESH = False
    assert not sync_enabled()


def test_the_periodic_jobs_of_the_spec_are_registered():
    crons = {task: p.cron for (task, _), p in app.periodic_registry.periodic_tasks.items()}
    assert crons["integrations.schedule_trs_sync"] == "* * * * *"
    assert crons["integrations.sweep_trs_writes"] == "* * * * *"
    assert crons["integrations.import_gias"] == "0 3 * * *"


# The nightly GIAS job (§3.8) -------------------------------------------------------------------------------


def test_the_nightly_gias_import_runs_only_when_a_source_is_set(world, settings, monkeypatch):
    monkeypatch.delenv("GIAS_SOURCE", raising=False)
    assert tasks.import_gias(timestamp=0) is None
    settings.GIAS_SOURCE = str(SAMPLE / "day1")
    summary = tasks.import_gias(timestamp=0)
    assert "10 created" in summary
    assert School.objects.filter(gias_school_id=900001).exists()
