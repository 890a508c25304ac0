"""Leaving a school, deleting unstarted registrations, undoing registrations (domain.md §7.1.5–7.1.8, §7.2.6)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import start_of_day
from core.errors import DomainError
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from events.authors import Author
from events.models import Event
from events.types import EventType
from schools.models import TrainingProgramme
from teachers.messages import leaving as messages
from teachers.models import (
    AnonymisationReason,
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
)
from teachers.services.leaving import (
    close_school_record_on_induction_completion,
    delete_unstarted_registration,
    finish_ect_at_school_period,
    finish_mentor_at_school_period,
    finish_mentor_periods_elsewhere,
    leaving_date_from_parts,
    report_ect_leaving,
    report_mentor_leaving,
    undo_registration,
)
from tests.builders import (
    create_delivery_partner,
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)

D = dt.date


@pytest.fixture
def oakfield_user(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Ivy Tutor", school=world.oakfield)


@pytest.fixture
def jane_at_oakfield(world):
    return create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))


@pytest.fixture
def tom(world):
    return create_teacher(trn="7654321", first_name="Tom", last_name="Brown")


def events_of(event_type: str):
    return Event.objects.filter(event_type=event_type)


def make_declaration(training_period, *, payment_status=PaymentStatus.NO_PAYMENT, clawback_status=None):
    """A declaration row for the state being tested; statements are needed for billable states."""
    from finance.models import Statement  # noqa: F401  (only to fail loudly if the app is missing)

    fields = {}
    if payment_status not in (PaymentStatus.NO_PAYMENT, PaymentStatus.VOIDED):
        fields["payment_statement"] = _statement(training_period)
    if clawback_status:
        fields["clawback_status"] = clawback_status
        fields["clawback_statement"] = _statement(training_period)
    return Declaration.objects.create(
        training_period=training_period,
        delivery_partner_when_created=create_delivery_partner(),
        payment_status=payment_status,
        **fields,
    )


def _statement(training_period):
    from tests.builders_leaving import create_statement

    return create_statement(training_period=training_period)


# BR-ECT-27 / §7.1.5 ----------------------------------------------------------------------------------


def test_BR_ECT_27_reporting_a_leaver_finishes_current_children_and_deletes_later_ones(
    world, oakfield_user, jane_at_oakfield, tom
):
    """BR-ECT-27: leaving 2026-12-31; ongoing training from 2026-09-15 → finished 2026-12-31; a mentorship due
    to start 2027-01-05 → deleted with its events; ECT period finished, reported by Oakfield; event dated L."""
    training = create_training_period(ect_at_school_period=jane_at_oakfield, started_on=D(2026, 9, 15))
    tom_at_oakfield = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=D(2026, 9, 1))
    current = create_mentorship_period(
        mentee=jane_at_oakfield, mentor=tom_at_oakfield, started_on=D(2026, 9, 15), finished_on=D(2027, 1, 4)
    )
    future = create_mentorship_period(mentee=jane_at_oakfield, mentor=tom_at_oakfield, started_on=D(2027, 1, 5))
    Event.objects.create(
        event_type=EventType.TEACHER_STARTS_BEING_MENTORED,
        heading="Jane Smith is being mentored by Tom Brown",
        happened_at=start_of_day(D(2027, 1, 5)),
        author_type="system",
        mentorship_period=future,
    )

    period = report_ect_leaving(
        author=oakfield_user, period=jane_at_oakfield, finished_on=D(2026, 12, 31), school=world.oakfield
    )

    period.refresh_from_db()
    assert period.finished_on == D(2026, 12, 31)
    assert period.reported_leaving_by_school == world.oakfield
    training.refresh_from_db()
    assert training.finished_on == D(2026, 12, 31)
    current.refresh_from_db()
    assert current.finished_on == D(2026, 12, 31)
    assert not MentorshipPeriod.objects.filter(pk=future.pk).exists()
    assert not Event.objects.filter(
        heading="Jane Smith is being mentored by Tom Brown", mentorship_period=None
    ).exists()
    left = events_of(EventType.TEACHER_LEFT_SCHOOL_AS_ECT).get()
    assert left.happened_at == start_of_day(D(2026, 12, 31))
    assert left.heading == "Jane Smith left Oakfield Primary"
    assert (left.teacher, left.school, left.ect_at_school_period) == (world.jane, world.oakfield, period)
    assert left.author_email == "tutor@oakfield.sch.uk"
    finished_training = events_of(EventType.TEACHER_FINISHES_TRAINING_PERIOD).get()
    assert finished_training.training_period == training
    assert finished_training.happened_at == start_of_day(D(2026, 12, 31))
    assert events_of(EventType.TEACHER_FINISHES_MENTORING).get().heading == "Tom Brown finished mentoring Jane Smith"
    assert (
        events_of(EventType.TEACHER_FINISHES_BEING_MENTORED).get().heading
        == "Jane Smith is no longer being mentored by Tom Brown"
    )


def test_BR_ECT_27_training_starting_on_the_leaving_day_is_deleted_with_its_events(
    world, oakfield_user, jane_at_oakfield
):
    """BR-ECT-27 / §7.1.5 step 3: training that starts on or after L is deleted, not finished."""
    earlier = create_training_period(
        ect_at_school_period=jane_at_oakfield, started_on=D(2026, 9, 1), finished_on=D(2026, 10, 31)
    )
    later = create_training_period(
        ect_at_school_period=jane_at_oakfield,
        started_on=D(2026, 11, 1),
        training_programme=TrainingProgramme.SCHOOL_LED,
    )
    Event.objects.create(
        event_type=EventType.TEACHER_STARTS_TRAINING_PERIOD,
        heading="Jane Smith started a new ECT training period",
        happened_at=start_of_day(D(2026, 11, 1)),
        author_type="system",
        training_period=later,
    )

    finish_ect_at_school_period(author=oakfield_user, period=jane_at_oakfield, finished_on=D(2026, 11, 1))

    assert not TrainingPeriod.objects.filter(pk=later.pk).exists()
    assert not events_of(EventType.TEACHER_STARTS_TRAINING_PERIOD).exists()
    earlier.refresh_from_db()
    assert earlier.finished_on == D(2026, 10, 31)  # already finished before L: untouched
    assert not events_of(EventType.TEACHER_FINISHES_TRAINING_PERIOD).exists()
    jane_at_oakfield.refresh_from_db()
    assert jane_at_oakfield.finished_on == D(2026, 11, 1)
    assert jane_at_oakfield.reported_leaving_by_school is None


def test_finishing_an_already_finished_period_only_records_the_reporting_school(world, oakfield_user):
    """§7.1.5 step 5: a period finished on or before L keeps its date; only the reporting school is noted."""
    period = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 30)
    )

    finish_ect_at_school_period(
        author=oakfield_user, period=period, finished_on=D(2026, 10, 15), reported_by_school=world.oakfield
    )

    period.refresh_from_db()
    assert period.finished_on == D(2026, 9, 30)
    assert period.reported_leaving_by_school == world.oakfield


def test_finishing_without_events_writes_no_leaving_training_or_mentoring_events(
    world, oakfield_user, jane_at_oakfield, tom
):
    """§7.1.7: `record_events=False` is used inside completing induction, which records its own event."""
    from core.services import service

    create_training_period(ect_at_school_period=jane_at_oakfield, started_on=D(2026, 9, 1))
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield)
    create_mentorship_period(mentee=jane_at_oakfield, mentor=mentor)

    @service
    def outer(*, author):
        finish_ect_at_school_period(
            author=author, period=jane_at_oakfield, finished_on=D(2026, 9, 15), record_events=False
        )
        from events.recorder import write_event

        write_event(type=EventType.TEACHER_PASSES_INDUCTION, author=author, heading="Jane Smith passed induction")

    outer(author=oakfield_user)

    assert list(Event.objects.values_list("event_type", flat=True)) == [EventType.TEACHER_PASSES_INDUCTION]
    jane_at_oakfield.refresh_from_db()
    assert jane_at_oakfield.finished_on == D(2026, 9, 15)
    assert not TrainingPeriod.objects.filter(finished_on__isnull=True).exists()
    assert not MentorshipPeriod.objects.filter(finished_on__isnull=True).exists()


# BR-ECT-25 / BR-ECT-26 -------------------------------------------------------------------------------


def test_BR_ECT_25_leaving_date_is_required(world, oakfield_user, jane_at_oakfield):
    """BR-ECT-25: blank → `Enter the date the teacher left or will be leaving your school`."""
    with pytest.raises(DomainError) as error:
        report_ect_leaving(author=oakfield_user, period=jane_at_oakfield, finished_on=None, school=world.oakfield)
    assert (error.value.field, error.value.message) == (
        "finished_on",
        "Enter the date the teacher left or will be leaving your school",
    )
    assert not Event.objects.exists()


def test_BR_ECT_25_leaving_date_must_be_a_real_date(db):
    """BR-ECT-25: invalid → `Enter the date in the correct format, for example 30 06 2001`."""
    with pytest.raises(DomainError) as error:
        leaving_date_from_parts("31", "02", "2026")
    assert error.value.message == "Enter the date in the correct format, for example 30 06 2001"
    with pytest.raises(DomainError) as blank:
        leaving_date_from_parts("", "", "")
    assert blank.value.message == messages.LEAVING_DATE_REQUIRED
    assert leaving_date_from_parts("15", "1", "2027") == D(2027, 1, 15)


def test_BR_ECT_25_leaving_date_at_most_four_months_ahead(world, oakfield_user, jane_at_oakfield):
    """BR-ECT-25: 2027-01-16 on 2026-09-15 → `Enter a date no further than 4 months from today`; 2027-01-15 ok."""
    with pytest.raises(DomainError) as error:
        report_ect_leaving(
            author=oakfield_user, period=jane_at_oakfield, finished_on=D(2027, 1, 16), school=world.oakfield
        )
    assert error.value.message == "Enter a date no further than 4 months from today"
    jane_at_oakfield.refresh_from_db()
    assert jane_at_oakfield.finished_on is None

    report_ect_leaving(author=oakfield_user, period=jane_at_oakfield, finished_on=D(2027, 1, 15), school=world.oakfield)
    jane_at_oakfield.refresh_from_db()
    assert jane_at_oakfield.finished_on == D(2027, 1, 15)


def test_BR_ECT_26_leaving_date_after_latest_training_start(world, oakfield_user, jane_at_oakfield):
    """BR-ECT-26: ECT from 2026-09-01, training from 2026-09-15; leaving 2026-09-16 → training message;
    leaving 2026-09-02 → start message."""
    create_training_period(ect_at_school_period=jane_at_oakfield, started_on=D(2026, 9, 15))

    with pytest.raises(DomainError) as training_error:
        report_ect_leaving(
            author=oakfield_user, period=jane_at_oakfield, finished_on=D(2026, 9, 16), school=world.oakfield
        )
    assert training_error.value.message == (
        "Our records show that Jane Smith started their latest training at your school on 15 September 2026. "
        "Enter a date after 16 September 2026."
    )

    with pytest.raises(DomainError) as start_error:
        report_ect_leaving(
            author=oakfield_user, period=jane_at_oakfield, finished_on=D(2026, 9, 2), school=world.oakfield
        )
    assert start_error.value.message == (
        "Our records show that Jane Smith started teaching at your school on 1 September 2026. "
        "Enter a date after 2 September 2026."
    )
    assert not Event.objects.exists()

    report_ect_leaving(author=oakfield_user, period=jane_at_oakfield, finished_on=D(2026, 9, 17), school=world.oakfield)
    jane_at_oakfield.refresh_from_db()
    assert jane_at_oakfield.finished_on == D(2026, 9, 17)


def test_a_school_cannot_report_another_schools_ect_leaving(world, oakfield_user, jane_at_oakfield):
    with pytest.raises(DomainError) as error:
        report_ect_leaving(
            author=oakfield_user, period=jane_at_oakfield, finished_on=D(2026, 12, 31), school=world.hillside
        )
    assert error.value.message == messages.NOT_AT_THIS_SCHOOL


# §7.2.6 / BR-M-19 ------------------------------------------------------------------------------------


def test_BR_M_19_mentorships_end_on_the_earlier_of_leaving_date_and_mentee_end(world, oakfield_user, tom):
    """BR-M-19: Tom leaves 2026-12-31; mentee Jane's ECT period ends 2026-11-30 → mentorship finished 2026-11-30."""
    jane = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1), finished_on=D(2026, 11, 30)
    )
    tom_at_oakfield = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=D(2026, 9, 1))
    # An ongoing mentorship (as left by migrated data) whose mentee has an end date.
    mentorship = MentorshipPeriod.objects.create(
        ect_at_school_period=jane, mentor_at_school_period=tom_at_oakfield, started_on=D(2026, 9, 1)
    )
    sam = create_ect_at_school_period(school=world.oakfield, started_on=D(2026, 9, 1))
    sam_mentorship = create_mentorship_period(mentee=sam, mentor=tom_at_oakfield)
    training = create_training_period(mentor_at_school_period=tom_at_oakfield, started_on=D(2026, 9, 1))

    report_mentor_leaving(
        author=oakfield_user, period=tom_at_oakfield, finished_on=D(2026, 12, 31), school=world.oakfield
    )

    mentorship.refresh_from_db()
    assert mentorship.finished_on == D(2026, 11, 30)
    sam_mentorship.refresh_from_db()
    assert sam_mentorship.finished_on == D(2026, 12, 31)
    training.refresh_from_db()
    assert training.finished_on == D(2026, 12, 31)
    tom_at_oakfield.refresh_from_db()
    assert tom_at_oakfield.finished_on == D(2026, 12, 31)
    assert tom_at_oakfield.reported_leaving_by_school == world.oakfield
    left = events_of(EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR).get()
    assert left.heading == "Tom Brown left Oakfield Primary"
    assert left.happened_at == start_of_day(D(2026, 12, 31))
    assert left.mentor_at_school_period == tom_at_oakfield
    assert events_of(EventType.TEACHER_FINISHES_MENTORING).count() == 2


