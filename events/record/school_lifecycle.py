"""Events of GIAS reconciliation: a school replaced by its successor or merged into it, and the teachers' periods
that move with it (domain.md §5.20, §7.6; integrations.md §3.6)."""

from __future__ import annotations

from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def school_changed_urn(*, author: Author, school: Any, old_urn: int, old_name: str) -> Event:
    """Replace: the same School record now stands for the successor establishment."""
    return write_event(
        type=EventType.SCHOOL_CHANGED,
        author=author,
        heading=f"{old_name} (URN {old_urn}) replaced by {school.name} (URN {school.urn})",
        modifications=[f"URN changed from {old_urn} to {school.urn}"],
        metadata={"from_urn": old_urn, "to_urn": school.urn},
        school=school,
    )


def school_merged(*, author: Author, school: Any, predecessor_urn: int, predecessor_name: str) -> Event:
    return write_event(
        type=EventType.SCHOOL_MERGED,
        author=author,
        heading=f"{predecessor_name} (URN {predecessor_urn}) merged into {school.name} (URN {school.urn})",
        metadata={"predecessor_urn": predecessor_urn, "successor_urn": school.urn},
        school=school,
    )


def at_school_period_moved_school(
    *, author: Author, period: Any, role: str, from_urn: int, from_name: str, school: Any
) -> Event:
    """`role` is `ect` or `mentor`; the event says which period moved and between which establishments."""
    event_type = (
        EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_MOVED_SCHOOL
        if role == "ect"
        else EventType.TEACHER_MENTOR_AT_SCHOOL_PERIOD_MOVED_SCHOOL
    )
    link = {"ect_at_school_period": period} if role == "ect" else {"mentor_at_school_period": period}
    label = "ECT" if role == "ect" else "Mentor"
    return write_event(
        type=event_type,
        author=author,
        heading=f"{label} period moved from {from_name} to {school.name}",
        modifications=[f"School changed from {from_name} (URN {from_urn}) to {school.name} (URN {school.urn})"],
        metadata={"from_urn": from_urn, "to_urn": school.urn},
        teacher=period.teacher,
        school=school,
        **link,
    )


def mentor_at_school_periods_merged(
    *, author: Author, period: Any, from_name: str, school: Any, modifications: list[str]
) -> Event:
    return write_event(
        type=EventType.TEACHER_MENTOR_AT_SCHOOL_PERIODS_MERGED,
        author=author,
        heading=f"Mentor periods at {from_name} and {school.name} merged",
        modifications=modifications,
        teacher=period.teacher,
        school=school,
        mentor_at_school_period=period,
    )
