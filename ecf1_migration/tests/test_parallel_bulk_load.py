"""§5.2 and §18.7 with the speed-ups: batches run in several worker processes and the loaded tables' plain indexes,
foreign keys and search-fact triggers are set aside during them. The result must be the same as one process with
everything in place, record for record; a worker that fails must fail the run, and the rerun must resume and
put back everything that was set aside, exactly as the catalogue had it."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection, transaction

from ecf1_migration import bulk_load, pipeline, report, teachers, workers
from ecf1_migration.models import SetAsideDefinition
from ecf1_migration.source import Source
from ecf1_migration.source_builder import ECT
from ecf1_migration.tests.conftest import build_world, committed_source

LOADED = [*pipeline.PEOPLE_TABLES, *pipeline.DECLARATION_TABLES]

# Every migrated record by its natural keys: surrogate ids depend on which batch commits first (and the reference
# rows of the run that is rolled back keep their sequence numbers), so every `*_id` column is replaced by what it
# points at, named the way the source names it. The role id lead providers do not see for a teacher without that
# role is a fresh UUID on every run, so it is left out.
FIELDS = "(SELECT jsonb_object_agg(k, v) FROM jsonb_each(to_jsonb({0})) f(k, v) WHERE k <> 'id' AND (k NOT LIKE '%%_id' OR k LIKE 'api_%%' OR k LIKE 'ecf_%%'))"
SCHOOL = "(SELECT urn FROM schools WHERE id = {0})"
TEACHER = "(SELECT api_id FROM teachers WHERE id = {0})"
ECT_PERIOD = "(SELECT ({TEACHER}, started_on)::text FROM ect_at_school_periods sp WHERE sp.id = {0})".replace(
    "{TEACHER}", TEACHER.format("sp.teacher_id")
)
MENTOR_PERIOD = ECT_PERIOD.replace("ect_at_school_periods", "mentor_at_school_periods")
NATURAL = {
    "teachers": f"SELECT {FIELDS.format('t')} - 'api_ect_training_record_id' - 'api_mentor_training_record_id'"
    " || jsonb_build_object('ect', t.api_ect_training_record_id = ANY(%(profiles)s::uuid[]),"
    " 'mentor', t.api_mentor_training_record_id = ANY(%(profiles)s::uuid[]), 'ect_frozen', t.ect_payments_frozen_year,"
    " 'mentor_frozen', t.mentor_payments_frozen_year) FROM teachers t",
    "ect_at_school_periods": f"SELECT {FIELDS.format('e')} || jsonb_build_object('t', {TEACHER.format('e.teacher_id')},"
    f" 'school', {SCHOOL.format('e.school_id')}, 'leaving', {SCHOOL.format('e.reported_leaving_by_school_id')},"
    " 'ab', (SELECT name FROM appropriate_body_periods WHERE id = e.school_reported_appropriate_body_id))"
    " FROM ect_at_school_periods e",
    "mentor_at_school_periods": f"SELECT {FIELDS.format('m')} || jsonb_build_object('t', {TEACHER.format('m.teacher_id')},"
    f" 'school', {SCHOOL.format('m.school_id')}, 'leaving', {SCHOOL.format('m.reported_leaving_by_school_id')})"
    " FROM mentor_at_school_periods m",
    "training_periods": f"SELECT {FIELDS.format('p')} || jsonb_build_object('t', {TEACHER.format('p.teacher_id')},"
    f" 'ect', {ECT_PERIOD.format('p.ect_at_school_period_id')},"
    f" 'mentor', {MENTOR_PERIOD.format('p.mentor_at_school_period_id')},"
    " 'partnership', (SELECT api_id FROM school_partnerships WHERE id = p.school_partnership_id),"
    " 'schedule', (SELECT (contract_period_year, identifier)::text FROM schedules WHERE id = p.schedule_id),"
    " 'interest', (SELECT contract_period_year FROM active_lead_providers WHERE id = p.expression_of_interest_id))"
    " FROM training_periods p",
    "mentorship_periods": f"SELECT {FIELDS.format('x')} || jsonb_build_object("
    f"'ect', {ECT_PERIOD.format('x.ect_at_school_period_id')},"
    f" 'mentor', {MENTOR_PERIOD.format('x.mentor_at_school_period_id')}) FROM mentorship_periods x",
    "declarations": f"SELECT {FIELDS.format('d')} || jsonb_build_object('t', {TEACHER.format('d.teacher_id')},"
    " 'training', (SELECT (p.role, p.started_on)::text FROM training_periods p WHERE p.id = d.training_period_id),"
    " 'paid', (SELECT api_id FROM statements WHERE id = d.payment_statement_id),"
    " 'clawed', (SELECT api_id FROM statements WHERE id = d.clawback_statement_id),"
    " 'dp', (SELECT api_id FROM delivery_partners WHERE id = d.delivery_partner_when_created_id)) FROM declarations d",
    "teacher_id_changes": f"SELECT {FIELDS.format('c')} || jsonb_build_object('t', {TEACHER.format('c.teacher_id')})"
    " FROM teacher_id_changes c",
    "ecf1_migration_ledger": f"SELECT {FIELDS.format('l')} FROM ecf1_migration_ledger l",
}


def natural_digest(profiles: list[str]) -> dict[str, tuple[int, str]]:
    digests = {}
    with connection.cursor() as cursor:
        for table, query in NATURAL.items():
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(r::text, chr(10) ORDER BY r::text), '')) FROM ({query}) x(r)",
                {"profiles": profiles},
            )
            digests[table] = cursor.fetchone()
    return digests


def catalogue(tables: list[str]) -> set[tuple]:
    """Every index, constraint (with deferrability and validation) and trigger (with whether it is enabled)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'index', tablename, indexname, indexdef, null, null FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = ANY(%(t)s)"
            " UNION ALL SELECT 'constraint', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid),"
            " c.condeferrable::text, c.convalidated::text FROM pg_constraint c"
            " WHERE c.conrelid::regclass::text = ANY(%(t)s)"
            " UNION ALL SELECT 'trigger', t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled::text,"
            " null FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgrelid::regclass::text = ANY(%(t)s)",
            {"t": tables},
        )
        return set(cursor.fetchall())


