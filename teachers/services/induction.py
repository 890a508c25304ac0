"""Statutory induction recorded by appropriate bodies: claim, release, pass and fail (domain.md §7.3.1–7.3.4,
§7.3.7; rules BR-IP-20 … BR-IP-34).

Each action runs in one transaction. What TRS must be told is queued in the same transaction
(`integrations.trs.outbox`), so TRS hears about exactly the changes that committed. Extensions
(`induction_extensions`) and DfE admin corrections (`induction_admin`: create, edit, delete, reopen,
revert) live beside this module and are re-exported here, so `teachers.services.induction` is the one
place to import induction services from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from appropriate_bodies.models import (
    AppropriateBodyPeriod,
    InductionOutcome,
    PendingInductionSubmission,
    PendingInductionSubmissionBatch,
)
from core import clock
from core.dates import govuk_date
from core.errors import BASE, DomainError
from core.services import service
from events.authors import Author
from events.record import identity as identity_record
from events.record import induction as record
from integrations.trs.client import TeacherDeactivated, TeacherMerged, TeacherNotFound, TRSClient, TRSTeacher
from integrations.trs.models import TRSWriteStatus
from integrations.trs.outbox import queue_induction_status_update
from schools.services import notifications as school_notifications
from teachers.messages import induction as messages
from teachers.models import InductionPeriod, Teacher, TRSInductionStatus, TRSResponse
from teachers.services.identity import refresh_teacher_from_trs, squish, touch_teacher_api_timestamps
from teachers.services.induction_admin import (
    create_induction_period,
    delete_induction_period,
    reopen_induction_period,
    revert_claim,
    update_induction_period,
)
from teachers.services.induction_extensions import add_extension, delete_extension, update_extension
from teachers.services.induction_support import (
    acting_appropriate_body,
    display_name,
    induction_periods_of,
    is_first_induction_period,
    ongoing_induction_period_of,
    programmes,
    schedule_submission_deletion,
    set_ect_funding_eligibility,
    tell_trs_outcome,
    write_guarded,
)
from teachers.validation.induction_periods import (
    clean_admin_audit,
    validate_claim_details,
    validate_claim_search,
    validate_closing,
    validate_induction_period,
)

IN_PROGRESS = TRSInductionStatus.IN_PROGRESS

__all__ = [
    "AlreadyClaimedByThisBody",
    "ClaimSearchResult",
    "add_extension",
    "claim_block_reason",
    "claim_ect",
    "create_induction_period",
    "delete_extension",
    "delete_induction_period",
    "find_ect_to_claim",
    "import_ect_from_trs",
    "record_fail",
    "record_pass",
    "release_ect",
    "reopen_induction_period",
    "revert_claim",
    "update_extension",
    "update_induction_period",
]


# Claiming (§7.3.1, BR-IP-20 … BR-IP-28) --------------------------------------------------------------


class AlreadyClaimedByThisBody(DomainError):
    """BR-IP-21: not an error to show on the form but a redirect to the teacher, with this notice."""

    def __init__(self, teacher: Teacher):
        super().__init__(BASE, messages.ALREADY_CLAIMED_BY_THIS_BODY.format(name=teacher.full_name))
        self.teacher = teacher


@dataclass(frozen=True)
class ClaimSearchResult:
    trs_teacher: TRSTeacher
    teacher: Teacher | None
    block_reason: str | None  # why the check page cannot offer "Claim induction" (BR-IP-22, BR-IP-23)

    @property
    def is_claimable(self) -> bool:
        return self.block_reason is None


def find_ect_to_claim(
    *, appropriate_body: AppropriateBodyPeriod, trn: str | None, date_of_birth: dt.date | None, client: TRSClient
) -> ClaimSearchResult:
    """The find step: validate the search, ask TRS with both TRN and date of birth, and say what the check
    page must show. TRS being unavailable is not "not found": `TRSUnavailable` propagates."""
    trn = validate_claim_search(trn=trn, date_of_birth=date_of_birth)
    try:
        trs_teacher = client.find_teacher(trn=trn, date_of_birth=date_of_birth)
    except (TeacherNotFound, TeacherDeactivated, TeacherMerged) as exc:
        raise DomainError("trn", messages.TEACHER_NOT_FOUND_IN_TRS) from exc
    teacher = Teacher.objects.filter(trn=trn).first()
    if teacher is not None:
        ongoing = ongoing_induction_period_of(teacher)
        if ongoing is not None and ongoing.appropriate_body_period_id == appropriate_body.pk:
            raise AlreadyClaimedByThisBody(teacher)
    return ClaimSearchResult(
        trs_teacher=trs_teacher,
        teacher=teacher,
        block_reason=claim_block_reason(appropriate_body=appropriate_body, trs_teacher=trs_teacher, teacher=teacher),
    )


def claim_block_reason(
    *, appropriate_body: AppropriateBodyPeriod, trs_teacher: TRSTeacher, teacher: Teacher | None
) -> str | None:
    """BR-IP-22, BR-IP-23: the first reason (in the check page's order) the teacher cannot be claimed."""
    name = display_name(teacher, trs_teacher)
    outcome = None
    if teacher is not None:
        outcome = induction_periods_of(teacher).filter(outcome__isnull=False).values_list("outcome", flat=True).first()
    if not trs_teacher.has_qts:
        return messages.HAS_NO_QTS.format(name=name)
    if trs_teacher.prohibited_from_teaching:
        return messages.IS_PROHIBITED.format(name=name)
    if trs_teacher.has_passed or outcome == InductionOutcome.PASS:
        return messages.HAS_ALREADY_PASSED.format(name=name)
    if trs_teacher.has_failed or outcome == InductionOutcome.FAIL:
        return messages.HAS_ALREADY_FAILED.format(name=name)
    if trs_teacher.is_exempt:
        return messages.IS_EXEMPT.format(name=name)
    if teacher is not None:
        ongoing = ongoing_induction_period_of(teacher)
        if ongoing is not None and ongoing.appropriate_body_period_id != appropriate_body.pk:
            return messages.CLAIMED_BY_ANOTHER_BODY.format(
                name=name, appropriate_body=ongoing.appropriate_body_period.name
            )
    return None


@service
def claim_ect(
    *,
    author: Author,
    appropriate_body: AppropriateBodyPeriod,
    trs_teacher: TRSTeacher,
    started_on: dt.date | None,
    training_programme: str | None = None,
    induction_programme: str | None = None,
    batch: PendingInductionSubmissionBatch | None = None,
    submission: PendingInductionSubmission | None = None,
) -> InductionPeriod:
    """An AB takes responsibility for a teacher's induction from `started_on` (BR-IP-25 … BR-IP-28).

    The teacher row is locked, so a concurrent claim waits and then sees this one's period; when two
    claims create the same new teacher at once, the loser re-checks against the winner's record.
    """

    def check(teacher: Teacher | None) -> None:
        validate_claim_details(
            teacher=teacher,
            qts_awarded_on=trs_teacher.qts_awarded_on,
            trs_induction_status_is_known=trs_teacher.induction_status_is_known,
            started_on=started_on,
            training_programme=training_programme,
            induction_programme=induction_programme,
        )
        if teacher is not None:
            ongoing = ongoing_induction_period_of(teacher)
            if ongoing is not None and ongoing.appropriate_body_period_id == appropriate_body.pk:
                raise DomainError(BASE, messages.ALREADY_CLAIMED_BY_THIS_BODY.format(name=teacher.full_name))
        blocked = claim_block_reason(appropriate_body=appropriate_body, trs_teacher=trs_teacher, teacher=teacher)
        if blocked:
            raise DomainError(BASE, blocked)

    teacher = Teacher.objects.select_for_update().filter(trn=trs_teacher.trn).first()
    check(teacher)
    if teacher is None:
        try:
            with transaction.atomic():
                teacher = _import_teacher(author=author, trs_teacher=trs_teacher, induction_status=IN_PROGRESS)
        except IntegrityError:  # another claim created them first: lock their record and check again
            teacher = Teacher.objects.select_for_update().get(trn=trs_teacher.trn)
            check(teacher)
            teacher = _teacher_for_claim(author=author, trs_teacher=trs_teacher, teacher=teacher)
    else:
        teacher = _teacher_for_claim(author=author, trs_teacher=trs_teacher, teacher=teacher)
    training_programme, induction_programme = programmes(training_programme, induction_programme)

    def revalidate() -> None:
        validate_induction_period(
            teacher=teacher,
            appropriate_body=appropriate_body,
            started_on=started_on,
            finished_on=None,
            induction_programme=induction_programme,
            training_programme=training_programme,
        )

    revalidate()
    period = write_guarded(
        lambda: InductionPeriod.objects.create(
            teacher=teacher,
            appropriate_body_period=appropriate_body,
            started_on=started_on,
            training_programme=training_programme,
            induction_programme=induction_programme,
        ),
        revalidate=revalidate,
    )
    touch_teacher_api_timestamps(teacher)
    record.induction_period_opened(author=author, period=period, batch=batch)
    set_ect_funding_eligibility(author=author, teacher=teacher)
    if is_first_induction_period(period):
        queue_induction_status_update(teacher=teacher, status=TRSWriteStatus.IN_PROGRESS, start_date=started_on)
    schedule_submission_deletion(submission)
    return period


def _teacher_for_claim(*, author: Author, trs_teacher: TRSTeacher, teacher: Teacher) -> Teacher:
    """Refresh a known teacher from TRS (names, QTS, ITT) and mark the induction InProgress while keeping TRS's
    start date (§7.3.1 step 6)."""
    in_progress = dataclasses.replace(trs_teacher, induction_status=IN_PROGRESS)
    return refresh_teacher_from_trs(author=author, teacher=teacher, trs_record=in_progress)


def _import_teacher(*, author: Author, trs_teacher: TRSTeacher, induction_status: str | None) -> Teacher:
    """Create the teacher from TRS (event `teacher_imported_from_trs`)."""
    teacher = Teacher.objects.create(
        trn=trs_teacher.trn,
        trs_first_name=squish(trs_teacher.first_name),
        trs_last_name=squish(trs_teacher.last_name),
        trs_induction_status=induction_status,
        trs_induction_start_date=trs_teacher.induction_start_date,
        trs_induction_completed_date=trs_teacher.induction_completed_date,
        trs_qts_awarded_on=trs_teacher.qts_awarded_on,
        trs_qts_status_description=trs_teacher.qts_status_description,
        trs_initial_teacher_training_provider_name=trs_teacher.initial_teacher_training_provider_name,
        trs_initial_teacher_training_end_date=trs_teacher.initial_teacher_training_end_date,
        trs_response=TRSResponse.OK,
        trs_data_last_refreshed_at=clock.now(),
    )
    identity_record.teacher_imported_from_trs(author=author, teacher=teacher)
    return teacher


@service
def import_ect_from_trs(*, author: Author, trs_teacher: TRSTeacher) -> Teacher:
    """Admin: create the teacher from TRS without a claim (§7.3.6); refused when the TRN is already known."""
    existing = Teacher.objects.filter(trn=trs_teacher.trn).first()
    if existing is not None:
        raise DomainError("trn", messages.TEACHER_ALREADY_EXISTS.format(name=existing.full_name))
    return _import_teacher(author=author, trs_teacher=trs_teacher, induction_status=trs_teacher.induction_status)


# Closing: release, pass, fail (§7.3.2, §7.3.4, BR-IP-30 … BR-IP-34) ----------------------------------


def _ongoing_for_closing(
    *, author: Author, teacher: Teacher, appropriate_body: AppropriateBodyPeriod | None
) -> InductionPeriod:
    """BR-IP-30: closing needs an ongoing period, and an AB may close only its own."""
    ongoing = (
        induction_periods_of(teacher).ongoing().select_for_update().select_related("appropriate_body_period").first()
    )
    check_can_close(teacher=teacher, ongoing=ongoing, body=acting_appropriate_body(author, appropriate_body))
    ongoing.teacher = teacher
    return ongoing


def check_can_close(*, teacher: Teacher, ongoing: InductionPeriod | None, body: AppropriateBodyPeriod | None) -> None:
    """BR-IP-30: closing needs an ongoing period, and an AB (`body`; None for DfE staff) may close only its own."""
    if ongoing is None:
        raise DomainError(BASE, messages.NO_OPEN_INDUCTION.format(name=teacher.full_name))
    if body is not None and ongoing.appropriate_body_period_id != body.pk:
        raise DomainError(
            BASE,
            messages.WITH_ANOTHER_BODY.format(
                name=teacher.full_name, appropriate_body=ongoing.appropriate_body_period.name
            ),
        )


def validate_closed_period(
    period: InductionPeriod, values: dict[str, Any], *, siblings: list[InductionPeriod] | None = None
) -> None:
    """The whole period's rules (BR-IP-01 … 14) as it will be once closed with `values`."""
    validate_induction_period(
        teacher=period.teacher,
        appropriate_body=period.appropriate_body_period,
        started_on=period.started_on,
        finished_on=values["finished_on"],
        number_of_terms=values["number_of_terms"],
        outcome=values.get("outcome"),
        induction_programme=period.induction_programme,
        training_programme=period.training_programme or period.effective_training_programme,
        fail_confirmation_sent_on=values.get("fail_confirmation_sent_on"),
        period=period,
        siblings=siblings,
    )


def closing_values(
    *,
    author: Author,
    period: InductionPeriod,
    outcome: str | None,
    finished_on: dt.date | None,
    number_of_terms: Any,
    fail_confirmation_sent_on: dt.date | None = None,
    latest_start: dt.date | None = None,
) -> dict[str, Any]:
    """BR-IP-30 … 32 for release (`outcome` None), pass and fail: the fields the closed period gets."""
    is_fail = outcome == InductionOutcome.FAIL
    terms = validate_closing(
        ongoing=period,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        fail_confirmation_required=is_fail and not author.is_dfe_staff,
        fail_confirmation_sent_on=fail_confirmation_sent_on if is_fail else None,
        latest_start=latest_start,
    )
    values: dict[str, Any] = {"finished_on": finished_on, "number_of_terms": terms}
    if outcome is not None:
        values["outcome"] = outcome
    if is_fail and fail_confirmation_sent_on is not None:
        values["fail_confirmation_sent_on"] = fail_confirmation_sent_on
    return values


def outcome_event_body(*, author: Author, outcome: str, audit: Any, fail_confirmation_sent_on: dt.date | None):
    """The outcome event's body: the admin's note, or when an AB user said the ECT was told of a fail."""
    if outcome == InductionOutcome.FAIL and not author.is_dfe_staff:
        return f"ECT notified on {govuk_date(fail_confirmation_sent_on)}"
    return audit.note if audit else None


def _close(period: InductionPeriod, **values: Any) -> None:
    def revalidate() -> None:
        validate_closed_period(period, values)

    revalidate()
    for field, value in values.items():
        setattr(period, field, value)
    write_guarded(lambda: period.save(update_fields=[*values, "updated_at"]), revalidate=revalidate)
    touch_teacher_api_timestamps(period.teacher)


@service
def release_ect(
    *,
    author: Author,
    teacher: Teacher,
    finished_on: dt.date | None,
    number_of_terms: Any,
    appropriate_body: AppropriateBodyPeriod | None = None,
    batch: PendingInductionSubmissionBatch | None = None,
    submission: PendingInductionSubmission | None = None,
) -> InductionPeriod:
    """BR-IP-33: the AB stops being responsible; no outcome, no TRS update, school records untouched."""
    period = _ongoing_for_closing(author=author, teacher=teacher, appropriate_body=appropriate_body)
    values = closing_values(
        author=author, period=period, outcome=None, finished_on=finished_on, number_of_terms=number_of_terms
    )
    _close(period, **values)
    record.induction_period_closed(author=author, period=period, batch=batch)
    school_notifications.ect_released(induction_period=period)
    schedule_submission_deletion(submission)
    return period


@service
def record_pass(
    *,
    author: Author,
    teacher: Teacher,
    finished_on: dt.date | None,
    number_of_terms: Any,
    appropriate_body: AppropriateBodyPeriod | None = None,
    note: str | None = None,
    zendesk_ticket: str | int | None = None,
    batch: PendingInductionSubmissionBatch | None = None,
    submission: PendingInductionSubmission | None = None,
) -> InductionPeriod:
    """BR-IP-34: the teacher passed; induction is over (a DfE admin must give a note or ticket, BR-ADM-01)."""
    return _record_outcome(
        author=author,
        teacher=teacher,
        outcome=InductionOutcome.PASS,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        appropriate_body=appropriate_body,
        note=note,
        zendesk_ticket=zendesk_ticket,
        batch=batch,
        submission=submission,
    )


@service
def record_fail(
    *,
    author: Author,
    teacher: Teacher,
    finished_on: dt.date | None,
    number_of_terms: Any,
    fail_confirmation_sent_on: dt.date | None = None,
    appropriate_body: AppropriateBodyPeriod | None = None,
    note: str | None = None,
    zendesk_ticket: str | int | None = None,
    batch: PendingInductionSubmissionBatch | None = None,
    submission: PendingInductionSubmission | None = None,
) -> InductionPeriod:
    """BR-IP-34: the teacher failed (an AB user must say when written confirmation was sent, BR-IP-32).

    The Teaching Regulation Agency is emailed after commit (journeys.md §7.1 #6, §7.3.4 step 7), so it can watch
    the appeal window; an admin's fail leaves out the notification date they are not asked for (§11 #16).
    """
    return _record_outcome(
        author=author,
        teacher=teacher,
        outcome=InductionOutcome.FAIL,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        fail_confirmation_sent_on=fail_confirmation_sent_on,
        appropriate_body=appropriate_body,
        note=note,
        zendesk_ticket=zendesk_ticket,
        batch=batch,
        submission=submission,
    )


def _record_outcome(
    *,
    author: Author,
    teacher: Teacher,
    outcome: str,
    finished_on: dt.date | None,
    number_of_terms: Any,
    appropriate_body: AppropriateBodyPeriod | None,
    note: str | None,
    zendesk_ticket: str | int | None,
    fail_confirmation_sent_on: dt.date | None = None,
    batch: PendingInductionSubmissionBatch | None = None,
    submission: PendingInductionSubmission | None = None,
) -> InductionPeriod:
    audit = clean_admin_audit(note=note, zendesk_ticket=zendesk_ticket) if author.is_dfe_staff else None
    period = _ongoing_for_closing(author=author, teacher=teacher, appropriate_body=appropriate_body)
    is_fail = outcome == InductionOutcome.FAIL
    values = closing_values(
        author=author,
        period=period,
        outcome=outcome,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        fail_confirmation_sent_on=fail_confirmation_sent_on,
    )
    _close(period, **values)

    school_record = close_school_record(author=author, teacher=teacher)
    tell_trs_outcome(teacher=teacher, outcome=outcome)

    body = outcome_event_body(
        author=author, outcome=outcome, audit=audit, fail_confirmation_sent_on=fail_confirmation_sent_on
    )
    recorder = record.teacher_fails_induction if is_fail else record.teacher_passes_induction
    recorder(
        author=author,
        period=period,
        body=body,
        zendesk_ticket_id=audit.zendesk_ticket_id if audit else None,
        batch=batch,
        **school_record,
    )
    if is_fail:
        notify_tra_of_fail(period=period, fail_confirmation_sent_on=fail_confirmation_sent_on)
    schedule_submission_deletion(submission)
    return period


def notify_tra_of_fail(*, period: InductionPeriod, fail_confirmation_sent_on: dt.date | None) -> None:
    from integrations.notify import emails

    emails.tra_fail_notification(
        name=period.teacher.full_name,
        trn=period.teacher.trn,
        appropriate_body_name=period.appropriate_body_period.name,
        notified_on=govuk_date(fail_confirmation_sent_on) if fail_confirmation_sent_on else None,
        reference=f"induction-period-{period.pk}",
    )


def close_school_record(*, author: Author, teacher: Teacher) -> dict[str, Any]:
    """§7.1.7: pass or fail ends the ECT's school record today; the outcome event links what was closed."""
    from teachers.services.leaving import close_school_record_on_induction_completion

    finished = close_school_record_on_induction_completion(author=author, teacher=teacher)
    if finished is None:
        return {}
    return {
        "ect_at_school_period": finished,
        "training_period": finished.training_periods.order_by("-started_on", "-pk").first(),
        "mentorship_period": finished.mentorship_periods.order_by("-started_on", "-pk").first(),
    }
