"""One `migrate_ecf1` at a time per database (`ecf1_migration.run_lock`)."""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ecf1_migration import run_lock
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def other_session():
    connection.ensure_connection()
    info = connection.connection.info
    return psycopg.connect(info.dsn, password=info.password, autocommit=True)


def test_a_second_run_is_refused_while_the_first_holds_the_lock_and_allowed_after():
    with run_lock.only_run():
        with other_session() as other:
            assert other.execute("SELECT pg_try_advisory_lock(%s)", [run_lock.LOCK_KEY]).fetchone()[0] is False
        with pytest.raises(run_lock.AlreadyRunning), run_lock.only_run():
            pass
    with run_lock.only_run():  # released at the end of the first
        pass


def test_the_command_refuses_to_start_while_another_run_holds_the_lock(tmp_path):
    with other_session() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [run_lock.LOCK_KEY])
        with pytest.raises(CommandError, match="Another migrate_ecf1 is running on this database"):
            call_command("migrate_ecf1", "--source", "postgresql://nobody@127.0.0.1:1/none", "--report",
                         str(tmp_path / "report"))  # fmt: skip
    assert not Teacher.objects.exists()


def test_a_run_that_dies_leaves_no_lock_behind():
    with other_session() as dying:
        dying.execute("SELECT pg_advisory_lock(%s)", [run_lock.LOCK_KEY])
    with run_lock.only_run():  # the session ended, and its lock with it
        pass
