"""Statement field and status rules (domain.md §5.19, §8.15; BR-ST-01, BR-ST-02; Q9). Shape only: what a statement
must look like and which status moves are allowed. The payment computations are specified elsewhere (finance.md).
"""

from __future__ import annotations

import datetime as dt

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from finance import messages
from finance.models import FeeType, Statement, StatementStatus

FIRST_STATEMENT_YEAR = 2020

STATUS_TRANSITIONS = {
    StatementStatus.PAYABLE: (StatementStatus.OPEN,),
    StatementStatus.PAID: (StatementStatus.PAYABLE,),
}


def maximum_statement_year(on: dt.date | None = None) -> int:
    """Q9: the current year plus five."""
    return (on or clock.today()).year + 5


def _is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_statement(statement: Statement, *, is_new: bool) -> None:
    """BR-ST-01 (fields; a new statement's deadline is not in the past; one statement per active lead provider,
    month and year) and BR-ST-02 (a payable or paid statement's deadline is in the past). Every failure at once."""
    errors = ErrorCollector()
    today = clock.today()
    if statement.contract_id is None:
        errors.add("contract", messages.CONTRACT_REQUIRED)
    if not (_is_whole_number(statement.month) and 1 <= statement.month <= 12):
        errors.add("month", messages.MONTH_INVALID)
    maximum_year = maximum_statement_year(today)
    if not (_is_whole_number(statement.year) and FIRST_STATEMENT_YEAR <= statement.year <= maximum_year):
        errors.add("year", messages.YEAR_INVALID.format(maximum_year=maximum_year))
    if not statement.fee_type:
        errors.add("fee_type", messages.FEE_TYPE_REQUIRED)
    elif statement.fee_type not in FeeType.values:
        errors.add("fee_type", messages.FEE_TYPE_INVALID)
    if not statement.status:
        errors.add("status", messages.STATUS_REQUIRED)
    elif statement.status not in StatementStatus.values:
        errors.add("status", messages.STATUS_INVALID)
    if statement.deadline_date is None:
        errors.add("deadline_date", messages.DEADLINE_DATE_REQUIRED)
    else:
        if is_new and statement.deadline_date < today:
            errors.add("deadline_date", messages.DEADLINE_DATE_NOT_IN_FUTURE)
        if statement.status in (StatementStatus.PAYABLE, StatementStatus.PAID) and statement.deadline_date >= today:
            errors.add("deadline_date", messages.DEADLINE_DATE_NOT_IN_PAST)
    if statement.payment_date is None or (
        statement.deadline_date is not None and statement.payment_date <= statement.deadline_date
    ):
        errors.add("payment_date", messages.PAYMENT_DATE_NOT_AFTER_DEADLINE)
    active_lead_provider_id = statement.active_lead_provider_id or (
        statement.contract.active_lead_provider_id if statement.contract_id else None
    )
    if active_lead_provider_id is not None:
        same_month = Statement.objects.filter(
            active_lead_provider_id=active_lead_provider_id, month=statement.month, year=statement.year
        )
        if statement.pk is not None:
            same_month = same_month.exclude(pk=statement.pk)
        if same_month.exists():
            errors.add(BASE, messages.STATEMENT_NOT_UNIQUE)
    errors.raise_if_any()


def check_status_change(statement: Statement, to_status: str) -> None:
    """BR-ST-02: `open → payable → paid` only, and a payable or paid statement's deadline must be in the past."""
    if statement.status not in STATUS_TRANSITIONS.get(to_status, ()):
        raise DomainError(
            "status", messages.STATUS_TRANSITION_REFUSED.format(from_status=statement.status, to_status=to_status)
        )
    if statement.deadline_date >= clock.today():
        raise DomainError("deadline_date", messages.DEADLINE_DATE_NOT_IN_PAST)
