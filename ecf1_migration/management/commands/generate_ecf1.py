"""`manage.py generate_ecf1 --target <DATABASE_URL> --participants N --seed S`: an ECF1-shaped database to migrate."""

from __future__ import annotations

import time

import psycopg
from django.core.management.base import BaseCommand

from ecf1_migration.generator import generate
from ecf1_migration.source_builder import Ecf1Builder, settle


class Command(BaseCommand):
    help = "Create an ECF1-shaped schema filled with generated histories and every known data problem (§16)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--target", required=True, help="DATABASE_URL of the database to write into")
        parser.add_argument("--schema", default="public", help="schema to (re)create (default %(default)s)")
        parser.add_argument("--participants", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        began = time.monotonic()
        builder = Ecf1Builder(seed=options["seed"])
        generate(builder, options["participants"])
        built = time.monotonic()
        with psycopg.connect(options["target"]) as connection:
            written = builder.write(connection, options["schema"])
        settle(options["target"], options["schema"])
        for table, count in written.items():
            self.stdout.write(f"{table:40} {count:>9,}")
        planted = len(builder.rows["planted_problems"])
        self.stdout.write(
            f"{written.get('participant_profiles', 0):,} participant profiles, {planted} planted problem rows "
            f"(built in {built - began:.1f}s, written in {time.monotonic() - built:.1f}s)"
        )
