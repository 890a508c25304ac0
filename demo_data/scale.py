"""A national-scale data set for benchmarks: N teachers (ten ECTs and three mentors per school, in the proportions
of a national cohort) over as many schools as that needs, written by COPY in chunks of schools; then every
provider's contracts and monthly statements (`demo_data.finance_data`, kept as reference data) and the declarations
their lead providers would have sent for the training so far (`demo_data.scale_declarations`).

Scale data lives in its own identifier ranges (TRNs 5000000–6999999, URNs 500000–599999), so it can be
removed and regenerated without touching demo or real data: `remove_scale_data()` deletes those teachers and
schools and, table by table from the database catalogue, every row that points at them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from core import clock
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

SCALE_SEED = 1_000_000
SCALE_TRNS = (5_000_000, 6_999_999)
SCALE_URNS = (500_000, 599_999)
MENTORS_PER_SCHOOL = 3
ECTS_PER_SCHOOL = 10
SCHOOLS_PER_CHUNK = 400

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
    generated_seconds: float  # generating, writing, committing and analysing


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


def _delete_where(cursor, table: str, condition: str) -> None:
    """Delete rows of `table` matching `condition`, after the rows that point at them (recursively)."""
    for child, column, key in _referencing(cursor, table):
        if child != table:
            _delete_where(cursor, child, f'"{column}" IN (SELECT "{key}" FROM "{table}" WHERE {condition})')
    cursor.execute(f'DELETE FROM "{table}" WHERE {condition}')


def remove_scale_data() -> None:
    """Delete every teacher and school in the scale ranges, and everything that refers to them."""
    low_trn, high_trn = (f"{n:07d}" for n in SCALE_TRNS)
    low_urn, high_urn = SCALE_URNS
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS scale_teachers, scale_schools")
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_teachers ON COMMIT DROP AS SELECT id FROM teachers WHERE trn BETWEEN %s AND %s",
            [low_trn, high_trn],
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_schools ON COMMIT DROP AS SELECT id FROM schools WHERE urn BETWEEN %s AND %s",
            [low_urn, high_urn],
        )
        cursor.execute("ANALYZE scale_teachers; ANALYZE scale_schools")
        # Declarations and their events first, directly: the generic walk below would reach them again and again
        # through every table between them and the teachers.
        cursor.execute(
            "DELETE FROM events WHERE declaration_id IN (SELECT d.id FROM declarations d"
            " JOIN scale_teachers s ON s.id = d.teacher_id)"
        )
        cursor.execute("DELETE FROM declarations WHERE teacher_id IN (SELECT id FROM scale_teachers)")
        _delete_where(cursor, "teachers", "id IN (SELECT id FROM scale_teachers)")
        _delete_where(cursor, "schools", "id IN (SELECT id FROM scale_schools)")
        _delete_where(cursor, "gias_schools", f"urn BETWEEN {low_urn} AND {high_urn}")
        cursor.execute("DELETE FROM dfe_sign_in_organisations WHERE urn ~ '^[0-9]{6}$' AND urn::int BETWEEN %s AND %s",
                       [low_urn, high_urn])  # fmt: skip


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
    say = progress or (lambda message: None)
    with transaction.atomic():
        started = time.monotonic()
        with connection.cursor() as cursor:  # check foreign keys as each COPY ends, while parents are in cache
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        remove_scale_data()
        removed = time.monotonic() - started
        started = time.monotonic()
        ref = ensure_reference_data()
        rng = random.Random(seed)
        rows = BulkRows(order=FLUSH_ORDER, rng=random.Random(seed + 1), now=now)
        count = -(-teachers // (MENTORS_PER_SCHOOL + ECTS_PER_SCHOOL))
        if count > SCALE_URNS[1] - SCALE_URNS[0] + 1:
            raise ValueError("Too many schools for the scale URN range")
        specs = school_specs(rng, count=count, school_year=school_year, ref=ref, urn_start=SCALE_URNS[0])
        schools = write_schools(rows, specs, ref=ref, school_year=school_year, urn_in_organisation_name=True)
        written = sum(rows.flush().values())
        say(f"{len(schools)} schools written")
        namer = Namer(random.Random(seed + 2), first_trn=SCALE_TRNS[0])
        plans = scale_plans(schools, teachers, rng)
        made = 0
        for first in range(0, len(plans), SCHOOLS_PER_CHUNK):
            world = World(ref=ref, rows=rows, namer=namer, rng=rng, today=today, school_year=school_year)
            populate(world, plans[first : first + SCHOOLS_PER_CHUNK], mentors_at_two_schools=SCHOOLS_PER_CHUNK // 20)
            made += rows.count(Teacher)
            written += sum(rows.flush().values())
            say(f"{made} teachers written ({time.monotonic() - started:.0f}s)")
        statements = ensure_statements(today=today)
        trns = (f"{SCALE_TRNS[0]:07d}", f"{SCALE_TRNS[1]:07d}")
        written += write_declarations(trns=trns, statements=statements, rng=random.Random(seed + 3), now=now)
        say(f"declarations written ({time.monotonic() - started:.0f}s)")
        refresh_school_api_metadata()  # bulk rows bypass the services that keep it
        say(f"schools API metadata refreshed ({time.monotonic() - started:.0f}s)")
        say("committing")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ScaleResult(made, len(schools), written, removed, time.monotonic() - started)
