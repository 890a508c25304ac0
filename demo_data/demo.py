"""The demo data set behind `make run`: reference data, fifty schools and about four hundred teachers in every
state of domain.md §7, with their timelines. Idempotent and quick: organisations are found by natural key
before they are created, and the people are written (in one go, by COPY) only if they are not there yet."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from core import clock
from demo_data import scenarios
from demo_data.bulk import BulkRows
from demo_data.finance_data import ensure_statements
from demo_data.names import Namer
from demo_data.populate import SchoolPlan, populate, preload_partnerships, school_year_of
from demo_data.reference_data import ensure_reference_data
from demo_data.schools import school_specs, write_schools
from demo_data.world import FLUSH_ORDER, World, at
from schools.services.api_metadata import refresh_school_api_metadata
from teachers.models import Teacher

DEMO_SEED = 2026
DEMO_SCHOOLS = 50
ECTS_PER_SCHOOL = 6
EXTRA_MENTORS = ("mentor_completed", "mentor_left", "early_roll_out_mentor", "former_ect_mentor", "mentor")
MENTORS_AT_TWO_SCHOOLS = 6
DEMO_TRN_RANGE = (1_000_000, 4_999_999)


@dataclass
class DemoResult:
    schools_created: int
    teachers_created: int
    rows: dict[str, int]


def _namer(seed: int) -> Namer:
    return Namer(random.Random(seed + 2), trn_seed=seed + 3, trn_range=DEMO_TRN_RANGE)


def demo_plans(schools, rng: random.Random) -> list[SchoolPlan]:
    """Two mentors and six ECTs per school; every ECT scenario dealt out about fifteen times."""
    names = list(scenarios.ECT_SCENARIOS) * (-(-len(schools) * ECTS_PER_SCHOOL // len(scenarios.ECT_SCENARIOS)))
    rng.shuffle(names)
    return [
        SchoolPlan(
            school=school,
            mentors=["mentor", EXTRA_MENTORS[index % len(EXTRA_MENTORS)]],
            ects=names[index * ECTS_PER_SCHOOL : (index + 1) * ECTS_PER_SCHOOL],
        )
        for index, school in enumerate(schools)
    ]


@transaction.atomic
def seed_demo(*, today: dt.date | None = None, seed: int = DEMO_SEED) -> DemoResult:
    today = today or clock.today()
    now = clock.now() if today == clock.today() else at(today, 12)
    school_year = school_year_of(today)
    ref = ensure_reference_data()
    ensure_statements(today=today)  # contracts and monthly statements, so the API and declarations have them
    rng = random.Random(seed)
    rows = BulkRows(order=FLUSH_ORDER, rng=random.Random(seed + 1), now=now)

    specs = school_specs(rng, count=DEMO_SCHOOLS, school_year=school_year, ref=ref)
    schools = write_schools(rows, specs, ref=ref, school_year=school_year)
    written = rows.flush()
    schools_created = written.get("schools", 0)

    if Teacher.objects.filter(trn=_namer(seed).trn()).exists():
        refresh_school_api_metadata()  # bulk rows bypass the services that keep it
        return DemoResult(schools_created, 0, written)

    world = World(ref=ref, rows=rows, namer=_namer(seed), rng=rng, today=today, school_year=school_year)
    preload_partnerships(world, schools)
    populate(world, demo_plans(schools, rng), mentors_at_two_schools=MENTORS_AT_TWO_SCHOOLS)
    teachers = rows.count(Teacher)
    for table, count in rows.flush().items():
        written[table] = written.get(table, 0) + count
    refresh_school_api_metadata()  # bulk rows bypass the services that keep it
    return DemoResult(schools_created, teachers, written)
