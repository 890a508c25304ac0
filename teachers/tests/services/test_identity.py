"""Teacher identity services: TRN input, validation, TRS refresh, anonymise, merge, early roll-out (BR-T-*)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from core import clock
from core.errors import DomainError, DomainErrors
from core.services import MissingEvent, service
from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import AuthorType, EventType
from schools.models import SchoolNotification, SchoolNotificationEmail, SchoolNotificationKind
from teachers.messages import identity as messages
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionExtension,
    InductionPeriod,
    MentorAtSchoolPeriod,
    Teacher,
    TeacherIdChange,
    TrainingPeriod,
)
from teachers.services.identity import (
    TRSRecord,
    anonymise_teacher,
    domain_error_for,
    import_early_roll_out_mentor,
    merge_teachers,
    normalise_trn,
    refresh_teacher_from_trs,
    set_first_eligible_timestamp,
    validate_teacher,
)
from tests.builders import (
    aware,
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db

SYSTEM = Author.system()


@pytest.fixture
def support_user(db):
    user = User.objects.create(email="support@education.gov.uk", name="Sam Support")
    return Author.dfe_staff_user(user)


def messages_of(excinfo) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in excinfo.value.errors:
        found.setdefault(error.field, []).append(error.message)
    return found


def jane_in_trs(**fields) -> TRSRecord:
    defaults = dict(
        trn="1234567",
        first_name="Jane",
        last_name="Smith",
        induction_status="RequiredToComplete",
        qts_awarded_on=dt.date(2025, 7, 1),
    )
    return TRSRecord(**{**defaults, **fields})


# BR-T-01 ---------------------------------------------------------------------------------------------


def test_BR_T_01_trn_input_is_normalised_to_seven_digits():
    """BR-T-01: non-digits removed, 5–7 digits required, left-padded to 7."""
    assert normalise_trn("RP 12345") == "0012345"
    assert normalise_trn("1234567") == "1234567"
    with pytest.raises(DomainError) as too_short:
        normalise_trn("1234")
    assert (too_short.value.field, too_short.value.message) == (
        "trn",
        "Teacher reference number must include at least 5 digits",
    )
    with pytest.raises(DomainError) as too_long:
        normalise_trn("12345678")
    assert too_long.value.message == "Teacher reference number cannot include more than 7 digits"


# BR-T-02 … BR-T-10: the record's own rules ----------------------------------------------------------


def test_BR_T_02_a_teacher_needs_a_trn_unless_trnless(world):
    """BR-T-02: trn null and trnless false → `Enter the teacher reference number (TRN)`; the DB check fails too."""
    with pytest.raises(DomainError) as excinfo:
        validate_teacher(Teacher(trn=None, trnless=False))
    assert messages_of(excinfo) == {"trn": ["Enter the teacher reference number (TRN)"]}

    with pytest.raises(IntegrityError) as db_error, transaction.atomic():
        Teacher.objects.create(trn=None, trnless=False)
    assert db_error.value.__cause__.diag.constraint_name == "check_trn_presence"
    assert domain_error_for(db_error.value).message == messages.TRN_REQUIRED


def test_BR_T_03_a_trnless_teacher_may_not_have_a_trn(world):
    """BR-T-03: trnless with TRN 1234567 → `TRN not allowed when trnless is true`."""
    with pytest.raises(DomainError) as excinfo:
        validate_teacher(Teacher(trn="7654321", trnless=True))
    assert messages_of(excinfo) == {"trn": ["TRN not allowed when trnless is true"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        Teacher.objects.create(trn="7654321", trnless=True)


def test_BR_T_04_trn_is_unique(world):
    """BR-T-04: a second teacher with TRN 1234567 → `TRN already exists` (and the unique index refuses it)."""
    with pytest.raises(DomainError) as excinfo:
        validate_teacher(Teacher(trn="1234567"))
    assert messages_of(excinfo) == {"trn": ["TRN already exists"]}
    validate_teacher(world.jane)  # the teacher itself is not a duplicate

    with pytest.raises(IntegrityError) as db_error, transaction.atomic():
        Teacher.objects.create(trn="1234567")
    assert domain_error_for(db_error.value).message == "TRN already exists"


def test_BR_T_05_trs_induction_status_is_at_most_18_characters(world):
    """BR-T-05: `RequiredToCompleteX1` (20 chars) → `TRS induction status must be shorter than 18 characters`."""
    world.jane.trs_induction_status = "RequiredToCompleteX1"
    with pytest.raises(DomainError) as excinfo:
        validate_teacher(world.jane)
    assert messages_of(excinfo) == {"trs_induction_status": ["TRS induction status must be shorter than 18 characters"]}
    world.jane.trs_induction_status = "RequiredToComplete"  # exactly 18
    validate_teacher(world.jane)


def test_BR_T_06_mentor_ineligibility_date_and_reason_go_together(world):
    """BR-T-06: reason without date and date without reason are both refused, with their own messages."""
    world.jane.mentor_became_ineligible_for_funding_reason = "started_not_completed"
    with pytest.raises(DomainError) as no_date:
        validate_teacher(world.jane)
    assert messages_of(no_date) == {
        "mentor_became_ineligible_for_funding_on": ["Enter the date when the mentor became ineligible for funding"]
    }

    world.jane.mentor_became_ineligible_for_funding_reason = None
    world.jane.mentor_became_ineligible_for_funding_on = dt.date(2025, 7, 31)
    with pytest.raises(DomainError) as no_reason:
        validate_teacher(world.jane)
    assert messages_of(no_reason) == {
        "mentor_became_ineligible_for_funding_reason": [
            "Choose the reason why the mentor became ineligible for funding"
        ]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        world.jane.save()


def test_BR_T_07_first_eligible_timestamps_never_change_once_set(world):
    """BR-T-07: setting when null is allowed; moving 2026-09-01T10:00Z to 2026-09-10 → `cannot be changed once set`."""
    first = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
    assert set_first_eligible_timestamp(world.jane, role="ect", at=first) is True
    world.jane.save(update_fields=["ect_first_became_eligible_for_training_at"])

    assert set_first_eligible_timestamp(world.jane, role="ect", at=first) is False
    with pytest.raises(DomainError) as excinfo:
        set_first_eligible_timestamp(world.jane, role="ect", at=dt.datetime(2026, 9, 10, tzinfo=dt.UTC))
    assert (excinfo.value.field, excinfo.value.message) == (
        "ect_first_became_eligible_for_training_at",
        "cannot be changed once set",
    )

    world.jane.ect_first_became_eligible_for_training_at = dt.datetime(2026, 9, 10, tzinfo=dt.UTC)
    with pytest.raises(DomainError) as validated:
        validate_teacher(world.jane)
    assert messages_of(validated) == {"ect_first_became_eligible_for_training_at": ["cannot be changed once set"]}


def test_BR_T_08_anonymisation_date_and_reason_go_together(world):
    """BR-T-08: `anonymised_at` set with no reason → error on `anonymisation_reason` (required)."""
    world.jane.anonymised_at = clock.now()
    with pytest.raises(DomainError) as excinfo:
        validate_teacher(world.jane)
    assert messages_of(excinfo) == {"anonymisation_reason": ["can't be blank"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        world.jane.save()


def test_BR_T_09_public_ids_are_unique(world):
    """BR-T-09: duplicate api ids → the spec's three messages."""
    copy = Teacher(
        trn="7654321",
        api_id=world.jane.api_id,
        api_ect_training_record_id=world.jane.api_ect_training_record_id,
        api_mentor_training_record_id=world.jane.api_mentor_training_record_id,
    )
    with pytest.raises(DomainErrors) as excinfo:
        validate_teacher(copy)
    assert messages_of(excinfo) == {
        "api_id": ["API id already exists for another teacher"],
        "api_ect_training_record_id": ["API ect training record id already exists for another teacher"],
        "api_mentor_training_record_id": ["API mentor training record id already exists for another teacher"],
    }


