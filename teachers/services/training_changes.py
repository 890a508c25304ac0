"""Changes to training after it was created (domain.md §7.4.2 – §7.4.8; BR-TP-20 … BR-TP-33).

Lead providers withdraw, defer, resume and change schedules over the API; schools switch programme or lead
provider; DfE admins move a period to another contract period; and a new school partnership confirms the
expressions of interest that were waiting for it. Each is one transaction with its own event. Provider-facing
validations report every failing attribute at once (DomainErrors), the first failing rule per attribute.

New periods are created and old ones finished through `teachers.services.training` (start_training,
finish_training_period), so creation events and schedule selection (§6.3) live in one place.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import models
from django.db.models import Q

from core import clock
from core.dates import earliest
from core.errors import DomainError, ErrorCollector
from core.services import service
from declarations.models import Declaration
from events.authors import Author
from events.record import training_changes as record
from events.recorder import describe_changes
from providers.models import (
    REASSIGNMENT_SUCCESSOR_YEAR,
    ActiveLeadProvider,
    ContractPeriod,
    LeadProvider,
    Schedule,
    ScheduleIdentifier,
    SchoolPartnership,
)
from schools.models import TrainingProgramme
from schools.services import notifications as school_notifications
from schools.services.api_metadata import refresh_school_api_metadata, school_id_of
from teachers.messages import training as messages
from teachers.models import (
    DeferralReason,
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    Teacher,
    TrainingPeriod,
    TrainingRole,
    WithdrawalReason,
)
from teachers.selectors.training_status import (
    ACTIVE,
    DEFERRED,
    LEFT,
    WITHDRAWN,
    has_completed_training,
    latest_training_period,
    lead_provider_of,
    training_period_participant_status,
    training_status,
)
from teachers.services.identity import apply_teacher_changes, touch_teacher_api_timestamps
from teachers.validation.training_periods import (
    MENTOR_ONLY_WITHDRAWAL_REASONS,
    check_can_delete_training_period,
    validate_training_period,
)

AtSchoolPeriod = ECTAtSchoolPeriod | MentorAtSchoolPeriod

COURSE_IDENTIFIERS = {"ecf-induction": TrainingRole.ECT, "ecf-mentor": TrainingRole.MENTOR}
PARTICIPANT_ID, REASON, SCHEDULE_IDENTIFIER, COHORT = "participant_id", "reason", "schedule_identifier", "cohort"
FROZEN_YEAR_FIELD = {TrainingRole.ECT: "ect_payments_frozen_year", TrainingRole.MENTOR: "mentor_payments_frozen_year"}


# Which period an API action is about (BR-TP-20) ------------------------------------------------------------


def participant_training_period(
    *, lead_provider: LeadProvider | None, participant_id: str | uuid.UUID | None, course_identifier: str | None
) -> TrainingPeriod:
    """BR-TP-20: the lead provider's latest training period (lead-provider-api.md §10.2) for the participant and
    course; the spec's provider-facing messages when one of the three does not lead to it."""
    errors = ErrorCollector()
    if lead_provider is None:
        errors.add("lead_provider_id", messages.LEAD_PROVIDER_INVALID)
    teacher = None
    if participant_id in (None, ""):
        errors.add(PARTICIPANT_ID, messages.PARTICIPANT_ID_REQUIRED)
    else:
        teacher = _teacher_by_api_id(participant_id)
        visible = (
            teacher is not None
            and lead_provider is not None
            and _confirmed_with(lead_provider).filter(teacher=teacher).exists()
        )
        if not visible:
            errors.add(PARTICIPANT_ID, messages.PARTICIPANT_ID_NOT_RECOGNISED)
            teacher = None
    role = COURSE_IDENTIFIERS.get(course_identifier or "")
    if role is None:
        errors.add("course_identifier", messages.COURSE_IDENTIFIER_REQUIRED)
    period = None
    if teacher is not None and role is not None:
        period = _confirmed_with(lead_provider).filter(teacher=teacher, role=role).latest_first().first()
        if period is None:
            errors.add("course_identifier", messages.COURSE_IDENTIFIER_NOT_RECOGNISED)
    errors.raise_if_any()
    return period


def _enrolment(
    *, lead_provider: LeadProvider, teacher: Teacher, course_identifier: Any, errors: ErrorCollector
) -> TrainingPeriod | None:
    """lead-provider-api.md §11.3–§11.6, the first two rules of every participant action, for a participant the
    caller can see: the course identifier must be one of the two, and the provider must have training of that
    kind for the participant. The period acted on is the provider's latest of that kind (§10.2)."""
    role = COURSE_IDENTIFIERS.get(course_identifier) if isinstance(course_identifier, str) else None
    if role is None:
        errors.add("course_identifier", messages.COURSE_IDENTIFIER_REQUIRED)
        return None
    period = latest_training_period(teacher=teacher, lead_provider=lead_provider, role=role)
    if period is None:
        errors.add("course_identifier", messages.COURSE_IDENTIFIER_NOT_RECOGNISED)
    return period


