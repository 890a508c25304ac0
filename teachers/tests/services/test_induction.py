"""Claiming, releasing, passing and failing an ECT's induction (domain.md §7.3.1–7.3.4, BR-IP-10, 13, 20 … 34)."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_bodies.models import InductionProgramme
from core.clock import start_of_day
from core.errors import DomainError
from events.models import Event
from events.types import EventType
from schools.models import TrainingProgramme
from teachers.messages import induction as messages
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from teachers.selectors.induction import induction_status_tag
from teachers.services.induction import (
    AlreadyClaimedByThisBody,
    claim_ect,
    find_ect_to_claim,
    record_fail,
    record_pass,
    release_ect,
)
from teachers.validation.induction_periods import validate_claim_confirmation
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)
from tests.builders_induction import (
    JANE_DOB,
    ab_user,
    dfe_admin,
    fake_trs_with_jane,
    trs_teacher,
    trs_updates,
)

D = dt.date


def all_messages(excinfo) -> list[str]:
    return [e.message for e in excinfo.value.errors]


def events_of(event_type: str) -> list[Event]:
    return list(Event.objects.filter(event_type=event_type).order_by("pk"))


@pytest.fixture
def north_hub_user(world):
    return ab_user(world.north_hub)


@pytest.fixture
def istip_user(world):
    return ab_user(world.istip)


@pytest.fixture
def jane_with_north_hub(world):
    """Jane's ongoing induction with North Hub from 2025-09-01, as TRS would show after the claim."""
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    return create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))


# Finding a teacher to claim (BR-IP-20, BR-IP-21) -----------------------------------------------------


@pytest.mark.parametrize(
    ("trn", "date_of_birth", "field", "message"),
    [
        ("", JANE_DOB, "trn", messages.ENTER_A_TRN),
        ("12345", JANE_DOB, "trn", messages.TRN_MUST_BE_SEVEN_DIGITS),
        ("1234567", None, "date_of_birth", messages.ENTER_A_DATE_OF_BIRTH),
        ("1234567", D(2010, 5, 1), "date_of_birth", messages.AGE_OUT_OF_RANGE),
    ],
)
def test_BR_IP_20_finding_needs_a_seven_digit_trn_and_an_adult_date_of_birth(world, trn, date_of_birth, field, message):
    """BR-IP-20: blank TRN, `12345`, blank date, born 2010 are each refused with the spec's message."""
    fake = fake_trs_with_jane()
    with pytest.raises(DomainError) as excinfo:
        find_ect_to_claim(appropriate_body=world.north_hub, trn=trn, date_of_birth=date_of_birth, client=fake)
    assert [(e.field, e.message) for e in excinfo.value.errors] == [(field, message)]
    assert fake.lookups == []  # TRS is not asked about an invalid search


def test_BR_IP_20_no_trs_match_for_trn_and_date_of_birth(world):
    """BR-IP-20: TRS finds no match (the date of birth differs) → `No teacher with this TRN and date of birth…`."""
    fake = fake_trs_with_jane()
    with pytest.raises(DomainError) as excinfo:
        find_ect_to_claim(appropriate_body=world.north_hub, trn="1234567", date_of_birth=D(1990, 1, 1), client=fake)
    assert excinfo.value.message == "No teacher with this TRN and date of birth was found"
    assert fake.lookups == [{"trn": "1234567", "date_of_birth": D(1990, 1, 1), "nino": None}]


def test_BR_IP_20_a_match_returns_the_trs_record_and_no_block(world):
    """BR-IP-20: a match returns the trs record and no block."""
    fake = fake_trs_with_jane()
    result = find_ect_to_claim(appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake)
    assert (result.trs_teacher.first_name, result.teacher, result.is_claimable) == ("Jane", world.jane, True)


def test_BR_IP_21_teacher_already_with_this_body_is_redirected_with_a_notice(world, jane_with_north_hub):
    """BR-IP-21: North Hub searches Jane while she is with North Hub → redirected with the notice."""
    with pytest.raises(AlreadyClaimedByThisBody) as excinfo:
        find_ect_to_claim(
            appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake_trs_with_jane()
        )
    assert (
        excinfo.value.message == "Teacher Jane Smith already has an ongoing induction period with this appropriate body"
    )
    assert excinfo.value.teacher == world.jane


