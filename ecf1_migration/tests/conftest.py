"""A generated ECF1 world in a schema `ecf1` of the test database, migrated once per module and rolled back after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest
import time_machine
from django.db import connection, transaction

from core.clock import LONDON
from ecf1_migration import pipeline
from ecf1_migration.generator import generate
from ecf1_migration.models import LedgerEntry
from ecf1_migration.source import Source
from ecf1_migration.source_builder import ECT, Ecf1Builder, Profile

BASELINE_NOON = dt.datetime(2026, 9, 15, 12, 0, tzinfo=LONDON)
D = dt.date


@dataclass
class World:
    source: Source
    builder: Ecf1Builder
    result: pipeline.RunResult
    extra: dict

    def planted(self, problem: int, table: str | None = None) -> list[dict]:
        rows = [r for r in self.builder.rows["planted_problems"] if r["problem"] == problem]
        return [r for r in rows if table is None or r["source_table"] == table]

    def fates(self, table: str, source_id: str) -> list[LedgerEntry]:
        return list(LedgerEntry.objects.filter(source_table=table, source_id=str(source_id)).exclude(outcome="changed"))

    def fate(self, table: str, source_id: str) -> LedgerEntry:
        [entry] = self.fates(table, source_id)
        return entry

    def changes(self, table: str, source_id: str) -> list[LedgerEntry]:
        return list(LedgerEntry.objects.filter(source_table=table, source_id=str(source_id), outcome="changed"))

    def profile_of_record(self, record_id: str) -> str:
        return next(r for r in self.builder.rows["induction_records"] if r["id"] == record_id)["participant_profile_id"]


def build_world(seed: int = 7, participants: int = 80) -> tuple[Ecf1Builder, dict]:
    builder = Ecf1Builder(seed=seed)
    generate(builder, participants)
    extra = {}
    # §15.5: a started declaration paid on one statement and clawed back on another.
    school = builder.school(name="Clawback school")
    builder.rows["gias_establishments"].append(
        {
            "urn": builder.school_urns[school],
            "name": "Clawback school",
            "type_name": "Community school",
            "status": "open",
            "in_england": True,
            "section_41_approved": False,
            "local_authority_code": 202,
            "administrative_district_name": "Camden",
            "ukprn": 10_000_000 + builder.school_urns[school],
            "phase_name": "Primary",
        }
    )
    ect: Profile = builder.profile(ECT, builder.person(), 2022)
    builder.record(ect, builder.programme(school, 2022, "full_induction_programme", "Teach First"), D(2022, 9, 5),
                   D(2024, 7, 19))  # fmt: skip
    extra["clawed_back"] = builder.declaration(ect, "Teach First", 2022, "started", D(2022, 10, 3), state="clawed_back",
                                               clawback_on=D(2023, 6, 1))  # fmt: skip
    return builder, extra


@contextmanager
def committed_source(builder: Ecf1Builder, schema: str) -> Iterator[str]:
    """`builder`'s ECF1 world written and committed into `schema` of the test database, for transactional tests
    whose workers or commands read it over connections of their own; yields the database's DSN and drops the schema
    afterwards."""
    connection.ensure_connection()
    dsn = connection.connection.info.dsn
    with psycopg.connect(dsn) as writer:
        builder.write(writer, schema)
    try:
        yield dsn
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@contextmanager
def migrated_world(build: Callable[[], tuple[Ecf1Builder, dict]], django_db_blocker) -> Iterator[World]:
    """`build`'s ECF1 world written and migrated inside a transaction that is rolled back when the block ends, so a
    module's tests share one migration and nest their own transactions."""
    with time_machine.travel(BASELINE_NOON, tick=False), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            builder, extra = build()
            connection.ensure_connection()
            builder.write(connection.connection, "ecf1")
            source = Source(connection.connection, "ecf1")
            result = pipeline.run(source, pipeline.Options(batch_size=25, gias_from_source=True))
            yield World(source, builder, result, extra)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Migrated once for the module inside a transaction rolled back afterwards; tests nest their own."""
    with migrated_world(build_world, django_db_blocker) as migrated:
        yield migrated
