"""Non-standard training patterns end to end over the lead provider API (issue 8 item 4;
docs/non-standard-training-patterns.md): a part-time ECT moved to an extended schedule, an ECT moved to a reduced
schedule, and a break (deferral, then resumption a term later). Each declaration is validated against the
milestones of the schedule the participant is on when it is sent. Today is 2026-09-15 (London).

Schedules are shaped as lead-provider-api.md §14.3/§14.4 says (standard, reduced and replacement schedules have six
milestones, extended ones nine; from 2025 one start date per schedule), not as the generic builders make them."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.testing import envelope
from declarations.models import Declaration
from demo_data.reference_data import ensure_schedules
from events.models import Event
from providers.models import ContractPeriod, Milestone
from teachers.models import Teacher, TrainingPeriod, WorkingPattern
from tests import builders_training as b
from tests.builders import schedule

SEPT_2025 = dt.date(2025, 9, 1)
NOW = "2026-09-15T11:00:00Z"
URL = "/api/v3/participant-declarations"
NOT_ON_SCHEDULE = ("declaration_type", "The property '#/declaration_type' does not exist for this schedule.")


@pytest.fixture
def spec_schedules(world):
    """Every cohort's twelve schedules with the milestones §14.4 gives them."""
    Milestone.objects.all().delete()
    ensure_schedules({p.year: p for p in ContractPeriod.objects.all()})


@pytest.fixture
def alpha(world, v3_client):
    return v3_client(world.alpha)


@pytest.fixture
def jane(world, spec_schedules) -> TrainingPeriod:
    """Jane, part-time at Oakfield since 2025-09-01, trained by Alpha on `ecf-standard-september` 2025."""
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    at_school = b.ect_period(world, started_on=SEPT_2025, working_pattern=WorkingPattern.PART_TIME)
    return b.training(at_school, started_on=SEPT_2025, school_partnership=partnership)


def participant(world, action: str = "") -> str:
    return f"/api/v3/participants/{world.jane.api_id}" + (f"/{action}" if action else "")


def change_schedule(identifier: str, cohort: str = "2025") -> dict:
    return envelope(
        "participant-change-schedule", schedule_identifier=identifier, course_identifier="ecf-induction", cohort=cohort
    )


def declare(world, declaration_type: str, on: str, evidence: str = "training-event-attended") -> dict:
    return envelope(
        "participant-declaration",
        participant_id=str(world.jane.api_id),
        declaration_type=declaration_type,
        declaration_date=on,
        course_identifier="ecf-induction",
        evidence_held=evidence,
    )


def errors_of(response) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.content
    return [(e["title"], e["detail"]) for e in response.json()["errors"]]


def enrolment(response) -> dict:
    [ect] = response.json()["data"]["attributes"]["ecf_enrolments"]
    return ect


# Extended: part-time ECTs serve induction pro rata ---------------------------------------------------------------


def test_a_part_time_ect_moved_to_an_extended_schedule_can_then_be_declared_for_extension_terms(world, jane, alpha):
    assert alpha.post(URL, declare(world, "started", "2025-10-01T10:00:00Z")).status_code == 200
    # On the standard schedule there is no extension milestone (V17).
    assert errors_of(alpha.post(URL, declare(world, "extended-1", "2026-09-01T10:00:00Z"))) == [NOT_ON_SCHEDULE]

    response = alpha.put(participant(world, "change-schedule"), change_schedule("ecf-extended-september"))
    assert response.status_code == 200, response.content
    assert (enrolment(response)["schedule_identifier"], enrolment(response)["cohort"]) == (
        "ecf-extended-september",
        "2025",
    )

    # The standard period ends yesterday and keeps the started declaration; the extended one starts today.
    jane.refresh_from_db()
    extended = TrainingPeriod.objects.get(teacher=world.jane, started_on=dt.date(2026, 9, 15))
    assert (jane.schedule.identifier, jane.finished_on) == ("ecf-standard-september", dt.date(2026, 9, 14))
    assert (extended.schedule.identifier, extended.finished_on) == ("ecf-extended-september", None)
    assert Declaration.objects.get(declaration_type="started").training_period == jane

    for declaration_type in ("retained-1", "extended-1"):
        response = alpha.post(URL, declare(world, declaration_type, "2026-09-15T09:00:00Z"))
        assert response.status_code == 200, response.content
    assert Declaration.objects.get(declaration_type="extended-1").training_period == extended
    listed = alpha.get(URL, {"filter[participant_id]": str(world.jane.api_id)}).json()["data"]
    assert sorted(d["attributes"]["declaration_type"] for d in listed) == ["extended-1", "retained-1", "started"]
    event = Event.objects.get(event_type="teacher_changes_schedule_training_period")
    assert (event.author_name, event.training_period) == ("Alpha Learning", jane)


