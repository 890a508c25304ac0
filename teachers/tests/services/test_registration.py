"""Registering an ECT (domain.md §7.1.2, §7.1.4; BR-ECT-11, 18 … 24, 28, 29, 34, 36; BR-CP-13, 14; Q8, Q14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.clock import start_of_day
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers.models import ActiveLeadProvider, ScheduleIdentifier, SchoolPartnership
from schools.models import TrainingProgramme
from teachers.models import ECTAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod, WorkingPattern
from teachers.services.registration import ect_period_constraint_error, register_ect
from tests.builders import (
    create_appropriate_body,
    create_delivery_partner,
    create_ect_at_school_period,
    create_induction_period,
    create_lead_provider,
    create_lead_provider_delivery_partnership,
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


def school_author(school):
    return Author.school_user(email=f"tutor@{school.urn}.sch.uk", name="Tess Tutor", school=school)


def register(world, *, school=None, **overrides):
    school = school or world.oakfield
    values = dict(
        author=school_author(school),
        school=school,
        trn="1234567",
        trs_first_name="Jane",
        trs_last_name="Smith",
        started_on=dt.date(2026, 9, 1),
        email="jane.smith@example.com",
        working_pattern=WorkingPattern.FULL_TIME,
        appropriate_body=world.north_hub,
        training_programme=SCHOOL_LED,
    )
    values.update(overrides)
    return register_ect(**values)


def event_types(**links):
    return list(Event.objects.filter(**links).order_by("pk").values_list("event_type", flat=True))


# The happy path ------------------------------------------------------------------------------------------


def test_registering_a_new_teacher_creates_the_teacher_period_training_and_events(world):
    period = register(
        world,
        trn="RP 76543",
        trs_first_name="  Sam ",
        trs_last_name="Jones",
        email=" sam@example.com ",
        working_pattern=WorkingPattern.PART_TIME,
    )
    teacher = Teacher.objects.get(trn="0076543")
    assert (teacher.trs_first_name, teacher.trs_last_name, teacher.corrected_name) == ("Sam", "Jones", None)
    assert (period.teacher, period.school, period.started_on, period.finished_on) == (
        teacher,
        world.oakfield,
        dt.date(2026, 9, 1),
        None,
    )
    assert (period.email, period.working_pattern, period.school_reported_appropriate_body) == (
        "sam@example.com",
        WorkingPattern.PART_TIME,
        world.north_hub,
    )
    [training] = period.training_periods.all()
    assert training.training_programme == SCHOOL_LED
    registered = Event.objects.get(event_type=EventType.TEACHER_REGISTERED_AS_ECT)
    assert registered.heading == "Sam Jones was registered as an ECT at Oakfield Primary"
    assert (registered.teacher, registered.school, registered.ect_at_school_period, registered.training_period) == (
        teacher,
        world.oakfield,
        period,
        training,
    )
    assert registered.author_type == "school_user"
    assert event_types(teacher=teacher) == [
        EventType.TEACHER_STARTS_TRAINING_PERIOD,
        EventType.TEACHER_REGISTERED_AS_ECT,
    ]


def test_registration_remembers_the_schools_choices(world):
    register(world, training_programme=PROVIDER_LED, lead_provider=world.alpha)
    world.oakfield.refresh_from_db()
    assert world.oakfield.last_chosen_appropriate_body == world.north_hub
    assert world.oakfield.last_chosen_training_programme == PROVIDER_LED
    assert world.oakfield.last_chosen_lead_provider == world.alpha


def test_school_led_registration_clears_the_last_lead_provider(world):
    world.oakfield.last_chosen_training_programme = PROVIDER_LED
    world.oakfield.last_chosen_lead_provider = world.alpha
    world.oakfield.save()
    register(world)
    world.oakfield.refresh_from_db()
    assert world.oakfield.last_chosen_training_programme == SCHOOL_LED
    assert world.oakfield.last_chosen_lead_provider is None


def test_a_corrected_name_for_a_new_teacher_is_stored_and_recorded(world):
    register(world, trn="7654321", trs_first_name="Sam", trs_last_name="Jnoes", corrected_name="Sam  Jones")
    teacher = Teacher.objects.get(trn="7654321")
    assert teacher.corrected_name == "Sam Jones"
    event = Event.objects.get(event_type=EventType.TEACHER_NAME_UPDATED_BY_USER)
    assert event.heading == "Name changed from 'Sam Jnoes' to 'Sam Jones'"
    assert event.teacher == teacher


def test_Q8_a_corrected_name_is_applied_to_an_existing_teacher(world):
    """Q8: the reference records the event but leaves the existing teacher's name; we apply it."""
    register(world, corrected_name="Jane Smith-Jones", trs_first_name="Janet", trs_last_name="Smyth")
    world.jane.refresh_from_db()
    assert world.jane.corrected_name == "Jane Smith-Jones"
    assert (world.jane.trs_first_name, world.jane.trs_last_name) == ("Jane", "Smith")  # TRS names untouched
    event = Event.objects.get(event_type=EventType.TEACHER_NAME_UPDATED_BY_USER)
    assert event.heading == "Name changed from 'Jane Smith' to 'Jane Smith-Jones'"


