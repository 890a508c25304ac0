"""DfE admin induction corrections and the period rules they run into (domain.md §7.3.6, §7.3.7;
BR-IP-01 … BR-IP-16, BR-ADM-01)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import start_of_day
from core.errors import DomainError
from events.models import Event
from events.types import EventType
from schools.models import TrainingProgramme
from teachers.models import InductionPeriod
from teachers.services.induction import record_pass
from teachers.services.induction_admin import (
    create_induction_period,
    delete_induction_period,
    reopen_induction_period,
    revert_claim,
    update_induction_period,
)
from teachers.validation.induction_periods import clean_admin_audit, validate_induction_period
from tests.builders import create_induction_period as build_induction_period
from tests.builders import create_teacher
from tests.builders_induction import ab_user, dfe_admin, trs_updates

D = dt.date


@pytest.fixture
def admin(db):
    return dfe_admin()


def errors_of(excinfo) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in excinfo.value.errors]


def add(world, admin, **overrides):
    arguments = dict(
        author=admin,
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=None,
        number_of_terms=None,
        training_programme=TrainingProgramme.PROVIDER_LED,
    )
    return create_induction_period(**(arguments | overrides))


# Period rules (BR-IP-01 … BR-IP-14) ------------------------------------------------------------------


def test_BR_IP_01_an_appropriate_body_is_required(world, admin):
    """BR-IP-01: none → `Select an appropriate body`."""
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, appropriate_body=None)
    assert errors_of(excinfo) == [("appropriate_body", "Select an appropriate body")]
    assert not InductionPeriod.objects.exists()


def test_BR_IP_02_a_start_date_is_required(world, admin):
    """BR-IP-02: none → `Enter a start date`."""
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, started_on=None)
    assert errors_of(excinfo) == [("started_on", "Enter a start date")]


def test_BR_IP_03_induction_cannot_start_before_september_1999(world, admin):
    """BR-IP-03: 1999-08-31 → `Enter a start date after 1 September 1999`."""
    teacher = create_teacher(trn="1999999", qts_awarded_on=D(1999, 7, 1))
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, teacher=teacher, started_on=D(1999, 8, 31), finished_on=D(2000, 7, 1), number_of_terms=6)
    assert errors_of(excinfo) == [("started_on", "Enter a start date after 1 September 1999")]
    period = add(world, admin, teacher=teacher, started_on=D(1999, 9, 1), finished_on=D(2000, 7, 1), number_of_terms=6)
    assert period.started_on == D(1999, 9, 1)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"started_on": D(2026, 9, 16)}, [("started_on", "Start date cannot be in the future")]),
        (
            {"finished_on": D(2026, 9, 16), "number_of_terms": 2},
            [("finished_on", "End date cannot be in the future")],
        ),
    ],
)
def test_BR_IP_04_induction_dates_cannot_be_in_the_future(world, admin, dates, expected):
    """BR-IP-04: start 2026-09-16 → start error; end 2026-09-16 → end error."""
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, **dates)
    assert errors_of(excinfo) == expected


def test_BR_IP_05_induction_cannot_start_before_qts(world, admin):
    """BR-IP-05: QTS 2025-07-01; start 2025-06-30 → `Start date cannot be before QTS award date (1 July 2025)`."""
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, started_on=D(2025, 6, 30))
    assert errors_of(excinfo) == [("started_on", "Start date cannot be before QTS award date (1 July 2025)")]
    assert add(world, admin, started_on=D(2025, 7, 1)).started_on == D(2025, 7, 1)


def test_BR_IP_06_a_teachers_induction_periods_may_not_overlap(world, admin):
    """BR-IP-06: North Hub 2025-09-01 → 2026-03-31; ISTIP from 2026-03-31 → refused; from 2026-04-01 → valid."""
    add(world, admin, finished_on=D(2026, 3, 31), number_of_terms=2)
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, appropriate_body=world.istip, started_on=D(2026, 3, 31))
    assert errors_of(excinfo) == [("started_on", "Start date cannot overlap another induction period")]
    assert add(world, admin, appropriate_body=world.istip, started_on=D(2026, 4, 1)).started_on == D(2026, 4, 1)


def test_BR_IP_06_envelopment_is_refused_on_base(world, admin):
    """BR-P-04 for induction: existing 2026-01-10 → 2026-01-20; new 2026-01-01 → 2026-01-31."""
    add(world, admin, started_on=D(2026, 1, 10), finished_on=D(2026, 1, 20), number_of_terms=0)
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, started_on=D(2026, 1, 1), finished_on=D(2026, 1, 31), number_of_terms=0)
    assert errors_of(excinfo) == [("base", "Period cannot overlap another induction period")]


def period_errors(world, **overrides):
    arguments = dict(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 7, 20),
        number_of_terms=3,
        outcome=None,
        induction_programme="fip",
        training_programme="provider_led",
    )
    try:
        validate_induction_period(**(arguments | overrides))
    except DomainError as exc:
        return [(e.field, e.message) for e in exc.errors]
    return []


def test_BR_IP_07_only_finished_periods_have_an_outcome_of_pass_or_fail(world):
    """BR-IP-07: ongoing with `pass` → refused; `withdrawn` → `Outcome must be either pass or fail`."""
    assert period_errors(world, finished_on=None, number_of_terms=None, outcome="pass") == [
        ("outcome", "Outcome cannot be set for ongoing induction periods")
    ]
    assert period_errors(world, outcome="withdrawn") == [("outcome", "Outcome must be either pass or fail")]
    assert period_errors(world, outcome="pass") == []


def test_BR_IP_08_terms_required_when_finished_and_forbidden_when_ongoing(world, admin):
    """BR-IP-08: end set, terms blank → `Enter a number of terms`; no end, terms 2 → `Delete the number…`."""
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, finished_on=D(2026, 7, 20), number_of_terms="")
    assert errors_of(excinfo) == [("number_of_terms", "Enter a number of terms")]
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, number_of_terms=2)
    assert errors_of(excinfo) == [("number_of_terms", "Delete the number of terms if the induction has no end date")]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("abc", "Number of terms must be a number with up to 1 decimal place"),
        (16.5, "Number of terms must be between 0 and 16"),
        ("1.25", "Terms can only have up to 1 decimal place"),
        (0, None),
        ("1.5", None),
    ],
)
def test_BR_IP_09_number_of_terms_is_0_to_16_with_one_decimal_place(world, terms, message):
    """BR-IP-09: `abc`, 16.5 and 1.25 are refused; 0 and 1.5 are valid."""
    expected = [("number_of_terms", message)] if message else []
    assert period_errors(world, number_of_terms=terms) == expected


def test_BR_IP_10_the_database_also_refuses_a_second_outcome(world):
    """BR-IP-10's backstop: the partial unique index `index_induction_periods_one_outcome_per_teacher`."""
    from django.db import IntegrityError, transaction

    build_induction_period(teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31), outcome="fail")
    with pytest.raises(IntegrityError), transaction.atomic():
        build_induction_period(teacher=world.jane, started_on=D(2026, 1, 5), finished_on=D(2026, 7, 20), outcome="pass")
    assert period_errors(world, started_on=D(2026, 1, 5), outcome="pass") == [
        ("outcome", "An induction period with an outcome already exists for this teacher")
    ]