def test_an_extended_schedule_checks_its_own_start_date(world, jane, alpha):
    """From 2025 every milestone of `ecf-extended-september` opens on 1 September (§14.4), not 1 June."""
    TrainingPeriod.objects.filter(pk=jane.pk).update(schedule=schedule("ecf-extended-september", 2025))
    assert errors_of(alpha.post(URL, declare(world, "started", "2025-08-20T10:00:00Z"))) == [
        (
            "declaration_date",
            "Declaration date must be on or after the milestone start date for the same declaration type.",
        )
    ]
    assert alpha.post(URL, declare(world, "started", "2025-09-01T10:00:00Z")).status_code == 200


def test_extension_declarations_stay_in_sequence_after_completed(world, jane, alpha):
    """V18 (2025+ cohorts): `extended-1` comes after `completed` in the canonical order."""
    alpha.put(participant(world, "change-schedule"), change_schedule("ecf-extended-september"))
    completed = declare(world, "completed", "2026-09-15T09:00:00Z", evidence="75-percent-engagement-met")
    assert alpha.post(URL, completed).status_code == 200
    assert errors_of(alpha.post(URL, declare(world, "extended-1", "2026-09-14T09:00:00Z"))) == [
        (
            "declaration_date",
            "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for "
            "this participant.",
        )
    ]


# Reduced: ECTs whose induction is shortened ----------------------------------------------------------------------


def test_an_ect_moved_to_a_reduced_schedule_has_the_six_standard_milestones_only(world, jane, alpha):
    response = alpha.put(participant(world, "change-schedule"), change_schedule("ecf-reduced-september"))
    assert response.status_code == 200, response.content
    assert enrolment(response)["schedule_identifier"] == "ecf-reduced-september"

    assert errors_of(alpha.post(URL, declare(world, "extended-1", "2026-09-15T09:00:00Z"))) == [NOT_ON_SCHEDULE]
    completed = declare(
        world, "completed", "2026-09-15T09:00:00Z", evidence="75-percent-engagement-met-reduced-induction"
    )
    response = alpha.post(URL, completed)
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"]["evidence_held"] == "75-percent-engagement-met-reduced-induction"


def test_an_ect_who_passed_induction_can_still_be_moved_to_reduced_but_not_to_extended(world, jane, alpha):
    """BR-TP-28: after completion only an ECT move to a reduced schedule is allowed, and it is made in place."""
    from tests.builders import create_induction_period

    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=SEPT_2025,
        finished_on=dt.date(2026, 7, 20),
        number_of_terms=3,
        outcome="pass",
    )
    assert errors_of(alpha.put(participant(world, "change-schedule"), change_schedule("ecf-extended-september"))) == [
        (
            "participant_id",
            "You cannot change this participant's schedule as they have completed their training or induction.",
        )
    ]
    response = alpha.put(participant(world, "change-schedule"), change_schedule("ecf-reduced-september"))
    assert response.status_code == 200, response.content
    assert TrainingPeriod.objects.get(teacher=world.jane).schedule.identifier == "ecf-reduced-september"


# A break: deferral, then resumption ------------------------------------------------------------------------------


