"""Validation of induction periods, claims, closing and admin corrections (domain.md §5.15, §8.11, §8.17).

Each validator checks the spec's rule in Python and raises the spec's exact messages (all failures at
once, as `DomainErrors`, so a form can show every one). The database constraints on `induction_periods`
are the backstop behind them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from appropriate_bodies.models import AppropriateBodyPeriod, InductionOutcome, InductionProgramme
from core import clock
from core.dates import govuk_date
from core.errors import BASE, DomainError, ErrorCollector
from core.periods import check_date_order, check_no_overlap
from schools.models import TrainingProgramme
from teachers.messages import induction as messages
from teachers.models import InductionPeriod, Teacher

STATUTORY_INDUCTION_ROLL_OUT = dt.date(1999, 9, 1)
ECF_ROLL_OUT = dt.date(2021, 9, 1)
MAX_TERMS = Decimal(16)
MIN_EXTENSION_TERMS = Decimal("0.1")
LEGACY_ONLY_PROGRAMMES = (InductionProgramme.UNKNOWN, InductionProgramme.PRE_SEPTEMBER_2021)
TRN_PATTERN = re.compile(r"^\d{7}$")
TICKET_PATTERN = re.compile(r"^\d{6}$")


# Number of terms (BR-IP-09, BR-EXT-01, BR-EXT-02) ----------------------------------------------------


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def parse_number_of_terms(value: Any, *, field: str = "number_of_terms") -> float | None:
    """BR-IP-09: blank is None; otherwise a number from 0 to 16 with at most one decimal place."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _as_decimal(value)
    if number is None:
        raise DomainError(field, messages.TERMS_NOT_A_NUMBER)
    if number < 0 or number > MAX_TERMS:
        raise DomainError(field, messages.TERMS_OUT_OF_RANGE)
    if _decimal_places(number) > 1:
        raise DomainError(field, messages.TERMS_TOO_PRECISE)
    return float(number)


