"""Checks on the answers to the mentor registration journey (domain.md §7.2.1; BR-M-01 … 05, BR-M-22).

Each takes plain values (and, where the rule is about the mentor's other school, that period) and raises
DomainError with the spec's message; the journey's steps and `register_mentor` both call them. Only
`check_email_not_in_use` reads the database.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q

from core import clock
from core.dates import add_months, govuk_date
from core.errors import DomainError
from teachers.messages import mentoring as messages
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod

MAX_MONTHS_AHEAD = 4
EMAIL_MAX_LENGTH = 320
DOMAIN_MAX_LENGTH = 253
LOCAL_PART = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+$")
DOMAIN_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
TOP_LEVEL_DOMAIN = re.compile(r"^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")


# BR-M-01 ---------------------------------------------------------------------------------------------


def check_not_mentoring_themself(*, mentor_trn: str, ect_at_school_period: ECTAtSchoolPeriod | None) -> None:
    """BR-M-01: the TRN entered for the mentor is the ECT's own ("cannot mentor themself")."""
    if ect_at_school_period is not None and ect_at_school_period.teacher.trn == mentor_trn:
        raise DomainError("trn", messages.MENTEE_CANNOT_MENTOR_THEMSELF)


# BR-M-02 (BR-ECT-05 / BR-ECT-06 for mentors) ---------------------------------------------------------


def is_valid_email(email: str) -> bool:
    """BR-ECT-05's definition of a valid address."""
    if len(email) > EMAIL_MAX_LENGTH or email.count("@") != 1 or ".." in email:
        return False
    local, domain = email.split("@")
    if not LOCAL_PART.match(local) or len(domain) > DOMAIN_MAX_LENGTH:
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not all(DOMAIN_LABEL.match(label) for label in labels):
        return False
    return bool(TOP_LEVEL_DOMAIN.match(labels[-1]))


def validate_mentor_email(email: str | None) -> str:
    """BR-M-02 / BR-ECT-05: required and valid. Returns the trimmed address."""
    email = (email or "").strip()
    if not email:
        raise DomainError("email", messages.EMAIL_REQUIRED)
    if not is_valid_email(email):
        raise DomainError("email", messages.EMAIL_INVALID)
    return email


def check_email_not_in_use(*, email: str, trn: str | None) -> None:
    """BR-M-02 / BR-ECT-06: not the address of a different person's ongoing ECT or mentor period (any case)."""
    others = ~Q(teacher__trn=trn) if trn else Q()
    in_use = (
        ECTAtSchoolPeriod.objects.ongoing().filter(others, email__iexact=email).exists()
        or MentorAtSchoolPeriod.objects.ongoing().filter(others, email__iexact=email).exists()
    )
    if in_use:
        raise DomainError("email", messages.EMAIL_IN_USE)


# BR-M-03 ---------------------------------------------------------------------------------------------


def mentor_start_date_from_parts(day: str | int | None, month: str | int | None, year: str | int | None) -> dt.date:
    """BR-M-03: the start date, when asked, is required and must be a real date."""
    parts = [str(p).strip() if p is not None else "" for p in (day, month, year)]
    if not any(parts):
        raise DomainError("started_on", messages.MENTOR_START_DATE_REQUIRED)
    try:
        d, m, y = (int(p) for p in parts)
        if y < 1000:
            raise ValueError
        return dt.date(y, m, d)
    except ValueError:
        raise DomainError("started_on", messages.MENTOR_START_DATE_INVALID) from None


def validate_mentor_start_date(
    *, started_on: dt.date | None, teacher_name: str, period_elsewhere: MentorAtSchoolPeriod | None
) -> None:
    """BR-M-03 … BR-M-05. `period_elsewhere` is the mentor's most recent period at another school that is
    ongoing or finishes on or after the start date, if any."""
    if started_on is None:
        raise DomainError("started_on", messages.MENTOR_START_DATE_REQUIRED)
    if period_elsewhere is None:
        return
    school = period_elsewhere.school.name
    after_start = period_elsewhere.started_on + dt.timedelta(days=1)
    if started_on <= after_start:
        raise DomainError(
            "started_on",
            messages.MENTOR_START_DATE_TOO_SOON_AFTER_START.format(
                name=teacher_name,
                school=school,
                started_on=govuk_date(period_elsewhere.started_on),
                earliest=govuk_date(after_start),
            ),
        )
    training = latest_started_training(period_elsewhere)
    if training is not None:
        after_training = training.started_on + dt.timedelta(days=1)
        if started_on <= after_training:
            raise DomainError(
                "started_on",
                messages.MENTOR_START_DATE_TOO_SOON_AFTER_TRAINING.format(
                    name=teacher_name,
                    school=school,
                    started_on=govuk_date(training.started_on),
                    earliest=govuk_date(after_training),
                ),
            )
    if period_elsewhere.finished_on is None or period_elsewhere.finished_on >= clock.today():
        limit = add_months(clock.today(), MAX_MONTHS_AHEAD)
        if started_on > limit:
            raise DomainError(
                "started_on",
                messages.MENTOR_START_DATE_TOO_FAR_AHEAD.format(limit=govuk_date(limit + dt.timedelta(days=1))),
            )


def latest_started_training(period: MentorAtSchoolPeriod) -> TrainingPeriod | None:
    return period.training_periods.filter(started_on__lte=clock.today()).latest_first().first()


# BR-M-22 ---------------------------------------------------------------------------------------------


def validate_mentoring_at_your_school_only(answer: bool | None) -> bool:
    if answer is None:
        raise DomainError("mentoring_at_your_school_only", messages.MENTORING_AT_YOUR_SCHOOL_ONLY_REQUIRED)
    return answer


def validate_use_same_programme_choices(answer: bool | None) -> bool:
    if answer is None:
        raise DomainError("use_same_programme_choices", messages.USE_SAME_PROGRAMME_CHOICES_REQUIRED)
    return answer
