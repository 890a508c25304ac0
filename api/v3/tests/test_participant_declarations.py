"""GET /api/v3/participant-declarations, GET .../{id} and PUT .../{id}/void (lead-provider-api.md §11.8, §12.6,
§12.7, §12.9; examples E54–E61), against §17's fixture. Every response is checked against the contract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3.tests.declarations_world import (
    D2_ID,
    D3_ID,
    DP1_ID,
    DP2_ID,
    M1_ID,
    P1_ID,
    P2_ID,
    ST1_ID,
    ST2_ID,
    ST3_ID,
    at,
    build_declarations_world,
    set_created_at,
    travel_to_now,
)
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from events.models import Event
from events.types import EventType
from providers.models import DeclarationType, SchoolPartnership
from teachers.models import TrainingPeriod
from tests.builders import create_lead_provider_delivery_partnership, create_teacher
from tests.builders_providers import create_declaration, create_statement

pytestmark = pytest.mark.django_db

NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}
URL = "/api/v3/participant-declarations"

D3 = {
    "id": D3_ID,
    "type": "participant-declaration",
    "attributes": {
        "participant_id": P1_ID,
        "declaration_type": "retained-1",
        "course_identifier": "ecf-induction",
        "declaration_date": "2025-11-03T12:00:00Z",
        "mentor_id": M1_ID,
        "state": "eligible",
        "updated_at": "2025-11-04T09:00:00Z",
        "created_at": "2025-11-04T09:00:00Z",
        "delivery_partner_id": DP1_ID,
        "statement_id": ST1_ID,
        "clawback_statement_id": None,
        "ineligible_for_funding_reason": None,
        "uplift_paid": False,
        "evidence_held": "other",
        "lead_provider_name": "Example Institute",
    },
}
D2 = {
    "id": D2_ID,
    "type": "participant-declaration",
    "attributes": {
        "participant_id": P2_ID,
        "declaration_type": "started",
        "course_identifier": "ecf-induction",
        "declaration_date": "2024-10-10T12:00:00Z",
        "mentor_id": None,
        "state": "paid",
        "updated_at": "2024-10-11T08:30:00Z",
        "created_at": "2024-10-11T08:30:00Z",
        "delivery_partner_id": DP1_ID,
        "statement_id": ST3_ID,
        "clawback_statement_id": None,
        "ineligible_for_funding_reason": None,
        "uplift_paid": True,
        "evidence_held": None,
        "lead_provider_name": "Example Institute",
    },
}


@pytest.fixture
def dw(db):
    traveller = travel_to_now()
    yield build_declarations_world()
    traveller.stop()


@pytest.fixture
def api(dw, v3_client):
    return v3_client(dw.caller)


@pytest.fixture
def other_api(dw, v3_client):
    return v3_client(dw.other)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


def another_providers_ect(dw, *, started_on=dt.date(2025, 9, 1), **fields) -> TrainingPeriod:
    """An ECT trained by "Other Provider Ltd" in 2025, with its own partnership at S1."""
    teacher = create_teacher(first_name="Chris", last_name="White")
    return dw.ect_training(teacher, dw.partnership(dw.other, 2025, delivery_partner=dw.dp2), started_on, **fields)


# GET list -------------------------------------------------------------------------------------------------------


def test_the_list_shows_the_callers_declarations_oldest_first_with_every_attribute(api):
    """§11.8.1 / §11.8.5: ordered by creation; D2 (paid with an uplift → `uplift_paid`), D3 (eligible)."""
    response = api.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": [D2, D3]}


def test_E54_the_participant_and_cohort_filters_drop_malformed_ids(dw, api):
    """E54: `filter[participant_id]=P1,not-a-uuid&filter[cohort]=2025` → P1's 2025 declarations."""
    response = api.get(URL, {"filter[participant_id]": f"{P1_ID},not-a-uuid", "filter[cohort]": "2025"})

    assert response.json() == {"data": [D3]}
    assert ids(api.get(URL, {"filter[cohort]": "2024"})) == [D2_ID]
    assert ids(api.get(URL, {"filter[cohort]": "2024,invalid,2025"})) == [D2_ID, D3_ID]
    assert ids(api.get(URL, {"filter[cohort]": "invalid"})) == []
    assert ids(api.get(URL, {"filter[cohort]": ""})) == [D2_ID, D3_ID]
    assert ids(api.get(URL, {"filter[participant_id]": "not-a-uuid"})) == []
    assert ids(api.get(URL, {"filter[participant_id][]": [P1_ID, P2_ID]})) == [D2_ID, D3_ID]


