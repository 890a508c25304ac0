"""A national-scale data set for benchmarks: N teachers (ten ECTs and three mentors per school, in the proportions
of a national cohort) over as many schools as that needs, written by COPY in chunks of schools; then every
provider's contracts and monthly statements (`demo_data.finance_data`, kept as reference data) and the declarations
their lead providers would have sent for the training so far (`demo_data.scale_declarations`).

Scale data lives in its own identifier ranges (TRNs 5000000–6999999, URNs 500000–599999), so it can be
removed and regenerated without touching demo or real data: `remove_scale_data()` removes those teachers and
schools and, table by table from the database catalogue, every row that points at them (by setting the other rows
aside, emptying the tables and putting them back: far faster than deleting millions of rows one by one).

The load runs with the loaded tables' secondary indexes and foreign keys dropped, recreated from the catalogue's
own definitions once every row is in (`core.bulk_load.loading_without_indexes_or_foreign_keys`); `seed_scale`
says how long each stage took.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from core import clock
from core.bulk_load import loading_without_indexes_or_foreign_keys
from declarations.models import Declaration
from demo_data.bulk import BulkRows
from demo_data.finance_data import ensure_statements
from demo_data.names import Namer
from demo_data.populate import SchoolPlan, populate, school_year_of
from demo_data.reference_data import ensure_reference_data
from demo_data.scale_declarations import write_declarations
from demo_data.schools import school_specs, write_schools
from demo_data.world import FLUSH_ORDER, World, at
from schools.services.api_metadata import refresh_school_api_metadata
from teachers.models import Teacher
from teachers.services.search_facts import search_facts_refreshed_once

SCALE_SEED = 1_000_000
SCALE_TRNS = (5_000_000, 6_999_999)
SCALE_URNS = (500_000, 599_999)
MENTORS_PER_SCHOOL = 3
ECTS_PER_SCHOOL = 10
SCHOOLS_PER_CHUNK = 400
# Tables loaded by COPY, whose secondary indexes are dropped for the load and rebuilt after it.
LOADED = [*FLUSH_ORDER, Declaration]

# Roughly how a national cohort is spread over the states of §7 (percent).
ECT_WEIGHTS = {
    "first_year": 24,
    "second_year": 20,
    "registered": 7,
    "joining": 3,
    "school_led": 8,
    "part_time": 2,
    "extended": 3,
    "deferred": 2,
    "resumed": 1,
    "withdrawn": 2,
    "withdrawn_at_school": 1,
    "left": 3,
    "leaving": 1,
    "moved_school": 3,
    "released": 2,
    "reclaimed": 1,
    "passed": 14,
    "failed": 0.5,
    "reassigned": 1,
    "exempt": 0.5,
}
MENTOR_WEIGHTS = {
    "mentor": 80,
    "mentor_completed": 8,
    "mentor_left": 6,
    "early_roll_out_mentor": 3,
    "former_ect_mentor": 3,
}


@dataclass
class ScaleResult:
    teachers: int
    schools: int
    rows: int
    removed_seconds: float
    generated_seconds: float  # generating, writing, indexing, committing and analysing
    stages: dict[str, float]  # seconds per stage, in order


def scale_plans(schools, teachers: int, rng: random.Random) -> list[SchoolPlan]:
    """Thirteen teachers a school until `teachers` is reached (the last school may have fewer)."""
    plans, remaining = [], teachers
    ect_names, ect_weights = list(ECT_WEIGHTS), list(ECT_WEIGHTS.values())
    mentor_names, mentor_weights = list(MENTOR_WEIGHTS), list(MENTOR_WEIGHTS.values())
    for school in schools:
        if remaining <= 0:
            break
        here = min(remaining, MENTORS_PER_SCHOOL + ECTS_PER_SCHOOL)
        mentors = min(MENTORS_PER_SCHOOL, here)
        plans.append(
            SchoolPlan(
                school=school,
                mentors=["mentor", *rng.choices(mentor_names, mentor_weights, k=mentors - 1)][:mentors],
                ects=rng.choices(ect_names, ect_weights, k=here - mentors),
            )
        )
        remaining -= here
    return plans


def _referencing(cursor, table: str) -> list[tuple[str, str, str]]:
    """(table, column, referenced column) of every single-column foreign key pointing at `table`."""
    cursor.execute(
        """
        SELECT child.relname, child_column.attname, parent_column.attname
        FROM pg_constraint fk
        JOIN pg_class child ON child.oid = fk.conrelid
        JOIN pg_class parent ON parent.oid = fk.confrelid
        JOIN pg_attribute child_column ON child_column.attrelid = fk.conrelid AND child_column.attnum = fk.conkey[1]
        JOIN pg_attribute parent_column ON parent_column.attrelid = fk.confrelid
            AND parent_column.attnum = fk.confkey[1]
        WHERE fk.contype = 'f' AND parent.relname = %s AND child.relnamespace = current_schema()::regnamespace
        ORDER BY 1, 2
        """,
        [table],
    )
    return cursor.fetchall()


def _scale_tables(cursor, roots: dict[str, str]) -> dict[str, list[tuple[str, str, str]]]:
    """Every table that can hold scale rows, parents before children, each with the foreign keys (parent table,
    column, referenced column) through which a scale row of a parent makes its rows scale rows too."""
    edges: dict[str, list[tuple[str, str, str]]] = {}
    finished: list[str] = []

    def visit(table: str) -> None:
        edges.setdefault(table, [])
        for child, column, key in _referencing(cursor, table):
            if child != table:
                first = child not in edges
                edges.setdefault(child, []).append((table, column, key))
                if first:
                    visit(child)
        finished.append(table)

    for root in roots:
        if root not in edges:
            visit(root)
    # Reversed finishing order of a depth-first walk is a topological order: every table after all its parents.
    return {table: edges[table] for table in reversed(finished)}


def _non_generated_columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
        " AND attgenerated = '' ORDER BY attnum",
        [f'"{table}"'],
    )
    return [row[0] for row in cursor.fetchall()]


def remove_scale_data() -> None:
    """Remove every teacher and school in the scale ranges, and everything that refers to them.

    Row-by-row DELETE of millions of rows is slow (each deleted parent row checks every foreign key pointing at
    it), so instead: the rows that are NOT scale data (demo data, reference data) are set aside, every table that
    can hold scale rows is emptied with one TRUNCATE, and the rows set aside are put back with their ids. A row is
    scale data if it is a scale teacher, school, GIAS school or DfE Sign-in organisation, or points (through any
    single-column foreign key, at any depth) at a scale row. Foreign keys are checked immediately from here on.
    """
    low_trn, high_trn = (f"{n:07d}" for n in SCALE_TRNS)
    low_urn, high_urn = SCALE_URNS
    roots = {
        "teachers": f"trn BETWEEN '{low_trn}' AND '{high_trn}'",
        "schools": f"urn BETWEEN {low_urn} AND {high_urn}",
        "gias_schools": f"urn BETWEEN {low_urn} AND {high_urn}",
        "dfe_sign_in_organisations": f"urn ~ '^[0-9]{{6}}$' AND urn::int BETWEEN {low_urn} AND {high_urn}",
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks may be left on a table TRUNCATE empties
        # Room to hash the keys of hundreds of thousands of scale rows: without it each `IN (SELECT ...)` below
        # would scan its whole list again for every row it tests. Reset at commit.
        cursor.execute("SELECT set_config('work_mem', '256MB', true)")
        tables = _scale_tables(cursor, roots)
        keys_needed: dict[str, set[str]] = {table: set() for table in tables}
        for table_edges in tables.values():
            for parent, _, key in table_edges:
                keys_needed[parent].add(key)
        gone = {table: f"scale_gone_{number}" for number, table in enumerate(tables)}
        keep = {table: f"scale_keep_{number}" for number, table in enumerate(tables)}
        for table, table_edges in tables.items():
            conditions = [f"({roots[table]})"] if table in roots else []
            conditions += [f'"{column}" IN (SELECT "{key}" FROM {gone[parent]})' for parent, column, key in table_edges]
            condition = " OR ".join(conditions)
            if keys_needed[table]:  # the keys of this table's scale rows, for its children's conditions
                columns = ", ".join(f'"{key}"' for key in sorted(keys_needed[table]))
                cursor.execute(f"DROP TABLE IF EXISTS {gone[table]}")
                cursor.execute(
                    f'CREATE TEMPORARY TABLE {gone[table]} ON COMMIT DROP AS SELECT {columns} FROM "{table}"'
                    f" WHERE {condition}"
                )
                cursor.execute(f"ANALYZE {gone[table]}")
            cursor.execute(f"DROP TABLE IF EXISTS {keep[table]}")
            cursor.execute(
                f'CREATE TEMPORARY TABLE {keep[table]} ON COMMIT DROP AS SELECT * FROM "{table}"'
                f" WHERE ({condition}) IS NOT TRUE"
            )
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # kept rows may point at each other in any order
        for table in tables:
            columns = ", ".join(f'"{column}"' for column in _non_generated_columns(cursor, table))
            cursor.execute(
                f'INSERT INTO "{table}" ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM {keep[table]}'
            )
        cursor.execute(
            "DROP TABLE IF EXISTS " + ", ".join([*keep.values(), *(gone[t] for t in tables if keys_needed[t])])
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class _Stages:
    """Seconds each stage took, said as it ends (`seed_scale` output shows where the time goes)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.seconds: dict[str, float] = {}
        self.began = self.last = time.monotonic()

    def done(self, stage: str, detail: str = "") -> None:
        now = time.monotonic()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now
        self.say(
            f"{stage}{': ' + detail if detail else ''} ({self.seconds[stage]:.1f}s, {now - self.began:.0f}s in all)"
        )


