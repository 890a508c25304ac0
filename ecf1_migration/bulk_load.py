"""Bulk-load mode for the migration's batches: the plain indexes and the foreign keys of the tables the batches
fill are dropped while they run and built again once they are done (`core.bulk_load`), so each batch's COPY
maintains only the indexes that hold a rule and no row waits for a foreign-key check at commit.

The search-fact triggers (teachers migration 0004) are switched off the same way and every teacher's facts
recomputed once at the end, as `teachers.services.search_facts` provides for bulk loads.

What stays during the load is every unique, exclusion and check constraint and every other trigger: they refuse
a bad batch, which is how a participant falls back from premium to economy conversion (migration.md §11). Foreign
keys are checked too, only later: re-adding one validates every row of the table, so a dangling reference still
fails the run, at the end of the phase instead of at a batch's commit.

The batches commit one by one, so the dropped definitions are stored in the database in the same transaction that
drops them, and deleted in the one that recreates them: a run that crashes in between recreates them when it is run
again, whatever it was doing when it stopped."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from core.bulk_load import (
    SecondaryIndex,
    add_foreign_keys,
    create_indexes,
    drop_foreign_keys,
    drop_indexes,
    foreign_keys,
    rebuilt_identically,
    secondary_indexes,
)
from ecf1_migration.models import SetAsideDefinition
from teachers.services.search_facts import refresh_search_facts, search_fact_triggers, switch_search_fact_triggers

INDEX, FOREIGN_KEY, TRIGGER = "index", "foreign_key", "trigger"


def set_aside(tables: Sequence[str]) -> int:
    """Drop the plain indexes and the foreign keys of `tables` (those not already set aside by an earlier run that
    stopped), storing their definitions first; returns how many were dropped."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses tables with checks pending
        already = set(SetAsideDefinition.objects.values_list("table", flat=True))
        tables = [table for table in tables if table not in already]
        if not tables:
            return 0
        indexes = rebuilt_identically([index for index in secondary_indexes(tables) if index.plain])
        keys = foreign_keys(tables)
        triggers = search_fact_triggers(tables)
        SetAsideDefinition.objects.bulk_create(
            [SetAsideDefinition(table=i.table, name=i.name, kind=INDEX, definition=i.definition) for i in indexes]
            + [SetAsideDefinition(table=t, name=n, kind=FOREIGN_KEY, definition=d) for t, n, d in keys]
            + [SetAsideDefinition(table=t, name=n, kind=TRIGGER, definition="") for t, n in triggers]
        )
        drop_foreign_keys(keys)
        drop_indexes(indexes)
        switch_search_fact_triggers(triggers, on=False)
    return len(indexes) + len(keys) + len(triggers)


def put_back(maintenance_work_mem: str = "256MB") -> int:
    """Switch the search-fact triggers back on and recompute every teacher's facts, recreate the indexes (a sorted
    pass each), then the foreign keys (each validates every row of its table), and forget the definitions; all in
    one transaction. Returns how many were set aside."""
    with transaction.atomic(), connection.cursor() as cursor:
        stored = list(SetAsideDefinition.objects.select_for_update().order_by("id"))
        if not stored:
            return 0
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [maintenance_work_mem])
        triggers = [s for s in stored if s.kind == TRIGGER]
        switch_search_fact_triggers([(item.table, item.name) for item in triggers], on=True)
        if triggers:  # before the indexes: it rewrites nearly every loaded teacher, and would maintain them all
            refresh_search_facts()
        create_indexes([SecondaryIndex(s.table, s.name, s.definition, None) for s in stored if s.kind == INDEX])
        add_foreign_keys([(s.table, s.name, s.definition) for s in stored if s.kind == FOREIGN_KEY])
        SetAsideDefinition.objects.filter(pk__in=[s.pk for s in stored]).delete()
    return len(stored)
