"""Structural rules of a training period (domain.md §5.14, BR-TP-01 … BR-TP-17, BR-M-08, BR-P-01, BR-P-08).

`validate_training_period` checks a (saved or unsaved) period the way the reference model validates, and reports
every failure at once. Services call it before saving; the database constraints on `training_periods` are the
backstop (Q2: one ongoing period and one start date per at-school period are partial unique indexes there).
"""

from __future__ import annotations

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.periods import check_date_order, check_no_overlap, period_covers
from declarations.models import BILLABLE, Declaration
from schools.models import TrainingProgramme
from teachers.messages import training as messages
from teachers.models import DeferralReason, TrainingPeriod, TrainingRole, WithdrawalReason

MENTOR_ONLY_WITHDRAWAL_REASONS = (WithdrawalReason.MENTOR_NO_LONGER_BEING_MENTOR,)


def validate_training_period(period: TrainingPeriod) -> None:
    """Raise DomainError (or DomainErrors, for several) when the period breaks a structural rule."""
    errors = ErrorCollector()
    _check_programme(period, errors)
    _check_at_school_period(period, errors)
    _check_provider_links(period, errors)
    _check_dates(period, errors)
    _check_withdrawal_and_deferral(period, errors)
    _check_schedule_for_role(period, errors)
    _check_contract_period_consistency(period, errors)
    errors.raise_if_any()


def check_can_delete_training_period(period: TrainingPeriod) -> None:
    """BR-TP-16: a training period with billable declarations cannot be deleted."""
    if period.pk and Declaration.objects.filter(training_period=period, payment_status__in=BILLABLE).exists():
        raise DomainError(BASE, messages.CANNOT_DELETE_WITH_BILLABLE_DECLARATIONS)


# The individual rules ----------------------------------------------------------------------------------------


def _has_ect_link(period: TrainingPeriod) -> bool:
    return period.ect_at_school_period_id is not None


def _has_mentor_link(period: TrainingPeriod) -> bool:
    return period.mentor_at_school_period_id is not None


