"""What the database itself refuses on teachers and their periods (domain.md §3.1.4–5, §5.1, §5.11–5.16).

Every row here is written with raw SQL, past the ORM, the validators and the services, so a bug in any of
them cannot hide a missing constraint. Each test writes a valid row first, then the violating one, and
checks the name of the constraint that refused it. Where one constraint shadows another (two ongoing
periods of a teacher also overlap), the shadowing one is dropped inside the test's transaction first.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.tests.models.sql import drop_constraints, insert, refused, refused_update, select, update
from tests.builders import (
    create_active_lead_provider,
    create_appropriate_body,
    create_school,
    create_teacher,
    schedule,
)

D = dt.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane():
    return create_teacher(trn="1234567", first_name="Jane", last_name="Smith")


@pytest.fixture
def tom():
    return create_teacher(trn="7654321", first_name="Tom", last_name="Brown")


@pytest.fixture
def oakfield():
    return create_school(urn=100001, name="Oakfield Primary")


@pytest.fixture
def hillside():
    return create_school(urn=100002, name="Hillside College")


@pytest.fixture
def north_hub():
    return create_appropriate_body(name="North Hub")


@pytest.fixture
def alpha_2026():
    """Alpha Learning active in 2026, with the 2026 standard September schedule: enough for provider-led
    (expression of interest) training."""
    active = create_active_lead_provider(year=2026)
    return active, schedule(year=2026)


# Raw rows --------------------------------------------------------------------------------------------


def ect(teacher, school, started_on, finished_on=None) -> dict:
    return dict(teacher_id=teacher.pk, school_id=school.pk, started_on=started_on, finished_on=finished_on)


def mentor(teacher, school, started_on, finished_on=None) -> dict:
    return dict(teacher_id=teacher.pk, school_id=school.pk, started_on=started_on, finished_on=finished_on)


def mentorship(ect_id, mentor_id, started_on, finished_on=None) -> dict:
    return dict(
        ect_at_school_period_id=ect_id,
        mentor_at_school_period_id=mentor_id,
        started_on=started_on,
        finished_on=finished_on,
    )


def ect_training(ect_id, teacher, started_on, finished_on=None, **extra) -> dict:
    """School-led ECT training: the simplest shape the checks accept."""
    row = dict(
        ect_at_school_period_id=ect_id,
        teacher_id=teacher.pk,
        role="ect",
        training_programme="school_led",
        started_on=started_on,
        finished_on=finished_on,
    )
    return row | extra


def mentor_training(mentor_id, teacher, provider, started_on, finished_on=None, **extra) -> dict:
    """Provider-led mentor training on an expression of interest."""
    active, sched = provider
    row = dict(
        mentor_at_school_period_id=mentor_id,
        teacher_id=teacher.pk,
        role="mentor",
        training_programme="provider_led",
        expression_of_interest_id=active.pk,
        schedule_id=sched.pk,
        started_on=started_on,
        finished_on=finished_on,
    )
    return row | extra


def induction(teacher, body, started_on, finished_on=None, *, outcome=None, terms=None) -> dict:
    if finished_on is not None and terms is None:
        terms = 3
    return dict(
        teacher_id=teacher.pk,
        appropriate_body_period_id=body.pk,
        induction_programme="fip",
        training_programme="provider_led",
        started_on=started_on,
        finished_on=finished_on,
        outcome=outcome,
        number_of_terms=terms,
    )


# §3.1.4 — date order on every period table (BR-P-01, BR-P-02) ------------------------------------------


@pytest.fixture
def period_rows(jane, tom, oakfield, north_hub, alpha_2026):
    """For each period table: a function giving a row's values for given dates."""
    ect_id = insert("ect_at_school_periods", **ect(jane, oakfield, D(2020, 1, 1)))
    mentor_id = insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2020, 1, 1)))
    sam = create_teacher(first_name="Sam", last_name="Jones")
    return {
        "ect_at_school_periods": lambda s, f: ect(sam, oakfield, s, f),
        "mentor_at_school_periods": lambda s, f: mentor(sam, oakfield, s, f),
        "mentorship_periods": lambda s, f: mentorship(ect_id, mentor_id, s, f),
        "training_periods": lambda s, f: ect_training(ect_id, jane, s, f),
        "induction_periods": lambda s, f: induction(jane, north_hub, s, f),
    }


