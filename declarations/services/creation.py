"""A lead provider's new declaration (lead-provider-api.md §12.1–12.5, §12.10; domain.md §7.5, BR-D-07 … BR-D-12).

`create_declaration` checks the submission with the API's rules V1–V19 in the reference's order, each skipped when
certain earlier errors exist (§12.3), and reports every error at once. A valid submission is then written inside a
critical section serialised on the teacher's row: two identical requests racing past the checks meet there, and the
second gets the first's declaration (§12.10). The database's per-participant unique index is the backstop for any
writer that skips the lock: its refusal becomes the spec's duplicate error, never a server error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from core import clock
from core.errors import DomainError, DomainErrors
from core.services import service
from declarations import messages
from declarations.models import Declaration
from declarations.services.locking import lock_participant
from declarations.services.transitions import initial_payment
from declarations.validation import (
    billable_or_changeable,
    check_cohort_not_frozen,
    check_declaration_date_in_milestone,
    check_declaration_date_not_in_future,
    check_declaration_sequence,
    check_mentor_declaration_type,
    check_milestone_exists,
    check_no_billable_duplicate,
    check_not_after_withdrawal,
    check_output_statement_available,
    checked_evidence_type,
    contract_period_of_training_period,
    milestone_for,
    parse_declaration_date,
    uplifts_for_new_declaration,
)
from events.authors import Author
from events.record import declarations as record
from providers.models import DeclarationType, LeadProvider
from teachers.models import MentorshipPeriod, Teacher, TrainingPeriod, TrainingRole
from teachers.selectors.training_status import training_period_eligible_for_funding
from teachers.services.mentoring import update_mentor_completion_status

COURSE_ROLES = {"ecf-induction": TrainingRole.ECT, "ecf-mentor": TrainingRole.MENTOR}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# What the reference can still read as a time although it is not RFC 3339 (§12.3 V11 vs the 400 quirk): a bare date,
# or a date and time with a space or without seconds.
LENIENT_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.IGNORECASE,
)
DUPLICATE_CONSTRAINTS = (
    "declarations_one_billable_or_changeable_per_type",
    "declarations_one_billable_or_changeable_per_teacher_role_type",
)


class UninterpretableDeclarationDate(DomainError):
    """§12.3 quirk: a date that cannot be read as a time at all, for a known participant with training, is a 400
    `Bad request` in the reference, not a 422."""

    def __init__(self) -> None:
        super().__init__("declaration_date", messages.DECLARATION_DATE_FORMAT)


@dataclass
class Submission:
    """The attributes as sent (any JSON value), read as text; blank means missing."""

    participant_id: str | None
    declaration_type: str | None
    declaration_date: str | None
    course_identifier: str | None
    evidence_held: str | None

    @classmethod
    def of(cls, **values: Any) -> Submission:
        return cls(**{name: _text(values.get(name)) for name in cls.__dataclass_fields__})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


class _Errors:
    """Rule failures in the order raised; `on(...)` answers the guards of §12.3."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, error: DomainError) -> None:
        self.errors.append(error)

    def check(self, rule, *args: Any, **kwargs: Any) -> Any:
        try:
            return rule(*args, **kwargs)
        except DomainError as error:
            self.errors.extend(error.errors)
            return None

    def any(self) -> bool:
        return bool(self.errors)

    def on(self, *fields: str) -> bool:
        return any(error.field in fields for error in self.errors)

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


def _lenient_date(value: str) -> dt.datetime | None:
    """The instant a non-RFC 3339 value still denotes (a bare date is midnight in London), else None."""
    match = LENIENT_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    text = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}{zone or ''}"
    try:
        return parse_declaration_date(text)
    except DomainError:
        return None


def _callers_training_periods(*, teacher: Teacher, lead_provider: LeadProvider):
    """The teacher's training periods (either role) through a school partnership of the lead provider."""
    return TrainingPeriod.objects.filter(
        teacher=teacher,
        school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
    )


def declarable_training_period(*, teacher: Teacher, lead_provider: LeadProvider, role: str) -> TrainingPeriod | None:
    """§12.1 "who can declare" / §12.3 TP: the lead provider's training period of the role with the latest start
    (future, finished, deferred and withdrawn ones included)."""
    return (
        _callers_training_periods(teacher=teacher, lead_provider=lead_provider)
        .filter(role=role)
        .select_related(
            "teacher",
            "schedule",
            "school_partnership__lead_provider_delivery_partnership__active_lead_provider__contract_period",
            "school_partnership__lead_provider_delivery_partnership__delivery_partner",
            "school_partnership__school",
            "ect_at_school_period__school",
            "mentor_at_school_period__school",
        )
        .latest_first()
        .first()
    )


