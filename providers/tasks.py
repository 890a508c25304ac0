"""Providers' periodic task (procrastinate): the nightly touch of partnerships whose count of participants
currently training changed (lead-provider-api.md §13.4, 00:01 UTC as the reference runs it).

At 00:01 UTC the London day has already turned (London is UTC or an hour ahead), so `clock.today()` is the new day.
A missed tick is not caught up: the counts are right whenever read, only that day's `updated_since` signal is lost."""

from __future__ import annotations

from procrastinate.contrib.django import app

from core import clock
from providers.services.partnership_counts import touch_partnerships_whose_training_count_changed

TOUCH_PARTNERSHIPS_CRON = "1 0 * * *"


@app.periodic(cron=TOUCH_PARTNERSHIPS_CRON, periodic_id="providers-touch-partnership-counts")
@app.task(name="providers.touch_partnership_counts", queueing_lock="providers-touch-partnership-counts")
def touch_partnership_counts(timestamp: int) -> int:
    """Returns how many partnerships were touched."""
    return touch_partnerships_whose_training_count_changed(on=clock.today())
