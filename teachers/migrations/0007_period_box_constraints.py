"""The no-overlap exclusion constraints of the period tables as one GiST box per period (`core.periods.period_box`)
instead of an `int8range(key, key)` and `daterange` pair: the same rule, several times cheaper to maintain."""

import core.periods
import django.contrib.postgres.constraints
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("appropriate_bodies", "0003_submission_row_number"),
        ("providers", "0003_spec_constraints"),
        ("schools", "0004_school_notifications"),
        ("teachers", "0006_search_facts_after_truncate"),
    ]

    operations = [
        migrations.RunSQL(
            """
            CREATE OR REPLACE FUNCTION period_box(key bigint, band bigint, started_on date, finished_on date)
            RETURNS box LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN box(point(key, band * 8388608.0 + (started_on - DATE '1900-01-01')),
                       point(key, band * 8388608.0 + COALESCE(finished_on - DATE '1900-01-01', 8388607)))
            """,
            "DROP FUNCTION period_box(bigint, bigint, date, date)",
        ),
        migrations.RemoveConstraint(
            model_name="ectatschoolperiod",
            name="ect_at_school_periods_no_overlap",
        ),
        migrations.RemoveConstraint(
            model_name="inductionperiod",
            name="induction_periods_no_overlap",
        ),
        migrations.RemoveConstraint(
            model_name="mentoratschoolperiod",
            name="mentor_at_school_periods_no_overlap",
        ),
        migrations.RemoveConstraint(
            model_name="mentorshipperiod",
            name="mentorship_periods_no_overlap",
        ),
        migrations.RemoveConstraint(
            model_name="trainingperiod",
            name="training_periods_no_overlap_ect",
        ),
        migrations.RemoveConstraint(
            model_name="trainingperiod",
            name="training_periods_no_overlap_mentor",
        ),
        migrations.AddConstraint(
            model_name="ectatschoolperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (
                        models.Func(
                            models.F("teacher_id"),
                            models.Value(0),
                            models.F("started_on"),
                            models.F("finished_on"),
                            function="period_box",
                            output_field=core.periods.BoxField(),
                        ),
                        "&&",
                    )
                ],
                name="ect_at_school_periods_no_overlap",
            ),
        ),
        migrations.AddConstraint(
            model_name="inductionperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (
                        models.Func(
                            models.F("teacher_id"),
                            models.Value(0),
                            models.F("started_on"),
                            models.F("finished_on"),
                            function="period_box",
                            output_field=core.periods.BoxField(),
                        ),
                        "&&",
                    )
                ],
                name="induction_periods_no_overlap",
            ),
        ),
        migrations.AddConstraint(
            model_name="mentoratschoolperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (
                        models.Func(
                            models.F("teacher_id"),
                            models.F("school_id"),
                            models.F("started_on"),
                            models.F("finished_on"),
                            function="period_box",
                            output_field=core.periods.BoxField(),
                        ),
                        "&&",
                    )
                ],
                name="mentor_at_school_periods_no_overlap",
            ),
        ),
        migrations.AddConstraint(
            model_name="mentorshipperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (
                        models.Func(
                            models.F("ect_at_school_period_id"),
                            models.Value(0),
                            models.F("started_on"),
                            models.F("finished_on"),
                            function="period_box",
                            output_field=core.periods.BoxField(),
                        ),
                        "&&",
                    )
                ],
                name="mentorship_periods_no_overlap",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("role", "ect")),
                expressions=[
                    (
                        models.Func(
                            models.F("teacher_id"),
                            models.Value(0),
                            models.F("started_on"),
                            models.F("finished_on"),
                            function="period_box",
                            output_field=core.periods.BoxField(),
                        ),
                        "&&",
                    )
                ],
                name="training_periods_no_overlap_ect",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("role", "mentor")),
                expressions=[
                    (
                        models.Func(
                            models.F("teacher_id"),
                            models.Value(0),
                            models.F("started_on"),
                            models.F("finished_on"),
                            function="period_box",
                            output_field=core.periods.BoxField(),
                        ),
                        "&&",
                    )
                ],
                name="training_periods_no_overlap_mentor",
            ),
        ),
    ]