def _check_programme(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """BR-TP-17 and BR-M-08."""
    if period.training_programme not in TrainingProgramme.values:
        errors.add("training_programme", messages.INVALID_TRAINING_PROGRAMME)
    elif _has_mentor_link(period) and period.training_programme == TrainingProgramme.SCHOOL_LED:
        errors.add("training_programme", messages.MENTOR_TRAINING_ONLY_PROVIDER_LED)


def _check_at_school_period(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """BR-TP-01."""
    ect, mentor = _has_ect_link(period), _has_mentor_link(period)
    if not ect and not mentor:
        errors.add(BASE, messages.AT_SCHOOL_PERIOD_REQUIRED)
    elif ect and mentor:
        errors.add(BASE, messages.ONLY_ONE_AT_SCHOOL_PERIOD)


def _check_provider_links(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """BR-TP-02, BR-TP-03, BR-TP-04, BR-TP-10."""
    has_partnership = period.school_partnership_id is not None
    has_eoi = period.expression_of_interest_id is not None
    has_schedule = period.schedule_id is not None
    if period.training_programme == TrainingProgramme.PROVIDER_LED:
        if not has_partnership and not has_eoi:
            errors.add(BASE, messages.EOI_OR_PARTNERSHIP_REQUIRED)
        if not has_schedule:
            errors.add("schedule", messages.SCHEDULE_REQUIRED_FOR_PROVIDER_LED)
    elif period.training_programme == TrainingProgramme.SCHOOL_LED:
        if has_eoi:
            errors.add("expression_of_interest", messages.EOI_ABSENT_FOR_SCHOOL_LED)
        if has_partnership:
            errors.add("school_partnership", messages.PARTNERSHIP_ABSENT_FOR_SCHOOL_LED)
        if has_schedule:
            errors.add("schedule", messages.SCHEDULE_ABSENT_FOR_SCHOOL_LED)
    at_school = _single_at_school_period(period)
    if has_partnership and at_school is not None and period.school_partnership.school_id != at_school.school_id:
        errors.add("school_partnership", messages.PARTNERSHIP_SCHOOL_MISMATCH)


def _single_at_school_period(period: TrainingPeriod):
    if _has_ect_link(period) == _has_mentor_link(period):
        return None
    return period.ect_at_school_period if _has_ect_link(period) else period.mentor_at_school_period


def _check_dates(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """Start date present, BR-P-01 (date order), BR-TP-05 (no overlap in the role), BR-TP-06 (within the
    at-school period)."""
    if period.started_on is None:
        errors.add("started_on", messages.CANT_BE_BLANK)
        return
    try:
        check_date_order(period.started_on, period.finished_on)
    except DomainError as error:
        errors.add(error.field, error.message)
        return
    at_school = _single_at_school_period(period)
    if at_school is None:
        return
    role = TrainingRole.ECT if _has_ect_link(period) else TrainingRole.MENTOR
    siblings = TrainingPeriod.objects.filter(teacher_id=at_school.teacher_id, role=role)
    if period.pk is not None:
        siblings = siblings.exclude(pk=period.pk)
    try:
        check_no_overlap(
            siblings=siblings,
            started_on=period.started_on,
            finished_on=period.finished_on,
            name=messages.OVERLAP_NAME,
        )
    except DomainError as error:
        errors.add(error.field, error.message)
    if not period_covers(at_school.started_on, at_school.finished_on, period.started_on, period.finished_on):
        errors.add(BASE, messages.NOT_CONTAINED_BY_AT_SCHOOL_PERIOD)


def _check_withdrawal_and_deferral(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """BR-TP-07, BR-TP-08, BR-TP-09, BR-TP-11, BR-TP-15."""
    if period.withdrawal_reason and period.withdrawn_at is None:
        errors.add("withdrawn_at", messages.CANT_BE_BLANK)
    if period.withdrawn_at is not None and not period.withdrawal_reason:
        errors.add("withdrawal_reason", messages.CANT_BE_BLANK)
    if period.withdrawal_reason and period.withdrawal_reason not in WithdrawalReason.values:
        errors.add("withdrawal_reason", messages.INVALID_WITHDRAWAL_REASON)
    elif period.withdrawal_reason in MENTOR_ONLY_WITHDRAWAL_REASONS and _has_ect_link(period):
        errors.add("withdrawal_reason", messages.ECT_CANNOT_BE_WITHDRAWN_FOR_REASON)

    if period.deferral_reason and period.deferred_at is None:
        errors.add("deferred_at", messages.CANT_BE_BLANK)
    if period.deferred_at is not None and not period.deferral_reason:
        errors.add("deferral_reason", messages.CANT_BE_BLANK)
    if period.deferral_reason and period.deferral_reason not in DeferralReason.values:
        errors.add("deferral_reason", messages.INVALID_DEFERRAL_REASON)

    if (period.withdrawn_at is not None or period.deferred_at is not None) and period.finished_on is None:
        errors.add("finished_on", messages.CANT_BE_BLANK)

    if period.started_on is not None and period.started_on > clock.today():
        for field in ("withdrawn_at", "withdrawal_reason", "deferred_at", "deferral_reason"):
            if getattr(period, field):
                errors.add(field, messages.MUST_BE_BLANK)


def _check_schedule_for_role(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """BR-TP-12 and BR-TP-13."""
    if period.schedule_id is None:
        return
    family = period.schedule.family
    if family == "replacement" and _has_ect_link(period) and not _has_mentor_link(period):
        errors.add("schedule", messages.REPLACEMENT_SCHEDULE_ONLY_FOR_MENTORS)
    if family == "reduced" and _has_mentor_link(period) and not _has_ect_link(period):
        errors.add("schedule", messages.REDUCED_SCHEDULE_ONLY_FOR_ECTS)


def _check_contract_period_consistency(period: TrainingPeriod, errors: ErrorCollector) -> None:
    """BR-TP-14: partnership, EOI, schedule and declaration statements share one contract period."""
    if period.training_programme != TrainingProgramme.PROVIDER_LED:
        return
    years = set()
    if period.school_partnership_id is not None:
        years.add(period.school_partnership.lead_provider_delivery_partnership.active_lead_provider.contract_period_id)
    if period.expression_of_interest_id is not None:
        years.add(period.expression_of_interest.contract_period_id)
    if period.schedule_id is not None:
        years.add(period.schedule.contract_period_id)
    if period.pk is not None:
        for declaration in Declaration.objects.filter(training_period=period).select_related(
            "payment_statement__active_lead_provider", "clawback_statement__active_lead_provider"
        ):
            for statement in (declaration.payment_statement, declaration.clawback_statement):
                if statement is not None:
                    years.add(statement.active_lead_provider.contract_period_id)
    if len(years) > 1:
        errors.add("schedule", messages.CONTRACT_PERIOD_MISMATCH)
