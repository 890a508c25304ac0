"""Bulk upload jobs survive a killed worker (issue 5 item 3): each phase commits whole chunks, so a job that
dies mid-way leaves no half-applied row, and running it again carries on from the rows still waiting.

The kill is simulated by an exception no row handler catches (`WorkerKilled` is a BaseException, like the
signals a worker dies of), raised inside the chunk's transaction; the job is then run again as a fresh worker
would after the stalled-batch sweep re-queued it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.exceptions import AlreadyEnqueued

from appropriate_bodies import tasks
from appropriate_bodies.batches.files import ACTION_HEADERS
from appropriate_bodies.models import BatchStatus, PendingInductionSubmission
from appropriate_bodies.services import batches
from events.models import Event
from events.record import induction as induction_events
from events.types import EventType
from integrations.trs.fake import FakeTRS
from teachers.models import InductionPeriod
from tests.builders import create_induction_period, create_teacher
from tests.builders_induction import ab_user

D = dt.date
TRNS = [f"300000{n}" for n in range(5)]


class WorkerKilled(BaseException):
    pass


@pytest.fixture
def author(world):
    return ab_user(world.north_hub)


@pytest.fixture
def fake():
    fake = FakeTRS()
    for trn in TRNS:
        fake.add_teacher(trn=trn, date_of_birth=D(1990, 1, 1), first_name="Teacher", last_name=trn)
    return fake


@pytest.fixture
def five_passes(world, author):
    """Five ECTs in induction with North Hub, and a pending batch passing all of them."""
    for trn in TRNS:
        teacher = create_teacher(trn=trn, first_name="Teacher", last_name=trn, qts_awarded_on=D(2024, 7, 1))
        create_induction_period(teacher=teacher, appropriate_body=world.north_hub, started_on=D(2024, 9, 2))
    lines = [",".join(ACTION_HEADERS), *(f"{trn},1990-01-01,2026-07-20,6,pass" for trn in TRNS)]
    return batches.start_batch(
        author=author,
        appropriate_body=world.north_hub,
        batch_type="action",
        file_name="outcomes.csv",
        content_type="text/csv",
        content="\n".join(lines).encode(),
    )


def batch_jobs():
    """The bulk upload jobs queued (TRS write jobs that committing tests elsewhere left queued are not ours)."""
    return ProcrastinateJob.objects.filter(task_name__startswith="appropriate_bodies.")


def killed_on(call: int, real):
    """`real`, except that the `call`-th call (from 1) kills the worker."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise WorkerKilled
        return real(*args, **kwargs)

    return wrapper


def advisory_lock_free(batch_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s",
            [batches.BATCH_LOCK_SPACE, batch_id],
        )
        return cursor.fetchone()[0] == 0


def test_a_check_killed_mid_way_resumes_after_the_last_saved_chunk(world, five_passes, fake, monkeypatch):
    monkeypatch.setattr(batches, "CHECK_CHUNK", 2)
    monkeypatch.setattr(fake, "find_teacher", killed_on(3, fake.find_teacher))  # first row of the 2nd chunk
    with pytest.raises(WorkerKilled):
        batches.process_batch(batch_id=five_passes.pk, client=fake)

    five_passes.refresh_from_db()
    assert five_passes.batch_status == BatchStatus.PROCESSING
    assert list(PendingInductionSubmission.objects.values_list("row_number", flat=True).order_by("row_number")) == [
        0,
        1,
    ]
    assert advisory_lock_free(five_passes.pk)

    monkeypatch.undo()
    batches.process_batch(batch_id=five_passes.pk, client=fake)
    five_passes.refresh_from_db()
    assert five_passes.batch_status == BatchStatus.PROCESSED
    submissions = PendingInductionSubmission.objects.order_by("row_number")
    assert [(s.row_number, s.trn, s.error_messages) for s in submissions] == [(n, TRNS[n], []) for n in range(5)]


def test_a_commit_killed_mid_way_leaves_whole_rows_and_resumes_without_applying_any_twice(
    world, five_passes, fake, monkeypatch
):
    batches.process_batch(batch_id=five_passes.pk, client=fake)
    batches.confirm_batch(author=ab_user(world.north_hub), batch=five_passes)
    monkeypatch.setattr(batches, "COMMIT_CHUNK", 2)
    # Killed while recording the 4th row's pass: the 3rd was applied in the same (2nd) chunk, which is rolled
    # back (the outcome event is recorded per row whether the rows are applied together or one at a time).
    monkeypatch.setattr(
        induction_events, "teacher_passes_induction", killed_on(4, induction_events.teacher_passes_induction)
    )
    with pytest.raises(WorkerKilled):
        batches.complete_batch(batch_id=five_passes.pk)

    five_passes.refresh_from_db()
    assert five_passes.batch_status == BatchStatus.COMPLETING
    passed = InductionPeriod.objects.filter(outcome="pass").order_by("teacher__trn")
    assert [p.teacher.trn for p in passed] == TRNS[:2]
    assert Event.objects.filter(event_type=EventType.TEACHER_PASSES_INDUCTION).count() == 2
    assert PendingInductionSubmission.objects.filter(delete_at__isnull=False).count() == 2
    assert advisory_lock_free(five_passes.pk)

    later = five_passes.updated_at + batches.STALLED_AFTER + dt.timedelta(seconds=1)
    assert list(batches.stalled_batches(now=later)) == [five_passes]

    monkeypatch.undo()
    batches.complete_batch(batch_id=five_passes.pk)  # as the re-queued job, with only the batch's id
    five_passes.refresh_from_db()
    assert (five_passes.batch_status, five_passes.passed_count, five_passes.errored_count) == ("completed", 5, 0)
    assert InductionPeriod.objects.filter(outcome="pass").count() == 5
    passes = Event.objects.filter(event_type=EventType.TEACHER_PASSES_INDUCTION)
    assert passes.count() == 5
    assert {(e.author_email, e.pending_induction_submission_batch_id) for e in passes} == {
        (Event.objects.get(event_type=EventType.BULK_UPLOAD_STARTED).author_email, five_passes.pk)
    }
    assert Event.objects.filter(event_type=EventType.BULK_UPLOAD_COMPLETED).count() == 1
    assert list(batches.stalled_batches(now=later)) == []


