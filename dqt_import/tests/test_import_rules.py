"""The DQT induction import's rules (migration.md §20), each on a tiny pair of exports."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_bodies.models import (
    AppropriateBodyPeriod,
    AppropriateBodyType,
    InductionOutcome,
    InductionProgramme,
    LegacyAppropriateBody,
)
from core.clock import now, start_of_day
from dqt_import.tests.conftest import (
    MINISTRY_OF_DEFENCE,
    NORTH_HUB,
    OLDSHIRE_LA,
    SEASIDE_HUB,
    fate_of,
    period,
    teacher,
)
from events.models import Event
from events.types import AuthorType, EventType
from integrations.notify.models import OutgoingEmail, SentEmail
from integrations.trs.models import TRSInductionStatusUpdate
from schools.models import TrainingProgramme
from teachers.models import InductionPeriod, Teacher
from tests.builders import create_induction_period, create_teacher

D = dt.date
EASTSHIRE = "0d1e0000-0000-4000-8000-0000000000e5"


def periods_of(trn: str) -> list[InductionPeriod]:
    return list(InductionPeriod.objects.filter(teacher__trn=trn).order_by("started_on"))


def events_of(trn: str) -> list[tuple[str, str, dt.datetime]]:
    """The teacher's induction events, in the order they happened (the import event is dated the run)."""
    events = Event.objects.filter(teacher__trn=trn).exclude(event_type=EventType.TEACHER_IMPORTED_FROM_TRS)
    return [(e.event_type, e.heading, e.happened_at) for e in events.order_by("happened_at", "pk")]


def test_a_teacher_still_in_induction_is_created_with_their_periods(run_dqt, bodies):
    result = run_dqt(
        [teacher("1000001", first="Amy", last="Adams")],
        [
            period("1000001", OLDSHIRE_LA, "2023-09-01", "2024-07-19", "3", "Core Induction Programme"),
            period("1000001", NORTH_HUB, "2024-09-02"),
        ],
    )

    amy = Teacher.objects.get(trn="1000001")
    assert (amy.trs_first_name, amy.trs_last_name, amy.trs_induction_status) == ("Amy", "Adams", "InProgress")
    assert amy.trs_qts_awarded_on == D(2023, 7, 1)
    assert [
        (p.appropriate_body_period.name, p.started_on, p.finished_on, p.number_of_terms, p.outcome)
        for p in periods_of("1000001")
    ] == [
        ("Oldshire County Council", D(2023, 9, 1), D(2024, 7, 19), 3.0, None),
        ("North Hub", D(2024, 9, 2), None, None, None),
    ]
    la, hub = periods_of("1000001")
    assert (la.induction_programme, la.training_programme) == (InductionProgramme.CIP, TrainingProgramme.SCHOOL_LED)
    assert (hub.induction_programme, hub.training_programme) == (InductionProgramme.FIP, TrainingProgramme.PROVIDER_LED)
    assert [f.fate for f in result.fates] == ["imported"] * 3


def test_each_imported_period_gets_system_authored_events_dated_by_its_own_dates(run_dqt, bodies):
    """§20: claimed, then released once it has an end; a new teacher is "Imported from TRS"."""
    run_dqt(
        [teacher("1000001", first="Amy", last="Adams")],
        [
            period("1000001", OLDSHIRE_LA, "2023-09-01", "2024-07-19", "3"),
            period("1000001", NORTH_HUB, "2024-09-02"),
        ],
    )

    assert events_of("1000001") == [
        (EventType.INDUCTION_PERIOD_OPENED, "Amy Adams was claimed by Oldshire County Council", start_of_day(D(2023, 9, 1))),
        (EventType.INDUCTION_PERIOD_CLOSED, "Amy Adams was released by Oldshire County Council", start_of_day(D(2024, 7, 19))),
        (EventType.INDUCTION_PERIOD_OPENED, "Amy Adams was claimed by North Hub", start_of_day(D(2024, 9, 2))),
    ]  # fmt: skip
    imported = Event.objects.get(teacher__trn="1000001", event_type=EventType.TEACHER_IMPORTED_FROM_TRS)
    assert imported.heading == "Imported from TRS"
    assert set(Event.objects.filter(teacher__trn="1000001").values_list("author_type", flat=True)) == {
        AuthorType.SYSTEM
    }
    closed = Event.objects.get(teacher__trn="1000001", event_type=EventType.INDUCTION_PERIOD_CLOSED)
    assert closed.induction_period == periods_of("1000001")[0]
    assert closed.appropriate_body_period.name == "Oldshire County Council"


