"""Mentorships: validating, assigning, finishing and deleting them (domain.md §5.13, §7.2.4, §7.2.5, BR-MS-*,
BR-M-07, BR-M-14 … BR-M-18) and mentor completion (§7.2.7, BR-M-20, BR-M-21)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from core import clock
from core.dates import earliest
from core.errors import BASE, DomainError
from core.periods import check_date_order, check_no_overlap, period_covers
from core.services import apply_changes, service
from declarations.models import BILLABLE_OR_CHANGEABLE, ClawbackStatus, Declaration
from events.authors import Author
from events.models import Event
from events.record import mentoring as record
from events.recorder import describe_changes
from providers.models import ContractPeriod, DeclarationType
from schools.models import TrainingProgramme
from teachers.messages import mentoring as messages
from teachers.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorIneligibilityReason,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
    TrainingRole,
)
from teachers.selectors.mentors import (
    current_or_next_training_period,
    current_or_upcoming_mentorships,
    eligible_mentors_for_ect,
    has_mentor_training,
    is_mentor_eligible_for_funding,
    training_lead_provider,
)
from teachers.services.identity import apply_teacher_changes, touch_teacher_api_timestamps
from teachers.services.training import contract_period_of, finish_training_period, lead_provider_of, start_training

# Validation ------------------------------------------------------------------------------------------


def validate_mentorship(
    *,
    ect_at_school_period: ECTAtSchoolPeriod | None,
    mentor_at_school_period: MentorAtSchoolPeriod | None,
    started_on: dt.date | None,
    finished_on: dt.date | None,
    mentorship: MentorshipPeriod | None = None,
) -> None:
    """BR-MS-01 … BR-MS-06 with the spec's messages; `mentorship` is the row being updated, if any."""
    if started_on is None:
        raise DomainError("started_on", messages.STARTED_ON_REQUIRED)
    if ect_at_school_period is None:
        raise DomainError("ect_at_school_period", messages.ECT_PERIOD_REQUIRED)
    if mentor_at_school_period is None:
        raise DomainError("mentor_at_school_period", messages.MENTOR_PERIOD_REQUIRED)
    if ect_at_school_period.teacher_id == mentor_at_school_period.teacher_id:
        raise DomainError(BASE, messages.MENTEE_CANNOT_MENTOR_THEMSELF)
    if ect_at_school_period.school_id != mentor_at_school_period.school_id:
        raise DomainError(BASE, messages.DIFFERENT_SCHOOLS)
    check_date_order(started_on, finished_on)
    if not period_covers(ect_at_school_period.started_on, ect_at_school_period.finished_on, started_on, finished_on):
        raise DomainError(BASE, messages.NOT_CONTAINED_BY_ECT_PERIOD)
    if not period_covers(
        mentor_at_school_period.started_on, mentor_at_school_period.finished_on, started_on, finished_on
    ):
        raise DomainError(BASE, messages.NOT_CONTAINED_BY_MENTOR_PERIOD)
    siblings = MentorshipPeriod.objects.filter(ect_at_school_period=ect_at_school_period)
    if mentorship is not None and mentorship.pk is not None:
        siblings = siblings.exclude(pk=mentorship.pk)
    check_no_overlap(
        siblings=siblings, started_on=started_on, finished_on=finished_on, name=MentorshipPeriod.overlap_name
    )


# Finishing and deleting ------------------------------------------------------------------------------


@service
def finish_mentorship(
    *,
    author: Author,
    mentorship_period: MentorshipPeriod,
    finished_on: dt.date | None = None,
    record_events: bool = True,
) -> MentorshipPeriod:
    """End a mentorship on its last day (today when no date is given, BR-P-09), recording both sides' events."""
    finished_on = finished_on or clock.today()
    check_date_order(mentorship_period.started_on, finished_on)
    if apply_changes(mentorship_period, finished_on=finished_on):
        # lead-provider-api.md §13.1: the ECT's assigned mentor (`mentor_id`) may change with the end date.
        touch_teacher_api_timestamps(mentorship_period.ect_at_school_period.teacher)
        if record_events:
            record.teacher_finishes_mentoring(author=author, mentorship=mentorship_period)
            record.teacher_finishes_being_mentored(author=author, mentorship=mentorship_period)
    return mentorship_period