def test_the_participant_filter_covers_both_roles(dw, api):
    """§8.5: `participant_id` matches declarations of the participant as ECT or as mentor."""
    mentor_started = create_declaration(
        training_period=dw.m1_training, declaration_date=at("2025-10-01T10:00:00Z"), evidence_type="other"
    )
    assert ids(api.get(URL, {"filter[participant_id]": M1_ID})) == [str(mentor_started.api_id)]
    assert api.get(f"{URL}/{mentor_started.api_id}").json()["data"]["attributes"]["course_identifier"] == "ecf-mentor"


def test_the_delivery_partner_filter_uses_the_partner_recorded_when_the_declaration_was_created(dw, api):
    """§8.5 / §13.2: after the partnership moves to DP2, D3 still reports and filters by DP1."""
    pairing = create_lead_provider_delivery_partnership(
        active_lead_provider=dw.active(dw.caller, 2025), delivery_partner=dw.dp2
    )
    SchoolPartnership.objects.filter(pk=dw.ps1.pk).update(lead_provider_delivery_partnership=pairing)

    assert ids(api.get(URL, {"filter[delivery_partner_id]": DP1_ID})) == [D2_ID, D3_ID]
    assert ids(api.get(URL, {"filter[delivery_partner_id]": DP2_ID})) == []
    assert ids(api.get(URL, {"filter[delivery_partner_id]": f"{DP2_ID},{DP1_ID}"})) == [D2_ID, D3_ID]


def test_updated_since_is_an_inclusive_bound_on_the_declarations_updated_at(dw, api):
    """§8.4 / §13.2: D3 was last updated 2025-11-04T09:00:00Z, D2 on 2024-10-11."""
    assert ids(api.get(URL, {"filter[updated_since]": "2025-11-04T09:00:00Z"})) == [D3_ID]
    assert ids(api.get(URL, {"filter[updated_since]": "2025-11-04T09:00:01Z"})) == []
    assert ids(api.get(URL, {"filter[updated_since]": "2024-01-01T00:00:00Z"})) == [D2_ID, D3_ID]


def test_a_bad_updated_since_or_page_is_a_400(api):
    """§5.2 (the contract lists only 200 and 401 for this GET, so those bodies are checked here, not by it)."""
    response = api.get(URL, {"filter[updated_since]": "2025-13-01"}, check_contract=False)
    assert (response.status_code, response.json()) == (
        400,
        {"errors": [{"title": "Bad request", "detail": "The filter '#/updated_since' must be a valid ISO 8601 date"}]},
    )
    response = api.get(URL, {"page[per_page]": "0"}, check_contract=False)
    assert response.status_code == 400
    response = api.get(URL, {"filter": "x"}, check_contract=False)
    assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


def test_pages_follow_the_creation_order_with_no_overlap(dw, api):
    """§6: `page[per_page]` and `page[page]`; past the end is an empty list. Equal creation times are ordered by
    the row, so pages never overlap."""
    extra = [
        create_declaration(
            training_period=dw.p1_training,
            declaration_type=declaration_type,
            declaration_date=at("2025-11-10T10:00:00Z"),
            evidence_type="other",
        )
        for declaration_type in (DeclarationType.RETAINED_3, DeclarationType.RETAINED_4)
    ]
    for declaration in extra:
        set_created_at(declaration, at("2025-11-10T10:00:00Z"))
    expected = [D2_ID, D3_ID, *(str(d.api_id) for d in sorted(extra, key=lambda d: d.pk))]

    pages = [ids(api.get(URL, {"page[per_page]": "1", "page[page]": str(n)})) for n in range(1, 6)]

    assert pages == [[expected[0]], [expected[1]], [expected[2]], [expected[3]], []]
    assert ids(api.get(URL, {"page[per_page]": "3", "page[page]": "2"})) == [expected[3]]


def test_the_list_runs_the_same_number_of_queries_whatever_the_page_size(dw, api):
    """Issue item 7: one read query for the page (plus authentication), however many rows it holds."""
    for index in range(30):
        teacher = create_teacher(first_name="Pat", last_name=f"Number {index}")
        training = dw.ect_training(teacher, dw.ps1, dt.date(2025, 9, 1))
        eligible = index % 2 == 0
        create_declaration(
            training_period=training,
            declaration_date=at("2025-10-01T10:00:00Z"),
            evidence_type="other",
            payment_status=PaymentStatus.ELIGIBLE if eligible else PaymentStatus.NO_PAYMENT,
            payment_statement=dw.st1 if eligible else None,
        )

    counts = []
    for per_page in ("1", "32"):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(URL, {"page[per_page]": per_page})
        assert len(response.json()["data"]) == int(per_page)
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Visibility (§12.9) ---------------------------------------------------------------------------------------------