def nearest_mentorship(*, training_period: TrainingPeriod, declaration_date: dt.datetime) -> MentorshipPeriod | None:
    """§12.5 step 2: among the ECT-at-school period's mentorships, the one whose finish date (or start date while
    it has none) is nearest in days to the declaration date; the earlier one on a tie. None for mentors."""
    if training_period.role != TrainingRole.ECT:
        return None
    on = declaration_date.astimezone(clock.LONDON).date()
    mentorships = MentorshipPeriod.objects.filter(ect_at_school_period_id=training_period.ect_at_school_period_id)
    return min(
        mentorships,
        key=lambda m: (abs(((m.finished_on or m.started_on) - on).days), m.started_on, m.pk),
        default=None,
    )


@dataclass
class _Checked:
    teacher: Teacher
    role: str
    training_period: TrainingPeriod
    declaration_type: str
    declaration_date: dt.datetime
    evidence_type: str | None


def _validate(*, lead_provider: LeadProvider, submission: Submission) -> _Checked:
    """§12.3 V1–V19 in order with their guards; every error reported together."""
    errors = _Errors()
    sent = submission
    teacher: Teacher | None = None
    if sent.participant_id is None:  # V1
        errors.add(DomainError("participant_id", messages.API_PARTICIPANT_REQUIRED))
    else:  # V2
        if UUID.match(sent.participant_id.strip()):
            teacher = Teacher.objects.filter(api_id=sent.participant_id.strip().lower()).first()
        if teacher is None:
            errors.add(DomainError("participant_id", messages.API_PARTICIPANT_NOT_RECOGNISED))
    if not errors.any() and sent.course_identifier not in COURSE_ROLES:  # V3
        errors.add(DomainError("course_identifier", messages.API_COURSE_REQUIRED))
    if not errors.any() and sent.declaration_date is None:  # V4
        errors.add(DomainError("declaration_date", messages.API_DECLARATION_DATE_REQUIRED))

    role = COURSE_ROLES.get(sent.course_identifier or "")
    training_period = (
        declarable_training_period(teacher=teacher, lead_provider=lead_provider, role=role)
        if teacher is not None and role is not None
        else None
    )
    has_callers_training = (
        teacher is not None and _callers_training_periods(teacher=teacher, lead_provider=lead_provider).exists()
    )
    if (  # V5
        not errors.on("course_identifier", "participant_id", "declaration_type", "declaration_date")
        and training_period is None
        and has_callers_training
    ):
        errors.add(DomainError("course_identifier", messages.API_COURSE_NOT_RECOGNISED))
    if not errors.any() and sent.declaration_type is None:  # V6
        errors.add(DomainError("declaration_type", messages.API_DECLARATION_TYPE_REQUIRED))
    if not errors.any() and sent.declaration_type not in DeclarationType.values:  # V7
        errors.add(DomainError("declaration_type", messages.API_DECLARATION_TYPE_INVALID))
    declaration_type = sent.declaration_type if sent.declaration_type in DeclarationType.values else None

    if (  # V8
        not errors.on("declaration_type", "declaration_date") and training_period is not None and declaration_type
    ):
        errors.check(check_no_billable_duplicate, teacher=teacher, role=role, declaration_type=declaration_type)

    strict_date: dt.datetime | None = None
    declaration_date: dt.datetime | None = None
    if sent.declaration_date is not None:
        try:
            strict_date = declaration_date = parse_declaration_date(sent.declaration_date)
        except DomainError:
            declaration_date = _lenient_date(sent.declaration_date)
    if not errors.on("declaration_date", "declaration_type", "participant_id", "course_identifier"):  # V9
        if declaration_date is None and sent.declaration_date is not None and training_period is not None:
            raise UninterpretableDeclarationDate()
        if declaration_date is not None:
            errors.check(check_declaration_date_not_in_future, declaration_date)
    if (  # V10, V10b
        not errors.on("declaration_date", "declaration_type", "cohort")
        and training_period is not None
        and declaration_type
        and declaration_date is not None
    ):
        milestone = milestone_for(schedule=training_period.schedule, declaration_type=declaration_type)
        if milestone is not None:
            errors.check(check_declaration_date_in_milestone, declaration_date=declaration_date, milestone=milestone)
    if not errors.on("declaration_date") and sent.declaration_date is not None and strict_date is None:  # V11
        errors.add(DomainError("declaration_date", messages.DECLARATION_DATE_FORMAT))
    if not errors.on("declaration_type", "cohort") and training_period is not None and declaration_type:  # V12
        errors.check(check_mentor_declaration_type, training_period=training_period, declaration_type=declaration_type)
    evidence_type = None
    if not errors.any() and training_period is not None:  # V13
        contract_period = contract_period_of_training_period(training_period)
        evidence_type = errors.check(
            checked_evidence_type,
            role=role,
            declaration_type=declaration_type,
            evidence_type=sent.evidence_held,
            detailed=bool(contract_period and contract_period.detailed_evidence_types_enabled),
        )
    if not errors.on("participant_id") and training_period is not None and declaration_date is not None:  # V14
        errors.check(check_not_after_withdrawal, training_period=training_period, declaration_date=declaration_date)
    if not errors.on("cohort") and teacher is not None and role is not None:  # V15
        errors.check(check_cohort_not_frozen, teacher=teacher, role=role)
    if not errors.on("declaration_type", "cohort") and training_period is not None:  # V16
        errors.check(
            check_output_statement_available,
            training_period=training_period,
            participant_eligible=training_period_eligible_for_funding(training_period),
        )
    if (  # V17
        not errors.on("declaration_date", "declaration_type", "participant_id", "course_identifier", "cohort")
        and training_period is not None
        and declaration_type
    ):
        errors.check(check_milestone_exists, schedule=training_period.schedule, declaration_type=declaration_type)
    if (  # V18
        not errors.on("declaration_date", "declaration_type")
        and training_period is not None
        and declaration_type
        and declaration_date is not None
    ):
        contract_period = contract_period_of_training_period(training_period)
        errors.check(
            check_declaration_sequence,
            teacher=teacher,
            role=role,
            declaration_type=declaration_type,
            declaration_date=declaration_date,
            contract_period_year=contract_period.year,
        )
    if not errors.on("participant_id") and teacher is not None and not has_callers_training:  # V19
        errors.add(DomainError("participant_id", messages.API_PARTICIPANT_NOT_RECOGNISED))
    errors.raise_if_any()
    assert teacher is not None and role is not None and training_period is not None and declaration_date is not None
    return _Checked(teacher, role, training_period, declaration_type, declaration_date, evidence_type)


