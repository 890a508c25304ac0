"""Declaration validity (domain.md §5.18, §8.14; BR-D-01 … BR-D-11; lead-provider-api.md §12.2–12.4).

`validate_declaration` holds the model rules (BR-D-01 … BR-D-09) and reports every failure at once. The other
functions are the API submission's individual checks (evidence, dates, withdrawal, frozen cohorts, statements,
order), each raising the provider-facing message on the API's field name; the API's create action decides their
order and guards.
"""

from __future__ import annotations

import datetime as dt
import re

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from declarations import messages
from declarations.models import (
    BILLABLE_OR_CHANGEABLE,
    ClawbackStatus,
    Declaration,
    EvidenceType,
    PaymentStatus,
)
from finance.models import FeeType, Statement, StatementStatus
from providers.models import ActiveLeadProvider, ContractPeriod, DeclarationType, Milestone, Schedule
from schools.models import SchoolFundingEligibility
from teachers.models import Teacher, TrainingPeriod, TrainingRole
from teachers.selectors.training_status import WITHDRAWN, training_status

DECLARATION_TYPE_ORDER = list(DeclarationType.values)

# Shared lookups ---------------------------------------------------------------------------------------------------


def contract_period_of_training_period(training_period: TrainingPeriod) -> ContractPeriod | None:
    """Through the partnership, else the expression of interest, else the schedule."""
    if training_period.school_partnership_id:
        return training_period.school_partnership.contract_period
    if training_period.expression_of_interest_id:
        return training_period.expression_of_interest.contract_period
    if training_period.schedule_id:
        return training_period.schedule.contract_period
    return None


def active_lead_provider_of_training_period(training_period: TrainingPeriod) -> ActiveLeadProvider | None:
    if training_period.school_partnership_id:
        return training_period.school_partnership.active_lead_provider
    return training_period.expression_of_interest


def billable_or_changeable(queryset):
    return queryset.filter(payment_status__in=BILLABLE_OR_CHANGEABLE, clawback_status=ClawbackStatus.NO_CLAWBACK)


def milestone_for(*, schedule: Schedule | None, declaration_type: str) -> Milestone | None:
    if schedule is None:
        return None
    return schedule.milestones.filter(declaration_type=declaration_type).first()


# Model rules (BR-D-01 … BR-D-09) ----------------------------------------------------------------------------------


def check_declaration_date_in_milestone(*, declaration_date: dt.datetime, milestone: Milestone) -> None:
    """BR-D-03: on or after the milestone's start (00:00 London) and before the day after its deadline."""
    if declaration_date < clock.start_of_day(milestone.start_date):
        raise DomainError("declaration_date", messages.DECLARATION_DATE_BEFORE_MILESTONE)
    if milestone.milestone_date is not None and declaration_date >= clock.start_of_day(
        milestone.milestone_date + dt.timedelta(days=1)
    ):
        raise DomainError("declaration_date", messages.DECLARATION_DATE_AFTER_MILESTONE)


def _duplicate_exists(declaration: Declaration) -> bool:
    """BR-D-07: another billable-or-changeable declaration of the type for the teacher in this role."""
    if declaration.payment_status not in BILLABLE_OR_CHANGEABLE or declaration.clawback_status != (
        ClawbackStatus.NO_CLAWBACK
    ):
        return False
    training_period = declaration.training_period
    others = billable_or_changeable(
        Declaration.objects.filter(
            training_period__teacher_id=training_period.teacher_id,
            training_period__role=training_period.role,
            declaration_type=declaration.declaration_type,
        )
    )
    if declaration.pk is not None:
        others = others.exclude(pk=declaration.pk)
    return others.exists()


