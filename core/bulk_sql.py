"""Set-based writes the ORM makes slow: `bulk_update` builds a CASE of one WHEN per row for every field, which
costs seconds of Python for a thousand rows. `update_rows` sends one UPDATE … FROM unnest(arrays): a
parameter per field, whatever the number of rows. It writes exactly the given fields from the objects, like
`bulk_update`, and leaves `auto_now` fields alone unless named (set them on the objects first)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models


def update_rows(model: type[models.Model], objects: Sequence[models.Model], fields: Sequence[str]) -> int:
    """UPDATE each object's row (by primary key) with its values of `fields`; returns the rows updated."""
    if not objects:
        return 0
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs a lookup per value
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    for field in columns:
        if field.get_internal_type() in ("ArrayField", "JSONField"):
            raise ValueError(f"update_rows cannot unnest {field.name}")
    arrays = [[pk.get_db_prep_value(obj.pk, connection) for obj in objects]]
    arrays += [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objects] for field in columns
    ]
    casts = [pk.rel_db_type(connection)] + [field.cast_db_type(connection) for field in columns]
    names = ["pk"] + [f"v{index}" for index in range(len(columns))]
    unnest = ", ".join(f"%s::{cast}[]" for cast in casts)
    assignments = ", ".join(f"{quote(field.column)} = v.{name}" for field, name in zip(columns, names[1:], strict=True))
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
        f"FROM unnest({unnest}) AS v({', '.join(names)}) WHERE t.{quote(pk.column)} = v.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
        return cursor.rowcount


def insert_rows(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """INSERT the unsaved objects with one COPY, as `bulk_create` would save them: ids drawn from the table's
    own sequence first (and set on the objects), `auto_now`/`auto_now_add` stamped, every constraint checked.
    `bulk_create` spends most of a thousand rows' time building and splitting one parameter per cell."""
    if not objects:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs a lookup per value
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [field for field in meta.concrete_fields if not getattr(field, "generated", False)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        rows = []
        for obj in objects:
            values = []
            for field in columns:
                value = field.pre_save(obj, add=True)
                value = field.get_db_prep_save(value, connection)
                values.append(value)
            obj._state.adding = False
            rows.append(values)
        names = ", ".join(quote(field.column) for field in columns)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