def test_BR_IP_11_a_period_inserted_before_others_needs_an_end_date(world, admin):
    """BR-IP-11: Jane 2026-01-01 → ongoing; admin adds 2025-09-01 → (blank) → refused; with end 2025-12-31 → valid."""
    add(world, admin, started_on=D(2026, 1, 1))
    with pytest.raises(DomainError) as excinfo:
        add(world, admin, started_on=D(2025, 9, 1))
    assert errors_of(excinfo) == [("finished_on", "End date is required for inserted periods")]
    inserted = add(world, admin, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31), number_of_terms=1)
    assert inserted.finished_on == D(2025, 12, 31)


def test_BR_IP_11_appending_after_the_last_finished_period_may_be_ongoing(world, admin):
    """BR-IP-11: appending after the last finished period may be ongoing."""
    add(world, admin, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31), number_of_terms=1)
    assert add(world, admin, started_on=D(2026, 1, 1)).finished_on is None


def test_BR_IP_12_programme_values_must_be_valid(world):
    """BR-IP-12: `induction_programme = online` → `Choose an induction programme`; so is a bad training
    programme unless the legacy programme is `unknown`/`pre_september_2021`."""
    assert period_errors(world, induction_programme="online") == [
        ("induction_programme", "Choose an induction programme")
    ]
    assert period_errors(world, training_programme="online") == [
        ("training_programme", "Choose an induction programme")
    ]
    assert period_errors(world, induction_programme="pre_september_2021", training_programme=None) == []