def test_mentor_leaving_deletes_mentorships_starting_on_or_after_the_leaving_date(world, oakfield_user, tom):
    """§7.2.6 step 1 (and BR-ECT-26 applies to mentors too)."""
    tom_at_oakfield = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=D(2026, 9, 1))
    jane = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    future = create_mentorship_period(mentee=jane, mentor=tom_at_oakfield, started_on=D(2026, 10, 1))

    with pytest.raises(DomainError) as error:
        report_mentor_leaving(
            author=oakfield_user, period=tom_at_oakfield, finished_on=D(2026, 9, 2), school=world.oakfield
        )
    assert error.value.message == (
        "Our records show that Tom Brown started teaching at your school on 1 September 2026. "
        "Enter a date after 2 September 2026."
    )

    finish_mentor_at_school_period(author=oakfield_user, period=tom_at_oakfield, finished_on=D(2026, 9, 30))
    assert not MentorshipPeriod.objects.filter(pk=future.pk).exists()


def test_BR_M_11_mentoring_only_at_new_school_finishes_periods_elsewhere(world, oakfield_user, tom):
    """BR-M-11: start at Oakfield 2026-10-01 → Hillside mentor period (and its mentorships/training) finished
    2026-09-30, with no reporting school."""
    at_hillside = create_mentor_at_school_period(teacher=tom, school=world.hillside, started_on=D(2026, 1, 10))
    sam = create_ect_at_school_period(school=world.hillside, started_on=D(2026, 1, 10))
    mentorship = create_mentorship_period(mentee=sam, mentor=at_hillside)
    training = create_training_period(mentor_at_school_period=at_hillside, started_on=D(2026, 1, 10))

    finish_mentor_periods_elsewhere(author=oakfield_user, teacher=tom, new_started_on=D(2026, 10, 1))

    for row in (at_hillside, mentorship, training):
        row.refresh_from_db()
        assert row.finished_on == D(2026, 9, 30)
    assert at_hillside.reported_leaving_by_school is None
    assert events_of(EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR).get().happened_at == start_of_day(D(2026, 9, 30))


