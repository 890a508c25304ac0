"""Tiny DQT exports written per test, and the sample's appropriate bodies (dqt_import/sample/)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from appropriate_bodies.models import AppropriateBodyPeriod
from dqt_import.pipeline import ImportResult, run_import

SAMPLE = Path(__file__).resolve().parents[1] / "sample"
NORTH_HUB = "0d1e0000-0000-4000-8000-000000000001"
OLDSHIRE_LA = "0d1e0000-0000-4000-8000-000000000002"
ISLE_OF_MAN = "0d1e0000-0000-4000-8000-000000000003"
MINISTRY_OF_DEFENCE = "0d1e0000-0000-4000-8000-000000000004"
SEASIDE_HUB = "0d1e0000-0000-4000-8000-000000000005"
NAMES = {
    NORTH_HUB: "North Hub",
    OLDSHIRE_LA: "Oldshire County Council",
    ISLE_OF_MAN: "Isle of Man Department of Education",
    MINISTRY_OF_DEFENCE: "Ministry of Defence Schools",
    SEASIDE_HUB: "Seaside Teaching School Hub",
}
TEACHER_HEADER = ("trn", "first_name", "last_name", "date_of_birth", "qts_awarded_on", "induction_status")
PERIOD_HEADER = (
    "trn",
    "appropriate_body_dqt_id",
    "appropriate_body_name",
    "started_on",
    "finished_on",
    "number_of_terms",
    "induction_programme",
)


@pytest.fixture
def bodies(db) -> dict[str, AppropriateBodyPeriod]:
    """The sample's appropriate bodies, by DQT id."""
    with (SAMPLE / "appropriate_bodies.csv").open() as handle:
        return {
            row["dqt_id"]: AppropriateBodyPeriod.objects.create(
                name=row["name"], body_type=row["body_type"], dqt_id=row["dqt_id"]
            )
            for row in csv.DictReader(handle)
        }


def teacher(trn: str, status: str = "InProgress", *, qts: str = "2023-07-01", first: str = "Jane", last: str = "Smith"):
    return (trn, first, last, "1995-03-02", qts, status)


def period(trn: str, body: str, started_on: str, finished_on: str = "", terms: str = "", programme: str = "FIP"):
    return (trn, body, NAMES.get(body, "Somewhere"), started_on, finished_on, terms, programme)


def _write(path: Path, header: tuple[str, ...], rows: list[tuple]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def run_dqt(tmp_path, bodies, frozen_today) -> Callable[..., ImportResult]:
    """Write the two exports and import them; `stage` and `dry_run` pass through."""

    def run(teachers: list[tuple], periods: list[tuple], **options) -> ImportResult:
        return run_import(
            teachers_path=_write(tmp_path / "teachers.csv", TEACHER_HEADER, teachers),
            periods_path=_write(tmp_path / "induction_periods.csv", PERIOD_HEADER, periods),
            **options,
        )

    return run


def fate_of(result: ImportResult, file: str, line: int):
    return next(f for f in result.fates if f.file == file and f.line == line)