def test_another_providers_declarations_are_not_listed_shown_or_voidable(dw, api, other_api):
    """§3.4 / §12.9: the other provider's ECT is not the caller's participant: absent, 404, 404."""
    theirs = create_declaration(
        training_period=another_providers_ect(dw),
        declaration_date=at("2025-10-01T10:00:00Z"),
        evidence_type="other",
    )

    assert str(theirs.api_id) not in ids(api.get(URL))
    assert ids(other_api.get(URL)) == [str(theirs.api_id)]
    assert api.get(f"{URL}/{theirs.api_id}").json() == NOT_FOUND
    response = api.put(f"{URL}/{theirs.api_id}/void")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Declaration.objects.get(pk=theirs.pk).payment_status == PaymentStatus.NO_PAYMENT
    assert other_api.get(f"{URL}/{D3_ID}").json() == NOT_FOUND


def test_a_previous_providers_live_declarations_are_visible_to_the_new_provider_but_not_voidable(dw, api):
    """§12.9 rule 2 and E61: after a participant moves to the caller, the previous provider's billable-or-changeable
    declarations show (with that provider's name); voided ones do not; voiding one is a 404."""
    earlier = another_providers_ect(dw, finished_on=dt.date(2025, 10, 31), school_finished_on=dt.date(2025, 10, 31))
    teacher = earlier.teacher
    live = create_declaration(
        training_period=earlier, declaration_date=at("2025-10-01T10:00:00Z"), evidence_type="other"
    )
    voided = create_declaration(
        training_period=earlier,
        declaration_type=DeclarationType.RETAINED_1,
        declaration_date=at("2025-10-02T10:00:00Z"),
        evidence_type="other",
        payment_status=PaymentStatus.VOIDED,
    )
    assert str(live.api_id) not in ids(api.get(URL))  # not yet the caller's participant

    dw.ect_training(teacher, dw.ps1, dt.date(2025, 11, 1))

    assert ids(api.get(URL, {"filter[participant_id]": str(teacher.api_id)})) == [str(live.api_id)]
    shown = api.get(f"{URL}/{live.api_id}").json()["data"]["attributes"]
    assert shown["lead_provider_name"] == "Other Provider Ltd"
    assert shown["state"] == "submitted"
    assert api.get(f"{URL}/{voided.api_id}").json() == NOT_FOUND
    assert api.put(f"{URL}/{live.api_id}/void").json() == NOT_FOUND


def test_a_previous_providers_declaration_dated_after_the_callers_training_ended_is_hidden(dw, api):
    """§12.9 rule 2: visible only when dated no later than the caller's latest training period's finish."""
    caller_training = dw.ect_training(
        create_teacher(first_name="Ali", last_name="Khan"),
        dw.ps2024,
        dt.date(2024, 9, 1),
        finished_on=dt.date(2025, 8, 31),
        school_finished_on=dt.date(2025, 8, 31),
    )
    teacher = caller_training.teacher
    theirs_training = dw.ect_training(
        teacher, dw.partnership(dw.other, 2025, delivery_partner=dw.dp2), dt.date(2025, 9, 1)
    )
    before = create_declaration(
        training_period=theirs_training,
        declaration_type=DeclarationType.RETAINED_1,
        declaration_date=at("2025-08-31T22:00:00Z"),  # 31 August in London
        evidence_type="other",
    )
    after = create_declaration(
        training_period=theirs_training,
        declaration_type=DeclarationType.RETAINED_2,
        declaration_date=at("2025-09-01T10:00:00Z"),
        evidence_type="75-percent-engagement-met",
    )

    visible = ids(api.get(URL, {"filter[participant_id]": str(teacher.api_id)}))

    assert visible == [str(before.api_id)]
    assert api.get(f"{URL}/{after.api_id}").json() == NOT_FOUND


# GET show -------------------------------------------------------------------------------------------------------


def test_show_returns_one_declaration_and_404_for_unknown_or_malformed_ids(api):
    """§11.8.2; §2.3 a malformed id is a 404, never a 400; filters are ignored."""
    assert api.get(f"{URL}/{D3_ID}", {"filter[cohort]": "2024"}).json() == {"data": D3}
    assert api.get(f"{URL}/{D3_ID.upper()}").json() == {"data": D3}
    for missing in ("b8bb056a-34b6-485d-ace2-e5ce63a1b037", "not-a-uuid"):
        response = api.get(f"{URL}/{missing}")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


# PUT void -------------------------------------------------------------------------------------------------------