# §7.1.7 ----------------------------------------------------------------------------------------------


def test_completing_induction_deletes_an_unstarted_period_then_finishes_the_previous_one_today(world, oakfield_user):
    """§7.1.7: the latest ECT period starting today or later is deleted; the previous ongoing one (if any)
    is finished today without leaving events."""
    author = Author.system()
    at_oakfield = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1), finished_on=D(2026, 9, 30)
    )
    at_hillside = create_ect_at_school_period(teacher=world.jane, school=world.hillside, started_on=D(2026, 10, 1))
    training = create_training_period(
        ect_at_school_period=at_oakfield, started_on=D(2025, 9, 1), finished_on=D(2026, 9, 30)
    )

    result = close_school_record_on_induction_completion(author=author, teacher=world.jane)

    assert not ECTAtSchoolPeriod.objects.filter(pk=at_hillside.pk).exists()
    assert result is None  # Oakfield was already due to finish: not ongoing
    at_oakfield.refresh_from_db()
    assert at_oakfield.finished_on == D(2026, 9, 30)
    training.refresh_from_db()
    assert training.finished_on == D(2026, 9, 30)
    assert events_of(EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_DELETED).count() == 1


def test_completing_induction_finishes_the_ongoing_period_today(world):
    from core.services import service
    from events.recorder import write_event

    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1))
    training = create_training_period(ect_at_school_period=period, started_on=D(2025, 9, 1))

    @service
    def record_pass(*, author):
        closed = close_school_record_on_induction_completion(author=author, teacher=world.jane)
        write_event(type=EventType.TEACHER_PASSES_INDUCTION, author=author, heading="Jane Smith passed induction")
        return closed

    closed = record_pass(author=Author.system())

    assert closed == period
    period.refresh_from_db()
    training.refresh_from_db()
    assert period.finished_on == training.finished_on == D(2026, 9, 15)
    assert not events_of(EventType.TEACHER_LEFT_SCHOOL_AS_ECT).exists()


