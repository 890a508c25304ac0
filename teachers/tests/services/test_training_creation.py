"""Starting and finishing training periods; contract period at registration (§6.2) and schedule selection (§6.3)
(domain.md §7.4.1, BR-TP-01 … 06, BR-CP-12 … 14, Q10)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import start_of_day
from core.errors import DomainError, DomainErrors
from declarations.models import Declaration, PaymentStatus
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers.models import ActiveLeadProvider, ScheduleIdentifier
from schools.models import TrainingProgramme
from teachers.messages import training as messages
from teachers.models import Teacher, TrainingPeriod
from teachers.services.training import (
    contract_period_for_ect_registration,
    finish_training_period,
    previous_ect_training_period,
    select_schedule,
    start_training,
)
from tests.builders import (
    create_delivery_partner,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school,
    create_school_partnership,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db

PROVIDER_LED = TrainingProgramme.PROVIDER_LED
SCHOOL_LED = TrainingProgramme.SCHOOL_LED


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Tess Tutor", school=world.oakfield)


@pytest.fixture
def jane_at_oakfield(world):
    return create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1), appropriate_body=world.north_hub
    )


def _events(training_period):
    return list(Event.objects.filter(training_period=training_period).order_by("pk"))


# Creation ----------------------------------------------------------------------------------------------------


def test_school_led_training_has_no_partnership_eoi_or_schedule(world, author, jane_at_oakfield):
    period = start_training(
        author=author, at_school_period=jane_at_oakfield, started_on=dt.date(2026, 9, 15), training_programme=SCHOOL_LED
    )
    period.refresh_from_db()
    assert (period.teacher_id, period.role) == (world.jane.pk, "ect")
    assert period.ect_at_school_period == jane_at_oakfield and period.mentor_at_school_period is None
    assert (period.school_partnership, period.expression_of_interest, period.schedule) == (None, None, None)
    assert (period.started_on, period.finished_on) == (dt.date(2026, 9, 15), None)
    [event] = _events(period)
    assert event.event_type == EventType.TEACHER_STARTS_TRAINING_PERIOD
    assert event.heading == "Jane Smith started a new ECT training period"
    assert event.happened_at == start_of_day(dt.date(2026, 9, 15))
    assert (event.teacher, event.school, event.ect_at_school_period) == (world.jane, world.oakfield, jane_at_oakfield)
    assert event.author_email == "tutor@oakfield.sch.uk"


def test_provider_led_training_links_the_earliest_partnership(world, author, jane_at_oakfield):
    """BR-ECT-29 at the training level: earliest partnership for (school, lead provider, contract period), no EOI."""
    earliest = create_school_partnership(school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta)
    create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=create_delivery_partner(name="Epsilon")
    )
    period = start_training(
        author=author,
        at_school_period=jane_at_oakfield,
        started_on=dt.date(2026, 9, 15),
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
    )
    assert period.school_partnership == earliest
    assert period.expression_of_interest is None
    assert (period.schedule.identifier, period.schedule.contract_period_id) == (
        ScheduleIdentifier.STANDARD_SEPTEMBER,
        2026,
    )
    types = [e.event_type for e in _events(period)]
    assert types == [EventType.TEACHER_STARTS_TRAINING_PERIOD, EventType.TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD]
    schedule_event = _events(period)[1]
    assert schedule_event.heading == "Jane Smith’s ECT training period schedule was set to Standard September for 2026"
    assert schedule_event.schedule == period.schedule


def test_provider_led_training_without_partnership_records_an_expression_of_interest(world, author, jane_at_oakfield):
    period = start_training(
        author=author,
        at_school_period=jane_at_oakfield,
        started_on=dt.date(2026, 9, 15),
        training_programme=PROVIDER_LED,
        lead_provider=world.beta,
    )
    assert period.school_partnership is None
    assert period.expression_of_interest == ActiveLeadProvider.objects.get(
        lead_provider=world.beta, contract_period=2026
    )


def test_Q10_lead_provider_must_already_be_active_in_the_contract_period(world, author, jane_at_oakfield):
    """Q10: no ActiveLeadProvider is created on the fly; Beta is active only in 2026."""
    with pytest.raises(DomainError) as error:
        start_training(
            author=author,
            at_school_period=jane_at_oakfield,
            started_on=dt.date(2026, 9, 15),
            training_programme=PROVIDER_LED,
            lead_provider=world.beta,
            contract_period=world.contract_periods[2025],
        )
    assert error.value.message == messages.LEAD_PROVIDER_NOT_ACTIVE
    assert not ActiveLeadProvider.objects.filter(lead_provider=world.beta, contract_period=2025).exists()
    assert not TrainingPeriod.objects.exists()


def test_mentor_training_sets_the_mentor_role(world, author):
    tom = create_teacher(first_name="Tom", last_name="Brown")
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=dt.date(2026, 9, 15))
    period = start_training(
        author=author,
        at_school_period=mentor,
        started_on=dt.date(2026, 9, 15),
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
    )
    assert (period.teacher_id, period.role, period.mentor_at_school_period) == (tom.pk, "mentor", mentor)
    assert _events(period)[0].heading == "Tom Brown started a new mentor training period"


def test_creating_training_touches_the_teachers_api_timestamp(world, author, jane_at_oakfield, frozen_today):
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=start_of_day(dt.date(2026, 1, 1)))
    start_training(
        author=author, at_school_period=jane_at_oakfield, started_on=dt.date(2026, 9, 15), training_programme=SCHOOL_LED
    )
    world.jane.refresh_from_db()
    assert world.jane.api_updated_at.date() == dt.date(2026, 9, 15)


# Structural rules (BR-TP-01 … 06) --------------------------------------------------------------------------


def test_BR_TP_01_an_at_school_period_is_required(world, author):
    """BR-TP-01: a training period belongs to an ECT or mentor at-school period."""
    with pytest.raises(DomainError) as error:
        start_training(
            author=author, at_school_period=None, started_on=dt.date(2026, 9, 15), training_programme=SCHOOL_LED
        )
    assert error.value.message == "Either an ECT at school period or mentor at school period is required"


def test_BR_TP_02_provider_led_needs_a_partnership_or_expression_of_interest(world, author, jane_at_oakfield):
    """BR-TP-02: provider-led with no lead provider and no partnership is refused."""
    with pytest.raises(DomainError) as error:
        start_training(
            author=author,
            at_school_period=jane_at_oakfield,
            started_on=dt.date(2026, 9, 15),
            training_programme=PROVIDER_LED,
        )
    assert error.value.message == "Either expression of interest or school partnership required"


def test_BR_TP_03_school_led_has_no_partnership(world, author, jane_at_oakfield):
    """BR-TP-03: a school-led period may not carry a partnership."""
    partnership = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta
    )
    with pytest.raises(DomainError) as error:
        start_training(
            author=author,
            at_school_period=jane_at_oakfield,
            started_on=dt.date(2026, 9, 15),
            training_programme=SCHOOL_LED,
            school_partnership=partnership,
        )
    assert "School partnership must be absent for school-led training programmes" in [
        e.message for e in error.value.errors
    ]
    assert not TrainingPeriod.objects.exists()


def test_BR_TP_04_partnership_must_be_with_the_trainees_school(world, author, jane_at_oakfield):
    """BR-TP-04: Jane at Oakfield linked to a Hillside partnership."""
    hillside = create_school_partnership(school=world.hillside, lead_provider=world.alpha, delivery_partner=world.delta)
    with pytest.raises(DomainError) as error:
        start_training(
            author=author,
            at_school_period=jane_at_oakfield,
            started_on=dt.date(2026, 9, 15),
            training_programme=PROVIDER_LED,
            school_partnership=hillside,
        )
    assert error.value.message == "School partnership's school must match the trainee's school"


def test_BR_TP_05_training_in_one_role_may_not_overlap_across_schools(world, author):
    """BR-TP-05: Tom's mentor training at Hillside is ongoing; mentor training at Oakfield from 2026-09-15."""
    tom = create_teacher(first_name="Tom", last_name="Brown")
    at_hillside = create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=dt.date(2026, 9, 1))
    create_training_period(mentor_at_school_period=at_hillside, started_on=dt.date(2026, 9, 1))
    at_oakfield = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=dt.date(2026, 9, 15))
    with pytest.raises(DomainError) as error:
        start_training(
            author=author,
            at_school_period=at_oakfield,
            started_on=dt.date(2026, 9, 15),
            training_programme=PROVIDER_LED,
            lead_provider=world.alpha,
        )
    assert (error.value.field, error.value.message) == (
        "started_on",
        "Start date cannot overlap another Trainee period",
    )
    assert TrainingPeriod.objects.filter(mentor_at_school_period=at_oakfield).count() == 0