@pytest.mark.parametrize(
    ("status", "outcome", "event_type", "verb"),
    [
        ("Passed", InductionOutcome.PASS, EventType.TEACHER_PASSES_INDUCTION, "passed"),
        ("Failed", InductionOutcome.FAIL, EventType.TEACHER_FAILS_INDUCTION, "failed"),
    ],
)
def test_the_teachers_outcome_goes_on_their_last_period(run_dqt, bodies, status, outcome, event_type, verb):
    run_dqt(
        [teacher("1000002", status, qts="2022-07-01", first="Ben", last="Brown")],
        [
            period("1000002", OLDSHIRE_LA, "2022-09-01", "2023-07-20", "3"),
            period("1000002", NORTH_HUB, "2023-09-04", "2024-07-19", "3"),
        ],
    )

    assert [p.outcome for p in periods_of("1000002")] == [None, outcome]
    assert events_of("1000002") == [
        (EventType.INDUCTION_PERIOD_OPENED, "Ben Brown was claimed by Oldshire County Council", start_of_day(D(2022, 9, 1))),
        (EventType.INDUCTION_PERIOD_CLOSED, "Ben Brown was released by Oldshire County Council", start_of_day(D(2023, 7, 20))),
        (EventType.INDUCTION_PERIOD_OPENED, "Ben Brown was claimed by North Hub", start_of_day(D(2023, 9, 4))),
        (event_type, f"Ben Brown {verb} induction by North Hub", start_of_day(D(2024, 7, 19))),
    ]  # fmt: skip


def test_nothing_is_told_to_trs_or_emailed(run_dqt, bodies):
    """§18.7: an import of history sends no TRS writes and no emails (a fail would email the TRA if live)."""
    run_dqt(
        [teacher("1000003", "Failed"), teacher("1000001")],
        [period("1000003", SEASIDE_HUB, "2023-09-01", "2025-07-18", "6"), period("1000001", NORTH_HUB, "2024-09-02")],
    )

    assert InductionPeriod.objects.count() == 2
    assert not TRSInductionStatusUpdate.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert not SentEmail.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "Isle of Man Department of Education",
        "States of Guernsey",
        "Jersey Offshore Establishments",
        "Gibraltar Overseas Establishments",
        "Ministry of Defence Schools",
    ],
)
def test_excluded_appropriate_bodies_are_rejected(run_dqt, bodies, name):
    row = (*period("1000005", NORTH_HUB, "2025-09-01")[:2], name, *period("1000005", NORTH_HUB, "2025-09-01")[3:])

    result = run_dqt([teacher("1000005")], [row])

    assert fate_of(result, "induction_periods", 2).reason == "excluded_appropriate_body"
    assert fate_of(result, "teachers", 2).reason == "no_period_to_import"
    assert not Teacher.objects.filter(trn="1000005").exists()


def test_excluded_by_our_name_for_the_body_too(run_dqt, bodies):
    row = period("1000009", MINISTRY_OF_DEFENCE, "2023-09-01", "2024-07-19", "3")
    result = run_dqt([teacher("1000009")], [(*row[:2], "MOD", *row[3:])])

    assert fate_of(result, "induction_periods", 2).reason == "excluded_appropriate_body"