# §7.1.6 ----------------------------------------------------------------------------------------------


def test_deleting_an_unstarted_registration_removes_it_with_children_and_events(world, oakfield_user, tom):
    """§7.1.6: an ECT period starting after the action date goes with its training, mentorships and events."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 10, 1))
    training = create_training_period(ect_at_school_period=period)
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield)
    mentorship = create_mentorship_period(mentee=period, mentor=mentor)
    registered = Event.objects.create(
        event_type=EventType.TEACHER_REGISTERED_AS_ECT,
        heading="Jane Smith was registered as an ECT at Oakfield Primary",
        happened_at=start_of_day(D(2026, 9, 10)),
        author_type="system",
        ect_at_school_period=period,
        teacher=world.jane,
    )

    delete_unstarted_registration(author=oakfield_user, period=period, on=D(2026, 9, 15))

    assert not ECTAtSchoolPeriod.objects.filter(pk=period.pk).exists()
    assert not TrainingPeriod.objects.filter(pk=training.pk).exists()
    assert not MentorshipPeriod.objects.filter(pk=mentorship.pk).exists()
    assert not Event.objects.filter(pk=registered.pk).exists()
    deleted = events_of(EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_DELETED).get()
    assert deleted.heading == (
        "Jane Smith’s ECT at school period which was due to start on 1 October 2026 at Oakfield Primary was deleted"
    )
    assert (deleted.teacher, deleted.school) == (world.jane, world.oakfield)
    assert MentorAtSchoolPeriod.objects.filter(pk=mentor.pk).exists()


def test_deleting_a_started_registration_is_refused(world, oakfield_user, jane_at_oakfield):
    with pytest.raises(DomainError) as error:
        delete_unstarted_registration(author=oakfield_user, period=jane_at_oakfield, on=D(2026, 9, 15))
    assert error.value.message == messages.PERIOD_ALREADY_STARTED
    with pytest.raises(DomainError) as future:
        delete_unstarted_registration(author=oakfield_user, period=jane_at_oakfield, on=D(2026, 9, 16))
    assert future.value.message == messages.ACTION_DATE_IN_FUTURE
    with pytest.raises(DomainError) as missing:
        delete_unstarted_registration(author=oakfield_user, period=jane_at_oakfield, on=None)
    assert missing.value.message == messages.ACTION_DATE_REQUIRED
    assert ECTAtSchoolPeriod.objects.filter(pk=jane_at_oakfield.pk).exists()


def test_deleting_an_unstarted_mentor_registration(world, oakfield_user, tom):
    period = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=D(2026, 9, 15))

    delete_unstarted_registration(author=oakfield_user, period=period, on=D(2026, 9, 15))

    assert not MentorAtSchoolPeriod.objects.exists()
    assert events_of(EventType.TEACHER_MENTOR_AT_SCHOOL_PERIOD_DELETED).get().heading == (
        "Tom Brown’s mentor at school period which was due to start on 15 September 2026 at Oakfield Primary "
        "was deleted"
    )


def test_billable_training_cannot_be_deleted(world, oakfield_user):
    """BR-TP-16 as met by the cascade: `Cannot delete a training period with billable declarations`."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 10, 1))
    training = create_training_period(ect_at_school_period=period)
    make_declaration(training, payment_status=PaymentStatus.ELIGIBLE)

    with pytest.raises(DomainError) as error:
        delete_unstarted_registration(author=oakfield_user, period=period, on=D(2026, 9, 15))
    assert error.value.message == "Cannot delete a training period with billable declarations"
    assert ECTAtSchoolPeriod.objects.filter(pk=period.pk).exists()


