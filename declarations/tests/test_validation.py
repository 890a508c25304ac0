"""Declaration validity (domain.md §8.14; BR-D-01 … BR-D-11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from core.clock import LONDON
from core.errors import DomainError
from declarations.models import ClawbackStatus, Declaration, EvidenceType, PaymentStatus
from declarations.tests.conftest import alpha_partnership, ect_training, mentor_training
from declarations.validation import (
    allowed_evidence_types,
    check_cohort_not_frozen,
    check_declaration_date_not_in_future,
    check_declaration_sequence,
    check_mentor_declaration_type,
    check_milestone_exists,
    check_no_billable_duplicate,
    check_not_after_withdrawal,
    check_output_statement_available,
    checked_evidence_type,
    parse_declaration_date,
    uplifts_for_new_declaration,
    validate_declaration,
)
from schools.models import SchoolFundingEligibility
from teachers.models import TrainingRole
from tests.builders import create_ect_at_school_period, create_mentorship_period, create_training_period
from tests.builders_providers import create_declaration, create_statement

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def errors_of(declaration: Declaration) -> dict[str, str]:
    with pytest.raises(DomainError) as error:
        validate_declaration(declaration)
    return {e.field: e.message for e in error.value.errors}


def new_declaration(training_period, **fields) -> Declaration:
    fields.setdefault("declaration_date", at(dt.date(2026, 9, 10)))
    return Declaration(
        training_period=training_period,
        delivery_partner_when_created_id=training_period.school_partnership.delivery_partner.pk
        if training_period and training_period.school_partnership_id
        else None,
        **fields,
    )


# BR-D-01, BR-D-02 -------------------------------------------------------------------------------------------------


def test_BR_D_01_a_declaration_belongs_to_a_training_period(world):
    """BR-D-01: none → `Choose a training period`."""
    assert errors_of(Declaration(declaration_date=at(dt.date(2026, 9, 10)))) == {
        "training_period": "Choose a training period"
    }


def test_BR_D_02_voiding_user_and_time_are_set_together(world):
    """BR-D-02: user without time → `Voided by user at must be set as well as the voided by user`; time without
    user → `Voided by user must be set as well as the voided date`."""
    training = ect_training(world, 2026)
    user = User.objects.create(email="finance@education.gov.uk", name="Fin Ance", role="finance")
    assert errors_of(new_declaration(training, voided_by_user=user)) == {
        "voided_by_user_at": "Voided by user at must be set as well as the voided by user"
    }
    assert errors_of(new_declaration(training, voided_by_user_at=at(dt.date(2026, 9, 12)))) == {
        "voided_by_user": "Voided by user must be set as well as the voided date"
    }
    validate_declaration(new_declaration(training, voided_by_user=user, voided_by_user_at=at(dt.date(2026, 9, 12))))


# BR-D-03 ----------------------------------------------------------------------------------------------------------


def test_BR_D_03_the_declaration_date_lies_within_the_milestone_window(world):
    """BR-D-03: milestone `retained-1` 2026-01-01 → 2026-03-31; date 2025-12-31 → `Declaration date must be on or
    after the milestone start date for the same declaration type.`; date 2026-04-01 → `Declaration date must be on
    or before the milestone date for the same declaration type.`"""
    training = ect_training(world, 2025)
    milestone = training.schedule.milestones.get(declaration_type="retained-1")
    assert (milestone.start_date, milestone.milestone_date) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))

    early = new_declaration(training, declaration_type="retained-1", declaration_date=at(dt.date(2025, 12, 31), 23, 59))
    assert errors_of(early) == {
        "declaration_date": "Declaration date must be on or after the milestone start date for the same declaration "
        "type."
    }
    late = new_declaration(training, declaration_type="retained-1", declaration_date=at(dt.date(2026, 4, 1), 0, 0))
    assert errors_of(late) == {
        "declaration_date": "Declaration date must be on or before the milestone date for the same declaration type."
    }
    for inside in (at(dt.date(2026, 1, 1), 0, 0), at(dt.date(2026, 3, 31), 23, 59)):
        validate_declaration(new_declaration(training, declaration_type="retained-1", declaration_date=inside))


def test_BR_D_03_the_declaration_date_is_required(world):
    """BR-D-03: no date → `Declaration date must be specified`."""
    training = ect_training(world, 2026)
    assert errors_of(new_declaration(training, declaration_date=None)) == {
        "declaration_date": "Declaration date must be specified"
    }


# BR-D-04 ----------------------------------------------------------------------------------------------------------


def test_BR_D_04_mentor_declarations_have_no_mentorship(world):
    """BR-D-04: mentor declaration with a mentorship → `Mentor teacher can only be assigned to declarations for
    ECTs`."""
    mentor = mentor_training(world, 2026)
    mentorship = create_mentorship_period(mentor=mentor.mentor_at_school_period)
    assert errors_of(new_declaration(mentor, mentorship_period=mentorship)) == {
        "mentorship_period": "Mentor teacher can only be assigned to declarations for ECTs"
    }


def test_BR_D_04_an_ect_declarations_mentorship_belongs_to_the_trainee(world):
    """BR-D-04: ECT declaration with another ECT's mentorship → `Mentorship period must belong to the trainee`."""
    jane = ect_training(world, 2026)
    own = create_mentorship_period(mentee=jane.ect_at_school_period)
    other_ect = create_ect_at_school_period(school=world.oakfield)
    others = create_mentorship_period(mentee=other_ect, mentor=own.mentor_at_school_period)
    assert errors_of(new_declaration(jane, mentorship_period=others)) == {
        "mentorship_period": "Mentorship period must belong to the trainee"
    }
    validate_declaration(new_declaration(jane, mentorship_period=own))


