"""Phase 1 of a CSV upload: check one row and turn it into a pending submission (domain.md §7.3.5,
BR-PIS-07; journeys.md §5.10.4).

Format errors on a row are reported together; after them, the first failing check wins: the TRS lookup,
the bulk-specific eligibility checks, then the very validations the one-at-a-time pages use, run as a
dry run of the real service inside a savepoint that is always rolled back.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.db import transaction

from appropriate_bodies import messages
from appropriate_bodies.models import (
    AppropriateBodyPeriod,
    BatchType,
    InductionOutcome,
    PendingInductionSubmission,
    PendingInductionSubmissionBatch,
)
from core import clock
from core.dates import govuk_date
from core.errors import DomainError
from events.authors import Author
from integrations.trs.client import (
    TeacherDeactivated,
    TeacherMerged,
    TeacherNotFound,
    TRSClient,
    TRSTeacher,
    TRSUnavailable,
)
from schools.models import TrainingProgramme
from teachers.messages import induction as induction_messages
from teachers.models import TRAINING_TO_LEGACY_PROGRAMME, InductionPeriod, Teacher
from teachers.validation.induction_periods import validate_closing

logger = logging.getLogger(__name__)

ECF_ROLL_OUT = dt.date(2021, 9, 1)
TRN_PATTERN = re.compile(r"^\d{7}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PROGRAMMES = {"provider-led": TrainingProgramme.PROVIDER_LED, "school-led": TrainingProgramme.SCHOOL_LED}
ACTION_OUTCOMES = {"pass": InductionOutcome.PASS, "release": None}


class _DryRun(Exception):
    """Raised to roll back a validation dry run of a real service."""


def _parse_date(value: str) -> dt.date | None:
    if not DATE_PATTERN.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _parse_terms(value: str) -> float | None:
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0 or number > 16:
        return None
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -1:
        return None
    return float(number)


def _format_errors(row: dict[str, str], submission: PendingInductionSubmission, batch_type: str) -> list[str]:
    """Every format problem on the row, in the spec's order."""
    today = clock.today()
    errors = []
    if any(not value for value in row.values()):
        errors.append(messages.FILL_IN_THE_BLANKS)
    if row["TRN"] and not TRN_PATTERN.match(row["TRN"]):
        errors.append(messages.INVALID_TRN)

    date_columns = ["Induction period start date" if batch_type == BatchType.CLAIM else "Induction period end date"]
    induction_date = None
    if row[date_columns[0]]:
        induction_date = _parse_date(row[date_columns[0]])
        if induction_date is None:
            errors.append(messages.INVALID_DATE_FORMAT)
    date_of_birth = None
    if row["Date of birth"]:
        if not DATE_PATTERN.match(row["Date of birth"]):
            if messages.INVALID_DATE_FORMAT not in errors:
                errors.append(messages.INVALID_DATE_FORMAT)
        else:
            date_of_birth = _parse_date(row["Date of birth"])
            if date_of_birth is None or not 18 <= today.year - date_of_birth.year <= 99:
                errors.append(messages.INVALID_DATE_OF_BIRTH)
                date_of_birth = None
    submission.date_of_birth = date_of_birth
    if induction_date is not None and induction_date > today:
        errors.append(messages.DATES_IN_FUTURE)

    if batch_type == BatchType.CLAIM:
        submission.started_on = induction_date
        if induction_date is not None and induction_date <= ECF_ROLL_OUT:
            errors.append(messages.START_NOT_AFTER_ECF_ROLL_OUT)
        programme = PROGRAMMES.get(row["Induction programme"].lower())
        if row["Induction programme"] and programme is None:
            errors.append(messages.INVALID_PROGRAMME)
        submission.training_programme = programme
        submission.induction_programme = TRAINING_TO_LEGACY_PROGRAMME.get(programme) if programme else None
    else:
        submission.finished_on = induction_date
        outcome = row["Outcome"].lower()
        if outcome == "fail":
            errors.append(messages.FAIL_NOT_ALLOWED)
        elif outcome and outcome not in ACTION_OUTCOMES:
            errors.append(messages.INVALID_OUTCOME)
        submission.outcome = ACTION_OUTCOMES.get(outcome)
        terms = _parse_terms(row["Number of terms"]) if row["Number of terms"] else None
        if row["Number of terms"] and terms is None:
            errors.append(messages.INVALID_TERMS)
        submission.number_of_terms = terms
    return errors


