"""Adding, changing and deleting statements (finance.md §5.1, §5.4, §5.8) on the `finance` fixture (Alpha Learning
2026, today 2026-09-15)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import DfERole, User
from core.errors import DomainError
from declarations.models import ClawbackStatus, PaymentStatus
from events.authors import Author
from events.models import Event
from events.types import EventType
from finance import messages
from finance.models import FeeType, Statement, StatementStatus
from finance.services.statements import create_statement, delete_statement, fee_type_for_month, update_statement
from finance.tests.conftest import example_1_contract
from providers.models import ActiveLeadProvider, ContractPeriod


@pytest.fixture
def author(db) -> Author:
    return Author.dfe_staff_user(
        User.objects.create(email="fi@education.gov.uk", name="Fi Nance", role=DfERole.FINANCE)
    )


def messages_of(error: DomainError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for failure in error.errors:
        found.setdefault(failure.field, []).append(failure.message)
    return found


def new(finance, author, **overrides) -> Statement:
    values = {
        "active_lead_provider": finance.active,
        "contract": finance.contract,
        "month": 1,
        "year": 2027,
        "deadline_date": dt.date(2026, 12, 31),
        "payment_date": dt.date(2027, 1, 25),
        **overrides,
    }
    return create_statement(author=author, **values)


def test_fee_type_follows_the_month():
    assert [fee_type_for_month(m) for m in range(1, 13)] == [
        "output", "service", "service", "output", "service", "service",
        "service", "output", "service", "service", "output", "service",
    ]  # fmt: skip


def test_creating_a_statement_records_it_with_its_event(finance, author):
    statement = new(finance, author)
    assert statement.fee_type == FeeType.OUTPUT and statement.status == StatementStatus.OPEN
    service = new(finance, author, month=2, deadline_date=dt.date(2027, 1, 31), payment_date=dt.date(2027, 2, 25))
    assert service.fee_type == FeeType.SERVICE
    event = Event.objects.filter(event_type=EventType.STATEMENT_CREATED).order_by("pk").first()
    assert event.heading == "Statement created: January 2027 output statement for Alpha Learning"
    assert event.statement_id == statement.pk and event.author_id == author.user_id


def test_creating_checks_every_rule_at_once(finance, author):
    with pytest.raises(DomainError) as caught:
        new(finance, author, month=13, deadline_date=dt.date(2026, 9, 15), payment_date=dt.date(2026, 9, 1))
    found = messages_of(caught.value)
    assert found["month"] == [messages.MONTH_INVALID]
    assert messages.DEADLINE_DATE_NOT_IN_FUTURE in found["deadline_date"]  # today is not in the future
    assert found["payment_date"] == [messages.PAYMENT_DATE_NOT_AFTER_DEADLINE]
    assert not Statement.objects.filter(month=13).exists()


def test_one_statement_per_provider_month_and_year(finance, author):
    with pytest.raises(DomainError) as caught:
        new(
            finance,
            author,
            month=11,
            year=2026,
            deadline_date=dt.date(2026, 10, 31),
            payment_date=dt.date(2026, 11, 25),
        )
    assert caught.value.message == messages.STATEMENT_NOT_UNIQUE


def test_the_contract_must_be_the_providers(finance, author):
    beta = ActiveLeadProvider.objects.get(lead_provider=finance.world.beta, contract_period_id=2026)
    with pytest.raises(DomainError) as caught:
        new(finance, author, contract=example_1_contract(beta))
    assert messages_of(caught.value)["contract"] == [messages.CONTRACT_OF_ANOTHER_PROVIDER]


def test_no_statements_added_changed_or_deleted_once_payments_are_frozen(finance, author):
    statement = new(finance, author)
    ContractPeriod.objects.filter(year=2026).update(payments_frozen_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    with pytest.raises(DomainError, match="payments are frozen"):
        new(finance, author, month=4, deadline_date=dt.date(2027, 3, 31), payment_date=dt.date(2027, 4, 25))
    with pytest.raises(DomainError, match="payments are frozen"):
        update_statement(
            author=author, statement=statement, contract=finance.contract, month=1, year=2027,
            deadline_date=dt.date(2026, 12, 30), payment_date=dt.date(2027, 1, 25),
        )  # fmt: skip
    with pytest.raises(DomainError, match="payments are frozen"):
        delete_statement(author=author, statement=statement)


def test_updating_moves_the_fee_type_with_the_month_and_records_the_changes(finance, author):
    statement = new(finance, author)
    updated = update_statement(
        author=author, statement=statement, contract=finance.contract, month=2, year=2027,
        deadline_date=dt.date(2027, 1, 31), payment_date=dt.date(2027, 2, 25),
    )  # fmt: skip
    assert updated.fee_type == FeeType.SERVICE and updated.month == 2
    event = Event.objects.get(event_type=EventType.STATEMENT_UPDATED)
    assert "Month changed from '1' to '2'" in event.modifications
    assert "Fee type changed from 'output' to 'service'" in event.modifications

    unchanged = update_statement(
        author=author, statement=statement, contract=finance.contract, month=2, year=2027,
        deadline_date=dt.date(2027, 1, 31), payment_date=dt.date(2027, 2, 25),
    )  # fmt: skip
    assert unchanged.pk == statement.pk
    assert Event.objects.filter(event_type=EventType.STATEMENT_UPDATED).count() == 1


def test_a_changed_deadline_must_still_be_in_the_future(finance, author):
    statement = new(finance, author)
    with pytest.raises(DomainError) as caught:
        update_statement(
            author=author, statement=statement, contract=finance.contract, month=1, year=2027,
            deadline_date=dt.date(2026, 9, 15), payment_date=dt.date(2027, 1, 25),
        )  # fmt: skip
    assert messages_of(caught.value)["deadline_date"] == [messages.DEADLINE_DATE_NOT_IN_FUTURE]


def test_a_statement_with_declarations_cannot_be_deleted(finance, author):
    statement = new(finance, author)
    finance.declaration(payment_status=PaymentStatus.ELIGIBLE, payment_statement=statement)
    with pytest.raises(DomainError) as caught:
        delete_statement(author=author, statement=statement)
    assert caught.value.message == messages.STATEMENT_HAS_DECLARATIONS

    clawback_target = new(
        finance, author, month=4, deadline_date=dt.date(2027, 3, 31), payment_date=dt.date(2027, 4, 25)
    )
    finance.declaration(
        payment_status=PaymentStatus.PAID,
        payment_statement=finance.august,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
        clawback_statement=clawback_target,
    )
    with pytest.raises(DomainError):
        delete_statement(author=author, statement=clawback_target)


def test_deleting_a_statement_records_who_and_which(finance, author):
    statement = new(finance, author)
    api_id = statement.api_id
    delete_statement(author=author, statement=statement)
    assert not Statement.objects.filter(pk=statement.pk).exists()
    event = Event.objects.get(event_type=EventType.STATEMENT_DELETED)
    assert event.heading == "Statement deleted: January 2027 output statement for Alpha Learning"
    assert event.metadata["statement_api_id"] == str(api_id)
    assert event.lead_provider_id == finance.world.alpha.pk and event.contract_period_id == 2026