# Refusals ------------------------------------------------------------------------------------------------


def test_BR_ECT_11_an_ect_ongoing_at_this_school_is_not_registered_again(world):
    """BR-ECT-11: Oakfield registers Jane while her Oakfield period is ongoing → refused."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    with pytest.raises(DomainError) as error:
        register(world, started_on=dt.date(2026, 9, 15))
    assert error.value.message == "Jane Smith is already registered as an ECT at your school"
    assert ECTAtSchoolPeriod.objects.count() == 1
    assert not Event.objects.exists()


def test_BR_ECT_18_the_service_refuses_a_teacher_who_passed(world):
    """BR-ECT-18: TRS `Passed` → "induction completed"."""
    with pytest.raises(DomainError) as error:
        register(world, trn="7654321", trs_first_name="Sam", trs_last_name="Jones", trs_induction_status="Passed")
    assert error.value.message == "Sam Jones has already completed their induction"
    assert not Teacher.objects.filter(trn="7654321").exists()


def test_Q14_a_teacher_passed_in_rect_but_not_yet_in_trs_is_refused(world):
    """Q14: the local finished induction outcome is checked as well as TRS."""
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2026, 7, 20),
        outcome="pass",
    )
    with pytest.raises(DomainError) as error:
        register(world, trs_induction_status="InProgress")
    assert error.value.message == "Jane Smith has already completed their induction"


def test_BR_ECT_12_the_service_refuses_a_start_in_a_period_not_yet_enabled(world):
    """BR-ECT-12: 2027 exists but is not enabled."""
    with pytest.raises(DomainError) as error:
        register(world, started_on=dt.date(2027, 7, 1))
    assert error.value.message == "You cannot register this ECT yet"


def test_BR_ECT_20_the_reported_appropriate_body_is_required(world):
    """BR-ECT-20."""
    with pytest.raises(DomainError) as error:
        register(world, appropriate_body=None)
    assert (error.value.field, error.value.message) == ("school_reported_appropriate_body_id", "can't be blank")


def test_BR_ECT_21_the_reported_appropriate_body_must_be_active(world):
    """BR-ECT-21: Old County Council is inactive."""
    with pytest.raises(DomainError) as error:
        register(world, appropriate_body=world.old_county_council)
    assert (error.value.field, error.value.message) == ("school_reported_appropriate_body_id", "Must be active")


def test_BR_ECT_22_an_independent_schools_body_must_be_national_or_a_hub(world):
    """BR-ECT-22: Hillside with an (active) local-authority body."""
    local_authority = create_appropriate_body(name="Active County", body_type="local_authority")
    with pytest.raises(DomainError) as error:
        register(world, school=world.hillside, appropriate_body=local_authority)
    assert error.value.message == "Must be national or teaching school hub"
    assert register(world, school=world.hillside, appropriate_body=world.istip).school_reported_appropriate_body == (
        world.istip
    )


def test_BR_ECT_23_a_state_funded_schools_body_must_be_a_hub(world):
    """BR-ECT-23: Oakfield with ISTIP."""
    with pytest.raises(DomainError) as error:
        register(world, appropriate_body=world.istip)
    assert error.value.message == "Must be teaching school hub"
    assert not ECTAtSchoolPeriod.objects.exists()


def test_provider_led_registration_needs_a_lead_provider(world):
    with pytest.raises(DomainError) as error:
        register(world, training_programme=PROVIDER_LED)
    assert error.value.message == "Select which lead provider will be training the ECT"


# Moving school ---------------------------------------------------------------------------------------------


def test_BR_ECT_19_registering_at_a_new_school_finishes_the_previous_period_the_day_before(world):
    """BR-ECT-19: Jane ongoing at Oakfield since 2025-09-01; Hillside registers her from 2026-10-01 → the Oakfield
    period, its current training period and mentorship are finished 2026-09-30."""
    oakfield = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    training = create_training_period(
        ect_at_school_period=oakfield, started_on=dt.date(2025, 9, 1), training_programme=SCHOOL_LED
    )
    mentor = create_mentor_at_school_period(school=world.oakfield, started_on=dt.date(2025, 9, 1))
    mentorship = create_mentorship_period(mentee=oakfield, mentor=mentor, started_on=dt.date(2025, 9, 1))

    hillside = register(world, school=world.hillside, started_on=dt.date(2026, 10, 1), appropriate_body=world.istip)

    for row in (oakfield, training, mentorship):
        row.refresh_from_db()
        assert row.finished_on == dt.date(2026, 9, 30)
    assert oakfield.reported_leaving_by_school is None
    assert (hillside.started_on, hillside.finished_on) == (dt.date(2026, 10, 1), None)
    assert hillside.training_periods.get().started_on == dt.date(2026, 10, 1)
    left = Event.objects.get(event_type=EventType.TEACHER_LEFT_SCHOOL_AS_ECT)
    assert (left.ect_at_school_period, left.happened_at) == (oakfield, start_of_day(dt.date(2026, 9, 30)))
    assert Event.objects.filter(
        event_type=EventType.TEACHER_FINISHES_TRAINING_PERIOD, training_period=training
    ).exists()


def test_BR_ECT_19_a_period_due_to_finish_after_the_new_start_is_cut_short(world):
    oakfield = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 12, 31)
    )
    register(world, school=world.hillside, started_on=dt.date(2026, 10, 1), appropriate_body=world.istip)
    oakfield.refresh_from_db()
    assert oakfield.finished_on == dt.date(2026, 9, 30)


def test_a_previous_period_that_already_ended_is_left_alone(world):
    oakfield = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 31)
    )
    register(world, school=world.hillside, started_on=dt.date(2026, 10, 1), appropriate_body=world.istip)
    oakfield.refresh_from_db()
    assert oakfield.finished_on == dt.date(2026, 7, 31)
    assert not Event.objects.filter(event_type=EventType.TEACHER_LEFT_SCHOOL_AS_ECT).exists()


def test_BR_ECT_24_no_second_ongoing_ect_period(world):
    """BR-ECT-24: an ongoing period at Oakfield due to start after the new one; the new ongoing period would
    overlap it."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 11, 1))
    with pytest.raises(DomainError) as error:
        register(world, school=world.hillside, started_on=dt.date(2026, 10, 1), appropriate_body=world.istip)
    assert (error.value.field, error.value.message) == (
        "finished_on",
        "End date cannot overlap another Teacher ECT period",
    )
    assert ECTAtSchoolPeriod.objects.filter(school=world.hillside).count() == 0