def test_BR_T_10_migration_mode_must_be_known(world):
    """BR-T-10: `partial` → `Must be latest_induction_records, all_induction_records or not_migrated`."""
    world.jane.migration_mode = "partial"
    with pytest.raises(DomainError) as excinfo:
        validate_teacher(world.jane)
    assert messages_of(excinfo) == {
        "migration_mode": ["Must be latest_induction_records, all_induction_records or not_migrated"]
    }
    world.jane.migration_mode = "all_induction_records"
    validate_teacher(world.jane)


# TRS refresh ----------------------------------------------------------------------------------------


def test_BR_T_12_exempt_makes_the_ect_ineligible_from_today_and_the_date_never_moves(world, frozen_today):
    """BR-T-12: refresh on 2026-09-15 returns Exempt → ineligible from 2026-09-15; a later refresh keeps it."""
    refresh_teacher_from_trs(author=SYSTEM, teacher=world.jane, trs_record=jane_in_trs(induction_status="Exempt"))

    jane = Teacher.objects.get(pk=world.jane.pk)
    assert jane.trs_induction_status == "Exempt"
    assert jane.ect_became_ineligible_for_funding_on == dt.date(2026, 9, 15)
    event = Event.objects.get(teacher=jane, event_type=EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED)
    assert event.heading == "Induction status changed from 'RequiredToComplete' to 'Exempt'"
    assert event.author_type == AuthorType.SYSTEM
    assert "Ect became ineligible for funding on set to '2026-09-15'" in event.modifications

    frozen_today(dt.date(2026, 10, 1))
    refresh_teacher_from_trs(author=SYSTEM, teacher=jane, trs_record=jane_in_trs(induction_status="Exempt"))
    jane.refresh_from_db()
    assert jane.ect_became_ineligible_for_funding_on == dt.date(2026, 9, 15)
    assert jane.trs_data_last_refreshed_at == aware(dt.date(2026, 10, 1))
    assert Event.objects.filter(teacher=jane).count() == 1  # nothing new, nothing on the timeline


