"""Mentorships: validation, assigning and replacing mentors, mentor training on assignment (domain.md §7.2.4,
§7.2.5; BR-MS-01 … 06, BR-M-01, BR-M-07, BR-M-14 … 18, BR-P-09)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import start_of_day
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from schools.models import TrainingProgramme
from teachers.messages import mentoring as messages
from teachers.models import MentorshipPeriod, TrainingPeriod
from teachers.services.mentoring import (
    assign_mentor,
    finish_mentorship,
    validate_mentor_change,
    validate_mentor_choice,
    validate_mentor_lead_provider,
    validate_mentorship,
)
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)

D = dt.date


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Ivy Tutor", school=world.oakfield)


@pytest.fixture
def jane(world):
    """Jane at Oakfield from 2026-09-01."""
    return create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))


@pytest.fixture
def tom(world):
    teacher = create_teacher(trn="7654321", first_name="Tom", last_name="Brown")
    return create_mentor_at_school_period(teacher=teacher, school=world.oakfield, started_on=D(2026, 9, 1))


@pytest.fixture
def ann(world):
    teacher = create_teacher(trn="1111111", first_name="Ann", last_name="Jones")
    return create_mentor_at_school_period(teacher=teacher, school=world.oakfield, started_on=D(2026, 9, 1))


def event_types():
    return sorted(Event.objects.values_list("event_type", flat=True))


# BR-MS-* ---------------------------------------------------------------------------------------------


def test_BR_MS_01_mentor_and_mentee_must_be_different_teachers(world, author, jane):
    """BR-MS-01 / BR-M-01: both periods belong to Jane → `A mentee cannot mentor themself`."""
    janes_mentor_period = create_mentor_at_school_period(teacher=world.jane, school=world.oakfield)
    with pytest.raises(DomainError) as error:
        validate_mentorship(
            ect_at_school_period=jane,
            mentor_at_school_period=janes_mentor_period,
            started_on=D(2026, 9, 15),
            finished_on=None,
        )
    assert error.value.message == "A mentee cannot mentor themself"
    with pytest.raises(DomainError) as service_error:
        assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=janes_mentor_period)
    assert service_error.value.message == "A mentee cannot mentor themself"
    assert not MentorshipPeriod.objects.exists()


def test_BR_M_01_an_ect_cannot_be_their_own_mentor(world, author, jane):
    """BR-M-01: assigning Jane's own mentor period to her ECT period → `A mentee cannot mentor themself`."""
    own = create_mentor_at_school_period(teacher=world.jane, school=world.oakfield)
    with pytest.raises(DomainError) as error:
        assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=own)
    assert error.value.message == messages.MENTEE_CANNOT_MENTOR_THEMSELF
    assert not Event.objects.exists()


def test_BR_MS_02_mentor_and_mentee_at_the_same_school(world, author, jane):
    """BR-MS-02: Jane at Oakfield, Tom's period at Hillside → `Mentor and mentee periods must belong to the same
    school`."""
    tom_at_hillside = create_mentor_at_school_period(school=world.hillside, started_on=D(2026, 9, 1))
    with pytest.raises(DomainError) as error:
        validate_mentorship(
            ect_at_school_period=jane,
            mentor_at_school_period=tom_at_hillside,
            started_on=D(2026, 9, 15),
            finished_on=None,
        )
    assert error.value.message == "Mentor and mentee periods must belong to the same school"


def test_BR_MS_03_one_mentor_at_a_time_but_many_mentees(world, author, jane, tom, ann):
    """BR-MS-03: Jane/Tom 2026-09-01 → ongoing; Jane/Ann from 2026-10-01 without finishing Tom → `Start date
    cannot overlap another Mentee period`; Tom also mentoring Sam over the same dates → valid."""
    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))
    with pytest.raises(DomainError) as error:
        validate_mentorship(
            ect_at_school_period=jane, mentor_at_school_period=ann, started_on=D(2026, 10, 1), finished_on=None
        )
    assert (error.value.field, error.value.message) == ("started_on", "Start date cannot overlap another Mentee period")

    sam = create_ect_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    validate_mentorship(
        ect_at_school_period=sam, mentor_at_school_period=tom, started_on=D(2026, 9, 1), finished_on=None
    )
    mentorship = assign_mentor(author=author, ect_at_school_period=sam, mentor_at_school_period=tom)
    assert mentorship.mentor_at_school_period == tom
    assert MentorshipPeriod.objects.filter(mentor_at_school_period=tom, finished_on__isnull=True).count() == 2