def _teacher_by_api_id(participant_id: str | uuid.UUID) -> Teacher | None:
    try:
        api_id = participant_id if isinstance(participant_id, uuid.UUID) else uuid.UUID(str(participant_id))
    except ValueError:
        return None
    return Teacher.objects.filter(api_id=api_id).first()


def _confirmed_with(lead_provider: LeadProvider):
    return TrainingPeriod.objects.filter(
        school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider
    )


# Withdraw and defer (§7.4.3, §7.4.4; BR-TP-21 … BR-TP-24) ----------------------------------------------------


@service
def withdraw_participant(
    *, author: Author, lead_provider: LeadProvider, teacher: Teacher, course_identifier: Any, reason: Any
) -> TrainingPeriod:
    """lead-provider-api.md §11.3: withdraw the enrolment `course_identifier` names, validated in the API's order
    (course identifier, reason, participant, then the ECT-only reason rule)."""
    errors = ErrorCollector()
    period = _enrolment(
        lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier, errors=errors
    )
    return _withdraw(author, period, reason, errors)


@service
def withdraw_training_period(*, author: Author, training_period: TrainingPeriod, reason: str | None) -> TrainingPeriod:
    """A lead provider stops training: `withdrawn_at = now`, the reason, and the period ends today at the latest.
    A deferred participant may still be withdrawn."""
    return _withdraw(author, training_period, reason, ErrorCollector())


def _withdraw(
    author: Author, training_period: TrainingPeriod | None, reason: Any, errors: ErrorCollector
) -> TrainingPeriod:
    stored_reason = _reason(reason, WithdrawalReason, errors)
    if training_period is not None:
        if training_status(training_period) == WITHDRAWN:
            errors.add(PARTICIPANT_ID, messages.ALREADY_WITHDRAWN)
        else:
            _check_has_trained_for_a_day(training_period, messages.CANNOT_WITHDRAW_NOT_STARTED, errors)
    if not errors.errors and training_period.is_for_ect and stored_reason in MENTOR_ONLY_WITHDRAWAL_REASONS:
        errors.add(REASON, messages.ECT_CANNOT_BE_WITHDRAWN_FOR_REASON)
    errors.raise_if_any()

    changes = _update(
        training_period,
        withdrawn_at=clock.now(),
        withdrawal_reason=stored_reason,
        finished_on=earliest(training_period.finished_on, clock.today()),
    )
    record.teacher_withdraws_training_period(
        author=author,
        training_period=training_period,
        lead_provider=_provider_of(training_period),
        modifications=describe_changes(changes),
    )
    school_notifications.training_stopped(author=author, training_period=training_period)
    return training_period


@service
def defer_participant(
    *, author: Author, lead_provider: LeadProvider, teacher: Teacher, course_identifier: Any, reason: Any
) -> TrainingPeriod:
    """lead-provider-api.md §11.4: defer the enrolment `course_identifier` names, validated in the API's order."""
    errors = ErrorCollector()
    period = _enrolment(
        lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier, errors=errors
    )
    return _defer(author, period, reason, errors)


@service
def defer_training_period(*, author: Author, training_period: TrainingPeriod, reason: str | None) -> TrainingPeriod:
    """A lead provider pauses training: `deferred_at = now`, the reason, and the period ends today at the latest."""
    return _defer(author, training_period, reason, ErrorCollector())


def _defer(
    author: Author, training_period: TrainingPeriod | None, reason: Any, errors: ErrorCollector
) -> TrainingPeriod:
    stored_reason = _reason(reason, DeferralReason, errors)
    if training_period is not None:
        status = training_status(training_period)
        if status == DEFERRED:
            errors.add(PARTICIPANT_ID, messages.ALREADY_DEFERRED)
        elif status == WITHDRAWN:
            errors.add(PARTICIPANT_ID, messages.ALREADY_WITHDRAWN)
        else:
            _check_has_trained_for_a_day(training_period, messages.CANNOT_DEFER_NOT_STARTED, errors)
    errors.raise_if_any()

    changes = _update(
        training_period,
        deferred_at=clock.now(),
        deferral_reason=stored_reason,
        finished_on=earliest(training_period.finished_on, clock.today()),
    )
    record.teacher_defers_training_period(
        author=author,
        training_period=training_period,
        lead_provider=_provider_of(training_period),
        modifications=describe_changes(changes),
    )
    school_notifications.training_stopped(author=author, training_period=training_period)
    return training_period


def _reason(reason: Any, choices, errors: ErrorCollector) -> str | None:
    """BR-TP-21: the API sends reasons dasherised (`left-teaching-profession`) and only those are recognised; we
    store the underscore form."""
    if reason is None or not str(reason).strip():
        errors.add(REASON, messages.REASON_REQUIRED)
        return None
    wire_values = {value.replace("_", "-"): value for value in choices.values}
    stored = wire_values.get(reason) if isinstance(reason, str) else None
    if stored is None:
        errors.add(REASON, messages.REASON_NOT_RECOGNISED)
    return stored