def test_BR_TP_06_training_lies_within_the_at_school_period(world, author):
    """BR-TP-06 / BR-P-08: ECT period 2026-09-01 → 2026-12-31; training to 2027-01-10."""
    ect = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1), finished_on=dt.date(2026, 12, 31)
    )
    with pytest.raises(DomainError) as error:
        start_training(
            author=author,
            at_school_period=ect,
            started_on=dt.date(2026, 9, 15),
            finished_on=dt.date(2027, 1, 10),
            training_programme=SCHOOL_LED,
        )
    assert error.value.message == "Date range is not contained by the period the trainee is at the school"


def test_several_structural_failures_are_reported_together(world, author):
    ect = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1), finished_on=dt.date(2026, 12, 31)
    )
    partnership = create_school_partnership(
        school=world.hillside, lead_provider=world.alpha, delivery_partner=world.delta
    )
    with pytest.raises(DomainErrors) as error:
        start_training(
            author=author,
            at_school_period=ect,
            started_on=dt.date(2026, 9, 15),
            finished_on=dt.date(2027, 1, 10),
            training_programme=PROVIDER_LED,
            school_partnership=partnership,
        )
    assert set(e.message for e in error.value.errors) >= {
        "School partnership's school must match the trainee's school",
        "Date range is not contained by the period the trainee is at the school",
    }


