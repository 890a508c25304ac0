"""The mail job (procrastinate, PostgreSQL-backed; integrations.md §5.1, §5.5).

| Job | When | What |
|---|---|---|
| `notify.send_email` | queued on `mailers` when an action that sends an email commits (real Notify only) | that email, at most once, retried 10 times at 2^n s for 429, 5xx and no answer |

The work is `integrations.notify.outbox.send_outgoing_email`, so tests call it without a worker.
"""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from integrations.notify.outbox import NotifyUnavailable, send_outgoing_email

MAILERS_QUEUE = "mailers"
# §5.5: 429 and 5xx are retried with backoff, 2, 4, 8 … 1,024 s after each try (about 34 minutes in all); 400 and
# 403 (`NotifyRefused`) and anything unexpected are not.
MAIL_RETRY = RetryStrategy(max_attempts=10, exponential_wait=2, retry_exceptions={NotifyUnavailable})


@app.task(name="notify.send_email", queue=MAILERS_QUEUE, retry=MAIL_RETRY)
def send_email_job(email_id: int) -> str:
    """Send one queued email through Notify, at most once however often the job runs."""
    return send_outgoing_email(email_id)