def test_E56_E57_voiding_an_eligible_declaration_then_voiding_it_again(dw, api):
    """E56: state `voided`, `statement_id` null (the link is kept), `updated_at` now; E57: a second void is a 422."""
    response = api.put(f"{URL}/{D3_ID}/void", {"ignored": True})

    expected = {**D3["attributes"], "state": "voided", "updated_at": "2025-11-20T10:15:02Z", "statement_id": None}
    assert response.status_code == 200
    assert response.json() == {"data": {**D3, "attributes": expected}}
    dw.d3.refresh_from_db()
    assert (dw.d3.payment_status, dw.d3.payment_statement_id) == (PaymentStatus.VOIDED, dw.st1.pk)
    event = Event.objects.get(event_type=EventType.TEACHER_DECLARATION_VOIDED, declaration=dw.d3)
    assert (event.author_type, event.author_name) == ("lead_provider_api", "Example Institute")

    again = api.put(f"{URL}/{D3_ID}/void")
    assert (again.status_code, again.json()) == (
        422,
        {"errors": [{"title": "participant_declaration_id", "detail": "The declaration has already been voided."}]},
    )


def test_E58_E59_voiding_a_paid_declaration_claws_it_back(dw, api):
    """E58: a paid declaration awaits clawback on the earliest-deadline output statement for its cohort (ST2);
    `statement_id` and `uplift_paid` stay. E59: again → `The declaration will or has been refunded`."""
    response = api.put(f"{URL}/{D2_ID}/void")

    expected = {
        **D2["attributes"],
        "state": "awaiting-clawback",
        "updated_at": "2025-11-20T10:15:02Z",
        "clawback_statement_id": ST2_ID,
    }
    assert response.json() == {"data": {**D2, "attributes": expected}}
    dw.d2.refresh_from_db()
    assert dw.d2.clawback_status == ClawbackStatus.AWAITING_CLAWBACK

    again = api.put(f"{URL}/{D2_ID}/void")
    assert (again.status_code, again.json()) == (
        422,
        {"errors": [{"title": "participant_declaration_id", "detail": "The declaration will or has been refunded"}]},
    )


def test_E60_a_paid_declaration_cannot_be_clawed_back_without_a_later_output_statement(dw, api):
    """E60: cohort 2022 has no output statement with a deadline today or later (no final full stop)."""
    dw.active(dw.caller, 2022)
    partnership = dw.partnership(dw.caller, 2022)
    training = dw.ect_training(
        create_teacher(first_name="Old", last_name="Cohort"),
        partnership,
        dt.date(2022, 9, 1),
        finished_on=dt.date(2024, 7, 31),
        school_finished_on=dt.date(2024, 7, 31),
    )
    paid_statement = create_statement(
        active_lead_provider=dw.active(dw.caller, 2022), month=11, year=2022, status="paid"
    )
    paid = create_declaration(
        training_period=training,
        declaration_date=at("2022-10-01T10:00:00Z"),
        payment_status=PaymentStatus.PAID,
        payment_statement=paid_statement,
    )

    response = api.put(f"{URL}/{paid.api_id}/void")

    assert (response.status_code, response.json()) == (
        422,
        {
            "errors": [
                {
                    "title": "participant_declaration_id",
                    "detail": "You cannot submit or void declarations for the 2022 cohort. The funding contract for "
                    "this cohort has ended. Get in touch if you need to discuss this with us",
                }
            ]
        },
    )


def test_an_unpaid_declaration_in_a_frozen_cohort_can_still_be_voided(dw, api):
    """§12.6 quirk: no cohort or statement check on the void path."""
    partnership = dw.partnership(dw.caller, 2022)
    training = dw.ect_training(
        create_teacher(first_name="Old", last_name="Cohort"),
        partnership,
        dt.date(2022, 9, 1),
        finished_on=dt.date(2024, 7, 31),
        school_finished_on=dt.date(2024, 7, 31),
    )
    unpaid = create_declaration(training_period=training, declaration_date=at("2022-10-01T10:00:00Z"))

    response = api.put(f"{URL}/{unpaid.api_id}/void")

    assert response.json()["data"]["attributes"]["state"] == "voided"


def test_void_of_an_unknown_or_malformed_id_is_a_404(api):
    for missing in ("b8bb056a-34b6-485d-ace2-e5ce63a1b037", "nope"):
        response = api.put(f"{URL}/{missing}/void")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_every_route_needs_a_token(dw, v3_client):
    """§3.3: 401 with the singular body on list, show, create and void."""
    anonymous = v3_client(None)
    for response in (
        anonymous.get(URL),
        anonymous.get(f"{URL}/{D3_ID}"),
        anonymous.post(URL, {"data": {"attributes": {"participant_id": P1_ID}}}),
        anonymous.put(f"{URL}/{D3_ID}/void"),
    ):
        assert (response.status_code, response.json()) == (401, {"error": "HTTP Token: Access denied"})