# Schedule selection (§6.3) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "started_on", "identifier", "year"),
    [
        (dt.date(2026, 9, 15), dt.date(2026, 9, 1), ScheduleIdentifier.STANDARD_SEPTEMBER, 2026),
        (dt.date(2026, 12, 1), dt.date(2026, 11, 20), ScheduleIdentifier.STANDARD_JANUARY, 2026),
        (dt.date(2027, 3, 1), dt.date(2027, 4, 10), ScheduleIdentifier.STANDARD_APRIL, 2026),
    ],
)
def test_BR_CP_12_schedule_month_comes_from_the_later_of_start_and_today(
    world, frozen_today, today, started_on, identifier, year
):
    """BR-CP-12: Jun–Oct → september, Nov–Feb → january, Mar–May → april, from max(start date, today)."""
    frozen_today(today)
    author = Author.school_user(email="tutor@oakfield.sch.uk", name="Tess Tutor", school=world.oakfield)
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=started_on)
    period = start_training(
        author=author,
        at_school_period=ect,
        started_on=max(started_on, today),
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
    )
    assert (period.schedule.identifier, period.schedule.contract_period_id) == (identifier, year)


def test_BR_CP_13_reassigned_ect_gets_the_2024_extended_september_schedule(world, author):
    """BR-CP-13: previous provider-led training with Alpha in frozen 2022 → 2024, `ecf-extended-september`."""
    old_school = create_school(name="Old School")
    alpha_2022 = ActiveLeadProvider.objects.create(
        lead_provider=world.alpha, contract_period=world.contract_periods[2022]
    )
    old = create_ect_at_school_period(
        teacher=world.jane, school=old_school, started_on=dt.date(2022, 9, 1), finished_on=dt.date(2023, 7, 31)
    )
    create_training_period(
        ect_at_school_period=old,
        started_on=dt.date(2022, 9, 1),
        finished_on=dt.date(2023, 7, 31),
        expression_of_interest=alpha_2022,
    )
    hillside = create_ect_at_school_period(teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 10, 1))

    schedule = select_schedule(at_school_period=hillside, started_on=dt.date(2026, 10, 1))
    assert (schedule.identifier, schedule.contract_period_id) == (ScheduleIdentifier.EXTENDED_SEPTEMBER, 2024)

    period = start_training(
        author=author,
        at_school_period=hillside,
        started_on=dt.date(2026, 10, 1),
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
    )
    assert period.schedule == schedule
    assert period.expression_of_interest == ActiveLeadProvider.objects.get(
        lead_provider=world.alpha, contract_period=2024
    )