# BR-D-05, BR-D-06 -------------------------------------------------------------------------------------------------


def test_BR_D_05_statuses_that_need_statements_have_them(world):
    """BR-D-05: `eligible` without payment statement → `Payment statement must be associated for declarations with
    a payment status`; `awaiting_clawback` without clawback statement → `Clawback statement must be associated for
    declarations with a clawback status`; the database refuses both too."""
    training = ect_training(world, 2026)
    assert errors_of(new_declaration(training, payment_status=PaymentStatus.ELIGIBLE)) == {
        "payment_statement": "Payment statement must be associated for declarations with a payment status"
    }
    statement = create_statement(active_lead_provider=training.school_partnership.active_lead_provider)
    awaiting = new_declaration(
        training,
        payment_status=PaymentStatus.PAID,
        payment_statement=statement,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
    )
    assert errors_of(awaiting) == {
        "clawback_statement": "Clawback statement must be associated for declarations with a clawback status"
    }
    validate_declaration(new_declaration(training, payment_status=PaymentStatus.VOIDED))
    with pytest.raises(IntegrityError), transaction.atomic():
        create_declaration(training_period=training, payment_status=PaymentStatus.ELIGIBLE)


def test_BR_D_06_training_period_and_statements_share_a_contract_period(world):
    """BR-D-06: 2026 training period with a 2025 statement → `Contract period mismatch: training period,
    payment_statement and clawback_statement must have the same contract period.`"""
    training = ect_training(world, 2026)
    statement_2025 = create_statement(active_lead_provider=alpha_partnership(world, 2025).active_lead_provider)
    declaration = new_declaration(training, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statement_2025)
    assert errors_of(declaration) == {
        "training_period": "Contract period mismatch: training period, payment_statement and clawback_statement "
        "must have the same contract period."
    }
    statement_2026 = create_statement(active_lead_provider=training.school_partnership.active_lead_provider)
    validate_declaration(
        new_declaration(training, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statement_2026)
    )


# BR-D-07 ----------------------------------------------------------------------------------------------------------


