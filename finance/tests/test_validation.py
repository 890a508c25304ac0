"""Statement fields and states (domain.md §5.19, §8.15; BR-ST-01, BR-ST-02; Q9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.errors import DomainError
from finance.models import Statement, StatementStatus
from finance.validation import check_status_change, validate_statement
from tests.builders import create_active_lead_provider
from tests.builders_providers import create_contract, create_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(world):
    return create_contract(active_lead_provider=create_active_lead_provider(lead_provider=world.alpha, year=2026))


def new_statement(contract, **fields) -> Statement:
    values = dict(
        contract=contract,
        active_lead_provider=contract.active_lead_provider,
        month=11,
        year=2026,
        deadline_date=dt.date(2026, 10, 31),
        payment_date=dt.date(2026, 11, 25),
        fee_type="output",
        status=StatementStatus.OPEN,
    )
    values.update(fields)
    return Statement(**values)


def errors_of(statement: Statement, *, is_new: bool = True) -> dict[str, str]:
    with pytest.raises(DomainError) as error:
        validate_statement(statement, is_new=is_new)
    return {e.field: e.message for e in error.value.errors}


def test_BR_ST_01_statement_field_rules(contract):
    """BR-ST-01: month 13 → `Month must be a number between 1 and 12`; missing fee type → `Enter a fee type`;
    payment date on the deadline date → `Payment date must be later than the deadline date`."""
    validate_statement(new_statement(contract), is_new=True)
    assert errors_of(new_statement(contract, month=13)) == {"month": "Month must be a number between 1 and 12"}
    assert errors_of(new_statement(contract, fee_type="")) == {"fee_type": "Enter a fee type"}
    assert errors_of(new_statement(contract, fee_type="bonus")) == {"fee_type": "Fee type must be output or service"}
    assert errors_of(new_statement(contract, payment_date=dt.date(2026, 10, 31))) == {
        "payment_date": "Payment date must be later than the deadline date"
    }


def test_BR_ST_01_a_new_statement_needs_a_deadline_not_in_the_past(contract):
    """BR-ST-01: new statement with a past deadline → `Deadline date must be in the future`; an existing one may have
    a past deadline."""
    past = new_statement(contract, deadline_date=dt.date(2026, 9, 14), payment_date=dt.date(2026, 9, 25))
    assert errors_of(past) == {"deadline_date": "Deadline date must be in the future"}
    validate_statement(past, is_new=False)
    validate_statement(new_statement(contract, deadline_date=dt.date(2026, 9, 15)), is_new=True)


def test_BR_ST_01_one_statement_per_active_lead_provider_month_and_year(contract):
    """BR-ST-01: a second statement for the same active lead provider, month and year → `Statement with the same month
    and year already exists for this active lead provider`; the database refuses it too."""
    existing = create_statement(contract=contract, month=11, year=2026)
    other_contract = create_contract(active_lead_provider=contract.active_lead_provider)
    assert errors_of(new_statement(other_contract)) == {
        "base": "Statement with the same month and year already exists for this active lead provider"
    }
    validate_statement(existing, is_new=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        new_statement(other_contract).save()


def test_BR_ST_01_year_is_between_2020_and_five_years_ahead(contract):
    """BR-ST-01 with Q9: 2020 ≤ year ≤ current year + 5 (2031 on 2026-09-15)."""
    message = {"year": "Year must be on or after 2020 and on or before 2031"}
    assert errors_of(new_statement(contract, year=2019)) == message
    assert errors_of(new_statement(contract, year=2032)) == message
    validate_statement(new_statement(contract, year=2031), is_new=True)


def test_BR_ST_02_status_moves_only_open_payable_paid(contract, frozen_today):
    """BR-ST-02: marking an open statement paid → refused; `open → payable → paid` with past deadlines."""
    statement = create_statement(contract=contract, month=9, year=2026)  # deadline 31 August 2026
    with pytest.raises(DomainError) as error:
        check_status_change(statement, StatementStatus.PAID)
    assert (error.value.field, error.value.message) == ("status", "Statement status cannot change from open to paid")

    check_status_change(statement, StatementStatus.PAYABLE)
    statement.status = StatementStatus.PAYABLE
    check_status_change(statement, StatementStatus.PAID)
    statement.status = StatementStatus.PAID
    with pytest.raises(DomainError):
        check_status_change(statement, StatementStatus.PAYABLE)
    with pytest.raises(DomainError):
        check_status_change(statement, StatementStatus.OPEN)


def test_BR_ST_02_payable_and_paid_statements_have_a_past_deadline(contract):
    """BR-ST-02: payable statement whose deadline is today → `Deadline date must be in the past`."""
    today_deadline = create_statement(contract=contract, month=10, year=2026, deadline_date=dt.date(2026, 9, 15))
    with pytest.raises(DomainError) as error:
        check_status_change(today_deadline, StatementStatus.PAYABLE)
    assert (error.value.field, error.value.message) == ("deadline_date", "Deadline date must be in the past")

    today_deadline.status = StatementStatus.PAYABLE
    assert errors_of(today_deadline, is_new=False) == {"deadline_date": "Deadline date must be in the past"}
    today_deadline.deadline_date = dt.date(2026, 9, 14)
    validate_statement(today_deadline, is_new=False)