def test_BR_CP_14_previous_open_cohort_and_schedule_are_kept(world, author):
    """BR-CP-14: previous training in 2025 on `ecf-standard-january`; new school from 2026-10-01 → 2025, same
    schedule."""
    old = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 1, 5))
    previous = create_training_period(
        ect_at_school_period=old,
        started_on=dt.date(2026, 1, 5),
        expression_of_interest=ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period=2025),
        schedule_identifier=ScheduleIdentifier.STANDARD_JANUARY,
    )
    assert previous_ect_training_period(teacher=world.jane) == previous
    contract_period = contract_period_for_ect_registration(
        started_on=dt.date(2026, 10, 1), previous_training_period=previous
    )
    assert contract_period.year == 2025

    previous.finished_on = dt.date(2026, 9, 30)
    previous.save()
    old.finished_on = dt.date(2026, 9, 30)
    old.save()
    hillside = create_ect_at_school_period(teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 10, 1))
    period = start_training(
        author=author,
        at_school_period=hillside,
        started_on=dt.date(2026, 10, 1),
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
        contract_period=contract_period,
    )
    assert period.schedule == previous.schedule
    assert period.expression_of_interest.contract_period_id == 2025


def test_contract_period_for_registration_without_previous_training(world):
    """§6.2 step 3: no previous training → the registration period for the start date (BR-CP-06)."""
    assert contract_period_for_ect_registration(started_on=dt.date(2026, 1, 10)).year == 2026
    assert contract_period_for_ect_registration(started_on=dt.date(2027, 7, 1)).year == 2027


def test_contract_period_for_registration_ignores_previous_school_led_training(world):
    old = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    previous = create_training_period(ect_at_school_period=old, training_programme=SCHOOL_LED)
    assert contract_period_for_ect_registration(
        started_on=dt.date(2026, 10, 1), previous_training_period=previous
    ).year == (2026)


def test_no_contract_period_for_registration(db, frozen_today):
    with pytest.raises(DomainError) as error:
        contract_period_for_ect_registration(started_on=dt.date(2026, 10, 1))
    assert error.value.message == "No contract period found for started_on=2026-10-01"


def test_schedule_with_the_previous_identifier_in_the_target_year(world, author):
    """§6.3 step 6: a previous `ecf-reduced-april` in 2025 → the 2026 `ecf-reduced-april`."""
    old = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 3, 1), finished_on=dt.date(2026, 8, 31)
    )
    create_training_period(
        ect_at_school_period=old,
        started_on=dt.date(2026, 3, 1),
        finished_on=dt.date(2026, 8, 31),
        expression_of_interest=ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period=2025),
        schedule_identifier=ScheduleIdentifier.REDUCED_APRIL,
    )
    new = create_ect_at_school_period(teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 9, 15))
    schedule = select_schedule(
        at_school_period=new, started_on=dt.date(2026, 9, 15), contract_period=world.contract_periods[2026]
    )
    assert (schedule.identifier, schedule.contract_period_id) == (ScheduleIdentifier.REDUCED_APRIL, 2026)


