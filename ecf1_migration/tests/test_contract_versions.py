"""migration.md §6.4–§6.5 on the generated world: one contract per (ALP, call-off version, mentor call-off version
or none), each statement on the contract of its own versions, and the failures when that cannot be done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

from ecf1_migration import reference
from ecf1_migration.ledger import Ledger
from ecf1_migration.source import Source
from ecf1_migration.source_builder import LEAD_PROVIDER_IDS, Ecf1Builder
from finance.models import Contract, Statement
from providers.models import ActiveLeadProvider, Band


def alp(name: str, year: int) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(lead_provider__ecf_id=LEAD_PROVIDER_IDS[name], contract_period_id=year)


def terms(contract: Contract) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    return {
        term.band.allocation_order: (term.fee_per_declaration, term.output_fee_ratio, term.service_fee_ratio)
        for term in contract.banded_fee_structure.band_terms.select_related("band")
    }


def planted(world, table: str, words: str) -> list[str]:
    return [r["source_id"] for r in world.planted(24, table) if words in r["note"]]


def test_each_call_off_version_becomes_its_own_contract_with_its_own_terms(world, db):
    teach_first = alp("Teach First", 2023)
    first, second = Contract.objects.filter(active_lead_provider=teach_first).order_by("ecf_contract_version")
    assert [(c.ecf_contract_version, c.ecf_mentor_contract_version, c.contract_type) for c in (first, second)] == [
        ("1.0", None, "ecf"),
        ("1.1", None, "ecf"),
    ]
    ratios = (Decimal("0.6"), Decimal("0.4"))
    assert terms(first) == {1: (1200, *ratios), 2: (1100, *ratios), 3: (1000, *ratios)}
    # Output and service percentages ÷ 100; the first band's min of 0 is read as 1.
    ratios = (Decimal("0.55"), Decimal("0.45"))
    assert terms(second) == {1: (1300, *ratios), 2: (1200, *ratios), 3: (1100, *ratios)}
    for contract, uplift in ((first, 100), (second, 150)):
        structure = contract.banded_fee_structure
        assert (structure.uplift_fee_per_declaration, structure.monthly_service_fee, structure.setup_fee) == (
            uplift,
            None,  # null stays null: computed from the bands
            0,
        )
        assert not hasattr(contract, "flat_rate_fee_structure")
    # The provider's bands take the largest capacity at each position: 1.1's last band is 2,500 wide.
    capacities = Band.objects.filter(active_lead_provider=teach_first).order_by("allocation_order")
    assert list(capacities.values_list("capacity", flat=True)) == [2000, 2000, 2500]


def test_each_statement_is_on_the_contract_of_its_own_versions(world, db):
    mentor_funded = {r["id"]: r["mentor_funding"] for r in world.builder.rows["cohorts"]}
    rows = {r["id"]: r for r in world.builder.rows["statements"]}
    statements = Statement.objects.select_related("contract")
    assert statements.count() == len(rows) - 2
    for statement in statements:
        row = rows[str(statement.api_id)]
        mentor_version = row["mentor_contract_version"] if mentor_funded[row["cohort_id"]] else None
        assert (statement.contract.ecf_contract_version, statement.contract.ecf_mentor_contract_version) == (
            row["contract_version"],
            mentor_version,
        )
        assert statement.contract.active_lead_provider_id == statement.active_lead_provider_id
    second = planted(world, "statements", "second contract version")
    assert len(second) == 2
    assert {s.contract.ecf_contract_version for s in statements if str(s.api_id) in second} == {"1.1"}


def test_a_mentor_funded_year_has_an_ittecf_ectp_contract_with_the_mentor_contracts_flat_rate(world, db):
    [contract] = Contract.objects.filter(active_lead_provider=alp("Ambition Institute", 2025))
    assert (contract.contract_type, contract.ecf_contract_version, contract.ecf_mentor_contract_version) == (
        "ittecf_ectp",
        "1.0",
        "0.0.1",
    )
    flat = contract.flat_rate_fee_structure
    assert (flat.recruitment_target, flat.fee_per_declaration) == (2000, 1000)
    assert contract.banded_fee_structure.uplift_target_ratio == 0


def test_a_call_off_contract_whose_statements_name_two_mentor_contracts_fails(world, db):
    [call_off] = planted(world, "call_off_contracts", "two mentor call-off contracts")
    fate = world.fate("call_off_contracts", call_off)
    assert (fate.outcome, fate.message) == (
        "failed",
        "Unable to match call off contract with unique mentor call off contract!",
    )
    bands = [b["id"] for b in world.builder.rows["participant_bands"] if b["call_off_contract_id"] == call_off]
    assert len(bands) == 2 and all(world.fate("participant_bands", b).outcome == "failed" for b in bands)
    ucl = alp("UCL Institute of Education", 2025)
    assert list(Contract.objects.filter(active_lead_provider=ucl).values_list("ecf_contract_version", flat=True)) == [
        "1.0"
    ]
    # The second mentor contract is named only by the failed one's statements; the first still prices version 1.0.
    [second_mentor] = planted(world, "mentor_call_off_contracts", "second mentor")
    assert world.fate("mentor_call_off_contracts", second_mentor).outcome == "dropped"
    first_mentor = next(r["id"] for r in world.builder.rows["mentor_call_off_contracts"]
                        if r["lead_provider_id"] == LEAD_PROVIDER_IDS["UCL Institute of Education"]
                        and r["version"] == "0.0.1")  # fmt: skip
    assert world.fate("mentor_call_off_contracts", first_mentor).outcome == "merged"


def test_a_statement_with_no_contract_for_its_versions_fails_with_why(world, db):
    statements = planted(world, "statements", "call-off contract 2.0")
    assert len(statements) == 2
    messages = set()
    for statement in statements:
        fate = world.fate("statements", statement)
        assert fate.outcome == "failed" and not Statement.objects.filter(api_id=statement).exists()
        messages.add(fate.message)
    cpd = world.builder.cpd_ids["UCL Institute of Education"]
    assert messages == {
        f"Unable to find contract for lead provider {cpd}, cohort 2025, contract version 2.0, mentor contract "
        f"version {version}"
        for version in ("0.0.1", "0.0.2")
    }


def test_every_contract_row_has_a_fate(world, db):
    """§18.5: call-off contracts, their bands and mentor call-off contracts are each created, merged, dropped or
    failed, with a reason where not created."""
    for table in ("call_off_contracts", "participant_bands", "mentor_call_off_contracts"):
        for row in world.builder.rows[table]:
            fate = world.fate(table, row["id"])
            assert fate.outcome in ("created", "merged", "dropped", "failed")
            if fate.outcome in ("dropped", "failed"):
                assert fate.rule or fate.message
    unused = next(r["id"] for r in world.builder.rows["call_off_contracts"] if r["version"].startswith("unused_"))
    assert world.fate("call_off_contracts", unused).outcome == "dropped"
    assert not Contract.objects.filter(ecf_contract_version__startswith="unused_").exists()


def test_a_second_run_finds_the_same_contracts_and_statements(world, db):
    before = sorted(Contract.objects.values_list("pk", "ecf_contract_version", "ecf_mentor_contract_version"))
    statements = sorted(Statement.objects.values_list("api_id", "contract_id"))
    ledger = Ledger()
    reference.contracts(world.source, ledger, dt.date(2026, 9, 15))
    reference.statements(world.source, ledger, dt.date(2026, 9, 15))
    assert sorted(Contract.objects.values_list("pk", "ecf_contract_version", "ecf_mentor_contract_version")) == before
    assert sorted(Statement.objects.values_list("api_id", "contract_id")) == statements
    outcomes = {(row[0], row[2]) for row in ledger.rows}
    assert ("call_off_contracts", "created") not in outcomes and ("call_off_contracts", "merged") in outcomes
    assert ("statements", "created") not in outcomes


def test_a_version_with_fewer_bands_is_reported_and_an_unused_mentor_funded_version_has_no_mentor_terms(world, db):
    """A small second snapshot beside the migrated world: Ambition 2024 gains a version 3.0 with two bands and a
    third whose percentages are wrong (the provider has three bands, so band 3 has no terms in it, reported), and
    Ambition 2025 a version 3.0 no statement uses (no mentor contract to pair it with, so none)."""
    builder = Ecf1Builder(seed=3)
    builder.reference()
    ambition = LEAD_PROVIDER_IDS["Ambition Institute"]
    versions = {}
    for year in (2024, 2025):
        versions[year] = builder.add(
            "call_off_contracts", lead_provider_id=ambition, cohort_id=builder.cohort_ids[year], version="3.0",
            recruitment_target=100, set_up_fee=0, uplift_target=0, uplift_amount=0, monthly_service_fee=500, raw="{}",
        )  # fmt: skip
        for low, high, fee in ((1, 50, 900), (51, 100, 800)):
            builder.add("participant_bands", call_off_contract_id=versions[year], min=low, max=high,
                        per_participant=fee, output_payment_percentage=60, service_fee_percentage=40)  # fmt: skip
    bad_percentages = builder.add(
        "participant_bands", call_off_contract_id=versions[2024], min=101, max=150, per_participant=700,
        output_payment_percentage=70, service_fee_percentage=20,
    )  # fmt: skip
    builder.write(connection.connection, "ecf1_small")
    source, ledger, today = Source(connection.connection, "ecf1_small"), Ledger(), dt.date(2026, 9, 15)
    for step in (reference.lead_providers, reference.contract_periods, reference.active_lead_providers):
        step(source, ledger, today)
    reference.contracts(source, ledger, today)

    older = Contract.objects.get(active_lead_provider=alp("Ambition Institute", 2024), ecf_contract_version="3.0")
    assert terms(older) == {1: (900, Decimal("0.6"), Decimal("0.4")), 2: (800, Decimal("0.6"), Decimal("0.4"))}
    assert older.banded_fee_structure.monthly_service_fee == 500
    changes = [
        (row[1], row[3], row[4]) for row in ledger.rows if row[2] == "changed" and row[0] == "call_off_contracts"
    ]
    assert (versions[2024], "6.4 Band without terms", "version 3.0 has no terms for band 3") in changes
    # A band whose percentages do not make up the whole fee cannot be priced: failed, with why.
    assert [row[2:5] for row in ledger.rows if row[1] == bad_percentages] == [
        ("failed", "6.4 Band percentages", "Output 70% and service fee 20% do not add up to 100%")
    ]
    # The provider's bands keep their capacities: version 3.0's are narrower.
    capacities = Band.objects.filter(active_lead_provider=alp("Ambition Institute", 2024)).order_by("allocation_order")
    assert list(capacities.values_list("capacity", flat=True)) == [2000, 2000, 2000]

    unused = Contract.objects.get(active_lead_provider=alp("Ambition Institute", 2025), ecf_contract_version="3.0")
    assert (unused.contract_type, unused.ecf_mentor_contract_version) == ("ittecf_ectp", None)
    assert not hasattr(unused, "flat_rate_fee_structure")
    # The ordinary versions were already migrated with the world: found, not made again.
    fates = {(row[0], row[1]): row[2] for row in ledger.rows if row[2] != "changed"}
    assert fates[("call_off_contracts", versions[2024])] == "created"
    first = next(r["id"] for r in builder.rows["call_off_contracts"] if r["version"] == "1.0")
    assert fates[("call_off_contracts", first)] == "merged"
