"""Statement adjustments (finance.md §5.6, §7.8; journeys.md §6.8.5): signed one-off amounts on output statements
that are not paid; each change is an event and shows on the computed statement at once (§12 #14)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import DomainError, DomainErrors
from events.authors import Author
from events.models import Event
from events.types import EventType
from finance import messages
from finance.models import FeeType, StatementAdjustment, StatementStatus
from finance.selectors.statements import computed_statement
from finance.services.adjustments import (
    add_statement_adjustment,
    delete_statement_adjustment,
    update_statement_adjustment,
)

FINANCE = Author(type="dfe_staff_user", email="fiona@education.gov.uk", name="Fiona Finance")


def adjustments_line(statement) -> str:
    return computed_statement(statement).lines.overview_row("Additional adjustments").display


def test_add_change_and_remove_an_adjustment(finance):
    s = finance.november
    adjustment = add_statement_adjustment(author=FINANCE, statement=s, payment_type=" Extra support ", amount="-45")
    assert (adjustment.payment_type, adjustment.amount) == ("Extra support", Decimal("-45"))
    assert adjustments_line(s) == "-£45.00"
    added = Event.objects.get(event_type=EventType.STATEMENT_ADJUSTMENT_ADDED)
    assert (added.statement_id, added.statement_adjustment_id) == (s.pk, adjustment.pk)
    assert added.heading == "Adjustment added to November 2026 output statement for Alpha Learning: Extra support"

    update_statement_adjustment(author=FINANCE, adjustment=adjustment, payment_type="Extra support", amount="1,250.50")
    assert adjustments_line(s) == "£1,250.50"
    updated = Event.objects.get(event_type=EventType.STATEMENT_ADJUSTMENT_UPDATED)
    assert updated.modifications == ["Amount changed from '-45.00' to '1250.50'"]

    delete_statement_adjustment(author=FINANCE, adjustment=adjustment)
    assert not StatementAdjustment.objects.exists()
    assert adjustments_line(s) == "£0.00"
    deleted = Event.objects.get(event_type=EventType.STATEMENT_ADJUSTMENT_DELETED)
    assert deleted.statement_id == s.pk and deleted.metadata["payment_type"] == "Extra support"


def test_an_unchanged_adjustment_writes_nothing(finance):
    adjustment = add_statement_adjustment(author=FINANCE, statement=finance.november, payment_type="A", amount="10")
    update_statement_adjustment(author=FINANCE, adjustment=adjustment, payment_type="A", amount=Decimal("10.00"))
    assert not Event.objects.filter(event_type=EventType.STATEMENT_ADJUSTMENT_UPDATED).exists()


@pytest.mark.parametrize(
    ("payment_type", "amount", "field", "message"),
    [
        ("", "10", "payment_type", messages.ADJUSTMENT_NAME_REQUIRED),
        ("x" * 501, "10", "payment_type", messages.ADJUSTMENT_NAME_TOO_LONG),
        ("Fee", "", "amount", messages.ADJUSTMENT_AMOUNT_REQUIRED),
        ("Fee", None, "amount", messages.ADJUSTMENT_AMOUNT_REQUIRED),
        ("Fee", "ten", "amount", messages.ADJUSTMENT_AMOUNT_NOT_A_NUMBER),
        ("Fee", "0", "amount", messages.ADJUSTMENT_AMOUNT_ZERO),
        ("Fee", "-0.00", "amount", messages.ADJUSTMENT_AMOUNT_ZERO),
        ("Fee", "1000000.01", "amount", messages.ADJUSTMENT_AMOUNT_OUT_OF_RANGE),
        ("Fee", "-1000000.01", "amount", messages.ADJUSTMENT_AMOUNT_OUT_OF_RANGE),
        ("Fee", "10.005", "amount", messages.ADJUSTMENT_AMOUNT_TOO_PRECISE),
        ("Fee", "NaN", "amount", messages.ADJUSTMENT_AMOUNT_NOT_A_NUMBER),
    ],
)
def test_adjustment_fields_are_checked(finance, payment_type, amount, field, message):
    with pytest.raises(DomainError) as refused:
        add_statement_adjustment(author=FINANCE, statement=finance.november, payment_type=payment_type, amount=amount)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not StatementAdjustment.objects.exists()


def test_every_field_failure_is_reported_at_once(finance):
    with pytest.raises(DomainErrors) as refused:
        add_statement_adjustment(author=FINANCE, statement=finance.november, payment_type="", amount="0")
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("payment_type", messages.ADJUSTMENT_NAME_REQUIRED),
        ("amount", messages.ADJUSTMENT_AMOUNT_ZERO),
    ]


@pytest.mark.parametrize("amount", ["1000000", "-1000000", "0.01"])
def test_the_limits_are_allowed(finance, amount):
    add_statement_adjustment(author=FINANCE, statement=finance.november, payment_type="Edge", amount=amount)
    assert StatementAdjustment.objects.get().amount == Decimal(amount)


def test_paid_and_service_statements_take_no_adjustments(finance):
    """§5.2: adjustments only on output statements that are not paid."""
    service = finance.statement(7, 2026, fee_type=FeeType.SERVICE)
    for statement in (finance.august, service):
        with pytest.raises(DomainError) as refused:
            add_statement_adjustment(author=FINANCE, statement=statement, payment_type="Fee", amount="10")
        assert refused.value.message == messages.ADJUSTMENTS_NOT_EDITABLE
    on_paid = StatementAdjustment.objects.create(statement=finance.august, payment_type="Old", amount=Decimal("5"))
    with pytest.raises(DomainError, match=messages.ADJUSTMENTS_NOT_EDITABLE):
        update_statement_adjustment(author=FINANCE, adjustment=on_paid, payment_type="New", amount="6")
    with pytest.raises(DomainError, match=messages.ADJUSTMENTS_NOT_EDITABLE):
        delete_statement_adjustment(author=FINANCE, adjustment=on_paid)
    assert StatementAdjustment.objects.get(pk=on_paid.pk).payment_type == "Old"


def test_a_payable_statement_still_takes_adjustments(finance):
    payable = finance.statement(9, 2026, status=StatementStatus.PAYABLE)
    add_statement_adjustment(author=FINANCE, statement=payable, payment_type="Late fix", amount="12.34")
    assert adjustments_line(payable) == "£12.34"
