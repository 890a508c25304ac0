"""POST /api/v3/participant-declarations (lead-provider-api.md §11.8.3, §12.2–12.5; examples E40–E53): each rule
V1–V19 with its exact message, the guard combinations of §12.3, and what a create stores. Contract-checked."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.testing import envelope
from api.v3.tests.declarations_world import (
    DP1_ID,
    M1_ID,
    P1_ID,
    P2_ID,
    ST1_ID,
    at,
    build_declarations_world,
    travel_to_now,
)
from declarations.models import Declaration, PaymentStatus
from events.models import Event
from events.types import EventType
from finance.models import Statement, StatementStatus
from teachers.models import Teacher
from tests.builders import create_teacher
from tests.builders_providers import create_declaration

pytestmark = pytest.mark.django_db

URL = "/api/v3/participant-declarations"
UNKNOWN_ID = "b8bb056a-34b6-485d-ace2-e5ce63a1b037"
NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again."
)
DUPLICATE = "A declaration has already been submitted that will be, or has been, paid for this event."


@pytest.fixture
def dw(db):
    traveller = travel_to_now()
    yield build_declarations_world()
    traveller.stop()


@pytest.fixture
def api(dw, v3_client):
    return v3_client(dw.caller)


def e40(**changes) -> dict:
    attributes = {
        "participant_id": P1_ID,
        "declaration_type": "started",
        "declaration_date": "2025-10-01T10:00:00+01:00",
        "course_identifier": "ecf-induction",
        "evidence_held": "training-event-attended",
    } | changes
    return envelope("participant-declaration", **{k: v for k, v in attributes.items() if v is not ...})


def p2(**changes) -> dict:
    return e40(**({"participant_id": P2_ID, "evidence_held": "other"} | changes))


def m1(**changes) -> dict:
    return e40(**({"participant_id": M1_ID, "course_identifier": "ecf-mentor"} | changes))


def errors_of(response) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.content
    return [(error["title"], error["detail"]) for error in response.json()["errors"]]


# E40, E41: a create and its sequential repeat ----------------------------------------------------------------------


def test_E40_a_2025_ect_started_declaration_is_created_eligible_on_the_next_open_statement(dw, api):
    """E40 / §12.5: `declaration_date` stored as the instant and shown in UTC; mentor, delivery partner and
    statement linked; evidence kept; state `eligible` because P1 is eligible for funding; event written."""
    participant_updated_at = at("2025-11-01T00:00:00Z")
    Teacher.objects.filter(pk=dw.p1.pk).update(api_updated_at=participant_updated_at)

    response = api.post(URL, e40())

    assert response.status_code == 200
    created = Declaration.objects.get(training_period=dw.p1_training, declaration_type="started")
    assert response.json() == {
        "data": {
            "id": str(created.api_id),
            "type": "participant-declaration",
            "attributes": {
                "participant_id": P1_ID,
                "declaration_type": "started",
                "course_identifier": "ecf-induction",
                "declaration_date": "2025-10-01T09:00:00Z",
                "mentor_id": M1_ID,
                "state": "eligible",
                "updated_at": "2025-11-20T10:15:02Z",
                "created_at": "2025-11-20T10:15:02Z",
                "delivery_partner_id": DP1_ID,
                "statement_id": ST1_ID,
                "clawback_statement_id": None,
                "ineligible_for_funding_reason": None,
                "uplift_paid": False,
                "evidence_held": "training-event-attended",
                "lead_provider_name": "Example Institute",
            },
        }
    }
    assert (created.teacher_id, created.role) == (dw.p1.pk, "ect")
    event = Event.objects.get(event_type=EventType.TEACHER_DECLARATION_CREATED, declaration=created)
    assert (event.author_type, event.author_name, event.lead_provider_id) == (
        "lead_provider_api",
        "Example Institute",
        dw.caller.pk,
    )
    dw.p1.refresh_from_db()
    assert dw.p1.api_updated_at == participant_updated_at  # §12.5 step 8: the participant does not move


def test_E40_a_participant_not_yet_eligible_gets_a_submitted_declaration_without_a_statement(dw, api):
    """E40 note / BR-D-12: `submitted`, `statement_id` null."""
    Teacher.objects.filter(pk=dw.p1.pk).update(ect_first_became_eligible_for_training_at=None)

    attributes = api.post(URL, e40()).json()["data"]["attributes"]

    assert (attributes["state"], attributes["statement_id"]) == ("submitted", None)


def test_E41_the_same_request_again_is_a_duplicate(api):
    """E41 / §12.10: a sequential resubmission is not idempotent: V8."""
    assert api.post(URL, e40()).status_code == 200

    assert errors_of(api.post(URL, e40())) == [("declaration_type", DUPLICATE)]
    assert Declaration.objects.filter(declaration_type="started", teacher__api_id=P1_ID).count() == 1


def test_a_voided_declaration_does_not_block_a_new_one(dw, api):
    """BR-D-07 "after the first is voided → allowed"."""
    first = api.post(URL, e40()).json()["data"]["id"]
    api.put(f"{URL}/{first}/void")

    assert api.post(URL, e40()).status_code == 200


def test_V8_a_billable_declaration_through_another_providers_training_blocks_the_event(dw, api):
    """V8 "across all training periods and all LPs": P1's started declaration with a previous provider stops the
    caller's, and the database would refuse it too (`declarations_one_billable_or_changeable_per_teacher_role_type`)."""
    earlier = dw.ect_training(
        dw.p1,
        dw.partnership(dw.other, 2024),
        dt.date(2024, 9, 1),
        finished_on=dt.date(2025, 7, 31),
        school_finished_on=dt.date(2025, 7, 31),
    )
    create_declaration(training_period=earlier, declaration_date=at("2024-10-01T10:00:00Z"))

    assert errors_of(api.post(URL, e40())) == [("declaration_type", DUPLICATE)]


