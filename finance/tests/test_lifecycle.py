"""Statement status moves (finance.md §5.2, §12 #8 and #9; journeys.md §6.8.4): the daily job marks open output
statements past their deadline payable with their eligible declarations; authorising payment pays the payable
declarations and claws back the awaiting ones, in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from accounts.models import DfERole, User
from core.errors import DomainError
from core.services import service
from declarations.models import ClawbackStatus, PaymentStatus
from events.authors import Author
from events.models import Event
from events.types import AuthorType, EventType
from finance import messages
from finance.models import FeeType, StatementStatus
from finance.selectors.statements import can_authorise_for_payment
from finance.services.lifecycle import (
    authorise_statement_for_payment,
    mark_statement_payable,
    mark_statements_payable,
)

ELIGIBLE, PAYABLE, PAID = PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE, PaymentStatus.PAID


@pytest.fixture
def finance_user(db) -> Author:
    user = User.objects.create(email="fiona@education.gov.uk", name="Fiona Finance", role=DfERole.FINANCE)
    return Author.dfe_staff_user(user)


def events(event_type: str):
    return Event.objects.filter(event_type=event_type).order_by("pk")


# open → payable -------------------------------------------------------------------------------------------------


def test_marking_payable_moves_eligible_declarations_and_leaves_clawbacks_alone(finance):
    due = finance.statement(9, 2026)  # output, deadline 2026-08-31, before today
    eligible = [finance.declaration(payment_status=ELIGIBLE, payment_statement=due) for _ in range(2)]
    voided = finance.declaration(payment_status=PaymentStatus.VOIDED, payment_statement=due)
    awaiting = finance.declaration(
        payment_status=PAID,
        payment_statement=finance.august,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
        clawback_statement=due,
    )
    elsewhere = finance.declaration(payment_status=ELIGIBLE, payment_statement=finance.november)

    marked = mark_statement_payable(author=Author.system(), statement=due)

    assert marked.status == StatementStatus.PAYABLE
    due.refresh_from_db()
    assert due.status == StatementStatus.PAYABLE and due.marked_as_paid_at is None
    for d in eligible:
        d.refresh_from_db()
        assert d.payment_status == PAYABLE and d.payment_statement_id == due.pk
    for d, status in ((voided, PaymentStatus.VOIDED), (awaiting, PAID), (elsewhere, ELIGIBLE)):
        d.refresh_from_db()
        assert d.payment_status == status
    awaiting.refresh_from_db()
    assert awaiting.clawback_status == ClawbackStatus.AWAITING_CLAWBACK
    payable_events = events(EventType.TEACHER_DECLARATION_PAYABLE)
    assert [e.declaration_id for e in payable_events] == [d.pk for d in eligible]
    assert {e.author_type for e in payable_events} == {AuthorType.SYSTEM}
    (statement_event,) = events(EventType.STATEMENT_MARKED_PAYABLE)
    assert statement_event.statement_id == due.pk
    assert statement_event.lead_provider_id == finance.world.alpha.pk
    assert statement_event.heading == "Statement marked as payable: September 2026 output statement for Alpha Learning"
    assert statement_event.metadata["declarations_marked_payable"] == 2


def test_a_statement_is_marked_payable_only_once_its_deadline_has_passed(finance):
    """BR-ST-02: the deadline day itself is too early."""
    with pytest.raises(DomainError) as refused:
        mark_statement_payable(author=Author.system(), statement=finance.november)
    assert refused.value.message == "Deadline date must be in the past"
    today = finance.statement(10, 2026, deadline_date=dt.date(2026, 9, 15))
    with pytest.raises(DomainError, match="Deadline date must be in the past"):
        mark_statement_payable(author=Author.system(), statement=today)


def test_service_statements_never_become_payable(finance):
    """§5.4, §12 #8."""
    service = finance.statement(7, 2026, fee_type=FeeType.SERVICE)
    with pytest.raises(DomainError) as refused:
        mark_statement_payable(author=Author.system(), statement=service)
    assert refused.value.message == messages.NOT_AN_OUTPUT_STATEMENT


def test_only_open_statements_become_payable(finance):
    with pytest.raises(DomainError, match="Statement status cannot change from paid to payable"):
        mark_statement_payable(author=Author.system(), statement=finance.august)


def test_the_daily_job_marks_every_open_output_statement_past_its_deadline_and_can_run_again(finance):
    due = finance.statement(9, 2026)
    finance.declaration(payment_status=ELIGIBLE, payment_statement=due)
    service = finance.statement(7, 2026, fee_type=FeeType.SERVICE)

    assert [s.pk for s in mark_statements_payable()] == [due.pk]
    assert mark_statements_payable() == []

    service.refresh_from_db()
    finance.november.refresh_from_db()
    assert service.status == StatementStatus.OPEN and finance.november.status == StatementStatus.OPEN


def test_the_daily_job_catches_up_on_a_later_day(finance, frozen_today):
    finance.declaration(payment_status=ELIGIBLE, payment_statement=finance.november)
    frozen_today(dt.date(2026, 10, 31))
    assert mark_statements_payable() == []
    frozen_today(dt.date(2026, 11, 3))  # the worker was down on the 1st and 2nd
    assert [s.pk for s in mark_statements_payable()] == [finance.november.pk]


def test_the_management_command_runs_the_daily_job(finance, capsys):
    due = finance.statement(9, 2026)
    call_command("mark_statements_payable")
    assert "Marked payable: September 2026" in capsys.readouterr().out
    due.refresh_from_db()
    assert due.status == StatementStatus.PAYABLE