def delete_mentorship_period(mentorship_period: MentorshipPeriod) -> None:
    """Remove a mentorship that should never have happened, together with its events (§7.1.5, §7.2.4).
    Only called from inside a service, which records why."""
    Event.objects.filter(mentorship_period=mentorship_period).delete()
    mentorship_period.delete()


# Choosing a mentor (BR-M-14, BR-M-15, BR-M-16) --------------------------------------------------------


def validate_mentor_choice(
    *,
    school,
    ect_at_school_period: ECTAtSchoolPeriod | None,
    mentor_at_school_period: MentorAtSchoolPeriod | None,
) -> None:
    """BR-M-14: assigning an existing mentor needs an ECT at this school and a different, eligible mentor
    registered here."""
    if ect_at_school_period is None or ect_at_school_period.school_id != school.pk:
        raise DomainError("ect_at_school_period", messages.ECT_MISSING_OR_NOT_AT_SCHOOL)
    if mentor_at_school_period is None:
        raise DomainError("mentor_at_school_period", messages.SELECT_MENTOR_OR_REGISTER_NEW)
    if mentor_at_school_period.school_id != school.pk:
        raise DomainError("mentor_at_school_period", messages.MENTOR_NOT_AT_SCHOOL)
    eligible = eligible_mentors_for_ect(ect_at_school_period=ect_at_school_period)
    if not eligible.filter(pk=mentor_at_school_period.pk).exists():
        raise DomainError("mentor_at_school_period", messages.NEEDS_DIFFERENT_MENTOR)


def validate_mentor_change(
    *, ect_at_school_period: ECTAtSchoolPeriod, mentor_at_school_period: MentorAtSchoolPeriod | None
) -> None:
    """BR-M-15: a change of mentor picks someone from the eligible list other than the current mentor."""
    eligible = eligible_mentors_for_ect(ect_at_school_period=ect_at_school_period, excluding_current_mentor=True)
    if mentor_at_school_period is None or not eligible.filter(pk=mentor_at_school_period.pk).exists():
        raise DomainError("mentor_at_school_period", messages.SELECT_MENTOR)


def validate_mentor_lead_provider(*, use_ects_lead_provider: bool | None, lead_provider) -> None:
    """BR-M-16: when the mentor's training should go to a different lead provider, one must be chosen."""
    if use_ects_lead_provider is False and lead_provider is None:
        raise DomainError("lead_provider", messages.SELECT_LEAD_PROVIDER)


# Assigning a mentor (§7.2.4, §7.2.5) ----------------------------------------------------------------


def mentorship_dates(
    *, ect_at_school_period: ECTAtSchoolPeriod, mentor_at_school_period: MentorAtSchoolPeriod, backdate: bool
) -> tuple[dt.date, dt.date | None]:
    """BR-M-17: start on max(ECT start, mentor start, today) — today left out when backdating — and end on the
    earlier of the two at-school end dates."""
    starts = [ect_at_school_period.started_on, mentor_at_school_period.started_on]
    if not backdate:
        starts.append(clock.today())
    return max(starts), earliest(ect_at_school_period.finished_on, mentor_at_school_period.finished_on)


