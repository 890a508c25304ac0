"""§18.7 partial reruns: a teacher migrated again, or a step run again, leaves everything as it was when the source
has not changed, writes no duplicate, and gives the new result for that teacher only when it has."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, Q

from appropriate_bodies.models import AppropriateBodyPeriod
from declarations.models import Declaration
from ecf1_migration import pipeline, report
from ecf1_migration.models import Checkpoint, LedgerEntry
from ecf1_migration.pipeline import ACCOUNTED_TABLES
from ecf1_migration.rerun import RerunRefused, read_identifiers, rerun_step, rerun_teachers
from ecf1_migration.tests.conftest import BASELINE_NOON
from finance.models import Contract, Statement, StatementAdjustment
from providers.models import (
    ActiveLeadProvider,
    Band,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    Milestone,
    Schedule,
    SchoolPartnership,
)
from schools.models import GIASSchool, School, SchoolFundingEligibility
from teachers.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TeacherIdChange,
    TrainingPeriod,
)

TODAY = BASELINE_NOON.date()


def database() -> dict[str, Counter]:
    """What lead providers and the reconciliation see, without the ids a rerun may renumber (period ids): teachers by
    their ids, periods by teacher, school and dates, declarations by api id, and the ledger record for record."""
    teacher_fields = ("pk", "api_id", "api_ect_training_record_id", "api_mentor_training_record_id", "trn",
                      "api_updated_at", "migration_mode", "trs_induction_start_date", "trs_induction_completed_date",
                      "ect_payments_frozen_year", "mentor_payments_frozen_year", "ect_first_became_eligible_for_training_at",
                      "mentor_first_became_eligible_for_training_at")  # fmt: skip
    period = ("teacher_id", "school__api_id", "started_on", "finished_on", "email", "ecf_start_induction_record_id",
              "ecf_end_induction_record_id", "created_at")  # fmt: skip
    return {
        "teachers": Counter(Teacher.objects.values_list(*teacher_fields)),
        "ect_periods": Counter(ECTAtSchoolPeriod.objects.values_list(*period, "school_reported_appropriate_body_id")),
        "mentor_periods": Counter(MentorAtSchoolPeriod.objects.values_list(*period)),
        "training_periods": Counter(
            TrainingPeriod.objects.values_list(
                "teacher_id",
                "role",
                "training_programme",
                "school_partnership__api_id",
                "schedule_id",
                "started_on",
                "finished_on",
                "withdrawn_at",
                "withdrawal_reason",
                "deferred_at",
                "deferral_reason",
                "api_transfer_updated_at",
                "ecf_start_induction_record_id",
                "ecf_end_induction_record_id",
            )
        ),
        "mentorships": Counter(
            MentorshipPeriod.objects.values_list(
                "ect_at_school_period__teacher_id",
                "mentor_at_school_period__teacher_id",
                "started_on",
                "finished_on",
                "ecf_start_induction_record_id",
                "ecf_end_induction_record_id",
            )
        ),
        "declarations": Counter(
            Declaration.objects.values_list(
                "api_id",
                "teacher_id",
                "role",
                "declaration_type",
                "declaration_date",
                "payment_status",
                "clawback_status",
                "payment_statement__api_id",
                "clawback_statement__api_id",
                "training_period__ecf_start_induction_record_id",
                "training_period__started_on",
                "delivery_partner_when_created_id",
                "api_updated_at",
            )
        ),
        "teacher_id_changes": Counter(
            TeacherIdChange.objects.values_list(
                "teacher_id", "api_from_teacher_id", "api_to_teacher_id", "ecf_id", "created_at", "updated_at"
            )
        ),
        "ledger": Counter(
            LedgerEntry.objects.values_list(
                "source_table", "source_id", "outcome", "rule", "message", "target_model", "migration_mode"
            )
        ),
    }


def without(snapshot: dict[str, Counter], teacher_id: int) -> dict[str, Counter]:
    """The snapshot's rows that are not about this teacher (ledger rows left out: they name source records)."""
    return {
        name: Counter({row: n for row, n in rows.items() if teacher_id not in row[:2]})
        for name, rows in snapshot.items()
        if name != "ledger"
    }