def _check_has_trained_for_a_day(period: TrainingPeriod, not_started_message: str, errors: ErrorCollector) -> None:
    """BR-TP-22: refused for a period that has not started, or that started today."""
    today = clock.today()
    if period.started_on > today:
        errors.add(PARTICIPANT_ID, not_started_message)
    elif period.started_on == today:
        errors.add(PARTICIPANT_ID, messages.CANNOT_DEFER_OR_WITHDRAW_TODAY)


# Resume (§7.4.4; BR-TP-25, BR-TP-26) ------------------------------------------------------------------------


@service
def resume_participant(
    *, author: Author, lead_provider: LeadProvider, teacher: Teacher, course_identifier: Any
) -> TrainingPeriod:
    """lead-provider-api.md §11.5: resume the enrolment `course_identifier` names. Returns the new period."""
    errors = ErrorCollector()
    period = _enrolment(
        lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier, errors=errors
    )
    errors.raise_if_any()
    return resume_training_period(author=author, training_period=period)


@service
def resume_training_period(*, author: Author, training_period: TrainingPeriod) -> TrainingPeriod:
    """Start a new provider-led period today, to the at-school period's end, with the same partnership and
    schedule; the withdrawn or deferred period is left as it was. Returns the new period."""
    today = clock.today()
    at_school = training_period.at_school_period
    if training_status(training_period) == ACTIVE:
        raise DomainError(PARTICIPANT_ID, messages.ALREADY_ACTIVE)
    if at_school.training_periods.exclude(pk=training_period.pk).containing(today).exists():
        raise DomainError(PARTICIPANT_ID, messages.ALREADY_ACTIVE_WITH_ANOTHER_PROVIDER)
    if training_period.finished_on == today:
        raise DomainError(PARTICIPANT_ID, messages.CANNOT_RESUME_SAME_DAY)
    if at_school.finished_on is not None and at_school.finished_on <= today:
        raise DomainError(PARTICIPANT_ID, messages.NO_LONGER_AT_SCHOOL)

    resumed = _start(
        author=author,
        at_school_period=at_school,
        started_on=today,
        finished_on=at_school.finished_on,
        lead_provider=_provider_of(training_period),
        school_partnership=training_period.school_partnership,
        contract_period=contract_period_of(training_period),
        schedule=training_period.schedule,
    )
    record.teacher_resumes_training_period(
        author=author,
        training_period=training_period,
        new_training_period=resumed,
        lead_provider=_provider_of(training_period),
    )
    return resumed


# Change schedule (§7.4.5; BR-TP-27 … BR-TP-30) ---------------------------------------------------------------


@service
def change_participant_schedule(
    *,
    author: Author,
    lead_provider: LeadProvider,
    teacher: Teacher,
    course_identifier: Any,
    schedule_identifier: Any,
    cohort: Any = None,
) -> TrainingPeriod:
    """lead-provider-api.md §11.6: change the schedule (and perhaps cohort) of the enrolment `course_identifier`
    names, validated in the API's order: course identifier, schedule identifier, cohort, participant."""
    errors = ErrorCollector()
    period = _enrolment(
        lead_provider=lead_provider, teacher=teacher, course_identifier=course_identifier, errors=errors
    )
    return _change_schedule(author, period, schedule_identifier, cohort, errors)


@service
def change_schedule(
    *,
    author: Author,
    training_period: TrainingPeriod,
    schedule_identifier: str | None,
    contract_period_year: int | str | None = None,
) -> TrainingPeriod:
    """Move a participant to another schedule (and perhaps cohort). A period that started before today is split:
    it ends yesterday and a new one starts today; otherwise it is changed in place. Returns the period now on the
    new schedule."""
    return _change_schedule(author, training_period, schedule_identifier, contract_period_year, ErrorCollector())