DATE_ORDER = {
    "ect_at_school_periods": "ectatschoolperiod_finished_on_not_before_started_on",
    "mentor_at_school_periods": "mentoratschoolperiod_finished_on_not_before_started_on",
    "mentorship_periods": "mentorshipperiod_finished_on_not_before_started_on",
    "training_periods": "trainingperiod_finished_on_not_before_started_on",
    "induction_periods": "inductionperiod_finished_on_not_before_started_on",
}


@pytest.mark.parametrize("table", DATE_ORDER)
def test_BR_P_01_every_period_table_refuses_an_end_before_the_start(table, period_rows):
    """BR-P-01 (DB check, §3.1.4): started 2026-09-01, finished 2026-08-31 is refused by the table's
    `finished_on_not_before_started_on` check; BR-P-02: a one-day period is accepted."""
    row = period_rows[table]
    one_day = insert(table, **row(D(2026, 9, 1), D(2026, 9, 1)))
    assert select(table, one_day, "lower(range)", "upper(range)") == (D(2026, 9, 1), D(2026, 9, 2))

    assert refused(table, **row(D(2026, 10, 1), D(2026, 9, 30))) == DATE_ORDER[table]
    assert refused_update(table, one_day, finished_on=D(2026, 8, 31)) == DATE_ORDER[table]


# §5.11 ECTAtSchoolPeriod ----------------------------------------------------------------------------


def test_ect_periods_of_a_teacher_may_not_overlap_at_any_school_ends_inclusive(jane, oakfield, hillside):
    """§5.11 siblings: all the teacher's ECT periods, at any school. BR-P-03's example: 2025-09-01 →
    2026-07-31 at Oakfield; a period at Hillside starting 2026-07-31 is refused, 2026-08-01 accepted."""
    insert("ect_at_school_periods", **ect(jane, oakfield, D(2025, 9, 1), D(2026, 7, 31)))

    assert refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 7, 31))) == "ect_at_school_periods_no_overlap"
    insert("ect_at_school_periods", **ect(jane, hillside, D(2026, 8, 1)))


def test_ect_period_overlap_is_refused_whichever_way_it_touches(jane, tom, oakfield, hillside):
    """Ending on a sibling's first day (Q1), ending inside it, enveloping it, ongoing from before it, and
    extending or reopening a finished period are all refused; another teacher's period is no sibling. Two
    ongoing periods also break the one-ongoing rule, checked first, so that one is dropped."""
    drop_constraints("ect_at_school_periods", "ect_at_school_periods_one_ongoing_per_teacher")
    first = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 3, 1), D(2026, 3, 31)))
    insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 4, 1)))

    name = "ect_at_school_periods_no_overlap"
    assert refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 2, 1), D(2026, 3, 1))) == name
    assert refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 2, 1), D(2026, 3, 20))) == name
    assert refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 2, 1), D(2026, 4, 30))) == name
    assert refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 2, 1))) == name
    assert refused_update("ect_at_school_periods", first, finished_on=D(2026, 4, 1)) == name
    assert refused_update("ect_at_school_periods", first, finished_on=None) == name
    insert("ect_at_school_periods", **ect(tom, oakfield, D(2026, 3, 1)))


def test_an_ect_has_at_most_one_ongoing_period(jane, oakfield, hillside):
    """§5.11: unique (teacher) where finished_on is null, on its own (the overlap constraint dropped)."""
    drop_constraints("ect_at_school_periods", "ect_at_school_periods_no_overlap")
    insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))

    assert (
        refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 10, 1)))
        == "ect_at_school_periods_one_ongoing_per_teacher"
    )


def test_an_ect_period_start_date_is_unique_per_teacher_and_per_school_and_teacher(jane, oakfield, hillside):
    """§5.11: unique (teacher_id, started_on) and unique (school_id, teacher_id, started_on), each on its own."""
    drop_constraints("ect_at_school_periods", "ect_at_school_periods_no_overlap")
    insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1), D(2026, 9, 30)))

    assert (
        refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 9, 1), D(2026, 10, 31)))
        == "ect_at_school_periods_unique_teacher_started_on"
    )
    drop_constraints("ect_at_school_periods", "ect_at_school_periods_unique_teacher_started_on")
    assert (
        refused("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1), D(2026, 10, 31)))
        == "ect_at_school_periods_unique_school_teacher_started_on"
    )


# §5.12 MentorAtSchoolPeriod -------------------------------------------------------------------------


def test_mentor_periods_may_not_overlap_at_one_school_but_may_at_two(tom, oakfield, hillside):
    """§5.12 siblings: the teacher's mentor periods at the same school; a mentor may be at several schools."""
    insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2025, 9, 1), D(2026, 7, 31)))

    assert (
        refused("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 7, 31)))
        == "mentor_at_school_periods_no_overlap"
    )
    insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 8, 1)))
    insert("mentor_at_school_periods", **mentor(tom, hillside, D(2025, 9, 1)))


