"""Events for declarations and their payment and clawback transitions (domain.md §5.18, §5.20 "Declarations").
Headings follow the reference's patterns, e.g. `Jane Smith’s started declaration was marked as payable`."""

from __future__ import annotations

from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def _links(declaration: Any, statement: Any | None) -> dict[str, Any]:
    training_period = declaration.training_period
    return {
        "declaration": declaration,
        "training_period": training_period,
        "teacher": training_period.teacher,
        "statement": statement,
    }


def _metadata(declaration: Any, **extra: Any) -> dict[str, Any]:
    return {
        "declaration_type": declaration.declaration_type,
        "payment_status": declaration.payment_status,
        "clawback_status": declaration.clawback_status,
        **extra,
    }


def teacher_declaration_created(*, author: Author, declaration: Any, lead_provider: Any) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_CREATED,
        author=author,
        heading=(
            f"A new declaration ({declaration.declaration_type} - {declaration.payment_status}) with id "
            f"{declaration.pk} was created for the teacher: {teacher.full_name} ({lead_provider.name})"
        ),
        metadata=_metadata(declaration),
        lead_provider=lead_provider,
        **_links(declaration, declaration.payment_statement),
    )


def teacher_declaration_eligible(*, author: Author, declaration: Any) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_ELIGIBLE,
        author=author,
        heading=f"{teacher.full_name}’s {declaration.declaration_type} declaration was marked as eligible",
        metadata=_metadata(declaration),
        **_links(declaration, declaration.payment_statement),
    )


def teacher_declaration_payable(*, author: Author, declaration: Any) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_PAYABLE,
        author=author,
        heading=f"{teacher.full_name}’s {declaration.declaration_type} declaration was marked as payable",
        metadata=_metadata(declaration),
        **_links(declaration, declaration.payment_statement),
    )


def teacher_declaration_paid(*, author: Author, declaration: Any) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_PAID,
        author=author,
        heading=f"{teacher.full_name}’s {declaration.declaration_type} declaration was paid",
        metadata=_metadata(declaration),
        **_links(declaration, declaration.payment_statement),
    )


def teacher_declaration_voided(*, author: Author, declaration: Any, previous_payment_status: str) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_VOIDED,
        author=author,
        heading=f"{teacher.full_name}’s declaration was voided",
        metadata=_metadata(declaration, previous_payment_status=previous_payment_status),
        user=declaration.voided_by_user,
        **_links(declaration, declaration.payment_statement),
    )


def teacher_declaration_awaiting_clawback(*, author: Author, declaration: Any) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_AWAITING_CLAWBACK,
        author=author,
        heading=f"{teacher.full_name}’s declaration was marked as awaiting clawback",
        metadata=_metadata(declaration),
        **_links(declaration, declaration.clawback_statement),
    )


def teacher_declaration_clawed_back(*, author: Author, declaration: Any) -> Event:
    teacher = declaration.training_period.teacher
    return write_event(
        type=EventType.TEACHER_DECLARATION_CLAWED_BACK,
        author=author,
        heading=f"{teacher.full_name}’s {declaration.declaration_type} declaration was clawed back",
        metadata=_metadata(declaration),
        **_links(declaration, declaration.clawback_statement),
    )
