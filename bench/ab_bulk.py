"""`python -m bench --ab-bulk`: an appropriate body's 10,000-row outcomes CSV (issue 5), checked and committed
by the same code the jobs run, timed against the targets (check ≤ 10 s, commit ≤ 30 s) and against floors
measured in the same run: one `SELECT 1` round trip and one COPY of 10,000 pending submissions.

It makes its own world first, so it needs no seeded data and leaves none: a bench appropriate body and 10,000
ECTs in induction with it (TRNs 8900000–8909999), each answered by a fake TRS that knows them (TRS's own
latency is not ours to measure). 9,000 rows pass and 1,000 release. Everything the run wrote is deleted
at the end (and at the start, after an interrupted run), with the TRS write jobs the passes queued."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from core.bulk_sql import insert_rows

ROWS = 10_000
FIRST_TRN = 8_900_000
BODY_NAME = "Bench appropriate body (bench.ab_bulk)"
CHECK_TARGET_SECONDS = 10
COMMIT_TARGET_SECONDS = 30
DATE_OF_BIRTH = dt.date(1995, 5, 17)
STARTED_ON = dt.date(2024, 9, 2)
FINISHED_ON = dt.date(2026, 7, 20)


@dataclass
class Result:
    rows: int
    upload_seconds: float
    check_seconds: float
    commit_seconds: float
    check_cpu_seconds: float
    commit_cpu_seconds: float
    check_db_cpu_seconds: float
    commit_db_cpu_seconds: float
    insert_floor_seconds: float
    round_trip_seconds: float
    passed: int
    released: int
    errored: int


def _trns(rows: int | None = None) -> list[str]:
    return [str(FIRST_TRN + n) for n in range(rows or _rows)]


_rows = ROWS


def _clean(body) -> None:
    """Delete what a run wrote: its events, TRS outbox rows, induction periods, batches and teachers."""
    trns = _trns(ROWS)  # whatever an earlier run left, whatever its size
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM teachers WHERE trn = ANY(%s)", [trns])
        teacher_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "DELETE FROM events WHERE teacher_id = ANY(%s) OR appropriate_body_period_id = %s",
            [teacher_ids, body.pk],
        )
        cursor.execute("DELETE FROM trs_induction_status_updates WHERE teacher_id = ANY(%s)", [teacher_ids])
        cursor.execute("DELETE FROM induction_periods WHERE teacher_id = ANY(%s)", [teacher_ids])
        cursor.execute("DELETE FROM pending_induction_submissions WHERE appropriate_body_period_id = %s", [body.pk])
        cursor.execute(
            "DELETE FROM pending_induction_submission_batches WHERE appropriate_body_period_id = %s", [body.pk]
        )
        cursor.execute("DELETE FROM teachers WHERE id = ANY(%s)", [teacher_ids])
        # The TRS write jobs the passes queued, now that their outbox rows are gone (waiting ones only).
        cursor.execute(
            """DELETE FROM procrastinate_jobs j
                WHERE j.status = 'todo' AND j.task_name = 'integrations.write_induction_status'
                  AND NOT EXISTS (SELECT 1 FROM trs_induction_status_updates u
                                   WHERE u.id = (j.args->>'update_id')::bigint)"""
        )


def _world():
    """The bench body and its 10,000 ECTs, each with an open induction period (bulk inserts)."""
    from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType
    from teachers.models import InductionPeriod, Teacher

    body, _ = AppropriateBodyPeriod.objects.get_or_create(
        name=BODY_NAME,
        defaults={"body_type": AppropriateBodyType.TEACHING_SCHOOL_HUB, "dfe_sign_in_organisation_id": uuid.uuid4()},
    )
    _clean(body)
    with transaction.atomic():
        teachers = Teacher.objects.bulk_create(
            Teacher(
                trn=trn,
                trs_first_name="Bench",
                trs_last_name=f"Teacher {trn}",
                trs_induction_status="InProgress",
                trs_induction_start_date=STARTED_ON,
                trs_qts_awarded_on=dt.date(2024, 7, 1),
            )
            for trn in _trns()
        )
        InductionPeriod.objects.bulk_create(
            InductionPeriod(
                teacher=teacher,
                appropriate_body_period=body,
                started_on=STARTED_ON,
                induction_programme="fip",
                training_programme="provider_led",
            )
            for teacher in teachers
        )
    return body


def _fake_trs():
    from integrations.trs.fake import FakeTRS

    fake = FakeTRS()
    for trn in _trns():
        fake.add_teacher(
            trn=trn,
            date_of_birth=DATE_OF_BIRTH,
            first_name="Bench",
            last_name=f"Teacher {trn}",
            induction_status="InProgress",
        )
    return fake


def outcomes_csv() -> bytes:
    """Every tenth ECT is released, the others pass."""
    lines = ["TRN,Date of birth,Induction period end date,Number of terms,Outcome"]
    for n, trn in enumerate(_trns()):
        outcome = "release" if n % 10 == 9 else "pass"
        lines.append(f"{trn},{DATE_OF_BIRTH.isoformat()},{FINISHED_ON.isoformat()},{3 + n % 4}.5,{outcome}")
    return ("\n".join(lines) + "\n").encode()


def _insert_floor(body) -> float:
    """One COPY of 10,000 pending submissions (the way phase 1 saves them), rolled back: the least phase 1
    could cost."""
    from appropriate_bodies.models import PendingInductionSubmission

    class _Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            insert_rows(
                PendingInductionSubmission,
                [
                    PendingInductionSubmission(appropriate_body_period=body, trn=trn, finished_on=FINISHED_ON)
                    for trn in _trns()
                ],
            )
            elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        return elapsed


def _backend_cpu_seconds() -> float:
    """CPU time so far of this connection's PostgreSQL backend, read from /proc when the server runs on this
    machine (0 when it cannot be read): with the process's own CPU, the work a run needs whatever the load."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(rows: int = ROWS) -> Result:
    from appropriate_bodies.models import PendingInductionSubmissionBatch
    from appropriate_bodies.services import batches
    from bench.timing import floor
    from events.authors import Author

    global _rows
    _rows = rows
    body = _world()
    try:
        author = Author.appropriate_body_user(email="bench@body.example.com", name="Bench User", appropriate_body=body)
        client = _fake_trs()
        content = outcomes_csv()
        round_trip = floor(repeat=50).median_seconds
        insert_floor = _insert_floor(body)

        started = time.perf_counter()
        batch = batches.start_batch(
            author=author,
            appropriate_body=body,
            batch_type="action",
            file_name="bench-outcomes.csv",
            content_type="text/csv",
            content=content,
        )
        upload_seconds = time.perf_counter() - started

        started, cpu, db_cpu = time.perf_counter(), time.process_time(), _backend_cpu_seconds()
        batches.process_batch(batch_id=batch.pk, client=client)
        check_seconds, check_cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        check_db_cpu_seconds = _backend_cpu_seconds() - db_cpu

        batches.confirm_batch(author=author, batch=batch)
        started, cpu, db_cpu = time.perf_counter(), time.process_time(), _backend_cpu_seconds()
        batches.complete_batch(batch_id=batch.pk)
        commit_seconds, commit_cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        commit_db_cpu_seconds = _backend_cpu_seconds() - db_cpu

        batch = PendingInductionSubmissionBatch.objects.get(pk=batch.pk)
        return Result(
            rows=rows,
            upload_seconds=upload_seconds,
            check_seconds=check_seconds,
            commit_seconds=commit_seconds,
            check_cpu_seconds=check_cpu_seconds,
            commit_cpu_seconds=commit_cpu_seconds,
            check_db_cpu_seconds=check_db_cpu_seconds,
            commit_db_cpu_seconds=commit_db_cpu_seconds,
            insert_floor_seconds=insert_floor,
            round_trip_seconds=round_trip,
            passed=batch.passed_count or 0,
            released=batch.released_count or 0,
            errored=batch.errored_count or 0,
        )
    finally:
        _clean(body)


