"""`participant_resources` (lead-provider-api.md §11.2): the example participants field by field, and the
set-based statuses agreeing with `teachers.selectors.training_status` on every row of §11.2.3–§11.2.5."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.selectors.participants import participant_resources
from api.v3.tests.participants_world import M1, P1, build_participants_world
from schools.models import SchoolFundingEligibility
from teachers.models import Teacher
from teachers.selectors.training_status import (
    eligible_for_funding,
    latest_training_period,
    participant_status,
    training_status,
)
from tests import builders_training as b
from tests.builders import aware, create_induction_period, create_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(frozen_today):
    return build_participants_world()


def test_example_participants_field_by_field_in_the_given_order(example):
    resources = participant_resources(example.caller, [example.sam.pk, example.jane.pk])
    assert resources == [M1, P1]


def test_participants_another_provider_cannot_see_are_left_out(example):
    assert participant_resources(example.other, [example.jane.pk, example.sam.pk]) == []
    assert participant_resources(example.caller, []) == []


# Agreement with the domain selectors ---------------------------------------------------------------------------

TODAY = dt.date(2026, 9, 15)
YESTERDAY, TOMORROW = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
JAN_10 = dt.date(2026, 1, 10)


def _case(world, role: str, *, training: dict, teacher: dict | None = None, induction: dict | None = None):
    """One teacher with one period at Oakfield in `role` and one training period with Alpha in it."""
    person = create_teacher(**(teacher or {}))
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    started_on = training.pop("started_on", JAN_10)
    if role == "ect":
        at_school = b.ect_period(world, teacher=person, started_on=min(started_on, JAN_10))
    else:
        at_school = b.mentor_period(world, teacher=person, started_on=min(started_on, JAN_10))
    if induction is not None:
        create_induction_period(teacher=person, **induction)
    b.training(at_school, started_on=started_on, school_partnership=partnership, **training)
    return person, role


def _stopped(kind: str, on: dt.date) -> dict:
    if kind == "withdrawn":
        return {"withdrawn_at": aware(on), "withdrawal_reason": "moved_school"}
    return {"deferred_at": aware(on), "deferral_reason": "career_break"}


def _cases(world) -> list[tuple]:
    passed = {"started_on": dt.date(2025, 9, 1), "finished_on": dt.date(2026, 7, 1), "outcome": "pass"}
    return [
        # §11.2.3: neither, withdrawn only, deferred only, both (the later wins either way)
        _case(world, "ect", training={}),
        _case(world, "ect", training={"finished_on": TOMORROW, **_stopped("withdrawn", YESTERDAY)}),
        _case(world, "ect", training={"finished_on": TODAY, **_stopped("deferred", YESTERDAY)}),
        _case(
            world,
            "mentor",
            training={
                "finished_on": YESTERDAY,
                **_stopped("withdrawn", dt.date(2026, 5, 1)),
                **_stopped("deferred", dt.date(2026, 3, 1)),
            },
        ),
        _case(
            world,
            "mentor",
            training={
                "finished_on": YESTERDAY,
                **_stopped("withdrawn", dt.date(2026, 3, 1)),
                **_stopped("deferred", dt.date(2026, 5, 1)),
            },
        ),
        # §11.2.4 rule 2: induction completed on or before the finish (or no finish) → active; after → left
        _case(world, "ect", training={"finished_on": dt.date(2026, 8, 1)}, induction=passed),
        _case(world, "ect", training={"finished_on": dt.date(2026, 6, 1)}, induction=passed),
        _case(world, "ect", training={}, teacher={"trs_induction_completed_date": dt.date(2026, 7, 1)}),
        # rule 3: mentor completion on or before the finish
        _case(
            world,
            "mentor",
            training={"finished_on": dt.date(2026, 8, 1)},
            teacher={
                "mentor_became_ineligible_for_funding_on": dt.date(2026, 7, 1),
                "mentor_became_ineligible_for_funding_reason": "completed_declaration_received",
            },
        ),
        _case(
            world,
            "mentor",
            training={"finished_on": dt.date(2026, 6, 1)},
            teacher={
                "mentor_became_ineligible_for_funding_on": dt.date(2026, 7, 1),
                "mentor_became_ineligible_for_funding_reason": "started_not_completed",
            },
        ),
        # rule 4: finishing today is left, tomorrow leaving
        _case(world, "ect", training={"finished_on": TODAY}),
        _case(world, "mentor", training={"finished_on": TOMORROW}),
        # rule 5/6: starting tomorrow is joining, today active; a future period with an end is leaving
        _case(world, "ect", training={"started_on": TOMORROW}),
        _case(world, "mentor", training={"started_on": TODAY}),
        _case(world, "ect", training={"started_on": TOMORROW, "finished_on": dt.date(2026, 12, 1)}),
        # §11.2.5 truth table, with E the London date of the timestamp (BST: 23:30 UTC is the next day)
        _case(world, "ect", training={}, teacher={"ect_became_ineligible_for_funding_on": dt.date(2026, 1, 1)}),
        _case(
            world,
            "ect",
            training={},
            teacher={
                "ect_first_became_eligible_for_training_at": dt.datetime(2026, 8, 31, 23, 30, tzinfo=dt.UTC),
                "ect_became_ineligible_for_funding_on": dt.date(2026, 8, 31),
            },
        ),
        _case(
            world,
            "ect",
            training={},
            teacher={
                "ect_first_became_eligible_for_training_at": dt.datetime(2026, 8, 31, 22, 30, tzinfo=dt.UTC),
                "ect_became_ineligible_for_funding_on": dt.date(2026, 8, 31),
            },
        ),
        _case(
            world,
            "mentor",
            training={},
            teacher={"mentor_first_became_eligible_for_training_at": aware(dt.date(2026, 1, 1))},
        ),
    ]


def test_statuses_agree_with_the_domain_selectors_on_every_rule(world):
    """§11.2.3–§11.2.5 as SQL give what `teachers.selectors.training_status` gives, case by case (and the cases
    cover every value, so the comparison cannot pass vacuously)."""
    cases = _cases(world)
    resources = participant_resources(world.alpha, [teacher.pk for teacher, _ in cases])
    assert len(resources) == len(cases)
    seen = {"training_status": set(), "participant_status": set(), "eligible_for_funding": set()}
    for (teacher, role), resource in zip(cases, resources, strict=True):
        [enrolment] = resource["attributes"]["ecf_enrolments"]
        period = latest_training_period(teacher=teacher, lead_provider=world.alpha, role=role)
        expected = {
            "training_status": training_status(period),
            "participant_status": participant_status(teacher=teacher, lead_provider=world.alpha, role=role),
            "eligible_for_funding": eligible_for_funding(teacher, role),
        }
        actual = {name: enrolment[name] for name in expected}
        assert actual == expected, (teacher, role, period.started_on, period.finished_on)
        for name, value in actual.items():
            seen[name].add(value)
    assert seen == {
        "training_status": {"active", "withdrawn", "deferred"},
        "participant_status": {"joining", "active", "leaving", "left"},
        "eligible_for_funding": {None, True, False},
    }


def test_statuses_agree_on_other_days_too(world):
    """`on` moves "today": the statuses a week earlier and a week later agree with the domain's `on=`."""
    cases = _cases(world)
    for day in (TODAY - dt.timedelta(days=7), TODAY + dt.timedelta(days=7)):
        resources = participant_resources(world.alpha, [teacher.pk for teacher, _ in cases], on=day)
        for (teacher, role), resource in zip(cases, resources, strict=True):
            [enrolment] = resource["attributes"]["ecf_enrolments"]
            expected = participant_status(teacher=teacher, lead_provider=world.alpha, role=role, on=day)
            assert enrolment["participant_status"] == expected


