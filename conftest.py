"""Shared test set-up: a frozen clock at the spec's baseline day (domain.md §8: today is 2026-09-15)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import settings

from core.clock import LONDON

pytest_plugins = ["tests.browser"]  # browser_page and chromium fixtures for tests marked `browser`

BASELINE_TODAY = dt.date(2026, 9, 15)

# Property tests check invariants, not speed: on a loaded machine (2 cores shared by the xdist workers, Chromium and
# PostgreSQL) hypothesis's default 200 ms deadline per example fails tests that are merely slow there.
settings.register_profile("register-ects", deadline=None)
settings.load_profile("register-ects")


PROCRASTINATE_TABLES = "procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, procrastinate_workers"


@pytest.fixture(autouse=True)
def _no_jobs_left_by_committing_tests(request, django_db_blocker):
    """Tests that really commit (browser and live-server tests, `transactional_db`) are flushed afterwards, but the
    flush covers only Django-managed tables and procrastinate's are not: without this, the jobs such a test queued
    would still be waiting in later tests on the same worker, whose counts of queued jobs would then depend on order."""
    yield
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {PROCRASTINATE_TABLES} CASCADE")


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
