"""`record_outcomes_in_bulk` (an AB's bulk outcomes) against the one-at-a-time `release_ect`, `record_pass` and
`record_fail`: the same rows, in the same world, must leave exactly the same records, events, TRS writes and
errors (domain.md §7.3.2, §7.3.4, §7.3.5; BR-IP-10, 13, 30 … 34)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from appropriate_bodies.models import PendingInductionSubmission, PendingInductionSubmissionBatch
from core.errors import DomainError
from events.models import Event
from integrations.trs.models import TRSInductionStatusUpdate
from schools.models import SchoolNotification, TrainingProgramme
from teachers.messages import induction as messages
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from teachers.services.induction import record_fail, record_pass, release_ect
from teachers.services.induction_bulk import OutcomeRow, record_outcomes_in_bulk
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)
from tests.builders_induction import ab_user

D = dt.date


@dataclass
class Spec:
    """A row of the mixed batch: whose outcome, which one, and the error the single service gives (if any)."""

    teacher: Teacher
    outcome: str | None
    finished_on: dt.date | None
    number_of_terms: Any
    fail_confirmation_sent_on: dt.date | None = None
    expected: str | None = None
    submission: PendingInductionSubmission | None = None


def _mixed_batch(world) -> tuple[list[Spec], PendingInductionSubmissionBatch]:
    """ECTs in every state the rules tell apart, each with the row that exercises it."""
    hub = world.north_hub
    specs = []

    def ect(name: str, *, started_on: dt.date | None = None, body=hub) -> Teacher:
        started_on = started_on or D(2025, 9, 1)
        teacher = create_teacher(first_name=name, last_name="Bulk", trs_induction_status="InProgress")
        create_induction_period(teacher=teacher, appropriate_body=body, started_on=started_on)
        return teacher

    at_school = ect("Ada")
    school = create_ect_at_school_period(teacher=at_school, school=world.oakfield, started_on=D(2025, 9, 1))
    create_training_period(ect_at_school_period=school, training_programme=TrainingProgramme.SCHOOL_LED)
    create_mentorship_period(mentee=school)
    specs.append(Spec(at_school, "pass", D(2026, 7, 20), 6))
    specs.append(Spec(ect("Ben"), "pass", D(2026, 7, 20), "5.5"))
    released_at_school = ect("Cai")
    create_ect_at_school_period(teacher=released_at_school, school=world.oakfield, started_on=D(2025, 9, 1))
    specs.append(Spec(released_at_school, None, D(2026, 7, 20), 3))  # the school is told
    specs.append(Spec(ect("Cal"), None, D(2026, 7, 20), 3))
    specs.append(Spec(ect("Dee"), "fail", D(2026, 7, 20), 6, fail_confirmation_sent_on=D(2026, 7, 21)))

    not_started = ect("Eve")
    create_ect_at_school_period(teacher=not_started, school=world.oakfield, started_on=D(2026, 10, 1))
    specs.append(Spec(not_started, "pass", D(2026, 7, 20), 6))

    moved = create_teacher(first_name="Fay", last_name="Bulk", trs_induction_status="InProgress")
    create_induction_period(
        teacher=moved, appropriate_body=world.istip, started_on=D(2024, 9, 2), finished_on=D(2025, 7, 18)
    )
    create_induction_period(teacher=moved, appropriate_body=hub, started_on=D(2025, 9, 1))
    specs.append(Spec(moved, "pass", D(2026, 7, 20), 3))  # TRS start is the first period's

    specs.append(
        Spec(ect("Gus"), "fail", D(2026, 7, 20), 6, expected=messages.ENTER_FAIL_CONFIRMATION_DATE)  # BR-IP-32
    )
    released = create_teacher(first_name="Hal", last_name="Bulk")
    create_induction_period(
        teacher=released, appropriate_body=hub, started_on=D(2025, 9, 1), finished_on=D(2026, 1, 10)
    )
    specs.append(Spec(released, "pass", D(2026, 7, 20), 3, expected=messages.NO_OPEN_INDUCTION.format(name="Hal Bulk")))
    specs.append(
        Spec(
            ect("Ivy", body=world.istip),
            None,
            D(2026, 7, 20),
            3,
            expected=messages.WITH_ANOTHER_BODY.format(name="Ivy Bulk", appropriate_body=world.istip.name),
        )
    )
    specs.append(Spec(ect("Jon"), "pass", D(2026, 9, 30), 3, expected=messages.END_DATE_IN_FUTURE))
    specs.append(
        Spec(
            ect("Kim", started_on=D(2026, 3, 2)),
            None,
            D(2026, 3, 2),
            1,
            expected=messages.END_NOT_AFTER_START.format(started_on="2 March 2026"),
        )
    )
    specs.append(Spec(ect("Lou"), "pass", D(2026, 7, 20), "", expected=messages.ENTER_NUMBER_OF_TERMS))
    specs.append(Spec(ect("Max"), None, D(2026, 7, 20), "2.25", expected=messages.TERMS_TOO_PRECISE))

    failed_before = create_teacher(first_name="Nia", last_name="Bulk", trs_induction_status="InProgress")
    create_induction_period(
        teacher=failed_before,
        appropriate_body=world.istip,
        started_on=D(2024, 9, 2),
        finished_on=D(2025, 7, 18),
        outcome="fail",
    )
    create_induction_period(teacher=failed_before, appropriate_body=hub, started_on=D(2025, 9, 1))
    specs.append(Spec(failed_before, "pass", D(2026, 7, 20), 3, expected=messages.OUTCOME_ALREADY_EXISTS))  # BR-IP-10

    twice = ect("Oli")
    specs.append(Spec(twice, None, D(2026, 7, 20), 3))
    specs.append(Spec(twice, "pass", D(2026, 7, 20), 3, expected=messages.NO_OPEN_INDUCTION.format(name="Oli Bulk")))

    batch = PendingInductionSubmissionBatch.objects.create(
        appropriate_body_period=hub, batch_type="action", batch_status="completing", data=[]
    )
    for number, spec in enumerate(specs):
        spec.submission = PendingInductionSubmission.objects.create(
            appropriate_body_period=hub,
            pending_induction_submission_batch=batch,
            row_number=number,
            trn=spec.teacher.trn,
        )
    return specs, batch


def _one_at_a_time(author, hub, specs, batch) -> list[list[str]]:
    """The single services, each row in its own savepoint as the bulk upload used to apply them."""
    errors = []
    for spec in specs:
        teacher = Teacher.objects.get(pk=spec.teacher.pk)
        common = dict(
            author=author,
            teacher=teacher,
            finished_on=spec.finished_on,
            number_of_terms=spec.number_of_terms,
            appropriate_body=hub,
            submission=spec.submission,
        )
        try:
            with transaction.atomic():
                if spec.outcome == "pass":
                    record_pass(**common, batch=batch)
                elif spec.outcome == "fail":
                    record_fail(**common, fail_confirmation_sent_on=spec.fail_confirmation_sent_on, batch=batch)
                else:
                    release_ect(**common, batch=batch)
            errors.append([])
        except DomainError as exc:
            errors.append([error.message for error in exc.errors])
    return errors


def _in_bulk(author, hub, specs, batch) -> list[list[str]]:
    teachers = {teacher.pk: teacher for teacher in Teacher.objects.filter(pk__in=[spec.teacher.pk for spec in specs])}
    rows = [
        OutcomeRow(
            teacher=teachers[spec.teacher.pk],
            outcome=spec.outcome,
            finished_on=spec.finished_on,
            number_of_terms=spec.number_of_terms,
            fail_confirmation_sent_on=spec.fail_confirmation_sent_on,
            submission=spec.submission,
        )
        for spec in specs
    ]
    return record_outcomes_in_bulk(author=author, appropriate_body=hub, rows=rows, batch=batch)


def _without(row: dict, *names: str) -> dict:
    return {key: value for key, value in row.items() if key not in names}


def _state() -> dict[str, Any]:
    """Everything the outcomes may change; rows created by the action are compared without their new ids."""
    return {
        "teachers": list(Teacher.objects.order_by("pk").values()),
        "induction_periods": list(InductionPeriod.objects.order_by("pk").values()),
        "ect_at_school_periods": list(ECTAtSchoolPeriod.objects.order_by("pk").values()),
        "training_periods": list(TrainingPeriod.objects.order_by("pk").values()),
        "mentorship_periods": list(MentorshipPeriod.objects.order_by("pk").values()),
        "submissions": list(PendingInductionSubmission.objects.order_by("pk").values()),
        "school_notifications": sorted(
            (_without(row, "id") for row in SchoolNotification.objects.values()), key=lambda r: r["dedupe_key"]
        ),
        "trs_writes": sorted(
            (_without(row, "id") for row in TRSInductionStatusUpdate.objects.values()), key=lambda r: r["teacher_id"]
        ),
        "events": sorted(
            (_without(row, "id") for row in Event.objects.values()),
            key=lambda r: (r["teacher_id"] or 0, r["event_type"], r["heading"]),
        ),
    }


class _Undo(Exception):
    pass


def test_bulk_outcomes_leave_exactly_what_the_single_services_leave(world, django_capture_on_commit_callbacks):
    """A mixed batch (pass at a school, pass, release, fail, pass deleting an unstarted school record, pass after
    another body, and rows refused by BR-IP-32, BR-IP-30 (no open induction, another body), the end date in the
    future or not after the start, missing or too precise terms, BR-IP-10, and a teacher twice): the same
    errors row by row, and the same teachers, periods, school records, submissions, TRS writes and events."""
    author = ab_user(world.north_hub)
    hub = world.north_hub
    specs, batch = _mixed_batch(world)
    before = _state()

    try:
        with transaction.atomic():
            with django_capture_on_commit_callbacks() as single_callbacks:
                single_errors = _one_at_a_time(author, hub, specs, batch)
            single_state = _state()
            raise _Undo
    except _Undo:
        pass
    assert _state() == before

    with django_capture_on_commit_callbacks() as bulk_callbacks:
        bulk_errors = _in_bulk(author, hub, specs, batch)
    bulk_state = _state()

    assert bulk_errors == single_errors
    for spec, errors in zip(specs, bulk_errors, strict=True):
        if spec.expected is None:
            assert errors == [], spec.teacher.full_name
        else:
            assert errors == [spec.expected], spec.teacher.full_name
    for table in single_state:
        assert bulk_state[table] == single_state[table], table
    assert bulk_state != before
    assert len(bulk_state["school_notifications"]) == 1
    # The single path queues one job per TRS write; the bulk path the same jobs, together (other callbacks: the
    # TRA's email of the fail, the school's notification email, are the same).
    writes = len(bulk_state["trs_writes"])
    assert len(bulk_callbacks) == len(single_callbacks) - writes + 1


def test_bulk_outcomes_queue_one_trs_write_job_per_write_and_email_tra_of_a_fail(
    world, django_capture_on_commit_callbacks
):
    """Once the chunk commits, each TRS write gets its own job (the same idempotent job the single services
    queue), and the TRA hears of each fail."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from integrations.notify.models import SentEmail

    specs, batch = _mixed_batch(world)
    with django_capture_on_commit_callbacks(execute=True):
        errors = _in_bulk(ab_user(world.north_hub), world.north_hub, specs, batch)
    writes = list(TRSInductionStatusUpdate.objects.order_by("pk"))
    applied_outcomes = [spec for spec, error in zip(specs, errors, strict=True) if not error and spec.outcome]
    assert len(writes) == len(applied_outcomes) == 5
    jobs = ProcrastinateJob.objects.filter(  # only this test's: committing tests elsewhere may leave theirs
        task_name="integrations.write_induction_status", args__update_id__in=[write.pk for write in writes]
    )
    assert sorted(job.args["update_id"] for job in jobs) == [write.pk for write in writes]
    assert sorted(job.queueing_lock for job in jobs) == sorted(f"trs-write:{write.pk}" for write in writes)
    assert {job.status for job in jobs} == {"todo"}
    assert [email.to for email in SentEmail.objects.all()] == ["TRA.SE@education.gov.uk"]