@service
def assign_mentor(
    *,
    author: Author,
    ect_at_school_period: ECTAtSchoolPeriod,
    mentor_at_school_period: MentorAtSchoolPeriod,
    mentor_is_transferring: bool = False,
    lead_provider=None,
    with_mentor_training: bool = True,
) -> MentorshipPeriod:
    """Make M the ECT's mentor (§7.2.4): the previous current-or-upcoming mentorship ends the day before, or is
    deleted if it would not have started by then (BR-M-18); a first-time, fundable mentor of a provider-led
    ECT starts provider-led training (§7.2.5, BR-M-07). Registration (§7.2.2) settles training itself and
    passes `with_mentor_training=False`."""
    ect, mentor = ect_at_school_period, mentor_at_school_period
    has_had_mentor = ect.mentorship_periods.exists()
    backdate = mentor_is_transferring and not has_had_mentor
    started_on, finished_on = mentorship_dates(
        ect_at_school_period=ect, mentor_at_school_period=mentor, backdate=backdate
    )
    replaced = _end_mentorships_from(author=author, ect_at_school_period=ect, started_on=started_on)
    validate_mentorship(
        ect_at_school_period=ect, mentor_at_school_period=mentor, started_on=started_on, finished_on=finished_on
    )

    try:
        with transaction.atomic():
            mentorship = MentorshipPeriod.objects.create(
                ect_at_school_period=ect,
                mentor_at_school_period=mentor,
                started_on=started_on,
                finished_on=finished_on,
            )
    except IntegrityError as exc:
        raise _mentorship_error(exc) from exc
    record.teacher_starts_being_mentored(author=author, mentorship=mentorship)
    record.teacher_starts_mentoring(author=author, mentorship=mentorship)
    touch_teacher_api_timestamps(ect.teacher)  # lead-provider-api.md §13.1: the assigned mentor changed

    if not with_mentor_training:
        return mentorship
    training_starts_on = max(clock.today(), mentor.started_on) if replaced else mentor.started_on
    start_mentor_training_if_due(
        author=author,
        ect_at_school_period=ect,
        mentor_at_school_period=mentor,
        started_on=training_starts_on,
        lead_provider=lead_provider,
    )
    return mentorship


def _end_mentorships_from(*, author: Author, ect_at_school_period: ECTAtSchoolPeriod, started_on: dt.date) -> bool:
    """Step 3 of §7.2.4: clear the way for a mentorship starting on `started_on`. Returns whether a
    mentorship was replaced."""
    replaced = False
    for mentorship in current_or_upcoming_mentorships(ect_at_school_period=ect_at_school_period):
        replaced = True
        if mentorship.started_on < started_on:
            if mentorship.finished_on is None or mentorship.finished_on >= started_on:
                finish_mentorship(
                    author=author, mentorship_period=mentorship, finished_on=started_on - dt.timedelta(days=1)
                )
        else:
            delete_mentorship_period(mentorship)
    return replaced


def _mentorship_error(exc: IntegrityError) -> DomainError:
    """Map the mentorship constraints back to the spec's messages."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""
    if name in ("mentorship_periods_no_overlap", "mentorship_periods_unique_mentee_started_on"):
        return DomainError("started_on", f"Start date cannot overlap another {MentorshipPeriod.overlap_name} period")
    if name == "mentorship_periods_one_ongoing_per_mentee":
        return DomainError("finished_on", f"End date cannot overlap another {MentorshipPeriod.overlap_name} period")
    return DomainError(BASE, str(exc))


def start_mentor_training_if_due(
    *,
    author: Author,
    ect_at_school_period: ECTAtSchoolPeriod,
    mentor_at_school_period: MentorAtSchoolPeriod,
    started_on: dt.date,
    lead_provider=None,
):
    """§7.2.5 / BR-M-07: provider-led mentor training only when the ECT is provider-led now, the mentor is
    eligible for funding and has never had mentor training. Lead provider: the ECT's (partnership, else
    expression of interest) unless the school chose another; contract period: the current one."""
    ect_training = current_or_next_training_period(ect_at_school_period)
    if ect_training is None or not ect_training.is_provider_led:
        return None
    teacher = mentor_at_school_period.teacher
    if not is_mentor_eligible_for_funding(teacher) or has_mentor_training(teacher):
        return None
    lead_provider = lead_provider or training_lead_provider(ect_training)
    if lead_provider is None:
        return None
    return start_training(
        author=author,
        at_school_period=mentor_at_school_period,
        started_on=started_on,
        training_programme=TrainingProgramme.PROVIDER_LED,
        lead_provider=lead_provider,
        contract_period=current_contract_period(),
        mentee=ect_at_school_period,
    )


def current_contract_period():
    return ContractPeriod.objects.containing(clock.today()).first()


# Mentor completion (§7.2.7; BR-M-20, BR-M-21) ---------------------------------------------------------


def counting_completed_mentor_declarations(teacher: Teacher):
    """Billable-or-changeable `completed` declarations on the teacher's mentor training."""
    return Declaration.objects.filter(
        training_period__teacher=teacher,
        training_period__role=TrainingRole.MENTOR,
        declaration_type=DeclarationType.COMPLETED,
        payment_status__in=BILLABLE_OR_CHANGEABLE,
        clawback_status=ClawbackStatus.NO_CLAWBACK,
    )