def test_a_break_keeps_the_history_and_the_schedule(world, jane, alpha, frozen_today):
    assert alpha.post(URL, declare(world, "started", "2025-10-01T10:00:00Z")).status_code == 200
    deferral = envelope("participant-defer", reason="parental-leave", course_identifier="ecf-induction")
    response = alpha.put(participant(world, "defer"), deferral)
    assert response.status_code == 200, response.content
    assert (enrolment(response)["training_status"], enrolment(response)["participant_status"]) == ("deferred", "left")

    # During the break the schedule cannot change: the participant has left until resumed.
    assert errors_of(alpha.put(participant(world, "change-schedule"), change_schedule("ecf-extended-september"))) == [
        (
            "participant_id",
            "You cannot change this participant's schedule. This is because the participant has a 'left' "
            "participant_status, so they are not training with you currently.",
        )
    ]

    frozen_today(dt.date(2027, 1, 11))  # back after a term
    response = alpha.put(
        participant(world, "resume"), envelope("participant-resume", course_identifier="ecf-induction")
    )
    assert response.status_code == 200, response.content
    ect = enrolment(response)
    assert (ect["training_status"], ect["schedule_identifier"], ect["cohort"]) == (
        "active",
        "ecf-standard-september",
        "2025",
    )

    periods = list(TrainingPeriod.objects.filter(teacher=world.jane).order_by("started_on"))
    assert [(p.started_on, p.finished_on, p.deferral_reason) for p in periods] == [
        (SEPT_2025, dt.date(2026, 9, 15), "parental_leave"),
        (dt.date(2027, 1, 11), None, None),
    ]
    assert periods[0].schedule == periods[1].schedule
    assert periods[0].school_partnership == periods[1].school_partnership
    assert Declaration.objects.get(declaration_type="started").training_period == periods[0]
    breaks = Event.objects.filter(
        teacher=world.jane, event_type__in=["teacher_defers_training_period", "teacher_resumes_training_period"]
    )
    assert [(e.event_type, e.training_period) for e in breaks.order_by("pk")] == [
        ("teacher_defers_training_period", periods[0]),
        ("teacher_resumes_training_period", periods[0]),
    ]

    # After the break declarations go on, against the same schedule, on the resumed period.
    response = alpha.post(URL, declare(world, "retained-1", "2027-01-11T10:00:00Z"))
    assert response.status_code == 200, response.content
    assert Declaration.objects.get(declaration_type="retained-1").training_period == periods[1]

    # A resumed participant whose break made them part-time can then move to an extended schedule: the resumed
    # period started today, so it is changed in place rather than split.
    response = alpha.put(participant(world, "change-schedule"), change_schedule("ecf-extended-september"))
    assert response.status_code == 200, response.content
    periods[1].refresh_from_db()
    assert (periods[1].started_on, periods[1].schedule.identifier) == (dt.date(2027, 1, 11), "ecf-extended-september")
    assert TrainingPeriod.objects.filter(teacher=world.jane).count() == 2


def test_training_before_a_break_can_still_be_declared_while_deferred(world, jane, alpha):
    """Only a withdrawal stops declarations (V14); a deferred participant's earlier training can still be paid."""
    deferral = envelope("participant-defer", reason="career-break", course_identifier="ecf-induction")
    assert alpha.put(participant(world, "defer"), deferral).status_code == 200
    response = alpha.post(URL, declare(world, "started", "2025-10-01T10:00:00Z"))
    assert response.status_code == 200, response.content
    assert Declaration.objects.get().training_period == jane


def test_a_mentor_on_an_extended_schedule_is_not_paid_extension_terms_from_2025(world, jane, alpha):
    """§14.2: mentors may be on extended schedules, but in cohorts with mentor funding only `started` and
    `completed` are accepted for them (V12)."""
    mentor_period = b.mentor_period(world, started_on=SEPT_2025)
    b.training(
        mentor_period,
        started_on=SEPT_2025,
        school_partnership=jane.school_partnership,
        schedule_identifier="ecf-extended-september",
    )
    tom = Teacher.objects.get(pk=mentor_period.teacher_id)
    body = envelope(
        "participant-declaration",
        participant_id=str(tom.api_id),
        declaration_type="extended-1",
        declaration_date="2026-09-15T09:00:00Z",
        course_identifier="ecf-mentor",
    )
    assert errors_of(alpha.post(URL, body)) == [
        (
            "declaration_type",
            "You cannot send retained or extended declarations for participants who began their mentor training "
            "after June 2025. Resubmit this declaration with either a started or completed declaration.",
        )
    ]


def test_up_to_2024_an_extended_schedule_has_no_closing_dates(world, alpha):
    """§14.4: 2024's standard September `retained-1` window closed on 2025-03-31; its extended September schedule
    opens every milestone on 2024-09-01 with no milestone date, so late training is accepted after a move."""
    Milestone.objects.all().delete()
    ensure_schedules({p.year: p for p in ContractPeriod.objects.all()})
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2024)
    at_school = b.ect_period(world, started_on=dt.date(2024, 9, 2))
    b.training(at_school, started_on=dt.date(2024, 9, 2), school_partnership=partnership)
    late = declare(world, "retained-1", "2026-09-15T09:00:00Z")
    assert errors_of(alpha.post(URL, late)) == [
        ("declaration_date", "Declaration date must be on or before the milestone date for the same declaration type.")
    ]

    response = alpha.put(participant(world, "change-schedule"), change_schedule("ecf-extended-september", "2024"))
    assert response.status_code == 200, response.content
    assert alpha.post(URL, late).status_code == 200