def test_BR_ECT_24_the_database_refuses_a_second_ongoing_period_with_the_spec_message(world):
    """BR-ECT-24: the constraint backstop maps back to the overlap wording."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        create_ect_at_school_period(teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 10, 1))
    error = ect_period_constraint_error(raised.value)
    assert error is not None and "cannot overlap another Teacher ECT period" in error.message
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        create_ect_at_school_period(
            teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 9, 1), finished_on=dt.date(2026, 9, 1)
        )
    assert ect_period_constraint_error(raised.value).message == "Start date cannot overlap another Teacher ECT period"


# First training period -------------------------------------------------------------------------------------


def test_BR_ECT_28_training_starts_on_the_later_of_school_start_and_today(world, frozen_today):
    """BR-ECT-28: registered 2026-09-15 with start 2026-09-01 → ECT from 09-01, training from 09-15."""
    period = register(world, started_on=dt.date(2026, 9, 1))
    assert period.started_on == dt.date(2026, 9, 1)
    assert period.training_periods.get().started_on == dt.date(2026, 9, 15)


def test_BR_ECT_28_a_future_start_starts_both_on_that_day(world):
    """BR-ECT-28: start 2026-10-01 → both from 2026-10-01."""
    period = register(world, started_on=dt.date(2026, 10, 1))
    assert (period.started_on, period.training_periods.get().started_on) == (dt.date(2026, 10, 1), dt.date(2026, 10, 1))


def test_BR_ECT_29_provider_led_registration_links_the_earliest_partnership(world):
    """BR-ECT-29: Oakfield has a 2026 partnership with Alpha/Delta → that partnership, no EOI."""
    partnership = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta
    )
    create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=create_delivery_partner(name="Later DP")
    )
    training = register(world, training_programme=PROVIDER_LED, lead_provider=world.alpha).training_periods.get()
    assert (training.school_partnership, training.expression_of_interest) == (partnership, None)
    assert (training.schedule.identifier, training.schedule.contract_period_id) == (
        ScheduleIdentifier.STANDARD_SEPTEMBER,
        2026,
    )


def test_BR_ECT_29_without_a_partnership_an_expression_of_interest_is_recorded(world):
    """BR-ECT-29: no partnership → EOI = ActiveLeadProvider(Alpha, 2026)."""
    training = register(world, training_programme=PROVIDER_LED, lead_provider=world.alpha).training_periods.get()
    assert training.school_partnership is None
    assert training.expression_of_interest == ActiveLeadProvider.objects.get(
        lead_provider=world.alpha, contract_period=2026
    )
    assert event_types(training_period=training) == [
        EventType.TEACHER_STARTS_TRAINING_PERIOD,
        EventType.TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD,
        EventType.TEACHER_REGISTERED_AS_ECT,
    ]


def test_BR_ECT_17_Q10_a_lead_provider_not_active_in_the_period_is_refused(world):
    """BR-ECT-17 / Q10: a provider active only in 2025 cannot train a 2026 registration; nothing is created."""
    only_2025 = create_lead_provider(name="Gamma Trust", active_in=(2025,))
    with pytest.raises(DomainError) as error:
        register(world, training_programme=PROVIDER_LED, lead_provider=only_2025)
    assert error.value.message == "The lead provider is not available for this contract period"
    assert not ECTAtSchoolPeriod.objects.exists()


def test_BR_CP_13_reassignment_from_a_frozen_cohort_at_registration(world):
    """BR-CP-13: previous training with Alpha in 2022; Hillside registers her provider-led from 2026-10-01 →
    contract period 2024, `ecf-extended-september` (2024), training from max(2026-10-01, 2024-06-01)."""
    alpha_2022 = ActiveLeadProvider.objects.create(
        lead_provider=world.alpha, contract_period=world.contract_periods[2022]
    )
    old = create_ect_at_school_period(
        teacher=world.jane,
        school=create_school(name="Old School"),
        started_on=dt.date(2022, 9, 1),
        finished_on=dt.date(2023, 7, 31),
    )
    create_training_period(
        ect_at_school_period=old,
        started_on=dt.date(2022, 9, 1),
        finished_on=dt.date(2023, 7, 31),
        expression_of_interest=alpha_2022,
    )
    period = register(
        world,
        school=world.hillside,
        started_on=dt.date(2026, 10, 1),
        appropriate_body=world.istip,
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
    )
    training = period.training_periods.get()
    assert training.started_on == dt.date(2026, 10, 1)
    assert (training.schedule.identifier, training.schedule.contract_period_id) == (
        ScheduleIdentifier.EXTENDED_SEPTEMBER,
        2024,
    )
    assert training.expression_of_interest == ActiveLeadProvider.objects.get(
        lead_provider=world.alpha, contract_period=2024
    )


def test_BR_CP_14_an_open_previous_cohort_and_schedule_are_kept_at_registration(world):
    """BR-CP-14: previous training 2025 on `ecf-standard-january`; new school from 2026-10-01 → 2025, same
    schedule."""
    oakfield = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 1, 5))
    previous = create_training_period(
        ect_at_school_period=oakfield,
        started_on=dt.date(2026, 1, 5),
        school_partnership=create_school_partnership(
            school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025
        ),
        schedule_identifier=ScheduleIdentifier.STANDARD_JANUARY,
    )
    period = register(
        world,
        school=world.hillside,
        started_on=dt.date(2026, 10, 1),
        appropriate_body=world.istip,
        training_programme=PROVIDER_LED,
        lead_provider=world.alpha,
    )
    training = period.training_periods.get()
    assert training.schedule == previous.schedule
    assert training.expression_of_interest.contract_period_id == 2025
    previous.refresh_from_db()
    assert previous.finished_on == dt.date(2026, 9, 30)


def test_a_reusable_partnership_from_an_earlier_year_is_recreated_for_the_registration_period(world):
    """§6.10: Oakfield's 2025 Alpha/Delta partnership; Delta works with Alpha in 2026 too → a 2026 partnership is
    created (event `school_partnership_reused`) and linked."""
    old = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025
    )
    training = register(
        world, training_programme=PROVIDER_LED, lead_provider=world.alpha, reusable_school_partnership=old
    ).training_periods.get()
    new = training.school_partnership
    assert new != old and new.contract_period.year == 2026 and new.delivery_partner == world.delta
    event = Event.objects.get(event_type=EventType.SCHOOL_PARTNERSHIP_REUSED)
    assert (
        event.heading
        == "Oakfield Primary reused a previous partnership with Delta Partners (via Alpha Learning) for 2026"
    )
    assert event.school_partnership == new


def test_a_reusable_partnership_without_a_pairing_in_the_period_falls_back_to_an_eoi(world):
    other_dp = create_delivery_partner(name="Zeta")
    create_lead_provider_delivery_partnership(
        active_lead_provider=ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period=2025),
        delivery_partner=other_dp,
    )
    old = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=other_dp, year=2025
    )
    training = register(
        world, training_programme=PROVIDER_LED, lead_provider=world.alpha, reusable_school_partnership=old
    ).training_periods.get()
    assert training.school_partnership is None
    assert training.expression_of_interest.contract_period_id == 2026
    assert SchoolPartnership.objects.count() == 1


# Funding and email -----------------------------------------------------------------------------------------


def test_BR_ECT_34_registration_sets_funding_eligibility_when_induction_is_ongoing(world):
    """BR-ECT-34: North Hub claimed Jane on 2026-09-05 (ongoing); Oakfield registers her on 2026-09-15."""
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 5))
    register(world)
    world.jane.refresh_from_db()
    assert world.jane.ect_first_became_eligible_for_training_at.date() == dt.date(2026, 9, 15)
    assert Event.objects.filter(event_type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET, teacher=world.jane).exists()


def test_registration_without_induction_does_not_set_funding_eligibility(world):
    register(world)
    world.jane.refresh_from_db()
    assert world.jane.ect_first_became_eligible_for_training_at is None


def test_BR_ECT_36_no_email_means_no_confirmation(world, django_capture_on_commit_callbacks):
    """BR-ECT-36: a registration without an email sends no confirmation email."""
    with django_capture_on_commit_callbacks() as callbacks:
        register(world, email=None)
    assert callbacks == []
    assert ECTAtSchoolPeriod.objects.get().email is None


def test_a_registration_with_an_email_queues_the_confirmation_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        register(world)
    assert len(callbacks) == 1


def test_registration_touches_the_teachers_api_timestamp(world):
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=start_of_day(dt.date(2026, 1, 1)))
    register(world)
    world.jane.refresh_from_db()
    assert world.jane.api_updated_at.date() == dt.date(2026, 9, 15)


def test_nothing_is_written_when_training_cannot_start(world):
    """One transaction: a failure in the last step leaves no teacher, period or event behind."""
    with pytest.raises(DomainError):
        register(
            world, trn="7654321", training_programme=PROVIDER_LED, lead_provider=create_lead_provider(name="Gamma")
        )
    assert not Teacher.objects.filter(trn="7654321").exists()
    assert not TrainingPeriod.objects.exists() and not MentorshipPeriod.objects.exists()
    assert not Event.objects.exists()


def test_a_teacher_registered_elsewhere_keeps_their_trs_names(world):
    create_teacher(trn="2222222", first_name="Ann", last_name="Other")
    register(world, trn="2222222", trs_first_name="Annie", trs_last_name="Other")
    assert Teacher.objects.get(trn="2222222").trs_first_name == "Ann"
