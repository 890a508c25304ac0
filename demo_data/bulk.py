"""Write many rows fast: each row gets its id from the table's sequence up front (so children can point at
parents before anything is written), then every table is loaded with one COPY, parents first.

This is seed-data plumbing: it bypasses services on purpose, and the database constraints (no overlaps, one
ongoing period, programme shape, one outcome per teacher...) are what check the generated data: during the load,
or when they are recreated after it (`core.bulk_load.loading_without_indexes_or_foreign_keys`).
"""

from __future__ import annotations

import datetime as dt
import operator
import random
import time
import uuid
from collections import defaultdict
from typing import Any

from django.db import connection, models
from psycopg.types.json import Jsonb

from core import clock
from demo_data.names import seeded_uuid


class BulkRows:
    """Rows for many tables, kept in memory until `flush()`.

    Rows are plain dicts keyed by field attname (`teacher_id`, not `teacher`); keys starting with `_` are the
    generator's own notes and are never written. Fields left out get their model default: `auto_now` fields
    and `clock.now` defaults get `now`, `uuid.uuid4` defaults get a UUID from `rng`, other defaults are called.
    """

    def __init__(self, *, order: list[type[models.Model]], rng: random.Random, now: dt.datetime) -> None:
        self.order = order
        self.rng = rng
        self.now = now
        self.rows: dict[type[models.Model], list[dict[str, Any]]] = defaultdict(list)
        self._ids: dict[type[models.Model], list[int]] = defaultdict(list)
        self._batch: dict[type[models.Model], int] = defaultdict(lambda: 500)
        self._specs: dict[type[models.Model], list[tuple[str, str, Any, bool]]] = {}
        self.copy_seconds: dict[str, float] = defaultdict(float)  # per table: where a slow load spends its time

    def add(self, model: type[models.Model], **values: Any) -> dict[str, Any]:
        """Queue a row and return it (with its id), so later steps can read or adjust it before the flush."""
        pk = model._meta.pk
        if pk.attname not in values:
            values[pk.attname] = self.new_id(model)
        self.rows[model].append(values)
        return values

    def new_id(self, model: type[models.Model]) -> int:
        pool = self._ids[model]
        if not pool:
            size = self._batch[model]
            self._batch[model] = min(size * 4, 100_000)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [model._meta.db_table, model._meta.pk.column, size],
                )
                pool.extend(sorted((row[0] for row in cursor.fetchall()), reverse=True))
        return pool.pop()

    def count(self, model: type[models.Model]) -> int:
        return len(self.rows[model])

    def flush(self) -> dict[str, int]:
        """COPY every queued row, parents before children; returns rows written per table."""
        written = {}
        unknown = set(self.rows) - set(self.order)
        if unknown:
            raise ValueError(f"No flush order for {sorted(m.__name__ for m in unknown)}")
        connection.ensure_connection()
        for model in self.order:
            rows = self.rows.pop(model, [])
            if not rows:
                continue
            spec = self._spec(model)
            columns = ", ".join(f'"{column}"' for _, column, _, _ in spec)
            sql = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
            # Per row, only what must be done in Python per row: fixed defaults are merged in as one dict, and
            # the values are picked out in column order by one itemgetter (this loop runs millions of times).
            fixed = {attname: default for attname, _, default, _ in spec if not callable(default)}
            called = [(attname, default) for attname, _, default, _ in spec if callable(default)]
            json = [attname for attname, _, _, is_json in spec if is_json]
            values = operator.itemgetter(*(attname for attname, _, _, _ in spec))
            started = time.monotonic()
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    full = {**fixed, **row}
                    for attname, default in called:
                        if attname not in row:
                            full[attname] = default()
                    for attname in json:
                        if full[attname] is not None:
                            full[attname] = Jsonb(full[attname])
                    copy.write_row(values(full))
            written[model._meta.db_table] = len(rows)
            self.copy_seconds[model._meta.db_table] += time.monotonic() - started
        return written

    def _spec(self, model: type[models.Model]) -> list[tuple[str, str, Any, bool]]:
        """(attname, column, default, is JSON) of each written field; the default is a value when it is the same
        for every row, a function to call per row otherwise (UUIDs, mutable values)."""
        if model not in self._specs:
            self._specs[model] = [
                (field.attname, field.column, self._default(field), isinstance(field, models.JSONField))
                for field in model._meta.concrete_fields
                if not isinstance(field, models.GeneratedField)
            ]
        return self._specs[model]

    def _default(self, field: models.Field) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        if not field.has_default():
            return None
        default = field.default
        if default is uuid.uuid4:
            return lambda: seeded_uuid(self.rng)
        if default is clock.now:
            return self.now
        return default  # a function (called per row) or a value