def seed_scale(
    *,
    teachers: int,
    seed: int = SCALE_SEED,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    if teachers > SCALE_TRNS[1] - SCALE_TRNS[0] + 1:
        raise ValueError("Too many teachers for the scale TRN range")
    today = today or clock.today()
    now = clock.now() if today == clock.today() else at(today, 12)
    school_year = school_year_of(today)
    stages = _Stages(progress or (lambda message: None))
    with transaction.atomic():
        with connection.cursor() as cursor:  # no deferred checks pending: TRUNCATE and ALTER TABLE refuse them
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        remove_scale_data()
        stages.done("previous scale data removed")
        ref = ensure_reference_data()
        rng = random.Random(seed)
        rows = BulkRows(order=FLUSH_ORDER, rng=random.Random(seed + 1), now=now)
        count = -(-teachers // (MENTORS_PER_SCHOOL + ECTS_PER_SCHOOL))
        if count > SCALE_URNS[1] - SCALE_URNS[0] + 1:
            raise ValueError("Too many schools for the scale URN range")
        with (
            loading_without_indexes_or_foreign_keys([model._meta.db_table for model in LOADED]),
            search_facts_refreshed_once(),  # every teacher's console facts in one statement, before the indexes
        ):
            stages.done("secondary indexes and foreign keys dropped")
            specs = school_specs(rng, count=count, school_year=school_year, ref=ref, urn_start=SCALE_URNS[0])
            schools = write_schools(rows, specs, ref=ref, school_year=school_year, urn_in_organisation_name=True)
            written = sum(rows.flush().values())
            stages.done("schools written", f"{len(schools)}")
            namer = Namer(random.Random(seed + 2), first_trn=SCALE_TRNS[0])
            plans = scale_plans(schools, teachers, rng)
            made = 0
            for first in range(0, len(plans), SCHOOLS_PER_CHUNK):
                world = World(ref=ref, rows=rows, namer=namer, rng=rng, today=today, school_year=school_year)
                populate(
                    world, plans[first : first + SCHOOLS_PER_CHUNK], mentors_at_two_schools=SCHOOLS_PER_CHUNK // 20
                )
                made += rows.count(Teacher)
                written += sum(rows.flush().values())
                stages.done("teachers written", f"{made}")
            statements = ensure_statements(today=today)
            trns = (f"{SCALE_TRNS[0]:07d}", f"{SCALE_TRNS[1]:07d}")
            written += write_declarations(trns=trns, statements=statements, rng=random.Random(seed + 3), now=now)
            stages.done("declarations written")
        stages.done("secondary indexes and foreign keys recreated")
        refresh_school_api_metadata()  # bulk rows bypass the services that keep it
        stages.done("schools API metadata refreshed")
    stages.done("committed")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stages.done("analysed")
    removed = stages.seconds["previous scale data removed"]
    return ScaleResult(made, len(schools), written, removed, time.monotonic() - stages.began - removed, stages.seconds)