def _change_schedule(
    author: Author,
    training_period: TrainingPeriod | None,
    schedule_identifier: Any,
    contract_period_year: Any,
    errors: ErrorCollector,
) -> TrainingPeriod:
    """The schedule rules run even without a period (an omitted or unknown cohort then names no schedule, §11.6);
    the cohort and participant rules need the period."""
    period = training_period
    if period is None:
        _target_schedule(None, schedule_identifier, _existing_contract_period(contract_period_year), errors)
        errors.raise_if_any()
    teacher = period.teacher
    role = period.role
    today = clock.today()
    lead_provider = _provider_of(period)
    current_contract_period = contract_period_of(period)
    target_contract_period = _existing_contract_period(contract_period_year) or current_contract_period
    cohort_changed = target_contract_period.year != current_contract_period.year

    target_schedule = _target_schedule(period, schedule_identifier, target_contract_period, errors)
    target_partnership = period.school_partnership
    if cohort_changed:
        target_partnership = _partnership_in(
            school_id=period.at_school_period.school_id,
            lead_provider=lead_provider,
            contract_period=target_contract_period,
            delivery_partner_id=_delivery_partner_id(period),
        )
        if target_partnership is None:
            errors.add(COHORT, messages.NO_PARTNERSHIP_IN_CONTRACT_PERIOD)
    if (
        not errors.has(COHORT)
        and target_contract_period.is_payments_frozen
        and getattr(teacher, f"{FROZEN_YEAR_FIELD[role]}_id") != target_contract_period.year
    ):
        errors.add(COHORT, messages.CANNOT_MOVE_TO_FROZEN_COHORT)
    completed = has_completed_training(teacher, role)
    completed_ect_to_reduced = completed and role == TrainingRole.ECT and _family(schedule_identifier) == "reduced"
    if completed and not completed_ect_to_reduced:
        errors.add(PARTICIPANT_ID, messages.SCHEDULE_CHANGE_AFTER_COMPLETION)
    elif training_period_participant_status(period, on=today) == LEFT:
        errors.add(PARTICIPANT_ID, messages.SCHEDULE_CHANGE_WHEN_LEFT)
    elif training_status(period) == WITHDRAWN:
        errors.add(PARTICIPANT_ID, messages.ACTION_ON_WITHDRAWN_PARTICIPANT)
    elif TrainingPeriod.objects.filter(teacher=teacher, role=role, started_on__gt=period.started_on).exists():
        errors.add(PARTICIPANT_ID, messages.DUE_TO_START_WITH_ANOTHER_PROVIDER)
    errors.raise_if_any()

    original_schedule = period.schedule
    if cohort_changed:
        _track_payments_frozen_year(teacher, role, leaving=current_contract_period, joining=target_contract_period)
    expression_of_interest = _expression_of_interest_in(period, target_contract_period)
    if period.started_on >= today or completed_ect_to_reduced:
        _update(
            period,
            schedule=target_schedule,
            school_partnership=target_partnership,
            expression_of_interest=expression_of_interest,
        )
        changed = period
    else:
        at_school = period.at_school_period
        original_finish = period.finished_on
        _finish(author=author, training_period=period, finished_on=earliest(original_finish, clock.yesterday()))
        changed = _start(
            author=author,
            at_school_period=at_school,
            started_on=today,
            finished_on=earliest(*(d for d in (original_finish, at_school.finished_on) if d and d >= today)),
            lead_provider=lead_provider,
            school_partnership=target_partnership,
            contract_period=target_contract_period,
            schedule=target_schedule,
        )
    record.teacher_changes_schedule_training_period(
        author=author,
        training_period=period,
        original_schedule=original_schedule,
        new_training_period=changed,
        lead_provider=lead_provider,
    )
    return changed


def _target_schedule(
    period: TrainingPeriod | None, identifier: Any, contract_period: ContractPeriod | None, errors: ErrorCollector
) -> Schedule | None:
    """BR-TP-27, first failing rule only; without a period only the rules about the identifier itself."""
    if not identifier:
        errors.add(SCHEDULE_IDENTIFIER, messages.SCHEDULE_IDENTIFIER_REQUIRED)
        return None
    if identifier not in ScheduleIdentifier.values:
        errors.add(SCHEDULE_IDENTIFIER, messages.SCHEDULE_IDENTIFIER_INVALID)
        return None
    schedule = (
        Schedule.objects.filter(contract_period=contract_period, identifier=identifier).first()
        if contract_period is not None
        else None
    )
    if schedule is None:
        errors.add(SCHEDULE_IDENTIFIER, messages.SCHEDULE_IDENTIFIER_REQUIRED)
    elif period is None:
        return None
    elif schedule.pk == period.schedule_id:
        errors.add(SCHEDULE_IDENTIFIER, messages.SCHEDULE_ALREADY_ON_PROFILE)
    elif period.is_for_ect and schedule.family == "replacement":
        errors.add(SCHEDULE_IDENTIFIER, messages.SCHEDULE_NOT_VALID_FOR_COURSE)
    elif period.is_for_mentor and schedule.family == "reduced":
        errors.add(SCHEDULE_IDENTIFIER, messages.MENTOR_CANNOT_BE_ON_REDUCED_SCHEDULE)
    elif period.started_on >= clock.today() and _declarations_outside(period, schedule):
        errors.add(SCHEDULE_IDENTIFIER, messages.SCHEDULE_CHANGE_WOULD_INVALIDATE_DECLARATIONS)
    else:
        return schedule
    return None


def _declarations_outside(period: TrainingPeriod, schedule: Schedule) -> bool:
    """A declaration of the period whose date falls outside the target schedule's window for its type."""
    windows = {m.declaration_type: m for m in schedule.milestones.all()}
    for declaration in Declaration.objects.filter(training_period=period):
        milestone = windows.get(declaration.declaration_type)
        day = declaration.declaration_date.astimezone(clock.LONDON).date()
        if milestone is None or not milestone.window_contains(day):
            return True
    return False


def _family(identifier: str | None) -> str | None:
    return identifier.split("-")[1] if identifier in ScheduleIdentifier.values else None


def _existing_contract_period(year: int | str | None) -> ContractPeriod | None:
    """lead-provider-api.md §11.6: an omitted or unknown cohort means the enrolment's current one (quirk kept)."""
    try:
        return ContractPeriod.objects.filter(year=int(year)).first() if year not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _track_payments_frozen_year(teacher: Teacher, role: str, *, leaving: ContractPeriod, joining: ContractPeriod):
    """§7.4.5: moving out of a frozen cohort remembers it; moving into one clears the memory."""
    field = FROZEN_YEAR_FIELD[role]
    if leaving.is_payments_frozen:
        apply_teacher_changes(teacher, **{field: leaving})
    elif joining.is_payments_frozen:
        apply_teacher_changes(teacher, **{field: None})