def test_the_no_overlap_boxes_keep_keys_and_days_apart_at_their_edges(jane, tom, oakfield, hillside):
    """The overlap rule as GiST boxes (`core.periods.period_box`): one-day periods meet only on their day, the
    next teacher id and the next school id are never siblings, and days far in the past or future (ongoing
    included) stay in their own school's band."""
    assert abs(jane.pk - tom.pk) == 1 and abs(oakfield.pk - hillside.pk) == 1
    insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1), D(2026, 9, 2)))
    name = "ect_at_school_periods_no_overlap"
    assert refused("ect_at_school_periods", **ect(jane, hillside, D(2026, 9, 2), D(2026, 9, 2))) == name
    insert("ect_at_school_periods", **ect(jane, hillside, D(2026, 9, 3), D(2026, 9, 3)))
    insert("ect_at_school_periods", **ect(tom, oakfield, D(2026, 9, 1), D(2026, 9, 2)))
    insert("ect_at_school_periods", **ect(jane, oakfield, D(1901, 1, 1), D(1901, 1, 1)))
    insert("ect_at_school_periods", **ect(jane, hillside, D(2030, 1, 1)))
    assert refused("ect_at_school_periods", **ect(jane, oakfield, D(9999, 12, 31), D(9999, 12, 31))) == name

    name = "mentor_at_school_periods_no_overlap"
    insert("mentor_at_school_periods", **mentor(tom, oakfield, D(1901, 1, 1)))
    insert("mentor_at_school_periods", **mentor(tom, hillside, D(1901, 1, 1), D(9999, 12, 31)))
    insert("mentor_at_school_periods", **mentor(jane, oakfield, D(1901, 1, 1), D(9999, 12, 31)))
    assert refused("mentor_at_school_periods", **mentor(tom, oakfield, D(9999, 12, 31), D(9999, 12, 31))) == name
    assert refused("mentor_at_school_periods", **mentor(tom, hillside, D(1901, 1, 2), D(1901, 1, 2))) == name


def test_a_mentor_has_at_most_one_ongoing_period_per_school(tom, oakfield, hillside):
    """§5.12: unique (school_id, teacher_id) where ongoing, on its own; ongoing at two schools is fine."""
    drop_constraints("mentor_at_school_periods", "mentor_at_school_periods_no_overlap")
    insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1)))
    insert("mentor_at_school_periods", **mentor(tom, hillside, D(2026, 9, 1)))

    assert (
        refused("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 10, 1)))
        == "mentor_at_school_periods_one_ongoing_per_school_teacher"
    )


def test_a_mentor_period_start_date_is_unique_per_school_and_teacher(tom, oakfield):
    """§5.12: unique (school_id, teacher_id, started_on), on its own."""
    drop_constraints("mentor_at_school_periods", "mentor_at_school_periods_no_overlap")
    insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1), D(2026, 9, 30)))

    assert (
        refused("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1), D(2026, 10, 31)))
        == "mentor_at_school_periods_unique_school_teacher_started_on"
    )


# §5.13 MentorshipPeriod ------------------------------------------------------------------------------


@pytest.fixture
def mentee_and_mentors(jane, tom, oakfield):
    """Jane an ECT at Oakfield from 2025-09-01; Tom and Sam mentors there."""
    sam = create_teacher(first_name="Sam", last_name="Jones")
    mentee = insert("ect_at_school_periods", **ect(jane, oakfield, D(2025, 9, 1)))
    tom_at = insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2025, 9, 1)))
    sam_at = insert("mentor_at_school_periods", **mentor(sam, oakfield, D(2025, 9, 1)))
    return mentee, tom_at, sam_at


