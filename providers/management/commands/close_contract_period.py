"""`manage.py close_contract_period 2021 --successor 2024 [--commit] [--report-dir DIR]`: close a cohort.

A dry run unless `--commit` is given: the dry run makes every change inside a transaction it then rolls back, so
its report is what the real run would do. The report is printed as a summary and written as CSV and HTML."""

from __future__ import annotations

from html import escape
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from events.authors import Author
from providers.services.cohort_closure import ClosureReport, close_contract_period


class Command(BaseCommand):
    help = "Close a contract period and move its ongoing participants to a later one (dry run by default)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--successor", type=int, required=True, help="The contract period participants move to")
        parser.add_argument("--commit", action="store_true", help="Really close it (default: dry run)")
        parser.add_argument("--report-dir", default=None, help="Write closure-<year>.csv and .html here")

    def handle(self, *args, year: int, successor: int, commit: bool, report_dir: str | None, **options):
        try:
            report = close_contract_period(
                author=Author.system(), year=year, successor_year=successor, dry_run=not commit
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        mode = "DRY RUN: nothing was changed" if report.dry_run else "Closed"
        self.stdout.write(f"{mode}. Contract period {year} → {successor}")
        self.stdout.write(f"  participants moved: {len(report.moved)}")
        self.stdout.write(f"  left in {year}: {len(report.left_behind)}")
        for reason, count in _reasons(report).items():
            self.stdout.write(f"    {count} × {reason}")
        self.stdout.write(f"  statements of {year} not yet paid (its final statements): {len(report.final_statements)}")
        if report_dir:
            folder = Path(report_dir)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"closure-{year}.csv").write_text(report.as_csv())
            (folder / f"closure-{year}.html").write_text(_html(report))
            self.stdout.write(f"Report written to {folder}/closure-{year}.csv and .html")


def _reasons(report: ClosureReport) -> dict[str, int]:
    counts: dict[str, int] = {}
    for move in report.left_behind:
        counts[move.reason] = counts.get(move.reason, 0) + 1
    return counts


def _html(report: ClosureReport) -> str:
    title = f"Closing contract period {report.year}" + (" (dry run)" if report.dry_run else "")
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(str(value))}</td>"
            for value in (
                move.trn,
                move.teacher_name,
                move.role,
                move.lead_provider,
                move.school_urn,
                move.from_schedule or "",
                move.to_schedule if move.moved else "",
                "moved" if move.moved else "not moved",
                move.reason,
            )
        )
        + "</tr>"
        for move in report.moves
    )
    statements = "".join(
        f"<tr><td>{escape(s['active_lead_provider__lead_provider__name'])}</td><td>{s['month']}/{s['year']}</td>"
        f"<td>{escape(s['fee_type'])}</td><td>{escape(s['status'])}</td></tr>"
        for s in report.final_statements
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>
<h1>{escape(title)}</h1>
<p>Moved to {report.successor_year}: {len(report.moved)}. Left in {report.year}: {len(report.left_behind)}.
Closed at {escape(report.closed_at.isoformat())}.</p>
<h2>Participants</h2>
<table><thead><tr><th>TRN</th><th>Name</th><th>Role</th><th>Lead provider</th><th>School URN</th>
<th>From schedule</th><th>To schedule</th><th>Outcome</th><th>Reason</th></tr></thead><tbody>{rows}</tbody></table>
<h2>Final statements of {report.year} (not yet paid)</h2>
<table><thead><tr><th>Lead provider</th><th>Month</th><th>Fee type</th><th>Status</th></tr></thead>
<tbody>{statements}</tbody></table>
</body></html>
"""
