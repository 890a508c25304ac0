"""`python -m bench --finance` runs and reports against its floor (timings are printed, never asserted here)."""

from __future__ import annotations

from bench import finance as bench_finance
from bench.__main__ import main


def test_the_finance_bench_reports_its_ratio_to_the_floor():
    results = bench_finance.run(repeat=1, declarations=2_000)
    assert results["declarations"] == 2_000 and results["statement_ratio"] > 0
    text = bench_finance.report(results)
    assert "statement over 2,000 declarations" in text and "x floor" in text


def test_the_generated_provider_month_has_every_kind_of_declaration():
    inputs = bench_finance.provider_month(5_000)
    assert len(inputs.declarations) == 5_000
    assert {d.role for d in inputs.declarations} == {"ect", "mentor"}
    assert any(d.is_current_refundable for d in inputs.declarations)
    assert any(d.is_current_voided for d in inputs.declarations)


def test_python_m_bench_finance_prints_the_report(capsys, monkeypatch):
    original = bench_finance.run
    monkeypatch.setattr(bench_finance, "run", lambda: original(repeat=1, declarations=500))
    assert main(["--finance"]) == 0
    assert "statement over 500 declarations" in capsys.readouterr().out
