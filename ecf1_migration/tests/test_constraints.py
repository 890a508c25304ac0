"""The migration's bookkeeping rules, held by the database (raw SQL past the ORM)."""

from __future__ import annotations

import pytest

from core.tests.models.sql import insert, refused

pytestmark = pytest.mark.django_db


def entry(outcome: str, **values) -> dict:
    return {"source_table": "induction_records", "source_id": "r-1", "outcome": outcome, "rule": "", "message": "",
            "target_model": "", "migration_mode": ""} | values  # fmt: skip


def test_a_source_record_has_one_fate_and_any_number_of_changes():
    """§18.5: every source record is accounted for once (created, merged, dropped or failed); cleaning rules may
    change it several times."""
    insert("ecf1_migration_ledger", **entry("created"))
    insert("ecf1_migration_ledger", **entry("changed", rule="e7 Corrupted dates"))
    insert("ecf1_migration_ledger", **entry("changed", rule="e8 Zero-day"))
    assert refused("ecf1_migration_ledger", **entry("dropped")) == "ecf1_migration_ledger_one_fate"
    insert("ecf1_migration_ledger", **entry("dropped", source_table="participant_profile_states"))


def test_a_step_batch_is_checkpointed_once():
    """§5.2: a batch committed twice would mean its rows were written twice."""
    insert("ecf1_migration_checkpoints", step="ects", batch=3, rows=1000, completed_at="2026-09-15T12:00:00Z")
    assert (
        refused("ecf1_migration_checkpoints", step="ects", batch=3, rows=1000, completed_at="2026-09-15T12:00:00Z")
        == "ecf1_migration_checkpoints_unique"
    )
