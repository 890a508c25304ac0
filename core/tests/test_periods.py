"""Periods (domain.md §3.1, BR-P-01 … BR-P-06, Q1, Q7): the messages and their order, on the real period
models, and the shared query vocabulary. Each rule example also shows the database agreeing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from appropriate_bodies.models import InductionProgramme
from core.clock import today
from core.errors import BASE, DomainError
from core.periods import check_date_order, check_no_overlap, period_covers, ranges_overlap, validate_period
from providers.models import ContractPeriod
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
)
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)

D = dt.date


def refusal(period) -> DomainError:
    with pytest.raises(DomainError) as error:
        validate_period(period)
    return error.value


def database_refuses(period) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        period.save()
    return error.value.__cause__.diag.constraint_name


def ect_period(world, *, school=None, started_on, finished_on=None) -> ECTAtSchoolPeriod:
    """An unsaved ECT period for Jane."""
    return ECTAtSchoolPeriod(
        teacher=world.jane,
        school=school or world.hillside,
        started_on=started_on,
        finished_on=finished_on,
        school_reported_appropriate_body=world.north_hub,
    )


# §8.1 BR-P-01 … BR-P-06 -----------------------------------------------------------------------------


def test_BR_P_01_an_end_date_before_the_start_date_is_refused(world):
    """BR-P-01: ECT period started_on 2026-09-01, finished_on 2026-08-31 → error on finished_on: `The end date
    must be later than the start date (1 September 2026)`; the DB check refuses it too."""
    period = ect_period(world, started_on=D(2026, 9, 1), finished_on=D(2026, 8, 31))

    error = refusal(period)

    assert (error.field, error.message) == (
        "finished_on",
        "The end date must be later than the start date (1 September 2026)",
    )
    assert database_refuses(period) == "ectatschoolperiod_finished_on_not_before_started_on"
    assert not ECTAtSchoolPeriod.objects.exists()


def test_BR_P_01_reversed_dates_are_reported_instead_of_an_overlap(world):
    """§3.1.7: overlap validation is skipped while dates are in the wrong order."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 1, 1))

    error = refusal(ect_period(world, started_on=D(2026, 9, 1), finished_on=D(2026, 8, 31)))

    assert error.field == "finished_on"
    assert error.message.startswith("The end date must be later than the start date")
    assert (
        check_no_overlap(
            siblings=ECTAtSchoolPeriod.objects.all(), started_on=D(2026, 9, 1), finished_on=D(2026, 8, 31), name="X"
        )
        is None
    )


def test_BR_P_02_a_one_day_period_is_valid(world):
    """BR-P-02: training period 2026-09-01 → 2026-09-01 → valid."""
    at_school = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    training = create_training_period(
        ect_at_school_period=at_school, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 1)
    )

    validate_period(training)
    check_date_order(D(2026, 9, 1), D(2026, 9, 1))

    assert training.contains(D(2026, 9, 1)) and not training.contains(D(2026, 9, 2))
    assert list(TrainingPeriod.objects.containing(D(2026, 9, 1))) == [training]
    assert not TrainingPeriod.objects.containing(D(2026, 9, 2)).exists()


def test_BR_P_03_end_dates_are_inclusive_the_next_sibling_starts_the_day_after(world):
    """BR-P-03: Jane's ECT period at Oakfield 2025-09-01 → 2026-07-31. A new ECT period starting 2026-07-31 →
    `Start date cannot overlap another Teacher ECT period`; starting 2026-08-01 → valid."""
    create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31)
    )

    too_early = ect_period(world, started_on=D(2026, 7, 31))
    error = refusal(too_early)
    assert (error.field, error.message) == ("started_on", "Start date cannot overlap another Teacher ECT period")
    assert database_refuses(too_early) == "ect_at_school_periods_no_overlap"

    next_day = ect_period(world, started_on=D(2026, 8, 1))
    validate_period(next_day)
    next_day.save()
    assert ECTAtSchoolPeriod.objects.filter(teacher=world.jane).count() == 2