def test_a_second_job_on_a_batch_being_worked_on_does_nothing(world, five_passes, fake):
    """The advisory lock: while another worker (another connection) holds the batch, a job for it returns at once;
    once that worker lets go, the job does the work."""
    other_worker = connection.get_new_connection(connection.get_connection_params())
    try:
        other_worker.execute("SELECT pg_advisory_lock(%s, %s)", [batches.BATCH_LOCK_SPACE, five_passes.pk])
        assert batches.process_batch(batch_id=five_passes.pk, client=fake).batch_status == BatchStatus.PENDING
        assert not PendingInductionSubmission.objects.exists()
    finally:
        other_worker.execute("SELECT pg_advisory_unlock(%s, %s)", [batches.BATCH_LOCK_SPACE, five_passes.pk])
        other_worker.close()
    assert batches.process_batch(batch_id=five_passes.pk, client=fake).batch_status == BatchStatus.PROCESSED


def test_the_jobs_run_each_phase_with_only_the_batch_id(world, five_passes, fake, settings, monkeypatch):
    monkeypatch.setattr(tasks, "get_trs_client", lambda: fake)
    assert tasks.check_batch(batch_id=five_passes.pk) == BatchStatus.PROCESSED
    batches.confirm_batch(author=ab_user(world.north_hub), batch=five_passes)
    assert tasks.commit_batch(batch_id=five_passes.pk) == BatchStatus.COMPLETED
    assert InductionPeriod.objects.filter(outcome="pass").count() == 5


def test_queueing_a_phase_defers_one_job_per_batch(world, five_passes):
    tasks.queue_phase(five_passes.pk, BatchStatus.PENDING)
    with pytest.raises(AlreadyEnqueued):
        tasks.queue_phase(five_passes.pk, BatchStatus.PROCESSING)
    tasks.queue_phase(five_passes.pk, BatchStatus.PROCESSED)  # at rest: nothing to do
    job = batch_jobs().get()
    assert (job.task_name, job.args, job.status) == (
        "appropriate_bodies.check_batch",
        {"batch_id": five_passes.pk},
        "todo",
    )


def test_the_sweep_requeues_stalled_batches_every_minute(world, five_passes, monkeypatch):
    from procrastinate.contrib.django import app

    key = ("appropriate_bodies.resume_stalled_batches", "appropriate-bodies-resume-stalled-batches")
    assert app.periodic_registry.periodic_tasks[key].cron == "* * * * *"
    five_passes.batch_status = BatchStatus.PROCESSING
    five_passes.save()
    assert tasks.resume_stalled_batches(timestamp=0) == 0  # just moved: not stalled
    monkeypatch.setattr(batches, "STALLED_AFTER", dt.timedelta(seconds=-1))
    assert tasks.resume_stalled_batches(timestamp=0) == 1
    assert batch_jobs().get().task_name == "appropriate_bodies.check_batch"
    assert tasks.resume_stalled_batches(timestamp=0) == 0  # its job is still waiting


def test_a_chunk_the_database_refuses_as_a_whole_is_applied_one_row_at_a_time(world, five_passes, fake, monkeypatch):
    """If the set-based write of a chunk is refused (a concurrent change the checks could not see), the chunk's
    savepoint is rolled back and its rows go through the single services one by one: nothing is half-written and
    every row still ends applied or with its own error."""
    from django.db import IntegrityError

    from teachers.services import induction_bulk

    batches.process_batch(batch_id=five_passes.pk, client=fake)
    batches.confirm_batch(author=ab_user(world.north_hub), batch=five_passes)

    def refused(*args, **kwargs):
        raise IntegrityError("refused by a constraint")

    monkeypatch.setattr(induction_bulk, "update_rows", refused)
    batches.complete_batch(batch_id=five_passes.pk)
    five_passes.refresh_from_db()
    assert (five_passes.batch_status, five_passes.passed_count, five_passes.errored_count) == ("completed", 5, 0)
    assert InductionPeriod.objects.filter(outcome="pass").count() == 5
    assert Event.objects.filter(event_type=EventType.TEACHER_PASSES_INDUCTION).count() == 5
