"""Declaration payment and clawback transitions (domain.md §5.18; BR-D-12 … BR-D-14)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from core.clock import LONDON
from core.errors import DomainError
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from declarations.services.transitions import (
    claw_back_declaration,
    initial_payment,
    mark_as_awaiting_clawback,
    mark_as_clawed_back,
    mark_as_eligible,
    mark_as_paid,
    mark_as_payable,
    mark_as_voided,
    void_declaration,
)
from declarations.tests.conftest import ect_training, mentor_training
from events.authors import Author
from events.models import Event
from events.types import EventType
from finance.models import FeeType, StatementStatus
from teachers.models import MentorIneligibilityReason, TrainingPeriod
from tests.builders_providers import create_declaration, create_statement

pytestmark = pytest.mark.django_db

SYSTEM = Author.system()


@pytest.fixture
def training(world):
    return ect_training(world, 2026)


@pytest.fixture
def statements(training):
    """Alpha 2026 output statements: September (deadline passed, paid), October (deadline 30 September, open) and
    November (open); a service-fee statement in between."""
    active = training.school_partnership.active_lead_provider
    return {
        "september": create_statement(active_lead_provider=active, month=9, status=StatementStatus.PAID),
        "service": create_statement(
            active_lead_provider=active, month=10, fee_type=FeeType.SERVICE, deadline_date=dt.date(2026, 9, 20)
        ),
        "november": create_statement(active_lead_provider=active, month=11),
        "october": create_statement(active_lead_provider=active, month=12, deadline_date=dt.date(2026, 9, 30)),
    }


def refused(service, **kwargs) -> DomainError:
    count = Event.objects.count()
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert Event.objects.count() == count
    return error.value


def events() -> list[str]:
    return list(Event.objects.order_by("pk").values_list("event_type", flat=True))


# BR-D-12 ----------------------------------------------------------------------------------------------------------


def test_BR_D_12_a_new_declaration_for_an_eligible_participant_is_eligible_on_the_next_open_output_statement(
    world, training, statements
):
    """BR-D-12: Jane eligible → `eligible`, statement = earliest open output statement with deadline ≥ today."""
    world.jane.ect_first_became_eligible_for_training_at = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    world.jane.save()
    training.refresh_from_db()
    assert initial_payment(training) == (PaymentStatus.ELIGIBLE, statements["october"])


def test_BR_D_12_a_new_declaration_for_a_participant_not_yet_eligible_has_no_payment(world, training, statements):
    """BR-D-12: not yet eligible → `no_payment` until eligibility is set (then becomes `eligible`)."""
    assert initial_payment(training) == (PaymentStatus.NO_PAYMENT, None)
    declaration = create_declaration(training_period=training)
    mark_as_eligible(author=SYSTEM, declaration=declaration)
    assert (declaration.payment_status, declaration.payment_statement) == (
        PaymentStatus.ELIGIBLE,
        statements["october"],
    )
    event = Event.objects.get()
    assert event.event_type == EventType.TEACHER_DECLARATION_ELIGIBLE
    assert event.heading == "Jane Smith’s started declaration was marked as eligible"
    assert (event.declaration_id, event.teacher_id, event.statement_id) == (
        declaration.pk,
        world.jane.pk,
        statements["october"].pk,
    )


# BR-D-14 ----------------------------------------------------------------------------------------------------------


def test_BR_D_14_payment_follows_the_state_machine(world, training, statements):
    """BR-D-14: `no_payment → eligible → payable → paid`, one event each, `api_updated_at` moving every time."""
    declaration = create_declaration(training_period=training)
    declaration.api_updated_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    declaration.save()

    mark_as_eligible(author=SYSTEM, declaration=declaration, payment_statement=statements["november"])
    mark_as_payable(author=SYSTEM, declaration=declaration)
    mark_as_paid(author=SYSTEM, declaration=declaration)

    declaration.refresh_from_db()
    assert (declaration.payment_status, declaration.payment_statement) == (PaymentStatus.PAID, statements["november"])
    assert declaration.api_updated_at > dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert events() == [
        EventType.TEACHER_DECLARATION_ELIGIBLE,
        EventType.TEACHER_DECLARATION_PAYABLE,
        EventType.TEACHER_DECLARATION_PAID,
    ]
    assert list(Event.objects.order_by("pk").values_list("heading", flat=True))[1:] == [
        "Jane Smith’s started declaration was marked as payable",
        "Jane Smith’s started declaration was paid",
    ]


def test_BR_D_14_no_payment_cannot_jump_to_payable(world, training, statements):
    """BR-D-14: `no_payment → payable` directly → refused."""
    declaration = create_declaration(training_period=training)
    error = refused(mark_as_payable, author=SYSTEM, declaration=declaration)
    assert error.message == "Payment status cannot change from no_payment to payable"
    assert refused(mark_as_paid, author=SYSTEM, declaration=declaration).message == (
        "Payment status cannot change from no_payment to paid"
    )
    declaration.refresh_from_db()
    assert declaration.payment_status == PaymentStatus.NO_PAYMENT


def test_BR_D_14_a_paid_declaration_cannot_be_voided(world, training, statements):
    """BR-D-14: `paid → voided` → refused (use clawback)."""
    declaration = create_declaration(
        training_period=training, payment_status=PaymentStatus.PAID, payment_statement=statements["september"]
    )
    assert refused(mark_as_voided, author=SYSTEM, declaration=declaration).message == (
        "This declaration has been clawed-back, so you can only view it."
    )
    declaration.refresh_from_db()
    assert declaration.payment_status == PaymentStatus.PAID


def test_BR_D_14_clawback_follows_the_state_machine(world, training, statements):
    """BR-D-14: `no_clawback → awaiting_clawback` only when paid; `awaiting_clawback → clawed_back`; nothing else."""
    unpaid = create_declaration(
        training_period=training, payment_status=PaymentStatus.PAYABLE, payment_statement=statements["september"]
    )
    assert refused(
        mark_as_awaiting_clawback, author=SYSTEM, declaration=unpaid, clawback_statement=statements["october"]
    ).message == ("The declaration must be paid before it can be clawed back")
    assert refused(mark_as_clawed_back, author=SYSTEM, declaration=unpaid).message == (
        "Clawback status cannot change from no_clawback to clawed_back"
    )

    Declaration.objects.filter(pk=unpaid.pk).update(payment_status=PaymentStatus.PAID)
    mark_as_awaiting_clawback(author=SYSTEM, declaration=unpaid, clawback_statement=statements["october"])
    mark_as_clawed_back(author=SYSTEM, declaration=unpaid)
    assert (unpaid.payment_status, unpaid.clawback_status, unpaid.clawback_statement) == (
        PaymentStatus.PAID,
        ClawbackStatus.CLAWED_BACK,
        statements["october"],
    )
    assert unpaid.overall_status == ClawbackStatus.CLAWED_BACK
    assert events() == [EventType.TEACHER_DECLARATION_AWAITING_CLAWBACK, EventType.TEACHER_DECLARATION_CLAWED_BACK]
    assert Event.objects.last().heading == "Jane Smith’s started declaration was clawed back"
    assert refused(mark_as_payable, author=SYSTEM, declaration=unpaid).message == (
        "Payment status cannot change from paid to payable"
    )


# BR-D-13 ----------------------------------------------------------------------------------------------------------


def test_BR_D_13_voiding_an_unpaid_declaration(world, training, statements):
    """BR-D-13: `eligible → voided`, the statement link kept; voiding a voided declaration → `The declaration has
    already been voided.`"""
    declaration = create_declaration(
        training_period=training, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statements["october"]
    )
    void_declaration(author=Author.lead_provider_api(world.alpha), declaration=declaration)
    assert (declaration.payment_status, declaration.payment_statement) == (PaymentStatus.VOIDED, statements["october"])
    event = Event.objects.get()
    assert (event.event_type, event.heading, event.author_name) == (
        EventType.TEACHER_DECLARATION_VOIDED,
        "Jane Smith’s declaration was voided",
        "Alpha Learning",
    )

    error = refused(void_declaration, author=SYSTEM, declaration=declaration)
    assert (error.field, error.message) == ("participant_declaration_id", "The declaration has already been voided.")


def test_BR_D_13_voiding_by_a_dfe_user_records_who_and_when(world, training, statements):
    """BR-D-13 with BR-D-02: a DfE user voiding sets `voided_by_user` and `voided_by_user_at` together."""
    user = User.objects.create(email="finance@education.gov.uk", name="Fin Ance", role="finance")
    declaration = create_declaration(training_period=training)
    mark_as_voided(author=Author.dfe_staff_user(user), declaration=declaration, voided_by_user=user)
    assert declaration.voided_by_user == user
    assert declaration.voided_by_user_at is not None
    assert Event.objects.get().user_id == user.pk


def test_BR_D_13_voiding_a_paid_declaration_claws_it_back(world, training, statements):
    """BR-D-13: voiding a `paid` one → `awaiting_clawback` on the next output statement (deadline on or after today);
    voiding it again → `The declaration will or has been refunded`."""
    declaration = create_declaration(
        training_period=training, payment_status=PaymentStatus.PAID, payment_statement=statements["september"]
    )
    void_declaration(author=Author.lead_provider_api(world.alpha), declaration=declaration)
    assert (declaration.payment_status, declaration.clawback_status) == (
        PaymentStatus.PAID,
        ClawbackStatus.AWAITING_CLAWBACK,
    )
    assert declaration.payment_statement == statements["september"]
    assert declaration.clawback_statement == statements["october"]
    event = Event.objects.get()
    assert (event.event_type, event.heading, event.statement_id) == (
        EventType.TEACHER_DECLARATION_AWAITING_CLAWBACK,
        "Jane Smith’s declaration was marked as awaiting clawback",
        statements["october"].pk,
    )

    error = refused(void_declaration, author=SYSTEM, declaration=declaration)
    assert (error.field, error.message) == ("participant_declaration_id", "The declaration will or has been refunded")


def test_BR_D_13_clawback_uses_an_output_statement_of_any_status(world, training, statements):
    """BR-D-13: the clawback statement may be payable or paid, as long as its deadline is today or later."""
    statements["october"].status = StatementStatus.PAYABLE
    statements["october"].save()
    declaration = create_declaration(
        training_period=training, payment_status=PaymentStatus.PAID, payment_statement=statements["september"]
    )
    claw_back_declaration(author=SYSTEM, declaration=declaration)
    assert declaration.clawback_statement == statements["october"]


def test_BR_D_13_no_future_output_statement_means_no_clawback(world, training, statements):
    """BR-D-13: no future output statement → `You cannot submit or void declarations for the 2026 cohort. The
    funding contract for this cohort has ended. Get in touch if you need to discuss this with us` (no full stop)."""
    statements["october"].delete()
    statements["november"].delete()
    declaration = create_declaration(
        training_period=training, payment_status=PaymentStatus.PAID, payment_statement=statements["september"]
    )
    error = refused(void_declaration, author=SYSTEM, declaration=declaration)
    assert (error.field, error.message) == (
        "participant_declaration_id",
        "You cannot submit or void declarations for the 2026 cohort. The funding contract for this cohort has ended. "
        "Get in touch if you need to discuss this with us",
    )
    declaration.refresh_from_db()
    assert declaration.clawback_status == ClawbackStatus.NO_CLAWBACK


def test_BR_D_13_the_clawback_service_needs_a_paid_declaration(world, training, statements):
    """BR-D-13: the clawback service called on an unpaid declaration → `The declaration must be paid before it can be
    clawed back`."""
    declaration = create_declaration(
        training_period=training, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statements["october"]
    )
    assert refused(claw_back_declaration, author=SYSTEM, declaration=declaration).message == (
        "The declaration must be paid before it can be clawed back"
    )


def test_BR_D_13_voiding_a_mentors_completed_declaration_reruns_mentor_completion(world, statements):
    """BR-D-13 with BR-M-21: the mentor's 2026-09-10 `completed` declaration is voided on 2026-09-15 → ineligibility
    cleared; a new provider-led period from 2026-09-11 with the same partnership and schedule."""
    mentor = mentor_training(world, 2026, started_on=dt.date(2026, 6, 1))
    mentor.finished_on = dt.date(2026, 9, 10)
    mentor.save()
    teacher = mentor.teacher
    teacher.mentor_became_ineligible_for_funding_on = dt.date(2026, 9, 10)
    teacher.mentor_became_ineligible_for_funding_reason = MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED
    teacher.save()
    completed = create_declaration(
        training_period=mentor,
        declaration_type="completed",
        declaration_date=dt.datetime(2026, 9, 10, 10, tzinfo=LONDON),
    )

    void_declaration(author=Author.lead_provider_api(world.alpha), declaration=completed)

    teacher.refresh_from_db()
    assert teacher.mentor_became_ineligible_for_funding_on is None
    assert teacher.mentor_became_ineligible_for_funding_reason is None
    resumed = TrainingPeriod.objects.filter(teacher=teacher, role="mentor").latest("started_on")
    assert (resumed.started_on, resumed.school_partnership, resumed.schedule) == (
        dt.date(2026, 9, 11),
        mentor.school_partnership,
        mentor.schedule,
    )
    assert EventType.MENTOR_COMPLETION_STATUS_CHANGE in events()


def test_BR_D_13_voiding_an_ect_declaration_leaves_mentor_completion_alone(world, training, statements):
    """BR-D-13: only a mentor's `completed` declaration re-runs mentor completion."""
    declaration = create_declaration(training_period=training, declaration_type="completed")
    void_declaration(author=SYSTEM, declaration=declaration)
    assert events() == [EventType.TEACHER_DECLARATION_VOIDED]
