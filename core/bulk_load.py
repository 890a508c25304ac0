"""Bulk loads without per-row index maintenance or foreign-key checks, as PostgreSQL's "Populating a Database"
advises: the secondary indexes and foreign keys of the loaded tables are read from the catalogue, dropped, and built
again from the catalogue's own definitions once the rows are in (a sorted pass per index, one join per key instead
of a lookup and a parent-row lock per row). Used by `seed_scale` (in one transaction) and by the ECF1 migration (over
many committed batches, with the definitions stored until they are recreated)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class SecondaryIndex:
    """One index of a table other than its primary key, as the catalogue defines it: `definition` is the
    `CREATE INDEX` statement from `pg_indexes`; `constraint` is the constraint's definition when the index backs a
    unique or exclusion constraint (recreated with `ADD CONSTRAINT`, so the constraint exists again, not just an
    index)."""

    table: str
    name: str
    definition: str
    constraint: str | None

    @property
    def plain(self) -> bool:
        """Neither unique nor backing a constraint: it speeds up reads but holds no rule."""
        return self.constraint is None and not _shape(self.definition)[0]


def secondary_indexes(tables: list[str]) -> list[SecondaryIndex]:
    """Every index of `tables` except primary keys and indexes another constraint depends on (a foreign key
    referencing a unique column needs its index to exist), read from the catalogue so new indexes are included."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ix.tablename, ix.indexname, ix.indexdef,
                   CASE WHEN con.contype IN ('u', 'x') THEN pg_get_constraintdef(con.oid) END
              FROM pg_indexes ix
              JOIN pg_class i ON i.relname = ix.indexname AND i.relnamespace = current_schema()::regnamespace
              JOIN pg_index x ON x.indexrelid = i.oid
              LEFT JOIN pg_constraint con ON con.conindid = i.oid AND con.conrelid = x.indrelid
                                         AND con.contype IN ('p', 'u', 'x')
             WHERE ix.schemaname = current_schema() AND ix.tablename = ANY(%s) AND NOT x.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint fk WHERE fk.contype = 'f' AND fk.conindid = i.oid)
             ORDER BY ix.tablename, ix.indexname
            """,
            [tables],
        )
        return [SecondaryIndex(*row) for row in cursor.fetchall()]


def _shape(definition: str) -> tuple[bool, str]:
    """An index definition without its name and table: whether it is unique, and everything from USING on."""
    head, rest = definition.split(" USING ", 1)
    return head.startswith("CREATE UNIQUE "), rest


def rebuilt_identically(indexes: list[SecondaryIndex]) -> list[SecondaryIndex]:
    """Those of `indexes` that, built again from their catalogue definitions, read back exactly the same.

    Not all do: PostgreSQL stores an index's expressions and predicate as parsed trees and prints them back as
    text, and reading that text can give a different tree (`ARRAY[...]::text[]` comes back as an array of casts),
    an equivalent rule but not the same definition. Each index is tried on an empty copy of its table first; one
    that would not come back identical is left in place during the load."""
    identical = []
    with connection.cursor() as cursor:
        for table in sorted({index.table for index in indexes}):
            cursor.execute(f'CREATE TEMPORARY TABLE seed_probe (LIKE "{table}")')
            for number, index in enumerate(i for i in indexes if i.table == table):
                name = f"seed_probe_{number}"
                if index.constraint is None:
                    unique, rest = _shape(index.definition)
                    unique = "UNIQUE " if unique else ""
                    cursor.execute(f"CREATE {unique}INDEX {name} ON pg_temp.seed_probe USING {rest}")
                    probe_constraint = None
                else:
                    cursor.execute(f"ALTER TABLE pg_temp.seed_probe ADD CONSTRAINT {name} {index.constraint}")
                    cursor.execute(
                        "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                        " WHERE conname = %s AND conrelid = 'pg_temp.seed_probe'::regclass",
                        [name],
                    )
                    probe_constraint = cursor.fetchone()[0]
                cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [f"pg_temp.{name}"])
                if (_shape(cursor.fetchone()[0]), probe_constraint) == (_shape(index.definition), index.constraint):
                    identical.append(index)
            cursor.execute("DROP TABLE pg_temp.seed_probe")
    return identical


def drop_indexes(indexes: list[SecondaryIndex]) -> None:
    with connection.cursor() as cursor:
        for index in indexes:
            if index.constraint is None:
                cursor.execute(f'DROP INDEX "{index.name}"')
            else:
                cursor.execute(f'ALTER TABLE "{index.table}" DROP CONSTRAINT "{index.name}"')


def create_indexes(indexes: list[SecondaryIndex]) -> None:
    """Build the indexes again: unique and exclusion ones check every row as they are built, so the rules they
    hold are enforced on the loaded rows exactly as if they had been there during the load."""
    with connection.cursor() as cursor:
        for index in indexes:
            if index.constraint is None:
                cursor.execute(index.definition)
            else:
                cursor.execute(f'ALTER TABLE "{index.table}" ADD CONSTRAINT "{index.name}" {index.constraint}')


def foreign_keys(tables: list[str]) -> list[tuple[str, str, str]]:
    """(table, constraint name, definition) of every foreign key of `tables`, from the catalogue."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid)
              FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
             WHERE con.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(%s)
             ORDER BY t.relname, con.conname
            """,
            [tables],
        )
        return cursor.fetchall()


def drop_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    with connection.cursor() as cursor:
        for table, name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')


def add_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    """Add the foreign keys back; each validates every row of its table."""
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


@contextmanager
def loading_without_indexes_or_foreign_keys(
    tables: list[str], *, maintenance_work_mem: str = "256MB"
) -> Iterator[None]:
    """Drop the secondary indexes and foreign keys of `tables` for the body and recreate them after it, in the
    same transaction (which must be open), as PostgreSQL's "Populating a Database" advises: an index is built over
    millions of rows in one sorted pass many times faster than it is maintained row by row during COPY (the GIN
    full-text index above all), and a foreign key is checked for a whole table by one join instead of a lookup
    (and a lock on the parent row) per row. Recreated unique and exclusion constraints and foreign keys check every
    row as they are built, so the rules hold for the loaded rows exactly as if they had been there during the load;
    if any fails, the transaction fails. If the body raises, nothing is recreated: the rollback brings everything
    back. Other sessions wait for the transaction to use those tables meanwhile."""
    if not connection.in_atomic_block:
        raise RuntimeError("loading_without_indexes_or_foreign_keys needs a transaction")
    indexes, keys = rebuilt_identically(secondary_indexes(tables)), foreign_keys(tables)
    drop_foreign_keys(keys)
    drop_indexes(indexes)
    yield
    with connection.cursor() as cursor:  # bigger sorts in memory, GIN above all; reset at commit
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [maintenance_work_mem])
    create_indexes(indexes)
    add_foreign_keys(keys)
