"""Emails sent through Notify in the background, on the `mailers` queue (integrations.md §5.1, §5.5).

When the real Notify backend is configured, `send_email` hands each message here inside the action's transaction:
`queue_email` stores it as an `OutgoingEmail` row and defers `notify.send_email` (`integrations.notify.tasks`) in
that transaction (procrastinate's Django connector shares the connection), so the email exists if and only if the
action commits, and the job calls `send_outgoing_email`.

Never twice. The row is the job's "sent" marker: it is locked while Notify is called and marked `sent` in the same
transaction, so a retried or duplicated job finds it sent and sends nothing. One gap is left by any marker: a try
whose answer never came back (a timeout, a 5xx, a crash before our commit) may still have reached Notify. Each
email therefore carries its own unique Notify `reference` (`notify_reference`), and every try after the first
asks Notify for that reference before sending; if Notify has it, the row is marked sent and nothing is sent.

Failures (§5.5):
- Notify 429, any 5xx, or no answer at all (the client reports these as 503): counted on the row, raised as
  `NotifyUnavailable`, which the job retries with exponential backoff;
- any other 4xx, chiefly 400 (bad address, missing personalisation) and 403 (a key or team that may not send to
  this address): never retried; the row becomes `refused`, the error is logged with the caller's reference, and
  `NotifyRefused` fails the job so DfE staff see it among failed jobs;
- anything else (an unreadable answer, a bug): counted on the row and raised without a retry, since we cannot
  tell whether Notify sent it.

The action that asked for the email has committed before the job runs, so it succeeds whatever Notify says.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from typing import Any

from django.db import transaction
from notifications_python_client.errors import HTTPError

from core import clock
from integrations.notify.client import Message, NotifyBackend, backend, deliver
from integrations.notify.models import OutgoingEmail, OutgoingEmailStatus

logger = logging.getLogger(__name__)

MISSING = "missing"


class NotifyUnavailable(Exception):
    """Notify was busy (429), failing (5xx) or unreachable: try again later."""


class NotifyRefused(Exception):
    """Notify refused the email (400, 403 or another 4xx): trying again would be refused again."""


def retryable(error: HTTPError) -> bool:
    return error.status_code == 429 or error.status_code >= 500


def notify_reference_for(message: Message) -> str:
    """Unique per email, led by the caller's reference so Notify's own pages still show what it was about."""
    key = uuid.uuid4().hex
    return f"{message.reference}/{key}" if message.reference else f"{message.template}/{key}"


def queue_email(message: Message) -> OutgoingEmail | None:
    """Store the message and defer its job, together, inside the caller's transaction (a savepoint of it). If
    queueing fails (the queue's tables unreachable), the action still goes ahead and the email is tried once when
    it commits, instead of being lost."""
    from integrations.notify.tasks import send_email_job

    try:
        with transaction.atomic():
            row = OutgoingEmail.objects.create(**asdict(message), notify_reference=notify_reference_for(message))
            send_email_job.defer(email_id=row.pk)
        return row
    except Exception:
        logger.exception(
            "Could not queue email %s (reference %s); sending it once the action commits",
            message.template,
            message.reference,
        )
        transaction.on_commit(lambda: deliver(message))
        return None


def message_of(row: OutgoingEmail) -> Message:
    return Message(
        template=row.template,
        to=row.to,
        subject=row.subject,
        body=row.body,
        personalisation=row.personalisation,
        reference=row.notify_reference,
    )


def send_outgoing_email(email_id: int, *, notify: NotifyBackend | None = None) -> str:
    """Send one queued email at most once; returns the row's status afterwards (or `missing`)."""
    notify = notify or backend()
    try:
        with transaction.atomic():
            row = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
            if row is None:
                return MISSING
            if row.status != OutgoingEmailStatus.QUEUED:
                return row.status
            if row.attempts and _found_at_notify(notify, row.notify_reference):
                _mark_sent(row, notify_id=None, note="found at Notify after an earlier try's answer was lost")
                return row.status
            answer = notify.deliver(message_of(row))
            _mark_sent(row, notify_id=_notify_id(answer), note=None)
            return row.status
    except HTTPError as error:
        if retryable(error):
            _record_failure(email_id, f"{error.status_code} {error.message}")
            raise NotifyUnavailable(f"Notify {error.status_code} for email {email_id}") from error
        _refuse(email_id, error)
        raise NotifyRefused(f"Notify {error.status_code} for email {email_id}: {error.message}") from error
    except Exception as error:
        _record_failure(email_id, f"{type(error).__name__}: {error}")
        raise


def _found_at_notify(notify: Any, notify_reference: str) -> bool:
    """Has Notify already got an email with this reference? Backends that cannot say (local, console) never
    lose an answer, so for them it is always no."""
    lookup = getattr(notify, "find_by_reference", None)
    return bool(lookup and lookup(notify_reference))


def _notify_id(answer: Any) -> str | None:
    return str(answer["id"]) if isinstance(answer, dict) and answer.get("id") else None


def _mark_sent(row: OutgoingEmail, *, notify_id: str | None, note: str | None) -> None:
    row.status = OutgoingEmailStatus.SENT
    row.sent_at = clock.now()
    row.attempts += 1
    row.notify_id = notify_id
    row.last_error = note
    row.save(update_fields=["status", "sent_at", "attempts", "notify_id", "last_error", "updated_at"])


def _record_failure(email_id: int, error: str) -> None:
    with transaction.atomic():
        row = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:2000]
        row.save(update_fields=["attempts", "last_error", "updated_at"])


def _refuse(email_id: int, error: HTTPError) -> None:
    with transaction.atomic():
        row = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if row is None:
            return
        row.attempts += 1
        row.status = OutgoingEmailStatus.REFUSED
        row.last_error = f"{error.status_code} {error.message}"[:2000]
        row.save(update_fields=["attempts", "status", "last_error", "updated_at"])
    hint = (
        " (the API key or team may not send to this address: trial-mode and team keys only reach team members)"
        if error.status_code == 403
        else ""
    )
    logger.error(
        "Notify refused email %s (id %s, reference %s) with %s %s%s; it will not be retried",
        row.template,
        email_id,
        row.reference,
        error.status_code,
        error.message,
        hint,
    )
