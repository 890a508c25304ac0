"""PUT /api/v3/participants/{id}/withdraw | defer | resume | change-schedule (lead-provider-api.md §11.3 – §11.6,
§9, §17.3 E19–E36). Today is 2026-09-15 (London); Alpha is active in 2024–2026, Beta in 2026 only."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.testing import envelope
from core import clock
from events.models import Event
from teachers.models import Teacher, TrainingPeriod
from tests import builders_training as b
from tests.builders import aware

TODAY = dt.date(2026, 9, 15)
JAN_10 = dt.date(2026, 1, 10)
NOW = "2026-09-15T11:00:00Z"  # noon in London (BST)

MALFORMED = {
    "errors": [{"title": "Bad request", "detail": "Correct json data structure required. See API docs for reference."}]
}
NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}


def unprocessable(*pairs: tuple[str, str]) -> dict:
    return {"errors": [{"title": title, "detail": detail} for title, detail in pairs]}


COURSE_REQUIRED = ("course_identifier", "Enter a '#/course_identifier'.")
COURSE_NOT_RECOGNISED = (
    "course_identifier",
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
)
REASON_NOT_RECOGNISED = (
    "reason",
    "The entered '#/reason' is not recognised for the given participant. Check details and try again.",
)
TRY_TOMORROW = (
    "participant_id",
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was "
    "recently changed for this participant.",
)

WITHDRAW = envelope("participant-withdraw", reason="moved-school", course_identifier="ecf-induction")
DEFER = envelope("participant-defer", reason="long-term-sickness", course_identifier="ecf-induction")
RESUME = envelope("participant-resume", course_identifier="ecf-induction")
EXTENDED = envelope(
    "participant-change-schedule",
    schedule_identifier="ecf-extended-september",
    course_identifier="ecf-induction",
    cohort="2025",
)


@pytest.fixture
def alpha_2025(world):
    return b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)


@pytest.fixture
def jane(world, alpha_2025) -> TrainingPeriod:
    """Jane, Alpha's ECT since 2026-01-10 on `ecf-standard-september` 2025, ongoing; her record last moved in
    January."""
    period = b.training(b.ect_period(world, started_on=JAN_10), started_on=JAN_10, school_partnership=alpha_2025)
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=aware(JAN_10))
    return period


@pytest.fixture
def alpha_client(world, v3_client):
    return v3_client(world.alpha)


def path(teacher_or_id, action: str) -> str:
    api_id = getattr(teacher_or_id, "api_id", teacher_or_id)
    return f"/api/v3/participants/{api_id}/{action}"


def enrolment(response) -> dict:
    [ect] = response.json()["data"]["attributes"]["ecf_enrolments"]
    return ect


# 200 -------------------------------------------------------------------------------------------------------------


def test_E19_withdraw(world, jane, alpha_client):
    response = alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert (body["data"]["id"], body["data"]["type"]) == (str(world.jane.api_id), "participant")
    assert body["data"]["attributes"]["updated_at"] == NOW
    ect = enrolment(response)
    assert (ect["training_status"], ect["participant_status"]) == ("withdrawn", "left")
    assert ect["withdrawal"] == {"reason": "moved-school", "date": NOW}
    assert ect["deferral"] is None
    assert (ect["cohort"], ect["schedule_identifier"]) == ("2025", "ecf-standard-september")
    # What GET shows afterwards is what the action answered.
    assert alpha_client.get(f"/api/v3/participants/{world.jane.api_id}").json() == body
    event = Event.objects.get(event_type="teacher_withdraws_training_period")
    assert (event.author_type, event.author_name) == ("lead_provider_api", "Alpha Learning")


def test_E20_withdraw_again(world, jane, alpha_client):
    alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)
    response = alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)
    assert response.status_code == 422
    assert response.json() == unprocessable(("participant_id", "The '#/participant_id' is already withdrawn."))


def test_E24_defer(world, jane, alpha_client):
    response = alpha_client.put(path(world.jane, "defer"), DEFER)

    assert response.status_code == 200, response.content
    ect = enrolment(response)
    assert (ect["training_status"], ect["participant_status"]) == ("deferred", "left")
    assert (ect["withdrawal"], ect["deferral"]) == (None, {"reason": "long-term-sickness", "date": NOW})
    assert response.json()["data"]["attributes"]["updated_at"] == NOW


def test_E27_resume_then_E25_no_defer_the_same_day(world, jane, alpha_client, frozen_today):
    frozen_today(dt.date(2026, 9, 14))
    assert alpha_client.put(path(world.jane, "defer"), DEFER).status_code == 200
    frozen_today(TODAY)

    response = alpha_client.put(path(world.jane, "resume"), RESUME)

    assert response.status_code == 200, response.content
    ect = enrolment(response)
    assert (ect["training_status"], ect["participant_status"]) == ("active", "active")
    assert (ect["withdrawal"], ect["deferral"]) == (None, None)
    assert response.json()["data"]["attributes"]["updated_at"] == NOW

    response = alpha_client.put(path(world.jane, "defer"), DEFER)
    assert (response.status_code, response.json()) == (422, unprocessable(TRY_TOMORROW))


def test_E30_change_schedule(world, jane, alpha_client):
    response = alpha_client.put(path(world.jane, "change-schedule"), EXTENDED)

    assert response.status_code == 200, response.content
    ect = enrolment(response)
    assert (ect["schedule_identifier"], ect["cohort"]) == ("ecf-extended-september", "2025")
    assert response.json()["data"]["attributes"]["updated_at"] == NOW
    # The old period ends yesterday and a new one starts today, so a withdraw today fails as in E25.
    assert TrainingPeriod.objects.get(pk=jane.pk).finished_on == dt.date(2026, 9, 14)
    response = alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)
    assert (response.status_code, response.json()) == (422, unprocessable(TRY_TOMORROW))


def test_change_schedule_accepts_the_cohort_as_a_number_or_leaves_it_out(world, jane, alpha_client):
    body = envelope("x", schedule_identifier="ecf-extended-september", course_identifier="ecf-induction")
    response = alpha_client.put(path(world.jane, "change-schedule"), body)
    assert response.status_code == 200, response.content
    assert (enrolment(response)["schedule_identifier"], enrolment(response)["cohort"]) == (
        "ecf-extended-september",
        "2025",
    )


def test_unknown_attributes_and_any_data_type_are_ignored(world, jane, alpha_client):
    """§2.3: `data.type` is not validated; unknown attributes are dropped."""
    body = {"data": {"attributes": {"reason": "other", "course_identifier": "ecf-induction", "colour": "blue"}}}
    assert alpha_client.put(path(world.jane, "withdraw"), body).status_code == 200


def test_a_mentor_enrolment_is_acted_on_with_ecf_mentor(world, jane, alpha_client):
    tom_training = b.training(
        b.mentor_period(world, started_on=JAN_10), started_on=JAN_10, school_partnership=jane.school_partnership
    )
    body = envelope("participant-withdraw", reason="mentor-no-longer-being-mentor", course_identifier="ecf-mentor")
    response = alpha_client.put(path(tom_training.teacher, "withdraw"), body)
    assert response.status_code == 200, response.content
    [mentor] = response.json()["data"]["attributes"]["ecf_enrolments"]
    assert (mentor["participant_type"], mentor["training_status"]) == ("mentor", "withdrawn")
    assert mentor["withdrawal"]["reason"] == "mentor-no-longer-being-mentor"


# 422 -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "attributes", "expected"),
    [
        pytest.param(
            "withdraw",
            {"reason": "mentor-no-longer-being-mentor", "course_identifier": "ecf-induction"},
            [("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")],
            id="E21",
        ),
        pytest.param("withdraw", {"reason": "bored"}, [COURSE_REQUIRED, REASON_NOT_RECOGNISED], id="E22"),
        pytest.param(
            "withdraw", {"reason": "other", "course_identifier": "ecf-mentor"}, [COURSE_NOT_RECOGNISED], id="E23"
        ),
        pytest.param(
            "withdraw",
            {"course_identifier": "ecf-induction"},
            [("reason", "Enter a '#/reason'.")],
            id="withdraw-no-reason",
        ),
        pytest.param(
            "defer",
            {"reason": "moved-school", "course_identifier": "ecf-induction"},
            [REASON_NOT_RECOGNISED],
            id="defer-with-a-withdrawal-reason",
        ),
        pytest.param(
            "resume",
            {"course_identifier": "ecf-induction"},
            [("participant_id", "The '#/participant_id' is already active.")],
            id="E28",
        ),
        pytest.param("resume", {"course_identifier": "ecf-mentor"}, [COURSE_NOT_RECOGNISED], id="resume-wrong-role"),
        pytest.param(
            "change-schedule",
            {"schedule_identifier": "ecf-standard-june", "course_identifier": "ecf-induction"},
            [("schedule_identifier", "Enter a valid schedule identifier.")],
            id="E31",
        ),
        pytest.param(
            "change-schedule",
            {"schedule_identifier": "ecf-replacement-september", "course_identifier": "ecf-induction"},
            [("schedule_identifier", "Selected schedule is not valid for the course_identifier")],
            id="E32",
        ),
        pytest.param(
            "change-schedule",
            {"schedule_identifier": "ecf-standard-september", "course_identifier": "ecf-induction"},
            [("schedule_identifier", "Selected schedule is already on the profile")],
            id="E34",
        ),
        pytest.param(
            "change-schedule",
            {"schedule_identifier": "ecf-standard-september", "course_identifier": "ecf-induction", "cohort": "2024"},
            [
                (
                    "cohort",
                    "You cannot change a participant to this contract_period as you do not have a partnership with "
                    "the school for the contract_period. Contact the DfE for assistance.",
                )
            ],
            id="E35",
        ),
        pytest.param(
            "change-schedule",
            {"schedule_identifier": "", "course_identifier": "ecf-induction"},
            [
                (
                    "schedule_identifier",
                    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.",
                )
            ],
            id="change-schedule-blank",
        ),
    ],
)
def test_unprocessable(world, jane, alpha_client, action, attributes, expected):
    response = alpha_client.put(path(world.jane, action), envelope("x", **attributes))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == unprocessable(*expected)
    assert TrainingPeriod.objects.filter(teacher=world.jane).count() == 1
    assert TrainingPeriod.objects.get(pk=jane.pk).finished_on is None
    assert not Event.objects.filter(event_type__startswith="teacher_").exists()


def test_E26_defer_a_joining_participant(world, alpha_client):
    alpha_2026 = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026)
    b.training(
        b.ect_period(world, started_on=dt.date(2026, 10, 1)),
        started_on=dt.date(2026, 10, 1),
        school_partnership=alpha_2026,
    )
    response = alpha_client.put(path(world.jane, "defer"), DEFER)
    assert response.status_code == 422
    assert response.json() == unprocessable(
        (
            "participant_id",
            "You cannot defer #/participant_id. This is because they have not been training with you for at least "
            "one day.",
        )
    )


def test_E29_resume_on_the_day_of_deferral(world, jane, alpha_client, frozen_today):
    frozen_today(TODAY, hour=9)
    alpha_client.put(path(world.jane, "defer"), DEFER)
    frozen_today(TODAY, hour=15)
    response = alpha_client.put(path(world.jane, "resume"), RESUME)
    assert response.status_code == 422
    assert response.json() == unprocessable(
        (
            "participant_id",
            "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow "
            "or later.",
        )
    )


def test_E33_reduced_schedule_for_a_mentor(world, jane, alpha_client):
    tom_training = b.training(
        b.mentor_period(world, started_on=JAN_10), started_on=JAN_10, school_partnership=jane.school_partnership
    )
    body = envelope("x", schedule_identifier="ecf-reduced-september", course_identifier="ecf-mentor")
    response = alpha_client.put(path(tom_training.teacher, "change-schedule"), body)
    assert response.status_code == 422
    assert response.json() == unprocessable(
        ("schedule_identifier", "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.")
    )


def test_E36_change_schedule_after_withdrawal(world, jane, alpha_client):
    alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)
    body = envelope("x", schedule_identifier="ecf-extended-september", course_identifier="ecf-induction")
    response = alpha_client.put(path(world.jane, "change-schedule"), body)
    assert response.status_code == 422
    assert response.json() == unprocessable(
        (
            "participant_id",
            "You cannot change this participant's schedule. This is because the participant has a 'left' "
            "participant_status, so they are not training with you currently.",
        )
    )


# 400 before 404 (§9) ---------------------------------------------------------------------------------------------

MALFORMED_BODIES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{not json", id="invalid-json"),
    pytest.param({}, id="no-data"),
    pytest.param({"data": "withdraw"}, id="data-a-string"),
    pytest.param({"data": []}, id="data-an-array"),
    pytest.param({"data": {"type": "participant-withdraw"}}, id="no-attributes"),
    pytest.param({"data": {"attributes": {}}}, id="empty-attributes"),
    pytest.param({"data": {"attributes": ["reason"]}}, id="attributes-an-array"),
    pytest.param({"data": {"attributes": {"colour": "blue"}}}, id="no-permitted-attribute"),
]


@pytest.mark.parametrize("body", MALFORMED_BODIES)
@pytest.mark.parametrize("action", ["withdraw", "defer", "resume", "change-schedule"])
def test_a_malformed_body_is_a_400_even_for_an_unknown_participant(world, jane, alpha_client, action, body):
    for participant in (world.jane.api_id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"):
        response = alpha_client.put(path(participant, action), body)
        assert (response.status_code, response.json()) == (400, MALFORMED), participant


def test_resume_needs_the_course_identifier_and_change_schedule_takes_any_of_its_three(world, jane, alpha_client):
    """§11.5: resume's only permitted key is `course_identifier`; a reason alone is no body at all."""
    response = alpha_client.put(path(world.jane, "resume"), envelope("x", reason="other"))
    assert (response.status_code, response.json()) == (400, MALFORMED)
    response = alpha_client.put(path(world.jane, "change-schedule"), envelope("x", cohort="2025"))
    assert response.status_code == 422
    assert response.json() == unprocessable(
        COURSE_REQUIRED,
        (
            "schedule_identifier",
            "The property '#/schedule_identifier' must be present and correspond to a valid schedule.",
        ),
    )