# Eligibility (BR-IP-22 … BR-IP-24) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trs_fields", "message"),
    [
        ({"induction_status": "FailedInWales"}, "Jane Smith has already failed their induction"),
        ({"induction_status": "Failed"}, "Jane Smith has already failed their induction"),
        ({"induction_status": "Passed"}, "Jane Smith has already passed their induction"),
        ({"induction_status": "Exempt"}, "Jane Smith is exempt from completing their induction"),
        ({"prohibited_from_teaching": True}, "Jane Smith is prohibited from teaching"),
        ({"qts_awarded_on": None}, "Jane Smith does not have their qualified teacher status (QTS)"),
    ],
)
def test_BR_IP_22_ineligible_teachers_are_shown_why_and_cannot_be_claimed(world, north_hub_user, trs_fields, message):
    """BR-IP-22: e.g. TRS `FailedInWales` → shown as ineligible; the claim itself is refused too."""
    fake = fake_trs_with_jane(**trs_fields)
    result = find_ect_to_claim(appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake)
    assert result.block_reason == message
    if trs_fields.get("qts_awarded_on", 1) is not None:  # no QTS fails BR-IP-26 first at the claim
        with pytest.raises(DomainError) as excinfo:
            claim_ect(
                author=north_hub_user,
                appropriate_body=world.north_hub,
                trs_teacher=result.trs_teacher,
                started_on=D(2026, 9, 1),
                training_programme=TrainingProgramme.PROVIDER_LED,
            )
        assert excinfo.value.message == message
    assert not InductionPeriod.objects.exists()
    assert not Event.objects.exists()


def test_BR_IP_22_a_local_pass_blocks_a_claim_even_before_trs_knows(world, north_hub_user):
    """BR-IP-22 with Q14's spirit: our own outcome counts, not only TRS's status."""
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.istip,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 7, 20),
        outcome="pass",
    )
    with pytest.raises(DomainError) as excinfo:
        claim_ect(
            author=north_hub_user,
            appropriate_body=world.north_hub,
            trs_teacher=trs_teacher(induction_status="InProgress"),
            started_on=D(2026, 9, 1),
            training_programme=TrainingProgramme.PROVIDER_LED,
        )
    assert excinfo.value.message == "Jane Smith has already passed their induction"


def test_BR_IP_23_teacher_with_another_body_cannot_be_claimed_until_released(world, istip_user, jane_with_north_hub):
    """BR-IP-23: Jane ongoing with North Hub; ISTIP tries to claim → cannot proceed."""
    fake = fake_trs_with_jane(induction_status="InProgress")
    result = find_ect_to_claim(appropriate_body=world.istip, trn="1234567", date_of_birth=JANE_DOB, client=fake)
    expected = "Jane Smith is already claimed by another appropriate body (North Hub)"
    assert result.block_reason == expected
    with pytest.raises(DomainError) as excinfo:
        claim_ect(
            author=istip_user,
            appropriate_body=world.istip,
            trs_teacher=result.trs_teacher,
            started_on=D(2026, 9, 1),
            training_programme=TrainingProgramme.SCHOOL_LED,
        )
    assert excinfo.value.message == expected
    assert list(InductionPeriod.objects.values_list("appropriate_body_period__name", flat=True)) == ["North Hub"]


def test_BR_IP_24_the_body_must_confirm_the_details():
    """BR-IP-24: not ticked → `Confirm if these details are correct or try your search again`."""
    with pytest.raises(DomainError) as excinfo:
        validate_claim_confirmation(confirmed=False)
    assert excinfo.value.message == "Confirm if these details are correct or try your search again"
    validate_claim_confirmation(confirmed=True)


# The claim (BR-IP-25 … BR-IP-28) ---------------------------------------------------------------------