def test_BR_MS_04_mentorship_within_the_ect_period(world, jane, tom):
    """BR-MS-04: Jane's ECT period ends 2026-12-31; mentorship to 2027-01-31 → `Date range is not contained by
    the ECT at school period`."""
    jane.finished_on = D(2026, 12, 31)
    jane.save()
    with pytest.raises(DomainError) as error:
        validate_mentorship(
            ect_at_school_period=jane,
            mentor_at_school_period=tom,
            started_on=D(2026, 9, 15),
            finished_on=D(2027, 1, 31),
        )
    assert error.value.message == "Date range is not contained by the ECT at school period"


def test_BR_MS_05_mentorship_within_the_mentor_period(world, jane):
    """BR-MS-05: Tom's period starts 2026-09-10; mentorship from 2026-09-01 → `Date range is not contained by the
    mentor at school period`."""
    tom = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 9, 10))
    with pytest.raises(DomainError) as error:
        validate_mentorship(
            ect_at_school_period=jane, mentor_at_school_period=tom, started_on=D(2026, 9, 1), finished_on=None
        )
    assert error.value.message == "Date range is not contained by the mentor at school period"


def test_BR_MS_06_start_date_and_both_periods_are_required(world, jane, tom):
    """BR-MS-06: no start → error on `started_on` (required); likewise the two periods."""
    with pytest.raises(DomainError) as error:
        validate_mentorship(ect_at_school_period=jane, mentor_at_school_period=tom, started_on=None, finished_on=None)
    assert (error.value.field, error.value.message) == ("started_on", messages.STARTED_ON_REQUIRED)
    with pytest.raises(DomainError) as no_ect:
        validate_mentorship(
            ect_at_school_period=None, mentor_at_school_period=tom, started_on=D(2026, 9, 15), finished_on=None
        )
    assert no_ect.value.field == "ect_at_school_period"
    with pytest.raises(DomainError) as no_mentor:
        validate_mentorship(
            ect_at_school_period=jane, mentor_at_school_period=None, started_on=D(2026, 9, 15), finished_on=None
        )
    assert no_mentor.value.field == "mentor_at_school_period"


# BR-M-14 / 15 / 16 -----------------------------------------------------------------------------------


def test_BR_M_14_assigning_an_existing_mentor_needs_a_valid_choice(world, jane, tom):
    """BR-M-14: missing ECT; nothing chosen; mentor from another school; the ECT's own mentor period."""
    with pytest.raises(DomainError) as missing_ect:
        validate_mentor_choice(school=world.oakfield, ect_at_school_period=None, mentor_at_school_period=tom)
    assert missing_ect.value.message == "ECT missing or not registered at this school"
    hillside_ect = create_ect_at_school_period(school=world.hillside)
    with pytest.raises(DomainError) as wrong_school_ect:
        validate_mentor_choice(school=world.oakfield, ect_at_school_period=hillside_ect, mentor_at_school_period=tom)
    assert wrong_school_ect.value.message == "ECT missing or not registered at this school"

    with pytest.raises(DomainError) as nothing:
        validate_mentor_choice(school=world.oakfield, ect_at_school_period=jane, mentor_at_school_period=None)
    assert nothing.value.message == "Select a mentor from the list provided or choose to register a new mentor"

    at_hillside = create_mentor_at_school_period(school=world.hillside)
    with pytest.raises(DomainError) as elsewhere:
        validate_mentor_choice(school=world.oakfield, ect_at_school_period=jane, mentor_at_school_period=at_hillside)
    assert elsewhere.value.message == "This mentor is not registered at this school"

    own = create_mentor_at_school_period(teacher=world.jane, school=world.oakfield)
    with pytest.raises(DomainError) as ineligible:
        validate_mentor_choice(school=world.oakfield, ect_at_school_period=jane, mentor_at_school_period=own)
    assert ineligible.value.message == "It needs to be a different mentor for this ECT"

    validate_mentor_choice(school=world.oakfield, ect_at_school_period=jane, mentor_at_school_period=tom)


