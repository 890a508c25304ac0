"""`python -m bench --migration`: generate an ECF1 database of N participants (100,000 by default), migrate it into
the database of DATABASE_URL with `--workers` processes (default: one per CPU) and print participant profiles per
second against the 2,000/s target (migration.md, issue 7), with the worker count, the CPU of the migration's own
processes and the load average, since the machine may be shared. The source goes into a schema `ecf1_bench` of the same database unless `--source-url` names another.
The target must hold no teachers yet (a migration merges into existing teachers by TRN, which is not what is
being measured), so use a fresh database."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

TARGET_PER_SECOND = 2000


@dataclass
class MigrationBench:
    participants: int
    generate_seconds: float
    migrate_seconds: float
    failed_profiles: int
    cpu_seconds: float  # this process and its worker processes; PostgreSQL's share is not in it
    load_average: float  # 1-minute load average at the end: the machine is shared
    workers: int

    @property
    def per_second(self) -> float:
        return self.participants / self.migrate_seconds


def run(
    *,
    participants: int,
    seed: int = 1,
    source_url: str | None = None,
    schema: str = "ecf1_bench",
    workers: int | None = None,
) -> MigrationBench:
    import resource

    import psycopg
    from django.db import connection

    from ecf1_migration import pipeline
    from ecf1_migration.models import LedgerEntry
    from ecf1_migration.source import Source
    from teachers.models import Teacher

    if Teacher.objects.exists():
        raise SystemExit("The target database already holds teachers: run the migration bench on a fresh database.")
    began = time.monotonic()
    connection.ensure_connection()
    url = source_url or _url(connection)
    _generate(url, schema, participants, seed)
    generated = time.monotonic()

    def progress(line: str) -> None:
        print(line, flush=True)

    def cpu_seconds() -> float:  # this process and the worker processes it has waited for
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    workers = workers or os.cpu_count() or 1
    with psycopg.connect(url) as source_connection:
        started, cpu_started = time.monotonic(), cpu_seconds()
        result = pipeline.run(
            Source(source_connection, schema),
            pipeline.Options(gias_from_source=True, progress=progress, workers=workers),
        )
        migrated = time.monotonic() - started
        cpu = cpu_seconds() - cpu_started
    failed = LedgerEntry.objects.filter(source_table="participant_profiles", outcome="failed").count()
    return MigrationBench(result.participants, generated - began, migrated, failed, cpu, os.getloadavg()[0], workers)


def _generate(url: str, schema: str, participants: int, seed: int) -> None:
    """In a function of its own so that the generated rows (millions of objects) are gone before the migration
    starts, as they are for `migrate_ecf1` in its own process: otherwise every garbage collection in this process
    and in the forked workers walks them again."""
    import gc

    import psycopg

    from ecf1_migration.generator import generate
    from ecf1_migration.source_builder import Ecf1Builder, settle

    builder = Ecf1Builder(seed=seed)
    generate(builder, participants)
    with psycopg.connect(url) as source_connection:
        builder.write(source_connection, schema)
    del builder
    gc.collect()
    settle(url, schema)  # a snapshot to migrate has been vacuumed long before: that is not the migration's work


def _url(connection) -> str:
    settings = connection.settings_dict
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    return f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def report(bench: MigrationBench) -> str:
    verdict = "meets" if bench.per_second >= TARGET_PER_SECOND else "misses"
    return (
        f"ECF1 migration: {bench.participants:,} participant profiles generated in {bench.generate_seconds:.1f}s, "
        f"migrated in {bench.migrate_seconds:.1f}s ({bench.failed_profiles} failed): "
        f"{bench.per_second:,.0f} participants/s with {bench.workers} worker process"
        f"{'' if bench.workers == 1 else 'es'}, {verdict} the {TARGET_PER_SECOND:,}/s target "
        f"(migration processes' CPU {bench.cpu_seconds:.0f}s; load average {bench.load_average:.1f} on "
        f"{os.cpu_count()} cores)"
    )