def test_an_ect_has_one_mentor_at_a_time_ends_inclusive(mentee_and_mentors, tom, oakfield):
    """§5.13 siblings: the mentorships of one ECT period; a mentor may have many mentees at once."""
    mentee, tom_at, sam_at = mentee_and_mentors
    insert("mentorship_periods", **mentorship(mentee, tom_at, D(2025, 9, 1), D(2026, 3, 9)))

    assert refused("mentorship_periods", **mentorship(mentee, sam_at, D(2026, 3, 9))) == "mentorship_periods_no_overlap"
    insert("mentorship_periods", **mentorship(mentee, sam_at, D(2026, 3, 10)))

    other = create_teacher(first_name="Ann", last_name="Lee")
    other_mentee = insert("ect_at_school_periods", **ect(other, oakfield, D(2025, 9, 1)))
    insert("mentorship_periods", **mentorship(other_mentee, sam_at, D(2026, 3, 10)))


def test_an_ect_period_has_at_most_one_ongoing_mentorship(mentee_and_mentors):
    """§5.13: at most one ongoing mentorship per ECT period, on its own."""
    mentee, tom_at, sam_at = mentee_and_mentors
    drop_constraints("mentorship_periods", "mentorship_periods_no_overlap")
    insert("mentorship_periods", **mentorship(mentee, tom_at, D(2025, 9, 1)))

    assert (
        refused("mentorship_periods", **mentorship(mentee, sam_at, D(2026, 1, 1)))
        == "mentorship_periods_one_ongoing_per_mentee"
    )


def test_a_mentorship_start_date_is_unique_per_mentee_and_per_mentor_and_mentee(mentee_and_mentors):
    """§5.13: unique (ect_at_school_period_id, started_on) and (mentor, mentee, started_on), each on its own."""
    mentee, tom_at, sam_at = mentee_and_mentors
    drop_constraints("mentorship_periods", "mentorship_periods_no_overlap")
    insert("mentorship_periods", **mentorship(mentee, tom_at, D(2025, 9, 1), D(2025, 12, 31)))

    assert (
        refused("mentorship_periods", **mentorship(mentee, sam_at, D(2025, 9, 1), D(2025, 10, 31)))
        == "mentorship_periods_unique_mentee_started_on"
    )
    drop_constraints("mentorship_periods", "mentorship_periods_unique_mentee_started_on")
    assert (
        refused("mentorship_periods", **mentorship(mentee, tom_at, D(2025, 9, 1), D(2025, 10, 31)))
        == "mentorship_periods_unique_mentor_mentee_started_on"
    )


# §5.14 TrainingPeriod --------------------------------------------------------------------------------


def test_an_ects_training_may_not_overlap_across_schools(jane, oakfield, hillside):
    """§5.14 siblings: all the teacher's ECT training periods, across all their ECT periods (BR-TP-05)."""
    at_oakfield = insert("ect_at_school_periods", **ect(jane, oakfield, D(2025, 9, 1), D(2026, 7, 31)))
    at_hillside = insert("ect_at_school_periods", **ect(jane, hillside, D(2026, 8, 1)))
    insert("training_periods", **ect_training(at_oakfield, jane, D(2025, 9, 1), D(2026, 7, 31)))

    assert (
        refused("training_periods", **ect_training(at_hillside, jane, D(2026, 7, 31)))
        == "training_periods_no_overlap_ect"
    )
    insert("training_periods", **ect_training(at_hillside, jane, D(2026, 8, 1)))


def test_the_trigger_corrects_a_wrong_teacher_so_a_mentor_cannot_train_twice_across_schools(
    jane, tom, oakfield, hillside, alpha_2026
):
    """teachers/migrations/0002 (trigger `training_periods_copy_teacher`): `teacher_id` and `role` are
    copied from the at-school period whatever the writer sent. A raw insert for Tom's Hillside mentor
    period claiming to be Jane's ECT training is still refused by the mentor overlap constraint, against
    his Oakfield training; a non-overlapping one is stored as Tom's mentor training, and an update cannot
    change that."""
    at_oakfield = insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1)))
    at_hillside = insert("mentor_at_school_periods", **mentor(tom, hillside, D(2026, 9, 1)))
    insert("training_periods", **mentor_training(at_oakfield, tom, alpha_2026, D(2026, 9, 1), D(2026, 12, 31)))

    disguised = mentor_training(at_hillside, tom, alpha_2026, D(2026, 12, 31), teacher_id=jane.pk, role="ect")
    assert refused("training_periods", **disguised) == "training_periods_no_overlap_mentor"

    disguised["started_on"] = D(2027, 1, 1)
    stored = insert("training_periods", **disguised)
    assert select("training_periods", stored, "teacher_id", "role") == (tom.pk, "mentor")

    update("training_periods", stored, teacher_id=jane.pk, role="ect")
    assert select("training_periods", stored, "teacher_id", "role") == (tom.pk, "mentor")