def test_BR_IP_14_the_end_date_of_a_period_with_an_outcome_cannot_be_removed(world, admin):
    """BR-IP-14: admin blanks the end date of a `pass` period → refused."""
    passed = build_induction_period(
        teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 20), outcome="pass"
    )
    with pytest.raises(DomainError) as excinfo:
        update_induction_period(author=admin, period=passed, finished_on=None, number_of_terms=None)
    assert ("finished_on", "End date cannot be set to nil for induction periods with outcomes") in errors_of(excinfo)
    passed.refresh_from_db()
    assert passed.finished_on == D(2026, 7, 20)


# Create and edit, with TRS synchronisation (§7.3.6, §7.3.7) -----------------------------------------


def test_creating_the_first_period_tells_trs_and_records_the_opening(world, admin):
    period = add(world, admin)
    assert trs_updates(world.jane) == [("InProgress", D(2025, 9, 1), None)]
    event = Event.objects.get(event_type=EventType.INDUCTION_PERIOD_OPENED)
    assert (event.heading, event.happened_at, event.author_type) == (
        "Jane Smith was claimed by North Hub",
        start_of_day(D(2025, 9, 1)),
        "dfe_staff_user",
    )
    assert event.induction_period == period


def test_editing_the_start_of_the_earliest_open_period_tells_trs(world, admin):
    """§7.3.7: earliest ongoing period's start edited → TRS `InProgress` with the new start; events."""
    period = build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    update_induction_period(author=admin, period=period, started_on=D(2025, 9, 8))
    assert trs_updates(world.jane) == [("InProgress", D(2025, 9, 8), None)]
    world.jane.refresh_from_db()
    assert world.jane.trs_induction_start_date == D(2025, 9, 8)
    updated = Event.objects.get(event_type=EventType.INDUCTION_PERIOD_UPDATED)
    assert updated.heading == "Induction period updated by admin"
    assert updated.modifications == ["Started on changed from '2025-09-01' to '2025-09-08'"]
    start_event = Event.objects.get(event_type=EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED)
    assert start_event.heading == "Jane Smith’s induction start date was updated"


def test_editing_the_end_of_a_period_with_an_outcome_resends_it(world, admin):
    """§7.3.7: a period with an outcome had its end date changed → re-send pass with the new completed date."""
    period = build_induction_period(
        teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 20), number_of_terms=6, outcome="pass"
    )
    update_induction_period(author=admin, period=period, finished_on=D(2026, 7, 24))
    assert trs_updates(world.jane) == [("Passed", D(2025, 9, 1), D(2026, 7, 24))]
    assert Event.objects.filter(event_type=EventType.TEACHER_TRS_INDUCTION_END_DATE_UPDATED).count() == 1


def test_an_unchanged_edit_writes_nothing(world, admin):
    period = build_induction_period(teacher=world.jane, started_on=D(2025, 9, 1))
    update_induction_period(author=admin, period=period, started_on=D(2025, 9, 1))
    assert not Event.objects.exists()
    assert trs_updates() == []


