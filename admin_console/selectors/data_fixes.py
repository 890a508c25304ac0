"""Reading a pasted data-fix CSV (journeys.md §6.10): each row matched against the teacher it names, so the product
team can see what a fix would touch before anything exists to apply it. Nothing here writes."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from teachers.models import Teacher

# The stated header row: a fix corrects teachers' names, one teacher a row, found by TRN.
HEADER = ("trn", "first_name", "last_name")
MAX_ROWS = 1000
TRN = re.compile(r"\d{7}")

BLANK = "Paste the CSV, starting with its header row"
WRONG_HEADER = "The first row must be the header row: " + ",".join(HEADER)
NO_ROWS = "The CSV has a header row but no rows below it"
TOO_MANY_ROWS = f"The CSV has more than {MAX_ROWS:,} rows: split it into smaller pastes"
UNREADABLE = "The CSV could not be read: {reason}"


class CSVProblem(ValueError):
    """The paste as a whole cannot be previewed (its message is what the user reads)."""


@dataclass
class PreviewRow:
    line: int
    trn: str
    first_name: str
    last_name: str
    teacher: Teacher | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def new_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Preview:
    rows: list[PreviewRow]

    @property
    def ready(self) -> int:
        return sum(1 for row in self.rows if not row.problems)

    @property
    def with_problems(self) -> int:
        return len(self.rows) - self.ready


def parse(text: str) -> list[PreviewRow]:
    """Rows of a pasted CSV whose first row is exactly `HEADER` (case and surrounding spaces ignored). Blank lines are
    skipped but still counted, so each row keeps its line number in the paste; cells are trimmed. Raises
    `CSVProblem` when the paste as a whole is unusable."""
    if not (text or "").strip():
        raise CSVProblem(BLANK)
    reader = csv.reader(io.StringIO(text), strict=True)
    records: list[tuple[int, list[str]]] = []  # (line number in the paste, cells), so rows are named as pasted
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((reader.line_num, record))
    except csv.Error as error:
        raise CSVProblem(UNREADABLE.format(reason=error)) from error
    header = tuple(cell.strip().lower() for cell in records[0][1])
    if header != HEADER:
        raise CSVProblem(WRONG_HEADER)
    body = records[1:]
    if not body:
        raise CSVProblem(NO_ROWS)
    if len(body) > MAX_ROWS:
        raise CSVProblem(TOO_MANY_ROWS)
    rows = []
    for line, record in body:
        cells = [cell.strip() for cell in record]
        row = PreviewRow(line, *[*cells, "", "", ""][:3])
        if len(cells) != len(HEADER):
            row.problems.append(f"Has {len(cells)} cells, not {len(HEADER)}")
        rows.append(row)
    return rows


def preview(text: str) -> Preview:
    """`parse`, then each row checked and matched to its teacher with one query for the whole paste."""
    rows = parse(text)
    teachers = Teacher.objects.in_bulk([row.trn for row in rows if TRN.fullmatch(row.trn)], field_name="trn")
    seen: dict[str, int] = {}
    for row in rows:
        if not TRN.fullmatch(row.trn):
            row.problems.append("TRN must be 7 digits")
        else:
            row.teacher = teachers.get(row.trn)
            if row.teacher is None:
                row.problems.append("No teacher has this TRN")
            if row.trn in seen:
                row.problems.append(f"Same TRN as row {seen[row.trn]}")
            seen.setdefault(row.trn, row.line)
        if not row.first_name:
            row.problems.append("First name is blank")
        if not row.last_name:
            row.problems.append("Last name is blank")
    return Preview(rows)