def test_ect_and_mentor_training_of_one_teacher_are_not_siblings(jane, oakfield, alpha_2026):
    """§5.14: siblings are in the same role; a teacher's ECT and mentor training may overlap."""
    as_ect = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))
    as_mentor = insert("mentor_at_school_periods", **mentor(jane, oakfield, D(2026, 9, 1)))
    insert("training_periods", **ect_training(as_ect, jane, D(2026, 9, 1)))
    insert("training_periods", **mentor_training(as_mentor, jane, alpha_2026, D(2026, 9, 1)))


def test_an_at_school_period_has_at_most_one_ongoing_training_period(jane, tom, oakfield, alpha_2026):
    """§5.14 / Q2: one ongoing training period per ECT period and per mentor period, each on its own (the
    reference's indexes never fire; ours are partial, one per role)."""
    as_ect = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))
    as_mentor = insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1)))
    drop_constraints("training_periods", "training_periods_no_overlap_ect", "training_periods_no_overlap_mentor")
    insert("training_periods", **ect_training(as_ect, jane, D(2026, 9, 1)))
    insert("training_periods", **mentor_training(as_mentor, tom, alpha_2026, D(2026, 9, 1)))

    assert (
        refused("training_periods", **ect_training(as_ect, jane, D(2026, 10, 1)))
        == "training_periods_one_ongoing_per_ect_period"
    )
    assert (
        refused("training_periods", **mentor_training(as_mentor, tom, alpha_2026, D(2026, 10, 1)))
        == "training_periods_one_ongoing_per_mentor_period"
    )


def test_training_start_dates_are_unique_per_at_school_period(jane, tom, oakfield, alpha_2026):
    """§5.14 / Q2: no two training periods of one at-school period start on the same day, each on its own."""
    as_ect = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))
    as_mentor = insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1)))
    drop_constraints("training_periods", "training_periods_no_overlap_ect", "training_periods_no_overlap_mentor")
    insert("training_periods", **ect_training(as_ect, jane, D(2026, 9, 1), D(2026, 9, 30)))
    insert("training_periods", **mentor_training(as_mentor, tom, alpha_2026, D(2026, 9, 1), D(2026, 9, 30)))

    assert (
        refused("training_periods", **ect_training(as_ect, jane, D(2026, 9, 1), D(2026, 10, 31)))
        == "training_periods_unique_ect_period_started_on"
    )
    assert (
        refused("training_periods", **mentor_training(as_mentor, tom, alpha_2026, D(2026, 9, 1), D(2026, 10, 31)))
        == "training_periods_unique_mentor_period_started_on"
    )


def test_a_training_period_belongs_to_exactly_one_at_school_period(jane, oakfield, alpha_2026):
    """§5.14: exactly one of the ECT or mentor link."""
    as_ect = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))
    as_mentor = insert("mentor_at_school_periods", **mentor(jane, oakfield, D(2026, 9, 1)))
    orphan = ect_training(None, jane, D(2026, 9, 1))
    both = ect_training(as_ect, jane, D(2026, 9, 1), mentor_at_school_period_id=as_mentor)

    assert refused("training_periods", **orphan) == "training_periods_one_at_school_period"
    assert refused("training_periods", **both) == "training_periods_one_at_school_period"