def validate_declaration(declaration: Declaration) -> None:
    """BR-D-01 … BR-D-09 on an unsaved or saved declaration; every failure at once, in the reference's order."""
    errors = ErrorCollector()
    training_period = declaration.training_period if declaration.training_period_id else None
    if training_period is None:  # BR-D-01
        errors.add("training_period", messages.TRAINING_PERIOD_REQUIRED)
    if declaration.voided_by_user_at is not None and declaration.voided_by_user_id is None:  # BR-D-02
        errors.add("voided_by_user", messages.VOIDED_BY_USER_REQUIRED)
    if declaration.voided_by_user_id is not None and declaration.voided_by_user_at is None:
        errors.add("voided_by_user_at", messages.VOIDED_BY_USER_AT_REQUIRED)
    if declaration.declaration_type not in DeclarationType.values:
        errors.add("declaration_type", messages.DECLARATION_TYPE_INVALID)
    if declaration.evidence_type is not None and declaration.evidence_type not in EvidenceType.values:
        errors.add("evidence_type", messages.EVIDENCE_TYPE_INVALID)
    if declaration.declaration_date is None:  # BR-D-03
        errors.add("declaration_date", messages.DECLARATION_DATE_REQUIRED)
    elif training_period is not None and declaration.declaration_type in DeclarationType.values:
        milestone = milestone_for(schedule=training_period.schedule, declaration_type=declaration.declaration_type)
        if milestone is not None:
            try:
                check_declaration_date_in_milestone(declaration_date=declaration.declaration_date, milestone=milestone)
            except DomainError as error:
                errors.add(error.field, error.message)
    if training_period is not None and declaration.mentorship_period_id is not None:  # BR-D-04
        if training_period.role == TrainingRole.MENTOR:
            errors.add("mentorship_period", messages.MENTORSHIP_FOR_MENTOR)
        elif declaration.mentorship_period.ect_at_school_period_id != training_period.ect_at_school_period_id:
            errors.add("mentorship_period", messages.MENTORSHIP_NOT_THE_TRAINEES)
    if (  # BR-D-05
        declaration.payment_status not in (PaymentStatus.NO_PAYMENT, PaymentStatus.VOIDED)
        and declaration.payment_statement_id is None
    ):
        errors.add("payment_statement", messages.PAYMENT_STATEMENT_REQUIRED)
    if declaration.clawback_status != ClawbackStatus.NO_CLAWBACK and declaration.clawback_statement_id is None:
        errors.add("clawback_statement", messages.CLAWBACK_STATEMENT_REQUIRED)
    contract_period = contract_period_of_training_period(training_period) if training_period else None
    years = {
        year
        for year in (
            contract_period.year if contract_period else None,
            declaration.payment_statement.active_lead_provider.contract_period_id
            if declaration.payment_statement_id
            else None,
            declaration.clawback_statement.active_lead_provider.contract_period_id
            if declaration.clawback_statement_id
            else None,
        )
        if year is not None
    }
    if len(years) > 1:  # BR-D-06
        errors.add("training_period", messages.CONTRACT_PERIOD_MISMATCH)
    if training_period is not None and _duplicate_exists(declaration):  # BR-D-07
        errors.add(BASE, messages.DUPLICATE_DECLARATION)
    if (  # BR-D-08
        training_period is not None
        and training_period.role == TrainingRole.MENTOR
        and contract_period is not None
        and contract_period.mentor_funding_enabled
        and declaration.declaration_type not in (DeclarationType.STARTED, DeclarationType.COMPLETED)
    ):
        errors.add("declaration_type", messages.MENTOR_FUNDING_TYPES_ONLY)
    if (declaration.pupil_premium_uplift or declaration.sparsity_uplift) and not (  # BR-D-09
        declaration.declaration_type == DeclarationType.STARTED
        and contract_period is not None
        and contract_period.uplift_fees_enabled
    ):
        errors.add(BASE, messages.UPLIFTS_NOT_APPLICABLE)
    errors.raise_if_any()


def uplifts_for_new_declaration(*, training_period: TrainingPeriod, declaration_type: str) -> tuple[bool, bool]:
    """BR-D-09: `(pupil_premium_uplift, sparsity_uplift)`, copied from the funding eligibility of the training
    period's school for its contract period, for `started` declarations in uplift-enabled periods; else both false
    (lead-provider-api.md §12.5 step 5)."""
    contract_period = contract_period_of_training_period(training_period)
    if (
        declaration_type != DeclarationType.STARTED
        or contract_period is None
        or not contract_period.uplift_fees_enabled
    ):
        return False, False
    school = training_period.at_school_period.school
    eligibility = SchoolFundingEligibility.objects.filter(
        gias_school_id=school.gias_school_id, contract_period=contract_period
    ).first()
    if eligibility is None:
        return False, False
    return eligibility.pupil_premium_uplift, eligibility.sparsity_uplift


# Evidence (BR-D-10) -----------------------------------------------------------------------------------------------

