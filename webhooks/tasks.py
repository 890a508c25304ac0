"""The webhooks' periodic job (procrastinate): every minute, queue settled changes and deliver what is due."""

from __future__ import annotations

from procrastinate.contrib.django import app

from webhooks.services import run_webhooks


@app.periodic(cron="* * * * *", periodic_id="webhooks-deliver")
@app.task(name="webhooks.deliver", queueing_lock="webhooks-deliver")
def deliver_webhooks_task(timestamp: int) -> tuple[int, int]:
    """Returns (deliveries queued, deliveries tried)."""
    return run_webhooks()
