"""The background jobs page (`/admin/jobs`, journeys.md §6): TRS writes not yet accepted stay visible to DfE
staff, who can send one given up on again (integrations.md §2.5, §2.11)."""

from __future__ import annotations

import datetime as dt

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from admin_console.tests.console import signed_in
from integrations.trs.models import TRSInductionStatusUpdate
from integrations.trs.outbox import MAX_ATTEMPTS, queue_induction_status_update

pytestmark = pytest.mark.django_db


def failing_write(teacher, *, attempts: int) -> TRSInductionStatusUpdate:
    row = queue_induction_status_update(
        teacher=teacher, status="Passed", start_date=dt.date(2025, 9, 1), completed_date=dt.date(2026, 7, 20)
    )
    TRSInductionStatusUpdate.objects.filter(pk=row.pk).update(attempts=attempts, last_error="503 Service Unavailable")
    return row


def test_signed_out_the_page_asks_for_sign_in(client):
    assert client.get("/admin/jobs")["Location"] == "/sign-in"


def test_failing_and_given_up_writes_are_listed_with_their_error(client, world):
    signed_in(client)
    failing_write(world.jane, attempts=3)
    page = client.get("/admin/jobs").content.decode()
    assert "Jane Smith" in page and "TRN 1234567" in page
    assert "503 Service Unavailable" in page
    assert "Given up" not in page and "Send again" not in page  # still being retried

    given_up = failing_write(world.jane, attempts=MAX_ATTEMPTS)
    page = client.get("/admin/jobs").content.decode()
    assert "Given up" in page
    assert f"/admin/jobs/trs-writes/{given_up.pk}/send-again" in page


def test_nothing_waiting_says_so_and_the_schedule_is_shown(client, world):
    signed_in(client)
    page = client.get("/admin/jobs").content.decode()
    assert "TRS has accepted every induction status" in page
    assert "integrations.import_gias" in page and "0 3 * * *" in page


def test_sending_again_starts_the_tries_over_and_queues_a_job(client, world, django_capture_on_commit_callbacks):
    signed_in(client)
    row = failing_write(world.jane, attempts=MAX_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/jobs/trs-writes/{row.pk}/send-again")
    assert response["Location"] == "/admin/jobs"
    row.refresh_from_db()
    assert row.attempts == 0
    assert ProcrastinateJob.objects.filter(task_name="integrations.write_induction_status").count() == 1
    assert "will be sent to TRS again" in client.get("/admin/jobs").content.decode()
    assert client.get(f"/admin/jobs/trs-writes/{row.pk}/send-again").status_code == 405
