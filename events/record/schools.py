"""Events about schools: GIAS eligibility, opening and closing, induction tutors (domain.md §5.20, §7.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.dates import govuk_date
from events.authors import Author
from events.models import Event
from events.record.identity import transition
from events.recorder import write_event
from events.types import EventType


def school_eligibility_changed(
    *, author: Author, gias_school: Any, school: Any | None, eligible: bool, modifications: list[str]
) -> Event:
    """BR-S-22: `Hillside College became ineligible`."""
    return write_event(
        type=EventType.SCHOOL_ELIGIBILITY_CHANGED,
        author=author,
        heading=f"{gias_school.name} became {'eligible' if eligible else 'ineligible'}",
        modifications=modifications,
        metadata={"gias_school_urn": gias_school.urn, "eligible": eligible},
        school=school,
    )


def school_opened(*, author: Author, school: Any, happened_at: dt.datetime) -> Event:
    return write_event(
        type=EventType.SCHOOL_OPENED,
        author=author,
        heading=f"{school.name} opened",
        happened_at=happened_at,
        metadata={"gias_school_urn": school.urn, "gias_school_name": school.name},
        school=school,
    )


def school_closed(*, author: Author, school: Any, happened_at: dt.datetime) -> Event:
    return write_event(
        type=EventType.SCHOOL_CLOSED,
        author=author,
        heading=f"{school.name} closed",
        happened_at=happened_at,
        metadata={"gias_school_urn": school.urn, "gias_school_name": school.name},
        school=school,
    )


def school_induction_tutor_confirmed(*, author: Author, school: Any, contract_period_year: int) -> Event:
    """BR-S-16: `Induction Tutor <name> confirmed for 2026`."""
    return write_event(
        type=EventType.SCHOOL_INDUCTION_TUTOR_CONFIRMED,
        author=author,
        heading=f"Induction Tutor {school.induction_tutor_name} confirmed for {contract_period_year}",
        metadata={
            "contract_period_year": contract_period_year,
            "name": school.induction_tutor_name,
            "email": school.induction_tutor_email,
        },
        school=school,
    )


def school_induction_tutor_updated(
    *, author: Author, school: Any, old_name: str | None, contract_period_year: int, modifications: list[str]
) -> Event:
    return write_event(
        type=EventType.SCHOOL_INDUCTION_TUTOR_UPDATED,
        author=author,
        heading=transition(f"Induction Tutor for {contract_period_year}", old_name, school.induction_tutor_name),
        metadata={
            "contract_period_year": contract_period_year,
            "name": school.induction_tutor_name,
            "email": school.induction_tutor_email,
        },
        modifications=modifications,
        school=school,
    )


def school_opted_out_of_reminder_emails(*, author: Author, school: Any) -> Event:
    """No event type exists for this; `school_changed` with a plain heading is the closest (see report)."""
    until = school.opted_out_of_reminder_emails_until
    return write_event(
        type=EventType.SCHOOL_CHANGED,
        author=author,
        heading=f"{school.name} opted out of reminder emails until {govuk_date(until)}",
        metadata={"opted_out_of_reminder_emails_until": until.isoformat()},
        school=school,
    )
