"""The console list's stored per-teacher facts (is an ECT, is a mentor, contract period of the latest training;
journeys.md §6.1), recomputed from the periods.

The database keeps them itself (teachers migration 0004: statement-level triggers on the period tables call the
SQL function `refresh_teacher_search_facts`). This wrapper is for whoever writes periods with those triggers
disabled, such as a bulk load, and for checking: it recomputes set-wise, in one statement, and writes only the
teachers whose facts changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection


def refresh_search_facts(teacher_ids: list[int] | None = None) -> int:
    """Recompute the facts of `teacher_ids` (None: every teacher); returns how many teachers' facts changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT refresh_teacher_search_facts(%s::bigint[])", [teacher_ids])
        return cursor.fetchone()[0]


# The triggers that recompute facts after each statement (teachers migration 0004), found by their functions.
TRIGGER_FUNCTIONS = ("teacher_search_facts_periods_changed", "teacher_search_facts_teachers_inserted")


def search_fact_triggers(tables: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(table, trigger) of the enabled recompute-per-statement triggers, on `tables` (None: on every table), for a
    bulk load to switch off and, once it has refreshed every teacher, back on (`switch_search_fact_triggers`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = ANY(%(functions)s) AND t.tgenabled <> 'D'"
            " AND c.relnamespace = current_schema()::regnamespace"
            " AND (%(tables)s::text[] IS NULL OR c.relname = ANY(%(tables)s::text[])) ORDER BY 1, 2",
            {"functions": list(TRIGGER_FUNCTIONS), "tables": None if tables is None else list(tables)},
        )
        return cursor.fetchall()


def switch_search_fact_triggers(triggers: Iterable[tuple[str, str]], *, on: bool) -> None:
    with connection.cursor() as cursor:
        for table, trigger in triggers:
            cursor.execute(f'ALTER TABLE "{table}" {"ENABLE" if on else "DISABLE"} TRIGGER "{trigger}"')


@contextmanager
def search_facts_refreshed_once() -> Iterator[None]:
    """For a bulk load inside one transaction: the recompute-per-statement triggers are off inside the block, and
    every teacher's facts are recomputed once, set-wise, as it ends.

    Per statement, a refresh probes the period tables for the statement's teachers; a load that has dropped their
    teacher_id indexes would pay a scan of every period table per COPY instead. Switching triggers off is part of
    the transaction, so if the load fails they are back on with the rollback."""
    if not connection.in_atomic_block:
        raise RuntimeError("search_facts_refreshed_once() needs the load's transaction around it")
    triggers = search_fact_triggers()
    switch_search_fact_triggers(triggers, on=False)
    yield
    switch_search_fact_triggers(triggers, on=True)
    refresh_search_facts()
