"""Penny-level statement comparison (migration.md §18.5 "Finance", §19 check 10): ECF1's own figures computed from
the snapshot against the new calculator's over the migrated rows, with the generator's deliberately mismatched
paid statement (a second contract version) caught and left unexplained."""

from __future__ import annotations

from decimal import Decimal

from ecf1_migration import finance_check, report
from ecf1_migration.finance_check import _Band, _ecf1_fill, _ecf1_service_fee
from finance.calculation import BandedFeeStructureInput, BandInput, allocate, monthly_service_fee


def _planted_statement(world) -> str:
    [row] = [r for r in world.planted(24, "statements")]
    return row["source_id"]


def test_every_statement_but_the_planted_one_reconciles_to_the_penny_or_is_explained(world, db):
    rows = finance_check.statement_money(world.source)
    planted = _planted_statement(world)
    assert {row["statement_id"] for row in rows} == {
        r["id"] for r in world.builder.rows["statements"] if r["type"].startswith("Finance::Statement::ECF")
    }
    for row in rows:
        if row["statement_id"] == planted:
            continue
        assert row["passes"], row
        if row["lines_differing"]:
            assert row["explanation"] and finance_check.UNEXPLAINED not in row["explanation"], row
        else:
            assert row["difference"] == 0 and row["ecf1_total"] == row["new_total"]
    # Money actually flows through the comparison: dozens of statements have outputs, every one a service fee.
    assert sum(1 for row in rows if row["ecf1_output"] > 0) >= 30
    assert all(row["ecf1_service_fee"] > 0 for row in rows)


def test_the_deliberately_mismatched_paid_statement_is_listed_with_its_differences_and_fails(world, db):
    rows = {row["statement_id"]: row for row in finance_check.statement_money(world.source)}
    row = rows[_planted_statement(world)]
    assert row["paid"] and not row["passes"]
    assert row["explanation"] == finance_check.UNEXPLAINED
    assert {"output", "service_fee", "vat", "total"} <= set(row["lines_differing"].split(", "))
    # ECF1 priced it on bands 100 dearer: the new total is lower, by the difference of the lines plus 20% VAT.
    assert row["new_service_fee"] < row["ecf1_service_fee"] and row["new_output"] < row["ecf1_output"]
    assert row["difference"] == row["new_total"] - row["ecf1_total"] < 0


def test_a_statement_with_a_declaration_the_migration_left_out_is_explained(world, db):
    rows = finance_check.statement_money(world.source)
    explained = [row for row in rows if finance_check.EXCLUDED in row["explanation"]]
    assert explained, "the planted stray declaration (§16 item 19) sits on a statement and fails to migrate"
    for row in explained:
        assert row["excluded_line_items"] > 0 and row["passes"]


def test_the_report_has_the_statement_money_table_and_highlights_the_failing_statement(world, db, tmp_path):
    report.write(world.source, tmp_path)
    text = (tmp_path / "statement_money.csv").read_text()
    assert _planted_statement(world) in text and "unexplained" in text
    page = (tmp_path / "index.html").read_text()
    assert "without an explanation: <strong>1</strong>" in page


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