def test_BR_D_07_one_billable_or_changeable_declaration_per_role_and_type(world):
    """BR-D-07: a second `started` while the first is `eligible` → `A billable/changeable declaration with the same
    type and training period already exists.` (API: `A declaration has already been submitted that will be, or has
    been, paid for this event.`); after the first is voided → allowed."""
    training = ect_training(world, 2026)
    statement = create_statement(active_lead_provider=training.school_partnership.active_lead_provider)
    first = create_declaration(
        training_period=training, payment_status=PaymentStatus.ELIGIBLE, payment_statement=statement
    )

    assert errors_of(new_declaration(training)) == {
        "base": "A billable/changeable declaration with the same type and training period already exists."
    }
    with pytest.raises(DomainError) as error:
        check_no_billable_duplicate(teacher=world.jane, role=TrainingRole.ECT, declaration_type="started")
    assert (error.value.field, error.value.message) == (
        "declaration_type",
        "A declaration has already been submitted that will be, or has been, paid for this event.",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        create_declaration(training_period=training)

    Declaration.objects.filter(pk=first.pk).update(payment_status=PaymentStatus.VOIDED)
    validate_declaration(new_declaration(training))
    check_no_billable_duplicate(teacher=world.jane, role=TrainingRole.ECT, declaration_type="started")
    check_no_billable_duplicate(teacher=world.jane, role=TrainingRole.MENTOR, declaration_type="started")


# BR-D-08 ----------------------------------------------------------------------------------------------------------


def test_BR_D_08_mentors_in_mentor_funding_periods_only_start_and_complete(world):
    """BR-D-08: 2025 mentor `retained-1` → model: `Only 'started' or 'completed' declaration types are allowed for
    mentor funding enabled contract periods.`; API: `You cannot send retained or extended declarations for
    participants who began their mentor training after June 2025. Resubmit this declaration with either a started or
    completed declaration.`"""
    mentor = mentor_training(world, 2025)
    declaration = new_declaration(mentor, declaration_type="retained-1", declaration_date=at(dt.date(2026, 2, 1)))
    assert errors_of(declaration) == {
        "declaration_type": "Only 'started' or 'completed' declaration types are allowed for mentor funding enabled "
        "contract periods."
    }
    with pytest.raises(DomainError) as error:
        check_mentor_declaration_type(training_period=mentor, declaration_type="retained-1")
    assert (error.value.field, error.value.message) == (
        "declaration_type",
        "You cannot send retained or extended declarations for participants who began their mentor training after "
        "June 2025. Resubmit this declaration with either a started or completed declaration.",
    )
    check_mentor_declaration_type(training_period=mentor, declaration_type="completed")
    check_mentor_declaration_type(training_period=mentor_training(world, 2024), declaration_type="retained-1")


# BR-D-09 ----------------------------------------------------------------------------------------------------------


def test_BR_D_09_uplifts_are_copied_for_started_declarations_in_uplift_periods(world):
    """BR-D-09: 2024 `started` at a sparsity school → `sparsity_uplift = true`; retained and 2026 declarations get
    none."""
    SchoolFundingEligibility.objects.create(
        gias_school=world.oakfield.gias_school, contract_period_id=2024, sparsity_uplift=True
    )
    training_2024 = ect_training(world, 2024)
    assert uplifts_for_new_declaration(training_period=training_2024, declaration_type="started") == (False, True)
    assert uplifts_for_new_declaration(training_period=training_2024, declaration_type="retained-1") == (False, False)

    SchoolFundingEligibility.objects.create(
        gias_school=world.oakfield.gias_school, contract_period_id=2026, sparsity_uplift=True, pupil_premium_uplift=True
    )
    later = create_training_period(
        ect_at_school_period=create_ect_at_school_period(school=world.oakfield),
        school_partnership=alpha_partnership(world, 2026),
    )
    assert uplifts_for_new_declaration(training_period=later, declaration_type="started") == (False, False)


def test_BR_D_09_uplift_on_a_retained_declaration_is_refused(world):
    """BR-D-09: uplift on a `retained-1` → `Uplifts are only applicable to started declarations in an uplift enabled
    contract period`."""
    training_2024 = ect_training(world, 2024)
    retained = new_declaration(
        training_2024, declaration_type="retained-1", declaration_date=at(dt.date(2025, 2, 1)), sparsity_uplift=True
    )
    assert errors_of(retained) == {
        "base": "Uplifts are only applicable to started declarations in an uplift enabled contract period"
    }
    validate_declaration(
        new_declaration(training_2024, declaration_date=at(dt.date(2024, 10, 1)), pupil_premium_uplift=True)
    )


# BR-D-10 ----------------------------------------------------------------------------------------------------------


def test_BR_D_10_evidence_is_required_and_must_be_an_available_type(world):
    """BR-D-10 (API): 2025 ECT `completed` without evidence → `Enter a '#/evidence_held' value for this
    participant.`; with `other` → `Enter an available '#/evidence_held' type for this participant.`"""
    with pytest.raises(DomainError) as error:
        checked_evidence_type(role="ect", declaration_type="completed", evidence_type=None, detailed=True)
    assert (error.value.field, error.value.message) == (
        "evidence_held",
        "Enter a '#/evidence_held' value for this participant.",
    )
    with pytest.raises(DomainError) as error:
        checked_evidence_type(role="ect", declaration_type="completed", evidence_type="other", detailed=True)
    assert error.value.message == "Enter an available '#/evidence_held' type for this participant."
    assert (
        checked_evidence_type(
            role="ect", declaration_type="completed", evidence_type="one-term-induction", detailed=True
        )
        == "one-term-induction"
    )


def test_BR_D_10_evidence_types_by_role_type_and_cohort(world):
    """BR-D-10: the full table; a pre-2025 `started` takes no evidence (whatever is sent is discarded)."""
    general = {"training-event-attended", "self-study-material-completed", "materials-engaged-with-offline", "other"}
    engagement = {"75-percent-engagement-met", "75-percent-engagement-met-reduced-induction"}
    basic = {"training-event-attended", "self-study-material-completed", "other"}
    assert allowed_evidence_types(role="ect", declaration_type="started", detailed=False) is None
    assert (
        checked_evidence_type(role="ect", declaration_type="started", evidence_type="nonsense", detailed=False) is None
    )
    for declaration_type in ("retained-1", "retained-2", "completed", "extended-3"):
        assert allowed_evidence_types(role="ect", declaration_type=declaration_type, detailed=False) == basic
        assert allowed_evidence_types(role="mentor", declaration_type=declaration_type, detailed=False) == basic
    for declaration_type in (
        "started",
        "retained-1",
        "retained-3",
        "retained-4",
        "extended-1",
        "extended-2",
        "extended-3",
    ):
        assert allowed_evidence_types(role="ect", declaration_type=declaration_type, detailed=True) == general
    assert allowed_evidence_types(role="ect", declaration_type="retained-2", detailed=True) == engagement
    assert allowed_evidence_types(role="ect", declaration_type="completed", detailed=True) == engagement | {
        "one-term-induction"
    }
    assert allowed_evidence_types(role="mentor", declaration_type="started", detailed=True) == general
    assert allowed_evidence_types(role="mentor", declaration_type="completed", detailed=True) == engagement
    assert allowed_evidence_types(role="mentor", declaration_type="retained-1", detailed=True) == set()
    with pytest.raises(DomainError):
        checked_evidence_type(role="ect", declaration_type="started", evidence_type=None, detailed=True)
    assert EvidenceType.ONE_TERM_INDUCTION == "one-term-induction"


# BR-D-11 ----------------------------------------------------------------------------------------------------------


def test_BR_D_11_the_declaration_date_cannot_be_in_the_future(world):
    """BR-D-11: date in the future → `The '#/declaration_date' value cannot be a future date. Check the date and try
    again.`; now itself is fine."""
    with pytest.raises(DomainError) as error:
        check_declaration_date_not_in_future(at(dt.date(2026, 9, 15), 12, 1))
    assert (error.value.field, error.value.message) == (
        "declaration_date",
        "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
    )
    check_declaration_date_not_in_future(at(dt.date(2026, 9, 15), 12, 0))


def test_BR_D_11_the_declaration_date_must_be_rfc3339(world):
    """BR-D-11: not RFC 3339 → `Enter a valid RCF3339 '#/declaration_date'.`; accepted forms per §12.4."""
    for bad in ("2025-10-01", "2025-10-01 10:00:00", "2025-10-01T10:00", "invalid", "2025-02-30T10:00:00Z", ""):
        with pytest.raises(DomainError) as error:
            parse_declaration_date(bad)
        assert (error.value.field, error.value.message) == (
            "declaration_date",
            "Enter a valid RCF3339 '#/declaration_date'.",
        ), bad
    utc = dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC)
    assert parse_declaration_date("2025-10-01T10:00:00+01:00") == utc
    assert parse_declaration_date("2025-10-01t09:00:00z") == utc
    assert parse_declaration_date("2025-10-01T10:00:00+0100") == utc
    assert parse_declaration_date("2025-10-01T10:00:00,5+01") == utc + dt.timedelta(milliseconds=500)
    assert parse_declaration_date("2025-10-01T10:00:00") == utc  # no zone: London (BST)


