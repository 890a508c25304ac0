"""Reading the ECF1 snapshot (P1: read-only). Every query names the schema, so the source may sit in its own
database or beside the new tables in one database (as the tests do with a schema `ecf1`)."""

from __future__ import annotations

from typing import Any

from psycopg.rows import dict_row


class Source:
    def __init__(self, connection, schema: str = "public") -> None:
        self.connection = connection
        self.schema = schema

    def query(self, text: str, params: Any = None, *, by_index: bool = False) -> list[dict[str, Any]]:
        """`text` names source tables as {t.name}; they are qualified with the schema.

        `by_index`: a batch's lookup by a list of ids. The planner prefers scanning whole tables for a list of a
        thousand ids, which makes each batch cost as much as the table and a run quadratic; with sequential scans
        and hash joins off for that one query, every batch costs only its own rows."""
        with self.connection.cursor(row_factory=dict_row) as cursor:
            if by_index:
                cursor.execute("SET enable_seqscan = off; SET enable_hashjoin = off")
            try:
                cursor.execute(self._sql(text), params)
                return cursor.fetchall()
            finally:
                if by_index:
                    cursor.execute("RESET enable_seqscan; RESET enable_hashjoin")

    def scalar(self, text: str, params: Any = None) -> Any:
        with self.connection.cursor() as cursor:
            cursor.execute(self._sql(text), params)
            return cursor.fetchone()[0]

    def has_table(self, name: str) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
                (self.schema, name),
            )
            return cursor.fetchone() is not None

    def _sql(self, text: str) -> str:
        schema = '"' + self.schema.replace('"', '""') + '"'

        class _Tables:
            def __getattr__(self, name: str) -> str:
                return f'{schema}."{name}"'

        return text.format(t=_Tables())