# The other enrolment attributes (§11.2.2, §11.2.6) -------------------------------------------------------------


def test_uplifts_come_from_the_schools_funding_record_until_2025(world):
    """§11.2.6: a 2024 enrolment shows the school's 2024 flags; from 2025 uplift fees are off, so false whatever
    the school's record says; no record is false."""
    for year in (2024, 2025):
        SchoolFundingEligibility.objects.create(
            gias_school=world.oakfield.gias_school,
            contract_period_id=year,
            pupil_premium_uplift=True,
            sparsity_uplift=year == 2024,
        )
    enrolments = {}
    for year in (2024, 2025, 2026):
        teacher = create_teacher()
        period = b.ect_period(world, teacher=teacher, started_on=dt.date(year, 9, 1), finished_on=None)
        partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=year)
        b.training(period, started_on=dt.date(year, 9, 1), school_partnership=partnership)
        [resource] = participant_resources(world.alpha, [teacher.pk])
        [enrolments[year]] = resource["attributes"]["ecf_enrolments"]
    assert [(e["pupil_premium_uplift"], e["sparsity_uplift"]) for e in enrolments.values()] == [
        (True, True),
        (False, False),
        (False, False),
    ]


def test_induction_dates_working_pattern_and_frozen_cohorts_of_an_ect(world):
    """§11.2.2 rows 17–23 for an ECT: induction end from the finished period with an outcome, the most recent
    period's end, the earliest start; the latest ECT period's working pattern; frozen year set → true."""
    jane = world.jane
    Teacher.objects.filter(pk=jane.pk).update(
        ect_payments_frozen_year=2022, trs_induction_start_date=dt.date(2020, 1, 1)
    )
    first = b.ect_period(
        world, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2025, 7, 31), working_pattern="full_time"
    )
    second = b.ect_period(world, school=world.hillside, started_on=dt.date(2025, 9, 1), working_pattern="part_time")
    create_induction_period(teacher=jane, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2025, 7, 31))
    create_induction_period(
        teacher=jane, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    training = b.training(
        first,
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2025, 7, 31),
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2024),
    )
    [resource] = participant_resources(world.alpha, [jane.pk])
    [ect] = resource["attributes"]["ecf_enrolments"]
    assert {key: ect[key] for key in list(ect)[16:]} == {
        "induction_end_date": "2026-07-20",
        "most_recent_induction_period_end_date": "2026-07-20",
        "overall_induction_start_date": "2024-09-01",
        "mentor_funding_end_date": None,
        "cohort_changed_after_payments_frozen": True,
        "mentor_ineligible_for_funding_reason": None,
        "working_pattern": "part_time",  # the latest ECT period's, not the training period's
    }
    assert ect["created_at"] == first.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ect["school_urn"] == "100001" and ect["cohort"] == "2024"
    assert ect["participant_status"] == "left" and training.finished_on == dt.date(2025, 7, 31)
    assert second.pk  # the Hillside period is not the training's