def claim(world, author, **overrides):
    arguments = dict(
        author=author,
        appropriate_body=world.north_hub,
        trs_teacher=trs_teacher(),
        started_on=D(2026, 9, 1),
        training_programme=TrainingProgramme.PROVIDER_LED,
    )
    return claim_ect(**(arguments | overrides))


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        (None, "Enter a start date"),
        (D(2021, 8, 31), "Enter a start date after 1 September 2021"),
        (D(2021, 9, 1), "Enter a start date after 1 September 2021"),  # Q5: "after" means after, in every path
        (D(2026, 9, 16), "Start date cannot be in the future"),
        (D(2025, 6, 30), "Start date cannot be before QTS award date (1 July 2025)"),
    ],
)
def test_BR_IP_25_claim_start_date_rules(world, north_hub_user, started_on, message):
    """BR-IP-25: required, after 1 September 2021 (Q5), not in the future, not before QTS."""
    with pytest.raises(DomainError) as excinfo:
        claim(world, north_hub_user, started_on=started_on, trs_teacher=trs_teacher(qts_awarded_on=D(2025, 7, 1)))
    assert all_messages(excinfo) == [message]
    assert not InductionPeriod.objects.exists()


def test_BR_IP_25_claim_must_start_after_the_last_period_finished(world, north_hub_user):
    """BR-IP-25: last period ended 2026-03-31, start 2026-03-31 → refused; 2026-04-01 → claimed."""
    create_induction_period(
        teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1), finished_on=D(2026, 3, 31)
    )
    with pytest.raises(DomainError) as excinfo:
        claim(world, north_hub_user, started_on=D(2026, 3, 31), trs_teacher=trs_teacher(induction_status="InProgress"))
    assert all_messages(excinfo) == ["Enter a start date after the last induction period finished (31 March 2026)"]

    period = claim(
        world, north_hub_user, started_on=D(2026, 4, 1), trs_teacher=trs_teacher(induction_status="InProgress")
    )
    assert (period.started_on, period.finished_on) == (D(2026, 4, 1), None)
    assert trs_updates() == []  # not her first induction period: TRS already knows


@pytest.mark.parametrize(
    ("trs_fields", "message"),
    [
        ({"qts_awarded_on": None}, "QTS has not been awarded"),
        ({"induction_status": "Pending"}, "TRS Induction Status is not known"),
    ],
)
def test_BR_IP_26_qts_and_a_known_trs_status_are_needed(world, north_hub_user, trs_fields, message):
    """BR-IP-26: no QTS → `QTS has not been awarded`; TRS status `Pending` → `TRS Induction Status is not known`."""
    with pytest.raises(DomainError) as excinfo:
        claim(world, north_hub_user, trs_teacher=trs_teacher(**trs_fields))
    assert all_messages(excinfo) == [message]
    assert not InductionPeriod.objects.exists()


@pytest.mark.parametrize(
    ("programmes", "field", "message"),
    [
        ({"training_programme": None}, "training_programme", "Choose an induction training programme"),
        ({"training_programme": "online"}, "training_programme", "Choose an induction training programme"),
        (
            {"training_programme": None, "induction_programme": "online"},
            "induction_programme",
            "Choose an induction programme",
        ),
    ],
)
def test_BR_IP_27_a_claim_needs_a_programme(world, north_hub_user, programmes, field, message):
    """BR-IP-27: missing new programme → `Choose an induction training programme`; legacy → `Choose an induction programme`."""
    with pytest.raises(DomainError) as excinfo:
        claim(world, north_hub_user, **programmes)
    assert [(e.field, e.message) for e in excinfo.value.errors] == [(field, message)]


def test_BR_IP_27_a_legacy_programme_alone_is_read_through_the_mapping(world, north_hub_user):
    """BR-IP-27: a legacy programme alone is read through the mapping."""
    period = claim(world, north_hub_user, training_programme=None, induction_programme=InductionProgramme.CIP)
    assert (period.training_programme, period.induction_programme) == ("school_led", "cip")


