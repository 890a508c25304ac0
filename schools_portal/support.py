"""Support queries from schools (journeys.md §4.13, domain.md §5.23, integrations.md §8): the form's answers are
checked and kept as a `pending` query; after the transaction commits a job sends it to Zendesk, moving it to
`sending`, then `sent` with the ticket id, or `failed` (which `retry_support_query` puts back to `pending`).

A support query changes no teacher's record, so it writes no timeline event."""

from __future__ import annotations

import logging

from django.db import transaction

from core.errors import DomainError
from schools.models import School
from schools_portal.models import SupportQuery, SupportQueryState
from schools_portal.zendesk import Ticket, ZendeskError, zendesk
from teachers.validation.mentor_registration import is_valid_email

logger = logging.getLogger(__name__)
MESSAGE_REQUIRED = "Enter your message"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


def submit_support_query(*, name: str, email: str, school: School, message: str | None) -> SupportQuery:
    """Keep the query and queue its sending once it has committed."""
    message = (message or "").strip()
    if not message:
        raise DomainError("message", MESSAGE_REQUIRED)
    if not is_valid_email(email or ""):
        raise DomainError("email", EMAIL_INVALID)
    with transaction.atomic():
        query = SupportQuery.objects.create(
            name=name, email=email, school_name=school.name, school_urn=school.urn, message=message
        )
        transaction.on_commit(lambda: queue_sending(query.pk))
    return query


def queue_sending(support_query_id: int) -> None:
    """Queue the job; if queueing fails the query stays `pending` for support to resend, and the user's request
    still succeeded."""
    from schools_portal.tasks import send_support_query_job

    try:
        send_support_query_job.defer(support_query_id=support_query_id)
    except Exception:
        logger.exception("Could not queue support query %s", support_query_id)


def ticket_for(query: SupportQuery) -> Ticket:
    return Ticket(
        requester_name=query.name,
        requester_email=query.email,
        subject=f"Support query from {query.school_name}",
        description=f"{query.message}\n\nSchool name: {query.school_name}\nSchool URN: {query.school_urn}",
    )


def send_support_query(support_query_id: int) -> str:
    """`pending → sending → sent` (with the ticket id) or `sending → failed`. Only a pending query is sent, so a
    repeated job never makes a second ticket. Returns the final state."""
    with transaction.atomic():
        query = SupportQuery.objects.select_for_update().get(pk=support_query_id)
        if query.state != SupportQueryState.PENDING:
            return query.state
        query.state = SupportQueryState.SENDING
        query.save(update_fields=["state", "updated_at"])
    try:
        ticket_id = zendesk().create_ticket(ticket_for(query))
    except ZendeskError:
        logger.exception("Zendesk refused support query %s", support_query_id)
        query.state = SupportQueryState.FAILED
        query.save(update_fields=["state", "updated_at"])
        return query.state
    query.state, query.zendesk_id = SupportQueryState.SENT, ticket_id
    query.save(update_fields=["state", "zendesk_id", "updated_at"])
    return query.state


def retry_support_query(support_query_id: int) -> SupportQuery:
    """`failed → pending`, queued again."""
    with transaction.atomic():
        query = SupportQuery.objects.select_for_update().get(pk=support_query_id)
        if query.state == SupportQueryState.FAILED:
            query.state = SupportQueryState.PENDING
            query.save(update_fields=["state", "updated_at"])
            transaction.on_commit(lambda: queue_sending(query.pk))
    return query
