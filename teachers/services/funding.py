"""When a teacher first becomes eligible for funded training (domain.md §6.5, BR-ECT-34, BR-T-07).

The first-eligible timestamps are set once and never move. On first setting, the teacher's `no_payment`
declarations in that role become `eligible` on the next open output statement of their provider and cohort;
a declaration with no such statement is left as it is (it becomes eligible when it is next looked at).
"""

from __future__ import annotations

from django.db.models import Q

from core import clock
from core.services import service
from declarations.models import Declaration, PaymentStatus
from events.authors import Author
from events.record import declarations as declaration_events
from events.record import registration as record
from events.recorder import describe_changes
from finance.models import FeeType, Statement, StatementStatus
from providers.models import ActiveLeadProvider
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, Teacher, TrainingPeriod, TrainingRole
from teachers.services.identity import apply_teacher_changes


def is_ect_due_first_eligibility(teacher: Teacher) -> bool:
    """§6.5: not yet set, an induction period contains today, and the teacher has an ECT-at-school period."""
    return (
        teacher.ect_first_became_eligible_for_training_at is None
        and InductionPeriod.objects.filter(teacher=teacher).containing(clock.today()).exists()
        and ECTAtSchoolPeriod.objects.filter(teacher=teacher).exists()
    )


def is_mentor_due_first_eligibility(teacher: Teacher) -> bool:
    """§6.5: not yet set, at least one mentor training period, and not ineligible for mentor funding."""
    return (
        teacher.mentor_first_became_eligible_for_training_at is None
        and teacher.mentor_became_ineligible_for_funding_on is None
        and teacher.mentor_became_ineligible_for_funding_reason is None
        and TrainingPeriod.objects.filter(teacher=teacher, role=TrainingRole.MENTOR).exists()
    )


@service
def set_ect_funding_eligibility(*, author: Author, teacher: Teacher) -> bool:
    """Set `ect_first_became_eligible_for_training_at` once when due (BR-ECT-34). Returns whether it was set."""
    if not is_ect_due_first_eligibility(teacher):
        return False
    return _set_first_eligible(author=author, teacher=teacher, role=TrainingRole.ECT)


@service
def set_mentor_funding_eligibility(*, author: Author, teacher: Teacher) -> bool:
    """Set `mentor_first_became_eligible_for_training_at` once when due. Returns whether it was set."""
    if not is_mentor_due_first_eligibility(teacher):
        return False
    return _set_first_eligible(author=author, teacher=teacher, role=TrainingRole.MENTOR)


def _set_first_eligible(*, author: Author, teacher: Teacher, role: str) -> bool:
    changes = apply_teacher_changes(teacher, **{f"{role}_first_became_eligible_for_training_at": clock.now()})
    if not changes:
        return False
    _make_declarations_eligible(author=author, teacher=teacher, role=role)
    record.teacher_funding_eligibility_set(
        author=author, teacher=teacher, role=role, modifications=describe_changes(changes)
    )
    return True


def next_open_output_statement(active_lead_provider: ActiveLeadProvider | None) -> Statement | None:
    """The earliest open output statement of the provider's cohort whose deadline is today or later."""
    if active_lead_provider is None:
        return None
    return (
        Statement.objects.filter(
            active_lead_provider=active_lead_provider,
            fee_type=FeeType.OUTPUT,
            status=StatementStatus.OPEN,
            deadline_date__gte=clock.today(),
        )
        .order_by("deadline_date", "year", "month", "pk")
        .first()
    )


def _active_lead_provider_of(training_period: TrainingPeriod) -> ActiveLeadProvider | None:
    if training_period.school_partnership_id is not None:
        return training_period.school_partnership.lead_provider_delivery_partnership.active_lead_provider
    return training_period.expression_of_interest


def _make_declarations_eligible(*, author: Author, teacher: Teacher, role: str) -> None:
    declarations = (
        Declaration.objects.filter(
            training_period__teacher=teacher, training_period__role=role, payment_status=PaymentStatus.NO_PAYMENT
        )
        .filter(Q(clawback_statement__isnull=True))
        .select_related(
            "training_period__school_partnership__lead_provider_delivery_partnership__active_lead_provider",
            "training_period__expression_of_interest",
        )
        .order_by("declaration_date", "pk")
    )
    for declaration in declarations:
        statement = next_open_output_statement(_active_lead_provider_of(declaration.training_period))
        if statement is None:
            continue
        declaration.payment_status = PaymentStatus.ELIGIBLE
        declaration.payment_statement = statement
        declaration.api_updated_at = clock.now()
        declaration.save(update_fields=["payment_status", "payment_statement", "api_updated_at", "updated_at"])
        declaration_events.teacher_declaration_eligible(author=author, declaration=declaration)
