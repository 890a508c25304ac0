"""Payment and clawback transitions of a declaration (domain.md §5.18 state machines; BR-D-12 … BR-D-14;
lead-provider-api.md §12.6–12.7).

payment:  no_payment → eligible → payable → paid;  no_payment | eligible | payable → voided
clawback: no_clawback → awaiting_clawback (only when paid) → clawed_back

Each transition locks the declaration, refuses a move the machine does not allow, attaches the statement it needs,
moves `api_updated_at` (§3.3) and writes its event. `void_declaration` is the API's "void" action: it voids an
unpaid declaration and claws back a paid one. A mentor's `completed` declaration that stops counting re-runs
mentor completion (BR-M-21, `teachers.services.mentoring`).
"""

from __future__ import annotations

from core import clock
from core.errors import BASE, DomainError
from core.services import service
from declarations import messages
from declarations.models import VOIDABLE, ClawbackStatus, Declaration, PaymentStatus
from declarations.services.locking import lock_participant
from declarations.validation import active_lead_provider_of_training_period, next_output_statement
from events.authors import Author
from events.record import declarations as record
from finance.models import Statement
from providers.models import DeclarationType
from teachers.models import TrainingPeriod, TrainingRole
from teachers.selectors.training_status import training_period_eligible_for_funding
from teachers.services.mentoring import update_mentor_completion_status

DECLARATION_ID = "participant_declaration_id"

PAYMENT_TRANSITIONS = {
    PaymentStatus.ELIGIBLE: (PaymentStatus.NO_PAYMENT,),
    PaymentStatus.PAYABLE: (PaymentStatus.ELIGIBLE,),
    PaymentStatus.PAID: (PaymentStatus.PAYABLE,),
    PaymentStatus.VOIDED: VOIDABLE,
}
CLAWBACK_TRANSITIONS = {
    ClawbackStatus.AWAITING_CLAWBACK: (ClawbackStatus.NO_CLAWBACK,),
    ClawbackStatus.CLAWED_BACK: (ClawbackStatus.AWAITING_CLAWBACK,),
}


def can_change_payment_status(declaration: Declaration, to_status: str) -> bool:
    """BR-D-14: the payment machine allows the move (and nothing moves once a clawback has started)."""
    return (
        declaration.clawback_status == ClawbackStatus.NO_CLAWBACK
        and declaration.payment_status in PAYMENT_TRANSITIONS[to_status]
    )


def can_change_clawback_status(declaration: Declaration, to_status: str) -> bool:
    """BR-D-14: the clawback machine allows the move; a clawback starts only on a paid declaration."""
    allowed = declaration.clawback_status in CLAWBACK_TRANSITIONS[to_status]
    if to_status == ClawbackStatus.AWAITING_CLAWBACK:
        return allowed and declaration.payment_status == PaymentStatus.PAID
    return allowed


def _locked(declaration: Declaration, *, participant: bool = False) -> Declaration:
    """The declaration's row, locked; with `participant`, the teacher's row first (taking a declaration out of the
    billable-or-changeable set, which the create path serialises on, `declarations.services.locking`)."""
    if participant:
        lock_participant(declaration.training_period.teacher_id)
    return (
        Declaration.objects.select_for_update(of=("self",))
        .select_related(
            "training_period__teacher",
            "training_period__school_partnership__lead_provider_delivery_partnership__active_lead_provider",
            "training_period__expression_of_interest",
        )
        .get(pk=declaration.pk)
    )


def _refuse_payment_move(declaration: Declaration, to_status: str) -> None:
    if not can_change_payment_status(declaration, to_status):
        raise DomainError(
            BASE,
            messages.PAYMENT_TRANSITION_REFUSED.format(from_status=declaration.payment_status, to_status=to_status),
        )


def _save(declaration: Declaration, *fields: str) -> None:
    declaration.api_updated_at = clock.now()
    declaration.save(update_fields=[*fields, "api_updated_at", "updated_at"])


