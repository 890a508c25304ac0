"""Timing that means something on a shared machine: every benchmark is compared with a floor measured in the
same run (one `SELECT 1` round trip), so results are ratios, not wall-clock promises. Nothing here asserts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Measurement:
    name: str
    median_seconds: float
    best_seconds: float
    queries: int
    rows: int

    def ratio(self, floor: Measurement) -> float:
        return self.median_seconds / floor.median_seconds if floor.median_seconds else float("inf")


def measure(name: str, run: Callable[[], int], *, repeat: int, warmup: int = 2) -> Measurement:
    """Median and best of `repeat` timed calls (after warm-up); `run` returns how many rows it produced."""
    for _ in range(warmup):
        run()
    with CaptureQueriesContext(connection) as captured:
        rows = run()
    queries = len(captured.captured_queries)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return Measurement(name, statistics.median(samples), min(samples), queries, rows)


def select_one() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return len(cursor.fetchall())


def floor(*, repeat: int) -> Measurement:
    """One database round trip: the unit every benchmark is expressed in."""
    return measure("floor: SELECT 1", select_one, repeat=max(repeat, 50), warmup=10)
