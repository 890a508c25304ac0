"""The participants change feed: `page[cursor]` on GET /api/v3/participants (docs/participant-change-feed.md),
an addition that v3 clients not sending it never see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v3 import feed
from api.v3.tests.participants_world import M1, P1, build_participants_world
from core import clock
from teachers.models import Teacher
from teachers.services.identity import touch_teacher_api_timestamps
from tests import builders_training as b
from tests.builders import create_ect_at_school_period, create_teacher

pytestmark = pytest.mark.django_db

URL = "/api/v3/participants"


@pytest.fixture
def example(frozen_today):
    world = build_participants_world()
    for index in range(10):
        teacher = create_teacher(first_name="Feed", last_name=str(index))
        period = create_ect_at_school_period(teacher=teacher, school=world.school, started_on=dt.date(2025, 9, 1))
        b.training(period, started_on=dt.date(2025, 9, 1), school_partnership=world.partnership)
    # Each visible teacher last changed a minute after the one before, all well before now.
    visible = Teacher.objects.filter(training_periods__school_partnership=world.partnership).distinct()
    first = clock.now() - dt.timedelta(hours=3)
    for minute, teacher in enumerate(visible.order_by("pk")):
        Teacher.objects.filter(pk=teacher.pk).update(api_updated_at=first + dt.timedelta(minutes=minute))
    return world


@pytest.fixture
def client(example, v3_client):
    return v3_client(example.caller)


def visible_ids(example) -> list[str]:
    teachers = Teacher.objects.filter(training_periods__school_partnership=example.partnership).distinct()
    return [str(api_id) for api_id in teachers.order_by("api_updated_at", "pk").values_list("api_id", flat=True)]


def read(client, cursor: str, **params: str) -> tuple[list[str], str, dict]:
    response = client.get(URL, {"page[cursor]": cursor, "page[per_page]": "5", **params})
    assert response.status_code == 200, response.content
    body = response.json()
    return [item["id"] for item in body["data"]], body["meta"]["next_cursor"], body


def test_the_feed_serves_every_participant_once_oldest_change_first(example, client):
    served, cursor = [], ""
    while True:
        page, next_cursor, _ = read(client, cursor)
        if not page:
            assert next_cursor == cursor  # nothing new: poll again later from the same place
            break
        served += page
        cursor = next_cursor
    assert served == visible_ids(example)
    assert len(served) == 12


def test_writes_between_pages_are_neither_skipped_nor_served_twice_in_one_version(example, client, frozen_today):
    """A participant changed after being served comes round again, in its new version; one changed before its
    turn is served once, in its new version; nobody is passed over."""
    order = visible_ids(example)
    first_page, cursor, _ = read(client, "")
    assert first_page == order[:5]

    already_served = Teacher.objects.get(api_id=order[1])
    not_yet_served = Teacher.objects.get(api_id=order[8])
    frozen_today(dt.date(2026, 9, 15), hour=13)
    touch_teacher_api_timestamps(already_served)
    touch_teacher_api_timestamps(not_yet_served)

    second_page, cursor, _ = read(client, cursor)
    rest, cursor, _ = read(client, cursor)
    assert second_page + rest == [api_id for api_id in order[5:] if api_id != order[8]]
    unsettled, same_cursor, _ = read(client, cursor)
    assert unsettled == [] and same_cursor == cursor  # changed under a minute ago: not served yet

    frozen_today(dt.date(2026, 9, 15), hour=14)
    changed, cursor, body = read(client, cursor)
    assert changed == [order[1], order[8]]
    assert body["data"][0]["attributes"]["updated_at"] == already_served.api_updated_at.astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert read(client, cursor)[0] == []


def test_filters_apply_and_the_next_link_keeps_them(example, client):
    since = (clock.now() - dt.timedelta(hours=3) + dt.timedelta(minutes=10)).astimezone(dt.UTC)
    since_text = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    page, cursor, body = read(client, "", **{"filter[updated_since]": since_text, "filter[cohort]": "2025"})
    assert page == visible_ids(example)[10:]
    assert body["links"]["next"].startswith("/api/v3/participants?")
    assert "filter%5Bcohort%5D=2025" in body["links"]["next"]
    assert f"page%5Bcursor%5D={cursor}" in body["links"]["next"]
    assert read(client, "", **{"filter[cohort]": "2024"})[0] == []
    assert read(client, "", **{"filter[training_status]": "withdrawn"})[0] == []


def test_another_providers_participants_are_not_in_the_feed(example, v3_client):
    other = v3_client(example.other)
    assert read(other, "")[0] == []


def test_a_made_up_cursor_is_a_bad_parameter(client):
    for cursor in ("nonsense", "bm9fc2VwYXJhdG9y", feed.encode_cursor((clock.now(), 1))[:-3] + "!!!"):
        response = client.get(URL, {"page[cursor]": cursor}, check_contract=False)  # v3 has no 400 here
        assert response.status_code == 400
        assert response.json() == {"errors": [{"title": "Bad parameter", "detail": feed.INVALID_CURSOR}]}


def test_a_cursor_round_trips():
    key = (dt.datetime(2026, 9, 15, 11, 0, 0, 123456, tzinfo=dt.UTC), 42)
    assert feed.decode_cursor(feed.encode_cursor(key)) == key
    assert feed.decode_cursor("") is None and feed.encode_cursor(None) == ""


def test_clients_that_do_not_send_a_cursor_see_plain_v3(example, client):
    assert set(client.get(URL).json()) == {"data"}
    assert client.get(f"{URL}?page[cursor]").status_code == 200  # a bare key is a cursor too: the start


def test_the_feed_runs_the_same_number_of_queries_whatever_the_page_size(example, client):
    def queries(per_page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"page[cursor]": "", "page[per_page]": str(per_page)})
        assert len(response.json()["data"]) == per_page
        return len(captured.captured_queries)

    assert queries(2) == queries(10)


def test_the_world_is_as_the_examples_say(client):
    """The feed's world is §17.2's, unchanged: P1 and M1 read the same through the plain list."""
    data = client.get(URL, {"filter[cohort]": "2025", "page[per_page]": "20"}).json()["data"]
    assert P1["id"] in [item["id"] for item in data] and M1["id"] in [item["id"] for item in data]