def _copy_trs(submission: PendingInductionSubmission, trs: TRSTeacher) -> None:
    submission.trs_first_name = (trs.first_name or "")[:80] or None
    submission.trs_last_name = (trs.last_name or "")[:80] or None
    submission.trs_date_of_birth = trs.date_of_birth
    submission.trs_email_address = trs.email_address
    submission.trs_induction_status = trs.induction_status
    submission.trs_induction_start_date = trs.induction_start_date
    submission.trs_induction_completed_date = trs.induction_completed_date
    submission.trs_qts_awarded_on = trs.qts_awarded_on
    submission.trs_qts_status_description = trs.qts_status_description
    submission.trs_initial_teacher_training_provider_name = trs.initial_teacher_training_provider_name
    submission.trs_initial_teacher_training_end_date = trs.initial_teacher_training_end_date
    submission.trs_alerts = list(trs.alerts)
    submission.trs_prohibited_from_teaching = trs.prohibited_from_teaching


def trs_teacher_from_submission(submission: PendingInductionSubmission) -> TRSTeacher:
    """The TRS snapshot a submission kept, so phase 2 needs no second TRS call."""
    return TRSTeacher(
        trn=submission.trn,
        first_name=submission.trs_first_name,
        last_name=submission.trs_last_name,
        date_of_birth=submission.trs_date_of_birth,
        email_address=submission.trs_email_address,
        induction_status=submission.trs_induction_status,
        induction_start_date=submission.trs_induction_start_date,
        induction_completed_date=submission.trs_induction_completed_date,
        qts_awarded_on=submission.trs_qts_awarded_on,
        qts_status_description=submission.trs_qts_status_description,
        initial_teacher_training_provider_name=submission.trs_initial_teacher_training_provider_name,
        initial_teacher_training_end_date=submission.trs_initial_teacher_training_end_date,
        alerts=tuple(submission.trs_alerts or ()),
        prohibited_from_teaching=bool(submission.trs_prohibited_from_teaching),
    )


def submission_name(submission: PendingInductionSubmission, teacher: Teacher | None = None) -> str:
    if teacher is not None:
        return teacher.full_name
    parts = [p for p in (submission.trs_first_name, submission.trs_last_name) if p and p.strip() not in ("", ".")]
    return " ".join(parts) or "Unknown"


def _last_outcome_error(name: str, periods: list[InductionPeriod]) -> str | None:
    """Already passed / failed, by the outcome of the latest induction period."""
    last = periods[0] if periods else None
    if last is not None and last.outcome == InductionOutcome.PASS:
        return induction_messages.HAS_ALREADY_PASSED.format(name=name)
    if last is not None and last.outcome == InductionOutcome.FAIL:
        return induction_messages.HAS_ALREADY_FAILED.format(name=name)
    return None


def _ongoing(periods: list[InductionPeriod]) -> InductionPeriod | None:
    return next((period for period in periods if period.finished_on is None), None)


