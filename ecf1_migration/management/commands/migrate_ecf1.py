"""`manage.py migrate_ecf1 --source <DATABASE_URL>`: migrate an ECF1 snapshot (migration.md), resumably, and write
the reconciliation report, with the acceptance checks (§19) and thresholds (§18.6) and the verdict they give.

A real run whose verdict is FAIL exits with status 1 (its rows stay committed: the status tells whatever comes next,
a switch-over or a sign-off, not to go on). A dry run prints the same verdict but exits 0: nothing was kept, and its
job is the report itself, typically a rehearsal on a snapshot whose failures are still being worked through."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import clock
from ecf1_migration import acceptance, pipeline, report, run_lock, thresholds
from ecf1_migration import rerun as rerun_module
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
        parser.add_argument(
            "--keep-list",
            help="CSV of participant_profile_id, lead_provider_id, cohort kept after completion (§9.1, §12)",
        )
        parser.add_argument("--corrections", help="CSV of manual corrections to apply after the run (§16 item 30)")
        parser.add_argument(
            "--accepted-failures",
            help="CSV of source_table, source_id, reason, accepted_by: failures the product owner accepted (§18.6)",
        )
        parser.add_argument("--parity-report", help="folder holding ecf1_api_parity's api_parity.csv (§19 check 12)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="produce every report, then roll everything back (prints the verdict, but exits 0 even on FAIL)",
        )
        parser.add_argument("--crash-after", type=int, help="stop after N batches (to try resuming)")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes for the participant and declaration batches (default: the number of CPUs; a dry run "
            "uses one, as its batches must stay in one transaction)",
        )
        rerun = parser.add_mutually_exclusive_group()
        rerun.add_argument(
            "--rerun-teachers",
            action="append",
            help="migrate these teachers again after a finished run: TRNs, ECF1 user ids or participant profile ids, "
            "comma-separated, or @file with one a line (docs/ecf1-migration-reruns.md)",
        )
        rerun.add_argument(
            "--rerun-step",
            choices=rerun_module.STEPS + rerun_module.PEOPLE_STEPS,
            help="run one step again after a finished run, with the steps that depend on it",
        )
        parser.add_argument(
            "--no-bulk-load",
            action="store_true",
            help="keep the loaded tables' plain indexes and foreign keys during the batches",
        )

    def handle(self, *args, **options) -> None:
        try:  # read first: a sign-off file that cannot be read should stop the run before it starts
            accepted = (
                thresholds.read_accepted_failures(Path(options["accepted_failures"]))
                if options["accepted_failures"]
                else {}
            )
        except (OSError, thresholds.AcceptedFailuresError) as error:
            raise CommandError(str(error)) from None
        options["accepted"] = accepted
        folder = Path(options["report"])
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {
            "started_at": clock.now().isoformat(),
            "source_schema": options["source_schema"],
            "tool_version": _commit(),
            "mode": ("dry run, " if options["dry_run"] else "") + _mode(options),
            "keep_list_sha256": _digest(options["keep_list"]),
            "corrections_sha256": _digest(options["corrections"]),
            "accepted_failures_sha256": _digest(options["accepted_failures"]),
            "batch_size": options["batch_size"],
            "workers": 1 if options["dry_run"] else options["workers"],
        }
        try:
            with run_lock.only_run():
                self._run_once(options, folder, manifest)
        except run_lock.AlreadyRunning as error:
            raise CommandError(str(error)) from None

    def _run_once(self, options: dict, folder: Path, manifest: dict) -> None:
        with psycopg.connect(options["source"]) as connection:
            connection.read_only = True
            source = Source(connection, options["source_schema"])
            if not options["dry_run"]:  # each batch commits on its own, so a crash loses at most one batch
                try:
                    verdict = self._run(source, options, folder, manifest)
                except pipeline.SimulatedCrash as crash:
                    raise CommandError(f"{crash} (--crash-after); run the same command again to resume") from None
                if not verdict.passed:
                    raise CommandError(f"The migration does not pass: see {folder / 'index.html'}")
                return
            with transaction.atomic():
                self._run(source, options, folder, manifest)
                transaction.set_rollback(True)
            self.stdout.write("Dry run: nothing was kept.")

    def _run(self, source: Source, options: dict, folder: Path, manifest: dict) -> acceptance.Verdict:
        run_options = pipeline.Options(
            batch_size=options["batch_size"],
            gias_from_source=options["gias_from_source"],
            open_band_capacity=options["open_band_capacity"],
            crash_after_batches=options["crash_after"],
            workers=1 if options["dry_run"] else max(1, options["workers"]),
            bulk_load=not options["no_bulk_load"],
            keep_list=_keep_list(options["keep_list"]),
            progress=lambda line: self.stdout.write(line),
        )
        try:
            if options["rerun_teachers"]:
                self._rerun_teachers(source, options, run_options)
            else:
                if options["rerun_step"]:
                    result = rerun_module.rerun_step(source, options["rerun_step"], run_options)
                else:
                    result = pipeline.run(source, run_options)
                self._summary(result, manifest)
                manifest.update(participants=result.participants, seconds=round(result.seconds, 1))
        except rerun_module.RerunRefused as refused:
            raise CommandError(f"Rerun refused: {refused}") from None
        if options["corrections"]:
            counts = apply_corrections(Path(options["corrections"]), folder / "corrections_log.csv")
            self.stdout.write(f"Corrections: {counts['applied']} applied, {counts['failed']} failed")
        manifest.update(finished_at=clock.now().isoformat())
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        parity_folder = Path(options["parity_report"]) if options["parity_report"] else None
        tables = report.build(source, accepted=options["accepted"], parity_folder=parity_folder)
        written = report.write_tables(tables, folder)
        self.stdout.write(f"Reconciliation report: {', '.join(str(path) for path in written)}")
        verdict = acceptance.verdict(tables["acceptance_checks"], tables["thresholds"])
        self.stdout.write(f"Verdict: {verdict.text()}")
        return verdict

    def _rerun_teachers(self, source: Source, options: dict, run_options: pipeline.Options) -> None:
        identifiers = rerun_module.read_identifiers(options["rerun_teachers"])
        done = rerun_module.rerun_teachers(source, identifiers, keep_list=run_options.keep_list)
        self.stdout.write(
            f"Reran {len(done.profiles)} participant profiles of {len(done.teacher_ids)} teachers "
            f"({', '.join(f'{key} {value}' for key, value in sorted(done.counts.items()))})"
        )
        if done.mentees_added:
            self.stdout.write(
                "Also rerun, as their mentorships point at the rerun mentor periods: teachers "
                + ", ".join(str(pk) for pk in done.mentees_added)
            )

    def _summary(self, result: pipeline.RunResult, manifest: dict) -> None:
        done = result.participants_this_run
        rate = done / result.seconds if result.seconds else 0
        resumed = (
            f" ({result.participants - done:,} were migrated by an earlier run)" if done < result.participants else ""
        )
        self.stdout.write(
            f"Migrated {done:,} of {result.participants:,} participant profiles in {result.seconds:.1f}s "
            f"({rate:,.0f}/s, {manifest['workers']} worker process{'' if manifest['workers'] == 1 else 'es'}){resumed}"
        )


def _mode(options: dict) -> str:
    if options["rerun_teachers"]:
        return "partial by teacher list"
    if options["rerun_step"]:
        return f"partial by step ({options['rerun_step']})"
    return "full"


def _keep_list(path: str | None) -> frozenset[tuple[str, str, int]]:
    if not path:
        return frozenset()
    with open(path, newline="") as handle:
        return frozenset(
            (row["participant_profile_id"], row["lead_provider_id"], int(row["cohort"]))
            for row in csv.DictReader(handle)
        )


def _digest(path: str | None) -> str | None:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None


def _commit() -> str:
    if os.environ.get("GIT_COMMIT"):
        return os.environ["GIT_COMMIT"]
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
