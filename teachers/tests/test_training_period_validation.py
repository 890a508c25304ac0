"""Structural rules of training periods (domain.md §5.14, §8.10 BR-TP-01 … BR-TP-17), on the spec's examples."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from declarations.models import PaymentStatus
from providers.models import ScheduleIdentifier
from schools.models import TrainingProgramme
from teachers.messages import training as messages
from teachers.models import TrainingPeriod
from teachers.validation.training_periods import check_can_delete_training_period, validate_training_period
from tests import builders_training as b
from tests.builders import aware, schedule

SEP_1 = dt.date(2026, 9, 1)
TODAY = dt.date(2026, 9, 15)


def errors_of(period: TrainingPeriod) -> list[tuple[str, str]]:
    with pytest.raises(DomainError) as caught:
        validate_training_period(period)
    return [(e.field, e.message) for e in caught.value.errors]


def unsaved(at_school=None, *, mentor_at_school=None, **fields) -> TrainingPeriod:
    """A training period built in memory, as a service would before saving it."""
    fields.setdefault("started_on", SEP_1)
    fields.setdefault("training_programme", TrainingProgramme.SCHOOL_LED)
    owner = at_school or mentor_at_school
    return TrainingPeriod(
        ect_at_school_period=at_school,
        mentor_at_school_period=mentor_at_school,
        teacher_id=owner.teacher_id if owner else None,
        role="mentor" if at_school is None else "ect",
        **fields,
    )


@pytest.fixture
def jane_at_oakfield(world):
    return b.ect_period(world, started_on=SEP_1)


@pytest.fixture
def alpha_oakfield_2026(world):
    return b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026)


def test_a_valid_provider_led_period_passes(world, jane_at_oakfield, alpha_oakfield_2026):
    period = unsaved(
        jane_at_oakfield,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=alpha_oakfield_2026,
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
    )
    validate_training_period(period)  # no error


def test_BR_P_02_a_one_day_training_period_is_valid(world, jane_at_oakfield):
    """BR-P-02: training period 2026-09-01 → 2026-09-01 is valid."""
    validate_training_period(unsaved(jane_at_oakfield, started_on=SEP_1, finished_on=SEP_1))


def test_BR_TP_01_needs_exactly_one_at_school_period(world, jane_at_oakfield):
    """BR-TP-01: neither → required; both → not both."""
    neither = TrainingPeriod(started_on=SEP_1, training_programme=TrainingProgramme.SCHOOL_LED)
    assert ("base", messages.AT_SCHOOL_PERIOD_REQUIRED) in errors_of(neither)

    mentor = b.mentor_period(world, started_on=SEP_1)
    both = unsaved(jane_at_oakfield, mentor_at_school=mentor, training_programme=TrainingProgramme.PROVIDER_LED)
    assert ("base", messages.ONLY_ONE_AT_SCHOOL_PERIOD) in errors_of(both)
    assert messages.ONLY_ONE_AT_SCHOOL_PERIOD == (
        "Can belong to either an ECT at school period or a mentor at school period, not both"
    )


def test_BR_TP_02_provider_led_needs_an_eoi_or_a_partnership(world, jane_at_oakfield):
    """BR-TP-02: provider-led with neither → `Either expression of interest or school partnership required`."""
    period = unsaved(
        jane_at_oakfield,
        training_programme=TrainingProgramme.PROVIDER_LED,
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
    )
    assert errors_of(period) == [("base", "Either expression of interest or school partnership required")]


def test_BR_TP_03_school_led_has_no_eoi_partnership_or_schedule(world, jane_at_oakfield, alpha_oakfield_2026):
    """BR-TP-03: each provider link on a school-led period is refused with its own message."""
    with_eoi = unsaved(jane_at_oakfield, expression_of_interest=b.active_lead_provider(world.alpha, 2026))
    assert errors_of(with_eoi) == [
        ("expression_of_interest", "Expression of interest must be absent for school-led training programmes")
    ]
    with_partnership = unsaved(jane_at_oakfield, school_partnership=alpha_oakfield_2026)
    assert errors_of(with_partnership) == [
        ("school_partnership", "School partnership must be absent for school-led training programmes")
    ]
    with_schedule = unsaved(jane_at_oakfield, schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026))
    assert errors_of(with_schedule) == [("schedule", "Schedule must be absent for school-led training programmes")]


def test_BR_TP_04_partnership_school_must_be_the_trainees_school(world, jane_at_oakfield):
    """BR-TP-04: Jane at Oakfield linked to a Hillside partnership → refused."""
    hillside = b.partnership(school=world.hillside, lead_provider=world.alpha, year=2026)
    period = unsaved(
        jane_at_oakfield,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=hillside,
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
    )
    assert errors_of(period) == [("school_partnership", "School partnership's school must match the trainee's school")]


def test_BR_TP_05_training_in_one_role_may_not_overlap_across_schools(world):
    """BR-TP-05: Tom's mentor training at Hillside is ongoing; mentor training at Oakfield from 2026-09-15 →
    `Start date cannot overlap another Trainee period`."""
    tom = b.tom()
    at_hillside = b.mentor_period(world, teacher=tom, school=world.hillside, started_on=SEP_1)
    b.training(
        at_hillside,
        started_on=SEP_1,
        school_partnership=b.partnership(school=world.hillside, lead_provider=world.alpha, year=2026),
    )
    at_oakfield = b.mentor_period(world, teacher=tom, school=world.oakfield, started_on=TODAY)
    period = unsaved(
        mentor_at_school=at_oakfield,
        started_on=TODAY,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
    )
    assert errors_of(period) == [("started_on", "Start date cannot overlap another Trainee period")]


def test_BR_TP_05_an_ect_and_a_mentor_period_of_one_teacher_may_overlap(world, jane_at_oakfield):
    """BR-TP-05: siblings are the same teacher in the same role only."""
    b.training(jane_at_oakfield, started_on=SEP_1, training_programme=TrainingProgramme.SCHOOL_LED)
    as_mentor = b.mentor_period(world, teacher=world.jane, started_on=SEP_1)
    period = unsaved(
        mentor_at_school=as_mentor,
        training_programme=TrainingProgramme.PROVIDER_LED,
        expression_of_interest=b.active_lead_provider(world.alpha, 2026),
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
    )
    validate_training_period(period)


def test_BR_TP_06_training_lies_within_its_at_school_period(world):
    """BR-TP-06 / BR-P-08: ECT period 2026-09-01 → 2026-12-31; training to 2027-01-10 → not contained."""
    at_school = b.ect_period(world, started_on=SEP_1, finished_on=dt.date(2026, 12, 31))
    period = unsaved(at_school, started_on=SEP_1, finished_on=dt.date(2027, 1, 10))
    assert errors_of(period) == [("base", "Date range is not contained by the period the trainee is at the school")]
    # An ongoing training period is not covered by a finished at-school period either.
    assert errors_of(unsaved(at_school, started_on=SEP_1)) == [("base", messages.NOT_CONTAINED_BY_AT_SCHOOL_PERIOD)]


def test_BR_P_01_training_end_before_start_is_refused(world, jane_at_oakfield):
    """BR-P-01 applies to training periods too."""
    period = unsaved(jane_at_oakfield, started_on=TODAY, finished_on=dt.date(2026, 9, 14))
    assert errors_of(period) == [("finished_on", "The end date must be later than the start date (15 September 2026)")]


def test_BR_TP_07_withdrawal_timestamp_and_reason_go_together(world, jane_at_oakfield):
    """BR-TP-07: reason without timestamp → `withdrawn_at` required; `gone_abroad` → not a valid reason."""
    reason_only = unsaved(jane_at_oakfield, finished_on=TODAY, withdrawal_reason="left_teaching_profession")
    assert errors_of(reason_only) == [("withdrawn_at", messages.CANT_BE_BLANK)]
    timestamp_only = unsaved(jane_at_oakfield, finished_on=TODAY, withdrawn_at=aware(TODAY))
    assert errors_of(timestamp_only) == [("withdrawal_reason", messages.CANT_BE_BLANK)]
    unknown = unsaved(jane_at_oakfield, finished_on=TODAY, withdrawn_at=aware(TODAY), withdrawal_reason="gone_abroad")
    assert errors_of(unknown) == [("withdrawal_reason", "Must be a valid withdrawal reason")]


def test_BR_TP_08_an_ect_cannot_be_withdrawn_as_no_longer_a_mentor(world, jane_at_oakfield):
    """BR-TP-08: ECT period withdrawn for `mentor_no_longer_being_mentor` → refused; a mentor may be."""
    period = unsaved(
        jane_at_oakfield,
        finished_on=TODAY,
        withdrawn_at=aware(TODAY),
        withdrawal_reason="mentor_no_longer_being_mentor",
    )
    assert errors_of(period) == [
        ("withdrawal_reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")
    ]
    mentor = unsaved(
        mentor_at_school=b.mentor_period(world, started_on=SEP_1),
        finished_on=TODAY,
        training_programme=TrainingProgramme.PROVIDER_LED,
        expression_of_interest=b.active_lead_provider(world.alpha, 2026),
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
        withdrawn_at=aware(TODAY),
        withdrawal_reason="mentor_no_longer_being_mentor",
    )
    validate_training_period(mentor)


def test_BR_TP_09_deferral_timestamp_and_reason_go_together(world, jane_at_oakfield):
    """BR-TP-09: `holiday` → `Must be a valid deferral reason`; either field alone is refused."""
    holiday = unsaved(jane_at_oakfield, finished_on=TODAY, deferred_at=aware(TODAY), deferral_reason="holiday")
    assert errors_of(holiday) == [("deferral_reason", "Must be a valid deferral reason")]
    reason_only = unsaved(jane_at_oakfield, finished_on=TODAY, deferral_reason="bereavement")
    assert errors_of(reason_only) == [("deferred_at", messages.CANT_BE_BLANK)]
    timestamp_only = unsaved(jane_at_oakfield, finished_on=TODAY, deferred_at=aware(TODAY))
    assert errors_of(timestamp_only) == [("deferral_reason", messages.CANT_BE_BLANK)]


def test_BR_TP_10_provider_led_needs_a_schedule(world, jane_at_oakfield, alpha_oakfield_2026):
    """BR-TP-10: provider-led, no schedule → `Schedule is required for provider-led training periods`."""
    period = unsaved(
        jane_at_oakfield, training_programme=TrainingProgramme.PROVIDER_LED, school_partnership=alpha_oakfield_2026
    )
    assert errors_of(period) == [("schedule", "Schedule is required for provider-led training periods")]


def test_BR_TP_11_withdrawn_or_deferred_periods_need_an_end_date(world, jane_at_oakfield):
    """BR-TP-11: `withdrawn_at` set and `finished_on` null → error on `finished_on`."""
    withdrawn = unsaved(jane_at_oakfield, withdrawn_at=aware(TODAY), withdrawal_reason="other")
    assert errors_of(withdrawn) == [("finished_on", messages.CANT_BE_BLANK)]
    deferred = unsaved(jane_at_oakfield, deferred_at=aware(TODAY), deferral_reason="other")
    assert errors_of(deferred) == [("finished_on", messages.CANT_BE_BLANK)]


def test_BR_TP_12_ects_cannot_be_on_replacement_schedules(world, jane_at_oakfield, alpha_oakfield_2026):
    """BR-TP-12: ECT period with `ecf-replacement-september` → refused."""
    period = unsaved(
        jane_at_oakfield,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=alpha_oakfield_2026,
        schedule=schedule(ScheduleIdentifier.REPLACEMENT_SEPTEMBER, 2026),
    )
    assert errors_of(period) == [("schedule", "Only mentors can be assigned to replacement schedules")]


def test_BR_TP_13_mentors_cannot_be_on_reduced_schedules(world, alpha_oakfield_2026):
    """BR-TP-13: mentor period with `ecf-reduced-april` → refused."""
    period = unsaved(
        mentor_at_school=b.mentor_period(world, started_on=SEP_1),
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=alpha_oakfield_2026,
        schedule=schedule(ScheduleIdentifier.REDUCED_APRIL, 2026),
    )
    assert errors_of(period) == [("schedule", "Only ECTs can be assigned to reduced schedules")]


def test_BR_TP_14_links_share_one_contract_period(world, jane_at_oakfield, alpha_oakfield_2026):
    """BR-TP-14: partnership in 2026, schedule in 2025 → contract period mismatch."""
    period = unsaved(
        jane_at_oakfield,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=alpha_oakfield_2026,
        schedule=schedule(ScheduleIdentifier.STANDARD_SEPTEMBER, 2025),
    )
    assert errors_of(period) == [
        (
            "schedule",
            "Contract period mismatch: schedule, EOI, school partnership, and declarations must have the same "
            "contract period.",
        )
    ]


def test_BR_TP_14_declaration_statements_count_too(world, jane_at_oakfield, alpha_oakfield_2026):
    """BR-TP-14: a 2026 period whose declaration sits on a 2025 statement is inconsistent."""
    period = b.training(jane_at_oakfield, started_on=SEP_1, school_partnership=alpha_oakfield_2026)
    statement_2025 = b.statement(active=b.active_lead_provider(world.alpha, 2025), year=2025)
    b.declaration(period, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statement_2025)
    assert errors_of(period) == [("schedule", messages.CONTRACT_PERIOD_MISMATCH)]


def test_BR_TP_15_a_future_period_cannot_be_withdrawn_or_deferred(world):
    """BR-TP-15: period starting 2026-10-01 with `deferred_at` set on 2026-09-15 → deferral fields must be blank."""
    at_school = b.ect_period(world, started_on=dt.date(2026, 10, 1))
    period = unsaved(
        at_school,
        started_on=dt.date(2026, 10, 1),
        finished_on=dt.date(2026, 10, 1),
        deferred_at=aware(TODAY),
        deferral_reason="career_break",
    )
    assert errors_of(period) == [("deferred_at", "must be blank"), ("deferral_reason", "must be blank")]


def test_BR_TP_16_a_period_with_billable_declarations_cannot_be_deleted(world, jane_at_oakfield, alpha_oakfield_2026):
    """BR-TP-16: deleting a period with an `eligible` declaration → refused; `no_payment` only → allowed."""
    period = b.training(jane_at_oakfield, started_on=SEP_1, school_partnership=alpha_oakfield_2026)
    b.declaration(period, payment_status=PaymentStatus.NO_PAYMENT)
    check_can_delete_training_period(period)  # no billable declaration yet

    billable = b.training(
        b.ect_period(world, teacher=b.tom(), started_on=SEP_1), started_on=SEP_1, school_partnership=alpha_oakfield_2026
    )
    b.declaration(billable, payment_status=PaymentStatus.ELIGIBLE)
    with pytest.raises(DomainError) as caught:
        check_can_delete_training_period(billable)
    assert caught.value.message == "Cannot delete a training period with billable declarations"
    assert TrainingPeriod.objects.filter(pk=billable.pk).exists()


def test_BR_TP_17_programme_must_be_provider_led_or_school_led(world, jane_at_oakfield):
    """BR-TP-17: `cip` → `Must be provider_led or school_led`."""
    assert errors_of(unsaved(jane_at_oakfield, training_programme="cip")) == [
        ("training_programme", "Must be provider_led or school_led")
    ]


def test_BR_M_08_mentor_training_is_provider_led(world):
    """BR-M-08: a school-led training period for a mentor period is refused."""
    period = unsaved(mentor_at_school=b.mentor_period(world, started_on=SEP_1))
    assert errors_of(period) == [("training_programme", "Mentor training periods can only be provider-led")]


def test_Q2_a_second_ongoing_period_for_one_at_school_period_is_refused(world, jane_at_oakfield):
    """Q2: enforced in code (the spec's overlap message) and by the database (partial unique index / exclusion
    constraint per role), unlike the reference's indexes that never fire."""
    from django.db import IntegrityError, transaction

    b.training(jane_at_oakfield, started_on=SEP_1, training_programme=TrainingProgramme.SCHOOL_LED)
    second = unsaved(jane_at_oakfield, started_on=TODAY)
    assert errors_of(second) == [("started_on", "Start date cannot overlap another Trainee period")]
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        second.save()
    assert caught.value.__cause__.diag.constraint_name in {
        "training_periods_no_overlap_ect",
        "training_periods_one_ongoing_per_ect_period",
    }