def test_filter_must_be_a_hash_on_put_too(world, jane, alpha_client):
    response = alpha_client.put(path(world.jane, "withdraw") + "?filter=abc", WITHDRAW)
    assert response.status_code == 400
    assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


# 404 and scoping ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("participant", ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "1234"])
def test_unknown_or_malformed_ids_are_not_found(world, jane, alpha_client, participant):
    response = alpha_client.put(path(participant, "withdraw"), WITHDRAW)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    ("action", "body"), [("withdraw", WITHDRAW), ("defer", DEFER), ("resume", RESUME), ("change-schedule", EXTENDED)]
)
def test_another_providers_participant_is_not_found_and_unchanged(world, jane, v3_client, action, body):
    response = v3_client(world.beta).put(path(world.jane, action), body)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    period = TrainingPeriod.objects.get(teacher=world.jane)
    assert (period.withdrawn_at, period.deferred_at, period.finished_on) == (None, None, None)
    assert Teacher.objects.get(pk=world.jane.pk).api_updated_at == aware(JAN_10)
    assert not Event.objects.filter(event_type__startswith="teacher_").exists()


def test_a_participant_seen_only_through_an_expression_of_interest_is_not_found(world, alpha_client):
    """§10.2: an EOI without a partnership does not make the participant visible to the provider."""
    b.training(
        b.ect_period(world, started_on=JAN_10),
        started_on=JAN_10,
        expression_of_interest=b.active_lead_provider(world.alpha, 2026),
    )
    response = alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_retired_participant_id_is_not_found(world, jane, alpha_client):
    """Only current ids resolve (§11.1)."""
    from teachers.models import TeacherIdChange

    old_id = "ecf377ba-cd8d-473b-9426-679626336d03"
    TeacherIdChange.objects.create(teacher=world.jane, api_from_teacher_id=old_id, api_to_teacher_id=world.jane.api_id)
    response = alpha_client.put(path(old_id, "withdraw"), WITHDRAW)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_put_is_routed(world, jane, alpha_client, method):
    client = alpha_client.client
    response = getattr(client, method)(path(world.jane, "withdraw"), headers=alpha_client._headers(None))
    assert response.status_code == 404


def test_without_a_token(world, jane, v3_client):
    response = v3_client(None).put(path(world.jane, "withdraw"), WITHDRAW)
    assert (response.status_code, response.json()) == (401, {"error": "HTTP Token: Access denied"})


def test_the_time_of_the_action_is_the_withdrawal_date(world, jane, alpha_client):
    alpha_client.put(path(world.jane, "withdraw"), WITHDRAW)
    assert TrainingPeriod.objects.get(pk=jane.pk).withdrawn_at == clock.now()
