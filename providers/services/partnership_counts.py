"""Move the API `updated_at` of partnerships whose `participants_currently_training` changes overnight
(lead-provider-api.md §11.12.3, §13.4): a training period that starts today begins to count, one that finished
yesterday stops counting.

Nothing about the partnership's record changes, only what "today" is, so no event is written and this is not a
`@service` (as for participants whose status flips at midnight, `teachers.services.calendar_status`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from core import clock
from providers.models import SchoolPartnership
from teachers.models import TrainingPeriod


def touch_partnerships_whose_training_count_changed(*, on: dt.date) -> int:
    """Set `api_updated_at` to now for the partnerships with a training period starting on `on` or finished the
    day before. Returns how many were touched."""
    changed = TrainingPeriod.objects.filter(
        Q(started_on=on) | Q(finished_on=on - dt.timedelta(days=1)), school_partnership__isnull=False
    ).values("school_partnership_id")
    return SchoolPartnership.objects.filter(pk__in=changed).update(api_updated_at=clock.now())