def test_an_ab_may_edit_only_the_start_and_programme_of_its_own_open_period(world):
    period = build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    update_induction_period(
        author=ab_user(world.north_hub), period=period, training_programme=TrainingProgramme.SCHOOL_LED
    )
    period.refresh_from_db()
    assert (period.training_programme, period.induction_programme) == ("school_led", "unknown")
    assert Event.objects.get().heading == "Induction period updated by appropriate body"
    with pytest.raises(DomainError):
        update_induction_period(author=ab_user(world.istip), period=period, started_on=D(2025, 9, 2))
    with pytest.raises(DomainError):
        update_induction_period(author=ab_user(world.north_hub), period=period, finished_on=D(2026, 1, 1))


# Delete, revert and reopen (BR-IP-15, BR-IP-16, BR-ADM-01) ------------------------------------------


def test_BR_IP_15_a_period_with_an_outcome_cannot_be_deleted(world, admin):
    """BR-IP-15: delete a `pass` period → refused."""
    passed = build_induction_period(
        teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 20), outcome="pass"
    )
    with pytest.raises(DomainError) as excinfo:
        delete_induction_period(author=admin, period=passed, note="Entered in error")
    assert excinfo.value.message == "Could not delete the induction period because it has an outcome"
    assert InductionPeriod.objects.filter(pk=passed.pk).exists()


def test_BR_IP_15_deleting_the_only_period_resets_trs(world, admin):
    """BR-IP-15: delete Jane's only (ongoing) period → TRS `RequiredToComplete`, event `Jane Smith was unclaimed`."""
    period = build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    delete_induction_period(author=admin, period=period, note="Claimed by mistake", zendesk_ticket="#123456")

    assert not InductionPeriod.objects.exists()
    assert trs_updates(world.jane) == [("RequiredToComplete", None, None)]
    world.jane.refresh_from_db()
    assert (world.jane.trs_induction_status, world.jane.trs_induction_start_date) == ("RequiredToComplete", None)
    reset = Event.objects.get(event_type=EventType.TEACHER_INDUCTION_STATUS_RESET)
    assert reset.heading == "Jane Smith was unclaimed"
    deleted = Event.objects.get(event_type=EventType.INDUCTION_PERIOD_DELETED)
    assert (deleted.heading, deleted.body, deleted.zendesk_ticket_id) == (
        "Induction period deleted by admin",
        "Claimed by mistake",
        123456,
    )
    assert deleted.metadata["started_on"] == "2025-09-01"


def test_BR_IP_15_deleting_the_earliest_of_several_sends_the_next_start(world, admin):
    """BR-IP-15: §7.3.7: earliest period deleted (others remain) → TRS `InProgress` with the next earliest start."""
    first = build_induction_period(
        teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31)
    )
    build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    delete_induction_period(author=admin, period=first, note="Duplicate")
    assert trs_updates(world.jane) == [("InProgress", D(2026, 1, 5), None)]
    assert not Event.objects.filter(event_type=EventType.TEACHER_INDUCTION_STATUS_RESET).exists()


def test_revert_claim_of_the_only_period_resets_trs(world):
    """§7.3.6: revert a mistaken claim; with no periods left, TRS status is reset (the AB's own open period)."""
    period = build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 9, 1))
    with pytest.raises(DomainError):
        revert_claim(author=ab_user(world.istip), period=period)
    revert_claim(author=ab_user(world.north_hub), period=period)
    assert not InductionPeriod.objects.exists()
    assert trs_updates(world.jane) == [("RequiredToComplete", None, None)]
    event = Event.objects.get(event_type=EventType.TEACHER_INDUCTION_STATUS_RESET)
    assert (event.heading, event.body) == ("Jane Smith was unclaimed", "Induction status was also reset on TRS.")


