"""Non-standard training patterns in the services (issue 8 item 4; docs/non-standard-training-patterns.md):
part-time working pattern, extended and reduced schedules carried through later changes, and a break kept in the
history. Today is 2026-09-15; Alpha is active in 2024–2026, Beta in 2026 only (domain.md §8)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from events.authors import Author
from events.models import Event
from teachers.models import TrainingPeriod, WorkingPattern
from teachers.selectors.training_status import training_period_participant_status, training_status
from teachers.services.ect_changes import change_ect_working_pattern
from teachers.services.training import select_schedule
from teachers.services.training_changes import (
    change_lead_provider,
    change_schedule,
    defer_training_period,
    resume_training_period,
)
from tests import builders_training as b
from tests.builders import create_ect_at_school_period, schedule

SEPT_2025 = dt.date(2025, 9, 1)
TODAY = dt.date(2026, 9, 15)


def errors(caught) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in caught.value.errors]


@pytest.fixture
def alpha(world):
    return Author.lead_provider_api(world.alpha)


@pytest.fixture
def tutor(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Ian Tutor", school=world.oakfield)


@pytest.fixture
def jane_at_oakfield(world):
    return b.ect_period(world, started_on=SEPT_2025)


@pytest.fixture
def jane_extended(world, jane_at_oakfield):
    """Jane on `ecf-extended-september` 2025 with Alpha since 2025-09-01."""
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    return b.training(
        jane_at_oakfield,
        started_on=SEPT_2025,
        school_partnership=partnership,
        schedule_identifier="ecf-extended-september",
    )


# Part-time ----------------------------------------------------------------------------------------------------


def test_a_school_records_part_time_and_the_schedule_is_left_to_the_provider(world, tutor, alpha, jane_at_oakfield):
    """BR-ECT-31 with an event; domain.md §2.4: part-time is not enforced beyond display, so recording it changes
    no schedule. The provider then chooses an extended schedule (§7.4.5)."""
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    training = b.training(jane_at_oakfield, started_on=SEPT_2025, school_partnership=partnership)

    change_ect_working_pattern(
        author=tutor, ect_at_school_period=jane_at_oakfield, working_pattern=WorkingPattern.PART_TIME
    )
    jane_at_oakfield.refresh_from_db()
    training.refresh_from_db()
    assert jane_at_oakfield.working_pattern == "part_time"
    assert training.schedule.identifier == "ecf-standard-september"
    event = Event.objects.get(event_type="teacher_working_pattern_updated")
    assert (event.author_name, event.ect_at_school_period) == ("Ian Tutor", jane_at_oakfield)

    with pytest.raises(DomainError) as caught:
        change_ect_working_pattern(
            author=tutor, ect_at_school_period=jane_at_oakfield, working_pattern=WorkingPattern.PART_TIME
        )
    assert errors(caught) == [
        ("working_pattern", "The working pattern must be different from the current working pattern")
    ]

    extended = change_schedule(author=alpha, training_period=training, schedule_identifier="ecf-extended-september")
    assert (extended.schedule, extended.started_on) == (schedule("ecf-extended-september", 2025), TODAY)


def test_part_time_induction_is_shown_as_terms_served_against_six_plus_extensions(world, jane_at_oakfield):
    """§2.4 / §6.6: part-time is enforced only as display. A 0.5 FTE ECT's school year counts as 1.5 terms; an
    appropriate body's extension raises what is required."""
    from teachers.models import InductionExtension
    from teachers.selectors.induction import terms_completed
    from tests.builders import create_induction_period

    jane_at_oakfield.working_pattern = WorkingPattern.PART_TIME
    jane_at_oakfield.save(update_fields=["working_pattern"])
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=SEPT_2025,
        finished_on=dt.date(2026, 7, 17),
        number_of_terms=1.5,
    )
    assert terms_completed(teacher=world.jane) == "1.5 of 6"
    InductionExtension.objects.create(teacher=world.jane, number_of_terms=1.5)
    assert terms_completed(teacher=world.jane) == "1.5 of 7.5"


# Extended and reduced schedules carry through later changes (§6.3 step 6) -------------------------------------


def test_a_new_period_in_the_same_cohort_reuses_the_non_standard_schedule(world, jane_extended):
    """§6.3 step 6: the previous period's schedule belongs to the target year → reuse it."""
    TrainingPeriod.objects.filter(pk=jane_extended.pk).update(finished_on=dt.date(2026, 9, 30))
    world.jane.ect_at_school_periods.update(finished_on=dt.date(2026, 9, 30))
    hillside = create_ect_at_school_period(
        teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 10, 1), appropriate_body=world.north_hub
    )
    chosen = select_schedule(
        at_school_period=hillside,
        started_on=dt.date(2026, 10, 1),
        contract_period=jane_extended.schedule.contract_period,
    )
    assert chosen == schedule("ecf-extended-september", 2025)


@pytest.mark.parametrize("identifier", ["ecf-extended-january", "ecf-reduced-april"], ids=["extended", "reduced"])
def test_a_new_period_in_another_cohort_keeps_the_schedule_identifier(world, jane_at_oakfield, identifier):
    """§6.3 step 6: otherwise the target year's schedule with the same identifier, rather than a standard one."""
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    b.training(
        jane_at_oakfield,
        started_on=SEPT_2025,
        finished_on=dt.date(2026, 9, 14),
        school_partnership=partnership,
        schedule_identifier=identifier,
    )
    chosen = select_schedule(at_school_period=jane_at_oakfield, started_on=TODAY)
    assert chosen == schedule(identifier, 2026)


