"""The demo contract periods carry the reference's seeded milestone windows (lead-provider-api.md §14.4)."""

from __future__ import annotations

import datetime as dt

import pytest

from demo_data.reference_data import ensure_contract_periods, ensure_schedules
from providers.models import Milestone

pytestmark = pytest.mark.django_db

D = dt.date


def windows(year: int, identifier: str) -> dict[str, tuple[dt.date, dt.date | None]]:
    milestones = Milestone.objects.filter(schedule__contract_period_id=year, schedule__identifier=identifier)
    return {m.declaration_type: (m.start_date, m.milestone_date) for m in milestones}


@pytest.fixture
def seeded():
    ensure_schedules(ensure_contract_periods())


def test_standard_schedules_to_2024_have_a_window_per_declaration_type(seeded):
    assert windows(2021, "ecf-standard-september") == {
        "started": (D(2021, 9, 1), D(2021, 11, 30)),
        "retained-1": (D(2021, 9, 1), D(2022, 1, 31)),
        "retained-2": (D(2022, 2, 1), D(2022, 4, 30)),
        "retained-3": (D(2022, 5, 1), D(2022, 9, 30)),
        "retained-4": (D(2022, 10, 1), D(2023, 1, 31)),
        "completed": (D(2023, 2, 1), D(2023, 4, 30)),
    }
    assert windows(2024, "ecf-standard-april")["completed"] == (D(2027, 1, 1), D(2027, 3, 31))


def test_other_schedules_to_2024_open_every_milestone_on_their_start_date(seeded):
    extended_types = ("started", "retained-1", "retained-2", "retained-3", "retained-4", "completed")
    extended_types += ("extended-1", "extended-2", "extended-3")
    assert windows(2023, "ecf-extended-january") == {t: (D(2024, 1, 1), None) for t in extended_types}
    assert set(windows(2022, "ecf-reduced-april").values()) == {(D(2023, 4, 1), None)}
    assert len(windows(2022, "ecf-reduced-april")) == 6


def test_from_2025_every_schedule_has_only_a_start_date(seeded):
    assert set(windows(2025, "ecf-standard-september").values()) == {(D(2025, 6, 1), None)}
    assert set(windows(2026, "ecf-standard-january").values()) == {(D(2027, 1, 1), None)}
    assert set(windows(2026, "ecf-replacement-september").values()) == {(D(2026, 9, 1), None)}
    assert set(windows(2025, "ecf-reduced-april").values()) == {(D(2026, 4, 1), None)}


def test_seeding_again_corrects_windows_that_differ(seeded):
    Milestone.objects.filter(schedule__contract_period_id=2022, schedule__identifier="ecf-standard-january").update(
        milestone_date=D(2030, 1, 1)
    )
    ensure_schedules(ensure_contract_periods())
    assert windows(2022, "ecf-standard-january")["started"] == (D(2023, 1, 1), D(2023, 3, 31))