def test_BR_IP_16_only_the_latest_period_with_an_outcome_can_be_reopened(world, admin):
    """BR-IP-16: ongoing → refused; released → refused; an earlier passed period → refused."""
    earlier_pass = build_induction_period(
        teacher=world.jane,
        appropriate_body=world.istip,
        started_on=D(2025, 9, 1),
        finished_on=D(2025, 12, 31),
        outcome="pass",
    )
    released = build_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5), finished_on=D(2026, 3, 31)
    )
    ongoing = build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 4, 1))
    cases = [
        (ongoing, "Cannot reopen an ongoing induction"),
        (released, "Cannot reopen an induction without an outcome"),
        (earlier_pass, "Only the latest period can be reopened"),
    ]
    for period, message in cases:
        with pytest.raises(DomainError) as excinfo:
            reopen_induction_period(author=admin, period=period, note="Appeal upheld")
        assert excinfo.value.message == message
    assert not Event.objects.exists()


def test_BR_IP_16_reopening_the_latest_fail_clears_it_and_tells_trs(world, admin):
    """BR-IP-16: latest `fail` period → outcome, end date and terms cleared; TRS set back to `InProgress`."""
    failed = build_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 7, 20),
        number_of_terms=6,
        outcome="fail",
    )
    failed.fail_confirmation_sent_on = D(2026, 7, 21)
    failed.save()
    reopen_induction_period(author=admin, period=failed, note="Appeal upheld", zendesk_ticket="654321")

    failed.refresh_from_db()
    assert (failed.finished_on, failed.number_of_terms, failed.outcome, failed.fail_confirmation_sent_on) == (
        None,
        None,
        None,
        None,
    )
    assert trs_updates(world.jane) == [("InProgress", D(2025, 9, 1), None)]
    world.jane.refresh_from_db()
    assert (world.jane.trs_induction_status, world.jane.trs_induction_completed_date) == ("InProgress", None)
    event = Event.objects.get(event_type=EventType.INDUCTION_PERIOD_REOPENED)
    assert (event.heading, event.body, event.zendesk_ticket_id) == (
        "Induction period reopened",
        "Appeal upheld",
        654321,
    )
    assert "Outcome 'fail' removed" in event.modifications


@pytest.mark.parametrize(
    ("note", "ticket", "expected"),
    [
        (None, None, ("base", "Add a note or enter the Zendesk ticket number")),
        ("", "#12345", ("zendesk_ticket_id", "Ticket number must be 6 digits")),
    ],
)
def test_BR_ADM_01_admin_corrections_need_a_note_or_a_six_digit_ticket(world, admin, note, ticket, expected):
    """BR-ADM-01: neither → refused; `#12345` → `Ticket number must be 6 digits` (pass, fail, delete, reopen)."""
    ongoing = build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    with pytest.raises(DomainError) as excinfo:
        record_pass(
            author=admin,
            teacher=world.jane,
            finished_on=D(2026, 7, 20),
            number_of_terms=6,
            note=note,
            zendesk_ticket=ticket,
        )
    assert errors_of(excinfo) == [expected]
    with pytest.raises(DomainError) as excinfo:
        delete_induction_period(author=admin, period=ongoing, note=note, zendesk_ticket=ticket)
    assert errors_of(excinfo) == [expected]
    assert InductionPeriod.objects.get().outcome is None
    assert not Event.objects.exists()


def test_BR_ADM_01_a_leading_hash_is_ignored_and_the_ticket_stored(world, admin):
    """BR-ADM-01: ticket `#123456` → stored `123456` on the pass event, with the note as its body."""
    assert clean_admin_audit(note=None, zendesk_ticket="#123456").zendesk_ticket_id == 123456
    build_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    record_pass(
        author=admin,
        teacher=world.jane,
        finished_on=D(2026, 7, 20),
        number_of_terms=6,
        note="Passed on appeal",
        zendesk_ticket="#123456",
    )
    event = Event.objects.get(event_type=EventType.TEACHER_PASSES_INDUCTION)
    assert (event.heading, event.body, event.zendesk_ticket_id) == (
        "Jane Smith passed induction by admin",
        "Passed on appeal",
        123456,
    )