def test_BR_T_13_a_corrected_name_equal_to_the_new_trs_name_is_cleared(world):
    """BR-T-13: corrected `Jane  Smith`, TRS changes to `Jane` `Smith` → corrected name cleared; event recorded."""
    Teacher.objects.filter(pk=world.jane.pk).update(trs_last_name="Smyth", corrected_name="Jane  Smith")
    jane = Teacher.objects.get(pk=world.jane.pk)

    refresh_teacher_from_trs(author=SYSTEM, teacher=jane, trs_record=jane_in_trs())

    jane.refresh_from_db()
    assert (jane.trs_first_name, jane.trs_last_name, jane.corrected_name) == ("Jane", "Smith", None)
    event = Event.objects.get(teacher=jane)
    assert event.event_type == EventType.TEACHER_NAME_UPDATED_BY_TRS
    assert event.heading == "Name changed from 'Jane Smyth' to 'Jane Smith'"
    assert event.metadata == {"old_name": "Jane Smyth", "new_name": "Jane Smith"}


def test_BR_T_13_a_corrected_name_that_still_differs_is_kept(world):
    """BR-T-13 (counter-example): a correction TRS has not caught up with survives the refresh."""
    Teacher.objects.filter(pk=world.jane.pk).update(corrected_name="Jane Smith-Jones")
    jane = Teacher.objects.get(pk=world.jane.pk)
    refresh_teacher_from_trs(author=SYSTEM, teacher=jane, trs_record=jane_in_trs(last_name="Smithe"))
    jane.refresh_from_db()
    assert jane.corrected_name == "Jane Smith-Jones"
    assert jane.full_name == "Jane Smith-Jones"
    assert Event.objects.get(teacher=jane).heading == "Name changed from 'Jane Smith' to 'Jane Smithe'"


def test_refresh_copies_qts_and_itt_and_touches_the_api_timestamp_only_for_api_fields(world, frozen_today):
    """§7.3.7 / §3.3: QTS and ITT data are copied (event `teacher_trs_attributes_updated`); name changes
    touch `api_updated_at`, QTS changes alone do not."""
    before = Teacher.objects.get(pk=world.jane.pk).api_updated_at
    frozen_today(dt.date(2026, 9, 16))
    record = jane_in_trs(
        qts_awarded_on=dt.date(2025, 7, 2),
        qts_status_description="Qualified teacher (trained)",
        initial_teacher_training_provider_name="Northern ITT",
        initial_teacher_training_end_date=dt.date(2025, 6, 30),
    )
    refresh_teacher_from_trs(author=SYSTEM, teacher=world.jane, trs_record=record)

    jane = Teacher.objects.get(pk=world.jane.pk)
    assert jane.trs_qts_awarded_on == dt.date(2025, 7, 2)
    assert jane.trs_initial_teacher_training_provider_name == "Northern ITT"
    assert jane.api_updated_at == before
    event = Event.objects.get(teacher=jane)
    assert (event.event_type, event.heading) == (EventType.TEACHER_TRS_ATTRIBUTES_UPDATED, "TRS attributes updated")
    assert "Trs qts awarded on changed from '2025-07-01' to '2025-07-02'" in event.modifications

    refresh_teacher_from_trs(author=SYSTEM, teacher=jane, trs_record=jane_in_trs(first_name="Janet"))
    jane.refresh_from_db()
    assert jane.api_updated_at == aware(dt.date(2026, 9, 16))
    assert jane.api_unfunded_mentor_updated_at == aware(dt.date(2026, 9, 16))