def test_BR_P_04_a_period_enveloping_a_sibling_is_refused_on_base(world):
    """BR-P-04: existing induction period 2026-01-10 → 2026-01-20; new 2026-01-01 → 2026-01-31 → `Period
    cannot overlap another induction period` (base)."""
    create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 10), finished_on=D(2026, 1, 20)
    )
    enveloping = InductionPeriod(
        teacher=world.jane,
        appropriate_body_period=world.istip,
        started_on=D(2026, 1, 1),
        finished_on=D(2026, 1, 31),
        number_of_terms=1,
        induction_programme=InductionProgramme.FIP,
    )

    error = refusal(enveloping)

    assert (error.field, error.message) == (BASE, "Period cannot overlap another induction period")
    assert database_refuses(enveloping) == "induction_periods_no_overlap"


def test_BR_P_05_an_ongoing_period_overlapping_a_later_sibling_is_refused_on_its_end(world):
    """BR-P-05: existing ECT period 2026-03-01 → 2026-03-31; new ECT period from 2026-02-01, no end → `End
    date cannot overlap another Teacher ECT period`."""
    create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2026, 3, 1), finished_on=D(2026, 3, 31)
    )
    ongoing = ect_period(world, started_on=D(2026, 2, 1))

    error = refusal(ongoing)

    assert (error.field, error.message) == ("finished_on", "End date cannot overlap another Teacher ECT period")
    assert database_refuses(ongoing) == "ect_at_school_periods_no_overlap"


def test_BR_P_06_an_end_date_inside_a_sibling_is_refused_on_the_end_date(world):
    """BR-P-06: existing mentorship 2026-03-10 → ongoing for the same ECT period; new mentorship 2026-03-01 →
    2026-03-15 → `End date cannot overlap another Mentee period`."""
    mentee = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 1, 5))
    tom = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 1, 5))
    sam = create_mentor_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="Jones"), school=world.oakfield, started_on=D(2026, 1, 5)
    )
    create_mentorship_period(mentee=mentee, mentor=tom, started_on=D(2026, 3, 10))
    earlier = MentorshipPeriod(
        ect_at_school_period=mentee, mentor_at_school_period=sam, started_on=D(2026, 3, 1), finished_on=D(2026, 3, 15)
    )

    error = refusal(earlier)

    assert (error.field, error.message) == ("finished_on", "End date cannot overlap another Mentee period")
    assert database_refuses(earlier) == "mentorship_periods_no_overlap"


# §3.1.7 — which field and which words ---------------------------------------------------------------


@pytest.fixture
def march(db):
    """Two of Jane's ECT periods: 2026-03-01 → 2026-03-31 and 2026-05-01 → 2026-05-31."""
    jane = create_teacher(trn="1234567")
    create_ect_at_school_period(teacher=jane, started_on=D(2026, 3, 1), finished_on=D(2026, 3, 31))
    create_ect_at_school_period(teacher=jane, started_on=D(2026, 5, 1), finished_on=D(2026, 5, 31))
    return ECTAtSchoolPeriod.objects.filter(teacher=jane)


@pytest.mark.parametrize(
    ("started_on", "finished_on", "field", "message"),
    [
        # start inside a sibling wins over everything else, even when the end is inside one too
        (D(2026, 3, 31), D(2026, 5, 1), "started_on", "Start date cannot overlap another Teacher ECT period"),
        (D(2026, 3, 15), D(2026, 3, 20), "started_on", "Start date cannot overlap another Teacher ECT period"),
        (D(2026, 3, 15), None, "started_on", "Start date cannot overlap another Teacher ECT period"),
        # then the end (or being ongoing while overlapping)
        (D(2026, 4, 1), D(2026, 5, 1), "finished_on", "End date cannot overlap another Teacher ECT period"),
        (D(2026, 2, 1), D(2026, 3, 1), "finished_on", "End date cannot overlap another Teacher ECT period"),
        (D(2026, 4, 1), None, "finished_on", "End date cannot overlap another Teacher ECT period"),
        # then enveloping, on base
        (D(2026, 4, 1), D(2026, 6, 1), BASE, "Period cannot overlap another Teacher ECT period"),
        (D(2026, 2, 1), D(2026, 6, 30), BASE, "Period cannot overlap another Teacher ECT period"),
    ],
)
def test_overlap_messages_are_checked_start_then_end_then_envelopment(march, started_on, finished_on, field, message):
    """§3.1.7: start in a sibling → started_on; else end in a sibling or ongoing while overlapping →
    finished_on; else enveloping → base."""
    with pytest.raises(DomainError) as error:
        check_no_overlap(siblings=march, started_on=started_on, finished_on=finished_on, name="Teacher ECT")

    assert (error.value.field, error.value.message) == (field, message)


