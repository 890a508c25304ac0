"""Raw-SQL helpers for constraint tests: rows go straight to PostgreSQL, past the ORM and every service,
so what these tests prove is what the database itself refuses (style guide §7, `test_constraints.py`)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

# Tables whose primary key is not `id`.
PRIMARY_KEYS = {"contract_periods": "year", "gias_schools": "urn"}


def insert(table: str, *, returning: str | None = None, **values: Any) -> Any:
    """`INSERT INTO table (...) VALUES (...) RETURNING <pk>`; created_at/updated_at default to now."""
    returning = returning or PRIMARY_KEYS.get(table, "id")
    for stamp in {"created_at", "updated_at"} & columns_of(table):
        values.setdefault(stamp, dt.datetime.now(dt.UTC))
    columns = ", ".join(f'"{c}"' for c in values)
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ({columns}) VALUES ({placeholders}) RETURNING "{returning}"', list(values.values())
        )
        return cursor.fetchone()[0]


@functools.cache
def columns_of(table: str) -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
        return frozenset(row[0] for row in cursor.fetchall())


def update(table: str, row_id: Any, *, key: str = "id", **values: Any) -> None:
    assignments = ", ".join(f'"{c}" = %s' for c in values)
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET {assignments} WHERE "{key}" = %s', [*values.values(), row_id])


def select(table: str, row_id: Any, *columns: str, key: str = "id") -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {", ".join(columns)} FROM "{table}" WHERE "{key}" = %s', [row_id])
        return cursor.fetchone()


def refused(table: str, **values: Any) -> str:
    """Insert a row the database must refuse; return the name of the constraint that refused it."""
    return _refused(lambda: insert(table, **values))


def refused_update(table: str, row_id: Any, *, key: str = "id", **values: Any) -> str:
    """Update a row in a way the database must refuse; return the refusing constraint's name."""
    return _refused(lambda: update(table, row_id, key=key, **values))


def _refused(write: Callable[[], Any]) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    return error.value.__cause__.diag.constraint_name


def refused_null(table: str, **values: Any) -> str:
    """Insert a row the database must refuse for a missing value; return the NOT NULL column's name."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        insert(table, **values)
    assert error.value.__cause__.sqlstate == "23502", error.value  # not_null_violation
    return error.value.__cause__.diag.column_name


def drop_constraints(table: str, *names: str) -> None:
    """Drop constraints or unique indexes for the rest of the test (transactional DDL, rolled back with it).

    Some constraints shadow others (two ongoing periods of one teacher also overlap), so to prove that a
    constraint bites on its own, the ones PostgreSQL would check first are dropped."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred FK checks pending would block ALTER TABLE
        for name in names:
            cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name])
            if cursor.fetchone():
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            else:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def constraint_names(table: str) -> set[str]:
    """Every constraint and index on a table, as PostgreSQL names them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "UNION SELECT indexname FROM pg_indexes WHERE tablename = %s",
            [table, table],
        )
        return {row[0] for row in cursor.fetchall()}