# Switch training programme (§7.4.6; BR-TP-31, BR-TP-32) --------------------------------------------------------


@service
def switch_training_programme(
    *,
    author: Author,
    ect_at_school_period: ECTAtSchoolPeriod,
    training_programme: str,
    lead_provider: LeadProvider | None = None,
) -> TrainingPeriod:
    """A school moves an ECT between school-led and provider-led training. The current (or next) period is deleted
    when it has not started (or, going school-led, was never confirmed), else finished yesterday; the new period
    runs from max(ECT start, today) to the ECT period's end. Returns the new period."""
    period = ect_at_school_period
    today = clock.today()
    current = current_or_next_training_period(period) or period.training_periods.latest_first().first()
    transition_on = max(period.started_on, today)
    if training_programme == TrainingProgramme.SCHOOL_LED:
        if current is not None and current.training_programme == TrainingProgramme.SCHOOL_LED:
            raise DomainError("training_programme", messages.ALREADY_SCHOOL_LED)
        if current is not None:
            _end_before(author=author, training_period=current, today=today, discard_unconfirmed=True)
        new_period = _start(
            author=author,
            at_school_period=period,
            started_on=transition_on,
            finished_on=period.finished_on,
            training_programme=TrainingProgramme.SCHOOL_LED,
        )
    elif training_programme == TrainingProgramme.PROVIDER_LED:
        if current is not None and current.training_programme == TrainingProgramme.PROVIDER_LED:
            raise DomainError("training_programme", messages.ALREADY_PROVIDER_LED)
        if lead_provider is None:
            raise DomainError("lead_provider", messages.LEAD_PROVIDER_REQUIRED)
        contract_period = _contract_period_for_switch(period, transition_on)
        _require_active(lead_provider, contract_period)
        if current is not None:
            _end_before(author=author, training_period=current, today=today, discard_unconfirmed=False)
        new_period = _start(
            author=author,
            at_school_period=period,
            started_on=transition_on,
            finished_on=period.finished_on,
            lead_provider=lead_provider,
            contract_period=contract_period,
        )
        _start_mentor_training_for(
            author=author,
            ect_at_school_period=period,
            lead_provider=lead_provider,
            contract_period=contract_period,
            started_on=transition_on,
        )
    else:
        raise DomainError("training_programme", messages.INVALID_TRAINING_PROGRAMME)
    record.teacher_training_programme_updated(
        author=author,
        ect_at_school_period=period,
        old=current.training_programme if current else None,
        new=training_programme,
    )
    return new_period


def _contract_period_for_switch(period: ECTAtSchoolPeriod, transition_on: dt.date) -> ContractPeriod:
    """§7.4.6: 2024 after a payments-frozen provider-led period (recording the frozen year); else the contract
    period of the ECT's latest provider-led schedule when it differs from the one at the transition date; else
    the contract period containing the transition date."""
    teacher = period.teacher
    at_transition = ContractPeriod.objects.containing(transition_on).first()
    previous = (
        TrainingPeriod.objects.filter(
            teacher=teacher,
            role=TrainingRole.ECT,
            training_programme=TrainingProgramme.PROVIDER_LED,
            started_on__lt=transition_on,
        )
        .select_related("schedule__contract_period")
        .latest_first()
        .first()
    )
    if previous is not None:
        previous_contract_period = contract_period_of(previous)
        if previous_contract_period is not None and previous_contract_period.is_payments_frozen:
            apply_teacher_changes(teacher, ect_payments_frozen_year=previous_contract_period)
            return _contract_period(REASSIGNMENT_SUCCESSOR_YEAR, transition_on)
        if previous.schedule_id and (
            at_transition is None or previous.schedule.contract_period_id != at_transition.year
        ):
            return previous.schedule.contract_period
    if at_transition is None:
        raise DomainError("started_on", messages.NO_CONTRACT_PERIOD.format(started_on=transition_on.isoformat()))
    return at_transition


def _start_mentor_training_for(
    *,
    author: Author,
    ect_at_school_period: ECTAtSchoolPeriod,
    lead_provider: LeadProvider,
    contract_period: ContractPeriod,
    started_on: dt.date,
) -> TrainingPeriod | None:
    """BR-TP-32: the ECT's current mentor gets provider-led training if eligible for funding and never trained."""
    mentorship = (
        ect_at_school_period.mentorship_periods.current_or_future()
        .select_related("mentor_at_school_period__teacher")
        .earliest_first()
        .first()
    )
    if mentorship is None:
        return None
    mentor_period = mentorship.mentor_at_school_period
    mentor = mentor_period.teacher
    if mentor.mentor_became_ineligible_for_funding_reason is not None:
        return None
    if TrainingPeriod.objects.filter(teacher=mentor, role=TrainingRole.MENTOR).exists():
        return None
    return _start(
        author=author,
        at_school_period=mentor_period,
        started_on=max(started_on, mentor_period.started_on),
        finished_on=mentor_period.finished_on,
        lead_provider=lead_provider,
        contract_period=contract_period,
        mentee=ect_at_school_period,
    )