def test_a_training_period_has_the_shape_of_its_programme(jane, tom, oakfield, alpha_2026):
    """§5.14: school-led has no partnership, EOI or schedule; provider-led has a schedule and a partnership
    or an EOI; mentor training is always provider-led."""
    active, sched = alpha_2026
    as_ect = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))
    as_mentor = insert("mentor_at_school_periods", **mentor(tom, oakfield, D(2026, 9, 1)))
    shape = "training_periods_programme_shape"

    school_led_with_schedule = ect_training(as_ect, jane, D(2026, 9, 1), schedule_id=sched.pk)
    assert refused("training_periods", **school_led_with_schedule) == shape
    provider_led_without_schedule = ect_training(as_ect, jane, D(2026, 9, 1), expression_of_interest_id=active.pk)
    provider_led_without_schedule["training_programme"] = "provider_led"
    assert refused("training_periods", **provider_led_without_schedule) == shape
    provider_led_without_provider = ect_training(as_ect, jane, D(2026, 9, 1), schedule_id=sched.pk)
    provider_led_without_provider["training_programme"] = "provider_led"
    assert refused("training_periods", **provider_led_without_provider) == shape

    school_led_mentor = mentor_training(as_mentor, tom, alpha_2026, D(2026, 9, 1))
    school_led_mentor.update(training_programme="school_led", expression_of_interest_id=None, schedule_id=None)
    assert refused("training_periods", **school_led_mentor) == "training_periods_mentor_training_is_provider_led"


def test_withdrawal_and_deferral_come_with_a_reason_and_an_end_date(jane, oakfield):
    """§5.14: withdrawn_at with withdrawal_reason, deferred_at with deferral_reason, and finished_on
    "required once withdrawn or deferred"."""
    as_ect = insert("ect_at_school_periods", **ect(jane, oakfield, D(2026, 9, 1)))
    at = dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC)

    withdrawn = "training_periods_withdrawal_fields_together"
    assert (
        refused("training_periods", **ect_training(as_ect, jane, D(2026, 9, 1), D(2026, 9, 15), withdrawn_at=at))
        == withdrawn
    )
    assert (
        refused(
            "training_periods",
            **ect_training(as_ect, jane, D(2026, 9, 1), withdrawn_at=at, withdrawal_reason="moved_school"),
        )
        == withdrawn
    )
    deferred = "training_periods_deferral_fields_together"
    assert (
        refused(
            "training_periods", **ect_training(as_ect, jane, D(2026, 9, 1), D(2026, 9, 15), deferral_reason="other")
        )
        == deferred
    )
    assert (
        refused(
            "training_periods", **ect_training(as_ect, jane, D(2026, 9, 1), deferred_at=at, deferral_reason="other")
        )
        == deferred
    )
    insert(
        "training_periods",
        **ect_training(as_ect, jane, D(2026, 9, 1), D(2026, 9, 15), withdrawn_at=at, withdrawal_reason="moved_school"),
    )


# §5.15 InductionPeriod, §5.16 InductionExtension ----------------------------------------------------


def test_induction_periods_of_a_teacher_may_not_overlap_ends_inclusive(jane, tom, north_hub):
    """§5.15 siblings: all the teacher's induction periods (one AB at a time)."""
    istip = create_appropriate_body(name="ISTIP")
    insert("induction_periods", **induction(jane, north_hub, D(2026, 1, 10), D(2026, 1, 20)))

    name = "induction_periods_no_overlap"
    assert refused("induction_periods", **induction(jane, istip, D(2026, 1, 20))) == name
    assert refused("induction_periods", **induction(jane, istip, D(2026, 1, 1), D(2026, 1, 31))) == name
    assert refused("induction_periods", **induction(jane, istip, D(2026, 1, 1), D(2026, 1, 10))) == name
    assert refused("induction_periods", **induction(jane, istip, D(2026, 1, 1))) == name
    insert("induction_periods", **induction(jane, istip, D(2026, 1, 21)))
    insert("induction_periods", **induction(tom, istip, D(2026, 1, 1)))


def test_a_teacher_has_at_most_one_induction_outcome(jane, tom, north_hub):
    """§5.15: unique (teacher_id) where outcome is not null (`index_induction_periods_one_outcome_per_teacher`)."""
    insert("induction_periods", **induction(jane, north_hub, D(2025, 9, 1), D(2025, 12, 31), outcome="fail"))
    insert("induction_periods", **induction(jane, north_hub, D(2026, 1, 1), D(2026, 3, 31)))
    insert("induction_periods", **induction(tom, north_hub, D(2025, 9, 1), D(2025, 12, 31), outcome="pass"))

    assert (
        refused("induction_periods", **induction(jane, north_hub, D(2026, 4, 1), D(2026, 7, 31), outcome="pass"))
        == "index_induction_periods_one_outcome_per_teacher"
    )


