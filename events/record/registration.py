"""Events for registering ECTs, a school's changes to them, starting and finishing training, and funding
eligibility (domain.md §5.20, §7.1.2, §7.1.3, §7.4.1, §6.5).

Headings follow the reference: `<Teacher> was registered as an ECT at <School>`, `<Teacher> started a new ECT
training period`, `<Teacher> finished their ECT training period`, `<Teacher>’s ECT training period schedule was
set to Standard September for 2026`, and `<Attribute> changed from '<old>' to '<new>'` for a school's changes.
Training starts and finishes are dated by their business date (BR-E-03).
"""

from __future__ import annotations

from typing import Any

from core.clock import start_of_day
from events.authors import Author
from events.models import Event
from events.record.identity import teacher_name_updated_by_user as teacher_name_updated_by_user
from events.record.identity import transition
from events.recorder import write_event
from events.types import EventType

NOT_REPORTED = "Not reported"


def _role(training_period: Any) -> str:
    return "ECT" if training_period.is_for_ect else "mentor"


def _training_links(training_period: Any) -> dict[str, Any]:
    at_school = training_period.at_school_period
    return {
        "teacher": at_school.teacher,
        "school": at_school.school,
        "training_period": training_period,
        "ect_at_school_period": training_period.ect_at_school_period,
        "mentor_at_school_period": training_period.mentor_at_school_period,
    }


# Training periods (§7.4.1) -----------------------------------------------------------------------------------


def teacher_starts_training_period(*, author: Author, training_period: Any) -> Event:
    teacher = training_period.at_school_period.teacher
    return write_event(
        type=EventType.TEACHER_STARTS_TRAINING_PERIOD,
        author=author,
        heading=f"{teacher.full_name} started a new {_role(training_period)} training period",
        happened_at=start_of_day(training_period.started_on),
        **_training_links(training_period),
    )


def teacher_finishes_training_period(*, author: Author, training_period: Any) -> Event:
    teacher = training_period.at_school_period.teacher
    return write_event(
        type=EventType.TEACHER_FINISHES_TRAINING_PERIOD,
        author=author,
        heading=f"{teacher.full_name} finished their {_role(training_period)} training period",
        happened_at=start_of_day(training_period.finished_on),
        **_training_links(training_period),
    )


def teacher_schedule_assigned_to_training_period(*, author: Author, training_period: Any) -> Event:
    teacher = training_period.at_school_period.teacher
    schedule = training_period.schedule
    return write_event(
        type=EventType.TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD,
        author=author,
        heading=f"{teacher.full_name}’s {_role(training_period)} training period schedule was set to "
        f"{schedule.description}",
        teacher=teacher,
        training_period=training_period,
        schedule=schedule,
    )


# Registration (§7.1.2) ---------------------------------------------------------------------------------------


def teacher_registered_as_ect(*, author: Author, period: Any, training_period: Any = None) -> Event:
    return write_event(
        type=EventType.TEACHER_REGISTERED_AS_ECT,
        author=author,
        heading=f"{period.teacher.full_name} was registered as an ECT at {period.school.name}",
        teacher=period.teacher,
        school=period.school,
        ect_at_school_period=period,
        training_period=training_period,
    )


# A school's changes to an ECT (§7.1.3) ----------------------------------------------------------------------


def _at_school_link(period: Any) -> dict[str, Any]:
    """An ECT's or a mentor's at-school period, linked under its own name."""
    if period._meta.model_name == "mentoratschoolperiod":
        return {"mentor_at_school_period": period}
    return {"ect_at_school_period": period}


def teacher_email_address_updated(*, author: Author, period: Any, old_email: str | None, new_email: str) -> Event:
    """A school changed an ECT's or a mentor's email address (§7.1.3, journeys.md §4.11.2)."""
    return write_event(
        type=EventType.TEACHER_EMAIL_ADDRESS_UPDATED,
        author=author,
        heading=transition("email address", old_email, new_email),
        metadata={"old_email": old_email, "new_email": new_email},
        teacher=period.teacher,
        school=period.school,
        **_at_school_link(period),
    )


def _working_pattern_words(value: str | None) -> str | None:
    """`full_time` → `full time`, as the reference humanises it."""
    return value.replace("_", " ") if value else value


def teacher_working_pattern_updated(*, author: Author, period: Any, old: str | None, new: str) -> Event:
    return write_event(
        type=EventType.TEACHER_WORKING_PATTERN_UPDATED,
        author=author,
        heading=transition("working pattern", _working_pattern_words(old), _working_pattern_words(new)),
        metadata={"old_working_pattern": old, "new_working_pattern": new},
        teacher=period.teacher,
        school=period.school,
        ect_at_school_period=period,
    )


def teacher_appropriate_body_changed(*, author: Author, period: Any, old: Any, new: Any) -> Event:
    """BR-ECT-32: the old body shows as `Not reported` when there was none."""
    return write_event(
        type=EventType.TEACHER_APPROPRIATE_BODY_CHANGED,
        author=author,
        heading=transition("appropriate body", old.name if old is not None else NOT_REPORTED, new.name),
        metadata={"old_appropriate_body_id": old.pk if old is not None else None, "new_appropriate_body_id": new.pk},
        teacher=period.teacher,
        school=period.school,
        ect_at_school_period=period,
        appropriate_body_period=new,
    )


# Funding eligibility (§6.5) -----------------------------------------------------------------------------------


def teacher_funding_eligibility_set(*, author: Author, teacher: Any, role: str, modifications: list[str]) -> Event:
    """`Jane Smith’s ECT funding eligibility was set` (role `ect` or `mentor`)."""
    label = "ECT" if role == "ect" else "mentor"
    return write_event(
        type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET,
        author=author,
        heading=f"{teacher.full_name}’s {label} funding eligibility was set",
        modifications=modifications,
        teacher=teacher,
    )


def school_partnership_reused(*, author: Author, school_partnership: Any, previous_school_partnership: Any) -> Event:
    """§6.10: registration re-created a partnership from an earlier year's for the registration contract period."""
    school = school_partnership.school
    delivery_partner = school_partnership.delivery_partner
    lead_provider = school_partnership.lead_provider
    year = school_partnership.contract_period.year
    return write_event(
        type=EventType.SCHOOL_PARTNERSHIP_REUSED,
        author=author,
        heading=f"{school.name} reused a previous partnership with {delivery_partner.name} (via {lead_provider.name}) "
        f"for {year}",
        metadata={
            "previous_school_partnership_id": previous_school_partnership.pk,
            "reused_into_contract_period_year": year,
        },
        school_partnership=school_partnership,
        delivery_partner=delivery_partner,
        school=school,
        lead_provider=lead_provider,
    )