def _rerun_mentor_completion(*, author: Author, declaration: Declaration) -> None:
    """BR-D-13 / BR-M-21: a mentor's `completed` declaration that stops counting (voided or awaiting clawback)
    re-runs mentor completion, which may lift the mentor's ineligibility and resume their training."""
    if (
        declaration.declaration_type == DeclarationType.COMPLETED
        and declaration.training_period.role == TrainingRole.MENTOR
    ):
        update_mentor_completion_status(author=author, declaration=declaration)


def _done(caller: Declaration, locked: Declaration) -> Declaration:
    """Keep the caller's instance in step with what was saved; return the saved one."""
    caller.refresh_from_db()
    return locked


# Payment ----------------------------------------------------------------------------------------------------------


@service
def mark_as_eligible(
    *, author: Author, declaration: Declaration, payment_statement: Statement | None = None
) -> Declaration:
    """`no_payment → eligible`, attached to the given statement, else the provider's next open output statement for
    the cohort (BR-D-12)."""
    locked = _locked(declaration)
    _refuse_payment_move(locked, PaymentStatus.ELIGIBLE)
    statement = payment_statement or next_output_statement(
        active_lead_provider_of_training_period(locked.training_period)
    )
    if statement is None:
        raise DomainError("payment_statement", messages.PAYMENT_STATEMENT_REQUIRED)
    locked.payment_status = PaymentStatus.ELIGIBLE
    locked.payment_statement = statement
    _save(locked, "payment_status", "payment_statement")
    record.teacher_declaration_eligible(author=author, declaration=locked)
    return _done(declaration, locked)


@service
def mark_as_payable(*, author: Author, declaration: Declaration) -> Declaration:
    """`eligible → payable` (the daily job, once the statement's deadline has passed)."""
    locked = _locked(declaration)
    _refuse_payment_move(locked, PaymentStatus.PAYABLE)
    locked.payment_status = PaymentStatus.PAYABLE
    _save(locked, "payment_status")
    record.teacher_declaration_payable(author=author, declaration=locked)
    return _done(declaration, locked)


@service
def mark_as_paid(*, author: Author, declaration: Declaration) -> Declaration:
    """`payable → paid` (DfE authorises the statement's payment)."""
    locked = _locked(declaration)
    _refuse_payment_move(locked, PaymentStatus.PAID)
    locked.payment_status = PaymentStatus.PAID
    _save(locked, "payment_status")
    record.teacher_declaration_paid(author=author, declaration=locked)
    return _done(declaration, locked)


@service
def mark_as_voided(*, author: Author, declaration: Declaration, voided_by_user=None) -> Declaration:
    """`no_payment | eligible | payable → voided`; the payment statement link is kept. A DfE user who voids it is
    recorded with the time (BR-D-02). A paid declaration is clawed back instead (BR-D-14)."""
    locked = _locked(declaration, participant=True)
    if locked.payment_status == PaymentStatus.VOIDED:
        raise DomainError(DECLARATION_ID, messages.ALREADY_VOIDED)
    if not can_change_payment_status(locked, PaymentStatus.VOIDED):
        raise DomainError(BASE, messages.NOT_VOIDABLE)
    previous = locked.payment_status
    locked.payment_status = PaymentStatus.VOIDED
    fields = ["payment_status"]
    if voided_by_user is not None:
        locked.voided_by_user = voided_by_user
        locked.voided_by_user_at = clock.now()
        fields += ["voided_by_user", "voided_by_user_at"]
    _save(locked, *fields)
    record.teacher_declaration_voided(author=author, declaration=locked, previous_payment_status=previous)
    _rerun_mentor_completion(author=author, declaration=locked)
    return _done(declaration, locked)


# Clawback ---------------------------------------------------------------------------------------------------------