# Change lead provider (§7.4.7; BR-TP-33, BR-ECT-33) -----------------------------------------------------------


@service
def change_lead_provider(
    *, author: Author, at_school_period: AtSchoolPeriod, lead_provider: LeadProvider
) -> TrainingPeriod:
    """A school moves an ECT's or mentor's training to another lead provider. A period that has not started is
    changed in place; otherwise a confirmed one is finished yesterday (an EOI-only one deleted) and a new one
    starts from max(period start, today). Returns the period now with the new provider."""
    today = clock.today()
    is_ect = isinstance(at_school_period, ECTAtSchoolPeriod)
    current = current_or_next_training_period(at_school_period)
    if is_ect and current is not None and current.training_programme == TrainingProgramme.SCHOOL_LED:
        raise DomainError("lead_provider", messages.SCHOOL_LED_HAS_NO_LEAD_PROVIDER)
    if lead_provider is None:
        raise DomainError("lead_provider", messages.LEAD_PROVIDER_REQUIRED)
    old_lead_provider = _provider_of(current) if current else None
    if old_lead_provider is not None and old_lead_provider.pk == lead_provider.pk:
        raise DomainError("lead_provider", messages.SAME_LEAD_PROVIDER)

    if current is not None and current.started_on >= today:
        contract_period = contract_period_of(current)
        _require_active(lead_provider, contract_period)
        partnership = _earliest_partnership(at_school_period.school_id, lead_provider, contract_period)
        _update(
            current,
            school_partnership=partnership,
            expression_of_interest=None if partnership else _active(lead_provider, contract_period),
        )
        changed = current
    else:
        transition_on = max(at_school_period.started_on, today)
        contract_period = _contract_period_for_lead_provider_change(current, transition_on)
        _require_active(lead_provider, contract_period)
        if current is not None:
            if current.school_partnership_id is None:
                _discard(current)
            else:
                _finish(
                    author=author, training_period=current, finished_on=earliest(current.finished_on, clock.yesterday())
                )
        changed = _start(
            author=author,
            at_school_period=at_school_period,
            started_on=transition_on,
            finished_on=at_school_period.finished_on,
            lead_provider=lead_provider,
            contract_period=contract_period,
        )
    record.teacher_training_lead_provider_updated(
        author=author,
        at_school_period=at_school_period,
        old_lead_provider=old_lead_provider,
        new_lead_provider=lead_provider,
        training_period=changed,
    )
    return changed


def _contract_period_for_lead_provider_change(current: TrainingPeriod | None, transition_on: dt.date) -> ContractPeriod:
    """§7.4.7: the contract period at the transition date, or 2024 for an ECT whose confirmed training is in a
    payments-frozen contract period (whose year is then recorded)."""
    if current is not None and current.is_for_ect and current.school_partnership_id is not None:
        frozen = current.school_partnership.contract_period
        if frozen.is_payments_frozen:
            apply_teacher_changes(current.teacher, ect_payments_frozen_year=frozen)
            return _contract_period(REASSIGNMENT_SUCCESSOR_YEAR, transition_on)
    at_transition = ContractPeriod.objects.containing(transition_on).first()
    if at_transition is None:
        raise DomainError("started_on", messages.NO_CONTRACT_PERIOD.format(started_on=transition_on.isoformat()))
    return at_transition


# Admin change of contract period (§7.4.8) ------------------------------------------------------------------


