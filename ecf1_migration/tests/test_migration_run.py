"""The run as a whole: every source record accounted for, the reconciliation report balancing, §15.5, manual
corrections (§16 item 30) and the HTML/CSV report files."""

from __future__ import annotations

import csv
import json

from declarations.models import Declaration
from ecf1_migration import report
from ecf1_migration.corrections import apply_corrections
from ecf1_migration.models import LedgerEntry
from ecf1_migration.pipeline import ACCOUNTED_TABLES, NOT_MIGRATED_TABLES
from finance.models import Statement
from schools.models import School
from teachers.models import ECTAtSchoolPeriod, Teacher


def test_every_source_record_is_created_merged_or_dropped_with_a_reason(world, db):
    for table in ACCOUNTED_TABLES:
        source_ids = {r["id"] for r in world.source.query(f"SELECT id::text FROM {{t.{table}}}")}
        fates = list(LedgerEntry.objects.filter(source_table=table).exclude(outcome="changed")
                     .values_list("source_id", "outcome", "rule", "message"))  # fmt: skip
        assert sorted(f[0] for f in fates) == sorted(source_ids), table  # exactly one fate each
        for source_id, outcome, rule, message in fates:
            if outcome in ("dropped", "failed"):
                assert rule or message, (table, source_id)
    assert all(row["unaccounted"] == 0 for row in report.accounting(world.source))


def test_tables_not_migrated_are_accounted_for_as_a_whole_with_the_reason(world, db):
    rows = {row["source_table"]: row for row in report.accounting(world.source)}
    for table, rule in NOT_MIGRATED_TABLES.items():
        row = rows[table]
        assert row["in_ecf1"] == len(world.builder.rows[table]) > 0
        assert (row["dropped"], row["created"], row["unaccounted"], row["whole_table_rule"]) == (row["in_ecf1"], 0, 0,
                                                                                                 rule)  # fmt: skip
        assert not LedgerEntry.objects.filter(source_table=table).exists()


def test_the_first_induction_coordinator_becomes_the_schools_induction_tutor(world, db):
    users = {u["id"]: u for u in world.builder.rows["users"]}
    coordinators = {c["id"]: users[c["user_id"]] for c in world.builder.rows["induction_coordinator_profiles"]}
    links = world.builder.rows["induction_coordinator_profiles_schools"]
    assert links
    for link in links:
        school = School.objects.get(api_id=link["school_id"])
        tutor = coordinators[link["induction_coordinator_profile_id"]]
        assert (school.induction_tutor_name, school.induction_tutor_email) == (tutor["full_name"], tutor["email"])
        assert school.induction_tutor_last_nominated_in_id == 2025


def test_reconciliation_counts_balance(world, db):
    participants = report.participants_by_provider_and_cohort(world.source)
    assert participants and all(row["difference"] == 0 for row in participants)
    declarations = report.declarations_by_state(world.source)
    assert declarations and all(row["difference"] == 0 for row in declarations)
    statements = report.statement_totals(world.source)
    assert statements and all(row["matches"] for row in statements if row["migrated"])
    # The only statements left out are those §6.5 finds no contract for, each failed in the ledger with why.
    for row in statements:
        if not row["migrated"]:
            assert world.fate("statements", row["statement_id"]).message.startswith("Unable to find contract for ")


def test_planted_problems_all_appear_in_the_report_with_a_treatment(world, db):
    rows = report.planted_problems(world.source)
    assert {row["problem"] for row in rows} == set(range(1, 31))
    assert all(row["treatment"] for row in rows)


def test_ids_are_kept(world, db):
    """§4: participant, training record, declaration and statement ids lead providers know."""
    for profile in world.builder.rows["participant_profiles"][:40]:
        user = next(
            tp["user_id"] for tp in world.builder.rows["teacher_profiles"] if tp["id"] == profile["teacher_profile_id"]
        )
        field = "api_ect_training_record_id" if profile["type"].endswith("ECT") else "api_mentor_training_record_id"
        teacher = Teacher.objects.filter(**{field: profile["id"]}).first()
        if teacher is not None and not world.fates("users", user)[0].rule.startswith("20 "):
            assert str(teacher.api_id) == user
    migrated = {str(s) for s in Statement.objects.values_list("api_id", flat=True)}
    failed = set(LedgerEntry.objects.filter(source_table="statements", outcome="failed").values_list("source_id",
                                                                                                    flat=True))  # fmt: skip
    assert len(failed) == 2 and not migrated & failed
    assert migrated | failed == {s["id"] for s in world.builder.rows["statements"]}


def test_15_5_declaration_paid_then_clawed_back(world, db):
    declaration = Declaration.objects.get(api_id=world.extra["clawed_back"])
    items = [i for i in world.builder.rows["statement_line_items"]
             if i["participant_declaration_id"] == world.extra["clawed_back"]]  # fmt: skip
    paid = next(i["statement_id"] for i in items if i["state"] == "paid")
    clawed = next(i["statement_id"] for i in items if i["state"] == "clawed_back")
    assert (declaration.payment_status, str(declaration.payment_statement.api_id)) == ("paid", paid)
    assert (declaration.clawback_status, str(declaration.clawback_statement.api_id)) == ("clawed_back", clawed)


def test_problem_30_manual_corrections_apply_without_touching_api_timestamps(world, db, tmp_path):
    [planted] = world.planted(30)
    record_id = planted["note"].split("record ")[1].rstrip(")")
    period = ECTAtSchoolPeriod.objects.get(ecf_start_induction_record_id=record_id)
    before = Teacher.objects.get(pk=period.teacher_id).api_updated_at
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        "object_type,object_id,action,attribute_1,value_1\n"
        f"ect_at_school_period,{record_id},update,email,corrected@example.com\n"
        "ect_at_school_period,00000000-0000-4000-8000-000000000000,update,email,nobody@example.com\n"
        f"teacher,{period.teacher.api_id},update,password,x\n"
    )
    counts = apply_corrections(corrections, tmp_path / "log.csv")
    assert counts == {"applied": 1, "failed": 2}
    period.refresh_from_db()
    assert period.email == "corrected@example.com"
    assert Teacher.objects.get(pk=period.teacher_id).api_updated_at == before
    log = list(csv.DictReader((tmp_path / "log.csv").open()))
    assert [row["result"] for row in log] == ["applied", "failed", "failed"]
    assert log[2]["error"] == "'password' cannot be corrected on teacher"


def test_report_files_are_written(world, db, tmp_path):
    written = report.write(world.source, tmp_path / "report")
    names = {path.name for path in written}
    assert {"index.html", "accounting.csv", "participants_by_provider_and_cohort.csv", "declarations_by_state.csv",
            "statement_totals.csv", "dropped_and_changed.csv", "planted_problems.csv"} <= names  # fmt: skip
    page = (tmp_path / "report" / "index.html").read_text()
    assert "Source records not accounted for: <strong>0</strong>" in page
    failures = json.loads((tmp_path / "report" / "failures.json").read_text())
    assert failures and all(row["outcome"] == "failed" and (row["rule"] or row["message"]) for row in failures)
    dropped = list(csv.DictReader((tmp_path / "report" / "dropped_and_changed.csv").open()))
    assert any(row["rule"] == "2 School-funded FIP" for row in dropped)
