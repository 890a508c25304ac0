"""Induction summaries and who an ECT's appropriate body is (domain.md §6.6, §6.8).

Reads only. Anything that depends on the day takes `on` (defaulting to today).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum

from appropriate_bodies.models import AppropriateBodyPeriod
from core import clock
from teachers.models import ECTAtSchoolPeriod, InductionExtension, InductionPeriod, Teacher

DEFAULT_INDUCTION_TERMS = Decimal(6)


def _terms(value: float | Decimal | None) -> Decimal:
    """Terms are recorded to one decimal place; sum them without float drift."""
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def format_terms(value: Decimal | float) -> str:
    """`2.5`, `6` (no trailing `.0`)."""
    number = _terms(value)
    return str(int(number)) if number == number.to_integral_value() else str(number)


# §6.6 Induction summaries ----------------------------------------------------------------------------


def ongoing_induction_period(*, teacher: Teacher) -> InductionPeriod | None:
    """At most one, because a teacher's induction periods never overlap."""
    return InductionPeriod.objects.filter(teacher=teacher).ongoing().select_related("appropriate_body_period").first()


def finished_induction_period(*, teacher: Teacher) -> InductionPeriod | None:
    """The latest finished period with an outcome."""
    return (
        InductionPeriod.objects.filter(teacher=teacher, outcome__isnull=False)
        .finished()
        .order_by("-finished_on", "-pk")
        .first()
    )


def induction_completed_on(*, teacher: Teacher) -> dt.date | None:
    """The induction end date: the outcome period's end, else TRS's completed date (API)."""
    finished = finished_induction_period(teacher=teacher)
    return finished.finished_on if finished else teacher.trs_induction_completed_date


def has_completed_induction(*, teacher: Teacher) -> bool:
    return induction_completed_on(teacher=teacher) is not None


def induction_start_date(*, teacher: Teacher) -> dt.date | None:
    """The earliest induction period's start, else TRS's start date."""
    first = InductionPeriod.objects.filter(teacher=teacher).earliest_first().first()
    return first.started_on if first else teacher.trs_induction_start_date


def total_extension_terms(*, teacher: Teacher) -> Decimal:
    return _terms(InductionExtension.objects.filter(teacher=teacher).aggregate(total=Sum("number_of_terms"))["total"])


def terms_completed(*, teacher: Teacher) -> str:
    """`<terms served> of <6 + extensions>`, e.g. `3 of 8.5` (BR-EXT-03)."""
    served = sum(
        (_terms(t) for t in InductionPeriod.objects.filter(teacher=teacher).values_list("number_of_terms", flat=True)),
        Decimal(0),
    )
    required = DEFAULT_INDUCTION_TERMS + total_extension_terms(teacher=teacher)
    return f"{format_terms(served)} of {format_terms(required)}"


def extension_summary(*, teacher: Teacher) -> str:
    """`None`, or the total: `1 term`, `2.5 terms`."""
    total = total_extension_terms(teacher=teacher)
    if total == 0:
        return "None"
    return f"{format_terms(total)} term" if total == 1 else f"{format_terms(total)} terms"


@dataclass(frozen=True)
class StatusTag:
    label: str
    colour: str


STATUS_TAGS = {
    "RequiredToComplete": StatusTag("Required to complete", "yellow"),
    "Exempt": StatusTag("Exempt", "green"),
    "Failed": StatusTag("Failed", "red"),
    "Passed": StatusTag("Passed", "green"),
    "FailedInWales": StatusTag("Failed in Wales", "red"),
    "None": StatusTag("None", "grey"),
}
IN_PROGRESS = StatusTag("In progress", "blue")
PAUSED = StatusTag("Induction paused", "magenta")
UNKNOWN = StatusTag("Unknown", "grey")


