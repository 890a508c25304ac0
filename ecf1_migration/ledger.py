"""The ledger (migration.md §18.2, §18.4): one fate per source record (created, merged, dropped, failed) and any
number of changes made by cleaning rules; written with COPY in the same transaction as the rows it describes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from ecf1_migration.models import Outcome


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a table of the new database on Django's connection (inside the caller's transaction)."""
    count = 0
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def target_rows(query: str, params: Any = None) -> list[tuple]:
    """Rows of a query on the new database (Django's connection), for the report and thresholds' counts."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def uuid_array(ids: Iterable[str]) -> str:
    """A list of UUIDs as one array literal, for `= ANY(%s::uuid[])`: psycopg would otherwise dump a Python list
    element by element, testing each string for characters to quote, which for a batch's thousands of ids cost
    more Python time than the query."""
    return "{" + ",".join(ids) + "}"


def reserve_ids(table: str, count: int) -> list[int]:
    """Take `count` ids from a table's sequence, so parents and children can be written with COPY."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


class Ledger:
    COLUMNS = ("source_table", "source_id", "outcome", "rule", "message", "target_model", "migration_mode")

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str, str]] = []
        self.fates: dict[tuple[str, str], int] = {}

    def fate(
        self, table: str, source_id: Any, outcome: str, rule: str = "", message: str = "", target: str = "",
        mode: str = "",
    ) -> None:  # fmt: skip
        """Record a record's fate; a later fate for the same record replaces an earlier one of this batch."""
        key = (table, str(source_id))
        row = (table, str(source_id), outcome, rule, message[:2000], target, mode or "")
        if key in self.fates:
            self.rows[self.fates[key]] = row
        else:
            self.fates[key] = len(self.rows)
            self.rows.append(row)

    def has_fate(self, table: str, source_id: Any) -> bool:
        return (table, str(source_id)) in self.fates

    def change(
        self, table: str, source_id: Any, rule: str, message: str = "", target: str = "", mode: str = ""
    ) -> None:
        self.rows.append((table, str(source_id), Outcome.CHANGED, rule, message[:2000], target, mode or ""))

    def flush(self) -> int:
        written = copy_rows("ecf1_migration_ledger", self.COLUMNS, self.rows)
        self.rows, self.fates = [], {}
        return written
