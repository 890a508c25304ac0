"""The real TRS client against recorded responses (integrations.md §2.3, §2.5, §12.3), choosing the client by
configuration (§11), and the write-back jobs: retried with backoff, never writing twice (§2.5, §2.8)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from integrations import tasks
from integrations.trs.client import (
    HTTPTRSClient,
    TeacherDeactivated,
    TeacherMerged,
    TeacherNotFound,
    TRSUnavailable,
    TRSWriteRejected,
    get_trs_client,
)
from integrations.trs.fake import FakeTRS
from integrations.trs.models import TRSInductionStatusUpdate
from integrations.trs.outbox import (
    MAX_ATTEMPTS,
    Outcome,
    failed_induction_status_updates,
    queue_induction_status_update,
    queue_unsent_writes,
    send_again,
    send_induction_status_update,
)

RECORDED = Path(__file__).resolve().parents[1] / "trs" / "recorded"
D = dt.date


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


class ReplayTRS(BaseHTTPRequestHandler):
    """Answers each request with the recording made for its method and path."""

    recordings: dict[tuple[str, str], dict] = {}
    received: list[dict] = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0]
        self.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": body and json.loads(body),
            }
        )
        recording = self.recordings[(self.command, path)]
        payload = recording["body"]
        data = b"" if payload is None else (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        self.send_response(recording["status"])
        for name, value in recording["headers"].items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _answer
    do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def trs():
    ReplayTRS.recordings = {}
    ReplayTRS.received = []
    for file in RECORDED.glob("*.json"):
        recording = json.loads(file.read_text())
        ReplayTRS.recordings[(recording["request"]["method"], recording["request"]["path"])] = recording
    server = HTTPServer(("127.0.0.1", 0), ReplayTRS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield HTTPTRSClient(base_url=f"http://127.0.0.1:{server.server_port}", api_key="recorded-key", timeout=5)
    server.shutdown()


# Lookup (§2.3, §2.4) -------------------------------------------------------------------------------------


def test_a_found_teacher_is_parsed_from_the_recorded_shape(trs, frozen_today):
    teacher = trs.find_teacher(trn="3000001", date_of_birth=D(1996, 4, 12))
    assert (teacher.trn, teacher.first_name, teacher.middle_name, teacher.last_name) == (
        "3000001",
        "Priya",
        "Anne",
        "Sharma",
    )
    assert (teacher.date_of_birth, teacher.national_insurance_number) == (D(1996, 4, 12), "QQ123456C")
    assert (teacher.induction_status, teacher.induction_start_date, teacher.induction_completed_date) == (
        "InProgress",
        D(2025, 9, 1),
        None,
    )
    assert (teacher.qts_awarded_on, teacher.qts_status_description) == (D(2025, 7, 18), "QualifiedTeacherStatus")
    assert (teacher.initial_teacher_training_provider_name, teacher.initial_teacher_training_end_date) == (
        "Northshire SCITT",
        D(2025, 7, 11),
    )
    assert teacher.has_alerts and not teacher.prohibited_from_teaching
    request = ReplayTRS.received[0]
    assert "dateOfBirth=1996-04-12" in request["path"]
    assert request["headers"]["Authorization"] == "Bearer recorded-key"
    assert request["headers"]["X-Api-Version"] == "20260120"


def test_no_qts_and_an_active_prohibition_are_read(trs, frozen_today):
    assert not trs.find_teacher(trn="3000002").has_qts
    assert trs.find_teacher(trn="3000003").prohibited_from_teaching


def test_404_is_not_found(trs, frozen_today):
    with pytest.raises(TeacherNotFound):
        trs.find_teacher(trn="3000004")


def test_410_is_deactivated(trs, frozen_today):
    with pytest.raises(TeacherDeactivated):
        trs.find_teacher(trn="3000005")


def test_308_is_merged_into_the_trn_of_the_location(trs, frozen_today):
    with pytest.raises(TeacherMerged) as merged:
        trs.find_teacher(trn="3000006")
    assert (merged.value.trn, merged.value.redirected_to) == ("3000006", "3000007")


def test_anything_else_is_unavailable_and_the_only_retryable_error(trs, frozen_today):
    with pytest.raises(TRSUnavailable, match="503"):
        trs.find_teacher(trn="3000008")


def test_an_unreachable_trs_is_unavailable(frozen_today):
    with pytest.raises(TRSUnavailable):
        HTTPTRSClient(base_url="http://127.0.0.1:9", api_key="x", timeout=1).find_teacher(trn="3000001")


# Writes (§2.5) ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (
            lambda c: c.begin_induction(trn="3000001", start_date=D(2025, 9, 1)),
            {"status": "InProgress", "startDate": "2025-09-01", "completedDate": None},
        ),
        (
            lambda c: c.pass_induction(trn="3000001", start_date=D(2025, 9, 1), completed_date=D(2026, 7, 20)),
            {"status": "Passed", "startDate": "2025-09-01", "completedDate": "2026-07-20"},
        ),
        (
            lambda c: c.fail_induction(trn="3000001", start_date=D(2025, 9, 1), completed_date=D(2026, 7, 20)),
            {"status": "Failed", "startDate": "2025-09-01", "completedDate": "2026-07-20"},
        ),
        (
            lambda c: c.reopen_induction(trn="3000001", start_date=D(2025, 9, 1)),
            {"status": "InProgress", "startDate": "2025-09-01", "completedDate": None},
        ),
        (
            lambda c: c.reset_induction(trn="3000001"),
            {"status": "RequiredToComplete", "startDate": None, "completedDate": None},
        ),
    ],
    ids=["begin", "pass", "fail", "reopen", "reset"],
)
def test_each_write_puts_its_body(trs, frozen_today, call, body):
    call(trs)
    request = ReplayTRS.received[0]
    assert (request["method"], request["path"]) == ("PUT", "/v3/persons/3000001/cpd-induction")
    sent = dict(request["body"])
    assert sent.pop("modifiedOn").endswith("Z")
    assert sent == body


def test_a_refused_write_raises_rejected_and_a_5xx_unavailable(trs, frozen_today):
    with pytest.raises(TRSWriteRejected, match="does not have QTS"):
        trs.reset_induction(trn="3000002")
    with pytest.raises(TRSUnavailable, match="500"):
        trs.reset_induction(trn="3000008")


# Which client (§11) -------------------------------------------------------------------------------------


def test_the_fake_is_used_until_a_trs_url_is_configured(settings, monkeypatch, db):
    monkeypatch.delenv("TRS_API_BASE_URL", raising=False)
    monkeypatch.delenv("ENABLE_FAKE_TRS_API", raising=False)
    assert isinstance(get_trs_client(), FakeTRS)
    settings.TRS_API_BASE_URL = "https://trs.example.gov.uk"
    settings.TRS_API_KEY = "key"
    client = get_trs_client()
    assert isinstance(client, HTTPTRSClient)
    assert (client.base_url, client.api_key, client.api_version) == ("https://trs.example.gov.uk", "key", "20260120")
    settings.ENABLE_FAKE_TRS_API = True
    assert isinstance(get_trs_client(), FakeTRS)


# Write-back jobs (§2.5, §2.8) ----------------------------------------------------------------------------


def queue_pass(teacher) -> TRSInductionStatusUpdate:
    return queue_induction_status_update(
        teacher=teacher, status="Passed", start_date=D(2025, 9, 1), completed_date=D(2026, 7, 20)
    )


def test_a_retried_job_never_writes_twice(world):
    fake = FakeTRS()
    row = queue_pass(world.jane)
    assert send_induction_status_update(row.pk, client=fake) == Outcome.SENT
    assert send_induction_status_update(row.pk, client=fake) == Outcome.ALREADY_SENT
    assert [w.status for _, w in fake.write_log] == ["Passed"]
    row.refresh_from_db()
    assert (row.attempts, row.sent_at is not None) == (1, True)


def test_a_failed_try_is_counted_and_raised_for_the_queue_to_retry(world):
    fake = FakeTRS()
    row = queue_pass(world.jane)
    fake.down = True
    with pytest.raises(TRSUnavailable):
        send_induction_status_update(row.pk, client=fake)
    fake.down, fake.reject_writes = False, True
    with pytest.raises(TRSWriteRejected):
        send_induction_status_update(row.pk, client=fake)
    row.refresh_from_db()
    assert (row.attempts, row.sent_at, "400" in row.last_error) == (2, None, True)
    fake.reject_writes = False
    assert send_induction_status_update(row.pk, client=fake) == Outcome.SENT
    assert len(fake.write_log) == 1  # the failed tries wrote nothing; the retry wrote once


def test_the_job_retries_trs_failures_with_exponential_backoff():
    """§2.8: 2^n seconds after the n-th try, 15 tries in all, only for TRS's own errors."""
    strategy = tasks.write_induction_status.retry_strategy
    assert strategy.retry_exceptions == {TRSUnavailable, TRSWriteRejected}
    assert strategy.max_attempts + 1 == MAX_ATTEMPTS == 15
    assert [strategy.exponential_wait ** (n + 1) for n in range(3)] == [2, 4, 8]
    assert tasks.sync_teacher_from_trs.retry_strategy.retry_exceptions == {TRSUnavailable}


