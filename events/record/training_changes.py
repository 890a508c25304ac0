"""Events for changes to training after it started (domain.md §5.20, §7.4.2 – §7.4.8).

Headings follow the spec's pattern `<Teacher name>’s <ECT|mentor> training period was withdrawn by <LP>`;
school changes use the reference's "<Attribute> changed from '<old>' to '<new>'" description."""

from __future__ import annotations

from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import AuthorType, EventType


def _kind(training_period) -> str:
    return "ECT" if training_period.ect_at_school_period_id else "mentor"


def _links(training_period) -> dict[str, Any]:
    at_school = training_period.ect_at_school_period or training_period.mentor_at_school_period
    return {
        "training_period": training_period,
        "teacher": at_school.teacher,
        "school": at_school.school,
        "ect_at_school_period": training_period.ect_at_school_period,
        "mentor_at_school_period": training_period.mentor_at_school_period,
    }


def _by(author: Author, lead_provider) -> str:
    """Who paused, stopped or restarted the training: the lead provider over the API, or the school when it told
    us itself (docs/school-reported-training-changes.md). A DfE user can only make these changes while acting as
    the school (the API is the lead provider's only way in), so their report is the school's too, as the school's
    pages already read it (`schools_portal.selectors.training_change_reported_by_school`)."""
    return "the school" if author.type in (AuthorType.SCHOOL_USER, AuthorType.DFE_STAFF_USER) else lead_provider.name


def transition(attribute: str, *, old: str | None, new: str | None) -> str:
    """ "Lead provider changed from 'Alpha Learning' to 'Beta Institute'" (and the set/removed variants)."""
    label = attribute[:1].upper() + attribute[1:]
    if not old and not new:
        return f"{label} is not set"
    if not old:
        return f"{label} set to '{new}'"
    if not new:
        return f"{label} '{old}' removed"
    return f"{label} changed from '{old}' to '{new}'"


def teacher_withdraws_training_period(
    *, author: Author, training_period, lead_provider, modifications: list[str] | None = None
) -> Event:
    return write_event(
        type=EventType.TEACHER_WITHDRAWS_TRAINING_PERIOD,
        author=author,
        heading=(
            f"{training_period.teacher.full_name}’s {_kind(training_period)} training period was withdrawn "
            f"by {_by(author, lead_provider)}"
        ),
        modifications=modifications,
        metadata={"withdrawal_reason": training_period.withdrawal_reason},
        lead_provider=lead_provider,
        **_links(training_period),
    )


def teacher_defers_training_period(
    *, author: Author, training_period, lead_provider, modifications: list[str] | None = None
) -> Event:
    return write_event(
        type=EventType.TEACHER_DEFERS_TRAINING_PERIOD,
        author=author,
        heading=(
            f"{training_period.teacher.full_name}’s {_kind(training_period)} training period was deferred "
            f"by {_by(author, lead_provider)}"
        ),
        modifications=modifications,
        metadata={"deferral_reason": training_period.deferral_reason},
        lead_provider=lead_provider,
        **_links(training_period),
    )


def teacher_resumes_training_period(*, author: Author, training_period, new_training_period, lead_provider) -> Event:
    """Linked to the period that was paused; the new period's id is kept in the metadata (§7.4.4)."""
    return write_event(
        type=EventType.TEACHER_RESUMES_TRAINING_PERIOD,
        author=author,
        heading=(
            f"{training_period.teacher.full_name}’s {_kind(training_period)} training period was resumed "
            f"by {_by(author, lead_provider)}"
        ),
        metadata={"new_training_period_id": new_training_period.pk},
        lead_provider=lead_provider,
        **_links(training_period),
    )


def teacher_changes_schedule_training_period(
    *, author: Author, training_period, original_schedule, new_training_period, lead_provider
) -> Event:
    return write_event(
        type=EventType.TEACHER_CHANGES_SCHEDULE_TRAINING_PERIOD,
        author=author,
        heading=(
            f"{training_period.teacher.full_name}’s {_kind(training_period)} training changed schedule from "
            f"{original_schedule.description} to {new_training_period.schedule.description} by {lead_provider.name}"
        ),
        metadata={
            "training_period_id": new_training_period.pk,
            "from_schedule_id": original_schedule.pk,
            "to_schedule_id": new_training_period.schedule_id,
        },
        schedule=original_schedule,
        lead_provider=lead_provider,
        **_links(training_period),
    )


def teacher_training_period_contract_period_changed(
    *, author: Author, training_period, new_training_period, from_contract_period, to_contract_period
) -> Event:
    return write_event(
        type=EventType.TEACHER_TRAINING_PERIOD_CONTRACT_PERIOD_CHANGED,
        author=author,
        heading=(
            f"{training_period.teacher.full_name}’s {_kind(training_period)} training contract period changed "
            f"from {from_contract_period.year} to {to_contract_period.year}"
        ),
        metadata={
            "new_training_period_id": new_training_period.pk,
            "to_contract_period_id": to_contract_period.year,
        },
        contract_period=from_contract_period,
        **_links(training_period),
    )


def training_period_assigned_to_school_partnership(*, author: Author, training_period, school_partnership) -> Event:
    pairing = school_partnership.lead_provider_delivery_partnership
    return write_event(
        type=EventType.TRAINING_PERIOD_ASSIGNED_TO_SCHOOL_PARTNERSHIP,
        author=author,
        heading=(
            f"{training_period.teacher.full_name}’s {_kind(training_period)} training period was assigned to a "
            "school partnership"
        ),
        school_partnership=school_partnership,
        lead_provider=pairing.active_lead_provider.lead_provider,
        delivery_partner=pairing.delivery_partner,
        **_links(training_period),
    )


def teacher_training_programme_updated(*, author: Author, ect_at_school_period, old: str, new: str) -> Event:
    """`Training programme changed from 'provider led' to 'school led'`."""
    return write_event(
        type=EventType.TEACHER_TRAINING_PROGRAMME_UPDATED,
        author=author,
        heading=transition("training programme", old=_humanise(old), new=_humanise(new)),
        metadata={"from": old, "to": new},
        teacher=ect_at_school_period.teacher,
        school=ect_at_school_period.school,
        ect_at_school_period=ect_at_school_period,
    )


def teacher_training_lead_provider_updated(
    *, author: Author, at_school_period, old_lead_provider, new_lead_provider, training_period=None
) -> Event:
    """`Lead provider changed from 'Alpha Learning' to 'Beta Institute'` (BR-TP-33)."""
    is_ect = hasattr(at_school_period, "working_pattern")
    return write_event(
        type=EventType.TEACHER_TRAINING_LEAD_PROVIDER_UPDATED,
        author=author,
        heading=transition(
            "lead provider",
            old=old_lead_provider.name if old_lead_provider else None,
            new=new_lead_provider.name if new_lead_provider else None,
        ),
        teacher=at_school_period.teacher,
        school=at_school_period.school,
        ect_at_school_period=at_school_period if is_ect else None,
        mentor_at_school_period=None if is_ect else at_school_period,
        training_period=training_period,
    )


def _humanise(value: str | None) -> str | None:
    return value.replace("_", " ") if value else value
