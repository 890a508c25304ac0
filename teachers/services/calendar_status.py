"""Move the API `updated_at` of participants whose status flips at midnight (issue 3 item 4; closes the gap
lead-provider-api.md §13.1 records for `joining` → `active` and `leaving` → `left`).

Nothing about the teacher's record changes, only what "today" is, so no event is written and this is not a
`@service`: it moves the same column every recorded change moves (`Teacher.api_updated_at`, which the
participants endpoint emits as `updated_at` and filters by with `updated_since`)."""

from __future__ import annotations

import datetime as dt

from core import clock
from teachers.models import Teacher
from teachers.selectors.calendar_status import teachers_whose_participant_status_changes_on


def touch_participants_whose_status_changed(*, on: dt.date) -> int:
    """Set `api_updated_at` to now for exactly the teachers whose `participant_status`, for some lead provider,
    is different on `on` from the day before. Returns how many were touched."""
    teacher_ids = teachers_whose_participant_status_changes_on(on)
    if not teacher_ids:
        return 0
    return Teacher.objects.filter(pk__in=teacher_ids).update(api_updated_at=clock.now())
