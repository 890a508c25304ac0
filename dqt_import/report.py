"""The DQT import's report folder (migration.md §20, to the standards of §18):

* `index.html`: every table below on one page, rows that do not balance highlighted;
* `summary.csv`: per file, rows read and their fates; `unaccounted` must be 0 (§18.2);
* `reasons.csv`: per file, fate and reason, how many rows;
* `appropriate_bodies.csv`: per DQT body, the export's rows and their fates beside the periods the database holds
  afterwards for the teachers imported or unchanged, read back from it (§18.3);
* `rows.csv`: every input row with its fate and reason;
* `rejected_rows.csv`: the rejected rows alone (reason, TRN, imported and discarded body ids, dates);
* `parser.log`: one line per rejected row and per note;
* `manifest.json`: run id, times, mode, stage, the inputs' SHA-256 and the fate totals (§18.1).

Each table is a list of dicts from one function, so tests read the same numbers the files hold.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path

from core import report_pages
from dqt_import.pipeline import ImportResult
from dqt_import.plan import FATES, IMPORTED, REJECTED, UNCHANGED

FILES = ("teachers", "induction_periods")
ROW_COLUMNS = (
    "file",
    "line",
    "trn",
    "fate",
    "reason",
    "message",
    "appropriate_body_dqt_id",
    "appropriate_body_name",
    "imported_appropriate_body_dqt_id",
    "discarded_appropriate_body_dqt_id",
    "started_on",
    "finished_on",
)
REJECTED_COLUMNS = (
    "reason",
    "message",
    "trn",
    "imported_appropriate_body_dqt_id",
    "discarded_appropriate_body_dqt_id",
    "started_on",
    "finished_on",
    "file",
    "line",
)


def _plain(value) -> str:
    return "" if value is None else str(value)


def summary(result: ImportResult) -> list[dict]:
    rows = []
    for file in FILES:
        read = result.manifest["inputs"][file]["rows"]
        row = {"file": f"{file}.csv", "rows_read": read}
        row.update({fate: result.count(file, fate) for fate in FATES})
        row["unaccounted"] = read - sum(row[fate] for fate in FATES)
        rows.append(row)
    return rows


def reasons(result: ImportResult) -> list[dict]:
    counts = Counter((f.file, f.fate, f.reason) for f in result.fates if f.fate != IMPORTED)
    return [
        {"file": f"{file}.csv", "fate": fate, "reason": reason, "rows": count}
        for (file, fate, reason), count in sorted(counts.items())
    ]


def appropriate_bodies(result: ImportResult) -> list[dict]:
    fates: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, str] = {}
    for fate in result.fates:
        if fate.file == "induction_periods":
            body_id = fate.appropriate_body_dqt_id
            fates[body_id][fate.fate] += 1
            names.setdefault(body_id, fate.appropriate_body_name)
    rows = []
    for body_id in sorted(set(fates) | set(result.periods_in_database)):
        row = {"appropriate_body_dqt_id": body_id, "name": names.get(body_id, "")}
        row["export_rows"] = sum(fates[body_id].values())
        row.update({fate: fates[body_id][fate] for fate in FATES})
        row["expected_in_database"] = fates[body_id][IMPORTED] + fates[body_id][UNCHANGED]
        row["in_database"] = result.periods_in_database.get(body_id, 0)
        row["difference"] = row["in_database"] - row["expected_in_database"]
        rows.append(row)
    return rows


def row_fates(result: ImportResult) -> list[dict]:
    return [{column: _plain(getattr(fate, column)) for column in ROW_COLUMNS} for fate in result.fates]


def rejected_rows(result: ImportResult) -> list[dict]:
    return [
        {column: _plain(getattr(fate, column)) for column in REJECTED_COLUMNS}
        for fate in result.fates
        if fate.fate == REJECTED
    ]


def events_written(result: ImportResult) -> list[dict]:
    return [{"event_type": kind, "events": count} for kind, count in sorted(result.events_written.items())]


def build(result: ImportResult) -> dict[str, list[dict]]:
    return {
        "summary": summary(result),
        "reasons": reasons(result),
        "appropriate_bodies": appropriate_bodies(result),
        "events_written": events_written(result),
        "rejected_rows": rejected_rows(result),
        "rows": row_fates(result),
    }


def parser_log(result: ImportResult) -> list[str]:
    lines = [
        f"{fate.file}.csv line {fate.line}: TRN {fate.trn or '(blank)'} rejected, {fate.reason}: {fate.message}"
        for fate in result.fates
        if fate.fate == REJECTED
    ]
    return lines + [f"note: {note}" for note in result.notes]


def write(result: ImportResult, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    tables = build(result)
    written = []
    for name, rows in tables.items():
        columns = {"rows": ROW_COLUMNS, "rejected_rows": REJECTED_COLUMNS}.get(name)
        written.append(report_pages.write_csv(folder / f"{name}.csv", rows, columns))
    log = folder / "parser.log"
    log.write_text("".join(f"{line}\n" for line in parser_log(result)))
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps(result.manifest, indent=2, default=str))
    page = folder / "index.html"
    page.write_text(render_html(result, tables))
    return [page, *written, log, manifest]


def _flag(name: str, row: dict) -> bool:
    return bool(row.get("unaccounted") or row.get("difference") or (name == "rows" and row["fate"] == REJECTED))


def render_html(result: ImportResult, tables: dict[str, list[dict]]) -> str:
    mode = result.manifest.get("mode", "")
    unaccounted = sum(row["unaccounted"] for row in tables["summary"])
    introduction = [
        f"<p>Input rows not accounted for: <strong>{unaccounted}</strong>. Rows that do not balance, and rejected "
        "rows, are highlighted. Each table is also a CSV file in this folder; rejected rows are in rejected_rows.csv "
        "and parser.log.</p>"
    ]
    if result.notes:
        introduction.append(
            "<h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in result.notes) + "</ul>"
        )
    heading = f"DQT induction import ({mode}, stage {result.manifest.get('stage', '')})"
    return report_pages.page("DQT induction import", heading, introduction, tables, _flag)
