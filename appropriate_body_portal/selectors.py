"""Reads for the appropriate body pages (journeys.md §5.1–§5.3): which teachers an appropriate body sees, the
task lists built from what schools reported, and the rows of the teacher page. Every query is scoped to one
appropriate body, so a page that reads through here cannot show another body's ECTs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery

from appropriate_bodies.models import AppropriateBodyPeriod, InductionProgramme
from core import clock
from schools.models import School, TrainingProgramme
from teachers.models import ECTAtSchoolPeriod, InductionExtension, InductionPeriod, Teacher
from teachers.selectors.induction import (
    StatusTag,
    extension_summary,
    format_terms,
    induction_status_tag,
    unclaimed_ect_at_school_periods,
)

PAGE_SIZE = 50  # journeys.md §0: appropriate body lists are 50 a page
TRN_IN_QUERY = re.compile(r"(?<!\d)\d{7}(?!\d)")

OPEN = "open"
CLOSED = "closed"


# Search (journeys.md §0) -------------------------------------------------------------------------------


def search_teachers(teachers: QuerySet[Teacher], query: str, *, prefix: str = "") -> QuerySet[Teacher]:
    """A run of 7 digits anywhere in the query is a TRN lookup and wins over the words; otherwise every word
    must start one of the teacher's names. `prefix` reaches the teacher from another model (`teacher__`)."""
    query = (query or "").strip()
    if not query:
        return teachers
    trn = TRN_IN_QUERY.search(query)
    if trn:
        return teachers.filter(**{f"{prefix}trn": trn.group(0)})
    for word in query.split():
        match = Q()
        for field in ("trs_first_name", "trs_last_name", "corrected_name"):
            match |= Q(**{f"{prefix}{field}__istartswith": word})
        match |= Q(**{f"{prefix}corrected_name__icontains": f" {word}"})
        teachers = teachers.filter(match)
    return teachers


# §5.1 Home list ------------------------------------------------------------------------------------------


def _periods_here(appropriate_body: AppropriateBodyPeriod) -> QuerySet[InductionPeriod]:
    return InductionPeriod.objects.filter(teacher_id=OuterRef("pk"), appropriate_body_period=appropriate_body)


def inductions(appropriate_body: AppropriateBodyPeriod, tab: str, *, query: str = "") -> QuerySet[Teacher]:
    """Open: an unfinished induction period at this body. Closed: a period here carrying an outcome. A teacher
    this body released is in neither (journeys.md §11 #12). Ordered by name, with the first induction start."""
    here = _periods_here(appropriate_body)
    condition = here.filter(finished_on__isnull=True) if tab == OPEN else here.filter(outcome__isnull=False)
    teachers = (
        Teacher.objects.filter(Exists(condition))
        .annotate(
            induction_started_on=Min("induction_periods__started_on"),
            has_ongoing_period=Exists(InductionPeriod.objects.filter(teacher_id=OuterRef("pk")).ongoing()),
        )
        .order_by("trs_last_name", "trs_first_name", "pk")
    )
    return search_teachers(teachers, query)


def induction_counts(appropriate_body: AppropriateBodyPeriod, *, query: str = "") -> dict[str, int]:
    return {tab: inductions(appropriate_body, tab, query=query).count() for tab in (OPEN, CLOSED)}


def status_tag(teacher: Teacher) -> StatusTag:
    """The §5.1 tag, using the list's annotation when there is one."""
    return induction_status_tag(teacher=teacher, has_ongoing_period=getattr(teacher, "has_ongoing_period", None))


# §5.2 Check data from schools ----------------------------------------------------------------------------


def _ongoing_at(appropriate_body: AppropriateBodyPeriod | None = None, *, other_than=None) -> Exists:
    periods = InductionPeriod.objects.filter(teacher_id=OuterRef("teacher_id"), finished_on__isnull=True)
    if appropriate_body is not None:
        periods = periods.filter(appropriate_body_period=appropriate_body)
    if other_than is not None:
        periods = periods.exclude(appropriate_body_period=other_than)
    return Exists(periods)