def _claim_eligibility(
    submission: PendingInductionSubmission,
    appropriate_body: AppropriateBodyPeriod,
    teacher: Teacher | None,
    periods: list[InductionPeriod],
) -> str | None:
    """journeys.md §5.10.4 "Claim eligibility", in order (1–9); `periods` are the teacher's, latest first."""
    name = submission_name(submission, teacher)
    if teacher is not None:
        if problem := _last_outcome_error(name, periods):
            return problem
        ongoing = _ongoing(periods)
        started_on = submission.started_on
        if ongoing is None and any(
            p.started_on <= started_on and (p.finished_on is None or p.finished_on >= started_on) for p in periods
        ):
            return messages.START_OVERLAPS
        if ongoing is not None and ongoing.appropriate_body_period_id != appropriate_body.pk:
            return induction_messages.CLAIMED_BY_ANOTHER_BODY.format(
                name=name, appropriate_body=ongoing.appropriate_body_period.name
            )
        if ongoing is not None:
            return induction_messages.CLAIMED_BY_THIS_BODY.format(name=name)
        return None
    status = submission.trs_induction_status
    if submission.trs_prohibited_from_teaching:
        return induction_messages.IS_PROHIBITED.format(name=name)
    if status == "Passed":
        return induction_messages.HAS_ALREADY_PASSED.format(name=name)
    if status in ("Failed", "FailedInWales"):
        return induction_messages.HAS_ALREADY_FAILED.format(name=name)
    if status == "Exempt":
        return induction_messages.IS_EXEMPT.format(name=name)
    if submission.trs_qts_awarded_on is None:
        return induction_messages.HAS_NO_QTS.format(name=name)
    if submission.started_on < submission.trs_qts_awarded_on:
        return messages.START_BEFORE_QTS.format(qts_awarded_on=govuk_date(submission.trs_qts_awarded_on))
    return None


def _action_eligibility(
    submission: PendingInductionSubmission,
    appropriate_body: AppropriateBodyPeriod,
    teacher: Teacher | None,
    periods: list[InductionPeriod],
) -> str | None:
    """journeys.md §5.10.4 "Outcome eligibility", steps 4–7; `periods` are the teacher's, latest first."""
    name = submission_name(submission, teacher)
    if teacher is None:
        return messages.NOT_YET_CLAIMED.format(name=name)
    if problem := _last_outcome_error(name, periods):
        return problem
    from teachers.services.induction import check_can_close

    try:  # BR-IP-30, as the pass and release services check it
        check_can_close(teacher=teacher, ongoing=_ongoing(periods), body=appropriate_body)
    except DomainError as exc:
        return exc.message
    return None


def rehearse(action: Callable[[], object]) -> list[str]:
    """Run a real service and roll it back; its DomainError messages are the row's errors."""
    try:
        with transaction.atomic():
            action()
            raise _DryRun
    except _DryRun:
        return []
    except DomainError as exc:
        return [error.message for error in exc.errors]


def _closing_errors(submission: PendingInductionSubmission, periods: list[InductionPeriod]) -> list[str]:
    """Outcome eligibility step 8: the pass and release pages' own validation of the end date and terms
    (`periods` latest first, the first being the latest start)."""
    try:
        validate_closing(
            ongoing=_ongoing(periods),
            finished_on=submission.finished_on,
            number_of_terms=submission.number_of_terms,
            latest_start=periods[0].started_on,
        )
    except DomainError as exc:
        return [error.message for error in exc.errors]
    return []


def apply_row(
    *,
    author: Author,
    batch: PendingInductionSubmissionBatch,
    submission: PendingInductionSubmission,
    dry_run: bool = False,
) -> str:
    """Perform the row's action through the one-at-a-time service; returns `claimed`, `passed` or `released`.
    A dry run leaves the (still unsaved) submission alone."""
    from teachers.services.induction import claim_ect, record_pass, release_ect

    appropriate_body = batch.appropriate_body_period
    kept = None if dry_run else submission
    if batch.batch_type == BatchType.CLAIM:
        claim_ect(
            author=author,
            appropriate_body=appropriate_body,
            trs_teacher=trs_teacher_from_submission(submission),
            started_on=submission.started_on,
            training_programme=submission.training_programme,
            induction_programme=submission.induction_programme,
            batch=batch,
            submission=kept,
        )
        return "claimed"
    teacher = Teacher.objects.get(trn=submission.trn)
    closing = dict(
        author=author,
        teacher=teacher,
        finished_on=submission.finished_on,
        number_of_terms=submission.number_of_terms,
        appropriate_body=appropriate_body,
        batch=batch,
        submission=kept,
    )
    if submission.outcome == InductionOutcome.PASS:
        record_pass(**closing)
        return "passed"
    release_ect(**closing)
    return "released"


def _new_submission(batch: PendingInductionSubmissionBatch, row_number: int, row: dict[str, str]):
    return PendingInductionSubmission(
        appropriate_body_period=batch.appropriate_body_period,
        pending_induction_submission_batch=batch,
        row_number=row_number,
        trn=str(row.get("TRN", ""))[:7],
    )


