"""§5.2 and §18.7: a run that crashes resumes at the first unfinished batch and finishes with every source record
accounted for once and the counts reconciled; a rerun of a finished migration changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from declarations.models import Declaration
from ecf1_migration import pipeline, report
from ecf1_migration.models import Checkpoint, LedgerEntry
from ecf1_migration.source import Source
from ecf1_migration.tests.conftest import build_world
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, TrainingPeriod


def snapshot() -> dict[str, int]:
    return {
        "teachers": Teacher.objects.count(),
        "ect_periods": ECTAtSchoolPeriod.objects.count(),
        "mentor_periods": MentorAtSchoolPeriod.objects.count(),
        "training_periods": TrainingPeriod.objects.count(),
        "declarations": Declaration.objects.count(),
        "ledger": LedgerEntry.objects.count(),
    }


def test_resume_after_crash_finishes_the_run_without_duplicates(db, frozen_today):
    builder, _ = build_world(seed=11, participants=60)
    connection.ensure_connection()
    builder.write(connection.connection, "ecf1_resume")
    source = Source(connection.connection, "ecf1_resume")
    options = pipeline.Options(batch_size=10, gias_from_source=True, crash_after_batches=4)
    with pytest.raises(pipeline.SimulatedCrash):
        pipeline.run(source, options)
    assert Checkpoint.objects.filter(step="mentors").exists()
    assert not Checkpoint.objects.filter(step="declarations").exists()
    part_way = snapshot()
    committed = sum(Checkpoint.objects.filter(step__in=("mentors", "ects")).values_list("rows", flat=True))
    assert committed > 0

    options.crash_after_batches = None
    resumed = pipeline.run(source, options)
    assert resumed.participants_this_run == resumed.participants - committed  # committed batches are not redone
    finished = snapshot()
    assert finished["teachers"] > part_way["teachers"]
    assert all(row["unaccounted"] == 0 for row in report.accounting(source))
    assert all(row["difference"] == 0 for row in report.participants_by_provider_and_cohort(source))
    assert all(row["difference"] == 0 for row in report.declarations_by_state(source))
    profiles = len(builder.rows["participant_profiles"])
    assert (
        LedgerEntry.objects.filter(source_table="participant_profiles").exclude(outcome="changed").count() == profiles
    )

    again = pipeline.run(source, options)  # a finished run is idempotent
    assert snapshot() == finished and again.participants_this_run == 0
