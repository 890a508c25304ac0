"""Registering a mentor (domain.md §7.2.1, §7.2.2; BR-M-01 … 06, BR-M-09 … 13, BR-M-22)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from teachers.messages import mentoring as messages
from teachers.models import MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from teachers.services.mentor_registration import MentorTrainingOffer, mentor_training_offer, register_mentor
from teachers.validation.mentor_registration import (
    check_email_not_in_use,
    mentor_start_date_from_parts,
    validate_mentor_email,
    validate_mentor_start_date,
    validate_mentoring_at_your_school_only,
    validate_use_same_programme_choices,
)
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)

D = dt.date
TOM = {"trn": "7654321", "trs_first_name": "Tom", "trs_last_name": "Brown"}


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Ivy Tutor", school=world.oakfield)


@pytest.fixture
def jane(world):
    return create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))


def tom_teacher(**fields) -> Teacher:
    return create_teacher(trn="7654321", first_name="Tom", last_name="Brown", **fields)


# BR-M-13 and the happy path --------------------------------------------------------------------------


def test_BR_M_13_a_never_registered_mentor_starts_today_and_is_assigned(world, author, jane):
    """BR-M-13: first-time mentor registered 2026-09-15 → `started_on = 2026-09-15`; assigned to Jane."""
    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom.brown@oakfield.sch.uk",
        started_on=D(2026, 9, 1),  # ignored: a new mentor starts today
        ect_at_school_period=jane,
    )

    period.refresh_from_db()
    assert period.started_on == D(2026, 9, 15)
    assert period.finished_on is None
    assert (period.school, period.email) == (world.oakfield, "tom.brown@oakfield.sch.uk")
    assert period.teacher.trn == "7654321"
    assert period.teacher.full_name == "Tom Brown"
    mentorship = MentorshipPeriod.objects.get()
    assert (mentorship.ect_at_school_period, mentorship.mentor_at_school_period) == (jane, period)
    assert mentorship.started_on == D(2026, 9, 15)
    registered = Event.objects.get(event_type=EventType.TEACHER_REGISTERED_AS_MENTOR)
    assert registered.heading == "Tom Brown was registered as a mentor at Oakfield Primary"
    assert (registered.teacher, registered.school, registered.mentor_at_school_period) == (
        period.teacher,
        world.oakfield,
        period,
    )
    assert Event.objects.filter(event_type=EventType.TEACHER_STARTS_MENTORING).count() == 1
    assert not TrainingPeriod.objects.exists()  # no lead provider chosen (school-led ECT)


def test_a_corrected_name_is_kept_with_a_name_event(world, author, jane):
    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        corrected_name="  Thomas   Brown ",
        email="tom.brown@oakfield.sch.uk",
        ect_at_school_period=jane,
    )
    assert period.teacher.corrected_name == "Thomas Brown"
    named = Event.objects.get(event_type=EventType.TEACHER_NAME_UPDATED_BY_USER)
    assert named.heading == "Name changed from 'Tom Brown' to 'Thomas Brown'"


# BR-M-01 ---------------------------------------------------------------------------------------------


def test_BR_M_01_the_ects_own_trn_cannot_be_registered_as_their_mentor(world, author, jane):
    """BR-M-01: registering a mentor with Jane's TRN for Jane → "cannot mentor themself"."""
    with pytest.raises(DomainError) as error:
        register_mentor(
            author=author,
            school=world.oakfield,
            trn="1234567",
            trs_first_name="Jane",
            trs_last_name="Smith",
            email="jane@oakfield.sch.uk",
            ect_at_school_period=jane,
        )
    assert error.value.message == "A mentee cannot mentor themself"
    assert not MentorAtSchoolPeriod.objects.exists()


# BR-M-02 ---------------------------------------------------------------------------------------------


