"""`migrate_ecf1 --rerun-teachers` and `--rerun-step` (migration.md §18.7) through the command, on a source committed
in its own schema, as the command reads it over its own connection. A module of its own: the other rerun tests share
a world migrated in a transaction that is open for their whole module."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from ecf1_migration.tests.conftest import build_world, committed_source
from ecf1_migration.tests.test_rerun import database
from teachers.models import Teacher


@pytest.mark.django_db(transaction=True)
def test_the_command_reruns_teachers_and_steps_and_refuses_the_people_phase(frozen_today, tmp_path):
    builder, _ = build_world(seed=5, participants=30)
    schema = "ecf1_rerun"
    with committed_source(builder, schema) as dsn:
        arguments = ["--source", dsn, "--source-schema", schema, "--gias-from-source", "--batch-size", "10",
                     "--workers", "1", "--report", str(tmp_path / "report")]  # fmt: skip
        with pytest.raises(CommandError, match="Rerun refused: the migration has not finished"):
            call_command("migrate_ecf1", *arguments, "--rerun-step", "declarations", stdout=io.StringIO())
        with pytest.raises(CommandError, match="does not pass"):  # the generated world plants failures
            call_command("migrate_ecf1", *arguments, stdout=io.StringIO())
        before = database()
        teacher = Teacher.objects.exclude(trn=None).order_by("pk").first()
        out = io.StringIO()
        with pytest.raises(CommandError, match="does not pass"):
            call_command("migrate_ecf1", *arguments, "--rerun-teachers", f"{teacher.trn},{teacher.api_id}",
                         stdout=out)  # fmt: skip
        assert "Reran " in out.getvalue() and database() == before
        manifest = json.loads((tmp_path / "report" / "manifest.json").read_text())
        assert manifest["mode"] == "partial by teacher list"
        with pytest.raises(CommandError, match="does not pass"):
            call_command("migrate_ecf1", *arguments, "--rerun-step", "declarations", stdout=io.StringIO())
        assert database() == before
        with pytest.raises(CommandError, match="Rerun refused: mentors cannot be rerun by step"):
            call_command("migrate_ecf1", *arguments, "--rerun-step", "mentors", stdout=io.StringIO())