def test_the_job_sends_through_the_configured_client(world, monkeypatch):
    fake = FakeTRS()
    monkeypatch.setattr("integrations.trs.outbox.get_trs_client", lambda: fake)
    row = queue_pass(world.jane)
    assert tasks.write_induction_status(update_id=row.pk) == Outcome.SENT
    assert tasks.write_induction_status(update_id=row.pk) == Outcome.ALREADY_SENT
    assert len(fake.write_log) == 1


def test_committing_a_write_queues_its_job_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_pass(world.jane)
    job = ProcrastinateJob.objects.get(task_name="integrations.write_induction_status")
    assert (job.args, job.queue_name, job.status) == ({"update_id": row.pk}, "trs", "todo")
    assert queue_unsent_writes() == 0  # its job is still waiting: the sweep adds none


def test_the_sweep_queues_writes_that_have_no_job(world):
    rows = [queue_pass(world.jane), queue_pass(world.jane)]  # on-commit hooks never ran
    assert queue_unsent_writes() == 2
    assert sorted(
        j.args["update_id"] for j in ProcrastinateJob.objects.filter(task_name="integrations.write_induction_status")
    ) == sorted(r.pk for r in rows)


def test_writes_given_up_on_stay_listed_and_can_be_sent_again(world, django_capture_on_commit_callbacks):
    row = queue_pass(world.jane)
    TRSInductionStatusUpdate.objects.filter(pk=row.pk).update(attempts=MAX_ATTEMPTS, last_error="503 down")
    assert list(failed_induction_status_updates()) == [row]
    assert queue_unsent_writes() == 0  # given up: only a person sends it again
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again(row.pk)
    row.refresh_from_db()
    assert row.attempts == 0
    assert ProcrastinateJob.objects.filter(args={"update_id": row.pk}).exists()


def test_the_shared_fake_sees_writes_the_worker_sent(world):
    """§2.10: the web server's fake reads what the worker's fake wrote (through the outbox table)."""
    worker_fake, web_fake = FakeTRS(), FakeTRS(shared_writes=True)
    row = queue_pass(world.jane)
    send_induction_status_update(row.pk, client=worker_fake, refresh_after_outcome=False)
    found = web_fake.find_teacher(trn="1234567")
    assert (found.induction_status, found.induction_completed_date) == ("Passed", D(2026, 7, 20))
    assert FakeTRS().find_teacher(trn="1234567").induction_status == "InProgress"  # tests' fakes stay apart