# Each rule, with its exact message (E42–E53) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(e40(participant_id=...), [("participant_id", "Enter a '#/participant_id'.")], id="V1"),
        pytest.param(e40(participant_id=" "), [("participant_id", "Enter a '#/participant_id'.")], id="V1-blank"),
        pytest.param(e40(participant_id=UNKNOWN_ID), [("participant_id", NOT_RECOGNISED)], id="V2-E42"),
        pytest.param(e40(participant_id="not-a-uuid"), [("participant_id", NOT_RECOGNISED)], id="V2-malformed"),
        pytest.param(e40(course_identifier=...), [("course_identifier", "Enter a '#/course_identifier'.")], id="V3"),
        pytest.param(
            e40(course_identifier="npq-leading"), [("course_identifier", "Enter a '#/course_identifier'.")], id="V3b"
        ),
        pytest.param(e40(declaration_date=...), [("declaration_date", "Enter a '#/declaration_date'.")], id="V4"),
        pytest.param(
            e40(course_identifier="ecf-mentor"),
            [
                (
                    "course_identifier",
                    "The entered '#/course_identifier' is not recognised for the given participant. Check details "
                    "and try again.",
                )
            ],
            id="V5",
        ),
        pytest.param(e40(declaration_type=...), [("declaration_type", "Enter a '#/declaration_type'.")], id="V6"),
        pytest.param(
            e40(declaration_type="invalid"), [("declaration_type", "Enter a valid declaration type.")], id="V7-E45"
        ),
        pytest.param(
            e40(declaration_date="2025-12-01T00:00:00Z"),
            [
                (
                    "declaration_date",
                    "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
                )
            ],
            id="V9-E43",
        ),
        pytest.param(
            p2(declaration_type="retained-1", declaration_date="2024-12-15T10:00:00Z"),
            [
                (
                    "declaration_date",
                    "Declaration date must be on or after the milestone start date for the same declaration type.",
                )
            ],
            id="V10-E50",
        ),
        pytest.param(
            p2(declaration_type="retained-1", declaration_date="2025-04-01T00:00:00+01:00"),
            [
                (
                    "declaration_date",
                    "Declaration date must be on or before the milestone date for the same declaration type.",
                )
            ],
            id="V10b",
        ),
        pytest.param(
            e40(declaration_date="2025-10-01"),
            [("declaration_date", "Enter a valid RCF3339 '#/declaration_date'.")],
            id="V11-E44",
        ),
        pytest.param(
            e40(declaration_date="2025-10-01T10:00"),
            [("declaration_date", "Enter a valid RCF3339 '#/declaration_date'.")],
            id="V11-no-seconds",
        ),
        pytest.param(
            m1(declaration_type="retained-1", declaration_date="2025-11-10T10:00:00Z", evidence_held="other"),
            [
                (
                    "declaration_type",
                    "You cannot send retained or extended declarations for participants who began their mentor "
                    "training after June 2025. Resubmit this declaration with either a started or completed "
                    "declaration.",
                )
            ],
            id="V12-E46",
        ),
        pytest.param(
            e40(declaration_type="retained-3", declaration_date="2025-11-10T10:00:00Z", evidence_held=...),
            [("evidence_held", "Enter a '#/evidence_held' value for this participant.")],
            id="V13-E47",
        ),
        pytest.param(
            e40(declaration_type="retained-2", declaration_date="2025-11-10T10:00:00Z"),
            [("evidence_held", "Enter an available '#/evidence_held' type for this participant.")],
            id="V13-E48",
        ),
        pytest.param(
            m1(evidence_held=...),
            [("evidence_held", "Enter a '#/evidence_held' value for this participant.")],
            id="V13-2025-mentor-started",
        ),
        pytest.param(
            e40(declaration_type="extended-1", declaration_date="2025-11-10T10:00:00Z", evidence_held="other"),
            [("declaration_type", "The property '#/declaration_type' does not exist for this schedule.")],
            id="V17-E51",
        ),
        pytest.param(
            p2(declaration_type="retained-1", declaration_date="2025-02-01T10:00:00Z", evidence_held=...),
            [("evidence_held", "Enter a '#/evidence_held' value for this participant.")],
            id="V13-pre-2025-retained",
        ),
    ],
)
def test_each_rule_reports_its_message(api, body, expected):
    """§12.3 V1–V17 (and the worked combinations): one rule broken, exactly its error."""
    response = api.post(URL, body)

    assert errors_of(response) == expected
    assert not Declaration.objects.filter(created_at__gte=at("2025-11-20T00:00:00Z")).exists()


