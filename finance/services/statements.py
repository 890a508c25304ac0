"""Adding, changing and deleting statements (finance.md §5.1, §5.4, §5.8; journeys.md §6.8.7 "Statements for an
LP"). The shape rules are `finance.validation.validate_statement` (BR-ST-01, BR-ST-02); here are the ones that
need the provider and the contract period:

* the contract must be one of the active lead provider's;
* `fee_type` follows the month (January, April, August and November are output months), on create and update;
* nothing is added once the contract period's payments are frozen, nor changed or deleted afterwards;
* a statement that any declaration points at (as payment or clawback statement) cannot be deleted.

Each action is one transaction with its event (`statement_created` / `statement_updated` / `statement_deleted`)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from declarations.models import Declaration
from events.authors import Author
from events.record import statements as record
from events.recorder import describe_changes
from finance import messages
from finance.models import Contract, FeeType, Statement
from finance.validation import validate_statement
from providers.models import ActiveLeadProvider
from providers.services.contract_periods import payments_frozen

OUTPUT_MONTHS = frozenset({1, 4, 8, 11})


def fee_type_for_month(month: int | None) -> str:
    """§5.4: January, April, August and November statements carry declarations; the others only the service fee."""
    return FeeType.OUTPUT if month in OUTPUT_MONTHS else FeeType.SERVICE


def _check_not_frozen(active_lead_provider: ActiveLeadProvider, message: str) -> None:
    if payments_frozen(active_lead_provider.contract_period):
        raise DomainError(BASE, message)


def _check_contract(
    contract: Contract | None, active_lead_provider: ActiveLeadProvider, errors: ErrorCollector
) -> None:
    if contract is not None and contract.active_lead_provider_id != active_lead_provider.pk:
        errors.add("contract", messages.CONTRACT_OF_ANOTHER_PROVIDER)


def _save(statement: Statement) -> None:
    """The database's one-per-provider-month constraint is the backstop for two people adding at once."""
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint == "statements_unique_provider_month_year":
            raise DomainError(BASE, messages.STATEMENT_NOT_UNIQUE) from error
        raise


@service
def create_statement(
    *,
    author: Author,
    active_lead_provider: ActiveLeadProvider,
    contract: Contract | None,
    month: int | None,
    year: int | None,
    deadline_date: dt.date | None,
    payment_date: dt.date | None,
) -> Statement:
    """A new, open statement; its fee type follows the month. Refused once the period's payments are frozen."""
    active = ActiveLeadProvider.objects.select_related("lead_provider", "contract_period").get(
        pk=active_lead_provider.pk
    )
    _check_not_frozen(active, messages.STATEMENT_PAYMENTS_FROZEN)
    statement = Statement(
        active_lead_provider=active,
        contract=contract,
        month=month,
        year=year,
        deadline_date=deadline_date,
        payment_date=payment_date,
        fee_type=fee_type_for_month(month),
        api_updated_at=clock.now(),
    )
    errors = ErrorCollector()
    _check_contract(contract, active, errors)
    try:
        validate_statement(statement, is_new=True)
    except DomainError as failure:
        errors.errors.extend(failure.errors)
    if deadline_date == clock.today():  # §5.1: strictly after today (the shared validator lets today through)
        errors.add("deadline_date", messages.DEADLINE_DATE_NOT_IN_FUTURE)
    errors.raise_if_any()
    _save(statement)
    record.statement_created(author=author, statement=statement)
    return statement


@service
def update_statement(
    *,
    author: Author,
    statement: Statement,
    contract: Contract | None,
    month: int | None,
    year: int | None,
    deadline_date: dt.date | None,
    payment_date: dt.date | None,
) -> Statement:
    """§5.1: a changed deadline must still be after today; the fee type follows a changed month. Refused once the
    period's payments are frozen."""
    stored = (
        Statement.objects.select_for_update(of=("self",))
        .select_related("active_lead_provider__lead_provider", "active_lead_provider__contract_period")
        .get(pk=statement.pk)
    )
    _check_not_frozen(stored.active_lead_provider, messages.STATEMENT_NOT_EDITABLE)
    values = {
        "contract": contract,
        "month": month,
        "year": year,
        "deadline_date": deadline_date,
        "payment_date": payment_date,
        "fee_type": fee_type_for_month(month),
    }
    candidate = Statement(**{f.attname: getattr(stored, f.attname) for f in Statement._meta.concrete_fields})
    for field, value in values.items():
        setattr(candidate, field, value)
    errors = ErrorCollector()
    _check_contract(contract, stored.active_lead_provider, errors)
    try:
        validate_statement(candidate, is_new=False)
    except DomainError as failure:
        errors.errors.extend(failure.errors)
    if deadline_date is not None and deadline_date != stored.deadline_date and deadline_date <= clock.today():
        errors.add("deadline_date", messages.DEADLINE_DATE_NOT_IN_FUTURE)
    errors.raise_if_any()
    changes = {}
    for field, new in values.items():
        old = getattr(stored, field)
        if old != new:
            changes[field] = (old.pk if field == "contract" else old, new.pk if field == "contract" else new)
            setattr(stored, field, new)
    if changes:
        stored.api_updated_at = clock.now()
        _save(stored)
        record.statement_updated(author=author, statement=stored, modifications=describe_changes(changes))
    statement.refresh_from_db()
    return stored


@service
def delete_statement(*, author: Author, statement: Statement) -> None:
    """§5.1: not while a declaration points at it, and not once the period's payments are frozen."""
    stored = (
        Statement.objects.select_for_update(of=("self",))
        .select_related("active_lead_provider__lead_provider", "active_lead_provider__contract_period")
        .get(pk=statement.pk)
    )
    _check_not_frozen(stored.active_lead_provider, messages.STATEMENT_NOT_EDITABLE)
    in_use = Declaration.objects.filter(payment_statement=stored).exists() or (
        Declaration.objects.filter(clawback_statement=stored).exists()
    )
    if in_use:
        raise DomainError(BASE, messages.STATEMENT_HAS_DECLARATIONS)
    stored.delete()
    record.statement_deleted(author=author, statement=stored)
