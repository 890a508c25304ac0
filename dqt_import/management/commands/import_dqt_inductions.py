"""`manage.py import_dqt_inductions --teachers T.csv --periods P.csv --report DIR [--dry-run] [--stage S] [--trn N]`: the DQT
induction import (migration.md §20; columns in `dqt_import.source` and docs/dqt-induction-import.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dqt_import import report
from dqt_import.pipeline import run_import
from dqt_import.plan import FINISHED, IN_PROGRESS
from dqt_import.source import SourceError


class Command(BaseCommand):
    help = "Import appropriate bodies' induction history (periods and outcomes) from DQT's CSV exports."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--teachers", required=True, type=Path, help="DQT teachers export (CSV)")
        parser.add_argument("--periods", required=True, type=Path, help="DQT induction periods export (CSV)")
        parser.add_argument("--report", required=True, type=Path, help="folder for the HTML and CSV report")
        parser.add_argument("--dry-run", action="store_true", help="write the report, then roll everything back")
        parser.add_argument(
            "--stage",
            choices=(IN_PROGRESS, FINISHED),
            help="only teachers still in induction, or only those who passed or failed (default: both)",
        )
        parser.add_argument(
            "--trn", action="append", help="import only this teacher (repeatable): a partial rerun; others are excluded"
        )

    def handle(self, *args, **options) -> None:
        try:
            result = run_import(
                teachers_path=options["teachers"],
                periods_path=options["periods"],
                stage=options["stage"],
                dry_run=options["dry_run"],
                trns=frozenset(options["trn"]) if options["trn"] else None,
            )
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        written = report.write(result, options["report"])
        for row in report.summary(result):
            self.stdout.write(", ".join(f"{key} {value}" for key, value in row.items()))
        self.stdout.write(f"Report: {written[0]}" + (" (dry run: nothing was saved)" if options["dry_run"] else ""))
