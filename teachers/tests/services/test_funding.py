"""First eligibility for funded training (domain.md §6.5, BR-ECT-34, BR-T-07)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import start_of_day
from declarations.models import Declaration, PaymentStatus
from events.authors import Author
from events.models import Event
from events.types import EventType
from finance.models import Contract, ContractType, FeeType, Statement, StatementStatus
from teachers.services.funding import set_ect_funding_eligibility, set_mentor_funding_eligibility
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Tess Tutor", school=world.oakfield)


def statement(active_lead_provider, *, month, year, deadline, status=StatementStatus.OPEN, fee_type=FeeType.OUTPUT):
    contract = Contract.objects.filter(active_lead_provider=active_lead_provider).first() or Contract.objects.create(
        active_lead_provider=active_lead_provider, contract_type=ContractType.ITTECF_ECTP
    )
    return Statement.objects.create(
        contract=contract,
        active_lead_provider=active_lead_provider,
        month=month,
        year=year,
        deadline_date=deadline,
        payment_date=deadline + dt.timedelta(days=20),
        status=status,
        fee_type=fee_type,
    )


def declaration(training_period, declaration_type="started"):
    return Declaration.objects.create(
        training_period=training_period,
        delivery_partner_when_created=training_period.school_partnership.delivery_partner,
        declaration_type=declaration_type,
        declaration_date=start_of_day(training_period.started_on),
    )


@pytest.fixture
def jane_training(world):
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    return create_training_period(ect_at_school_period=ect, started_on=dt.date(2026, 9, 1))


def test_BR_ECT_34_ect_becomes_eligible_when_an_induction_period_is_ongoing(world, author, jane_training):
    """BR-ECT-34: North Hub claimed Jane on 2026-09-05 (ongoing); on 2026-09-15 she is set eligible, and her
    `no_payment` ECT declarations become `eligible` on the next open output statement."""
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 5))
    active = jane_training.school_partnership.active_lead_provider
    statement(active, month=8, year=2026, deadline=dt.date(2026, 8, 31))  # deadline passed
    statement(active, month=9, year=2026, deadline=dt.date(2026, 9, 30), fee_type=FeeType.SERVICE)
    november = statement(active, month=11, year=2026, deadline=dt.date(2026, 11, 30))
    october = statement(active, month=10, year=2026, deadline=dt.date(2026, 10, 31))
    started = declaration(jane_training)

    assert set_ect_funding_eligibility(author=author, teacher=world.jane) is True

    world.jane.refresh_from_db()
    assert world.jane.ect_first_became_eligible_for_training_at == start_of_day(dt.date(2026, 9, 15)).replace(hour=12)
    started.refresh_from_db()
    assert (started.payment_status, started.payment_statement) == (PaymentStatus.ELIGIBLE, october)
    assert november.payment_declarations.count() == 0
    event = Event.objects.get(event_type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET)
    assert event.heading == "Jane Smith’s ECT funding eligibility was set"
    assert event.teacher == world.jane
    assert event.modifications[0].startswith("Ect first became eligible for training at set to")
    assert Event.objects.get(event_type=EventType.TEACHER_DECLARATION_ELIGIBLE).declaration == started


def test_declarations_without_an_open_output_statement_are_left_alone(world, author, jane_training):
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 5))
    active = jane_training.school_partnership.active_lead_provider
    statement(active, month=10, year=2026, deadline=dt.date(2026, 10, 31), status=StatementStatus.PAYABLE)
    started = declaration(jane_training)

    assert set_ect_funding_eligibility(author=author, teacher=world.jane) is True
    started.refresh_from_db()
    assert (started.payment_status, started.payment_statement) == (PaymentStatus.NO_PAYMENT, None)
    assert not Event.objects.filter(event_type=EventType.TEACHER_DECLARATION_ELIGIBLE).exists()


def test_ect_is_not_eligible_without_an_induction_period_containing_today(world, author, jane_training):
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 7, 31),
    )
    assert set_ect_funding_eligibility(author=author, teacher=world.jane) is False
    world.jane.refresh_from_db()
    assert world.jane.ect_first_became_eligible_for_training_at is None
    assert not Event.objects.exists()


def test_ect_is_not_eligible_without_an_ect_at_school_period(world, author):
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 5))
    assert set_ect_funding_eligibility(author=author, teacher=world.jane) is False


def test_BR_T_07_first_eligible_timestamp_is_set_only_once(world, author, jane_training, frozen_today):
    """BR-T-07: once set, a later evaluation does not move it and records nothing."""
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 5))
    set_ect_funding_eligibility(author=author, teacher=world.jane)
    world.jane.refresh_from_db()
    first = world.jane.ect_first_became_eligible_for_training_at

    frozen_today(dt.date(2026, 10, 1))
    assert set_ect_funding_eligibility(author=author, teacher=world.jane) is False
    world.jane.refresh_from_db()
    assert world.jane.ect_first_became_eligible_for_training_at == first
    assert Event.objects.filter(event_type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET).count() == 1


def test_mentor_becomes_eligible_with_mentor_training(world, author):
    tom = create_teacher(first_name="Tom", last_name="Brown")
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    training = create_training_period(mentor_at_school_period=mentor, started_on=dt.date(2026, 9, 1))
    statement(training.school_partnership.active_lead_provider, month=10, year=2026, deadline=dt.date(2026, 10, 31))
    started = declaration(training)

    assert set_mentor_funding_eligibility(author=author, teacher=tom) is True
    tom.refresh_from_db()
    assert tom.mentor_first_became_eligible_for_training_at is not None
    started.refresh_from_db()
    assert started.payment_status == PaymentStatus.ELIGIBLE
    event = Event.objects.get(event_type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET)
    assert event.heading == "Tom Brown’s mentor funding eligibility was set"


def test_ineligible_mentor_is_not_set_eligible(world, author):
    tom = create_teacher(
        first_name="Tom",
        last_name="Brown",
        mentor_became_ineligible_for_funding_on=dt.date(2026, 7, 20),
        mentor_became_ineligible_for_funding_reason="completed_declaration_received",
    )
    mentor = create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(mentor_at_school_period=mentor, started_on=dt.date(2026, 9, 1))
    assert set_mentor_funding_eligibility(author=author, teacher=tom) is False


def test_mentor_without_training_is_not_set_eligible(world, author):
    tom = create_teacher(first_name="Tom", last_name="Brown")
    create_mentor_at_school_period(teacher=tom, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    assert set_mentor_funding_eligibility(author=author, teacher=tom) is False