def test_BR_D_11_the_type_needs_a_milestone_in_the_schedule(world):
    """BR-D-11: no milestone for the type → `The property '#/declaration_type' does not exist for this schedule.`"""
    training = ect_training(world, 2026)
    assert check_milestone_exists(schedule=training.schedule, declaration_type="extended-1").declaration_type == (
        "extended-1"
    )
    training.schedule.milestones.filter(declaration_type="extended-1").delete()
    with pytest.raises(DomainError) as error:
        check_milestone_exists(schedule=training.schedule, declaration_type="extended-1")
    assert (error.value.field, error.value.message) == (
        "declaration_type",
        "The property '#/declaration_type' does not exist for this schedule.",
    )


def test_BR_D_11_a_withdrawn_participant_is_declared_only_before_the_withdrawal(world):
    """BR-D-11: date on/after the withdrawal → `This participant withdrew from this course on <RFC3339 time>. Enter
    a '#/declaration_date' that's on or before the withdrawal date.`"""
    withdrawn_at = at(dt.date(2026, 9, 10), 10, 0)
    training = ect_training(
        world,
        2026,
        finished_on=dt.date(2026, 9, 10),
        withdrawn_at=withdrawn_at,
        withdrawal_reason="left_teaching_profession",
    )
    with pytest.raises(DomainError) as error:
        check_not_after_withdrawal(training_period=training, declaration_date=withdrawn_at)
    assert (error.value.field, error.value.message) == (
        "participant_id",
        "This participant withdrew from this course on 2026-09-10T09:00:00Z. Enter a '#/declaration_date' that's on "
        "or before the withdrawal date.",
    )
    check_not_after_withdrawal(training_period=training, declaration_date=withdrawn_at - dt.timedelta(minutes=1))