def parse_extension_terms(value: Any) -> float:
    """BR-EXT-01, BR-EXT-02: required; 0.1 to 16 with at most one decimal place."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError("number_of_terms", messages.EXTENSION_TERMS_BLANK)
    number = _as_decimal(value)
    if number is None:
        raise DomainError("number_of_terms", messages.EXTENSION_TERMS_NOT_A_NUMBER)
    if number < MIN_EXTENSION_TERMS or number > MAX_TERMS:
        raise DomainError("number_of_terms", messages.EXTENSION_TERMS_OUT_OF_RANGE)
    if _decimal_places(number) > 1:
        raise DomainError("number_of_terms", messages.TERMS_TOO_PRECISE)
    return float(number)


# One induction period (BR-IP-01 … BR-IP-14) ---------------------------------------------------------


def validate_induction_period(
    *,
    teacher: Teacher,
    appropriate_body: AppropriateBodyPeriod | None,
    started_on: dt.date | None,
    finished_on: dt.date | None,
    number_of_terms: Any = None,
    outcome: str | None = None,
    induction_programme: str | None,
    training_programme: str | None,
    fail_confirmation_sent_on: dt.date | None = None,
    period: InductionPeriod | None = None,
    siblings: Sequence[InductionPeriod] | None = None,
) -> float | None:
    """Check a new (`period` None) or edited period; returns the parsed number of terms.

    The rules compare the period with the teacher's other periods (`siblings`); they are read here unless the
    caller already holds them (a bulk action, which locked them), so both paths run the same checks."""
    errors = ErrorCollector()
    today = clock.today()

    if appropriate_body is None:  # BR-IP-01
        errors.add("appropriate_body", messages.SELECT_AN_APPROPRIATE_BODY)
    if started_on is None:  # BR-IP-02
        errors.add("started_on", messages.ENTER_A_START_DATE)
    elif started_on < STATUTORY_INDUCTION_ROLL_OUT:  # BR-IP-03
        errors.add("started_on", messages.START_BEFORE_STATUTORY_ROLL_OUT)
    elif started_on > today:  # BR-IP-04
        errors.add("started_on", messages.START_DATE_IN_FUTURE)
    if finished_on is not None and finished_on > today:
        errors.add("finished_on", messages.END_DATE_IN_FUTURE)
    qts = teacher.trs_qts_awarded_on
    if started_on is not None and qts is not None and started_on < qts:  # BR-IP-05
        errors.add("started_on", messages.START_BEFORE_QTS.format(qts_awarded_on=govuk_date(qts)))

    dates_in_order = True
    try:
        check_date_order(started_on, finished_on)  # BR-P-01
    except DomainError as exc:
        errors.add(exc.field, exc.message)
        dates_in_order = False

    if siblings is None:
        others = InductionPeriod.objects.filter(teacher=teacher)
        if period is not None and period.pk is not None:
            others = others.exclude(pk=period.pk)
        siblings = list(others)

    had_outcome = period is not None and period.pk is not None and bool(period.outcome)
    if had_outcome and finished_on is None:  # BR-IP-14
        errors.add("finished_on", messages.END_DATE_CANNOT_BE_REMOVED)
    elif started_on is not None and finished_on is None and any(s.started_on > started_on for s in siblings):
        errors.add("finished_on", messages.END_DATE_REQUIRED_FOR_INSERTED_PERIODS)  # BR-IP-11
    elif started_on is not None and dates_in_order:
        try:  # BR-IP-06
            check_no_overlap(
                siblings=siblings, started_on=started_on, finished_on=finished_on, name=messages.OVERLAP_NAME
            )
        except DomainError as exc:
            errors.add(exc.field, exc.message)

    if outcome:  # BR-IP-07, BR-IP-10
        if outcome not in InductionOutcome.values:
            errors.add("outcome", messages.OUTCOME_MUST_BE_PASS_OR_FAIL)
        elif finished_on is None:
            if not had_outcome:
                errors.add("outcome", messages.OUTCOME_ON_ONGOING_PERIOD)
        elif any(s.outcome is not None for s in siblings):
            errors.add("outcome", messages.OUTCOME_ALREADY_EXISTS)

    terms = None
    try:
        terms = parse_number_of_terms(number_of_terms)  # BR-IP-09
    except DomainError as exc:
        errors.add(exc.field, exc.message)
    else:
        if finished_on is not None and terms is None:  # BR-IP-08
            errors.add("number_of_terms", messages.ENTER_NUMBER_OF_TERMS)
        elif finished_on is None and terms is not None:
            errors.add("number_of_terms", messages.TERMS_WITHOUT_END_DATE)

    if induction_programme not in InductionProgramme.values:  # BR-IP-12
        errors.add("induction_programme", messages.CHOOSE_AN_INDUCTION_PROGRAMME)
    elif induction_programme not in LEGACY_ONLY_PROGRAMMES and training_programme not in TrainingProgramme.values:
        errors.add("training_programme", messages.CHOOSE_AN_INDUCTION_PROGRAMME)

    if fail_confirmation_sent_on is not None:  # BR-IP-13
        if finished_on is not None and fail_confirmation_sent_on < finished_on:
            errors.add("fail_confirmation_sent_on", messages.FAIL_CONFIRMATION_BEFORE_END_DATE)
        elif fail_confirmation_sent_on > today:
            errors.add("fail_confirmation_sent_on", messages.FAIL_CONFIRMATION_IN_FUTURE)

    errors.raise_if_any()
    return terms


# Finding and claiming (BR-IP-20 … BR-IP-27) ---------------------------------------------------------


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def validate_claim_search(*, trn: str | None, date_of_birth: dt.date | None) -> str:
    """BR-IP-20: a 7-digit TRN (nothing stripped or padded) and a date of birth of someone aged 18–100."""
    errors = ErrorCollector()
    trn = (trn or "").strip()
    if not trn:
        errors.add("trn", messages.ENTER_A_TRN)
    elif not TRN_PATTERN.match(trn):
        errors.add("trn", messages.TRN_MUST_BE_SEVEN_DIGITS)
    if date_of_birth is None:
        errors.add("date_of_birth", messages.ENTER_A_DATE_OF_BIRTH)
    elif not 18 <= age_on(date_of_birth, clock.today()) <= 100:
        errors.add("date_of_birth", messages.AGE_OUT_OF_RANGE)
    errors.raise_if_any()
    return trn


def validate_claim_confirmation(*, confirmed: bool) -> None:
    """BR-IP-24: the AB confirms the details TRS returned."""
    if not confirmed:
        raise DomainError("confirmed", messages.CONFIRM_DETAILS)


def validate_claim_details(
    *,
    teacher: Teacher | None,
    qts_awarded_on: dt.date | None,
    trs_induction_status_is_known: bool,
    started_on: dt.date | None,
    training_programme: str | None,
    induction_programme: str | None = None,
) -> None:
    """The "tell us about the induction" step (BR-IP-25 … BR-IP-27)."""
    errors = ErrorCollector()
    if qts_awarded_on is None:  # BR-IP-26
        errors.add(BASE, messages.QTS_NOT_AWARDED)
    if not trs_induction_status_is_known:
        errors.add(BASE, messages.TRS_STATUS_NOT_KNOWN)

    if started_on is None:  # BR-IP-25
        errors.add("started_on", messages.ENTER_A_START_DATE)
    elif started_on <= ECF_ROLL_OUT:
        errors.add("started_on", messages.START_NOT_AFTER_ECF_ROLL_OUT)
    elif started_on > clock.today():
        errors.add("started_on", messages.START_DATE_IN_FUTURE)
    elif qts_awarded_on is not None and started_on < qts_awarded_on:
        errors.add("started_on", messages.START_BEFORE_QTS.format(qts_awarded_on=govuk_date(qts_awarded_on)))
    elif teacher is not None:
        last = InductionPeriod.objects.filter(teacher=teacher).finished().order_by("-finished_on", "-pk").first()
        if last is not None and started_on <= last.finished_on:
            errors.add(
                "started_on", messages.START_NOT_AFTER_LAST_PERIOD.format(finished_on=govuk_date(last.finished_on))
            )

    if training_programme is None and induction_programme is None:  # BR-IP-27
        errors.add("training_programme", messages.CHOOSE_AN_INDUCTION_TRAINING_PROGRAMME)
    elif training_programme is not None and training_programme not in TrainingProgramme.values:
        errors.add("training_programme", messages.CHOOSE_AN_INDUCTION_TRAINING_PROGRAMME)
    elif training_programme is None and induction_programme not in (
        InductionProgramme.FIP,
        InductionProgramme.CIP,
        InductionProgramme.DIY,
    ):
        errors.add("induction_programme", messages.CHOOSE_AN_INDUCTION_PROGRAMME)
    errors.raise_if_any()


# Closing: release, pass, fail (BR-IP-30 … BR-IP-32) --------------------------------------------------


def validate_closing(
    *,
    ongoing: InductionPeriod,
    finished_on: dt.date | None,
    number_of_terms: Any,
    fail_confirmation_required: bool = False,
    fail_confirmation_sent_on: dt.date | None = None,
    latest_start: dt.date | None = None,
) -> float:
    """End date and terms for closing the ongoing period; returns the parsed terms.

    BR-IP-31 is enforced here for every path (Q4): the end date must be after the latest start date. A caller
    that already holds the teacher's periods (a bulk upload checking thousands of rows) passes `latest_start`.
    """
    errors = ErrorCollector()
    if fail_confirmation_required and fail_confirmation_sent_on is None:  # BR-IP-32
        errors.add("fail_confirmation_sent_on", messages.ENTER_FAIL_CONFIRMATION_DATE)
    if finished_on is None:  # BR-IP-30
        errors.add("finished_on", messages.ENTER_A_FINISH_DATE)
    elif finished_on > clock.today():
        errors.add("finished_on", messages.END_DATE_IN_FUTURE)
    else:
        if latest_start is None:
            latest_start = (
                InductionPeriod.objects.filter(teacher_id=ongoing.teacher_id).latest_first().first().started_on
            )
        if finished_on <= latest_start:
            errors.add("finished_on", messages.END_NOT_AFTER_START.format(started_on=govuk_date(latest_start)))
    terms = None
    try:
        terms = parse_number_of_terms(number_of_terms)
    except DomainError as exc:
        errors.add(exc.field, exc.message)
    else:
        if terms is None:
            errors.add("number_of_terms", messages.ENTER_NUMBER_OF_TERMS)
    if fail_confirmation_sent_on is not None and finished_on is not None:  # BR-IP-13
        if fail_confirmation_sent_on < finished_on:
            errors.add("fail_confirmation_sent_on", messages.FAIL_CONFIRMATION_BEFORE_END_DATE)
        elif fail_confirmation_sent_on > clock.today():
            errors.add("fail_confirmation_sent_on", messages.FAIL_CONFIRMATION_IN_FUTURE)
    errors.raise_if_any()
    return terms


# Admin corrections (BR-ADM-01) -----------------------------------------------------------------------


@dataclass(frozen=True)
class AdminAudit:
    """Why a DfE admin made a correction; stored on the resulting event."""

    note: str | None
    zendesk_ticket_id: int | None


def clean_admin_audit(*, note: str | None, zendesk_ticket: str | int | None) -> AdminAudit:
    """BR-ADM-01: a note or a 6-digit Zendesk ticket (a leading `#` is ignored)."""
    note = (note or "").strip() or None
    ticket = str(zendesk_ticket).strip() if zendesk_ticket is not None else ""
    ticket = ticket.removeprefix("#").strip()
    if not note and not ticket:
        raise DomainError(BASE, messages.NOTE_OR_TICKET_REQUIRED)
    if ticket and not TICKET_PATTERN.match(ticket):
        raise DomainError("zendesk_ticket_id", messages.TICKET_MUST_BE_SIX_DIGITS)
    return AdminAudit(note=note, zendesk_ticket_id=int(ticket) if ticket else None)