# §7.1.8 ----------------------------------------------------------------------------------------------


@pytest.fixture
def support_user(db):
    from accounts.models import User

    user = User.objects.create(email="support@education.gov.uk", name="Sam Support")
    return Author.dfe_staff_user(user)


def test_undoing_a_registration_without_paid_declarations_deletes_it_and_anonymises(
    world, support_user, jane_at_oakfield, tom
):
    """§7.1.8: no billable or refundable declaration → delete periods (and no_payment declarations); a teacher
    with nothing left is anonymised."""
    training = create_training_period(ect_at_school_period=jane_at_oakfield)
    make_declaration(training, payment_status=PaymentStatus.NO_PAYMENT)
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield)
    create_mentorship_period(mentee=jane_at_oakfield, mentor=mentor)

    undo_registration(author=support_user, period=jane_at_oakfield, reason=AnonymisationReason.REGISTERED_IN_ERROR)

    assert not ECTAtSchoolPeriod.objects.exists()
    assert not TrainingPeriod.objects.filter(ect_at_school_period__isnull=False).exists()
    assert not MentorshipPeriod.objects.exists()
    assert not Declaration.objects.exists()
    world.jane.refresh_from_db()
    assert world.jane.trn is None and world.jane.trnless
    assert world.jane.trs_first_name is None and world.jane.trs_last_name is None
    assert world.jane.anonymisation_reason == "registered_in_error"
    assert world.jane.anonymised_at is not None
    undone = events_of(EventType.TEACHER_REGISTRATION_UNDONE).get()
    assert undone.teacher == world.jane
    assert undone.heading == f"Teacher {world.jane.pk} registration was undone"
    assert undone.body == "Teacher registration was undone. Reason: registered_in_error"