def _school_rows(periods: QuerySet[ECTAtSchoolPeriod]) -> QuerySet[ECTAtSchoolPeriod]:
    return periods.select_related("teacher", "school__gias_school", "reported_leaving_by_school__gias_school")


def claimable(appropriate_body: AppropriateBodyPeriod, *, query: str = "") -> QuerySet[ECTAtSchoolPeriod]:
    """ "Check and claim ECT": current or future periods naming this body, no open induction here, QTS awarded,
    not claimed by another body."""
    periods = (
        unclaimed_ect_at_school_periods(appropriate_body=appropriate_body)
        .filter(teacher__trs_qts_awarded_on__isnull=False)
        .exclude(_ongoing_at(other_than=appropriate_body))
    )
    return _school_rows(search_teachers(periods, query, prefix="teacher__"))


def no_qts(appropriate_body: AppropriateBodyPeriod, *, query: str = "") -> QuerySet[ECTAtSchoolPeriod]:
    """ "No QTS": unclaimed periods naming this body whose teacher has no QTS award date."""
    periods = unclaimed_ect_at_school_periods(appropriate_body=appropriate_body).filter(
        teacher__trs_qts_awarded_on__isnull=True
    )
    return _school_rows(search_teachers(periods, query, prefix="teacher__"))


def claimed_by_another(appropriate_body: AppropriateBodyPeriod, *, query: str = "") -> QuerySet[ECTAtSchoolPeriod]:
    """ "Currently claimed by another AB": unclaimed periods naming this body, open induction at a different body.
    Each row carries `current_appropriate_body_name`."""
    other = (
        InductionPeriod.objects.filter(teacher_id=OuterRef("teacher_id"), finished_on__isnull=True)
        .exclude(appropriate_body_period=appropriate_body)
        .values("appropriate_body_period__name")[:1]
    )
    periods = (
        unclaimed_ect_at_school_periods(appropriate_body=appropriate_body)
        .filter(_ongoing_at(other_than=appropriate_body))
        .annotate(current_appropriate_body_name=Subquery(other))
    )
    return _school_rows(search_teachers(periods, query, prefix="teacher__"))


def leavers(appropriate_body: AppropriateBodyPeriod, *, query: str = "") -> QuerySet[ECTAtSchoolPeriod]:
    """ "Check and release ECT": teachers with an open induction here whose latest school period has an end date,
    with no other ongoing school period naming this body. One row per teacher (their latest school period)."""
    latest = ECTAtSchoolPeriod.objects.filter(teacher_id=OuterRef("teacher_id")).order_by("-started_on", "-pk")
    still_here = ECTAtSchoolPeriod.objects.filter(
        teacher_id=OuterRef("teacher_id"), finished_on__isnull=True, school_reported_appropriate_body=appropriate_body
    )
    periods = (
        ECTAtSchoolPeriod.objects.filter(pk=Subquery(latest.values("pk")[:1]), finished_on__isnull=False)
        .filter(_ongoing_at(appropriate_body))
        .exclude(Exists(still_here))
        .order_by("teacher__trs_last_name", "teacher__trs_first_name", "pk")
    )
    return _school_rows(search_teachers(periods, query, prefix="teacher__"))


def records_to_review(appropriate_body: AppropriateBodyPeriod) -> int:
    """The home page's "Review {n} ECT induction record(s)": ECTs reported to this body without an open
    induction here, plus the leavers (journeys.md §5.1 item 2)."""
    reported = unclaimed_ect_at_school_periods(appropriate_body=appropriate_body).values("teacher_id").distinct()
    return reported.count() + leavers(appropriate_body).count()


def academic_year_label(on: dt.date | None = None) -> str:
    """ "2025/2026": from June this year/next year, before June last year/this year (journeys.md §5.2)."""
    day = on or clock.today()
    start = day.year if day.month >= 6 else day.year - 1
    return f"{start}/{start + 1}"