BASIC_EVIDENCE = frozenset(
    {EvidenceType.TRAINING_EVENT_ATTENDED, EvidenceType.SELF_STUDY_MATERIAL_COMPLETED, EvidenceType.OTHER}
)
GENERAL_EVIDENCE = BASIC_EVIDENCE | {EvidenceType.MATERIALS_ENGAGED_WITH_OFFLINE}
ENGAGEMENT_EVIDENCE = frozenset(
    {
        EvidenceType.SEVENTY_FIVE_PERCENT_ENGAGEMENT_MET,
        EvidenceType.SEVENTY_FIVE_PERCENT_ENGAGEMENT_MET_REDUCED_INDUCTION,
    }
)
COMPLETED_ECT_EVIDENCE = ENGAGEMENT_EVIDENCE | {EvidenceType.ONE_TERM_INDUCTION}


def allowed_evidence_types(*, role: str, declaration_type: str, detailed: bool) -> frozenset[str] | None:
    """BR-D-10: the evidence types accepted; None when no evidence is taken (a `started` declaration without
    detailed evidence types, whose evidence is discarded)."""
    if not detailed:
        return None if declaration_type == DeclarationType.STARTED else BASIC_EVIDENCE
    if role == TrainingRole.MENTOR:
        return {
            DeclarationType.STARTED: GENERAL_EVIDENCE,
            DeclarationType.COMPLETED: ENGAGEMENT_EVIDENCE,
        }.get(declaration_type, frozenset())
    if declaration_type == DeclarationType.RETAINED_2:
        return ENGAGEMENT_EVIDENCE
    if declaration_type == DeclarationType.COMPLETED:
        return COMPLETED_ECT_EVIDENCE
    return GENERAL_EVIDENCE


def checked_evidence_type(*, role: str, declaration_type: str, evidence_type: str | None, detailed: bool) -> str | None:
    """BR-D-10: the evidence type to store (None when discarded), or the API's error on `evidence_held`."""
    allowed = allowed_evidence_types(role=role, declaration_type=declaration_type, detailed=detailed)
    if allowed is None:
        return None
    if not evidence_type:
        raise DomainError("evidence_held", messages.EVIDENCE_REQUIRED)
    if evidence_type not in allowed:
        raise DomainError("evidence_held", messages.EVIDENCE_NOT_ALLOWED)
    return evidence_type


# API submission checks (BR-D-07, BR-D-08, BR-D-11) ----------------------------------------------------------------

RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$", re.IGNORECASE
)


def parse_declaration_date(value: str | None) -> dt.datetime:
    """lead-provider-api.md §12.4: `YYYY-MM-DDTHH:MM:SS`, optional fraction, optional zone (`Z`, `±HH`, `±HHMM`,
    `±HH:MM`); a value without a zone is London time. Anything else → `Enter a valid RCF3339 '#/declaration_date'.`"""
    match = RFC3339.match((value or "").strip())
    if match is None:
        raise DomainError("declaration_date", messages.DECLARATION_DATE_FORMAT)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        microsecond = int((fraction or "0")[:6].ljust(6, "0"))
        if zone is None:
            tzinfo: dt.tzinfo = clock.LONDON
        elif zone.upper() == "Z":
            tzinfo = dt.UTC
        else:
            digits = zone[1:].replace(":", "")
            offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            tzinfo = dt.timezone(offset if zone[0] == "+" else -offset)
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), microsecond, tzinfo=tzinfo
        )
    except ValueError as error:  # an impossible calendar date or offset
        raise DomainError("declaration_date", messages.DECLARATION_DATE_FORMAT) from error


def check_declaration_date_not_in_future(declaration_date: dt.datetime) -> None:
    """BR-D-11: later than now is refused; now itself is fine."""
    if declaration_date > clock.now():
        raise DomainError("declaration_date", messages.DECLARATION_DATE_IN_FUTURE)


def check_milestone_exists(*, schedule: Schedule | None, declaration_type: str) -> Milestone:
    """BR-D-11: the schedule must have a milestone for the type."""
    milestone = milestone_for(schedule=schedule, declaration_type=declaration_type)
    if milestone is None:
        raise DomainError("declaration_type", messages.NO_MILESTONE_FOR_TYPE)
    return milestone


