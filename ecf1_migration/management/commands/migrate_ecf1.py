"""`manage.py migrate_ecf1 --source <DATABASE_URL>`: migrate an ECF1 snapshot (migration.md), resumably, and write
the reconciliation report."""

from __future__ import annotations

from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand

from ecf1_migration import pipeline, report
from ecf1_migration.corrections import apply_corrections
from ecf1_migration.source import Source


class Command(BaseCommand):
    help = "Migrate teachers, periods, partnerships, declarations and statements from an ECF1 database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", required=True, help="DATABASE_URL of the ECF1 snapshot (read only)")
        parser.add_argument("--source-schema", default="public")
        parser.add_argument("--report", default="ecf1_reconciliation", help="folder for the HTML and CSV report")
        parser.add_argument("--batch-size", type=int, default=pipeline.BATCH_SIZE)
        parser.add_argument(
            "--gias-from-source", action="store_true", help="load a generated source's GIAS stand-in first"
        )
        parser.add_argument("--open-band-capacity", type=int, help="capacity for open-ended bands (§6.4)")
        parser.add_argument("--corrections", help="CSV of manual corrections to apply after the run (§16 item 30)")
        parser.add_argument("--crash-after", type=int, help="stop after N batches (to try resuming)")

    def handle(self, *args, **options) -> None:
        with psycopg.connect(options["source"]) as connection:
            connection.read_only = True
            source = Source(connection, options["source_schema"])
            result = pipeline.run(
                source,
                pipeline.Options(
                    batch_size=options["batch_size"],
                    gias_from_source=options["gias_from_source"],
                    open_band_capacity=options["open_band_capacity"],
                    crash_after_batches=options["crash_after"],
                    progress=lambda line: self.stdout.write(line),
                ),
            )
            rate = result.participants / result.seconds if result.seconds else 0
            self.stdout.write(
                f"Migrated {result.participants:,} participant profiles in {result.seconds:.1f}s ({rate:,.0f}/s)"
            )
            folder = Path(options["report"])
            folder.mkdir(parents=True, exist_ok=True)
            if options["corrections"]:
                counts = apply_corrections(Path(options["corrections"]), folder / "corrections_log.csv")
                self.stdout.write(f"Corrections: {counts['applied']} applied, {counts['failed']} failed")
            written = report.write(source, folder)
        self.stdout.write(f"Reconciliation report: {', '.join(str(path) for path in written)}")