@pytest.mark.parametrize(
    ("started_on", "finished_on"),
    [
        (D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 1, 1), D(2026, 2, 28)),
        (D(2026, 6, 1), None),
        (D(2026, 4, 1), D(2026, 4, 1)),
    ],
)
def test_gaps_between_siblings_are_free(march, started_on, finished_on):
    assert check_no_overlap(siblings=march, started_on=started_on, finished_on=finished_on, name="Teacher ECT") is None


def test_validate_period_leaves_the_period_itself_out_of_its_siblings(march):
    """Re-validating a saved period (say, after changing its email) is not an overlap with itself."""
    first = march.earliest_first().first()
    validate_period(first)

    first.finished_on = D(2026, 5, 1)
    with pytest.raises(DomainError) as error:
        validate_period(first)
    assert (error.value.field, error.value.message) == (
        "finished_on",
        "End date cannot overlap another Teacher ECT period",
    )


def test_every_period_entity_names_itself_in_the_overlap_message(world):
    """§3.1.7: `Teacher ECT`, `Teacher School Mentor`, `Mentee`, `Trainee`, `induction`, `Contract`."""
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    mentor = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    create_mentorship_period(mentee=ect, mentor=mentor, started_on=D(2026, 9, 1))
    create_training_period(ect_at_school_period=ect, started_on=D(2026, 9, 1))
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 9, 1))
    on_the_15th = dict(started_on=D(2026, 9, 15))
    candidates = {
        "Teacher ECT": ECTAtSchoolPeriod(teacher=world.jane, school=world.hillside, **on_the_15th),
        "Teacher School Mentor": MentorAtSchoolPeriod(teacher=mentor.teacher, school=world.oakfield, **on_the_15th),
        "Mentee": MentorshipPeriod(ect_at_school_period=ect, mentor_at_school_period=mentor, **on_the_15th),
        "Trainee": TrainingPeriod(teacher=world.jane, role="ect", ect_at_school_period=ect, **on_the_15th),
        "induction": InductionPeriod(teacher=world.jane, appropriate_body_period=world.istip, **on_the_15th),
        "Contract": ContractPeriod(year=2030, started_on=D(2026, 9, 15), finished_on=D(2027, 9, 14)),
    }
    for name, candidate in candidates.items():
        assert type(candidate).overlap_name == name
        error = refusal(candidate)
        assert (error.field, error.message) == ("started_on", f"Start date cannot overlap another {name} period")


# §3.1.6 — the vocabulary ----------------------------------------------------------------------------


@pytest.fixture
def around_today(db, frozen_today):
    """Periods of different teachers around today (2026-09-15): ended yesterday, ending today, ongoing from
    today, starting tomorrow, and a one-day period a month ago."""
    rows = {
        "ended_yesterday": (D(2026, 9, 1), D(2026, 9, 14)),
        "ending_today": (D(2026, 9, 1), D(2026, 9, 15)),
        "ongoing": (D(2026, 9, 15), None),
        "starting_tomorrow": (D(2026, 9, 16), D(2026, 12, 31)),
        "one_day": (D(2026, 8, 15), D(2026, 8, 15)),
    }
    return {
        name: create_ect_at_school_period(started_on=started_on, finished_on=finished_on)
        for name, (started_on, finished_on) in rows.items()
    }


def names(periods, queryset) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, period in periods.items() if period.pk in ids}


def test_vocabulary_ongoing_finished_containing(around_today):
    periods, qs = around_today, ECTAtSchoolPeriod.objects
    assert names(periods, qs.ongoing()) == {"ongoing"}
    assert names(periods, qs.finished()) == {"ended_yesterday", "ending_today", "starting_tomorrow", "one_day"}
    assert names(periods, qs.containing(D(2026, 9, 15))) == {"ending_today", "ongoing"}
    assert names(periods, qs.containing(D(2026, 9, 1))) == {"ended_yesterday", "ending_today"}
    assert names(periods, qs.containing(D(2026, 8, 15))) == {"one_day"}
    assert names(periods, qs.containing(D(2030, 1, 1))) == {"ongoing"}