def test_refresh_with_nothing_new_only_stamps_the_refresh_time(world):
    """§5.1 `trs_data_last_refreshed_at` is set whatever the response; an unchanged record gets no event."""
    refresh_teacher_from_trs(author=SYSTEM, teacher=world.jane, trs_record=jane_in_trs())
    jane = Teacher.objects.get(pk=world.jane.pk)
    assert jane.trs_data_last_refreshed_at == clock.now()
    assert jane.trs_response == "ok"
    assert not Event.objects.exists()


def test_trs_not_found_stops_syncing_and_rederives_induction_status_from_our_outcome(world):
    """§7.3.7: not found → `trs_response = not_found`, event, induction status from the latest outcome."""
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2026, 7, 20),
        outcome="pass",
    )
    refresh_teacher_from_trs(author=SYSTEM, teacher=world.jane, trs_record=TRSRecord(response="not_found"))

    jane = Teacher.objects.get(pk=world.jane.pk)
    assert jane.trs_response == "not_found"
    assert (jane.trs_induction_status, jane.trs_induction_start_date, jane.trs_induction_completed_date) == (
        "Passed",
        dt.date(2024, 9, 1),
        dt.date(2026, 7, 20),
    )
    event = Event.objects.get(teacher=jane)
    assert (event.event_type, event.heading) == (EventType.TEACHER_TRS_NOT_FOUND, "Jane Smith was not found in TRS")

    refresh_teacher_from_trs(author=SYSTEM, teacher=jane, trs_record=TRSRecord(response="not_found"))
    assert Event.objects.filter(teacher=jane).count() == 1  # already flagged


def test_trs_gone_and_redirect_are_recorded(world):
    """§7.3.7: deactivated → `gone`; merged → `permanent_redirect` with the TRN it points to."""
    tom = create_teacher(trn="2345678", first_name="Tom", last_name="Brown")
    refresh_teacher_from_trs(author=SYSTEM, teacher=world.jane, trs_record=TRSRecord(response="gone"))
    refresh_teacher_from_trs(
        author=SYSTEM, teacher=tom, trs_record=TRSRecord(response="permanent_redirect", redirected_to="7654321")
    )

    assert Teacher.objects.get(pk=world.jane.pk).trs_response == "gone"
    tom.refresh_from_db()
    assert (tom.trs_response, tom.trs_redirected_to) == ("permanent_redirect", "7654321")
    assert Event.objects.get(teacher=world.jane).heading == "Jane Smith was deactivated in TRS"
    merged = Event.objects.get(teacher=tom)
    assert (merged.event_type, merged.heading) == (
        EventType.TEACHER_TRS_MERGED,
        "Tom Brown was merged into another TRS record",
    )
    assert "7654321" in merged.body


# Anonymise (BR-T-14) ---------------------------------------------------------------------------------


@service
def undo_registration_in_error(*, author: Author, teacher: Teacher) -> Teacher:
    """How callers use anonymise_teacher: inside a service whose own event explains it."""
    anonymise_teacher(author=author, teacher=teacher, reason="registered_in_error")
    write_event(
        type=EventType.TEACHER_REGISTRATION_UNDONE,
        author=author,
        heading=f"Teacher {teacher.pk} registration was undone",
        teacher=teacher,
    )
    return teacher


def test_BR_T_14_a_teacher_with_an_induction_period_cannot_be_anonymised(world, support_user):
    """BR-T-14: one induction period → `Teacher still has registrations or induction periods`."""
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub)
    with pytest.raises(DomainError) as excinfo:
        anonymise_teacher(author=support_user, teacher=world.jane, reason="registered_in_error")
    assert (excinfo.value.field, excinfo.value.message) == (
        "base",
        "Teacher still has registrations or induction periods",
    )
    assert Teacher.objects.get(pk=world.jane.pk).trn == "1234567"


