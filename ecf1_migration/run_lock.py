"""One `migrate_ecf1` at a time per database: two runs would take the same unfinished batches, set aside and put
back the same indexes, and write two fates for one source record.

The lock is a PostgreSQL advisory lock held by a connection of its own for as long as the command runs, because
the run closes Django's connections whenever it forks workers (`workers.run`), and a session lock goes with its
session. If the command dies, PostgreSQL drops the lock with the connection, so a crashed run never blocks the
next one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection

LOCK_KEY = 7_245_113_001  # any fixed number; advisory locks are scoped to the current database
ALREADY_RUNNING = "Another migrate_ecf1 is running on this database: wait for it to finish, then run this command again"


class AlreadyRunning(RuntimeError):
    pass


@contextmanager
def only_run() -> Iterator[None]:
    """Hold the migration's lock on Django's database for the body; raise `AlreadyRunning` if another run has it."""
    connection.ensure_connection()
    info = connection.connection.info
    with psycopg.connect(info.dsn, password=info.password, autocommit=True) as holder:
        if not holder.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]).fetchone()[0]:
            raise AlreadyRunning(ALREADY_RUNNING)
        try:
            yield
        finally:
            holder.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