def test_BR_M_15_changing_mentor_needs_someone_other_than_the_current_mentor(world, author, jane, tom, ann):
    """BR-M-15: current mentor or blank → `Select a mentor from the list provided`."""
    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))
    for choice in (tom, None):
        with pytest.raises(DomainError) as error:
            validate_mentor_change(ect_at_school_period=jane, mentor_at_school_period=choice)
        assert error.value.message == "Select a mentor from the list provided"
    validate_mentor_change(ect_at_school_period=jane, mentor_at_school_period=ann)


def test_BR_M_16_a_different_lead_provider_must_be_chosen(world):
    """BR-M-16: blank → `Select a lead provider to contact your school`."""
    with pytest.raises(DomainError) as error:
        validate_mentor_lead_provider(use_ects_lead_provider=False, lead_provider=None)
    assert error.value.message == "Select a lead provider to contact your school"
    validate_mentor_lead_provider(use_ects_lead_provider=False, lead_provider=world.beta)
    validate_mentor_lead_provider(use_ects_lead_provider=True, lead_provider=None)


# BR-M-17 ---------------------------------------------------------------------------------------------


def test_BR_M_17_mentorship_starts_on_the_latest_of_the_starts_and_today(world, author, jane):
    """BR-M-17: Jane from 2026-09-01, Tom from 2026-09-10, assigned 2026-09-15 → mentorship 2026-09-15 → open."""
    tom = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 9, 10))

    mentorship = assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=tom)

    mentorship.refresh_from_db()
    assert (mentorship.started_on, mentorship.finished_on) == (D(2026, 9, 15), None)
    being_mentored = Event.objects.get(event_type=EventType.TEACHER_STARTS_BEING_MENTORED)
    assert being_mentored.heading == "Jane Smith is being mentored by Tom Brown"
    assert (being_mentored.teacher, being_mentored.ect_at_school_period) == (world.jane, jane)
    assert being_mentored.mentorship_period == mentorship
    assert being_mentored.happened_at == start_of_day(D(2026, 9, 15))
    mentoring = Event.objects.get(event_type=EventType.TEACHER_STARTS_MENTORING)
    assert mentoring.heading == "Tom Brown started mentoring Jane Smith"
    assert (mentoring.teacher, mentoring.mentor_at_school_period) == (tom.teacher, tom)
    assert mentoring.author_email == "tutor@oakfield.sch.uk"


def test_BR_M_17_mentorship_ends_with_the_earlier_at_school_end(world, author, jane, tom):
    """BR-M-17: Jane leaving 2026-12-31 → mentorship ends 2026-12-31."""
    jane.finished_on = D(2026, 12, 31)
    jane.save()

    mentorship = assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=tom)

    assert (mentorship.started_on, mentorship.finished_on) == (D(2026, 9, 15), D(2026, 12, 31))


def test_BR_M_17_transferring_mentor_backdates_a_first_mentorship(world, author, jane):
    """BR-M-17: Tom transferring with "only at your school" from 2026-09-10 and Jane never mentored → mentorship
    from 2026-09-10; with an earlier mentorship, no backdating."""
    tom = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 9, 10))

    mentorship = assign_mentor(
        author=author, ect_at_school_period=jane, mentor_at_school_period=tom, mentor_is_transferring=True
    )

    assert mentorship.started_on == D(2026, 9, 10)

    sam = create_ect_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    ann = create_mentor_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    create_mentorship_period(mentee=sam, mentor=ann, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 5))
    second = assign_mentor(
        author=author, ect_at_school_period=sam, mentor_at_school_period=tom, mentor_is_transferring=True
    )
    assert second.started_on == D(2026, 9, 15)


# BR-M-18 ---------------------------------------------------------------------------------------------