def test_BR_T_14_a_teacher_with_a_school_period_cannot_be_anonymised(world, support_user):
    """BR-T-14: ECT or mentor periods block anonymisation too."""
    create_mentor_at_school_period(teacher=world.jane, school=world.oakfield)
    with pytest.raises(DomainError, match="Teacher still has registrations or induction periods"):
        anonymise_teacher(author=support_user, teacher=world.jane, reason="registered_in_error")


def test_BR_T_14_anonymising_clears_names_and_trn(world, support_user):
    """BR-T-14: with no periods → names and TRN cleared, trnless, reason and timestamp set."""
    Teacher.objects.filter(pk=world.jane.pk).update(corrected_name="Jane Smith-Jones")
    jane = Teacher.objects.get(pk=world.jane.pk)
    undo_registration_in_error(author=support_user, teacher=jane)

    jane.refresh_from_db()
    assert (jane.trn, jane.trs_first_name, jane.trs_last_name, jane.corrected_name) == (None, None, None, None)
    assert jane.trnless is True
    assert (jane.anonymisation_reason, jane.anonymised_at) == ("registered_in_error", clock.now())
    assert jane.full_name == "Unknown"
    validate_teacher(jane)


def test_anonymising_alone_is_refused_because_it_records_no_event(world, support_user):
    """anonymise_teacher is a step of undo or merge; on its own it would leave no trace, so it refuses."""
    with pytest.raises(MissingEvent):
        anonymise_teacher(author=support_user, teacher=world.jane, reason="registered_in_error")
    assert Teacher.objects.get(pk=world.jane.pk).trn == "1234567"


# Merge (BR-T-15) ------------------------------------------------------------------------------------


def test_BR_T_15_a_teacher_cannot_be_merged_into_itself(world, support_user):
    """BR-T-15: merge teacher 7 into 7 → `Cannot merge a teacher into itself`."""
    with pytest.raises(DomainError) as excinfo:
        merge_teachers(author=support_user, source=world.jane, destination=world.jane)
    assert excinfo.value.message == "Cannot merge a teacher into itself"
    assert not TeacherIdChange.objects.exists()


def test_BR_T_15_merging_moves_everything_records_the_id_change_and_anonymises_the_source(
    world, support_user, frozen_today
):
    """BR-T-15: merge 7 into 9 → periods move to 9; TeacherIdChange(9, 7's api_id → 9's api_id); 7 anonymised."""
    source = create_teacher(trn="7654321", first_name="Jane", last_name="Smyth")
    destination = world.jane
    ect = create_ect_at_school_period(
        teacher=source, school=world.oakfield, started_on=dt.date(2025, 9, 1), appropriate_body=world.north_hub
    )
    training = create_training_period(ect_at_school_period=ect, training_programme="school_led")
    mentor = create_mentor_at_school_period(teacher=source, school=world.hillside, started_on=dt.date(2026, 1, 5))
    induction = create_induction_period(teacher=source, appropriate_body=world.north_hub)
    extension = InductionExtension.objects.create(teacher=source, number_of_terms=1)
    old_change = TeacherIdChange.objects.create(
        teacher=source, api_from_teacher_id=uuid.uuid4(), api_to_teacher_id=source.api_id
    )
    notification = SchoolNotification.objects.create(
        school=world.oakfield,
        kind=SchoolNotificationKind.ECT_WITHOUT_MENTOR,
        dedupe_key=f"ect-without-mentor:{ect.pk}",
        heading="Jane Smyth has no mentor",
        body="Assign a mentor.",
        action_text="Assign a mentor",
        action_path=f"/school/ects/{ect.pk}",
        teacher=source,
        email_status=SchoolNotificationEmail.NOT_WANTED,
    )
    source_api_id = source.api_id
    frozen_today(dt.date(2026, 9, 16))

    merge_teachers(author=support_user, source=source, destination=destination, note="Duplicate from TRS")

    for model, pk in (
        (ECTAtSchoolPeriod, ect.pk),
        (MentorAtSchoolPeriod, mentor.pk),
        (InductionPeriod, induction.pk),
        (InductionExtension, extension.pk),
        (TeacherIdChange, old_change.pk),
        (TrainingPeriod, training.pk),
        (SchoolNotification, notification.pk),
    ):
        assert model.objects.get(pk=pk).teacher_id == destination.pk, model
    change = TeacherIdChange.objects.exclude(pk=old_change.pk).get()
    assert (change.teacher_id, change.api_from_teacher_id, change.api_to_teacher_id) == (
        destination.pk,
        source_api_id,
        destination.api_id,
    )
    source.refresh_from_db()
    assert (source.trn, source.trnless, source.anonymisation_reason) == (None, True, "teacher_record_merged")
    destination.refresh_from_db()
    assert destination.api_updated_at == aware(dt.date(2026, 9, 16))

    on_destination = Event.objects.get(teacher=destination, event_type=EventType.TEACHER_MERGED)
    assert on_destination.heading == "Records were merged into Jane Smith from Jane Smyth"
    assert "TRN 7654321" in on_destination.body and on_destination.body.endswith("Duplicate from TRS")
    assert on_destination.author_email == "support@education.gov.uk"
    on_source = Event.objects.get(teacher=source, event_type=EventType.TEACHER_MERGED)
    assert on_source.heading == "Teacher record was merged into Jane Smith and anonymised"


