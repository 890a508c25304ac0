"""The report folders the migrators write (the ECF1 migration's reconciliation, the DQT induction import): one CSV
file per table and one plain HTML page showing them all, so that whoever signs a migration off can open it in any
browser with nothing installed, and load any table into a spreadsheet."""

from __future__ import annotations

import csv
import html
from collections.abc import Callable, Sequence
from pathlib import Path

HTML_ROW_LIMIT = 2000
"""Rows shown per table on the page; the CSV file always has them all."""

_STYLE = (
    "body{font-family:Arial,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
    "td,th{border:1px solid #b1b4b6;padding:4px 8px;text-align:left}th{background:#f3f2f1}"
    ".mismatch{background:#f6d7d2}"
)


def write_csv(path: Path, rows: list[dict], columns: Sequence[str] | None = None) -> Path:
    """`columns` defaults to the first row's keys; with neither, the file is empty."""
    columns = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    with path.open("w", newline="") as handle:
        if columns:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return path


def page(
    title: str,
    heading: str,
    introduction: list[str],
    tables: dict[str, list[dict]],
    flagged: Callable[[str, dict], bool],
) -> str:
    """The whole page: `introduction` is HTML already escaped by the caller; each table gets a heading with its
    row count, and the rows `flagged` says need a look are highlighted."""
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(heading)}</h1>",
        *introduction,
    ]
    for name, rows in tables.items():
        parts.append(f"<h2>{html.escape(name.replace('_', ' ').capitalize())} ({len(rows):,} rows)</h2>")
        if not rows:
            parts.append("<p>None.</p>")
            continue
        if len(rows) > HTML_ROW_LIMIT:
            parts.append(f"<p>First {HTML_ROW_LIMIT:,} rows; all are in {html.escape(name)}.csv.</p>")
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th scope='col'>{html.escape(str(column))}</th>" for column in rows[0])
            + "</tr></thead><tbody>"
        )
        for row in rows[:HTML_ROW_LIMIT]:
            css = " class='mismatch'" if flagged(name, row) else ""
            parts.append(f"<tr{css}>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)