def test_BR_M_02_email_rules_match_the_ect_rules(world, author, jane):
    """BR-M-02: blank / invalid / used by another teacher's ongoing period → refused; own or finished → fine."""
    with pytest.raises(DomainError) as blank:
        validate_mentor_email("  ")
    assert blank.value.message == "Enter the email address"
    for bad in ("tom@school", "tom..brown@school.org", "tom@-school.org", "to m@school.org"):
        with pytest.raises(DomainError) as invalid:
            validate_mentor_email(bad)
        assert invalid.value.message == "Enter an email address in the correct format, like name@example.com"
    assert validate_mentor_email(" tom.brown@oakfield.sch.uk ") == "tom.brown@oakfield.sch.uk"

    jane.email = "j.smith@oakfield.sch.uk"
    jane.save()
    with pytest.raises(DomainError) as in_use:
        register_mentor(
            author=author, school=world.oakfield, **TOM, email="J.Smith@Oakfield.sch.uk", ect_at_school_period=jane
        )
    assert in_use.value.message == messages.EMAIL_IN_USE
    check_email_not_in_use(email="J.SMITH@oakfield.sch.uk", trn="1234567")  # Jane's own address
    jane.finished_on = D(2026, 9, 30)
    jane.save()
    check_email_not_in_use(email="j.smith@oakfield.sch.uk", trn="7654321")  # a finished period: allowed


# BR-M-03 / 04 / 05 -----------------------------------------------------------------------------------


def test_BR_M_03_start_date_required_and_real(db):
    """BR-M-03: blank → `Enter the date they started or will start ECT mentoring at your school`; invalid →
    `Enter the date in the correct format, for example 12 03 1998`."""
    with pytest.raises(DomainError) as blank:
        mentor_start_date_from_parts("", "", "")
    assert blank.value.message == "Enter the date they started or will start ECT mentoring at your school"
    with pytest.raises(DomainError) as invalid:
        mentor_start_date_from_parts("30", "02", "2026")
    assert invalid.value.message == "Enter the date in the correct format, for example 12 03 1998"
    assert mentor_start_date_from_parts("1", "10", "2026") == D(2026, 10, 1)
    with pytest.raises(DomainError) as missing:
        validate_mentor_start_date(started_on=None, teacher_name="Tom Brown", period_elsewhere=None)
    assert missing.value.message == messages.MENTOR_START_DATE_REQUIRED


def test_BR_M_03_a_previous_mentor_must_give_a_start_date(world, author, jane):
    """§7.2.1 step 6: previously (not currently) a mentor → the start date is asked and required."""
    tom = tom_teacher()
    create_mentor_at_school_period(
        teacher=tom, school=world.hillside, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31)
    )
    with pytest.raises(DomainError) as error:
        register_mentor(
            author=author, school=world.oakfield, **TOM, email="tom@oakfield.sch.uk", ect_at_school_period=jane
        )
    assert error.value.message == "Enter the date they started or will start ECT mentoring at your school"

    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom@oakfield.sch.uk",
        started_on=D(2026, 9, 10),
        ect_at_school_period=jane,
    )
    assert period.started_on == D(2026, 9, 10)


def test_BR_M_04_start_date_at_least_two_days_after_the_other_schools_start(world, author, jane):
    """BR-M-04: Tom mentors at Hillside from 2026-09-01 (ongoing); Oakfield enters 2026-09-02 → refused."""
    tom = tom_teacher()
    create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 9, 1))
    with pytest.raises(DomainError) as error:
        register_mentor(
            author=author,
            school=world.oakfield,
            **TOM,
            email="tom@oakfield.sch.uk",
            started_on=D(2026, 9, 2),
            mentoring_at_your_school_only=True,
            ect_at_school_period=jane,
        )
    assert error.value.message == (
        "Our records show that Tom Brown started teaching at Hillside College on 1 September 2026. "
        "Enter a start date after 2 September 2026."
    )
    assert not MentorAtSchoolPeriod.objects.filter(school=world.oakfield).exists()


def test_BR_M_04_start_date_after_latest_training_at_the_other_school(world):
    tom = tom_teacher()
    at_hillside = create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 9, 1))
    create_training_period(mentor_at_school_period=at_hillside, started_on=D(2026, 9, 10))
    with pytest.raises(DomainError) as error:
        validate_mentor_start_date(started_on=D(2026, 9, 11), teacher_name="Tom Brown", period_elsewhere=at_hillside)
    assert error.value.message == (
        "Our records show that Tom Brown started their latest training at Hillside College on 10 September 2026. "
        "Enter a start date after 11 September 2026."
    )
    validate_mentor_start_date(started_on=D(2026, 9, 12), teacher_name="Tom Brown", period_elsewhere=at_hillside)