def test_induction_outcome_and_terms_belong_to_finished_periods(jane, north_hub):
    """§5.15: outcome only on finished periods; number_of_terms forbidden while ongoing, 0–16."""
    assert (
        refused("induction_periods", **induction(jane, north_hub, D(2026, 1, 1), outcome="pass"))
        == "induction_periods_outcome_only_when_finished"
    )
    assert (
        refused("induction_periods", **induction(jane, north_hub, D(2026, 1, 1), terms=1))
        == "induction_periods_terms_only_when_finished"
    )
    for terms in (-0.5, 16.5):
        assert (
            refused("induction_periods", **induction(jane, north_hub, D(2026, 1, 1), D(2026, 3, 31), terms=terms))
            == "induction_periods_number_of_terms_range"
        )
    insert("induction_periods", **induction(jane, north_hub, D(2026, 1, 1), D(2026, 3, 31), terms=16))


def test_induction_starts_no_earlier_than_the_statutory_roll_out(jane, tom, north_hub):
    """Induction periods start on or after 1 September 1999."""
    assert (
        refused("induction_periods", **induction(jane, north_hub, D(1999, 8, 31)))
        == "induction_periods_started_after_statutory_roll_out"
    )
    insert("induction_periods", **induction(jane, north_hub, D(1999, 9, 1)))


def test_an_induction_extension_is_between_a_tenth_and_sixteen_terms(jane):
    """§5.16: number_of_terms 0.1–16."""
    for terms in (0, 16.1):
        assert (
            refused("induction_extensions", teacher_id=jane.pk, number_of_terms=terms)
            == "induction_extensions_number_of_terms_range"
        )
    insert("induction_extensions", teacher_id=jane.pk, number_of_terms=0.1)
    insert("induction_extensions", teacher_id=jane.pk, number_of_terms=16)


# §5.1 Teacher ----------------------------------------------------------------------------------------


def teacher(**values) -> dict:
    row = dict(
        trnless=False,
        api_id=uuid.uuid4(),
        api_ect_training_record_id=uuid.uuid4(),
        api_mentor_training_record_id=uuid.uuid4(),
    )
    return row | values


def test_BR_T_02_a_teacher_needs_a_trn_unless_trnless(db):
    """BR-T-02: trn null and trnless false → the DB check `check_trn_presence` fails."""
    assert refused("teachers", **teacher(trn=None)) == "check_trn_presence"
    insert("teachers", **teacher(trn=None, trnless=True))
    assert refused("teachers", **teacher(trn="1234567", trnless=True)) == "teachers_trnless_has_no_trn"


def test_a_trn_is_seven_digits(db):
    """§5.1: stored as 7 digits (inputs are normalised, BR-T-01)."""
    for trn in ("123456", "123456x", "RP99/12", "12 3456"):
        assert refused("teachers", **teacher(trn=trn)) == "teachers_trn_is_seven_digits"
    insert("teachers", **teacher(trn="0012345"))


@pytest.mark.parametrize(
    ("column", "constraint"),
    [
        ("trn", "teachers_trn_key"),
        ("api_id", "teachers_api_id_key"),
        ("api_ect_training_record_id", "teachers_api_ect_training_record_id_key"),
        ("api_mentor_training_record_id", "teachers_api_mentor_training_record_id_key"),
    ],
)
def test_teacher_identifiers_are_unique(db, column, constraint):
    """§5.1: unique trn, api_id, api_ect_training_record_id, api_mentor_training_record_id."""
    first = teacher(trn="1234567")
    insert("teachers", **first)

    second = teacher(trn="7654321")
    second[column] = first[column]
    assert refused("teachers", **second) == constraint


def test_teacher_dates_and_reasons_come_in_pairs(db):
    """§5.1: mentor funding ineligibility date with its reason; anonymisation date with its reason."""
    at = dt.datetime(2026, 9, 15, tzinfo=dt.UTC)
    assert (
        refused("teachers", **teacher(trn="1234567", mentor_became_ineligible_for_funding_on=D(2026, 9, 15)))
        == "teachers_mentor_ineligibility_date_and_reason_together"
    )
    assert (
        refused(
            "teachers", **teacher(trn="1234567", mentor_became_ineligible_for_funding_reason="started_not_completed")
        )
        == "teachers_mentor_ineligibility_date_and_reason_together"
    )
    assert (
        refused("teachers", **teacher(trn="1234567", anonymised_at=at))
        == "teachers_anonymisation_date_and_reason_together"
    )
    insert("teachers", **teacher(trn="1234567", anonymised_at=at, anonymisation_reason="registered_in_error"))