def accounted_once(source) -> None:
    for table in ACCOUNTED_TABLES:
        source_ids = {r["id"] for r in source.query(f"SELECT id::text FROM {{t.{table}}}")}
        fates = LedgerEntry.objects.filter(source_table=table).exclude(outcome="changed")
        assert sorted(fates.values_list("source_id", flat=True)) == sorted(source_ids), table
    assert all(row["unaccounted"] == 0 for row in report.accounting(source))


def mentor_and_ect() -> Teacher:
    teacher = (
        Teacher.objects.filter(ect_at_school_periods__isnull=False, mentor_at_school_periods__isnull=False)
        .order_by("pk")
        .first()
    )
    assert teacher is not None, "the generated world holds a teacher who is both ECT and mentor"
    return teacher


def mentor_with_mentees_and_declarations() -> Teacher:
    with_declarations = set(Declaration.objects.values_list("teacher_id", flat=True))
    teacher = (
        Teacher.objects.filter(pk__in=with_declarations)
        .annotate(mentees=Count("mentor_at_school_periods__mentorship_periods"))
        .filter(mentees__gt=0)
        .order_by("pk")
        .first()
    )
    assert teacher is not None, "the generated world holds a mentor with mentees and declarations"
    return teacher


def test_rerunning_teachers_changes_nothing_and_duplicates_nothing(world, db):
    both, mentor = mentor_and_ect(), mentor_with_mentees_and_declarations()
    mentees = set(
        MentorshipPeriod.objects.filter(mentor_at_school_period__teacher__in=[both, mentor]).values_list(
            "ect_at_school_period__teacher_id", flat=True
        )
    )
    assert mentees
    before = database()
    done = rerun_teachers(world.source, [str(both.api_id), str(mentor.api_id)], today=TODAY)

    assert {both.pk, mentor.pk} <= set(done.teacher_ids)
    assert mentees - {both.pk, mentor.pk} == set(done.mentees_added)  # their mentorships pointed at rewritten periods
    assert done.counts["declarations"] > 0 and done.counts["created"] > 0
    assert database() == before
    accounted_once(world.source)


def test_rerunning_a_teacher_with_an_id_change_keeps_it_as_it_was(world, db):
    change = TeacherIdChange.objects.order_by("pk").first()
    before = database()
    rerun_teachers(world.source, [str(change.api_from_teacher_id)], today=TODAY)  # named by the merged user's id
    assert database() == before
    accounted_once(world.source)


def test_an_id_change_added_for_same_trn_users_keeps_its_timestamps_when_rerun(world, db):
    [planted] = world.planted(20)
    second_user = planted["source_id"]
    with connection.cursor() as cursor:  # ECF1 without the id change: the migration adds one (§16 item 20)
        cursor.execute("DELETE FROM ecf1.participant_id_changes WHERE from_participant_id = %s", [second_user])
    with time_machine.travel(BASELINE_NOON + dt.timedelta(days=1), tick=False):
        rerun_teachers(world.source, [second_user], today=TODAY)
    [added] = TeacherIdChange.objects.filter(api_from_teacher_id=second_user)
    assert added.ecf_id is None and added.created_at == BASELINE_NOON + dt.timedelta(days=1)
    with time_machine.travel(BASELINE_NOON + dt.timedelta(days=2), tick=False):
        rerun_teachers(world.source, [second_user], today=TODAY)
    [again] = TeacherIdChange.objects.filter(api_from_teacher_id=second_user)
    assert (again.created_at, again.updated_at) == (added.created_at, added.updated_at)


def test_a_teacher_can_be_named_by_trn_or_profile_id_and_an_unknown_id_is_refused(world, db, tmp_path):
    teacher = Teacher.objects.exclude(trn=None).filter(ect_at_school_periods__isnull=False).order_by("pk").first()
    listed = tmp_path / "teachers.csv"
    listed.write_text(f"{teacher.trn}\n{teacher.api_ect_training_record_id}\n")
    assert read_identifiers([f"@{listed}", "a, b"]) == [teacher.trn, str(teacher.api_ect_training_record_id), "a",
                                                         "b"]  # fmt: skip
    before = database()
    done = rerun_teachers(world.source, read_identifiers([f"@{listed}"]), today=TODAY)
    assert teacher.pk in done.teacher_ids
    assert database() == before
    with pytest.raises(RerunRefused, match="no ECF1 mentor or ECT profile for: 0000000"):
        rerun_teachers(world.source, [teacher.trn, "0000000"], today=TODAY)
    assert database() == before


