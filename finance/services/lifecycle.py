"""A statement's status moves (finance.md §5.2, §6.2; journeys.md §6.8.4):

* `open → payable`, by the daily job once an output statement's deadline has passed: its `eligible` declarations
  become `payable`; awaiting-clawback ones are left alone.
* `payable → paid`, when a finance user authorises payment having ticked that the assurance checks are done: its
  `payable` declarations become `paid`, its `awaiting_clawback` clawbacks `clawed_back`, and `marked_as_paid_at`
  is set — all in one transaction.

Service statements never move through here (§5.4). Each declaration's move goes through the declaration
transition services, so each writes its own event."""

from __future__ import annotations

from core import clock
from core.errors import BASE, DomainError
from core.services import service
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from declarations.services.transitions import mark_as_clawed_back, mark_as_paid, mark_as_payable
from events.authors import Author
from events.record import statements as record
from finance import messages
from finance.models import FeeType, Statement, StatementStatus
from finance.selectors.statements import has_outstanding_declarations, statements_due_payable
from finance.validation import check_status_change


def _locked(statement: Statement) -> Statement:
    return (
        Statement.objects.select_for_update(of=("self",))
        .select_related("active_lead_provider__lead_provider", "active_lead_provider__contract_period")
        .get(pk=statement.pk)
    )


def _declarations(**filters) -> list[Declaration]:
    return list(Declaration.objects.filter(**filters).order_by("pk"))


@service
def mark_statement_payable(*, author: Author, statement: Statement) -> Statement:
    """§5.2 `open → payable`: an open output statement whose deadline is before today."""
    locked = _locked(statement)
    if locked.fee_type != FeeType.OUTPUT:
        raise DomainError("fee_type", messages.NOT_AN_OUTPUT_STATEMENT)
    check_status_change(locked, StatementStatus.PAYABLE)
    eligible = _declarations(payment_statement=locked, payment_status=PaymentStatus.ELIGIBLE)
    for declaration in eligible:
        mark_as_payable(author=author, declaration=declaration)
    locked.status = StatementStatus.PAYABLE
    locked.api_updated_at = clock.now()
    locked.save(update_fields=["status", "api_updated_at", "updated_at"])
    record.statement_marked_payable(author=author, statement=locked, declarations_count=len(eligible))
    statement.refresh_from_db()
    return locked


@service
def authorise_statement_for_payment(
    *, author: Author, statement: Statement, assurance_checks_completed: bool
) -> Statement:
    """§5.2 `payable → paid` ("Authorise for payment"): an output statement, payable, not yet marked paid, past
    its deadline, with at least one payable declaration or awaiting clawback."""
    if not assurance_checks_completed:
        raise DomainError("assurance_checks_completed", messages.ASSURANCE_CHECKS_REQUIRED)
    locked = _locked(statement)
    if locked.fee_type != FeeType.OUTPUT:
        raise DomainError("fee_type", messages.NOT_AN_OUTPUT_STATEMENT)
    if locked.marked_as_paid_at is not None:
        raise DomainError(BASE, messages.ALREADY_AUTHORISED)
    check_status_change(locked, StatementStatus.PAID)
    if not has_outstanding_declarations(locked):
        raise DomainError(BASE, messages.NO_OUTSTANDING_DECLARATIONS)
    payable = _declarations(payment_statement=locked, payment_status=PaymentStatus.PAYABLE)
    for declaration in payable:
        mark_as_paid(author=author, declaration=declaration)
    awaiting = _declarations(clawback_statement=locked, clawback_status=ClawbackStatus.AWAITING_CLAWBACK)
    for declaration in awaiting:
        mark_as_clawed_back(author=author, declaration=declaration)
    now = clock.now()
    locked.status = StatementStatus.PAID
    locked.marked_as_paid_at = now
    locked.api_updated_at = now
    locked.save(update_fields=["status", "marked_as_paid_at", "api_updated_at", "updated_at"])
    record.statement_authorised_for_payment(
        author=author, statement=locked, paid_count=len(payable), clawed_back_count=len(awaiting)
    )
    statement.refresh_from_db()
    return locked


def mark_statements_payable(*, today=None) -> list[Statement]:
    """The daily job (§5.2, 00:00 UTC): every open output statement whose deadline has passed becomes payable, each
    in its own transaction, by the system. Safe to run again, and a missed day is caught up by the next run."""
    author = Author.system()
    return [mark_statement_payable(author=author, statement=statement) for statement in statements_due_payable(today)]
