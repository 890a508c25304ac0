"""Saving a chunk of checked rows in one `COPY` (phase 1 of a CSV upload).

The ORM's `bulk_create` spends most of a chunk's time building and splitting one INSERT with a parameter per
cell (about thirty per row); `COPY … FROM STDIN` streams the same values with none of that. It writes the same
columns the ORM would, `created_at` and `updated_at` included, and the table's constraints check every row.
"""

from __future__ import annotations

from django.db import connection, models
from psycopg.types.json import Jsonb

from appropriate_bodies.models import PendingInductionSubmission
from core import clock


def _columns() -> list[models.Field]:
    return [
        field
        for field in PendingInductionSubmission._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]


def _value(field: models.Field, submission: PendingInductionSubmission):
    value = getattr(submission, field.attname)
    if value is not None and isinstance(field, models.JSONField):
        return Jsonb(value)
    return value


def save_submissions(submissions: list[PendingInductionSubmission]) -> None:
    """Insert the (unsaved) submissions in one COPY, stamping them as the ORM would. Their ids stay unset:
    the check phase never reads them back, and later phases load submissions from the table."""
    if not submissions:
        return
    now = clock.now()
    columns = _columns()
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    table = connection.ops.quote_name(PendingInductionSubmission._meta.db_table)
    for submission in submissions:
        submission.created_at = submission.updated_at = now
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for submission in submissions:
                copy.write_row([_value(field, submission) for field in columns])
