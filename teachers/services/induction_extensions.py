"""Induction extensions (domain.md §5.16, §7.3.3; BR-EXT-01 … BR-EXT-03): extra FTE terms recorded at
teacher level. AB users add and edit them for teachers with an open induction at their AB; only DfE staff
delete them. Induction periods are never changed by an extension."""

from __future__ import annotations

from typing import Any

from appropriate_bodies.models import AppropriateBodyPeriod
from core.errors import BASE, DomainError
from core.services import service
from events.authors import Author
from events.record import induction as record
from events.recorder import describe_changes
from teachers.messages import induction as messages
from teachers.models import InductionExtension, Teacher
from teachers.services.induction_support import acting_appropriate_body, ongoing_induction_period_of
from teachers.validation.induction_periods import parse_extension_terms


def _extension_body(*, author: Author, teacher: Teacher) -> AppropriateBodyPeriod | None:
    """AB users manage extensions only for teachers with an open induction at their AB (journeys.md §5.9)."""
    body = acting_appropriate_body(author, None)
    if body is None:
        return None
    ongoing = ongoing_induction_period_of(teacher)
    if ongoing is None:
        raise DomainError(BASE, messages.NO_OPEN_INDUCTION.format(name=teacher.full_name))
    if ongoing.appropriate_body_period_id != body.pk:
        raise DomainError(
            BASE,
            messages.WITH_ANOTHER_BODY.format(
                name=teacher.full_name, appropriate_body=ongoing.appropriate_body_period.name
            ),
        )
    return body


@service
def add_extension(*, author: Author, teacher: Teacher, number_of_terms: Any) -> InductionExtension:
    """Extra FTE terms on top of the six (BR-EXT-03); induction periods are not changed."""
    body = _extension_body(author=author, teacher=teacher)
    terms = parse_extension_terms(number_of_terms)
    extension = InductionExtension.objects.create(teacher=teacher, number_of_terms=terms)
    record.induction_extension_created(
        author=author,
        extension=extension,
        appropriate_body=body,
        modifications=describe_changes({"number_of_terms": (None, record.format_terms(terms))}),
    )
    return extension


@service
def update_extension(*, author: Author, extension: InductionExtension, number_of_terms: Any) -> InductionExtension:
    """The AB enters the new total for this extension."""
    body = _extension_body(author=author, teacher=extension.teacher)
    terms = parse_extension_terms(number_of_terms)
    old = extension.number_of_terms
    if old == terms:
        return extension
    extension.number_of_terms = terms
    extension.save(update_fields=["number_of_terms", "updated_at"])
    record.induction_extension_updated(
        author=author,
        extension=extension,
        appropriate_body=body,
        modifications=describe_changes({"number_of_terms": (record.format_terms(old), record.format_terms(terms))}),
    )
    return extension


@service
def delete_extension(*, author: Author, extension: InductionExtension) -> None:
    """Only DfE staff delete extensions (journeys.md §5.9)."""
    if not author.is_dfe_staff:
        raise DomainError(BASE, messages.ONLY_DFE_STAFF_DELETE_EXTENSIONS)
    teacher, terms = extension.teacher, extension.number_of_terms
    extension.delete()
    record.induction_extension_deleted(author=author, teacher=teacher, number_of_terms=terms)