def test_mentor_only_fields_of_a_mentor(world):
    """§11.2.2 rows 17–23 for a mentor: the funding end date and reason; ECT-only fields null."""
    mentor = create_teacher(
        mentor_became_ineligible_for_funding_on=dt.date(2026, 7, 1),
        mentor_became_ineligible_for_funding_reason="completed_declaration_received",
        mentor_payments_frozen_year_id=None,
        trs_induction_start_date=dt.date(2019, 9, 1),
    )
    period = b.mentor_period(world, teacher=mentor, started_on=dt.date(2025, 9, 1))
    b.training(
        period,
        started_on=dt.date(2025, 9, 1),
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
    )
    [resource] = participant_resources(world.alpha, [mentor.pk])
    [enrolment] = resource["attributes"]["ecf_enrolments"]
    assert {key: enrolment[key] for key in list(enrolment)[16:]} == {
        "induction_end_date": None,
        "most_recent_induction_period_end_date": None,
        "overall_induction_start_date": None,
        "mentor_funding_end_date": "2026-07-01",
        "cohort_changed_after_payments_frozen": False,
        "mentor_ineligible_for_funding_reason": "completed_declaration_received",
        "working_pattern": None,
    }
    assert enrolment["mentor_id"] is None
    assert enrolment["eligible_for_funding"] is False


def test_full_name_and_trn_follow_the_teacher_record(world):
    """§11.2.1: corrected name first; blank or "." TRS parts are dropped; no name at all is Unknown; a teacher
    registered without a TRN shows null."""
    names = [
        ({"corrected_name": "Janey Smith"}, "Janey Smith"),
        ({"first_name": ".", "last_name": "Smith"}, "Smith"),
        ({"first_name": " ", "last_name": ""}, "Unknown"),
    ]
    teachers = []
    for fields, _ in names:
        teacher = create_teacher(**fields)
        period = b.ect_period(world, teacher=teacher, started_on=dt.date(2025, 9, 1))
        b.training(
            period,
            started_on=dt.date(2025, 9, 1),
            school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
        )
        teachers.append(teacher)
    Teacher.objects.filter(pk=teachers[2].pk).update(trn=None, trnless=True)
    resources = participant_resources(world.alpha, [t.pk for t in teachers])
    assert [r["attributes"]["full_name"] for r in resources] == [expected for _, expected in names]
    assert [r["attributes"]["teacher_reference_number"] for r in resources] == [teachers[0].trn, teachers[1].trn, None]