def test_BR_M_05_at_most_four_months_ahead_while_mentoring_elsewhere(world):
    """BR-M-05: on 2026-09-15, start 2027-01-16 → `Start date must be before 16 January 2027. You cannot register
    the mentor this far in advance.`; 2027-01-15 accepted."""
    tom = tom_teacher()
    at_hillside = create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 9, 1))
    with pytest.raises(DomainError) as error:
        validate_mentor_start_date(started_on=D(2027, 1, 16), teacher_name="Tom Brown", period_elsewhere=at_hillside)
    assert error.value.message == (
        "Start date must be before 16 January 2027. You cannot register the mentor this far in advance."
    )
    validate_mentor_start_date(started_on=D(2027, 1, 15), teacher_name="Tom Brown", period_elsewhere=at_hillside)


# BR-M-06 ---------------------------------------------------------------------------------------------


def test_BR_M_06_an_ongoing_mentor_here_is_only_assigned(world, author, jane):
    """BR-M-06: Tom is an ongoing mentor at Oakfield; registering him for Jane → mentorship with his existing
    period, no new registration."""
    tom = tom_teacher()
    existing = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=D(2026, 1, 10))

    result = register_mentor(
        author=author, school=world.oakfield, **TOM, email="another@oakfield.sch.uk", ect_at_school_period=jane
    )

    assert result == existing
    assert MentorAtSchoolPeriod.objects.count() == 1
    mentorship = MentorshipPeriod.objects.get()
    assert (mentorship.mentor_at_school_period, mentorship.ect_at_school_period) == (existing, jane)
    assert not Event.objects.filter(event_type=EventType.TEACHER_REGISTERED_AS_MENTOR).exists()
    assert Event.objects.filter(event_type=EventType.TEACHER_STARTS_BEING_MENTORED).count() == 1


# BR-M-09 / BR-M-10 / BR-M-11 -------------------------------------------------------------------------


def test_BR_M_09_an_ineligible_mentor_gets_no_training(world, author, jane):
    """BR-M-09: Tom has reason `completed_declaration_received` → registered as mentor with no training."""
    tom_teacher(
        mentor_became_ineligible_for_funding_on=D(2026, 7, 20),
        mentor_became_ineligible_for_funding_reason="completed_declaration_received",
    )

    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom@oakfield.sch.uk",
        lead_provider=world.alpha,
        ect_at_school_period=jane,
    )

    assert period.started_on == D(2026, 9, 15)
    assert not TrainingPeriod.objects.exists()
    assert period.teacher.mentor_first_became_eligible_for_training_at is None
    assert Event.objects.filter(event_type=EventType.TEACHER_REGISTERED_AS_MENTOR).exists()


def test_BR_M_10_mentoring_at_several_schools_starts_today_without_training(world, author, jane):
    """BR-M-10: Tom ongoing at Hillside; Oakfield answers "No" → Oakfield period from 2026-09-15; Hillside
    untouched; no training period at Oakfield."""
    tom = tom_teacher()
    at_hillside = create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 1, 10))

    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom@oakfield.sch.uk",
        started_on=D(2026, 10, 1),
        mentoring_at_your_school_only=False,
        lead_provider=world.alpha,
        ect_at_school_period=jane,
    )

    assert period.started_on == D(2026, 9, 15)
    at_hillside.refresh_from_db()
    assert at_hillside.finished_on is None
    assert not TrainingPeriod.objects.exists()
    assert MentorshipPeriod.objects.get().started_on == D(2026, 9, 15)