def test_E49_a_2025_declaration_out_of_sequence(api):
    """E49 / V18: after E40 (started 2025-10-01) and D3 (retained-1 2025-11-03), retained-2 dated 2025-09-15."""
    assert api.post(URL, e40()).status_code == 200

    response = api.post(
        URL,
        e40(
            declaration_type="retained-2",
            declaration_date="2025-09-15T10:00:00Z",
            evidence_held="75-percent-engagement-met",
        ),
    )

    assert errors_of(response) == [
        (
            "declaration_date",
            "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for "
            "this participant.",
        )
    ]


def test_E52_a_withdrawn_participant_cannot_be_declared_after_the_withdrawal(dw, api):
    """E52 / V14: withdrawn at 2025-11-18T09:00:00Z; a date on or after it is refused; before it is accepted."""
    dw.p2_training.withdrawn_at = at("2025-11-18T09:00:00Z")
    dw.p2_training.withdrawal_reason = "other"
    dw.p2_training.finished_on = dt.date(2025, 11, 18)
    dw.p2_training.save()

    late = api.post(URL, p2(declaration_type="retained-3", declaration_date="2025-11-19T10:00:00Z"))
    at_the_instant = api.post(URL, p2(declaration_type="retained-3", declaration_date="2025-11-18T09:00:00Z"))

    withdrew = (
        "participant_id",
        "This participant withdrew from this course on 2025-11-18T09:00:00Z. Enter a '#/declaration_date' that's "
        "on or before the withdrawal date.",
    )
    assert errors_of(late) == [withdrew]
    assert errors_of(at_the_instant) == [withdrew]
    assert api.post(URL, p2(declaration_type="retained-3", declaration_date="2025-11-18T08:59:59Z")).status_code == 200


def test_E53_a_participant_whose_current_training_is_in_a_frozen_cohort(dw, api):
    """E53 / V15: the training period containing today is in 2022, whose payments are frozen."""
    teacher = create_teacher(first_name="Old", last_name="Cohort")
    dw.ect_training(teacher, dw.partnership(dw.caller, 2022), dt.date(2022, 9, 1))

    response = api.post(
        URL,
        e40(participant_id=str(teacher.api_id), declaration_date="2022-10-01T10:00:00Z", evidence_held=...),
    )

    assert errors_of(response) == [
        (
            "cohort",
            "You cannot submit declarations for the 2022 cohort. The funding contract for this cohort has ended. Get in "
            "touch if you need to discuss this with us.",
        )
    ]


def test_V16_an_eligible_participant_needs_an_open_output_statement_for_the_cohort(dw, api):
    """V16: with ST2 no longer open, P2 (eligible, 2024) cannot be declared; a not-yet-eligible one can."""
    Statement.objects.filter(pk=dw.st2.pk).update(status=StatementStatus.PAYABLE)

    response = api.post(URL, p2(declaration_type="retained-3", declaration_date="2025-11-10T10:00:00Z"))

    assert errors_of(response) == [
        (
            "cohort",
            "You cannot submit or void declarations for the 2024 cohort. The funding contract for this cohort has "
            "ended. Get in touch if you need to discuss this with us.",
        )
    ]
    Teacher.objects.filter(pk=dw.p2.pk).update(ect_first_became_eligible_for_training_at=None)
    response = api.post(URL, p2(declaration_type="retained-3", declaration_date="2025-11-10T10:00:00Z"))
    assert response.json()["data"]["attributes"]["state"] == "submitted"


def test_V19_a_participant_trained_only_by_another_provider_is_not_recognised(dw, api):
    """V19 (and V5 suppressed): the teacher exists but has no training with the caller."""
    teacher = create_teacher(first_name="Chris", last_name="White")
    dw.ect_training(teacher, dw.partnership(dw.other, 2025, delivery_partner=dw.dp2), dt.date(2025, 9, 1))

    assert errors_of(api.post(URL, e40(participant_id=str(teacher.api_id)))) == [("participant_id", NOT_RECOGNISED)]
    assert errors_of(api.post(URL, e40(participant_id=str(teacher.api_id), course_identifier="ecf-mentor"))) == [
        ("participant_id", NOT_RECOGNISED)
    ]


