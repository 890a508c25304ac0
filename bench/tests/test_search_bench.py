"""`python -m bench --search` on a small scale data set: every search it times finds what it searches for, so the
timings are of real answers. Timings are printed, never asserted."""

from __future__ import annotations

import pytest

from bench import search as bench_search
from demo_data.scale import seed_scale


@pytest.fixture
def scale(db, frozen_today):
    seed_scale(teachers=300)


def test_each_timed_search_returns_rows_and_the_report_names_the_target(scale):
    base, searches, broad = bench_search.run(repeat=1)
    by_name = {m.name: m for m in searches}
    assert base.rows == 1
    assert [m.rows for m in searches if m.name.startswith(("teacher by", "school by URN"))] == [1, 1, 1, 1]
    assert all(m.rows >= 1 for m in searches if not m.name.startswith("'"))
    assert len(by_name) == len(searches) and len(broad) == 4
    report = bench_search.report(base, searches, broad, teachers=300)
    assert "target 200 ms" in report and "x floor" in report
