"""Statement adjustments: manual, signed, one-off amounts finance staff add to an output statement that is not paid
(finance.md §5.6, §7.8; journeys.md §6.8.5). A statement is computed on demand, so a change shows at once (§12 #14)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from events.authors import Author
from events.record import statements as record
from events.recorder import describe_changes
from finance import messages
from finance.models import Statement, StatementAdjustment
from finance.selectors.statements import adjustments_editable

MAXIMUM_NAME_LENGTH = 500
AMOUNT_LIMIT = Decimal("1000000")


def _amount(value: Decimal | str | int | None, errors: ErrorCollector) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.add("amount", messages.ADJUSTMENT_AMOUNT_REQUIRED)
        return None
    try:
        amount = Decimal(value.strip().replace(",", "") if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        errors.add("amount", messages.ADJUSTMENT_AMOUNT_NOT_A_NUMBER)
        return None
    if not amount.is_finite():
        errors.add("amount", messages.ADJUSTMENT_AMOUNT_NOT_A_NUMBER)
    elif amount == 0:
        errors.add("amount", messages.ADJUSTMENT_AMOUNT_ZERO)
    elif not -AMOUNT_LIMIT <= amount <= AMOUNT_LIMIT:
        errors.add("amount", messages.ADJUSTMENT_AMOUNT_OUT_OF_RANGE)
    elif amount != amount.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        # The column keeps pence (numeric(12,2)); refusing is better than silently rounding money.
        errors.add("amount", messages.ADJUSTMENT_AMOUNT_TOO_PRECISE)
    return amount


def validate_adjustment(*, payment_type: str | None, amount: Decimal | str | int | None) -> tuple[str, Decimal]:
    """Name required and at most 500 characters; amount a non-zero number within ±1,000,000. Every failure at
    once; returns the cleaned values."""
    errors = ErrorCollector()
    name = (payment_type or "").strip()
    if not name:
        errors.add("payment_type", messages.ADJUSTMENT_NAME_REQUIRED)
    elif len(name) > MAXIMUM_NAME_LENGTH:
        errors.add("payment_type", messages.ADJUSTMENT_NAME_TOO_LONG)
    cleaned = _amount(amount, errors)
    errors.raise_if_any()
    return name, cleaned


def _lock_editable(statement: Statement) -> Statement:
    locked = (
        Statement.objects.select_for_update(of=("self",))
        .select_related("active_lead_provider__lead_provider", "active_lead_provider__contract_period")
        .get(pk=statement.pk)
    )
    if not adjustments_editable(locked):
        raise DomainError(BASE, messages.ADJUSTMENTS_NOT_EDITABLE)
    return locked


@service
def add_statement_adjustment(
    *, author: Author, statement: Statement, payment_type: str | None, amount: Decimal | str | int | None
) -> StatementAdjustment:
    locked = _lock_editable(statement)
    name, cleaned = validate_adjustment(payment_type=payment_type, amount=amount)
    adjustment = StatementAdjustment.objects.create(statement=locked, payment_type=name, amount=cleaned)
    record.statement_adjustment_added(author=author, adjustment=adjustment)
    return adjustment


@service
def update_statement_adjustment(
    *,
    author: Author,
    adjustment: StatementAdjustment,
    payment_type: str | None,
    amount: Decimal | str | int | None,
) -> StatementAdjustment:
    locked = _lock_editable(adjustment.statement)
    name, cleaned = validate_adjustment(payment_type=payment_type, amount=amount)
    row = StatementAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    row.statement = locked
    changes = {}
    for field, new in (("payment_type", name), ("amount", cleaned)):
        old = getattr(row, field)
        if old != new:
            changes[field] = (old, new)
            setattr(row, field, new)
    if changes:
        row.save(update_fields=[*changes, "updated_at"])
        record.statement_adjustment_updated(author=author, adjustment=row, modifications=describe_changes(changes))
    adjustment.refresh_from_db()
    return row


@service
def delete_statement_adjustment(*, author: Author, adjustment: StatementAdjustment) -> None:
    locked = _lock_editable(adjustment.statement)
    row = StatementAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    adjustment_id, payment_type, amount = row.pk, row.payment_type, row.amount
    row.delete()
    record.statement_adjustment_deleted(
        author=author, statement=locked, payment_type=payment_type, amount=amount, adjustment_id=adjustment_id
    )
