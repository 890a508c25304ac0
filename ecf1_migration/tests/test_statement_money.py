"""Penny-level statement comparison (migration.md §18.5 "Finance", §19 check 10): ECF1's own figures computed from
the snapshot against the new calculator's over the migrated rows. The generator prices two Teach First 2023
statements on a second call-off contract version; with one contract per version (§6.4) they reconcile too."""

from __future__ import annotations

from decimal import Decimal

from ecf1_migration import finance_check, report
from ecf1_migration.finance_check import _Band, _ecf1_fill, _ecf1_service_fee
from ecf1_migration.source_builder import LEAD_PROVIDER_IDS
from finance.calculation import BandedFeeStructureInput, BandInput, allocate, monthly_service_fee
from finance.models import BandTerm
from providers.models import ActiveLeadProvider, Band


def _second_version_statements(world) -> set[str]:
    return {r["source_id"] for r in world.planted(24, "statements") if "second contract version" in r["note"]}


def _statements_without_a_contract(world) -> set[str]:
    return {r["source_id"] for r in world.planted(24, "statements") if "call-off contract 2.0" in r["note"]}


def test_every_statement_reconciles_to_the_penny_or_is_explained(world, db):
    rows = finance_check.statement_money(world.source)
    assert {row["statement_id"] for row in rows} == {
        r["id"] for r in world.builder.rows["statements"] if r["type"].startswith("Finance::Statement::ECF")
    }
    for row in rows:
        assert row["passes"], row
        if row["lines_differing"]:
            assert row["explanation"] and finance_check.UNEXPLAINED not in row["explanation"], row
        else:
            assert row["difference"] == 0 and row["ecf1_total"] == row["new_total"]
    # Money actually flows through the comparison: dozens of statements have outputs, every one a service fee.
    assert sum(1 for row in rows if row["ecf1_output"] > 0) >= 30
    assert all(row["ecf1_service_fee"] > 0 for row in rows)


def test_statements_priced_on_a_second_contract_version_are_equal_to_the_penny(world, db):
    rows = {row["statement_id"]: row for row in finance_check.statement_money(world.source)}
    second = _second_version_statements(world)
    assert len(second) == 2 and all(rows[s]["paid"] for s in second)
    for statement_id in second:
        row = rows[statement_id]
        assert not row["lines_differing"] and row["difference"] == 0 and row["passes"], row
        assert row["explanation"] == ""
    # The versions' terms really differ: the same provider and year's other statements cost less in service fee.
    others = [row for row in rows.values() if (row["lead_provider"], row["cohort"]) == ("Teach First", 2023)
              and row["statement_id"] not in second]  # fmt: skip
    assert others and all(o["new_service_fee"] < rows[s]["new_service_fee"] for o in others for s in second)
    assert any(rows[s]["new_output"] > 0 for s in second)


def test_statements_whose_contract_failed_are_listed_as_not_migrated(world, db):
    rows = {row["statement_id"]: row for row in finance_check.statement_money(world.source)}
    failed = _statements_without_a_contract(world)
    assert len(failed) == 2
    for statement_id in failed:
        row = rows[statement_id]
        assert row["explanation"] == finance_check.NOT_MIGRATED and row["passes"]
        assert row["new_total"] == 0 and row["ecf1_service_fee"] > 0


def _teach_first_2023() -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(
        lead_provider__ecf_id=LEAD_PROVIDER_IDS["Teach First"], contract_period_id=2023
    )


def test_a_band_wider_than_the_versions_own_is_explained_by_the_band_capacity(world, db):
    """§6.4 gives the provider the widest band seen at each position; ECF1 run again with those capacities gives the
    new figures, so the difference is the band model's, not a mistake."""
    Band.objects.filter(active_lead_provider=_teach_first_2023(), allocation_order=1).update(capacity=2500)
    rows = [row for row in finance_check.statement_money(world.source)
            if (row["lead_provider"], row["cohort"]) == ("Teach First", 2023)]  # fmt: skip
    assert rows and all("service_fee" in row["lines_differing"] for row in rows)
    for row in rows:
        assert row["explanation"] == finance_check.BAND_CAPACITY and row["passes"], row


