"""GET /api/v3/participants and GET .../{id} (lead-provider-api.md §11.1, §11.2, §8.5; examples E14–E18) against
§17.2's participants, with every response checked against the contract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3.tests.participants_world import M1, M1_ID, M1_RETIRED_ID, NOT_FOUND, P1, P1_ID, build_participants_world
from teachers.models import Teacher, TrainingPeriod
from tests import builders_training as b
from tests.builders import (
    aware,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
)

pytestmark = pytest.mark.django_db

URL = "/api/v3/participants"


@pytest.fixture
def example(frozen_today):
    return build_participants_world()


@pytest.fixture
def client(example, v3_client):
    return v3_client(example.caller)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


# Examples ------------------------------------------------------------------------------------------------------


def test_E14_list_with_cohort_updated_since_page_and_sort(client):
    response = client.get(
        URL,
        {
            "filter[cohort]": "2025",
            "filter[updated_since]": "2025-10-01T00:00:00Z",
            "page[per_page]": "2",
            "sort": "-updated_at",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": [M1, P1]}


def test_E15_filter_by_retired_id_and_the_retired_id_is_not_found(client):
    assert client.get(URL, {"filter[from_participant_id]": M1_RETIRED_ID}).json() == {"data": [M1]}
    assert client.get(URL, {"filter[from_participant_id]": M1_RETIRED_ID.upper()}).json() == {"data": [M1]}
    response = client.get(f"{URL}/{M1_RETIRED_ID}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert ids(client.get(URL, {"filter[from_participant_id]": P1_ID})) == []
    assert ids(client.get(URL, {"filter[from_participant_id]": "not-a-uuid"})) == []


def test_E16_unknown_training_status_is_an_empty_list(client):
    assert client.get(URL, {"filter[training_status]": "paused"}).json() == {"data": []}
    assert client.get(URL, {"filter[training_status]": "Active"}).json() == {"data": []}  # case-sensitive


def test_E17_invalid_cohorts_match_nothing_and_a_blank_cohort_is_no_filter(client):
    assert client.get(URL, {"filter[cohort]": "invalid"}).json() == {"data": []}
    assert ids(client.get(URL, {"filter[cohort]": ""})) == [P1_ID, M1_ID]
    assert ids(client.get(URL, {"filter[cohort]": "2024,invalid,,20A1, ,2025"})) == [P1_ID, M1_ID]
    assert ids(client.get(URL, {"filter[cohort]": "2024"})) == []
    assert ids(client.get(f"{URL}?filter[cohort][]=2024&filter[cohort][]=2025")) == [P1_ID, M1_ID]


def test_E18_show(client):
    response = client.get(f"{URL}/{P1_ID}")
    assert response.status_code == 200
    assert response.json() == {"data": P1}
    assert client.get(f"{URL}/{P1_ID.upper()}").json() == {"data": P1}


# Errors, scoping -----------------------------------------------------------------------------------------------


def test_show_unknown_malformed_and_other_providers_participants_are_not_found(example, client, v3_client):
    for path in (f"{URL}/00000000-0000-0000-0000-000000000000", f"{URL}/not-a-uuid"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    other = v3_client(example.other)
    response = other.get(f"{URL}/{P1_ID}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert other.get(URL).json() == {"data": []}


def test_filter_must_be_a_hash_and_bad_parameters_are_400(client):
    # The contract lists no 400 for GET (lead-provider-api.md §16 #9), so these skip its check.
    for path in (URL, f"{URL}/{P1_ID}"):
        response = client.get(path, {"filter": "abc"}, check_contract=False)
        assert response.status_code == 400
        assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}
    response = client.get(URL, {"filter[updated_since]": "2025-13-01"}, check_contract=False)
    assert response.json() == {
        "errors": [{"title": "Bad request", "detail": "The filter '#/updated_since' must be a valid ISO 8601 date"}]
    }
    for value in ("0", "-1", "abc"):
        response = client.get(URL, {"page[page]": value}, check_contract=False)
        assert response.status_code == 400
        assert response.json()["errors"][0]["detail"] == (
            "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number"
        )


def test_unauthenticated_is_401(example, v3_client):
    for path in (URL, f"{URL}/{P1_ID}"):
        response = v3_client(token="wrong").get(path)
        assert (response.status_code, response.json()) == (401, {"error": "HTTP Token: Access denied"})


def test_show_ignores_filters(client):
    assert client.get(f"{URL}/{P1_ID}", {"filter[cohort]": "1999", "filter[training_status]": "x"}).json() == {
        "data": P1
    }


# Visibility (§10.2) ----------------------------------------------------------------------------------------------


def test_expression_of_interest_alone_does_not_make_a_participant_visible(example, client):
    teacher = create_teacher(first_name="Eoin", last_name="Interest")
    period = create_ect_at_school_period(teacher=teacher, school=example.school, started_on=dt.date(2026, 9, 1))
    b.training(
        period, started_on=dt.date(2026, 9, 1), expression_of_interest=b.active_lead_provider(example.caller, 2026)
    )
    assert ids(client.get(URL)) == [P1_ID, M1_ID]


def test_a_participant_who_moved_to_another_provider_stays_visible_as_left(example, client, v3_client):
    """§10.2: visibility never lapses; the old provider's period finished yesterday shows `left`, the new
    provider sees the new period (`joining` while it starts tomorrow)."""
    TrainingPeriod.objects.filter(pk=example.jane_training.pk).update(finished_on=dt.date(2026, 9, 14))
    b.training(
        example.jane_period,
        started_on=dt.date(2026, 9, 16),
        school_partnership=b.partnership(school=example.school, lead_provider=example.other, year=2026),
    )
    [enrolment] = client.get(f"{URL}/{P1_ID}").json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["cohort"], enrolment["participant_status"]) == ("2025", "left")
    [enrolment] = v3_client(example.other).get(f"{URL}/{P1_ID}").json()["data"]["attributes"]["ecf_enrolments"]
    assert (enrolment["cohort"], enrolment["participant_status"]) == ("2026", "joining")
    assert enrolment["mentor_id"] == M1_ID  # the ECT period's current mentorship, whoever trains them


def test_an_ect_who_also_mentors_has_the_ect_enrolment_first(example, client):
    mentor_period = create_mentor_at_school_period(
        teacher=example.jane, school=example.school, started_on=dt.date(2026, 1, 1)
    )
    b.training(mentor_period, started_on=dt.date(2026, 1, 1), school_partnership=example.partnership)
    Teacher.objects.filter(pk=example.jane.pk).update(
        mentor_first_became_eligible_for_training_at=aware(dt.date(2026, 1, 1))
    )
    enrolments = client.get(f"{URL}/{P1_ID}").json()["data"]["attributes"]["ecf_enrolments"]
    assert [e["participant_type"] for e in enrolments] == ["ect", "mentor"]
    ect, mentor = enrolments
    assert ect == P1["attributes"]["ecf_enrolments"][0]
    assert mentor["training_record_id"] == str(Teacher.objects.get(pk=example.jane.pk).api_mentor_training_record_id)
    assert mentor["mentor_id"] is None and mentor["working_pattern"] is None
    assert mentor["overall_induction_start_date"] is None  # ECT-only fields are null on a mentor enrolment
    assert mentor["created_at"] == mentor_period.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Filters, sorting, pagination ------------------------------------------------------------------------------------


def test_updated_since_is_inclusive(client):
    assert ids(client.get(URL, {"filter[updated_since]": "2025-10-15T08:01:27Z"})) == [M1_ID]
    assert ids(client.get(URL, {"filter[updated_since]": "2025-10-15T08:01:28Z"})) == []
    assert ids(client.get(f"{URL}?filter[updated_since]=2025-10-15T09:01:27%252B01:00")) == [M1_ID]
    assert ids(client.get(f"{URL}?filter[updated_since]=2025-10-02")) == [P1_ID, M1_ID]  # a date is midnight UTC
    # §8.4: a single-encoded `+` becomes a space on the second decoding, so the value does not parse
    single = client.get(f"{URL}?filter[updated_since]=2025-10-15T09:01:27%2B01:00", check_contract=False)
    assert single.status_code == 400


def test_training_status_filter(example, client):
    TrainingPeriod.objects.filter(pk=example.jane_training.pk).update(
        finished_on=dt.date(2026, 9, 1), withdrawn_at=aware(dt.date(2026, 9, 1)), withdrawal_reason="other"
    )
    assert ids(client.get(URL, {"filter[training_status]": "withdrawn"})) == [P1_ID]
    assert ids(client.get(URL, {"filter[training_status]": "active"})) == [M1_ID]
    assert ids(client.get(URL, {"filter[training_status]": "deferred"})) == []


def test_training_status_filter_matches_either_timestamp_while_the_display_shows_the_later(example, client):
    """§8.5 quirk: a period withdrawn then deferred displays `deferred` but matches `withdrawn` too."""
    TrainingPeriod.objects.filter(pk=example.jane_training.pk).update(
        finished_on=dt.date(2026, 9, 1),
        withdrawn_at=aware(dt.date(2026, 8, 1)),
        withdrawal_reason="other",
        deferred_at=aware(dt.date(2026, 9, 1)),
        deferral_reason="career_break",
    )
    assert ids(client.get(URL, {"filter[training_status]": "withdrawn"})) == [P1_ID]
    assert ids(client.get(URL, {"filter[training_status]": "deferred"})) == [P1_ID]
    [enrolment] = client.get(f"{URL}/{P1_ID}").json()["data"]["attributes"]["ecf_enrolments"]
    assert enrolment["training_status"] == "deferred"
    assert enrolment["withdrawal"] is None
    assert enrolment["deferral"] == {"reason": "career-break", "date": "2026-09-01T11:00:00Z"}


def test_sorting(client):
    assert ids(client.get(URL)) == [P1_ID, M1_ID]  # created_at ascending
    assert ids(client.get(URL, {"sort": "-created_at"})) == [M1_ID, P1_ID]
    assert ids(client.get(URL, {"sort": "updated_at"})) == [P1_ID, M1_ID]
    assert ids(client.get(URL, {"sort": "-updated_at,created_at"})) == [M1_ID, P1_ID]
    assert ids(client.get(URL, {"sort": "-name"})) == [P1_ID, M1_ID]  # unknown fields: default order


def test_equal_sort_keys_are_tie_broken_on_the_row_so_pages_never_overlap(example, client):
    Teacher.objects.filter(pk__in=[example.jane.pk, example.sam.pk]).update(created_at=aware(dt.date(2025, 1, 1)))
    first = ids(client.get(URL, {"page[per_page]": "1"}))
    second = ids(client.get(URL, {"page[per_page]": "1", "page[page]": "2"}))
    assert sorted(first + second) == sorted([P1_ID, M1_ID])


def test_pagination(client):
    assert ids(client.get(URL, {"page[per_page]": "1"})) == [P1_ID]
    assert ids(client.get(URL, {"page[per_page]": "1", "page[page]": "2"})) == [M1_ID]
    assert client.get(URL, {"page[per_page]": "1", "page[page]": "3"}).json() == {"data": []}


def _more_participants(example, count: int) -> None:
    for index in range(count):
        teacher = create_teacher(first_name="Extra", last_name=str(index))
        period = create_ect_at_school_period(teacher=teacher, school=example.school, started_on=dt.date(2025, 9, 1))
        b.training(period, started_on=dt.date(2025, 9, 1), school_partnership=example.partnership)
        mentor = create_mentor_at_school_period(school=example.school, started_on=dt.date(2025, 9, 1))
        b.training(mentor, started_on=dt.date(2025, 9, 1), school_partnership=example.partnership)
        create_mentorship_period(mentee=period, mentor=mentor)


def test_a_fixed_number_of_queries_whatever_the_page_size(example, client):
    def queries(per_page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"page[per_page]": str(per_page), "filter[cohort]": "2025"})
        assert len(response.json()["data"]) == per_page
        return len(captured.captured_queries)

    _more_participants(example, 10)
    small = queries(2)
    assert queries(20) == small
    assert small <= 6  # authentication (token, its last use), the page, enrolments, id changes


# Change tracking (§13.1) ---------------------------------------------------------------------------------------


def test_a_new_mentor_assigned_through_the_service_is_seen_by_updated_since_polling(example, client):
    """§13.1: the ECT's assigned mentor changed, so a poll from just before finds Jane with the new mentor_id."""
    from core import clock
    from events.authors import Author
    from teachers.services.mentoring import assign_mentor

    newcomer = create_mentor_at_school_period(school=example.school, started_on=dt.date(2026, 9, 1))
    before = clock.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert P1_ID not in ids(client.get(URL, {"filter[updated_since]": before}))

    assign_mentor(
        author=Author.system(),
        ect_at_school_period=example.jane_period,
        mentor_at_school_period=newcomer,
        with_mentor_training=False,
    )

    [jane] = [p for p in client.get(URL, {"filter[updated_since]": before}).json()["data"] if p["id"] == P1_ID]
    assert jane["attributes"]["updated_at"] == before
    assert jane["attributes"]["ecf_enrolments"][0]["mentor_id"] == str(newcomer.teacher.api_id)