def test_BR_M_18_replacing_a_mentor_finishes_the_old_mentorship_the_day_before(world, author, jane, tom, ann):
    """BR-M-18: Jane mentored by Tom since 2026-09-01; switching to Ann on 2026-09-15 → Tom's mentorship
    finished 2026-09-14, Ann's starts 2026-09-15."""
    with_tom = create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))

    with_ann = assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=ann)

    with_tom.refresh_from_db()
    assert with_tom.finished_on == D(2026, 9, 14)
    assert (with_ann.started_on, with_ann.finished_on) == (D(2026, 9, 15), None)
    assert event_types() == sorted(
        [
            EventType.TEACHER_FINISHES_MENTORING,
            EventType.TEACHER_FINISHES_BEING_MENTORED,
            EventType.TEACHER_STARTS_MENTORING,
            EventType.TEACHER_STARTS_BEING_MENTORED,
        ]
    )
    finished = Event.objects.get(event_type=EventType.TEACHER_FINISHES_MENTORING)
    assert finished.heading == "Tom Brown finished mentoring Jane Smith"
    assert finished.happened_at == start_of_day(D(2026, 9, 14))


def test_BR_M_18_a_mentorship_not_yet_started_is_deleted_instead(world, author, jane, tom, ann):
    """BR-M-18: a mentorship with Tom due to start 2026-10-01 would instead be deleted (with its events)."""
    future = create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 10, 1))
    Event.objects.create(
        event_type=EventType.TEACHER_STARTS_MENTORING,
        heading="Tom Brown started mentoring Jane Smith",
        happened_at=start_of_day(D(2026, 10, 1)),
        author_type="system",
        mentorship_period=future,
    )

    with_ann = assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=ann)

    assert not MentorshipPeriod.objects.filter(pk=future.pk).exists()
    assert list(MentorshipPeriod.objects.all()) == [with_ann]
    assert not Event.objects.filter(heading="Tom Brown started mentoring Jane Smith").exists()


# BR-P-09 ---------------------------------------------------------------------------------------------


def test_BR_P_09_finishing_without_a_date_uses_today(world, author, jane, tom):
    """BR-P-09: finishing an ongoing mentorship with no date on 2026-09-15 → `finished_on = 2026-09-15`."""
    mentorship = create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))

    finish_mentorship(author=author, mentorship_period=mentorship)

    mentorship.refresh_from_db()
    assert mentorship.finished_on == D(2026, 9, 15)
    assert Event.objects.filter(
        event_type=EventType.TEACHER_FINISHES_BEING_MENTORED,
        heading="Jane Smith is no longer being mentored by Tom Brown",
        happened_at=start_of_day(D(2026, 9, 15)),
    ).exists()


# BR-M-07 / §7.2.5 ------------------------------------------------------------------------------------


def test_BR_M_07_no_training_for_a_school_led_ect(world, author, jane, tom):
    """BR-M-07: assigned to school-led Sam → no mentor training period."""
    create_training_period(ect_at_school_period=jane, training_programme=TrainingProgramme.SCHOOL_LED)

    assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=tom)

    assert not TrainingPeriod.objects.filter(role="mentor").exists()


def _provider_led_jane(world, jane):
    from tests.builders import create_school_partnership

    partnership = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2026
    )
    return create_training_period(ect_at_school_period=jane, started_on=D(2026, 9, 15), school_partnership=partnership)


def test_BR_M_07_first_time_fundable_mentor_of_a_provider_led_ect_gets_training(world, author, jane, tom):
    """BR-M-07: Tom (no training periods, eligible) assigned to provider-led Jane → mentor training period created:
    provider-led, Jane's partnership, current contract period, from Tom's start (existing-mentor journey)."""
    ect_training = _provider_led_jane(world, jane)

    assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=tom)

    training = TrainingPeriod.objects.get(role="mentor")
    assert training.mentor_at_school_period == tom
    assert training.teacher == tom.teacher
    assert training.training_programme == TrainingProgramme.PROVIDER_LED
    assert training.school_partnership == ect_training.school_partnership
    assert training.schedule.contract_period_id == 2026
    assert training.started_on == tom.started_on
    assert Event.objects.filter(event_type=EventType.TEACHER_STARTS_TRAINING_PERIOD, training_period=training).exists()


