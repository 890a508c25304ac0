"""Mentorships: validating, assigning, finishing and deleting them (domain.md §5.13, §7.2.4, §7.2.5, BR-MS-*,
BR-M-07, BR-M-14 … BR-M-18)."""

from __future__ import annotations

import datetime as dt

from core import clock
from core.errors import BASE, DomainError
from core.periods import check_date_order, check_no_overlap, period_covers
from core.services import apply_changes, service
from events.authors import Author
from events.models import Event
from events.record import mentoring as record
from teachers.messages import mentoring as messages
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod

# Validation ------------------------------------------------------------------------------------------


def validate_mentorship(
    *,
    ect_at_school_period: ECTAtSchoolPeriod | None,
    mentor_at_school_period: MentorAtSchoolPeriod | None,
    started_on: dt.date | None,
    finished_on: dt.date | None,
    mentorship: MentorshipPeriod | None = None,
) -> None:
    """BR-MS-01 … BR-MS-06 with the spec's messages; `mentorship` is the row being updated, if any."""
    if started_on is None:
        raise DomainError("started_on", messages.STARTED_ON_REQUIRED)
    if ect_at_school_period is None:
        raise DomainError("ect_at_school_period", messages.ECT_PERIOD_REQUIRED)
    if mentor_at_school_period is None:
        raise DomainError("mentor_at_school_period", messages.MENTOR_PERIOD_REQUIRED)
    if ect_at_school_period.teacher_id == mentor_at_school_period.teacher_id:
        raise DomainError(BASE, messages.MENTEE_CANNOT_MENTOR_THEMSELF)
    if ect_at_school_period.school_id != mentor_at_school_period.school_id:
        raise DomainError(BASE, messages.DIFFERENT_SCHOOLS)
    check_date_order(started_on, finished_on)
    if not period_covers(ect_at_school_period.started_on, ect_at_school_period.finished_on, started_on, finished_on):
        raise DomainError(BASE, messages.NOT_CONTAINED_BY_ECT_PERIOD)
    if not period_covers(
        mentor_at_school_period.started_on, mentor_at_school_period.finished_on, started_on, finished_on
    ):
        raise DomainError(BASE, messages.NOT_CONTAINED_BY_MENTOR_PERIOD)
    siblings = MentorshipPeriod.objects.filter(ect_at_school_period=ect_at_school_period)
    if mentorship is not None and mentorship.pk is not None:
        siblings = siblings.exclude(pk=mentorship.pk)
    check_no_overlap(
        siblings=siblings, started_on=started_on, finished_on=finished_on, name=MentorshipPeriod.overlap_name
    )


# Finishing and deleting ------------------------------------------------------------------------------


@service
def finish_mentorship(
    *,
    author: Author,
    mentorship_period: MentorshipPeriod,
    finished_on: dt.date | None = None,
    record_events: bool = True,
) -> MentorshipPeriod:
    """End a mentorship on its last day (today when no date is given, BR-P-09), recording both sides' events."""
    finished_on = finished_on or clock.today()
    check_date_order(mentorship_period.started_on, finished_on)
    if apply_changes(mentorship_period, finished_on=finished_on) and record_events:
        record.teacher_finishes_mentoring(author=author, mentorship=mentorship_period)
        record.teacher_finishes_being_mentored(author=author, mentorship=mentorship_period)
    return mentorship_period


def delete_mentorship_period(mentorship_period: MentorshipPeriod) -> None:
    """Remove a mentorship that should never have happened, together with its events (§7.1.5, §7.2.4).
    Only called from inside a service, which records why."""
    Event.objects.filter(mentorship_period=mentorship_period).delete()
    mentorship_period.delete()