def test_BR_IP_28_a_first_claim_opens_the_period_marks_in_progress_and_tells_trs(world, north_hub_user):
    """BR-IP-28: North Hub claims Jane from 2026-09-01 (her first) → period, InProgress, TRS told, event."""
    period = claim(world, north_hub_user, trs_teacher=trs_teacher(induction_start_date=None))

    period = InductionPeriod.objects.get()
    assert (period.teacher, period.appropriate_body_period, period.started_on, period.finished_on) == (
        world.jane,
        world.north_hub,
        D(2026, 9, 1),
        None,
    )
    assert (period.training_programme, period.induction_programme) == ("provider_led", "fip")
    world.jane.refresh_from_db()
    assert world.jane.trs_induction_status == "InProgress"
    assert (world.jane.trs_response, world.jane.trs_data_last_refreshed_at is not None) == ("ok", True)
    assert trs_updates(world.jane) == [("InProgress", D(2026, 9, 1), None)]

    event = Event.objects.get(event_type=EventType.INDUCTION_PERIOD_OPENED)
    assert event.heading == "Jane Smith was claimed by North Hub"
    assert event.happened_at == start_of_day(D(2026, 9, 1))
    assert (event.teacher, event.appropriate_body_period, event.induction_period) == (
        world.jane,
        world.north_hub,
        period,
    )
    assert (event.author_type, event.author_email) == ("appropriate_body_user", north_hub_user.email)


def test_BR_IP_28_claiming_someone_new_imports_them_from_trs(world, north_hub_user):
    """BR-IP-28: §7.3.1 step 6: a teacher unknown to the service is created from TRS (event `teacher_imported_from_trs`)."""
    snapshot = trs_teacher(
        trn="2345678",
        first_name="Sam",
        last_name="Patel",
        qts_awarded_on=D(2024, 7, 1),
        induction_start_date=D(2025, 1, 6),
        initial_teacher_training_provider_name="Example Provider Ltd.",
    )
    period = claim(world, north_hub_user, trs_teacher=snapshot, training_programme=TrainingProgramme.SCHOOL_LED)
    sam = Teacher.objects.get(trn="2345678")
    assert period.teacher == sam
    assert (sam.full_name, sam.trs_induction_status, sam.trs_induction_start_date, sam.trs_qts_awarded_on) == (
        "Sam Patel",
        "InProgress",
        D(2025, 1, 6),
        D(2024, 7, 1),
    )
    assert sam.trs_initial_teacher_training_provider_name == "Example Provider Ltd."
    assert [e.event_type for e in Event.objects.filter(teacher=sam).order_by("pk")] == [
        "teacher_imported_from_trs",
        "induction_period_opened",
    ]
    assert (period.training_programme, period.induction_programme) == ("school_led", "unknown")