def test_without_previous_training_a_new_ect_starts_on_a_standard_schedule(world, jane_at_oakfield):
    """§6.3 step 4: reduced and extended are never chosen for a newcomer; only the provider moves them."""
    assert select_schedule(at_school_period=jane_at_oakfield, started_on=TODAY) == schedule(
        "ecf-standard-september", 2026
    )


def test_a_school_changing_lead_provider_keeps_the_extended_pattern(world, tutor, jane_extended):
    """§7.4.7 with §6.3: Beta (active in 2026 only) takes Jane on from today on 2026's extended September schedule;
    Alpha's period ends yesterday, still on 2025's."""
    b.partnership(school=world.oakfield, lead_provider=world.beta, year=2026)
    changed = change_lead_provider(
        author=tutor, at_school_period=jane_extended.ect_at_school_period, lead_provider=world.beta
    )
    jane_extended.refresh_from_db()
    assert (changed.started_on, changed.schedule) == (TODAY, schedule("ecf-extended-september", 2026))
    assert (jane_extended.finished_on, jane_extended.schedule) == (
        dt.date(2026, 9, 14),
        schedule("ecf-extended-september", 2025),
    )


# Structural rules (BR-TP-12, BR-TP-13 through §7.4.5) -----------------------------------------------------------


def test_ects_are_never_on_replacement_schedules_and_mentors_never_on_reduced(world, alpha, jane_extended):
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=jane_extended, schedule_identifier="ecf-replacement-september")
    assert errors(caught) == [("schedule_identifier", "Selected schedule is not valid for the course_identifier")]

    mentor = b.training(
        b.mentor_period(world, started_on=SEPT_2025),
        started_on=SEPT_2025,
        school_partnership=jane_extended.school_partnership,
    )
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=mentor, schedule_identifier="ecf-reduced-september")
    assert errors(caught) == [
        ("schedule_identifier", "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.")
    ]
    # Mentors may be on extended schedules (§14.2), and are moved there like ECTs.
    moved = change_schedule(author=alpha, training_period=mentor, schedule_identifier="ecf-extended-september")
    assert moved.schedule == schedule("ecf-extended-september", 2025)


# Breaks ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "stored"),
    [
        ("career-break", "career_break"),
        ("parental-leave", "parental_leave"),
        ("long-term-sickness", "long_term_sickness"),
        ("bereavement", "bereavement"),
        ("other", "other"),
    ],
    ids=["career-break", "parental-leave", "long-term-sickness", "bereavement", "other"],
)
def test_a_break_is_a_deferral_with_its_reason_then_a_new_period_on_the_same_schedule(
    world, alpha, jane_extended, frozen_today, reason, stored
):
    """§7.4.4: defer ends the period today with the reason; resume (a later day) starts a new period from that
    day on the same partnership and schedule, leaving the deferred one as it was."""
    deferred = defer_training_period(author=alpha, training_period=jane_extended, reason=reason)
    assert (training_status(deferred), training_period_participant_status(deferred)) == ("deferred", "left")
    assert (deferred.finished_on, deferred.deferral_reason) == (TODAY, stored)

    frozen_today(dt.date(2027, 2, 22))
    resumed = resume_training_period(author=alpha, training_period=deferred)
    deferred.refresh_from_db()
    assert (resumed.started_on, resumed.finished_on) == (dt.date(2027, 2, 22), None)
    assert (resumed.schedule, resumed.school_partnership) == (deferred.schedule, deferred.school_partnership)
    assert (deferred.finished_on, deferred.deferral_reason, training_status(deferred)) == (TODAY, stored, "deferred")
    assert training_status(resumed) == "active"
    assert list(
        Event.objects.filter(training_period=deferred)
        .filter(event_type__in=["teacher_defers_training_period", "teacher_resumes_training_period"])
        .order_by("pk")
        .values_list("event_type", flat=True)
    ) == ["teacher_defers_training_period", "teacher_resumes_training_period"]


def test_a_break_cannot_end_on_the_day_it_starts_nor_after_the_ect_left(world, alpha, jane_extended, frozen_today):
    deferred = defer_training_period(author=alpha, training_period=jane_extended, reason="career-break")
    with pytest.raises(DomainError) as caught:
        resume_training_period(author=alpha, training_period=deferred)
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow "
            "or later.",
        )
    ]
    world.jane.ect_at_school_periods.update(finished_on=dt.date(2026, 12, 18))  # she left Oakfield at Christmas
    deferred = TrainingPeriod.objects.get(pk=deferred.pk)
    frozen_today(dt.date(2027, 1, 4))
    with pytest.raises(DomainError) as caught:
        resume_training_period(author=alpha, training_period=deferred)
    assert errors(caught) == [
        ("participant_id", "The participant is no longer at the school. Please contact the induction tutor to resolve.")
    ]
    assert TrainingPeriod.objects.filter(teacher=world.jane).count() == 1
