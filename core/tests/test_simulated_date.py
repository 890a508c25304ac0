"""§15.2 X-With-Server-Date: the whole request runs as if now were the given instant, in that request only."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.test import override_settings
from django.utils import timezone

from core import clock

pytestmark = [pytest.mark.django_db, pytest.mark.urls("core.tests.simulated_date_urls")]

BASELINE_NOW = "2026-09-15T11:00:00+00:00"  # noon in London on the baseline day, in UTC


@override_settings(API_SIMULATED_DATES_ENABLED=True)
def test_request_runs_at_the_simulated_instant_and_writes_simulated_timestamps(client, frozen_today):
    response = client.get("/what-time", headers={"X-With-Server-Date": "2027-01-10T10:42:00Z"})

    assert response.status_code == 200
    assert response.json() == {
        "now": "2027-01-10T10:42:00+00:00",
        "today": "2027-01-10",
        "django_now": "2027-01-10T10:42:00+00:00",
        "created_at": "2027-01-10T10:42:00+00:00",
    }
    # The next request, without the header, is back at the real time.
    assert client.get("/what-time").json()["now"] == BASELINE_NOW


@override_settings(API_SIMULATED_DATES_ENABLED=True)
@pytest.mark.parametrize(
    ("header", "now", "today"),
    [
        ("2027-01-10", "2027-01-10T00:00:00+00:00", "2027-01-10"),
        ("2027-07-01", "2027-06-30T23:00:00+00:00", "2027-07-01"),  # midnight in London is 23:00 UTC in summer
        ("2027-07-01T00:30:00", "2027-06-30T23:30:00+00:00", "2027-07-01"),  # no zone: London time
        ("2027-07-01T08:00:00+02:00", "2027-07-01T06:00:00+00:00", "2027-07-01"),
        ("2027-07-01T23:30:00Z", "2027-07-01T23:30:00+00:00", "2027-07-02"),  # already tomorrow in London
    ],
)
def test_dates_and_zones_in_the_header(client, frozen_today, header, now, today):
    body = client.get("/what-time", headers={"X-With-Server-Date": header}).json()

    assert (body["now"], body["today"]) == (now, today)


@override_settings(API_SIMULATED_DATES_ENABLED=True)
@pytest.mark.parametrize("header", ["", "tomorrow", "2027-13-01", "2027-01-10T25:00:00Z", "10/01/2027"])
def test_malformed_header_is_a_bad_request(client, frozen_today, header):
    response = client.get("/what-time", headers={"X-With-Server-Date": header})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "errors": [
            {
                "title": "Bad request",
                "detail": "The X-With-Server-Date header must be a valid ISO 8601 date or date-time",
            }
        ]
    }


@override_settings(API_SIMULATED_DATES_ENABLED=False)
def test_header_is_ignored_when_the_setting_is_off(client, frozen_today):
    assert (
        client.get("/what-time", headers={"X-With-Server-Date": "2027-01-10T10:42:00Z"}).json()["now"] == BASELINE_NOW
    )
    assert client.get("/what-time", headers={"X-With-Server-Date": "nonsense"}).status_code == 200


def test_simulation_is_local_to_its_context(frozen_today):
    """Another thread running at the same moment keeps the real time: nothing global is patched."""
    seen: dict[str, dt.datetime] = {}
    entered, checked = threading.Event(), threading.Event()

    def other_request() -> None:
        entered.wait(5)
        seen["other"] = clock.now()
        seen["other_django"] = timezone.now()
        checked.set()

    thread = threading.Thread(target=other_request)
    thread.start()
    with clock.simulated(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)):
        entered.set()
        checked.wait(5)
        seen["inside"] = clock.now()
    thread.join(5)

    assert seen["inside"] == dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert seen["other"] == seen["other_django"] == dt.datetime.fromisoformat(BASELINE_NOW)
    assert clock.now() == dt.datetime.fromisoformat(BASELINE_NOW)


def test_a_simulated_instant_must_carry_a_zone():
    with pytest.raises(ValueError), clock.simulated(dt.datetime(2030, 1, 1)):
        pass
