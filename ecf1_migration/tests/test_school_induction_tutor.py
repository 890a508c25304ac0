"""§7.2: a school's induction tutor is its first induction coordinator, when ECF1 links the school to several."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from ecf1_migration import pipeline
from ecf1_migration.generator import generate
from ecf1_migration.source import Source
from ecf1_migration.source_builder import Ecf1Builder, stamp
from schools.models import School


@pytest.mark.django_db
def test_the_earliest_of_several_coordinators_becomes_the_induction_tutor(frozen_today):
    builder = Ecf1Builder(seed=3)
    generate(builder, 4)
    link = builder.rows["induction_coordinator_profiles_schools"][0]
    school_id = link["school_id"]
    later = builder.derived_id("users", school_id, 1)
    builder.add("users", id=later, full_name="Lena Later", email="lena@school.example", created_at=link["created_at"])
    earlier = builder.derived_id("users", school_id, 2)
    builder.add("users", id=earlier, full_name="Erin Earlier", email="erin@school.example",
                created_at=link["created_at"])  # fmt: skip
    for user, created_at in (
        (later, link["created_at"] + dt.timedelta(days=30)),
        (earlier, stamp(dt.date(2020, 6, 1))),
    ):
        coordinator = builder.add("induction_coordinator_profiles", id=builder.derived_id("icp", user), user_id=user,
                                  created_at=created_at)  # fmt: skip
        builder.rows["induction_coordinator_profiles_schools"].append(
            {"induction_coordinator_profile_id": coordinator, "school_id": school_id, "created_at": created_at}
        )
    connection.ensure_connection()
    builder.write(connection.connection, "ecf1_tutors")

    pipeline.run(Source(connection.connection, "ecf1_tutors"), pipeline.Options(gias_from_source=True))

    school = School.objects.get(api_id=school_id)
    assert (school.induction_tutor_name, school.induction_tutor_email) == ("Erin Earlier", "erin@school.example")