def test_BR_T_15_merging_overlapping_ect_periods_is_refused_with_the_overlap_message(world, support_user):
    """BR-T-15 with BR-P-03: the destination cannot hold two overlapping ECT periods."""
    source = create_teacher(trn="7654321")
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    create_ect_at_school_period(teacher=source, school=world.hillside, started_on=dt.date(2026, 9, 1))
    with pytest.raises(DomainError) as excinfo:
        merge_teachers(author=support_user, source=source, destination=world.jane)
    assert (excinfo.value.field, excinfo.value.message) == (
        "started_on",
        "Start date cannot overlap another Teacher ECT period",
    )
    assert ECTAtSchoolPeriod.objects.filter(teacher=source).count() == 1
    assert Teacher.objects.get(pk=source.pk).trn == "7654321"


# Every relation to Teacher needs a merge decision (style guide §3.1) ---------------------------------

TEACHER_MERGE_RULES = {
    "teachers.ECTAtSchoolPeriod.teacher": "moved",
    "teachers.MentorAtSchoolPeriod.teacher": "moved",
    "teachers.TrainingPeriod.teacher": "moved (re-derived by the trigger)",
    "teachers.InductionPeriod.teacher": "moved",
    "teachers.InductionExtension.teacher": "moved",
    "teachers.TeacherIdChange.teacher": "moved",
    "events.Event.teacher": "kept: each record keeps its own timeline, and both get a teacher_merged event",
    "integrations.TRSInductionStatusUpdate.teacher": "kept: TRS writes are addressed by the TRN at queueing time",
    "schools.SchoolNotification.teacher": "moved: the school's notifications still lead to the person",
}


def test_every_relation_to_teacher_has_a_merge_rule():
    relations = {f"{r.related_model._meta.label}.{r.field.name}" for r in Teacher._meta.related_objects}
    assert relations == set(TEACHER_MERGE_RULES), "Decide what merge_teachers() does with the new relation"


# Early roll-out mentors (BR-M-23) --------------------------------------------------------------------


def test_BR_M_23_early_roll_out_mentors_are_ineligible_from_19_april_2021(world):
    """BR-M-23: importing TRN 2345678 → teacher created with that date and reason; event `import_from_dqt`."""
    teacher = import_early_roll_out_mentor(author=SYSTEM, trn="2345678")

    teacher.refresh_from_db()
    assert teacher.trn == "2345678"
    assert teacher.mentor_became_ineligible_for_funding_on == dt.date(2021, 4, 19)
    assert teacher.mentor_became_ineligible_for_funding_reason == "completed_during_early_roll_out"
    assert teacher.trs_data_last_refreshed_at is None  # first in the TRS sync queue
    event = Event.objects.get(teacher=teacher)
    assert (event.event_type, event.heading) == (EventType.IMPORT_FROM_DQT, "Early roll-out mentor imported from DQT")


def test_BR_M_23_an_existing_teacher_is_updated_once(world):
    """BR-M-23: an existing teacher gets the date and reason; importing again changes nothing."""
    import_early_roll_out_mentor(author=SYSTEM, trn="1234567")
    import_early_roll_out_mentor(author=SYSTEM, trn="1234567")
    jane = Teacher.objects.get(pk=world.jane.pk)
    assert jane.mentor_became_ineligible_for_funding_reason == "completed_during_early_roll_out"
    assert jane.api_updated_at == clock.now()
    assert Event.objects.filter(teacher=jane, event_type=EventType.IMPORT_FROM_DQT).count() == 1
    with pytest.raises(DomainError, match="TRN must be 7 digits"):
        import_early_roll_out_mentor(author=SYSTEM, trn="12345")