def test_BR_IP_28_claim_sets_ect_funding_eligibility_when_at_a_school(world, north_hub_user):
    """BR-IP-28: §6.5: an induction period containing today plus an ECT-at-school period → first eligible now, once."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    claim(world, north_hub_user)
    world.jane.refresh_from_db()
    assert world.jane.ect_first_became_eligible_for_training_at is not None
    [event] = events_of(EventType.TEACHER_FUNDING_ELIGIBILITY_SET)
    assert (event.heading, event.teacher) == ("Jane Smith’s ECT funding eligibility was set", world.jane)


def test_claiming_twice_with_the_same_body_is_refused(world, north_hub_user, jane_with_north_hub):
    with pytest.raises(DomainError) as excinfo:
        claim(world, north_hub_user, trs_teacher=trs_teacher(induction_status="InProgress"))
    assert (
        excinfo.value.message == "Teacher Jane Smith already has an ongoing induction period with this appropriate body"
    )


# Closing: release, pass, fail (BR-IP-30 … BR-IP-34) --------------------------------------------------


def test_BR_IP_30_closing_needs_an_ongoing_period(world, north_hub_user):
    """BR-IP-30: Jane has no ongoing period → action refused."""
    for action in (release_ect, record_pass):
        with pytest.raises(DomainError) as excinfo:
            action(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=3)
        assert excinfo.value.message == "Jane Smith does not have an open induction"
    assert not Event.objects.exists()


def test_BR_IP_30_closing_needs_an_end_date_and_terms(world, north_hub_user, jane_with_north_hub):
    """BR-IP-30: blank end → `Enter a finish date`; blank terms → `Enter a number of terms`."""
    with pytest.raises(DomainError) as excinfo:
        release_ect(author=north_hub_user, teacher=world.jane, finished_on=None, number_of_terms="")
    assert {(e.field, e.message) for e in excinfo.value.errors} == {
        ("finished_on", "Enter a finish date"),
        ("number_of_terms", "Enter a number of terms"),
    }
    jane_with_north_hub.refresh_from_db()
    assert jane_with_north_hub.finished_on is None


def test_BR_IP_30_another_body_cannot_close_the_period(world, istip_user, jane_with_north_hub):
    """BR-IP-30: another body cannot close the period."""
    with pytest.raises(DomainError) as excinfo:
        release_ect(author=istip_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=3)
    assert excinfo.value.message == (
        "Jane Smith is completing their induction with another appropriate body (North Hub)"
    )


@pytest.mark.parametrize("finished_on", [D(2000, 1, 1), D(2024, 1, 1)])
def test_BR_IP_31_end_date_must_be_after_the_latest_start(world, finished_on):
    """BR-IP-31: ongoing from 2024-01-01; end 2000-01-01 → refused; Q4: an end equal to the start is refused too."""
    teacher = create_teacher(trn="2222222", qts_awarded_on=D(2023, 7, 1))
    create_induction_period(teacher=teacher, appropriate_body=world.north_hub, started_on=D(2024, 1, 1))
    with pytest.raises(DomainError) as excinfo:
        release_ect(author=ab_user(world.north_hub), teacher=teacher, finished_on=finished_on, number_of_terms=1)
    assert all_messages(excinfo) == ["Induction end date must be after the induction start date (1 January 2024)"]


def test_BR_IP_32_an_ab_recording_a_fail_gives_the_confirmation_date(world, north_hub_user, jane_with_north_hub):
    """BR-IP-32: blank → `Enter the date you sent them written confirmation of their failed induction`."""
    with pytest.raises(DomainError) as excinfo:
        record_fail(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=6)
    assert all_messages(excinfo) == ["Enter the date you sent them written confirmation of their failed induction"]
    jane_with_north_hub.refresh_from_db()
    assert jane_with_north_hub.outcome is None


def test_BR_IP_32_dfe_admins_are_not_asked_for_the_confirmation_date(world, jane_with_north_hub):
    """BR-IP-32: DfE admins are not asked (they give a note or ticket instead, BR-ADM-01)."""
    admin = dfe_admin()
    record_fail(
        author=admin, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=6, zendesk_ticket="#123456"
    )
    jane_with_north_hub.refresh_from_db()
    assert (jane_with_north_hub.outcome, jane_with_north_hub.fail_confirmation_sent_on) == ("fail", None)
    event = Event.objects.get(event_type=EventType.TEACHER_FAILS_INDUCTION)
    assert (event.heading, event.zendesk_ticket_id, event.author_id) == (
        "Jane Smith failed induction by admin",
        123456,
        admin.user_id,
    )


@pytest.mark.parametrize(
    ("confirmation", "message"),
    [
        (D(2026, 7, 19), "Failure confirmation date cannot be before end date"),
        (D(2026, 9, 16), "Failure confirmation date cannot be in the future"),
    ],
)
def test_BR_IP_13_fail_confirmation_date_rules(world, north_hub_user, jane_with_north_hub, confirmation, message):
    """BR-IP-13: end 2026-07-20; confirmation 2026-07-19 → before end; 2026-09-16 → in the future."""
    with pytest.raises(DomainError) as excinfo:
        record_fail(
            author=north_hub_user,
            teacher=world.jane,
            finished_on=D(2026, 7, 20),
            number_of_terms=6,
            fail_confirmation_sent_on=confirmation,
        )
    assert all_messages(excinfo) == [message]


def test_BR_IP_33_release_closes_without_outcome_and_leaves_school_and_trs_alone(
    world, north_hub_user, jane_with_north_hub
):
    """BR-IP-33: North Hub releases Jane on 2026-07-20 with 3 terms → no outcome, event, `Induction paused`."""
    school_period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1))
    release_ect(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms="3")

    period = InductionPeriod.objects.get()
    assert (period.started_on, period.finished_on, period.number_of_terms, period.outcome) == (
        D(2025, 9, 1),
        D(2026, 7, 20),
        3.0,
        None,
    )
    event = Event.objects.get(event_type=EventType.INDUCTION_PERIOD_CLOSED)
    assert (event.heading, event.happened_at, event.induction_period) == (
        "Jane Smith was released by North Hub",
        start_of_day(D(2026, 7, 20)),
        period,
    )
    school_period.refresh_from_db()
    assert school_period.finished_on is None
    assert trs_updates() == []
    world.jane.refresh_from_db()
    assert induction_status_tag(teacher=world.jane).label == "Induction paused"


def test_BR_IP_33_a_released_teacher_can_be_claimed_by_another_body(
    world, north_hub_user, istip_user, jane_with_north_hub
):
    """BR-IP-33: a released teacher can be claimed by another body."""
    release_ect(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=3)
    period = claim(
        world,
        istip_user,
        appropriate_body=world.istip,
        started_on=D(2026, 7, 21),
        trs_teacher=trs_teacher(induction_status="InProgress"),
    )
    assert period.appropriate_body_period == world.istip
    assert induction_status_tag(teacher=world.jane).label == "In progress"


@pytest.fixture
def jane_at_oakfield(world):
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1))
    training = create_training_period(ect_at_school_period=ect, training_programme=TrainingProgramme.SCHOOL_LED)
    mentorship = create_mentorship_period(mentee=ect)
    return ect, training, mentorship


def test_BR_IP_34_pass_closes_the_period_the_school_record_and_tells_trs(
    world, north_hub_user, jane_with_north_hub, jane_at_oakfield
):
    """BR-IP-34: North Hub passes Jane on 2026-09-15 with end 2026-07-20, 6 terms → outcome, school record
    finished today, TRS `Passed` 2025-09-01 → 2026-07-20."""
    ect, training, mentorship = jane_at_oakfield
    record_pass(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=6)

    period = InductionPeriod.objects.get()
    assert (period.finished_on, period.number_of_terms, period.outcome) == (D(2026, 7, 20), 6.0, "pass")
    assert ECTAtSchoolPeriod.objects.get(pk=ect.pk).finished_on == D(2026, 9, 15)
    assert TrainingPeriod.objects.get(pk=training.pk).finished_on == D(2026, 9, 15)
    assert MentorshipPeriod.objects.get(pk=mentorship.pk).finished_on == D(2026, 9, 15)
    assert trs_updates(world.jane) == [("Passed", D(2025, 9, 1), D(2026, 7, 20))]
    world.jane.refresh_from_db()
    assert (world.jane.trs_induction_status, world.jane.trs_induction_completed_date) == ("Passed", D(2026, 7, 20))

    event = Event.objects.get(event_type=EventType.TEACHER_PASSES_INDUCTION)
    assert (event.heading, event.happened_at) == (
        "Jane Smith passed induction by North Hub",
        start_of_day(D(2026, 7, 20)),
    )
    assert (event.induction_period, event.ect_at_school_period, event.training_period, event.mentorship_period) == (
        period,
        ect,
        training,
        mentorship,
    )
    # The school record closes without leaving, training or mentoring events of its own (§7.1.7).
    assert not Event.objects.filter(
        event_type__in=["teacher_left_school_as_ect", "teacher_finishes_training_period", "teacher_finishes_mentoring"]
    ).exists()


def test_BR_IP_34_fail_records_the_notification_date_and_tells_trs(world, north_hub_user, jane_with_north_hub):
    """BR-IP-34 / §7.3.4: a fail by an AB → outcome `fail`, confirmation date, event body `ECT notified on …`."""
    record_fail(
        author=north_hub_user,
        teacher=world.jane,
        finished_on=D(2026, 7, 20),
        number_of_terms=6,
        fail_confirmation_sent_on=D(2026, 7, 21),
    )
    period = InductionPeriod.objects.get()
    assert (period.outcome, period.fail_confirmation_sent_on) == ("fail", D(2026, 7, 21))
    assert trs_updates(world.jane) == [("Failed", D(2025, 9, 1), D(2026, 7, 20))]
    event = Event.objects.get(event_type=EventType.TEACHER_FAILS_INDUCTION)
    assert (event.heading, event.body) == ("Jane Smith failed induction by North Hub", "ECT notified on 21 July 2026")


def test_a_fail_by_an_ab_emails_the_teaching_regulation_agency_after_commit(
    world, north_hub_user, jane_with_north_hub, django_capture_on_commit_callbacks
):
    """§7.3.4 step 7, journeys.md §7.1 #6: the TRA inbox hears of the fail, with the notification date."""
    from integrations.notify.models import SentEmail

    with django_capture_on_commit_callbacks(execute=True):
        record_fail(
            author=north_hub_user,
            teacher=world.jane,
            finished_on=D(2026, 7, 20),
            number_of_terms=6,
            fail_confirmation_sent_on=D(2026, 7, 21),
        )
    email = SentEmail.objects.get()
    assert email.to == "TRA.SE@education.gov.uk"
    period = InductionPeriod.objects.get(teacher=world.jane, outcome="fail")
    assert email.reference == f"induction-period-{period.pk}"  # a Notify refusal is logged against the period
    for expected in ("Jane Smith", "1234567", "North Hub", "21 July 2026"):
        assert expected in email.body