def test_BR_M_11_mentoring_only_here_finishes_the_other_schools(world, author, jane):
    """BR-M-11: start at Oakfield 2026-10-01 → Hillside mentor period (and its mentorships) finished 2026-09-30."""
    tom = tom_teacher()
    at_hillside = create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 1, 10))
    sam = create_ect_at_school_period(school=world.hillside, started_on=D(2026, 1, 10))
    with_sam = create_mentorship_period(mentee=sam, mentor=at_hillside)

    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom@oakfield.sch.uk",
        started_on=D(2026, 10, 1),
        mentoring_at_your_school_only=True,
        ect_at_school_period=jane,
    )

    assert period.started_on == D(2026, 10, 1)
    at_hillside.refresh_from_db()
    with_sam.refresh_from_db()
    assert at_hillside.finished_on == with_sam.finished_on == D(2026, 9, 30)
    assert at_hillside.reported_leaving_by_school is None
    # The transferring mentor's first mentorship with Jane is backdated to his start (BR-M-17).
    assert MentorshipPeriod.objects.get(ect_at_school_period=jane).started_on == D(2026, 10, 1)


# BR-M-12 ---------------------------------------------------------------------------------------------


def test_BR_M_12_not_twice_at_the_same_school(world, author, jane):
    """BR-M-12: overlapping finished periods at Oakfield → `Start date cannot overlap another Teacher School Mentor
    period`; a second ongoing Tom period at Oakfield is refused by the database."""
    tom = tom_teacher()
    create_mentor_at_school_period(
        teacher=tom, school=world.oakfield, started_on=D(2026, 1, 10), finished_on=D(2026, 9, 20)
    )

    with pytest.raises(DomainError) as error:
        register_mentor(
            author=author,
            school=world.oakfield,
            **TOM,
            email="tom@oakfield.sch.uk",
            started_on=D(2026, 9, 20),
            ect_at_school_period=jane,
        )
    assert error.value.message == "Start date cannot overlap another Teacher School Mentor period"

    from django.db import IntegrityError, transaction

    ongoing_tom = create_teacher(first_name="Tom", last_name="Two")
    create_mentor_at_school_period(teacher=ongoing_tom, school=world.oakfield, started_on=D(2026, 9, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorAtSchoolPeriod.objects.create(teacher=ongoing_tom, school=world.oakfield, started_on=D(2026, 9, 2))


def test_BR_M_12_ongoing_at_several_schools_is_allowed(world, author, jane):
    tom = tom_teacher()
    create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 1, 10))
    register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom@oakfield.sch.uk",
        mentoring_at_your_school_only=False,
        ect_at_school_period=jane,
    )
    assert MentorAtSchoolPeriod.objects.filter(teacher=tom, finished_on__isnull=True).count() == 2


# BR-M-22 ---------------------------------------------------------------------------------------------


def test_BR_M_22_journey_questions_must_be_answered(world, author, jane):
    """BR-M-22: unanswered "mentoring at your school only?" and "use same programme choices?" questions."""
    with pytest.raises(DomainError) as only_here:
        validate_mentoring_at_your_school_only(None)
    assert only_here.value.message == (
        "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only"
    )
    with pytest.raises(DomainError) as same_choices:
        validate_use_same_programme_choices(None)
    assert same_choices.value.message == (
        "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
    )
    assert validate_use_same_programme_choices(False) is False

    tom = tom_teacher()
    create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 1, 10))
    with pytest.raises(DomainError) as service_error:
        register_mentor(
            author=author, school=world.oakfield, **TOM, email="tom@oakfield.sch.uk", ect_at_school_period=jane
        )
    assert service_error.value.message == messages.MENTORING_AT_YOUR_SCHOOL_ONLY_REQUIRED


def test_a_future_start_in_a_disabled_contract_period_cannot_be_registered_yet(world, author, jane):
    """§7.2.1 step 7: start in 2027-07 (2027 not enabled) → "cannot register mentor yet"."""
    tom = tom_teacher()
    create_mentor_at_school_period(
        teacher=tom, school=world.hillside, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31)
    )
    with pytest.raises(DomainError) as error:
        register_mentor(
            author=author,
            school=world.oakfield,
            **TOM,
            email="tom@oakfield.sch.uk",
            started_on=D(2027, 7, 1),
            ect_at_school_period=jane,
        )
    assert error.value.message == messages.CANNOT_REGISTER_MENTOR_YET


