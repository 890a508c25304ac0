"""The report accounts for every input row (migration.md §18.2), lists rejections with the §20 columns, and the
command writes it."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dqt_import import report
from dqt_import.pipeline import run_import
from dqt_import.tests.conftest import MINISTRY_OF_DEFENCE, NORTH_HUB, SAMPLE, SEASIDE_HUB
from teachers.models import InductionPeriod, Teacher


def data_rows(path) -> int:
    with path.open() as handle:
        return sum(1 for _ in csv.DictReader(handle))


def read_csv(path) -> list[dict]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def sample_result(bodies, frozen_today):
    return run_import(teachers_path=SAMPLE / "teachers.csv", periods_path=SAMPLE / "induction_periods.csv")


def test_every_row_of_the_sample_is_accounted_for(sample_result):
    assert report.summary(sample_result) == [
        {"file": "teachers.csv", "rows_read": 11, "imported": 6, "unchanged": 0, "skipped": 0, "excluded": 0,
         "rejected": 5, "unaccounted": 0},
        {"file": "induction_periods.csv", "rows_read": 15, "imported": 7, "unchanged": 0, "skipped": 0,
         "excluded": 0, "rejected": 8, "unaccounted": 0},
    ]  # fmt: skip
    assert len(sample_result.fates) == data_rows(SAMPLE / "teachers.csv") + data_rows(SAMPLE / "induction_periods.csv")


def test_the_sample_rejections_by_reason(sample_result):
    assert [(r["file"], r["fate"], r["reason"], r["rows"]) for r in report.reasons(sample_result)] == [
        ("induction_periods.csv", "rejected", "excluded_appropriate_body", 2),
        ("induction_periods.csv", "rejected", "local_authority_after_cut_off", 1),
        ("induction_periods.csv", "rejected", "no_teacher_row", 1),
        ("induction_periods.csv", "rejected", "overlaps_another_period", 1),
        ("induction_periods.csv", "rejected", "teacher_row_rejected", 1),
        ("induction_periods.csv", "rejected", "unknown_appropriate_body", 1),
        ("induction_periods.csv", "rejected", "unreadable_row", 1),
        ("teachers.csv", "rejected", "duplicate_teacher_row", 1),
        ("teachers.csv", "rejected", "induction_status_not_imported", 1),
        ("teachers.csv", "rejected", "no_period_to_import", 3),
    ]


def test_the_database_holds_what_the_report_says_was_imported(sample_result):
    bodies = {row["appropriate_body_dqt_id"]: row for row in report.appropriate_bodies(sample_result)}

    assert all(row["difference"] == 0 for row in bodies.values())
    assert (bodies[NORTH_HUB]["imported"], bodies[NORTH_HUB]["in_database"]) == (5, 5)
    assert (bodies[MINISTRY_OF_DEFENCE]["rejected"], bodies[MINISTRY_OF_DEFENCE]["in_database"]) == (1, 0)
    assert InductionPeriod.objects.count() == sum(row["in_database"] for row in bodies.values()) == 7


def test_the_files_written(sample_result, tmp_path):
    written = report.write(sample_result, tmp_path)

    assert written[0] == tmp_path / "index.html"
    assert "Input rows not accounted for: <strong>0</strong>" in (tmp_path / "index.html").read_text()
    rows = read_csv(tmp_path / "rows.csv")
    assert len(rows) == 26
    north_hub_claim = next(row for row in rows if (row["file"], row["line"]) == ("induction_periods", "3"))
    assert (north_hub_claim["fate"], north_hub_claim["imported_appropriate_body_dqt_id"]) == ("imported", NORTH_HUB)
    assert north_hub_claim["discarded_appropriate_body_dqt_id"] == ""
    rejected = read_csv(tmp_path / "rejected_rows.csv")
    assert list(rejected[0]) == [
        "reason", "message", "trn", "imported_appropriate_body_dqt_id", "discarded_appropriate_body_dqt_id",
        "started_on", "finished_on", "file", "line",
    ]  # fmt: skip
    assert len(rejected) == 13
    overlap = next(row for row in rejected if row["reason"] == "overlaps_another_period")
    assert (
        overlap["trn"],
        overlap["imported_appropriate_body_dqt_id"],
        overlap["discarded_appropriate_body_dqt_id"],
    ) == (
        "1000006",
        NORTH_HUB,
        SEASIDE_HUB,
    )
    assert (overlap["started_on"], overlap["finished_on"]) == ("2025-03-01", "")
    log = (tmp_path / "parser.log").read_text().splitlines()
    assert len(log) == 13
    assert log[5] == (
        "induction_periods.csv line 6: TRN 1000004 rejected, local_authority_after_cut_off: "
        "Local authorities lost appropriate body status after 31 August 2024"
    )
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["mode"] == "import"
    assert manifest["inputs"]["teachers"]["rows"] == 11
    assert manifest["fates"]["induction_periods"]["imported"] == 7
    events = {row["event_type"]: int(row["events"]) for row in read_csv(tmp_path / "events_written.csv")}
    assert events == {
        "induction_period_closed": 3,
        "induction_period_opened": 7,
        "teacher_fails_induction": 1,
        "teacher_imported_from_trs": 6,
        "teacher_passes_induction": 1,
    }


def test_the_command_on_the_sample_as_a_dry_run(bodies, frozen_today, tmp_path):
    out = StringIO()

    call_command(
        "import_dqt_inductions",
        "--teachers", str(SAMPLE / "teachers.csv"),
        "--periods", str(SAMPLE / "induction_periods.csv"),
        "--report", str(tmp_path / "report"),
        "--dry-run",
        stdout=out,
    )  # fmt: skip

    assert "file induction_periods.csv, rows_read 15, imported 7" in out.getvalue()
    assert "dry run: nothing was saved" in out.getvalue()
    assert (Teacher.objects.count(), InductionPeriod.objects.count()) == (0, 0)
    assert json.loads((tmp_path / "report" / "manifest.json").read_text())["mode"] == "dry run"
    assert data_rows(tmp_path / "report" / "rejected_rows.csv") == 13


def test_the_command_refuses_a_file_missing_a_column(bodies, frozen_today, tmp_path):
    broken = tmp_path / "teachers.csv"
    broken.write_text("trn,first_name\n1000001,Amy\n")

    with pytest.raises(CommandError, match=r"teachers\.csv has no column last_name, induction_status"):
        call_command(
            "import_dqt_inductions",
            "--teachers", str(broken),
            "--periods", str(SAMPLE / "induction_periods.csv"),
            "--report", str(tmp_path / "report"),
        )  # fmt: skip
