"""A statement computed on demand (finance.md §7: nothing is cached, so a change to band terms or adjustments shows
at once) and what the page needs to decide which actions to offer."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from core import clock
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from finance.calculation import (
    StatementCalculation,
    StatementInput,
    StatementLines,
    calculate_statement,
    statement_lines,
)
from finance.models import FeeType, Statement, StatementStatus
from finance.selectors.statement_inputs import statement_for_calculation, statement_input


def statement_name(statement: Statement) -> str:
    """§5.1: full month name and year, e.g. `January 2025`."""
    return f"{calendar.month_name[statement.month]} {statement.year}"


@dataclass(frozen=True)
class ComputedStatement:
    statement: Statement
    inputs: StatementInput
    calculation: StatementCalculation
    lines: StatementLines

    @property
    def name(self) -> str:
        return statement_name(self.statement)


def computed_statement(statement: Statement | int) -> ComputedStatement:
    """Load, compute and lay out one statement (six queries, however many declarations it has)."""
    loaded = statement_for_calculation(statement if isinstance(statement, int) else statement.pk)
    inputs = statement_input(loaded)
    calculation = calculate_statement(inputs)
    return ComputedStatement(loaded, inputs, calculation, statement_lines(inputs, calculation))


def has_outstanding_declarations(statement: Statement) -> bool:
    """§5.2: a `payable` payment declaration or an `awaiting_clawback` clawback declaration on the statement."""
    return (
        Declaration.objects.filter(payment_statement=statement, payment_status=PaymentStatus.PAYABLE).exists()
        or Declaration.objects.filter(
            clawback_statement=statement, clawback_status=ClawbackStatus.AWAITING_CLAWBACK
        ).exists()
    )


def can_authorise_for_payment(statement: Statement) -> bool:
    """§5.2 `payable → paid` preconditions: output, payable, not yet marked paid, deadline before today, and
    something outstanding to pay or claw back."""
    return (
        statement.fee_type == FeeType.OUTPUT
        and statement.status == StatementStatus.PAYABLE
        and statement.marked_as_paid_at is None
        and statement.deadline_date < clock.today()
        and has_outstanding_declarations(statement)
    )


def adjustments_editable(statement: Statement) -> bool:
    """§5.2 / journeys §6.8.5: adjustments change only on output statements that are not paid."""
    return statement.fee_type == FeeType.OUTPUT and statement.status != StatementStatus.PAID


def statements_due_payable(today=None):
    """Output statements still open whose deadline has passed (the daily job's work list, §5.2)."""
    return Statement.objects.filter(
        fee_type=FeeType.OUTPUT, status=StatementStatus.OPEN, deadline_date__lt=today or clock.today()
    ).order_by("deadline_date", "pk")