@service
def mark_as_awaiting_clawback(
    *, author: Author, declaration: Declaration, clawback_statement: Statement | None
) -> Declaration:
    """`no_clawback → awaiting_clawback` for a paid declaration, on the given clawback statement."""
    locked = _locked(declaration, participant=True)
    if locked.clawback_status != ClawbackStatus.NO_CLAWBACK:
        raise DomainError(DECLARATION_ID, messages.ALREADY_REFUNDED)
    if not can_change_clawback_status(locked, ClawbackStatus.AWAITING_CLAWBACK):
        raise DomainError(BASE, messages.NOT_PAID_FOR_CLAWBACK)
    if clawback_statement is None:
        raise DomainError("clawback_statement", messages.CLAWBACK_STATEMENT_REQUIRED)
    locked.clawback_status = ClawbackStatus.AWAITING_CLAWBACK
    locked.clawback_statement = clawback_statement
    _save(locked, "clawback_status", "clawback_statement")
    record.teacher_declaration_awaiting_clawback(author=author, declaration=locked)
    _rerun_mentor_completion(author=author, declaration=locked)
    return _done(declaration, locked)


@service
def mark_as_clawed_back(*, author: Author, declaration: Declaration) -> Declaration:
    """`awaiting_clawback → clawed_back` (DfE authorises payment of the clawback statement)."""
    locked = _locked(declaration)
    if not can_change_clawback_status(locked, ClawbackStatus.CLAWED_BACK):
        raise DomainError(
            BASE,
            messages.CLAWBACK_TRANSITION_REFUSED.format(
                from_status=locked.clawback_status, to_status=ClawbackStatus.CLAWED_BACK
            ),
        )
    locked.clawback_status = ClawbackStatus.CLAWED_BACK
    _save(locked, "clawback_status")
    record.teacher_declaration_clawed_back(author=author, declaration=locked)
    return _done(declaration, locked)


@service
def claw_back_declaration(*, author: Author, declaration: Declaration) -> Declaration:
    """BR-D-13: a paid declaration awaits clawback on the provider's output statement (any status) for the cohort
    with the earliest deadline on or after today."""
    locked = _locked(declaration, participant=True)
    if locked.clawback_status != ClawbackStatus.NO_CLAWBACK:
        raise DomainError(DECLARATION_ID, messages.ALREADY_REFUNDED)
    if locked.payment_status != PaymentStatus.PAID:
        raise DomainError(BASE, messages.NOT_PAID_FOR_CLAWBACK)
    active = active_lead_provider_of_training_period(locked.training_period)
    statement = next_output_statement(active, open_only=False)
    if statement is None:
        year = active.contract_period_id if active else locked.payment_statement.active_lead_provider.contract_period_id
        raise DomainError(DECLARATION_ID, messages.NO_OUTPUT_STATEMENT_FOR_CLAWBACK.format(year=year))
    mark_as_awaiting_clawback(author=author, declaration=locked, clawback_statement=statement)
    return _done(declaration, locked)


@service
def void_declaration(*, author: Author, declaration: Declaration, voided_by_user=None) -> Declaration:
    """BR-D-13, the API's "void": an unpaid declaration is voided; a paid one is clawed back."""
    locked = _locked(declaration, participant=True)
    if locked.payment_status == PaymentStatus.PAID:
        claw_back_declaration(author=author, declaration=locked)
    else:
        mark_as_voided(author=author, declaration=locked, voided_by_user=voided_by_user)
    return _done(declaration, locked)


# A new declaration's payment state (BR-D-12) ----------------------------------------------------------------------


def initial_payment(training_period: TrainingPeriod) -> tuple[str, Statement | None]:
    """BR-D-12: `eligible` on the next open output statement when the participant is eligible for funding in this
    role (and such a statement exists), else `no_payment` without a statement."""
    if not training_period_eligible_for_funding(training_period):
        return PaymentStatus.NO_PAYMENT, None
    statement = next_output_statement(active_lead_provider_of_training_period(training_period))
    if statement is None:
        return PaymentStatus.NO_PAYMENT, None
    return PaymentStatus.ELIGIBLE, statement