def test_BR_M_07_a_switched_mentor_starts_training_from_today(world, author, jane, tom, ann):
    """§7.2.5: on a mentor change the training starts on max(today, mentor start)."""
    _provider_led_jane(world, jane)
    create_mentorship_period(mentee=jane, mentor=tom, started_on=D(2026, 9, 1))
    TrainingPeriod.objects.filter(role="mentor").delete()

    assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=ann)

    assert TrainingPeriod.objects.get(mentor_at_school_period=ann).started_on == D(2026, 9, 15)


def test_BR_M_07_no_training_for_an_already_trained_or_ineligible_mentor(world, author, jane, tom, ann):
    """BR-M-07: Tom already trained once → none; an ineligible mentor → none."""
    _provider_led_jane(world, jane)
    earlier = create_mentor_at_school_period(
        teacher=tom.teacher, school=world.hillside, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31)
    )
    create_training_period(mentor_at_school_period=earlier, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 31))

    assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=tom)
    assert not TrainingPeriod.objects.filter(mentor_at_school_period=tom).exists()

    ann.teacher.mentor_became_ineligible_for_funding_on = D(2026, 7, 20)
    ann.teacher.mentor_became_ineligible_for_funding_reason = "completed_declaration_received"
    ann.teacher.save()
    assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=ann)
    assert not TrainingPeriod.objects.filter(mentor_at_school_period=ann).exists()


def test_BR_M_07_the_school_may_choose_another_lead_provider(world, author, jane, tom):
    """§7.2.5: lead provider = the ECT's unless the school chose another (here Beta, as an EOI for 2026)."""
    _provider_led_jane(world, jane)

    assign_mentor(author=author, ect_at_school_period=jane, mentor_at_school_period=tom, lead_provider=world.beta)

    training = TrainingPeriod.objects.get(role="mentor")
    assert training.school_partnership is None
    assert training.expression_of_interest.lead_provider == world.beta
    assert training.expression_of_interest.contract_period_id == 2026


# BR-M-20 / BR-M-21 (§7.2.7) --------------------------------------------------------------------------


@pytest.fixture
def tom_in_training(world, tom):
    """Tom mentoring at Oakfield since 2025-09-01 with ongoing Alpha (2025) mentor training."""
    from tests.builders import create_school_partnership

    tom.started_on = D(2025, 9, 1)
    tom.save()
    partnership = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025
    )
    return create_training_period(mentor_at_school_period=tom, started_on=D(2025, 9, 1), school_partnership=partnership)


def _completed_declaration(training, *, on):
    from declarations.models import Declaration, PaymentStatus
    from tests.builders import aware
    from tests.builders_leaving import create_statement

    return Declaration.objects.create(
        training_period=training,
        delivery_partner_when_created=training.school_partnership.delivery_partner,
        declaration_type="completed",
        declaration_date=aware(on),
        payment_status=PaymentStatus.ELIGIBLE,
        payment_statement=create_statement(training_period=training),
    )


def test_BR_M_20_a_completed_declaration_makes_the_mentor_ineligible_and_ends_training(world, tom, tom_in_training):
    """BR-M-20: completed declaration dated 2026-07-20 → `mentor_became_ineligible_for_funding_on = 2026-07-20`,
    reason `completed_declaration_received`, ongoing mentor training finished 2026-07-20; event heading
    `Tom Brown’s mentor completion status changed to completed`."""
    from teachers.services.mentoring import update_mentor_completion_status

    declaration = _completed_declaration(tom_in_training, on=D(2026, 7, 20))

    update_mentor_completion_status(author=Author.lead_provider_api(world.alpha), declaration=declaration)

    teacher = tom.teacher
    teacher.refresh_from_db()
    assert teacher.mentor_became_ineligible_for_funding_on == D(2026, 7, 20)
    assert teacher.mentor_became_ineligible_for_funding_reason == "completed_declaration_received"
    tom_in_training.refresh_from_db()
    assert tom_in_training.finished_on == D(2026, 7, 20)
    event = Event.objects.get(event_type=EventType.MENTOR_COMPLETION_STATUS_CHANGE)
    assert event.heading == "Tom Brown’s mentor completion status changed to completed"
    assert (event.teacher, event.declaration, event.training_period) == (teacher, declaration, tom_in_training)


