"""Emails through GOV.UK Notify on the `mailers` queue (integrations.md §5.1, §5.5), against a fake of Notify's
HTTP API under the real notifications-python-client: queued in the action's transaction, 429 / 5xx / no answer retried with
backoff, 400 / 403 never retried and logged, and never sent twice."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
import requests
from django.db import transaction
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.jobs import Job

from accounts.models import User
from integrations.notify import emails, tasks
from integrations.notify.models import OutgoingEmail, SentEmail
from integrations.notify.outbox import NotifyRefused, NotifyUnavailable

pytestmark = pytest.mark.django_db

GENERIC_TEMPLATE = "c437a1cb-9e1c-49ff-83ee-967c92f95637"
REFUSALS = {
    400: "email_address Not a valid email address",
    403: "Can't send to this recipient using a team-only API key",
}


def answer(status: int, payload: dict, url: str) -> requests.Response:
    response = requests.Response()
    response.status_code, response.url, response.reason = status, url, "fake"
    response._content = json.dumps(payload).encode()
    response.headers["Content-Type"] = "application/json"
    return response


class FakeNotify:
    """Notify's v2 API as the client sees it. `answers` are what the next POSTs get: a status code, "lost"
    (Notify accepts the email but the answer never arrives) or "unreachable"; after them every POST is accepted."""

    def __init__(self, monkeypatch, *answers):
        self.answers = list(answers)
        self.posts: list[dict] = []
        self.accepted: list[dict] = []
        self.lookups: list[str] = []
        monkeypatch.setattr(
            requests.Session, "request", lambda session, method, url, **kwargs: self.request(method, url, **kwargs)
        )

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        if method == "GET":
            reference = kwargs["params"]["reference"]
            self.lookups.append(reference)
            found = [n for n in self.accepted if n.get("reference") == reference]
            return answer(200, {"notifications": found, "links": {}}, url)
        body = json.loads(kwargs["data"])
        self.posts.append(body)
        outcome = self.answers.pop(0) if self.answers else 201
        if outcome == "unreachable":
            raise requests.ConnectionError("connection refused")
        if outcome in (201, "lost"):
            notification = {"id": str(uuid.uuid4()), **body}
            self.accepted.append(notification)
            if outcome == "lost":
                raise requests.ReadTimeout("read timed out")
            return answer(201, {"id": notification["id"], "reference": body.get("reference")}, url)
        message = REFUSALS.get(outcome, "Internal server error")
        return answer(outcome, {"status_code": outcome, "errors": [{"error": "Error", "message": message}]}, url)


@pytest.fixture
def notify_settings(settings):
    settings.NOTIFY_BACKEND = "notify"
    settings.GOVUK_NOTIFY_API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.GOVUK_NOTIFY_TEMPLATE_IDS = {}
    return settings


def queued(django_capture_on_commit_callbacks, send=None) -> OutgoingEmail:
    with django_capture_on_commit_callbacks(execute=True):
        (send or (lambda: emails.mentor_registered(to="max@oak.sch.uk", name="Max Mentor", school_name="Oak")))()
    return OutgoingEmail.objects.latest("pk")


def retried_after(error: Exception, attempts: int) -> int | None:
    """Seconds until procrastinate runs the job again after `error` on try `attempts + 1`; None: not retried."""
    job = Job(queue="mailers", lock=None, queueing_lock=None, task_name="notify.send_email", attempts=attempts)
    decision = tasks.send_email_job.retry_strategy.get_retry_decision(exception=error, job=job)
    if decision is None:
        return None
    return round((decision.retry_at - dt.datetime.now(dt.UTC)).total_seconds())


def test_an_email_is_queued_on_mailers_with_the_action_and_the_job_sends_it(
    notify_settings, monkeypatch, django_capture_on_commit_callbacks
):
    notify = FakeNotify(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        message = emails.mentor_registered(to="max@oak.sch.uk", name="Max Mentor", school_name="Oak")
        assert OutgoingEmail.objects.exists()  # in the action's own transaction: no commit can lose it
    row = OutgoingEmail.objects.get()
    job = ProcrastinateJob.objects.get(task_name="notify.send_email")
    assert (job.queue_name, job.args, job.status) == ("mailers", {"email_id": row.pk}, "todo")
    assert notify.posts == [] and not SentEmail.objects.exists()  # nothing leaves in the request

    assert tasks.send_email_job(email_id=row.pk) == "sent"
    [post] = notify.posts
    assert post["template_id"] == GENERIC_TEMPLATE and post["email_address"] == "max@oak.sch.uk"
    assert post["personalisation"] == {"subject": message.subject, "body": message.body}
    assert post["reference"] == row.notify_reference and row.notify_reference.startswith("mentor_registered/")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.notify_id) == ("sent", 1, notify.accepted[0]["id"])


def test_a_catalogue_email_with_its_own_template_sends_its_personalisation(
    notify_settings, monkeypatch, django_capture_on_commit_callbacks
):
    notify_settings.GOVUK_NOTIFY_TEMPLATE_IDS = {"one_time_password": "otp-template"}
    notify = FakeNotify(monkeypatch)
    row = queued(
        django_capture_on_commit_callbacks,
        lambda: emails.one_time_password(to="ada@education.gov.uk", name="Ada", code="123456", code_page_url="x"),
    )
    tasks.send_email_job(email_id=row.pk)
    [post] = notify.posts
    assert post["template_id"] == "otp-template"
    assert post["personalisation"] == {"name": "Ada", "code": "123456", "code_page_url": "x"}


def test_a_rolled_back_action_queues_nothing(notify_settings, monkeypatch, django_capture_on_commit_callbacks):
    FakeNotify(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            emails.mentor_registered(to="max@oak.sch.uk", name="Max", school_name="Oak")
            raise RuntimeError("the registration failed")
    assert not OutgoingEmail.objects.exists()
    assert not ProcrastinateJob.objects.filter(task_name="notify.send_email").exists()


@pytest.mark.parametrize("status", [400, 403], ids=["bad-request", "forbidden"])
def test_a_refusal_is_not_retried_is_logged_and_the_action_stands(
    status, notify_settings, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    notify = FakeNotify(monkeypatch, status)

    def sign_up_and_send() -> None:  # the action: a user saved and emailed in one transaction
        user = User.objects.create(email="ada@education.gov.uk", name="Ada")
        emails.one_time_password(to=user.email, name=user.name, code="123456", code_page_url="x")

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            sign_up_and_send()
    row = OutgoingEmail.objects.get()
    with pytest.raises(NotifyRefused) as refused:
        tasks.send_email_job(email_id=row.pk)
    assert retried_after(refused.value, attempts=0) is None
    assert User.objects.filter(email="ada@education.gov.uk").exists()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == ("refused", 1, None)
    assert f"Notify refused email one_time_password (id {row.pk}" in caplog.text
    assert REFUSALS[status] in caplog.text and "will not be retried" in caplog.text
    assert ("team members" in caplog.text) == (status == 403)
    assert tasks.send_email_job(email_id=row.pk) == "refused"  # run again by hand: still nothing sent
    assert len(notify.posts) == 1


def test_the_registration_reference_is_in_the_refusal_log(
    notify_settings, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from integrations.notify.client import send_email

    FakeNotify(monkeypatch, 400)
    row = queued(
        django_capture_on_commit_callbacks,
        lambda: send_email(
            "mentor_registered", "not-an-address", {"name": "Max", "school_name": "Oak"}, reference="registration-42"
        ),
    )
    assert row.notify_reference.startswith("registration-42/")
    with pytest.raises(NotifyRefused):
        tasks.send_email_job(email_id=row.pk)
    assert "reference registration-42" in caplog.text


@pytest.mark.parametrize("failure", [429, 500, "unreachable"], ids=["rate-limited", "server-error", "unreachable"])
def test_busy_failing_or_unreachable_notify_is_retried_with_backoff_then_delivered_once(
    failure, notify_settings, monkeypatch, django_capture_on_commit_callbacks
):
    notify = FakeNotify(monkeypatch, failure, failure)
    row = queued(django_capture_on_commit_callbacks)
    waits = []
    for attempt in range(2):
        with pytest.raises(NotifyUnavailable) as busy:
            tasks.send_email_job(email_id=row.pk)
        waits.append(retried_after(busy.value, attempts=attempt))
    assert waits == [2, 4]
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("queued", 2)
    assert row.last_error.startswith("503" if failure == "unreachable" else str(failure))

    assert tasks.send_email_job(email_id=row.pk) == "sent"
    assert tasks.send_email_job(email_id=row.pk) == "sent"  # a job run again after delivery sends nothing
    assert len(notify.posts) == 3 and len(notify.accepted) == 1
    assert notify.lookups == [row.notify_reference] * 2  # the retries asked Notify first


def test_a_retry_after_a_lost_answer_finds_the_email_at_notify_and_does_not_send_it_again(
    notify_settings, monkeypatch, django_capture_on_commit_callbacks
):
    notify = FakeNotify(monkeypatch, "lost")
    row = queued(django_capture_on_commit_callbacks)
    with pytest.raises(NotifyUnavailable):
        tasks.send_email_job(email_id=row.pk)
    assert tasks.send_email_job(email_id=row.pk) == "sent"
    assert len(notify.posts) == 1 and len(notify.accepted) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at is not None) == ("sent", 2, True)
    assert "found at Notify" in row.last_error


def test_the_retries_give_up_after_eleven_tries_about_half_an_hour_on():
    strategy = tasks.send_email_job.retry_strategy
    assert strategy.retry_exceptions == {NotifyUnavailable}
    waits = [retried_after(NotifyUnavailable(), attempts=n) for n in range(11)]
    assert waits[:3] == [2, 4, 8] and waits[9] == 1024 and waits[10] is None
    assert 30 * 60 < sum(waits[:10]) < 40 * 60
    assert retried_after(RuntimeError("a bug"), attempts=0) is None


def test_the_job_is_registered_on_the_mailers_queue_which_the_worker_takes():
    task = app.tasks["notify.send_email"]
    assert task.queue == "mailers"
    # `make run` and `make worker` start `manage.py procrastinate worker` without --queues: it takes every queue.
    makefile = Path(__file__).resolve().parents[3] / "Makefile"
    starts = [line for line in makefile.read_text().splitlines() if "procrastinate worker" in line]
    assert len(starts) == 2 and not any("--queue" in line or " -q " in line for line in starts)


def test_when_the_queue_cannot_be_reached_the_email_is_sent_at_once(
    notify_settings, monkeypatch, django_capture_on_commit_callbacks
):
    notify = FakeNotify(monkeypatch)

    def broken_defer(**kwargs):
        raise RuntimeError("procrastinate tables unreachable")

    monkeypatch.setattr(tasks.send_email_job, "defer", broken_defer)
    with django_capture_on_commit_callbacks(execute=True):
        emails.mentor_registered(to="max@oak.sch.uk", name="Max", school_name="Oak")
    assert not OutgoingEmail.objects.exists()
    assert [p["email_address"] for p in notify.posts] == ["max@oak.sch.uk"]


def test_the_local_backend_still_records_at_commit(settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_BACKEND = "local"
    with django_capture_on_commit_callbacks(execute=True):
        emails.mentor_registered(to="max@oak.sch.uk", name="Max", school_name="Oak")
    assert SentEmail.objects.get().to == "max@oak.sch.uk"
    assert not OutgoingEmail.objects.exists()
