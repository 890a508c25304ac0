"""Tripwire: every rule the database enforces has a raw-SQL test that makes it refuse a row.

Reads the live schema (so constraints added by hand-written migrations count too) and fails when a
constraint, unique index or trigger on one of our tables is not named in any constraint test module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINT_TESTS = [
    ROOT / "teachers/tests/models/test_constraints.py",
    ROOT / "teachers/tests/test_search_facts.py",
    ROOT / "providers/tests/test_constraints.py",
    ROOT / "schools/tests/test_constraints.py",
    ROOT / "declarations/tests/test_constraints.py",
    ROOT / "schools_portal/tests/test_constraints.py",
    ROOT / "webhooks/tests/test_constraints.py",
    ROOT / "ecf1_migration/tests/test_constraints.py",
    ROOT / "integrations/notify/tests/test_constraints.py",
    *sorted((ROOT / "core/tests/models").glob("test_*.py")),
]
NOT_OURS = ("django.", "procrastinate")


def our_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models()
        if not model.__module__.startswith(NOT_OURS) and model._meta.managed
    }


def enforced_rules(tables: set[str]) -> set[str]:
    """Unique, exclusion and check constraints, unique indexes and user triggers on our tables.

    Left out: primary keys, and Django's automatic `<table>_<column>_check` on positive integer fields."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conname FROM pg_constraint
             WHERE conrelid::regclass::text = ANY(%(tables)s) AND contype IN ('u', 'x', 'c')
            UNION
            SELECT indexname FROM pg_indexes
             WHERE tablename = ANY(%(tables)s) AND indexdef LIKE 'CREATE UNIQUE INDEX%%'
            UNION
            SELECT tgname FROM pg_trigger
             WHERE tgrelid::regclass::text = ANY(%(tables)s) AND NOT tgisinternal
            """,
            {"tables": sorted(tables)},
        )
        names = {row[0] for row in cursor.fetchall()}
    return {n for n in names if not n.endswith(("_pkey", "_check"))}


@pytest.mark.django_db
def test_every_database_rule_is_exercised_by_a_raw_sql_test():
    tables = our_tables()
    assert {"teachers", "ect_at_school_periods", "declarations", "events"} <= tables
    rules = enforced_rules(tables)
    assert len(rules) > 80, "the schema query found too few rules to be right"

    tested = "\n".join(path.read_text() for path in CONSTRAINT_TESTS)
    untested = sorted(name for name in rules if f'"{name}"' not in tested and f"`{name}`" not in tested)
    assert untested == [], "Write a raw-SQL test that makes these refuse a row (see core/tests/models/sql.py)"
