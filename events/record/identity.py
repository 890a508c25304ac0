"""Events about a teacher's identity: TRS refreshes, merges and imports (domain.md §5.20, §7.7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.dates import govuk_date
from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def transition(attribute: str, old: Any, new: Any) -> str:
    """`Name changed from 'Jane Smyth' to 'Jane Smith'`: the reference's wording for one value changing."""
    label = attribute[:1].upper() + attribute[1:].lower()

    def show(value: Any) -> str:
        return f"'{govuk_date(value) if isinstance(value, dt.date) else value}'"

    if old in (None, "") and new in (None, ""):
        return f"{label} is not set"
    if old in (None, ""):
        return f"{label} set to {show(new)}"
    if new in (None, ""):
        return f"{label} {show(old)} removed"
    if old == new:
        return f"{label} {show(old)} unchanged"
    return f"{label} changed from {show(old)} to {show(new)}"


def teacher_name_updated_by_user(*, author: Author, teacher: Any, old_name: str, new_name: str) -> Event:
    """A school corrected the name TRS holds while registering the teacher, or changed it later."""
    return write_event(
        type=EventType.TEACHER_NAME_UPDATED_BY_USER,
        author=author,
        heading=transition("name", old_name, new_name),
        metadata={"old_name": old_name, "new_name": new_name},
        teacher=teacher,
    )


def teacher_imported_from_trs(*, author: Author, teacher: Any) -> Event:
    return write_event(
        type=EventType.TEACHER_IMPORTED_FROM_TRS, author=author, heading="Imported from TRS", teacher=teacher
    )


def teacher_name_updated_by_trs(*, author: Author, teacher: Any, old_name: str, new_name: str) -> Event:
    return write_event(
        type=EventType.TEACHER_NAME_UPDATED_BY_TRS,
        author=author,
        heading=transition("name", old_name, new_name),
        metadata={"old_name": old_name, "new_name": new_name},
        teacher=teacher,
    )


def teacher_trs_induction_status_updated(
    *, author: Author, teacher: Any, old_status: str | None, new_status: str | None, modifications: list[str]
) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED,
        author=author,
        heading=transition("induction status", old_status, new_status),
        modifications=modifications,
        teacher=teacher,
    )


def teacher_trs_attributes_updated(*, author: Author, teacher: Any, modifications: list[str]) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_ATTRIBUTES_UPDATED,
        author=author,
        heading="TRS attributes updated",
        modifications=modifications,
        teacher=teacher,
    )


def teacher_trs_not_found(*, author: Author, teacher: Any, modifications: list[str] | None = None) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_NOT_FOUND,
        author=author,
        heading=f"{teacher.full_name} was not found in TRS",
        body="TRS API returned 404 so the record was marked as not found",
        modifications=modifications,
        teacher=teacher,
    )


def teacher_trs_deactivated(*, author: Author, teacher: Any) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_DEACTIVATED,
        author=author,
        heading=f"{teacher.full_name} was deactivated in TRS",
        body="TRS API returned 410 so the record was marked as deactivated",
        teacher=teacher,
    )


def teacher_trs_merged(
    *, author: Author, teacher: Any, redirected_to: str | None, modifications: list[str] | None = None
) -> Event:
    return write_event(
        type=EventType.TEACHER_TRS_MERGED,
        author=author,
        heading=f"{teacher.full_name} was merged into another TRS record",
        body=f"TRS API returned 308 so the record was marked as merged. Redirected to TRN {redirected_to or 'unknown'}",
        metadata={"trs_redirected_to": redirected_to},
        modifications=modifications,
        teacher=teacher,
    )


def teacher_merged(
    *,
    author: Author,
    source: Any,
    destination: Any,
    source_details: dict[str, Any],
    note: str | None = None,
    zendesk_ticket_id: int | None = None,
) -> list[Event]:
    """Two events, one on each record, so both timelines say what happened (BR-T-15)."""
    source_name = source_details["name"]
    destination_name = destination.full_name
    described_source = (
        f"{source_name} (TRN {source_details['trn']}, participant {source_details['api_id']}, teacher {source.pk})"
    )
    described_destination = (
        f"{destination_name} (TRN {destination.trn}, participant {destination.api_id}, teacher {destination.pk})"
    )
    suffix = f" {note}" if note else ""
    common = dict(
        type=EventType.TEACHER_MERGED,
        author=author,
        zendesk_ticket_id=zendesk_ticket_id,
        metadata={"source_teacher_id": source.pk, "destination_teacher_id": destination.pk},
    )
    return [
        write_event(
            **common,
            heading=f"Records were merged into {destination_name} from {source_name}",
            body=f"Records were merged in from {described_source}, which was then anonymised. "
            f"Destination: {described_destination}.{suffix}",
            teacher=destination,
        ),
        write_event(
            **common,
            heading=f"Teacher record was merged into {destination_name} and anonymised",
            body=f"This record ({described_source}) was merged into {described_destination} and anonymised.{suffix}",
            teacher=source,
        ),
    ]


def import_from_dqt(*, author: Author, teacher: Any, modifications: list[str] | None = None) -> Event:
    return write_event(
        type=EventType.IMPORT_FROM_DQT,
        author=author,
        heading="Early roll-out mentor imported from DQT",
        modifications=modifications,
        teacher=teacher,
    )