def recorded_by(period: ECTAtSchoolPeriod) -> School:
    """The leavers table's "Recorded by": the school with the teacher's current open period, else the school
    that reported them leaving, else the school of this period."""
    current = (
        ECTAtSchoolPeriod.objects.filter(teacher_id=period.teacher_id, finished_on__isnull=True)
        .select_related("school__gias_school")
        .first()
    )
    if current is not None:
        return current.school
    return period.reported_leaving_by_school or period.school


# §5.3 Teacher page -----------------------------------------------------------------------------------------


def visible_teachers(appropriate_body: AppropriateBodyPeriod) -> QuerySet[Teacher]:
    """Teachers this body may open: current here (an open period) or completed here (a period with an outcome).
    Anyone else is a 404."""
    here = _periods_here(appropriate_body)
    return Teacher.objects.filter(Exists(here.filter(Q(finished_on__isnull=True) | Q(outcome__isnull=False))))


def ongoing_period_here(teacher: Teacher, appropriate_body: AppropriateBodyPeriod) -> InductionPeriod | None:
    return (
        InductionPeriod.objects.filter(teacher=teacher, appropriate_body_period=appropriate_body)
        .ongoing()
        .select_related("appropriate_body_period")
        .first()
    )


PROGRAMME_LABELS = {
    TrainingProgramme.PROVIDER_LED: "Provider-led",
    TrainingProgramme.SCHOOL_LED: "School-led",
}
LEGACY_PROGRAMME_LABELS = {
    InductionProgramme.FIP: "Full induction programme",
    InductionProgramme.CIP: "Core induction programme",
    InductionProgramme.DIY: "School-based induction programme",
    InductionProgramme.UNKNOWN: "Unknown",
    InductionProgramme.PRE_SEPTEMBER_2021: "Pre-September 2021",
}


def programme_label(period: InductionPeriod) -> str:
    """ "Provider-led" / "School-led", or the legacy label when only a legacy programme is known."""
    if period.training_programme:
        return PROGRAMME_LABELS.get(period.training_programme, period.training_programme)
    return LEGACY_PROGRAMME_LABELS.get(period.induction_programme, period.induction_programme or "")


@dataclass(frozen=True)
class PeriodCard:
    period: InductionPeriod
    appropriate_body_name: str
    programme: str
    number_of_terms: str | None


@dataclass(frozen=True)
class TeacherSummary:
    """What the teacher page (and the claim journey's check page) shows about a teacher's induction."""

    teacher: Teacher
    name: str
    start_date: dt.date | None
    tag: StatusTag
    extensions: str
    has_extensions: bool
    current: PeriodCard | None
    past: list[PeriodCard]

    @property
    def has_periods(self) -> bool:
        return self.current is not None or bool(self.past)


def _card(period: InductionPeriod) -> PeriodCard:
    terms = format_terms(period.number_of_terms) if period.number_of_terms is not None else None
    return PeriodCard(period, period.appropriate_body_period.name, programme_label(period), terms)


def teacher_summary(teacher: Teacher) -> TeacherSummary:
    periods = list(
        InductionPeriod.objects.filter(teacher=teacher).select_related("appropriate_body_period").latest_first()
    )
    current = next((p for p in periods if p.finished_on is None), None)
    return TeacherSummary(
        teacher=teacher,
        name=teacher.full_name,
        start_date=min((p.started_on for p in periods), default=None),
        tag=induction_status_tag(teacher=teacher, has_ongoing_period=current is not None),
        extensions=extension_summary(teacher=teacher),
        has_extensions=InductionExtension.objects.filter(teacher=teacher).exists(),
        current=_card(current) if current else None,
        past=[_card(p) for p in periods if p.finished_on is not None],
    )


def extensions_of(teacher: Teacher) -> list[InductionExtension]:
    return list(InductionExtension.objects.filter(teacher=teacher).order_by("created_at", "pk"))