@service
def create_declaration(*, author: Author, lead_provider: LeadProvider, **attributes: Any) -> Declaration:
    """POST participant-declarations: the new declaration, or the one a concurrent identical request has just
    created (§12.10). Raises the §12.3 errors (DomainError / DomainErrors) and `UninterpretableDeclarationDate`."""
    checked = _validate(lead_provider=lead_provider, submission=Submission.of(**attributes))
    training_period = checked.training_period
    lock_participant(checked.teacher.pk)

    existing = billable_or_changeable(
        Declaration.objects.filter(
            teacher=checked.teacher, role=checked.role, declaration_type=checked.declaration_type
        )
    ).first()
    if existing is not None:
        if existing.training_period_id == training_period.pk:
            return existing  # a concurrent identical request got here first
        raise DomainError("declaration_type", messages.API_DUPLICATE_DECLARATION)
    check_declaration_sequence(  # V18 again, now that concurrent declarations of other types are visible
        teacher=checked.teacher,
        role=checked.role,
        declaration_type=checked.declaration_type,
        declaration_date=checked.declaration_date,
        contract_period_year=contract_period_of_training_period(training_period).year,
    )

    payment_status, statement = initial_payment(training_period)
    pupil_premium_uplift, sparsity_uplift = uplifts_for_new_declaration(
        training_period=training_period, declaration_type=checked.declaration_type
    )
    declaration = Declaration(
        training_period=training_period,
        teacher=checked.teacher,
        role=checked.role,
        mentorship_period=nearest_mentorship(
            training_period=training_period, declaration_date=checked.declaration_date
        ),
        delivery_partner_when_created=training_period.school_partnership.delivery_partner,
        declaration_type=checked.declaration_type,
        declaration_date=checked.declaration_date,
        evidence_type=checked.evidence_type,
        payment_status=payment_status,
        payment_statement=statement,
        pupil_premium_uplift=pupil_premium_uplift,
        sparsity_uplift=sparsity_uplift,
    )
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError as error:
        if getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) in DUPLICATE_CONSTRAINTS:
            raise DomainError("declaration_type", messages.API_DUPLICATE_DECLARATION) from error
        raise
    record.teacher_declaration_created(author=author, declaration=declaration, lead_provider=lead_provider)
    if checked.declaration_type == DeclarationType.COMPLETED and checked.role == TrainingRole.MENTOR:
        update_mentor_completion_status(author=author, declaration=declaration)  # §12.5 step 7
    return declaration
