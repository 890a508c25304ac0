"""Events for leaving a school and for deleting or undoing registrations (domain.md §5.20, §7.1.5–7.1.8, §7.2.6)."""

from __future__ import annotations

import datetime as dt

from core.clock import start_of_day
from core.dates import govuk_date
from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def teacher_left_school_as_ect(*, author: Author, period, training_period=None) -> Event:
    """Dated the leaving date, not the day it was reported (BR-E-03)."""
    return write_event(
        type=EventType.TEACHER_LEFT_SCHOOL_AS_ECT,
        author=author,
        heading=f"{period.teacher.full_name} left {period.school.name}",
        happened_at=start_of_day(period.finished_on),
        teacher=period.teacher,
        school=period.school,
        ect_at_school_period=period,
        training_period=training_period,
    )


def teacher_left_school_as_mentor(*, author: Author, period) -> Event:
    return write_event(
        type=EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR,
        author=author,
        heading=f"{period.teacher.full_name} left {period.school.name}",
        happened_at=start_of_day(period.finished_on),
        teacher=period.teacher,
        school=period.school,
        mentor_at_school_period=period,
    )


def teacher_ect_at_school_period_deleted(*, author: Author, teacher, school, started_on: dt.date, on: dt.date) -> Event:
    return write_event(
        type=EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_DELETED,
        author=author,
        heading=(
            f"{teacher.full_name}’s ECT at school period which was due to start on {govuk_date(started_on)} "
            f"at {school.name} was deleted"
        ),
        happened_at=start_of_day(on),
        teacher=teacher,
        school=school,
        metadata={"started_on": started_on.isoformat()},
    )


def teacher_mentor_at_school_period_deleted(
    *, author: Author, teacher, school, started_on: dt.date, on: dt.date
) -> Event:
    return write_event(
        type=EventType.TEACHER_MENTOR_AT_SCHOOL_PERIOD_DELETED,
        author=author,
        heading=(
            f"{teacher.full_name}’s mentor at school period which was due to start on {govuk_date(started_on)} "
            f"at {school.name} was deleted"
        ),
        happened_at=start_of_day(on),
        teacher=teacher,
        school=school,
        metadata={"started_on": started_on.isoformat()},
    )


def teacher_registration_undone(*, author: Author, teacher, reason: str, metadata: dict | None = None) -> Event:
    return write_event(
        type=EventType.TEACHER_REGISTRATION_UNDONE,
        author=author,
        heading=f"Teacher {teacher.pk} registration was undone",
        body=f"Teacher registration was undone. Reason: {reason}",
        teacher=teacher,
        metadata=metadata,
    )