def test_a_pass_sends_no_email_to_the_teaching_regulation_agency(
    world, north_hub_user, jane_with_north_hub, django_capture_on_commit_callbacks
):
    from integrations.notify.models import SentEmail

    with django_capture_on_commit_callbacks(execute=True):
        record_pass(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=6)
    assert not SentEmail.objects.exists()


def test_BR_IP_34_pass_uses_the_first_periods_start_for_trs(world, north_hub_user):
    """BR-IP-34: §7.3.7: start = the first period's start, completed = the last period's end."""
    create_induction_period(
        teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31)
    )
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    record_pass(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=3)
    assert trs_updates(world.jane) == [("Passed", D(2025, 9, 1), D(2026, 7, 20))]


def test_BR_IP_34_pass_deletes_a_school_record_that_has_not_started(world, north_hub_user, jane_with_north_hub):
    """BR-IP-34: §7.1.7: a registration starting today or later is deleted rather than finished."""
    future = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 10, 1))
    record_pass(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=6)
    assert not ECTAtSchoolPeriod.objects.filter(pk=future.pk).exists()


def test_BR_IP_10_only_one_outcome_per_teacher(world, north_hub_user):
    """BR-IP-10: Jane has a `fail`; recording `pass` on another period → refused."""
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.istip,
        started_on=D(2025, 9, 1),
        finished_on=D(2025, 12, 31),
        outcome="fail",
    )
    ongoing = create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    with pytest.raises(DomainError) as excinfo:
        record_pass(author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=3)
    assert all_messages(excinfo) == ["An induction period with an outcome already exists for this teacher"]
    ongoing.refresh_from_db()
    assert (ongoing.finished_on, ongoing.outcome) == (None, None)
    assert trs_updates() == []