def test_school_led_gets_no_schedule(world, jane_at_oakfield):
    assert (
        select_schedule(
            at_school_period=jane_at_oakfield, started_on=dt.date(2026, 9, 15), training_programme=SCHOOL_LED
        )
        is None
    )


def test_replacement_schedule_for_a_mentor_replacing_one_who_started_funded_training(world, author):
    """§6.3 step 4: the mentee's previous mentor had a non-voided declaration within that mentorship."""
    jane = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(ect_at_school_period=jane, started_on=dt.date(2026, 9, 1))
    old_mentor = create_mentor_at_school_period(school=world.oakfield, started_on=dt.date(2026, 9, 1))
    old_training = create_training_period(mentor_at_school_period=old_mentor, started_on=dt.date(2026, 9, 1))
    create_mentorship_period(
        mentee=jane, mentor=old_mentor, started_on=dt.date(2026, 9, 1), finished_on=dt.date(2026, 9, 14)
    )
    declaration = Declaration.objects.create(
        training_period=old_training,
        delivery_partner_when_created=old_training.school_partnership.delivery_partner,
        declaration_date=start_of_day(dt.date(2026, 9, 10)),
    )
    ann = create_teacher(first_name="Ann", last_name="Other")
    new_mentor = create_mentor_at_school_period(teacher=ann, school=world.oakfield, started_on=dt.date(2026, 9, 15))

    schedule = select_schedule(at_school_period=new_mentor, started_on=dt.date(2026, 9, 15), mentee=jane)
    assert schedule.identifier == ScheduleIdentifier.REPLACEMENT_SEPTEMBER

    declaration.payment_status = PaymentStatus.VOIDED
    declaration.save()
    schedule = select_schedule(at_school_period=new_mentor, started_on=dt.date(2026, 9, 15), mentee=jane)
    assert schedule.identifier == ScheduleIdentifier.STANDARD_SEPTEMBER


# Finishing ------------------------------------------------------------------------------------------------


def test_finish_training_period_sets_the_last_day_and_records_it(world, author, jane_at_oakfield):
    training = create_training_period(ect_at_school_period=jane_at_oakfield, training_programme=SCHOOL_LED)
    finish_training_period(author=author, training_period=training, finished_on=dt.date(2026, 12, 31))
    training.refresh_from_db()
    assert training.finished_on == dt.date(2026, 12, 31)
    [event] = _events(training)
    assert event.event_type == EventType.TEACHER_FINISHES_TRAINING_PERIOD
    assert event.heading == "Jane Smith finished their ECT training period"
    assert event.happened_at == start_of_day(dt.date(2026, 12, 31))


def test_finish_training_period_without_a_date_uses_today(world, author, jane_at_oakfield):
    """BR-P-09."""
    training = create_training_period(ect_at_school_period=jane_at_oakfield, training_programme=SCHOOL_LED)
    finish_training_period(author=author, training_period=training, finished_on=None)
    training.refresh_from_db()
    assert training.finished_on == dt.date(2026, 9, 15)


def test_finish_training_period_refuses_a_date_before_the_start(world, author, jane_at_oakfield):
    training = create_training_period(ect_at_school_period=jane_at_oakfield, training_programme=SCHOOL_LED)
    with pytest.raises(DomainError) as error:
        finish_training_period(author=author, training_period=training, finished_on=dt.date(2026, 8, 31))
    assert error.value.message == "The end date must be later than the start date (1 September 2026)"
    training.refresh_from_db()
    assert training.finished_on is None
    assert not Event.objects.exists()


def test_finishing_on_the_same_day_again_writes_nothing(world, author, jane_at_oakfield):
    training = create_training_period(
        ect_at_school_period=jane_at_oakfield, training_programme=SCHOOL_LED, finished_on=dt.date(2026, 12, 31)
    )
    finish_training_period(author=author, training_period=training, finished_on=dt.date(2026, 12, 31))
    assert not Event.objects.exists()