def test_bulk_outcomes_refused_rows_change_nothing(world):
    """Rows refused by the rules leave their ECT, period and submission as they were, with no event."""
    specs, batch = _mixed_batch(world)
    refused = [spec for spec in specs if spec.expected and spec.teacher.trs_first_name != "Oli"]
    before = {spec.teacher.pk: list(InductionPeriod.objects.filter(teacher=spec.teacher).values()) for spec in refused}
    _in_bulk(ab_user(world.north_hub), world.north_hub, refused, batch)
    for spec in refused:
        assert list(InductionPeriod.objects.filter(teacher=spec.teacher).values()) == before[spec.teacher.pk]
    assert not Event.objects.filter(teacher__in=[spec.teacher for spec in refused]).exists()
    assert not TRSInductionStatusUpdate.objects.exists()
    assert not PendingInductionSubmission.objects.filter(delete_at__isnull=False).exists()


@pytest.fixture
def forget_committed_jobs(request):
    """A committing test's queued jobs outlive its flush (procrastinate's tables are not Django's): drop them."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    def forget() -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id > %s", [last])

    last = max(ProcrastinateJob.objects.values_list("id", flat=True), default=0)
    request.addfinalizer(forget)


@pytest.mark.django_db(transaction=True)
def test_bulk_pass_and_a_concurrent_single_pass_record_one_outcome(frozen_today, forget_committed_jobs):
    """The bulk service locks the periods it closes: a single pass of the same ECT at the same moment waits,
    then finds no open induction; there is one outcome and one TRS write."""
    import threading

    from django.db import connection

    from tests.builders import baseline_world

    world = baseline_world()
    teacher = create_teacher(first_name="Zed", last_name="Race", trs_induction_status="InProgress")
    create_induction_period(teacher=teacher, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    author = ab_user(world.north_hub)
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def bulk() -> None:
        try:
            with transaction.atomic():
                row = OutcomeRow(
                    teacher=Teacher.objects.get(pk=teacher.pk),
                    outcome="pass",
                    finished_on=D(2026, 7, 20),
                    number_of_terms=6,
                )
                barrier.wait()
                results["bulk"] = record_outcomes_in_bulk(author=author, appropriate_body=world.north_hub, rows=[row])
        finally:
            connection.close()

    def single() -> None:
        try:
            barrier.wait()
            record_pass(
                author=author,
                teacher=Teacher.objects.get(pk=teacher.pk),
                finished_on=D(2026, 7, 20),
                number_of_terms=6,
                appropriate_body=world.north_hub,
            )
            results["single"] = []
        except DomainError as exc:
            results["single"] = [error.message for error in exc.errors]
        finally:
            connection.close()

    threads = [threading.Thread(target=bulk), threading.Thread(target=single)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted([results["bulk"] == [[]], results["single"] == []])
    assert outcomes == [False, True]
    assert InductionPeriod.objects.filter(teacher=teacher, outcome="pass").count() == 1
    assert TRSInductionStatusUpdate.objects.filter(teacher=teacher).count() == 1
