"""A real kill (issue 5 item 3): the commit job runs in a separate worker process, which is SIGKILLed mid-way.
Only whole chunks it committed are left, the batch still says `completing`, and the job run again applies the
rest, so every row is applied exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from django.db import connection

from appropriate_bodies.batches.files import ACTION_HEADERS
from appropriate_bodies.models import BatchStatus, PendingInductionSubmission
from appropriate_bodies.services import batches
from events.models import Event
from events.types import EventType
from integrations.trs.fake import FakeTRS
from teachers.models import InductionPeriod
from tests.builders import baseline_world, create_induction_period, create_teacher
from tests.builders_induction import ab_user

D = dt.date
ROOT = Path(__file__).resolve().parents[3]
TRNS = [f"31000{n:02d}" for n in range(12)]

# The worker: the real phase 2 job, two rows a chunk, each row's pass slowed so the kill lands mid-way.
WORKER = textwrap.dedent(
    """
    import time, django
    django.setup()
    from appropriate_bodies.services import batches
    from events.record import induction
    real = induction.teacher_passes_induction
    def slow(**kwargs):
        time.sleep(0.3)
        return real(**kwargs)
    induction.teacher_passes_induction = slow
    batches.COMMIT_CHUNK = 2
    batches.complete_batch(batch_id={batch_id})
    """
)


def applied() -> int:
    return PendingInductionSubmission.objects.filter(delete_at__isnull=False).count()


def lock_held(batch_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s",
            [batches.BATCH_LOCK_SPACE, batch_id],
        )
        return cursor.fetchone()[0] > 0


def wait_for(condition, *, tries: int = 300) -> None:
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_a_commit_worker_killed_mid_way_leaves_whole_chunks_and_the_rerun_finishes_once(
    transactional_db, frozen_today, request
):
    with connection.cursor() as cursor:  # the TRS write jobs the passes queue outlive the flush: drop them after
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        last_job = cursor.fetchone()[0]

    def forget_jobs() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id > %s", [last_job])

    request.addfinalizer(forget_jobs)
    world = baseline_world()
    author = ab_user(world.north_hub)
    fake = FakeTRS()
    for trn in TRNS:
        fake.add_teacher(trn=trn, date_of_birth=D(1990, 1, 1), first_name="Teacher", last_name=trn)
        teacher = create_teacher(trn=trn, first_name="Teacher", last_name=trn, qts_awarded_on=D(2024, 7, 1))
        create_induction_period(teacher=teacher, appropriate_body=world.north_hub, started_on=D(2024, 9, 2))
    lines = [",".join(ACTION_HEADERS), *(f"{trn},1990-01-01,2026-07-20,6,pass" for trn in TRNS)]
    batch = batches.start_batch(
        author=author,
        appropriate_body=world.north_hub,
        batch_type="action",
        file_name="outcomes.csv",
        content_type="text/csv",
        content="\n".join(lines).encode(),
    )
    batches.process_batch(batch_id=batch.pk, client=fake)
    batches.confirm_batch(author=author, batch=batch)

    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgresql://{settings['USER']}{':' + settings['PASSWORD'] if settings.get('PASSWORD') else ''}"
        f"@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER.format(batch_id=batch.pk)], cwd=ROOT, env=env, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: applied() >= 4 or worker.poll() is not None)
        assert worker.poll() is None, worker.stderr.read().decode()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    wait_for(lambda: not lock_held(batch.pk))  # PostgreSQL ends the dead worker's session

    done = applied()
    batch.refresh_from_db()
    assert batch.batch_status == BatchStatus.COMPLETING
    assert 4 <= done < len(TRNS) and done % 2 == 0  # whole chunks only
    assert InductionPeriod.objects.filter(outcome="pass").count() == done
    assert Event.objects.filter(event_type=EventType.TEACHER_PASSES_INDUCTION).count() == done

    batches.complete_batch(batch_id=batch.pk)  # the job again, as the sweep re-queues it
    batch.refresh_from_db()
    assert (batch.batch_status, batch.passed_count, batch.errored_count) == ("completed", len(TRNS), 0)
    assert InductionPeriod.objects.filter(outcome="pass").count() == len(TRNS)
    assert Event.objects.filter(event_type=EventType.TEACHER_PASSES_INDUCTION).count() == len(TRNS)
    assert Event.objects.filter(event_type=EventType.BULK_UPLOAD_COMPLETED).count() == 1