def test_the_daily_job_is_a_periodic_procrastinate_task():
    from procrastinate.contrib.django import app

    import finance.tasks

    assert finance.tasks.mark_statements_payable_task.name == "finance.mark_statements_payable"
    assert "finance.mark_statements_payable" in app.tasks
    assert finance.tasks.MARK_STATEMENTS_PAYABLE_CRON == "0 0 * * *"


# payable → paid -------------------------------------------------------------------------------------------------


@pytest.fixture
def payable_statement(finance):
    statement = finance.statement(9, 2026, status=StatementStatus.PAYABLE)
    return statement


def test_authorising_pays_payable_declarations_and_claws_back_awaiting_ones(
    finance, payable_statement, finance_user, frozen_today
):
    s = payable_statement
    payable = [finance.declaration(payment_status=PAYABLE, payment_statement=s) for _ in range(2)]
    awaiting = finance.declaration(
        payment_status=PAID,
        payment_statement=finance.august,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
        clawback_statement=s,
    )
    assert can_authorise_for_payment(s)

    authorise_statement_for_payment(author=finance_user, statement=s, assurance_checks_completed=True)

    s.refresh_from_db()
    assert s.status == StatementStatus.PAID
    assert s.marked_as_paid_at == dt.datetime(2026, 9, 15, 11, 0, tzinfo=dt.UTC)  # noon in London (BST)
    for d in payable:
        d.refresh_from_db()
        assert d.payment_status == PAID
    awaiting.refresh_from_db()
    assert awaiting.clawback_status == ClawbackStatus.CLAWED_BACK
    # §12 #9: nothing payable or awaiting clawback is left on it.
    assert not s.payment_declarations.filter(payment_status=PAYABLE).exists()
    assert not s.clawback_declarations.filter(clawback_status=ClawbackStatus.AWAITING_CLAWBACK).exists()
    assert events(EventType.TEACHER_DECLARATION_PAID).count() == 2
    assert events(EventType.TEACHER_DECLARATION_CLAWED_BACK).count() == 1
    (authorised,) = events(EventType.STATEMENT_AUTHORISED_FOR_PAYMENT)
    assert (authorised.author_type, authorised.author_email) == (AuthorType.DFE_STAFF_USER, "fiona@education.gov.uk")
    assert authorised.statement_id == s.pk
    assert authorised.metadata["declarations_paid"] == 2 and authorised.metadata["declarations_clawed_back"] == 1
    assert not can_authorise_for_payment(s)


def test_authorising_needs_the_assurance_checks_ticked(finance, payable_statement, finance_user):
    finance.declaration(payment_status=PAYABLE, payment_statement=payable_statement)
    with pytest.raises(DomainError) as refused:
        authorise_statement_for_payment(
            author=finance_user, statement=payable_statement, assurance_checks_completed=False
        )
    assert (refused.value.field, refused.value.message) == (
        "assurance_checks_completed",
        "You must have completed all assurance checks",
    )
    payable_statement.refresh_from_db()
    assert payable_statement.status == StatementStatus.PAYABLE


def test_a_payable_statement_with_nothing_outstanding_cannot_be_authorised(finance, payable_statement, finance_user):
    """§5.2: it stays payable."""
    finance.declaration(payment_status=PaymentStatus.VOIDED, payment_statement=payable_statement)
    assert not can_authorise_for_payment(payable_statement)
    with pytest.raises(DomainError) as refused:
        authorise_statement_for_payment(
            author=finance_user, statement=payable_statement, assurance_checks_completed=True
        )
    assert refused.value.message == messages.NO_OUTSTANDING_DECLARATIONS
    payable_statement.refresh_from_db()
    assert payable_statement.status == StatementStatus.PAYABLE


def test_only_payable_output_statements_not_yet_marked_paid_can_be_authorised(finance, finance_user):
    open_due = finance.statement(9, 2026)
    finance.declaration(payment_status=ELIGIBLE, payment_statement=open_due)
    with pytest.raises(DomainError, match="Statement status cannot change from open to paid"):
        authorise_statement_for_payment(author=finance_user, statement=open_due, assurance_checks_completed=True)
    service = finance.statement(7, 2026, fee_type=FeeType.SERVICE, status=StatementStatus.PAYABLE)
    with pytest.raises(DomainError) as refused:
        authorise_statement_for_payment(author=finance_user, statement=service, assurance_checks_completed=True)
    assert refused.value.message == messages.NOT_AN_OUTPUT_STATEMENT
    with pytest.raises(DomainError) as refused:
        authorise_statement_for_payment(author=finance_user, statement=finance.august, assurance_checks_completed=True)
    assert refused.value.message == messages.ALREADY_AUTHORISED


def test_a_failure_while_authorising_leaves_everything_as_it_was(finance, payable_statement, finance_user):
    """One transaction: if anything fails after the declarations moved, none has moved and the statement is still
    payable."""
    s = payable_statement
    first = finance.declaration(payment_status=PAYABLE, payment_statement=s)

    @service
    def authorise_then_fail(**kwargs):
        authorise_statement_for_payment(**kwargs)
        raise RuntimeError("failed after the moves")

    with pytest.raises(RuntimeError):
        authorise_then_fail(author=finance_user, statement=s, assurance_checks_completed=True)
    first.refresh_from_db()
    s.refresh_from_db()
    assert first.payment_status == PAYABLE and s.status == StatementStatus.PAYABLE
    assert not events(EventType.STATEMENT_AUTHORISED_FOR_PAYMENT).exists()