def test_a_rerun_after_the_source_changed_gives_the_new_result_for_that_teacher_only(world, db):
    period = (
        ECTAtSchoolPeriod.objects.filter(finished_on__isnull=False, ecf_end_induction_record_id__isnull=False)
        .exclude(teacher__mentor_at_school_periods__isnull=False)
        .filter(~Q(finished_on=None))
        .order_by("pk")
        .first()
    )
    record = str(period.ecf_end_induction_record_id)
    [source_end] = [r["end_date"] for r in world.source.query(
        "SELECT end_date FROM {t.induction_records} WHERE id = %s", [record])]  # fmt: skip
    assert source_end is not None and period.finished_on == source_end
    new_end = period.finished_on - dt.timedelta(days=3)
    assert new_end > period.started_on
    profile = str(period.teacher.api_ect_training_record_id)
    before = database()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ecf1.induction_records SET end_date = %s WHERE id = %s", [new_end, record])
        cursor.execute(
            "UPDATE ecf1.participant_profiles SET induction_start_date = %s WHERE id = %s",
            [dt.date(2021, 9, 1), profile],
        )

    rerun_teachers(world.source, [str(period.teacher.api_id)], today=TODAY)

    after = database()
    assert without(after, period.teacher_id) == without(before, period.teacher_id)
    assert ECTAtSchoolPeriod.objects.get(
        teacher_id=period.teacher_id, ecf_end_induction_record_id=record
    ).finished_on == (new_end)
    teacher = Teacher.objects.get(pk=period.teacher_id)
    assert (teacher.api_id, str(teacher.api_ect_training_record_id)) == (period.teacher.api_id, profile)  # same row
    assert teacher.trs_induction_start_date == dt.date(2021, 9, 1)
    accounted_once(world.source)


def test_rerunning_declarations_gives_the_same_declarations_and_the_report_still_balances(world, db):
    before = database()
    rerun_step(world.source, "declarations", pipeline.Options(batch_size=25, gias_from_source=True, today=TODAY))
    after = database()
    assert after["declarations"] == before["declarations"] and after["declarations"]
    assert after["ledger"] == before["ledger"]
    accounted_once(world.source)
    assert all(row["difference"] == 0 for row in report.declarations_by_state(world.source))


def test_rerunning_the_accounting_gives_the_same_fates(world, db):
    before = database()
    rerun_step(world.source, "accounting", pipeline.Options(batch_size=25, gias_from_source=True, today=TODAY))
    assert database() == before


def test_rerunning_a_reference_step_keeps_its_rows_and_gives_each_record_one_fate(world, db):
    partnerships = Counter(SchoolPartnership.objects.values_list("pk", "api_id", "school_id"))
    before = database()
    rerun_step(world.source, "school_partnerships", pipeline.Options(batch_size=25, gias_from_source=True, today=TODAY))
    assert Counter(SchoolPartnership.objects.values_list("pk", "api_id", "school_id")) == partnerships
    after = database()
    assert {k: v for k, v in after.items() if k != "ledger"} == {k: v for k, v in before.items() if k != "ledger"}
    accounted_once(world.source)


def test_rerunning_the_first_reference_step_reruns_them_all_without_a_duplicate(world, db):
    models = (LeadProvider, ActiveLeadProvider, DeliveryPartner, Schedule, Milestone, LeadProviderDeliveryPartnership,
              Band, Contract, Statement, StatementAdjustment, School, GIASSchool, SchoolFundingEligibility,
              SchoolPartnership, AppropriateBodyPeriod)  # fmt: skip
    rows = {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}
    before = database()
    rerun_step(world.source, "lead_providers", pipeline.Options(batch_size=25, gias_from_source=True, today=TODAY))
    assert {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models} == rows
    after = database()
    assert {k: v for k, v in after.items() if k != "ledger"} == {k: v for k, v in before.items() if k != "ledger"}
    accounted_once(world.source)
    assert Checkpoint.objects.filter(step="school_partnerships").count() == 1


@pytest.mark.parametrize("step", ["mentors", "ects", "teacher_id_changes", "nonsense"])
def test_the_people_phase_cannot_be_rerun_by_step(world, db, step):
    before = database()
    with pytest.raises(RerunRefused, match="--rerun-teachers" if step != "nonsense" else "unknown step"):
        rerun_step(world.source, step, pipeline.Options(today=TODAY))
    assert database() == before