def test_BR_M_21_voiding_the_completed_declaration_restores_eligibility_and_training(world, tom, tom_in_training):
    """BR-M-21: the 2026-07-20 declaration is voided on 2026-09-15 → ineligibility cleared; a new provider-led
    period from 2026-07-21 to Tom's mentor period end with the same partnership and schedule."""
    from declarations.models import PaymentStatus
    from teachers.services.mentoring import update_mentor_completion_status

    author = Author.lead_provider_api(world.alpha)
    declaration = _completed_declaration(tom_in_training, on=D(2026, 7, 20))
    update_mentor_completion_status(author=author, declaration=declaration)
    declaration.payment_status = PaymentStatus.VOIDED
    declaration.save()

    update_mentor_completion_status(author=author, declaration=declaration)

    teacher = tom.teacher
    teacher.refresh_from_db()
    assert teacher.mentor_became_ineligible_for_funding_on is None
    assert teacher.mentor_became_ineligible_for_funding_reason is None
    resumed = TrainingPeriod.objects.get(mentor_at_school_period=tom, started_on=D(2026, 7, 21))
    assert resumed.finished_on is None
    assert resumed.training_programme == "provider_led"
    assert resumed.school_partnership == tom_in_training.school_partnership
    assert resumed.schedule == tom_in_training.schedule
    headings = list(
        Event.objects.filter(event_type=EventType.MENTOR_COMPLETION_STATUS_CHANGE)
        .order_by("pk")
        .values_list("heading", flat=True)
    )
    assert headings == [
        "Tom Brown’s mentor completion status changed to completed",
        "Tom Brown’s mentor completion status changed to not completed",
    ]


def test_BR_M_21_an_early_roll_out_mentor_stays_ineligible(world, tom, tom_in_training):
    """§7.2.7 only lifts an ineligibility that completed declarations caused."""
    from declarations.models import PaymentStatus
    from teachers.services.mentoring import update_mentor_completion_status

    declaration = _completed_declaration(tom_in_training, on=D(2026, 7, 20))
    declaration.payment_status = PaymentStatus.VOIDED
    declaration.payment_statement = None
    declaration.save()
    teacher = tom.teacher
    teacher.mentor_became_ineligible_for_funding_on = D(2021, 4, 19)
    teacher.mentor_became_ineligible_for_funding_reason = "completed_during_early_roll_out"
    teacher.save()

    update_mentor_completion_status(author=Author.lead_provider_api(world.alpha), declaration=declaration)

    teacher.refresh_from_db()
    assert teacher.mentor_became_ineligible_for_funding_reason == "completed_during_early_roll_out"
    assert not Event.objects.exists()


def test_BR_M_08_mentor_training_is_never_school_led(world, author, tom):
    """BR-M-08: creating a school-led training period for a mentor period → `Mentor training periods can only be
    provider-led`."""
    from teachers.services.training import start_training

    with pytest.raises(DomainError) as error:
        start_training(author=author, at_school_period=tom, started_on=D(2026, 9, 15), training_programme="school_led")
    assert "Mentor training periods can only be provider-led" in [e.message for e in error.value.errors]
    assert not TrainingPeriod.objects.exists()


# lead-provider-api.md §13.1 ----------------------------------------------------------------------------


def test_assigning_or_finishing_a_mentorship_moves_the_ects_participant_updated_at(world, author, jane, tom, ann):
    """§13.1: the ECT's assigned mentor (`mentor_id`) changes, so the ECT's `updated_at` moves; the mentor's own
    participant record does not."""
    from core import clock
    from teachers.models import Teacher

    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Teacher.objects.update(api_updated_at=long_ago)

    mentorship = assign_mentor(
        author=author, ect_at_school_period=jane, mentor_at_school_period=tom, with_mentor_training=False
    )
    assert Teacher.objects.get(pk=jane.teacher_id).api_updated_at == clock.now()
    assert Teacher.objects.get(pk=tom.teacher_id).api_updated_at == long_ago

    Teacher.objects.update(api_updated_at=long_ago)
    finish_mentorship(author=author, mentorship_period=mentorship, finished_on=D(2026, 9, 20))
    assert Teacher.objects.get(pk=jane.teacher_id).api_updated_at == clock.now()