def test_a_local_authority_period_starting_after_the_cut_off_is_rejected(run_dqt, bodies):
    """§20: local authorities lost appropriate body status after 2024-08-31."""
    result = run_dqt(
        [teacher("1000004"), teacher("1000014")],
        [period("1000004", OLDSHIRE_LA, "2024-09-01"), period("1000014", OLDSHIRE_LA, "2024-08-31")],
    )

    refused = fate_of(result, "induction_periods", 2)
    assert (refused.fate, refused.reason) == ("rejected", "local_authority_after_cut_off")
    assert periods_of("1000004") == []
    assert [p.started_on for p in periods_of("1000014")] == [D(2024, 8, 31)]


def test_a_teaching_school_hub_period_after_the_cut_off_is_imported(run_dqt, bodies):
    run_dqt([teacher("1000004")], [period("1000004", NORTH_HUB, "2024-09-02")])

    assert len(periods_of("1000004")) == 1


def test_a_legacy_appropriate_body_is_found_by_its_dqt_id_and_keeps_its_type(run_dqt, bodies):
    """domain.md §5.7.3: legacy bodies carry DQT's id and type; a local authority there is one for the cut-off."""
    county = AppropriateBodyPeriod.objects.create(name="Eastshire", body_type=AppropriateBodyType.TEACHING_SCHOOL_HUB)
    LegacyAppropriateBody.objects.create(
        appropriate_body_period=county, name="Eastshire County Council", dqt_id=EASTSHIRE, body_type="local_authority"
    )

    result = run_dqt(
        [teacher("1000001"), teacher("1000002")],
        [period("1000001", EASTSHIRE, "2023-09-04", "2024-07-19", "3"), period("1000002", EASTSHIRE, "2024-09-02")],
    )

    assert [p.appropriate_body_period for p in periods_of("1000001")] == [county]
    assert fate_of(result, "induction_periods", 3).reason == "local_authority_after_cut_off"


def test_an_unknown_appropriate_body_is_rejected(run_dqt, bodies):
    result = run_dqt([teacher("1000008")], [period("1000008", "0d1e0000-0000-4000-8000-000000000099", "2025-09-01")])

    assert fate_of(result, "induction_periods", 2).reason == "unknown_appropriate_body"


def test_an_overlapping_period_is_rejected_naming_the_body_kept_instead(run_dqt, bodies):
    result = run_dqt(
        [teacher("1000006")],
        [period("1000006", SEASIDE_HUB, "2025-03-01"), period("1000006", NORTH_HUB, "2024-09-02", "2025-04-01", "2")],
    )

    refused = fate_of(result, "induction_periods", 2)
    assert (refused.reason, refused.message) == (
        "overlaps_another_period",
        "Start date cannot overlap another induction period",
    )
    assert (refused.imported_appropriate_body_dqt_id, refused.discarded_appropriate_body_dqt_id) == (
        NORTH_HUB,
        SEASIDE_HUB,
    )
    assert [p.appropriate_body_period.name for p in periods_of("1000006")] == ["North Hub"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (period("1000001", NORTH_HUB, "2024-09-02", "2025-07-18", ""), "Enter a number of terms"),
        (period("1000001", NORTH_HUB, "2023-06-01"), "Start date cannot be before QTS award date (1 July 2023)"),
        (period("1000001", NORTH_HUB, "2024-09-02", "2025-07-18", "1.25"), "Terms can only have up to 1 decimal place"),
        (period("1000001", NORTH_HUB, "2026-09-16"), "Start date cannot be in the future"),
    ],
)
def test_a_period_breaking_an_induction_period_rule_is_rejected_with_its_message(run_dqt, bodies, row, message):
    result = run_dqt([teacher("1000001")], [row])

    refused = fate_of(result, "induction_periods", 2)
    assert (refused.reason, refused.message) == ("invalid_period", message)


def test_an_outcome_cannot_go_on_an_ongoing_last_period(run_dqt, bodies):
    result = run_dqt(
        [teacher("1000002", "Passed")],
        [period("1000002", OLDSHIRE_LA, "2023-09-01", "2024-07-19", "3"), period("1000002", NORTH_HUB, "2024-09-02")],
    )

    assert fate_of(result, "induction_periods", 3).message == "Outcome cannot be set for ongoing induction periods"
    assert [p.outcome for p in periods_of("1000002")] == [None]
    assert result.notes == ["TRN 1000002: Outcome 'pass' not recorded: the teacher's last period (line 3) was refused"]


