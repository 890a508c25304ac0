"""Mentoring events (domain.md §5.20): headings `<Mentor> started mentoring <Mentee>`, `<Mentee> is being
mentored by <Mentor>`, `<Mentor> finished mentoring <Mentee>`, `<Mentee> is no longer being mentored by <Mentor>`.
Each is dated by the mentorship's business date (BR-E-03)."""

from __future__ import annotations

from core.clock import start_of_day
from events.authors import Author
from events.models import Event
from events.record.identity import teacher_name_updated_by_user as teacher_name_updated_by_user
from events.recorder import write_event
from events.types import EventType


def _names(mentorship) -> tuple:
    mentor = mentorship.mentor_at_school_period.teacher
    mentee = mentorship.ect_at_school_period.teacher
    return mentor, mentee, {"mentor_id": mentor.pk, "mentee_id": mentee.pk}


def _mentorship_event(*, type: EventType, author: Author, mentorship, side: str, heading: str, on) -> Event:
    """A mentorship event on one side's timeline: the mentor's (`side="mentor"`) or the mentee's."""
    period = mentorship.mentor_at_school_period if side == "mentor" else mentorship.ect_at_school_period
    link = "mentor_at_school_period" if side == "mentor" else "ect_at_school_period"
    return write_event(
        type=type,
        author=author,
        heading=heading,
        happened_at=start_of_day(on),
        teacher=period.teacher,
        school=period.school,
        mentorship_period=mentorship,
        metadata=_names(mentorship)[2],
        **{link: period},
    )


def teacher_starts_mentoring(*, author: Author, mentorship) -> Event:
    mentor, mentee, _ = _names(mentorship)
    return _mentorship_event(
        type=EventType.TEACHER_STARTS_MENTORING,
        author=author,
        mentorship=mentorship,
        side="mentor",
        heading=f"{mentor.full_name} started mentoring {mentee.full_name}",
        on=mentorship.started_on,
    )


def teacher_starts_being_mentored(*, author: Author, mentorship) -> Event:
    mentor, mentee, _ = _names(mentorship)
    return _mentorship_event(
        type=EventType.TEACHER_STARTS_BEING_MENTORED,
        author=author,
        mentorship=mentorship,
        side="mentee",
        heading=f"{mentee.full_name} is being mentored by {mentor.full_name}",
        on=mentorship.started_on,
    )


def teacher_finishes_mentoring(*, author: Author, mentorship) -> Event:
    mentor, mentee, _ = _names(mentorship)
    return _mentorship_event(
        type=EventType.TEACHER_FINISHES_MENTORING,
        author=author,
        mentorship=mentorship,
        side="mentor",
        heading=f"{mentor.full_name} finished mentoring {mentee.full_name}",
        on=mentorship.finished_on,
    )


def teacher_finishes_being_mentored(*, author: Author, mentorship) -> Event:
    mentor, mentee, _ = _names(mentorship)
    return _mentorship_event(
        type=EventType.TEACHER_FINISHES_BEING_MENTORED,
        author=author,
        mentorship=mentorship,
        side="mentee",
        heading=f"{mentee.full_name} is no longer being mentored by {mentor.full_name}",
        on=mentorship.finished_on,
    )


def teacher_registered_as_mentor(*, author: Author, period, training_period=None, lead_provider=None) -> Event:
    """`<Teacher name> was registered as a mentor at <School name>` (§7.2.2 step 6)."""
    return write_event(
        type=EventType.TEACHER_REGISTERED_AS_MENTOR,
        author=author,
        heading=f"{period.teacher.full_name} was registered as a mentor at {period.school.name}",
        teacher=period.teacher,
        school=period.school,
        mentor_at_school_period=period,
        training_period=training_period,
        lead_provider=lead_provider,
    )


def mentor_completion_status_change(
    *, author: Author, teacher, training_period, declaration, modifications: list[str]
) -> Event:
    """§7.2.7: `<Teacher name>’s mentor completion status changed to <completed|not completed>`."""
    status = "completed" if teacher.mentor_became_ineligible_for_funding_on else "not completed"
    return write_event(
        type=EventType.MENTOR_COMPLETION_STATUS_CHANGE,
        author=author,
        heading=f"{teacher.full_name}’s mentor completion status changed to {status}",
        teacher=teacher,
        training_period=training_period,
        declaration=declaration,
        modifications=modifications,
    )