def test_batches_never_split_a_teacher():
    """Profiles that become one teacher (same TRN, or users ECF1 merged) share a batch, so concurrent batches cannot
    both create that teacher; batches are otherwise filled in id order up to their size."""
    keyed = [("a", "1"), ("b", "2"), ("a", "3"), ("c", "4"), ("d", "5"), ("c", "6")]
    assert teachers.pack(keyed, 2) == [["1", "3"], ["2"], ["4", "6"], ["5"]]
    assert teachers.pack(keyed, 3) == [["1", "3", "2"], ["4", "6", "5"]]
    assert teachers.pack([("a", "1"), ("a", "2"), ("a", "3"), ("b", "4")], 2) == [["1", "2", "3"], ["4"]]


@pytest.mark.django_db
def test_workers_are_refused_inside_a_transaction():
    """Worker processes have their own connections: they would not see rows this transaction has not committed."""
    connection.ensure_connection()
    source = Source(connection.connection, "ecf1_none")
    with pytest.raises(ValueError, match="workers=1"):
        pipeline.run(source, pipeline.Options(workers=2))


@pytest.mark.django_db(transaction=True)
def test_workers_give_the_single_process_result_and_a_failed_worker_fails_the_run(frozen_today, monkeypatch):
    builder, _ = build_world(seed=13, participants=70)
    schema = "ecf1_workers"
    with committed_source(builder, schema) as dsn:  # committed: the workers read it from their own connections
        before = catalogue(LOADED)
        profiles = [row["id"] for row in builder.rows["participant_profiles"]]
        try:
            with psycopg.connect(dsn) as source_connection:
                source_connection.read_only = True
                source = Source(source_connection, schema)
                options = pipeline.Options(batch_size=6, gias_from_source=True)
                with transaction.atomic():  # one process, everything in place: the reference result, then undone
                    pipeline.run(source, pipeline.Options(batch_size=6, gias_from_source=True, bulk_load=False))
                    expected = natural_digest(profiles)
                    transaction.set_rollback(True)
                assert expected["teachers"][0] > 50 and expected["declarations"][0] > 20

                migrate_batch = teachers.migrate_batch
                doomed = teachers.profile_batches(source, teachers.Maps.load(source), 6)[ECT][3]

                def fails_on_a_later_ect_batch(source, ids, *args):
                    if ids == doomed:
                        raise RuntimeError("worker died")
                    return migrate_batch(source, ids, *args)

                monkeypatch.setattr(teachers, "migrate_batch", fails_on_a_later_ect_batch)
                options.workers = 2
                with pytest.raises(workers.WorkerFailed, match="run the same command again to resume"):
                    pipeline.run(source, options)
                assert SetAsideDefinition.objects.filter(table="teachers").exists()  # still set aside, and recorded
                assert catalogue(LOADED) != before

                monkeypatch.setattr(teachers, "migrate_batch", migrate_batch)
                resumed = pipeline.run(source, options)
                assert 0 < resumed.participants_this_run < resumed.participants
                assert natural_digest(profiles) == expected
                assert catalogue(LOADED) == before and not SetAsideDefinition.objects.exists()
                assert all(row["unaccounted"] == 0 for row in report.accounting(source))
        finally:
            bulk_load.put_back()  # a failed run must not leave later tests on this database without keys and triggers