@pytest.mark.parametrize(
    ("teachers", "periods", "file", "message"),
    [
        ([teacher("12345")], [], "teachers", "TRN '12345' is not 7 digits"),
        ([teacher("1000001")], [period("1000001", NORTH_HUB, "1/2/24x")], "induction_periods", "started_on '1/2/24x' is not a date"),
        ([teacher("1000001")], [period("1000001", "not-a-uuid", "2024-09-02")], "induction_periods", "appropriate_body_dqt_id 'not-a-uuid' is not a UUID"),
        ([teacher("1000001")], [period("1000001", NORTH_HUB, "2024-09-02", programme="online")], "induction_periods", "induction_programme 'online' is not one we know"),
    ],
)  # fmt: skip
def test_unreadable_rows_are_rejected_with_what_was_wrong(run_dqt, bodies, teachers, periods, file, message):
    result = run_dqt(teachers, periods)

    refused = fate_of(result, file, 2)
    assert (refused.fate, refused.reason, refused.message) == ("rejected", "unreadable_row", message)
    assert not InductionPeriod.objects.exists()


def test_dates_may_be_written_day_first(run_dqt, bodies):
    run_dqt([teacher("1000001")], [period("1000001", NORTH_HUB, "02/09/2024", "18/07/2025", "3")])

    assert [(p.started_on, p.finished_on) for p in periods_of("1000001")] == [(D(2024, 9, 2), D(2025, 7, 18))]


def test_period_rows_without_a_teacher_row_and_duplicate_teacher_rows_are_rejected(run_dqt, bodies):
    result = run_dqt(
        [teacher("1000001"), teacher("1000001", first="Other")],
        [period("1000001", NORTH_HUB, "2024-09-02"), period("1000099", NORTH_HUB, "2024-09-02")],
    )

    assert fate_of(result, "teachers", 3).reason == "duplicate_teacher_row"
    assert fate_of(result, "induction_periods", 3).reason == "no_teacher_row"
    assert Teacher.objects.get(trn="1000001").trs_first_name == "Jane"


def test_a_teacher_with_no_period_rows_is_skipped_and_not_created(run_dqt, bodies):
    result = run_dqt([teacher("1000011")], [])

    skipped = fate_of(result, "teachers", 2)
    assert (skipped.fate, skipped.reason) == ("skipped", "no_induction_periods_in_export")
    assert not Teacher.objects.filter(trn="1000011").exists()


def test_a_status_neither_stage_imports_is_rejected(run_dqt, bodies):
    result = run_dqt([teacher("1000007", "Exempt")], [period("1000007", NORTH_HUB, "2024-09-02")])

    assert fate_of(result, "teachers", 2).reason == "induction_status_not_imported"
    assert fate_of(result, "induction_periods", 2).reason == "teacher_row_rejected"
    assert not Teacher.objects.filter(trn="1000007").exists()


# Teachers already present (§20) -----------------------------------------------------------------------


def test_a_teacher_already_present_without_periods_is_given_them(run_dqt, bodies, frozen_today):
    frozen_today(D(2026, 9, 1))
    present = create_teacher(trn="1000001", first_name="Amelia", last_name="Adams", qts_awarded_on=D(2023, 7, 1))
    frozen_today(D(2026, 9, 15))

    result = run_dqt([teacher("1000001", first="Amy")], [period("1000001", NORTH_HUB, "2024-09-02")])

    assert fate_of(result, "teachers", 2).fate == "imported"
    assert [p.teacher_id for p in periods_of("1000001")] == [present.pk]
    present.refresh_from_db()
    assert present.trs_first_name == "Amelia"
    assert present.api_updated_at == now()  # domain.md §3.3: lead providers see the new period
    assert list(Event.objects.filter(teacher=present).values_list("event_type", flat=True)) == [
        EventType.INDUCTION_PERIOD_OPENED
    ]