def test_BR_D_11_no_declarations_while_the_current_cohort_is_frozen(world):
    """BR-D-11: participant's current period is in a frozen cohort → `You cannot submit declarations for the 2022
    cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.`"""
    ect_training(world, 2022)
    with pytest.raises(DomainError) as error:
        check_cohort_not_frozen(teacher=world.jane, role=TrainingRole.ECT)
    assert (error.value.field, error.value.message) == (
        "cohort",
        "You cannot submit declarations for the 2022 cohort. The funding contract for this cohort has ended. Get in "
        "touch if you need to discuss this with us.",
    )
    check_cohort_not_frozen(teacher=world.jane, role=TrainingRole.MENTOR)


def test_BR_D_11_an_eligible_participant_needs_an_open_output_statement(world):
    """BR-D-11: eligible participant but no open output statement with a future deadline → `You cannot submit or
    void declarations for the 2026 cohort. ...`; a not-yet-eligible participant needs none."""
    training = ect_training(world, 2026)
    active = training.school_partnership.active_lead_provider
    create_statement(active_lead_provider=active, month=9, year=2026)  # deadline 31 August: passed
    create_statement(active_lead_provider=active, month=11, year=2026, status="payable")
    with pytest.raises(DomainError) as error:
        check_output_statement_available(training_period=training, participant_eligible=True)
    assert (error.value.field, error.value.message) == (
        "cohort",
        "You cannot submit or void declarations for the 2026 cohort. The funding contract for this cohort has ended. "
        "Get in touch if you need to discuss this with us.",
    )
    check_output_statement_available(training_period=training, participant_eligible=False)
    create_statement(active_lead_provider=active, month=12, year=2026)
    check_output_statement_available(training_period=training, participant_eligible=True)


def test_BR_D_11_declaration_dates_are_in_sequence_from_2025(world):
    """BR-D-11: cohort ≥ 2025 and the date is earlier than an earlier-type declaration or later than a later-type
    one → `This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for
    this participant.`; equal dates are fine; earlier cohorts are not checked."""
    training = ect_training(world, 2025)
    create_declaration(training_period=training, declaration_type="started", declaration_date=at(dt.date(2025, 10, 1)))
    create_declaration(
        training_period=training, declaration_type="retained-2", declaration_date=at(dt.date(2026, 5, 1))
    )

    def check(declaration_type, day, year=2025):
        check_declaration_sequence(
            teacher=world.jane,
            role=TrainingRole.ECT,
            declaration_type=declaration_type,
            declaration_date=at(day),
            contract_period_year=year,
        )

    for declaration_type, day in (("retained-1", dt.date(2025, 9, 30)), ("retained-1", dt.date(2026, 5, 2))):
        with pytest.raises(DomainError) as error:
            check(declaration_type, day)
        assert (error.value.field, error.value.message) == (
            "declaration_date",
            "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for "
            "this participant.",
        )
    check("retained-1", dt.date(2025, 10, 1))
    check("retained-1", dt.date(2026, 5, 1))
    check("retained-1", dt.date(2025, 9, 30), year=2024)
