"""Shared test set-up: a frozen clock at the spec's baseline day (domain.md §8: today is 2026-09-15)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.clock import LONDON

pytest_plugins = ["tests.browser"]  # browser_page and chromium fixtures for tests marked `browser`

BASELINE_TODAY = dt.date(2026, 9, 15)


@pytest.fixture
def frozen_today():
    """Freeze time at noon in London on the baseline day; yields a function to move to another day."""
    traveller = time_machine.travel(dt.datetime(2026, 9, 15, 12, 0, tzinfo=LONDON), tick=False)
    traveller.start()

    def move_to(day: dt.date, hour: int = 12) -> None:
        nonlocal traveller
        traveller.stop()
        traveller = time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON), tick=False)
        traveller.start()

    yield move_to
    traveller.stop()


@pytest.fixture
def world(db, frozen_today):
    """The spec's baseline world (domain.md §8) on the baseline day."""
    from tests.builders import baseline_world

    return baseline_world()