@service
def change_contract_period(
    *,
    author: Author,
    training_period: TrainingPeriod,
    contract_period: ContractPeriod | None,
    school_partnership: SchoolPartnership | None = None,
) -> TrainingPeriod:
    """DfE moves a provider-led period to another contract period (same schedule identifier; the chosen
    partnership of the school in that year, or for an EOI-only period the same lead provider's EOI). A period
    that started before today is split; one starting today or later is changed in place."""
    period = training_period
    today = clock.today()
    if contract_period is None:
        raise DomainError("contract_period", messages.CONTRACT_PERIOD_REQUIRED)
    if not is_eligible_for_contract_period_change(period):
        raise DomainError("base", messages.NOT_ELIGIBLE_FOR_CONTRACT_PERIOD_CHANGE)
    if contract_period not in contract_periods_available_for_change(period):
        raise DomainError("contract_period", messages.CONTRACT_PERIOD_NOT_AVAILABLE)
    lead_provider = _provider_of(period)
    if period.is_only_expression_of_interest:
        school_partnership = None
        expression_of_interest = _active(lead_provider, contract_period)
        if expression_of_interest is None:
            raise DomainError("contract_period", messages.NO_ACTIVE_LEAD_PROVIDER)
    else:
        if school_partnership is None:
            raise DomainError("school_partnership", messages.PARTNERSHIP_REQUIRED)
        if (
            school_partnership.school_id != period.at_school_period.school_id
            or school_partnership.contract_period.year != contract_period.year
        ):
            raise DomainError("school_partnership", messages.PARTNERSHIP_NOT_IN_CONTRACT_PERIOD)
        expression_of_interest = None
    schedule = Schedule.objects.filter(contract_period=contract_period, identifier=period.schedule.identifier).first()
    if schedule is None:
        raise DomainError("schedule", messages.NO_MATCHING_SCHEDULE)

    original_contract_period = contract_period_of(period)
    _track_payments_frozen_year(period.teacher, period.role, leaving=original_contract_period, joining=contract_period)
    if period.started_on >= today:
        _update(
            period,
            school_partnership=school_partnership,
            expression_of_interest=expression_of_interest,
            schedule=schedule,
        )
        changed = period
    else:
        at_school = period.at_school_period
        original_finish = period.finished_on
        _finish(author=author, training_period=period, finished_on=clock.yesterday())
        changed = _start(
            author=author,
            at_school_period=at_school,
            started_on=today,
            finished_on=original_finish,
            lead_provider=lead_provider,
            school_partnership=school_partnership,
            contract_period=contract_period,
            schedule=schedule,
        )
        if expression_of_interest is not None and changed.expression_of_interest_id != expression_of_interest.pk:
            _update(changed, expression_of_interest=expression_of_interest)
    record.teacher_training_period_contract_period_changed(
        author=author,
        training_period=period,
        new_training_period=changed,
        from_contract_period=original_contract_period,
        to_contract_period=contract_period,
    )
    return changed


def is_eligible_for_contract_period_change(period: TrainingPeriod) -> bool:
    """§7.4.8: provider-led with a partnership or an EOI, and not finished before today."""
    return (
        period.training_programme == TrainingProgramme.PROVIDER_LED
        and (period.school_partnership_id is not None or period.expression_of_interest_id is not None)
        and (period.finished_on is None or period.finished_on >= clock.today())
    )


def contract_periods_available_for_change(period: TrainingPeriod) -> list[ContractPeriod]:
    """§7.4.8: enabled contract periods other than the period's own; payments-frozen years only when they are the
    participant's original frozen year; EOI-only periods only where the same lead provider is active."""
    current = contract_period_of(period)
    frozen_year = getattr(period.teacher, f"{FROZEN_YEAR_FIELD[period.role]}_id")
    candidates = ContractPeriod.objects.filter(enabled=True).exclude(year=current.year if current else None)
    if period.is_only_expression_of_interest:
        candidates = candidates.filter(
            active_lead_providers__lead_provider_id=period.expression_of_interest.lead_provider_id
        )
    return [cp for cp in candidates.order_by("year") if not cp.is_payments_frozen or cp.year == frozen_year]


# Expression of interest → confirmed partnership (§7.4.2; BR-LP-13) --------------------------------------------


@service
def confirm_expressions_of_interest(*, author: Author, school_partnership: SchoolPartnership) -> list[TrainingPeriod]:
    """Link every training period at the partnership's school (ECT or mentor) that has no partnership and an EOI
    for the same lead provider and contract period to the new partnership. The EOI stays recorded."""
    active = school_partnership.lead_provider_delivery_partnership.active_lead_provider
    school_id = school_partnership.school_id
    waiting = (
        TrainingPeriod.objects.filter(school_partnership__isnull=True, expression_of_interest=active)
        .filter(Q(ect_at_school_period__school_id=school_id) | Q(mentor_at_school_period__school_id=school_id))
        .select_related(
            "teacher", "ect_at_school_period__school__gias_school", "mentor_at_school_period__school__gias_school"
        )
        .order_by("started_on", "pk")
    )
    confirmed = []
    for period in waiting:
        _update(period, school_partnership=school_partnership)
        record.training_period_assigned_to_school_partnership(
            author=author, training_period=period, school_partnership=school_partnership
        )
        confirmed.append(period)
    return confirmed


# Shared helpers ------------------------------------------------------------------------------------------------


def current_or_next_training_period(at_school_period: AtSchoolPeriod) -> TrainingPeriod | None:
    """The training period containing today, else the earliest one starting later."""
    return at_school_period.training_periods.current_or_future().earliest_first().first()


def contract_period_of(period: TrainingPeriod) -> ContractPeriod | None:
    """Through the partnership, else the EOI, else the schedule."""
    if period.school_partnership_id:
        return period.school_partnership.contract_period
    if period.expression_of_interest_id:
        return period.expression_of_interest.contract_period
    if period.schedule_id:
        return period.schedule.contract_period
    return None


def _provider_of(period: TrainingPeriod) -> LeadProvider | None:
    """The confirmed lead provider, else the one the EOI names."""
    provider = lead_provider_of(period)
    if provider is None and period.expression_of_interest_id:
        provider = period.expression_of_interest.lead_provider
    return provider


def _delivery_partner_id(period: TrainingPeriod) -> int | None:
    if period.school_partnership_id is None:
        return None
    return period.school_partnership.lead_provider_delivery_partnership.delivery_partner_id