def test_vocabulary_current_future_current_or_future_leaving(around_today):
    """§3.1.6 (BR-P-10's words): current contains today; future starts tomorrow or later; current_or_future
    is either; leaving has finished_on ≥ today."""
    periods, qs = around_today, ECTAtSchoolPeriod.objects
    assert names(periods, qs.current()) == {"ending_today", "ongoing"}
    assert names(periods, qs.future()) == {"starting_tomorrow"}
    assert names(periods, qs.current_or_future()) == {"ending_today", "ongoing", "starting_tomorrow"}
    assert names(periods, qs.leaving()) == {"ending_today", "starting_tomorrow"}


def test_vocabulary_overlapping_shares_at_least_one_day_ends_inclusive(around_today):
    periods, qs = around_today, ECTAtSchoolPeriod.objects
    assert names(periods, qs.overlapping(D(2026, 9, 15), D(2026, 9, 15))) == {"ending_today", "ongoing"}
    assert names(periods, qs.overlapping(D(2026, 8, 1), D(2026, 9, 1))) == {
        "ended_yesterday",
        "ending_today",
        "one_day",
    }
    assert names(periods, qs.overlapping(D(2026, 9, 16), None)) == {"ongoing", "starting_tomorrow"}
    assert names(periods, qs.overlapping(D(2026, 8, 16), D(2026, 8, 31))) == set()


def test_vocabulary_ordering(around_today):
    periods, qs = around_today, ECTAtSchoolPeriod.objects
    earliest = [p.pk for p in qs.earliest_first()]
    assert earliest[0] == periods["one_day"].pk and earliest[-1] == periods["starting_tomorrow"].pk
    assert [p.pk for p in qs.latest_first()] == list(reversed(earliest))


def test_in_memory_predicates_match_the_definitions():
    """§3.1.6: overlapping and envelops; a finished parent never covers an ongoing child."""
    assert ranges_overlap(D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), None)
    assert not ranges_overlap(D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 1), None)
    assert ranges_overlap(D(2026, 1, 1), None, D(2025, 1, 1), D(2026, 1, 1))
    assert period_covers(D(2026, 1, 1), None, D(2026, 1, 1), None)
    assert period_covers(D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1), D(2026, 12, 31))
    assert not period_covers(D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1), None)
    assert not period_covers(D(2026, 1, 2), None, D(2026, 1, 1), D(2026, 1, 5))
    assert not period_covers(D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1), D(2027, 1, 1))


# §9 regressions --------------------------------------------------------------------------------------


def test_Q1_a_candidate_ending_on_the_day_a_later_sibling_starts_overlaps(world):
    """Q1: the reference misses a candidate that ends on the very day a later sibling starts (exclusive
    upper bound). Both ends are inclusive here: in Python, in the queryset and in the database."""
    later = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 3, 1))
    candidate = ect_period(world, started_on=D(2026, 2, 1), finished_on=D(2026, 3, 1))

    assert list(ECTAtSchoolPeriod.objects.overlapping(D(2026, 2, 1), D(2026, 3, 1))) == [later]
    error = refusal(candidate)
    assert (error.field, error.message) == ("finished_on", "End date cannot overlap another Teacher ECT period")
    assert database_refuses(candidate) == "ect_at_school_periods_no_overlap"

    candidate.finished_on = D(2026, 2, 28)
    validate_period(candidate)
    candidate.save()


def test_Q7_a_period_ending_today_is_current_in_memory_and_in_the_database(world):
    """Q7: the reference treats a period ending today as no longer current in memory; here it is current
    everywhere (inclusive end), and one that ended yesterday is not."""
    ending_today = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 15)
    )
    ended_yesterday = create_ect_at_school_period(started_on=D(2026, 9, 1), finished_on=D(2026, 9, 14))

    assert today() == D(2026, 9, 15)
    assert ending_today.contains(today()) and not ended_yesterday.contains(today())
    assert list(ECTAtSchoolPeriod.objects.current()) == [ending_today]
