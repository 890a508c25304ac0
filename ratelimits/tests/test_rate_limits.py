"""§15.1 rate limits: per Authorization value on the API, per IP on documentation, per IP on everything; fixed
300-second windows shared by every process through PostgreSQL; a plain-text 429 before authentication."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from ratelimits.middleware import RateLimitMiddleware

pytestmark = pytest.mark.django_db

WINDOW_START = dt.datetime(2026, 9, 15, 11, 0, tzinfo=dt.UTC)  # a multiple of 300 seconds since the epoch


def limits(per_authorization: int = 1000, documentation: int = 300, per_ip: int = 1500):
    return override_settings(
        RATE_LIMIT_ENABLED=True,
        RATE_LIMIT_PER_AUTHORIZATION=per_authorization,
        RATE_LIMIT_DOCUMENTATION_PER_IP=documentation,
        RATE_LIMIT_PER_IP=per_ip,
    )


@pytest.fixture
def at_window_start():
    with time_machine.travel(WINDOW_START, tick=False) as traveller:
        yield traveller


def passed(response) -> bool:
    """Let through to the application (whose answer, 401 or 404 while routes are being built, does not matter)."""
    return response.status_code != 429


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"Retry later\n"
    assert not response.has_header("Retry-After")


def test_api_requests_are_limited_per_authorization_value_before_authentication(client, at_window_start):
    with limits(per_authorization=3):
        allowed = [client.get("/api/v3/participants", headers={"Authorization": "Bearer unknown"}) for _ in range(3)]
        throttled = client.get("/api/v3/participants", headers={"Authorization": "Bearer unknown"})
        other_token = client.get("/api/v3/participants", headers={"Authorization": "Bearer another"})

    assert all(passed(response) for response in allowed)
    assert_throttled(throttled)  # counted and refused although the token is not valid: before authentication
    assert passed(other_token)  # a different header value has its own count


def test_the_exact_header_value_is_the_key_and_is_not_stored_in_clear(client, at_window_start):
    with limits(per_authorization=1):
        first = client.get("/api/v3/schools", headers={"Authorization": "Bearer secret-token"})
        same_token_other_spelling = client.get("/api/v3/schools", headers={"Authorization": "Token secret-token"})
        again = client.get("/api/v3/schools", headers={"Authorization": "Bearer secret-token"})

    assert passed(first) and passed(same_token_other_spelling)
    assert_throttled(again)
    with connection.cursor() as cursor:
        cursor.execute("SELECT string_agg(key, ' ') FROM rate_limit_counters")
        keys = cursor.fetchone()[0]
    assert "secret-token" not in keys


def test_requests_without_authorization_only_count_against_the_ip_backstop(client, at_window_start):
    with limits(per_authorization=1, per_ip=4):
        allowed = [client.get("/api/v3/participants") for _ in range(4)]
        fifth = client.get("/api/v3/participants")

    assert all(passed(response) for response in allowed)
    assert_throttled(fifth)


def test_documentation_is_limited_per_ip_and_not_per_token(client, at_window_start):
    with limits(per_authorization=1, documentation=2):
        docs = client.get("/api/docs/v3", headers={"Authorization": "Bearer x"})
        guidance = client.get("/api/guidance", headers={"Authorization": "Bearer x"})
        third = client.get("/api/guidance/release-notes")
        from_elsewhere = client.get("/api/guidance", headers={"X-Real-IP": "203.0.113.9"})
        api = client.get("/api/v3/participants", headers={"Authorization": "Bearer x"})

    assert passed(docs) and passed(guidance)
    assert_throttled(third)
    assert passed(from_elsewhere)  # X-Real-IP names the client
    assert passed(api)  # the documentation requests did not use up the token's allowance


def test_backstop_counts_every_path_per_client_ip(client, at_window_start):
    with limits(per_ip=2):
        first = client.get("/healthcheck", headers={"X-Real-IP": "198.51.100.1"})
        second = client.get("/api/v3/participants", headers={"X-Real-IP": "198.51.100.1"})
        third = client.get("/healthcheck", headers={"X-Real-IP": "198.51.100.1"})
        other_ip = client.get("/healthcheck", headers={"X-Real-IP": "198.51.100.2"})
        remote_addr = client.get("/healthcheck")  # no X-Real-IP: the connection's address

    assert first.status_code == 200 and passed(second)
    assert_throttled(third)
    assert other_ip.status_code == 200
    assert remote_addr.status_code == 200


def test_windows_are_fixed_300_second_buckets(client, at_window_start):
    headers = {"Authorization": "Bearer windowed"}
    with limits(per_authorization=1):
        assert passed(client.get("/api/v3/participants", headers=headers))
        at_window_start.move_to(WINDOW_START + dt.timedelta(seconds=299))
        assert_throttled(client.get("/api/v3/participants", headers=headers))
        at_window_start.move_to(WINDOW_START + dt.timedelta(seconds=300))
        assert passed(client.get("/api/v3/participants", headers=headers))


def test_counts_are_shared_by_every_process_and_old_windows_are_pruned(at_window_start):
    """Two middleware instances stand for two server processes: the count is in the database, not in memory."""
    request = RequestFactory().get("/api/v3/participants", HTTP_AUTHORIZATION="Bearer shared")
    process_a = RateLimitMiddleware(lambda request: HttpResponse("ok"))
    process_b = RateLimitMiddleware(lambda request: HttpResponse("ok"))
    with limits(per_authorization=2):
        assert process_a(request).status_code == 200
        assert process_b(request).status_code == 200
        assert_throttled(process_a(request))

        at_window_start.move_to(WINDOW_START + dt.timedelta(seconds=600))
        assert process_b(request).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT bucket FROM rate_limit_counters ORDER BY bucket")
        buckets = [row[0] for row in cursor.fetchall()]
    assert buckets == [int(WINDOW_START.timestamp()) // 300 + 2]  # the first window was pruned


def test_off_when_disabled(client, at_window_start):
    with override_settings(RATE_LIMIT_ENABLED=False, RATE_LIMIT_PER_IP=1):
        statuses = [client.get("/healthcheck").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