def test_pass_schedules_the_working_submission_for_deletion(world, north_hub_user, jane_with_north_hub):
    """§7.3.4 step 4: the pending submission is purged 24 hours after success."""
    from appropriate_bodies.models import PendingInductionSubmission

    submission = PendingInductionSubmission.objects.create(appropriate_body_period=world.north_hub, trn="1234567")
    record_pass(
        author=north_hub_user, teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms=6, submission=submission
    )
    submission.refresh_from_db()
    assert submission.delete_at == dt.datetime(2026, 9, 16, 11, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("known_teacher", [True, False])
def test_BR_IP_23_two_bodies_claiming_at_once_only_one_wins(frozen_today, known_teacher):
    """BR-IP-23 under concurrency: exactly one of two simultaneous claims succeeds; the other is told who won."""
    import threading

    from django.db import connection

    from tests.builders import baseline_world

    world = baseline_world()
    trn = "1234567" if known_teacher else "2345678"
    snapshot = trs_teacher(trn=trn, first_name="Jane", last_name="Smith")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def attempt(body):
        try:
            barrier.wait()
            claim_ect(
                author=ab_user(body),
                appropriate_body=body,
                trs_teacher=snapshot,
                started_on=D(2026, 9, 1),
                training_programme=TrainingProgramme.PROVIDER_LED,
            )
            outcomes[body.name] = "claimed"
        except DomainError as exc:
            outcomes[body.name] = exc.message
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(body,)) for body in (world.north_hub, world.istip)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    period = InductionPeriod.objects.get(teacher__trn=trn)
    winner = period.appropriate_body_period.name
    loser = next(name for name in outcomes if name != winner)
    assert outcomes[winner] == "claimed"
    assert outcomes[loser] == f"Jane Smith is already claimed by another appropriate body ({winner})"
    assert Teacher.objects.filter(trn=trn).count() == 1
    assert trs_updates() == [("InProgress", D(2026, 9, 1), None)]