def induction_status_tag(*, teacher: Teacher, has_ongoing_period: bool | None = None) -> StatusTag:
    """The induction status shown to users, from the TRS status and whether a period is open (§6.6)."""
    status = teacher.trs_induction_status
    if status == "InProgress":
        if has_ongoing_period is None:
            has_ongoing_period = InductionPeriod.objects.filter(teacher=teacher).ongoing().exists()
        return IN_PROGRESS if has_ongoing_period else PAUSED
    return STATUS_TAGS.get(status or "", UNKNOWN)


# §6.8 Appropriate body of an ECT at a school --------------------------------------------------------


@dataclass(frozen=True)
class ReportedAppropriateBody:
    appropriate_body: AppropriateBodyPeriod | None
    kind: str  # "confirmed", "provisional" or "not_reported"

    @property
    def label(self) -> str:
        return self.appropriate_body.name if self.appropriate_body else "Not reported"


def appropriate_body_for_ect(*, ect_at_school_period: ECTAtSchoolPeriod) -> ReportedAppropriateBody:
    """Confirmed: the AB of the ongoing induction period that started within this school period; else the
    AB the school reported (provisional); else not reported."""
    ongoing = ongoing_induction_period(teacher=ect_at_school_period.teacher)
    if ongoing is not None and ect_at_school_period.contains(ongoing.started_on):
        return ReportedAppropriateBody(ongoing.appropriate_body_period, "confirmed")
    reported = ect_at_school_period.school_reported_appropriate_body
    if reported is not None:
        return ReportedAppropriateBody(reported, "provisional")
    return ReportedAppropriateBody(None, "not_reported")


def _ongoing_induction_with(appropriate_body: AppropriateBodyPeriod | None = None, *, other_than=None) -> Exists:
    periods = InductionPeriod.objects.filter(teacher_id=OuterRef("teacher_id"), finished_on__isnull=True)
    if appropriate_body is not None:
        periods = periods.filter(appropriate_body_period=appropriate_body)
    if other_than is not None:
        periods = periods.exclude(appropriate_body_period=other_than)
    return Exists(periods)


def unclaimed_ect_at_school_periods(
    *, appropriate_body: AppropriateBodyPeriod, on: dt.date | None = None
) -> QuerySet[ECTAtSchoolPeriod]:
    """Current-or-future ECT periods naming this AB whose teacher has no ongoing induction with it."""
    on = on or clock.today()
    return (
        ECTAtSchoolPeriod.objects.filter(school_reported_appropriate_body=appropriate_body)
        .exclude(finished_on__lt=on)
        .exclude(_ongoing_induction_with(appropriate_body))
        .select_related("teacher", "school__gias_school")
        .order_by("teacher__trs_last_name", "teacher__trs_first_name", "pk")
    )


def claimed_ect_at_school_periods(*, appropriate_body: AppropriateBodyPeriod) -> QuerySet[ECTAtSchoolPeriod]:
    """ECT periods naming this AB whose teacher has an ongoing induction with it."""
    return (
        ECTAtSchoolPeriod.objects.filter(school_reported_appropriate_body=appropriate_body)
        .filter(_ongoing_induction_with(appropriate_body))
        .select_related("teacher", "school__gias_school")
        .order_by("teacher__trs_last_name", "teacher__trs_first_name", "pk")
    )


def claimable_ect_at_school_periods(
    *, appropriate_body: AppropriateBodyPeriod, on: dt.date | None = None
) -> QuerySet[ECTAtSchoolPeriod]:
    """From the unclaimed list: the teacher has QTS and no ongoing induction with a different AB."""
    return (
        unclaimed_ect_at_school_periods(appropriate_body=appropriate_body, on=on)
        .filter(teacher__trs_qts_awarded_on__isnull=False)
        .exclude(_ongoing_induction_with(other_than=appropriate_body))
    )


def is_claimable(*, ect_at_school_period: ECTAtSchoolPeriod, appropriate_body: AppropriateBodyPeriod) -> bool:
    teacher = ect_at_school_period.teacher
    if teacher.trs_qts_awarded_on is None:
        return False
    return ongoing_induction_period(teacher=teacher) is None  # with another AB: not yet; with this one: claimed