# §7.2.1 step 5 ---------------------------------------------------------------------------------------


def test_funded_training_is_offered_for_a_provider_led_ect_with_the_ects_lead_provider(world, jane):
    """§7.2.1 step 5: provider-led ECT (Alpha partnership) and a fundable mentor → offered, details to Alpha."""
    from tests.builders import create_school_partnership

    partnership = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2026
    )
    create_training_period(ect_at_school_period=jane, started_on=D(2026, 9, 15), school_partnership=partnership)

    offer = mentor_training_offer(ect_at_school_period=jane, trn="7654321")

    assert offer == MentorTrainingOffer(eligible=True, lead_provider=world.alpha, must_choose_lead_provider=False)


def test_the_school_must_choose_when_the_ects_provider_is_not_active_in_the_mentors_contract_period(world, jane):
    """§7.2.1 step 5: Beta (active only in 2026) for a mentor whose previous training keeps him in 2025."""
    from providers.models import ActiveLeadProvider
    from tests.builders import create_school_partnership

    beta_2026 = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    create_training_period(ect_at_school_period=jane, started_on=D(2026, 9, 15), expression_of_interest=beta_2026)
    tom = tom_teacher()
    at_hillside = create_mentor_at_school_period(
        teacher=tom, school=world.hillside, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31)
    )
    create_training_period(
        mentor_at_school_period=at_hillside,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 7, 31),
        school_partnership=create_school_partnership(
            school=world.hillside, lead_provider=world.alpha, delivery_partner=world.delta, year=2025
        ),
    )

    offer = mentor_training_offer(ect_at_school_period=jane, trn="7654321", started_on=D(2026, 9, 15))

    assert offer == MentorTrainingOffer(eligible=True, lead_provider=world.beta, must_choose_lead_provider=True)


def test_no_funded_training_offer_for_school_led_ects_or_ineligible_mentors(world, jane):
    create_training_period(ect_at_school_period=jane, training_programme="school_led")
    assert mentor_training_offer(ect_at_school_period=jane, trn="7654321") == MentorTrainingOffer(eligible=False)

    sam = create_ect_at_school_period(school=world.oakfield)
    create_training_period(ect_at_school_period=sam)
    tom_teacher(
        mentor_became_ineligible_for_funding_on=D(2026, 7, 20),
        mentor_became_ineligible_for_funding_reason="completed_declaration_received",
    )
    assert mentor_training_offer(ect_at_school_period=sam, trn="7654321") == MentorTrainingOffer(eligible=False)


# §7.2.2 step 4 / §6.5 --------------------------------------------------------------------------------


def test_a_fundable_mentor_with_a_lead_provider_gets_provider_led_training_and_eligibility(world, author, jane):
    """§7.2.2 steps 4–5: lead provider chosen, eligible, one school → provider-led mentor training from the mentor
    start, partnership of the school with that provider in the contract period; mentor first-eligible set."""
    from tests.builders import create_school_partnership

    partnership = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2026
    )
    create_training_period(ect_at_school_period=jane, started_on=D(2026, 9, 15), school_partnership=partnership)

    period = register_mentor(
        author=author,
        school=world.oakfield,
        **TOM,
        email="tom@oakfield.sch.uk",
        lead_provider=world.alpha,
        ect_at_school_period=jane,
    )

    training = TrainingPeriod.objects.get(mentor_at_school_period=period)
    assert training.training_programme == "provider_led"
    assert training.started_on == D(2026, 9, 15)
    assert training.school_partnership == partnership
    assert training.schedule.contract_period_id == 2026
    period.teacher.refresh_from_db()
    assert period.teacher.mentor_first_became_eligible_for_training_at is not None
    registered = Event.objects.get(event_type=EventType.TEACHER_REGISTERED_AS_MENTOR)
    assert (registered.training_period, registered.lead_provider) == (training, world.alpha)
    assert Event.objects.filter(event_type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET, teacher=period.teacher).exists()
    assert TrainingPeriod.objects.filter(role="mentor").count() == 1  # the assignment adds none