def test_undoing_keeps_a_teacher_with_an_induction_period(world, support_user, jane_at_oakfield):
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub)

    undo_registration(author=support_user, period=jane_at_oakfield, reason=AnonymisationReason.REGISTERED_IN_ERROR)

    world.jane.refresh_from_db()
    assert world.jane.trn == "1234567"
    assert world.jane.anonymised_at is None
    assert not ECTAtSchoolPeriod.objects.exists()


@pytest.mark.parametrize(
    ("payment_status", "clawback_status"),
    [
        (PaymentStatus.ELIGIBLE, None),
        (PaymentStatus.PAYABLE, None),
        (PaymentStatus.PAID, None),
        (PaymentStatus.PAID, ClawbackStatus.AWAITING_CLAWBACK),
        (PaymentStatus.PAID, ClawbackStatus.CLAWED_BACK),
    ],
)
def test_undoing_a_paid_for_registration_finishes_it_instead(
    world, support_user, jane_at_oakfield, tom, payment_status, clawback_status
):
    """§7.1.8: a billable or refundable declaration → finish every open mentorship, training and the
    at-school period on max(started_on, today); the teacher is not anonymised; undoing twice is refused."""
    training = create_training_period(ect_at_school_period=jane_at_oakfield)
    make_declaration(training, payment_status=payment_status, clawback_status=clawback_status)
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield)
    mentorship = create_mentorship_period(mentee=jane_at_oakfield, mentor=mentor)

    undo_registration(author=support_user, period=jane_at_oakfield, reason=AnonymisationReason.REGISTERED_IN_ERROR)

    for row in (jane_at_oakfield, training, mentorship):
        row.refresh_from_db()
        assert row.finished_on == D(2026, 9, 15)
    world.jane.refresh_from_db()
    assert world.jane.anonymised_at is None
    assert events_of(EventType.TEACHER_REGISTRATION_UNDONE).count() == 1

    with pytest.raises(DomainError) as error:
        undo_registration(author=support_user, period=jane_at_oakfield, reason=AnonymisationReason.REGISTERED_IN_ERROR)
    assert error.value.message == "No open periods to close"
    assert events_of(EventType.TEACHER_REGISTRATION_UNDONE).count() == 1


def test_undoing_a_future_paid_for_registration_finishes_it_on_its_start_date(world, support_user):
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 22))
    training = create_training_period(ect_at_school_period=period)
    make_declaration(training, payment_status=PaymentStatus.ELIGIBLE)

    undo_registration(author=support_user, period=period, reason=AnonymisationReason.REGISTERED_IN_ERROR)

    period.refresh_from_db()
    training.refresh_from_db()
    assert period.finished_on == training.finished_on == D(2026, 9, 22)
