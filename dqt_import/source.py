"""Reading the two DQT (now TRS) exports of migration.md §20 into typed rows.

The spec names the files but not their columns; these are ours (also in docs/dqt-induction-import.md). Headers
are matched without regard to case or surrounding spaces; extra columns are ignored. Dates are `YYYY-MM-DD`
or `DD/MM/YYYY`.

teachers.csv, one row per teacher:

| column | required | meaning |
|---|---|---|
| `trn` | yes | 7 digits |
| `first_name`, `last_name` | yes | as DQT holds them |
| `date_of_birth` | no | |
| `qts_awarded_on` | no | checked against each period's start (BR-IP-05) |
| `induction_status` | yes | TRS's value: `InProgress` (first stage), `Passed` or `Failed` (second stage) |
| `induction_start_date`, `induction_completion_date` | no | TRS's dates, kept on the teacher |

induction_periods.csv, one row per period served under one appropriate body:

| column | required | meaning |
|---|---|---|
| `trn` | yes | the teacher's row in teachers.csv |
| `appropriate_body_dqt_id` | yes | the body's DQT id (a UUID), matched to `dqt_id` of our appropriate bodies |
| `appropriate_body_name` | yes | DQT's name, used to spot the excluded bodies and shown in the report |
| `started_on` | yes | |
| `finished_on` | no | blank: still ongoing |
| `number_of_terms` | when finished | 0–16, one decimal place (BR-IP-08, BR-IP-09) |
| `induction_programme` | no | `FIP`/`Full Induction Programme`, `CIP`/`Core Induction Programme`, `DIY`, `provider-led`, `school-led`, `pre-September 2021`, blank or `unknown` |

A row that cannot be read (a bad TRN, date, UUID or programme) is kept with its `error`, so the report still
accounts for it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from appropriate_bodies.models import InductionProgramme
from schools.models import TrainingProgramme
from teachers.services.induction_support import programmes

TEACHER_COLUMNS = ("trn", "first_name", "last_name", "induction_status")
TEACHER_OPTIONAL_COLUMNS = ("date_of_birth", "qts_awarded_on", "induction_start_date", "induction_completion_date")
PERIOD_COLUMNS = ("trn", "appropriate_body_dqt_id", "appropriate_body_name", "started_on")
PERIOD_OPTIONAL_COLUMNS = ("finished_on", "number_of_terms", "induction_programme")

TRN = re.compile(r"^\d{7}$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

# DQT's words for a programme (lower case, spaces and hyphens as underscores) → (training, legacy induction) programme.
PROGRAMME_WORDS: dict[str, tuple[str | None, str]] = {
    "": (None, InductionProgramme.UNKNOWN),
    "unknown": (None, InductionProgramme.UNKNOWN),
    "fip": programmes(None, InductionProgramme.FIP),
    "full_induction_programme": programmes(None, InductionProgramme.FIP),
    "cip": programmes(None, InductionProgramme.CIP),
    "core_induction_programme": programmes(None, InductionProgramme.CIP),
    "diy": programmes(None, InductionProgramme.DIY),
    "school_funded_fip": programmes(None, InductionProgramme.DIY),
    "provider_led": programmes(TrainingProgramme.PROVIDER_LED, None),
    "school_led": programmes(TrainingProgramme.SCHOOL_LED, None),
    "pre_september_2021": (None, InductionProgramme.PRE_SEPTEMBER_2021),
}


class SourceError(ValueError):
    """The file as a whole cannot be read (missing, or a required column absent)."""


@dataclass(frozen=True)
class TeacherRow:
    line: int
    trn: str
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: dt.date | None = None
    qts_awarded_on: dt.date | None = None
    induction_status: str = ""
    induction_start_date: dt.date | None = None
    induction_completion_date: dt.date | None = None
    error: str | None = None


@dataclass(frozen=True)
class PeriodRow:
    line: int
    trn: str
    appropriate_body_dqt_id: str
    appropriate_body_name: str
    started_on: dt.date | None = None
    finished_on: dt.date | None = None
    number_of_terms: str = ""
    training_programme: str | None = None
    induction_programme: str = InductionProgramme.UNKNOWN
    error: str | None = None
    raw: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def _records(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row with lower-cased headers and stripped values); line 1 is the header."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise SourceError(f"Cannot read {path}: {exc.strerror}") from exc
    with handle:
        reader = csv.reader(handle)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in required if name not in header]
        if missing:
            raise SourceError(f"{path.name} has no column {', '.join(missing)}")
        for line, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            yield line, {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}


class _RowErrors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def date(self, record: dict[str, str], column: str, *, required: bool = False) -> dt.date | None:
        value = record.get(column, "")
        if not value:
            if required:
                self.messages.append(f"{column} is blank")
            return None
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        self.messages.append(f"{column} '{value}' is not a date")
        return None

    def trn(self, record: dict[str, str]) -> str:
        value = record.get("trn", "")
        if not TRN.match(value):
            self.messages.append(f"TRN '{value}' is not 7 digits")
        return value

    @property
    def error(self) -> str | None:
        return "; ".join(self.messages) or None


def read_teachers(path: Path) -> list[TeacherRow]:
    rows = []
    for line, record in _records(path, TEACHER_COLUMNS):
        errors = _RowErrors()
        rows.append(
            TeacherRow(
                line=line,
                trn=errors.trn(record),
                first_name=record.get("first_name") or None,
                last_name=record.get("last_name") or None,
                date_of_birth=errors.date(record, "date_of_birth"),
                qts_awarded_on=errors.date(record, "qts_awarded_on"),
                induction_status=record.get("induction_status", ""),
                induction_start_date=errors.date(record, "induction_start_date"),
                induction_completion_date=errors.date(record, "induction_completion_date"),
                error=errors.error,
            )
        )
    return rows


def read_periods(path: Path) -> list[PeriodRow]:
    rows = []
    for line, record in _records(path, PERIOD_COLUMNS):
        errors = _RowErrors()
        trn = errors.trn(record)
        body_id = record.get("appropriate_body_dqt_id", "")
        try:
            body_id = str(uuid.UUID(body_id))
        except ValueError:
            errors.messages.append(f"appropriate_body_dqt_id '{body_id}' is not a UUID")
        started_on = errors.date(record, "started_on", required=True)
        finished_on = errors.date(record, "finished_on")
        word = re.sub(r"[\s-]+", "_", record.get("induction_programme", "").lower())
        if word not in PROGRAMME_WORDS:
            errors.messages.append(f"induction_programme '{record['induction_programme']}' is not one we know")
        training_programme, induction_programme = PROGRAMME_WORDS.get(word, PROGRAMME_WORDS[""])
        rows.append(
            PeriodRow(
                line=line,
                trn=trn,
                appropriate_body_dqt_id=body_id,
                appropriate_body_name=record.get("appropriate_body_name", ""),
                started_on=started_on,
                finished_on=finished_on,
                number_of_terms=record.get("number_of_terms", ""),
                training_programme=training_programme,
                induction_programme=induction_programme,
                error=errors.error,
                raw=record,
            )
        )
    return rows