def _partnerships(school_id: int, lead_provider: LeadProvider, contract_period: ContractPeriod):
    return SchoolPartnership.objects.filter(
        school_id=school_id,
        lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
        lead_provider_delivery_partnership__active_lead_provider__contract_period=contract_period,
    )


def _earliest_partnership(school_id: int, lead_provider: LeadProvider, contract_period: ContractPeriod):
    return _partnerships(school_id, lead_provider, contract_period).order_by("created_at", "pk").first()


def _partnership_in(*, school_id, lead_provider, contract_period, delivery_partner_id) -> SchoolPartnership | None:
    """lead-provider-api.md §11.6: the same delivery partner if possible, else the most recently created."""
    candidates = _partnerships(school_id, lead_provider, contract_period)
    same_partner = candidates.filter(lead_provider_delivery_partnership__delivery_partner_id=delivery_partner_id)
    return same_partner.first() or candidates.order_by("-created_at", "-pk").first()


def _active(lead_provider: LeadProvider, contract_period: ContractPeriod) -> ActiveLeadProvider | None:
    return ActiveLeadProvider.objects.filter(lead_provider=lead_provider, contract_period=contract_period).first()


def _require_active(lead_provider: LeadProvider, contract_period: ContractPeriod) -> None:
    """Q10 / BR-ECT-17: the lead provider must already be active in the contract period."""
    if _active(lead_provider, contract_period) is None:
        raise DomainError("lead_provider", messages.LEAD_PROVIDER_NOT_ACTIVE)


def _expression_of_interest_in(period: TrainingPeriod, contract_period: ContractPeriod) -> ActiveLeadProvider | None:
    """Keep a recorded EOI consistent with the contract period the period moves to (BR-TP-14)."""
    eoi = period.expression_of_interest
    if eoi is None or eoi.contract_period_id == contract_period.year:
        return eoi
    return _active(eoi.lead_provider, contract_period)


def _contract_period(year: int, transition_on: dt.date) -> ContractPeriod:
    found = ContractPeriod.objects.filter(year=year).first()
    if found is None:
        raise DomainError("started_on", messages.NO_CONTRACT_PERIOD.format(started_on=transition_on.isoformat()))
    return found


def _update(period: TrainingPeriod, **values: Any) -> dict[str, tuple[Any, Any]]:
    """Set the values, check the structural rules, save what changed and touch the API timestamps (§3.3)."""
    changes = {}
    for field, new in values.items():
        attname = period._meta.get_field(field).attname
        if getattr(period, attname) != (new.pk if isinstance(new, models.Model) else new):
            changes[field] = (getattr(period, field), new)
            setattr(period, field, new)
    if not changes:
        return changes
    validate_training_period(period)
    update_fields = [*changes, "updated_at"]
    if {"started_on", "finished_on"} & set(changes):
        period.api_transfer_updated_at = clock.now()
        update_fields.append("api_transfer_updated_at")
    period.save(update_fields=update_fields)
    touch_teacher_api_timestamps(period.teacher)
    refresh_school_api_metadata(school_ids=[school_id_of(period)])
    return changes


def _end_before(*, author: Author, training_period: TrainingPeriod, today: dt.date, discard_unconfirmed: bool) -> None:
    """§7.4.6: delete a period that has not started (or an unconfirmed one, going school-led); else end it
    yesterday, unless it already ended earlier."""
    if training_period.started_on >= today or (discard_unconfirmed and training_period.school_partnership_id is None):
        _discard(training_period)
    elif training_period.finished_on is None or training_period.finished_on >= today:
        _finish(author=author, training_period=training_period, finished_on=clock.yesterday())


def _discard(training_period: TrainingPeriod) -> None:
    """Remove training that is replaced before it happened (BR-TP-16 refuses when declarations are billable)."""
    check_can_delete_training_period(training_period)
    teacher, school_id = training_period.teacher, school_id_of(training_period)
    Declaration.objects.filter(training_period=training_period).delete()
    training_period.delete()
    touch_teacher_api_timestamps(teacher)
    refresh_school_api_metadata(school_ids=[school_id])


def _start(
    *,
    author: Author,
    at_school_period: AtSchoolPeriod,
    started_on: dt.date,
    finished_on: dt.date | None = None,
    training_programme: str = TrainingProgramme.PROVIDER_LED,
    lead_provider: LeadProvider | None = None,
    school_partnership: SchoolPartnership | None = None,
    contract_period: ContractPeriod | None = None,
    schedule: Schedule | None = None,
    mentee: ECTAtSchoolPeriod | None = None,
) -> TrainingPeriod:
    from teachers.services.training import start_training

    return start_training(
        author=author,
        at_school_period=at_school_period,
        started_on=started_on,
        training_programme=training_programme,
        lead_provider=lead_provider,
        school_partnership=school_partnership,
        contract_period=contract_period,
        schedule=schedule,
        mentee=mentee,
        finished_on=finished_on,
    )


def _finish(*, author: Author, training_period: TrainingPeriod, finished_on: dt.date) -> TrainingPeriod:
    from teachers.services.training import finish_training_period

    return finish_training_period(author=author, training_period=training_period, finished_on=finished_on)