def report(result: Result) -> str:
    def line(name: str, seconds: float, target: float | None = None) -> str:
        verdict = "" if target is None else f"  target ≤ {target} s: {'met' if seconds <= target else 'MISSED'}"
        return (
            f"  {name:<34} {seconds:8.2f} s  = {seconds / result.insert_floor_seconds:6.1f}× COPY floor"
            f"  = {seconds / result.round_trip_seconds:9,.0f}× round trip{verdict}"
        )

    return "\n".join(
        [
            f"AB bulk outcomes CSV, {result.rows:,} rows "
            f"({result.passed:,} passed, {result.released:,} released, {result.errored:,} errored)",
            f"  floor: one SELECT 1 round trip      {result.round_trip_seconds * 1000:8.3f} ms",
            f"  floor: one COPY of {result.rows:,} rows      {result.insert_floor_seconds:6.2f} s",
            line("upload (file checks, batch saved)", result.upload_seconds),
            line("check (phase 1 job)", result.check_seconds, CHECK_TARGET_SECONDS),
            line("commit (phase 2 job)", result.commit_seconds, COMMIT_TARGET_SECONDS),
            "  CPU used (what the run needs whatever the machine's load; disk waits not included):",
            f"    check  {result.check_cpu_seconds:6.2f} s this process + {result.check_db_cpu_seconds:6.2f} s "
            f"its PostgreSQL backend = {result.check_cpu_seconds + result.check_db_cpu_seconds:6.2f} s",
            f"    commit {result.commit_cpu_seconds:6.2f} s this process + {result.commit_db_cpu_seconds:6.2f} s "
            f"its PostgreSQL backend = {result.commit_cpu_seconds + result.commit_db_cpu_seconds:6.2f} s",
        ]
    )
