"""The migration's bookkeeping rules, held by the database (raw SQL past the ORM)."""

from __future__ import annotations

import pytest

from core.tests.models.sql import insert, refused
from tests.builders import create_active_lead_provider

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


def test_a_migrated_contract_is_one_per_provider_year_and_ecf1_version_pair():
    """§6.4: a contract is found-or-created by (ALP, call-off version, mentor call-off version or none), so the
    same pair twice is refused, "no mentor version" included; contracts set up in this service carry no versions
    and a provider and year may hold several of them."""
    active = create_active_lead_provider(year=2025).pk

    def contract(**versions) -> dict:
        return {"active_lead_provider_id": active, "contract_type": "ittecf_ectp", "vat_rate": "0.20"} | versions

    insert("contracts", **contract(ecf_contract_version="1.0", ecf_mentor_contract_version="0.0.1"))
    insert("contracts", **contract(ecf_contract_version="1.0", ecf_mentor_contract_version="0.0.2"))
    insert("contracts", **contract(ecf_contract_version="1.1", ecf_mentor_contract_version="0.0.1"))
    insert("contracts", **contract(ecf_contract_version="1.0"))
    assert (
        refused("contracts", **contract(ecf_contract_version="1.0", ecf_mentor_contract_version="0.0.1"))
        == "contracts_unique_ecf_versions"
    )
    assert refused("contracts", **contract(ecf_contract_version="1.0")) == "contracts_unique_ecf_versions"
    insert("contracts", **contract())
    insert("contracts", **contract())
    assert refused("contracts", **contract(ecf_mentor_contract_version="0.0.1")) == (
        "contracts_mentor_version_needs_version"
    )
    other = create_active_lead_provider(year=2024).pk
    insert("contracts", **contract(ecf_contract_version="1.0") | {"active_lead_provider_id": other})