@service
def update_mentor_completion_status(*, author: Author, declaration: Declaration) -> Teacher:
    """Called by the declarations area after a mentor `completed` declaration is created, voided or clawed
    back. A counting completed declaration makes the mentor ineligible from its date and ends their training
    with that provider (BR-M-20); when none is left, the ineligibility is lifted and training resumes from
    the day after it ended (BR-M-21)."""
    teacher = declaration.training_period.teacher
    latest = (
        counting_completed_mentor_declarations(teacher)
        .select_related("training_period")
        .order_by("-declaration_date", "-pk")
    )
    completed = latest.first()
    if completed is not None:
        on = completed.declaration_date.astimezone(clock.LONDON).date()
        changes = apply_teacher_changes(
            teacher,
            mentor_became_ineligible_for_funding_on=on,
            mentor_became_ineligible_for_funding_reason=MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED,
        )
        training = _latest_mentor_training_with(teacher, lead_provider_of(completed.training_period))
        if training is not None and (training.finished_on is None or training.finished_on > clock.today()):
            end = on if on > training.started_on else training.started_on + dt.timedelta(days=1)
            finish_training_period(author=author, training_period=training, finished_on=end)
    elif (
        teacher.mentor_became_ineligible_for_funding_reason == MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED
    ):
        changes = apply_teacher_changes(
            teacher, mentor_became_ineligible_for_funding_on=None, mentor_became_ineligible_for_funding_reason=None
        )
        training = declaration.training_period
        latest_training = _latest_mentor_training_with(teacher, lead_provider_of(training)) or training
        _resume_mentor_training_after(author=author, training=latest_training)
    else:
        changes = {}
    if changes:
        record.mentor_completion_status_change(
            author=author,
            teacher=teacher,
            training_period=declaration.training_period,
            declaration=declaration,
            modifications=describe_changes(changes),
        )
    return teacher


def _latest_mentor_training_with(teacher: Teacher, lead_provider) -> TrainingPeriod | None:
    periods = TrainingPeriod.objects.filter(teacher=teacher, role=TrainingRole.MENTOR).latest_first()
    return next((p for p in periods if lead_provider_of(p) == lead_provider), None)


def _resume_mentor_training_after(*, author: Author, training: TrainingPeriod) -> TrainingPeriod | None:
    """BR-M-21: a new provider-led period from the day after the old one ended to the mentor period's end, with
    the same partnership and schedule — only when the old one no longer contains today."""
    if training.finished_on is None or training.finished_on >= clock.today():
        return None
    mentor_period = training.mentor_at_school_period
    started_on = training.finished_on + dt.timedelta(days=1)
    if mentor_period.finished_on is not None and mentor_period.finished_on < started_on:
        return None
    return start_training(
        author=author,
        at_school_period=mentor_period,
        started_on=started_on,
        finished_on=mentor_period.finished_on,
        training_programme=TrainingProgramme.PROVIDER_LED,
        school_partnership=training.school_partnership,
        lead_provider=lead_provider_of(training),
        contract_period=contract_period_of(training),
        schedule=training.schedule,
    )