def test_a_contract_priced_unlike_ecf1s_version_fails_unexplained_even_with_wider_bands(world, db):
    """The check can fail: migrated terms that differ from the version ECF1 used are caught on paid statements, and
    a band-capacity difference on the same statements does not hide them."""
    active = _teach_first_2023()
    Band.objects.filter(active_lead_provider=active, allocation_order=1).update(capacity=2500)
    BandTerm.objects.filter(
        banded_fee_structure__contract__active_lead_provider=active,
        banded_fee_structure__contract__ecf_contract_version="1.1",
        band__allocation_order=1,
    ).update(fee_per_declaration=1250)
    rows = {row["statement_id"]: row for row in finance_check.statement_money(world.source)}
    for statement_id in _second_version_statements(world):
        row = rows[statement_id]
        assert row["paid"] and not row["passes"] and row["explanation"] == finance_check.UNEXPLAINED, row
        assert row["new_service_fee"] < row["ecf1_service_fee"]
    others = [row for row in rows.values() if (row["lead_provider"], row["cohort"]) == ("Teach First", 2023)
              and row["statement_id"] not in _second_version_statements(world)]  # fmt: skip
    assert others and all(row["explanation"] == finance_check.BAND_CAPACITY for row in others)


def test_a_statement_with_a_declaration_the_migration_left_out_is_explained(world, db):
    rows = finance_check.statement_money(world.source)
    explained = [row for row in rows if finance_check.EXCLUDED in row["explanation"]]
    assert explained, "the planted stray declaration (§16 item 19) sits on a statement and fails to migrate"
    for row in explained:
        assert row["excluded_line_items"] > 0 and row["passes"]


def test_the_report_has_the_statement_money_table_and_no_statement_without_an_explanation(world, db, tmp_path):
    report.write(world.source, tmp_path)
    text = (tmp_path / "statement_money.csv").read_text()
    assert all(s in text for s in _second_version_statements(world) | _statements_without_a_contract(world))
    assert "unexplained" not in text
    page = (tmp_path / "index.html").read_text()
    assert "without an explanation: <strong>0</strong>" in page


def test_ecf1_allocation_agrees_with_the_new_replay_in_ordinary_cases():
    bands = [_Band(2, Decimal(1000), Decimal("0.6"), Decimal("0.4")), _Band(2, Decimal(900), Decimal("0.6"),
             Decimal("0.4")), _Band(2, Decimal(800), Decimal("0.6"), Decimal("0.4"))]  # fmt: skip
    # Two already placed, three new, one refund: ECF1 and the four-step replay place them alike.
    added, refunded, edge = _ecf1_fill(bands, previous_net=2, billable=3, refundable=1)
    assert not edge
    fills = allocate([2, 2, 2], previous_billable=2, previous_refundable=0, billable=3, refundable=1)
    assert added == [fill.billable for fill in fills] == [0, 2, 1]
    assert refunded == [fill.refundable for fill in fills] == [0, 0, 1]


def test_ecf1_allocation_flags_the_edge_cases_where_the_algorithms_may_differ():
    band = _Band(2, Decimal(1000), Decimal("0.6"), Decimal("0.4"))
    assert _ecf1_fill([band], previous_net=0, billable=3, refundable=0)[2]  # overflow beyond the last band
    added, refunded, edge = _ecf1_fill([band, band], previous_net=3, billable=0, refundable=2)
    assert edge and added == [0, 0] and refunded == [1, 1]  # refunds beyond the current additions, top-down


def test_ecf1_service_fee_per_band_equals_the_new_sum_then_divide():
    """finance.md §7.6's reference checks, through ECF1's per-band formula."""
    a = _Band(100, Decimal(800), Decimal("0.6"), Decimal("0.4"))
    b = _Band(100, Decimal(600), Decimal("0.6"), Decimal("0.4"))
    for target, bands, expected in ((100, [a], "1086.21"), (50, [a], "543.10"), (150, [a, b], "1500.00")):
        contract = {"monthly_service_fee": None, "recruitment_target": target, "set_up_fee": Decimal(500)}
        old = _ecf1_service_fee(contract, bands)
        new = monthly_service_fee(BandedFeeStructureInput(
            bands=tuple(BandInput(i + 1, x.capacity, x.per_participant, x.output_ratio, x.service_ratio)
                        for i, x in enumerate(bands)),
            recruitment_target=target, setup_fee=Decimal(500), monthly_service_fee=None,
            uplift_fee_per_declaration=Decimal(0),
        ))  # fmt: skip
        assert round(old, 2) == round(new, 2) == Decimal(expected)