def test_a_teacher_already_present_with_periods_is_given_none(run_dqt, bodies, frozen_today):
    present = create_teacher(trn="1000001", qts_awarded_on=D(2023, 7, 1))
    create_induction_period(teacher=present, appropriate_body=bodies[SEASIDE_HUB], started_on=D(2025, 9, 1))

    result = run_dqt([teacher("1000001")], [period("1000001", NORTH_HUB, "2023-09-04", "2024-07-19", "3")])

    assert [(f.fate, f.reason) for f in result.fates] == [("skipped", "teacher_already_has_induction_periods")] * 2
    skipped = fate_of(result, "induction_periods", 2)
    assert (skipped.imported_appropriate_body_dqt_id, skipped.discarded_appropriate_body_dqt_id) == ("", NORTH_HUB)
    assert [p.appropriate_body_period.name for p in periods_of("1000001")] == ["Seaside Teaching School Hub"]
    assert not Event.objects.exists()


# Stages and reruns ------------------------------------------------------------------------------------

BOTH_STAGES = (
    [teacher("1000001"), teacher("1000002", "Passed", qts="2022-07-01")],
    [period("1000001", NORTH_HUB, "2024-09-02"), period("1000002", NORTH_HUB, "2022-09-01", "2024-07-19", "6")],
)


def test_the_first_stage_imports_teachers_still_in_induction_and_leaves_the_others(run_dqt, bodies):
    result = run_dqt(*BOTH_STAGES, stage="in_progress")

    assert [p.teacher.trn for p in InductionPeriod.objects.all()] == ["1000001"]
    assert (fate_of(result, "teachers", 3).fate, fate_of(result, "teachers", 3).reason) == (
        "excluded",
        "not_in_this_stage",
    )
    assert fate_of(result, "induction_periods", 3).fate == "excluded"


def test_the_second_stage_imports_those_who_had_finished(run_dqt, bodies):
    run_dqt(*BOTH_STAGES, stage="in_progress")

    result = run_dqt(*BOTH_STAGES, stage="finished")

    assert [f.fate for f in result.fates] == ["excluded", "imported", "excluded", "imported"]
    assert [(p.teacher.trn, p.outcome) for p in InductionPeriod.objects.order_by("teacher__trn")] == [
        ("1000001", None),
        ("1000002", InductionOutcome.PASS),
    ]


def test_a_rerun_of_the_same_files_changes_nothing(run_dqt, bodies):
    first = run_dqt(*BOTH_STAGES)
    before = (Teacher.objects.count(), InductionPeriod.objects.count(), Event.objects.count())

    again = run_dqt(*BOTH_STAGES)

    assert [f.fate for f in first.fates] == ["imported"] * 4
    assert [f.fate for f in again.fates] == ["unchanged"] * 4
    assert (Teacher.objects.count(), InductionPeriod.objects.count(), Event.objects.count()) == before == (2, 2, 5)
    assert not again.events_written


def test_a_dry_run_writes_nothing_but_reports_what_it_would_do(run_dqt, bodies):
    result = run_dqt(*BOTH_STAGES, dry_run=True)

    assert [f.fate for f in result.fates] == ["imported"] * 4
    assert result.events_written[EventType.INDUCTION_PERIOD_OPENED] == 2
    assert result.periods_in_database[NORTH_HUB] == 2
    assert (Teacher.objects.count(), InductionPeriod.objects.count(), Event.objects.count()) == (0, 0, 0)


def test_a_partial_run_imports_only_the_teachers_named(run_dqt, bodies):
    """migration.md §18.7: partial reruns by teacher."""
    result = run_dqt(*BOTH_STAGES, trns=frozenset({"1000002"}))

    assert [(f.fate, f.reason) for f in result.fates] == [
        ("excluded", "not_selected"),
        ("imported", ""),
        ("excluded", "not_selected"),
        ("imported", ""),
    ]
    assert list(Teacher.objects.values_list("trn", flat=True)) == ["1000002"]
    assert result.manifest["teachers_selected"] == ["1000002"]
