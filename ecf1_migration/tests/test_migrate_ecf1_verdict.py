"""`migrate_ecf1`'s verdict (migration.md §18.6, §19): a dry run reports it and exits 0, a real run that fails it
exits non-zero with its rows kept, and the same run with the failures accepted one by one passes. The source is
committed in its own schema, as the command reads it over its own connection."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from ecf1_migration.tests.conftest import build_world, committed_source
from teachers.models import Teacher


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_the_verdict_and_a_failing_real_run_exits_non_zero(frozen_today, tmp_path):
    builder, _ = build_world(seed=5, participants=40)
    schema = "ecf1_verdict"
    with committed_source(builder, schema) as dsn:
        arguments = ["--source", dsn, "--source-schema", schema, "--gias-from-source", "--batch-size", "10",
                     "--workers", "1"]  # fmt: skip
        out = io.StringIO()
        call_command("migrate_ecf1", *arguments, "--report", str(tmp_path / "dry"), "--dry-run", stdout=out)
        assert "Verdict: FAIL: 3 not met: threshold Model failures (non-teacher)" in out.getvalue()
        assert out.getvalue().rstrip().endswith("Dry run: nothing was kept.") and not Teacher.objects.exists()

        report = tmp_path / "report"
        out = io.StringIO()
        with pytest.raises(CommandError, match="The migration does not pass"):
            call_command("migrate_ecf1", *arguments, "--report", str(report), stdout=out)
        assert "Verdict: FAIL" in out.getvalue() and Teacher.objects.exists()  # kept: the status only warns

        accepted = tmp_path / "accepted.csv"
        with (report / "threshold_failures.csv").open() as failures, accepted.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source_table", "source_id", "reason", "accepted_by"])
            listed = {(row["source_table"], row["source_id"]) for row in csv.DictReader(failures)}
            assert len(listed) == 8  # the two unmigrated statements count against two thresholds
            writer.writerows([table, source_id, "planted by the generator", "Product Owner"]
                             for table, source_id in sorted(listed))  # fmt: skip
        out = io.StringIO()
        call_command("migrate_ecf1", *arguments, "--report", str(report), "--accepted-failures", str(accepted),
                     stdout=out)  # fmt: skip
        assert "Verdict: PASS" in out.getvalue() and "Still to do: check 12" in out.getvalue()
        with (report / "threshold_failures.csv").open() as handle:
            assert {row["accepted_by"] for row in csv.DictReader(handle)} == {"Product Owner"}