def test_errors_are_reported_together_when_their_guards_allow(api):
    """§12.3 guards: an unknown participant with a date-only value gets V2 and V11 (V11 is only skipped by an earlier
    `declaration_date` error); an unknown participant with a bad type gets V2 alone (V7 needs no earlier error)."""
    assert errors_of(api.post(URL, e40(participant_id=UNKNOWN_ID, declaration_date="2025-10-01"))) == [
        ("participant_id", NOT_RECOGNISED),
        ("declaration_date", "Enter a valid RCF3339 '#/declaration_date'."),
    ]
    assert errors_of(api.post(URL, e40(participant_id=UNKNOWN_ID, declaration_type="invalid"))) == [
        ("participant_id", NOT_RECOGNISED)
    ]
    assert errors_of(api.post(URL, e40(participant_id=..., course_identifier=..., declaration_date=...))) == [
        ("participant_id", "Enter a '#/participant_id'.")
    ]


def test_a_date_that_is_not_a_time_at_all_is_a_400(api):
    """§12.3 unparseable-date quirk: 400 `Bad request` with the RFC 3339 message."""
    for value in ("invalid", "2025-02-30T10:00:00Z"):
        response = api.post(URL, e40(declaration_date=value))
        assert (response.status_code, response.json()) == (
            400,
            {"errors": [{"title": "Bad request", "detail": "Enter a valid RCF3339 '#/declaration_date'."}]},
        )


def test_a_malformed_body_is_a_400(api):
    """§5.2: no `data`, empty attributes, or no permitted attribute."""
    for body in ({}, {"data": {"attributes": {}}}, {"data": {"attributes": {"colour": "blue"}}}, "not json"):
        response = api.post(URL, body)
        assert (response.status_code, response.json()) == (
            400,
            {
                "errors": [
                    {
                        "title": "Bad request",
                        "detail": "Correct json data structure required. See API docs for reference.",
                    }
                ]
            },
        )


# What a create stores (§12.2, §12.5) ----------------------------------------------------------------------------


def test_a_pre_2025_started_declaration_discards_evidence_and_copies_the_schools_uplifts(dw, api):
    """§12.2: evidence on a pre-2025 `started` is ignored, even an unknown value; §12.5 step 5: S1's 2024 pupil
    premium uplift is copied (`uplift_paid` stays false until paid)."""
    teacher = create_teacher(first_name="Ann", last_name="Lee")
    dw.ect_training(teacher, dw.ps2024, dt.date(2024, 9, 2))

    response = api.post(
        URL,
        e40(participant_id=str(teacher.api_id), declaration_date="2024-10-01T10:00:00Z", evidence_held="nonsense"),
    )

    attributes = response.json()["data"]["attributes"]
    assert (attributes["evidence_held"], attributes["uplift_paid"], attributes["state"]) == (None, False, "submitted")
    created = Declaration.objects.get(api_id=response.json()["data"]["id"])
    assert (created.evidence_type, created.pupil_premium_uplift, created.sparsity_uplift) == (None, True, False)


def test_a_2025_mentor_completed_declaration_runs_mentor_completion(dw, api):
    """§12.5 step 7 / §12.8: M1's completion makes him ineligible from its date and finishes his training."""
    response = api.post(
        URL,
        m1(
            declaration_type="completed",
            declaration_date="2025-11-10T10:00:00Z",
            evidence_held="75-percent-engagement-met",
        ),
    )

    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["mentor_id"] is None
    dw.m1.refresh_from_db()
    dw.m1_training.refresh_from_db()
    assert (dw.m1.mentor_became_ineligible_for_funding_on, dw.m1.mentor_became_ineligible_for_funding_reason) == (
        dt.date(2025, 11, 10),
        "completed_declaration_received",
    )
    assert dw.m1_training.finished_on == dt.date(2025, 11, 10)


def test_the_declaration_attaches_to_the_callers_latest_training_period(dw, api):
    """§12.1: the caller's training period of the role with the latest start, though an earlier one exists."""
    later = dw.ect_training(
        create_teacher(first_name="Two", last_name="Periods"),
        dw.ps2024,
        dt.date(2024, 9, 2),
        finished_on=dt.date(2025, 8, 31),
        school_finished_on=dt.date(2025, 8, 31),
    )
    current = dw.ect_training(later.teacher, dw.ps1, dt.date(2025, 9, 1))

    response = api.post(URL, e40(participant_id=str(later.teacher.api_id), evidence_held="other"))

    assert Declaration.objects.get(api_id=response.json()["data"]["id"]).training_period == current
    assert PaymentStatus.NO_PAYMENT == Declaration.objects.get(training_period=current).payment_status
