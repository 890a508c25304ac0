"""Events for statements: the status moves and adjustments (finance.md §5.8, domain.md §5.20 "Finance"). Each links
the statement, its active lead provider, the lead provider and the contract period, so the event shows on the
provider's timeline."""

from __future__ import annotations

import calendar
from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def _period(statement: Any) -> str:
    return f"{calendar.month_name[statement.month]} {statement.year}"


def _links(statement: Any) -> dict[str, Any]:
    active = statement.active_lead_provider
    return {
        "statement": statement,
        "active_lead_provider": active,
        "lead_provider": active.lead_provider,
        "contract_period": active.contract_period,
    }


def _describe(statement: Any) -> str:
    """`January 2025 output statement for Ambition Institute`."""
    return (
        f"{_period(statement)} {statement.fee_type} statement for {statement.active_lead_provider.lead_provider.name}"
    )


def statement_marked_payable(*, author: Author, statement: Any, declarations_count: int) -> Event:
    return write_event(
        type=EventType.STATEMENT_MARKED_PAYABLE,
        author=author,
        heading=f"Statement marked as payable: {_describe(statement)}",
        metadata={"status": statement.status, "declarations_marked_payable": declarations_count},
        **_links(statement),
    )


def statement_authorised_for_payment(
    *, author: Author, statement: Any, paid_count: int, clawed_back_count: int
) -> Event:
    return write_event(
        type=EventType.STATEMENT_AUTHORISED_FOR_PAYMENT,
        author=author,
        heading=f"Statement authorised for payment: {_describe(statement)}",
        metadata={
            "status": statement.status,
            "marked_as_paid_at": statement.marked_as_paid_at.isoformat(),
            "declarations_paid": paid_count,
            "declarations_clawed_back": clawed_back_count,
        },
        **_links(statement),
    )


def _adjustment_metadata(adjustment: Any) -> dict[str, Any]:
    return {"adjustment_id": adjustment.pk, "payment_type": adjustment.payment_type, "amount": str(adjustment.amount)}


def statement_adjustment_added(*, author: Author, adjustment: Any) -> Event:
    statement = adjustment.statement
    return write_event(
        type=EventType.STATEMENT_ADJUSTMENT_ADDED,
        author=author,
        heading=f"Adjustment added to {_describe(statement)}: {adjustment.payment_type}",
        metadata=_adjustment_metadata(adjustment),
        statement_adjustment=adjustment,
        **_links(statement),
    )


def statement_adjustment_updated(*, author: Author, adjustment: Any, modifications: list[str]) -> Event:
    statement = adjustment.statement
    return write_event(
        type=EventType.STATEMENT_ADJUSTMENT_UPDATED,
        author=author,
        heading=f"Adjustment updated on {_describe(statement)}: {adjustment.payment_type}",
        modifications=modifications,
        metadata=_adjustment_metadata(adjustment),
        statement_adjustment=adjustment,
        **_links(statement),
    )


def statement_adjustment_deleted(
    *, author: Author, statement: Any, payment_type: str, amount: Any, adjustment_id: int
) -> Event:
    """Written after the row is gone, so it links the statement and keeps the adjustment in its metadata."""
    return write_event(
        type=EventType.STATEMENT_ADJUSTMENT_DELETED,
        author=author,
        heading=f"Adjustment removed from {_describe(statement)}: {payment_type}",
        metadata={"adjustment_id": adjustment_id, "payment_type": payment_type, "amount": str(amount)},
        **_links(statement),
    )


def statement_created(*, author: Author, statement: Any) -> Event:
    """`Statement created: January 2027 output statement for Alpha Learning`."""
    return write_event(
        type=EventType.STATEMENT_CREATED,
        author=author,
        heading=f"Statement created: {_describe(statement)}",
        metadata={
            "contract_id": statement.contract_id,
            "deadline_date": statement.deadline_date.isoformat(),
            "payment_date": statement.payment_date.isoformat(),
        },
        **_links(statement),
    )


def statement_updated(*, author: Author, statement: Any, modifications: list[str]) -> Event:
    return write_event(
        type=EventType.STATEMENT_UPDATED,
        author=author,
        heading=f"Statement updated: {_describe(statement)}",
        modifications=modifications,
        **_links(statement),
    )


def statement_deleted(*, author: Author, statement: Any) -> Event:
    """finance.md §5.8: `Statement deleted: {period} {fee type} for {lead provider}`. Written after the row is gone,
    so it links the provider and contract period and keeps the statement's identity in its metadata."""
    active = statement.active_lead_provider
    return write_event(
        type=EventType.STATEMENT_DELETED,
        author=author,
        heading=f"Statement deleted: {_describe(statement)}",
        metadata={"statement_api_id": str(statement.api_id), "month": statement.month, "year": statement.year},
        active_lead_provider=active,
        lead_provider=active.lead_provider,
        contract_period=active.contract_period,
    )