def _look_up(submission: PendingInductionSubmission, client: TRSClient) -> bool:
    """Ask TRS with the row's TRN and date of birth; keep its answer on the submission, or the row's error."""
    try:
        trs = client.find_teacher(trn=submission.trn, date_of_birth=submission.date_of_birth)
    except (TeacherNotFound, TeacherDeactivated, TeacherMerged):
        submission.error_messages = [messages.TRS_MISMATCH]
        return False
    except TRSUnavailable:
        submission.error_messages = [messages.TRS_UNAVAILABLE]
        return False
    _copy_trs(submission, trs)
    return True


# What the eligibility checks read, and no more: a chunk loads thousands of these.
TEACHER_FIELDS_FOR_CHECKS = ("id", "trn", "corrected_name", "trs_first_name", "trs_last_name")
PERIOD_FIELDS_FOR_CHECKS = (
    "id",
    "teacher_id",
    "started_on",
    "finished_on",
    "outcome",
    "appropriate_body_period_id",
    "appropriate_body_period__name",
)


def _known_teachers(trns: list[str]) -> tuple[dict[str, Teacher], dict[int, list[InductionPeriod]]]:
    """The service's teachers for these TRNs and their induction periods (latest first), in two queries, so a
    chunk of rows is checked without a query per row for what every row needs."""
    teachers = {
        teacher.trn: teacher for teacher in Teacher.objects.filter(trn__in=trns).only(*TEACHER_FIELDS_FOR_CHECKS)
    }
    periods: dict[int, list[InductionPeriod]] = {teacher.pk: [] for teacher in teachers.values()}
    for period in (
        InductionPeriod.objects.filter(teacher__in=list(teachers.values()))
        .select_related("appropriate_body_period")
        .only(*PERIOD_FIELDS_FOR_CHECKS)
        .latest_first()
    ):
        periods[period.teacher_id].append(period)
    return teachers, periods


def check_rows(
    *,
    author: Author,
    batch: PendingInductionSubmissionBatch,
    rows: list[tuple[int, dict[str, str]]],
    client: TRSClient,
) -> list[PendingInductionSubmission]:
    """Phase 1 for a chunk of `(row number, row)`: one unsaved submission per row, carrying its errors.

    Any unexpected exception on a row makes that row "something went wrong" and the others carry on
    (journeys.md §5.10.4)."""
    submissions = []
    looked_up = []
    for row_number, row in rows:
        submission = _new_submission(batch, row_number, row)
        try:
            submission.error_messages = _format_errors(row, submission, batch.batch_type)
            if not submission.error_messages and _look_up(submission, client):
                looked_up.append(submission)
        except Exception:
            logger.exception("Bulk upload row failed", extra={"batch_id": batch.pk, "row_number": row_number})
            submission = _new_submission(batch, row_number, row)
            submission.error_messages = [messages.SOMETHING_WENT_WRONG]
        submissions.append(submission)

    teachers, periods = _known_teachers([submission.trn for submission in looked_up])
    claims = batch.batch_type == BatchType.CLAIM
    eligibility = _claim_eligibility if claims else _action_eligibility
    for submission in looked_up:
        try:
            teacher = teachers.get(submission.trn)
            teacher_periods = periods.get(teacher.pk, []) if teacher else []
            problem = eligibility(submission, batch.appropriate_body_period, teacher, teacher_periods)
            if problem:
                submission.error_messages = [problem]
            elif claims:  # the claim page's own validations, by a rolled-back run of the real claim
                submission.error_messages = rehearse(
                    lambda s=submission: apply_row(author=author, batch=batch, submission=s, dry_run=True)
                )
            else:
                submission.error_messages = _closing_errors(submission, teacher_periods)
        except Exception:
            logger.exception(
                "Bulk upload row failed", extra={"batch_id": batch.pk, "row_number": submission.row_number}
            )
            submission.error_messages = [messages.SOMETHING_WENT_WRONG]
    return submissions