def rfc3339(moment: dt.datetime) -> str:
    """`2025-11-03T14:12:09Z`: whole seconds, UTC."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_not_after_withdrawal(*, training_period: TrainingPeriod, declaration_date: dt.datetime) -> None:
    """BR-D-11: a withdrawn participant's declaration must be dated before the withdrawal instant."""
    if training_status(training_period) == WITHDRAWN and training_period.withdrawn_at <= declaration_date:
        raise DomainError(
            "participant_id",
            messages.WITHDRAWN_BEFORE_DECLARATION.format(withdrawn_at=rfc3339(training_period.withdrawn_at)),
        )


def check_cohort_not_frozen(*, teacher: Teacher, role: str) -> None:
    """BR-D-11: the teacher's training period in this role that contains today (any lead provider) must not be in a
    payments-frozen cohort."""
    current = (
        TrainingPeriod.objects.containing(clock.today())
        .filter(teacher=teacher, role=role)
        .select_related("school_partnership", "expression_of_interest", "schedule")
        .first()
    )
    contract_period = contract_period_of_training_period(current) if current else None
    if contract_period is not None and contract_period.is_payments_frozen:
        raise DomainError("cohort", messages.COHORT_PAYMENTS_FROZEN.format(year=contract_period.year))


def next_output_statement(
    active_lead_provider: ActiveLeadProvider | None, *, open_only: bool = True, on: dt.date | None = None
) -> Statement | None:
    """The provider's output statement for the cohort with the earliest deadline on or after the day (today);
    `open_only=False` also accepts payable and paid statements (the clawback path, BR-D-13)."""
    if active_lead_provider is None:
        return None
    statements = Statement.objects.filter(
        active_lead_provider=active_lead_provider,
        fee_type=FeeType.OUTPUT,
        deadline_date__gte=on or clock.today(),
    )
    if open_only:
        statements = statements.filter(status=StatementStatus.OPEN)
    return statements.order_by("deadline_date", "year", "month", "pk").first()


def check_output_statement_available(*, training_period: TrainingPeriod, participant_eligible: bool) -> None:
    """BR-D-11: an eligible participant's declaration needs an open output statement with a deadline today or later
    for the lead provider and cohort."""
    if not participant_eligible:
        return
    active = active_lead_provider_of_training_period(training_period)
    if next_output_statement(active) is None:
        year = active.contract_period_id if active else contract_period_of_training_period(training_period).year
        raise DomainError("cohort", messages.NO_OUTPUT_STATEMENT.format(year=year))


def check_declaration_sequence(
    *, teacher: Teacher, role: str, declaration_type: str, declaration_date: dt.datetime, contract_period_year: int
) -> None:
    """BR-D-11 (cohorts from 2025): the date may not be before an earlier type's latest date, nor after a later
    type's earliest date, among the teacher's billable-or-changeable declarations in this role (equal is fine)."""
    if contract_period_year < 2025:
        return
    position = DECLARATION_TYPE_ORDER.index(declaration_type)
    existing = billable_or_changeable(
        Declaration.objects.filter(training_period__teacher=teacher, training_period__role=role)
    ).values_list("declaration_type", "declaration_date")
    for other_type, other_date in existing:
        other_position = DECLARATION_TYPE_ORDER.index(other_type)
        if (other_position < position and other_date > declaration_date) or (
            other_position > position and other_date < declaration_date
        ):
            raise DomainError("declaration_date", messages.DECLARATION_DATE_OUT_OF_SEQUENCE)


def check_no_billable_duplicate(*, teacher: Teacher, role: str, declaration_type: str) -> None:
    """BR-D-07 as the API words it: one billable-or-changeable declaration per teacher, role and type."""
    duplicates = billable_or_changeable(
        Declaration.objects.filter(
            training_period__teacher=teacher, training_period__role=role, declaration_type=declaration_type
        )
    )
    if duplicates.exists():
        raise DomainError("declaration_type", messages.API_DUPLICATE_DECLARATION)


def check_mentor_declaration_type(*, training_period: TrainingPeriod, declaration_type: str) -> None:
    """BR-D-08 as the API words it: mentors in mentor-funding-enabled cohorts send only `started` or `completed`."""
    contract_period = contract_period_of_training_period(training_period)
    if (
        training_period.role == TrainingRole.MENTOR
        and contract_period is not None
        and contract_period.mentor_funding_enabled
        and declaration_type not in (DeclarationType.STARTED, DeclarationType.COMPLETED)
    ):
        raise DomainError("declaration_type", messages.API_MENTOR_FUNDING_TYPES_ONLY)
