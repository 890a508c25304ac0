"""Reads for the school users' ECT pages (journeys.md §4.4, §4.5): who is listed, in which order, and what each
card or details row says. Status tags come from `schools.selectors.ect_status_tag` (§6.9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from core import clock
from events.models import Event
from schools.models import School, TrainingProgramme
from schools.selectors import StatusTag, ect_status_tag, training_status
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, MentorshipPeriod, TrainingPeriod, TRSInductionStatus

GO_LIVE = dt.date(2026, 4, 28)
FINISHED_INDUCTION = (TRSInductionStatus.PASSED, TRSInductionStatus.FAILED, TRSInductionStatus.FAILED_IN_WALES)
PAGE_SIZE = 20


def _mentor_now(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(finished_on__isnull=True) | Q(finished_on__gt=day))


def school_ects(school: School, *, query: str = "", on: dt.date | None = None) -> QuerySet[ECTAtSchoolPeriod]:
    """§4.4: current or next ECT periods at the school, without finished inductions; unmentored first, then the
    latest school start first. `query` matches a name or TRN."""
    day = on or clock.today()
    has_mentor = MentorshipPeriod.objects.filter(ect_at_school_period=OuterRef("pk")).filter(_mentor_now(day))
    periods = (
        ECTAtSchoolPeriod.objects.filter(school=school)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=day))
        .exclude(teacher__trs_induction_status__in=FINISHED_INDUCTION)
        .select_related("teacher", "school__gias_school", "school_reported_appropriate_body")
        .annotate(has_mentor=Exists(has_mentor))
    )
    words = query.split()
    for word in words:
        digits = "".join(ch for ch in word if ch.isdigit())
        match = (
            Q(teacher__trs_first_name__icontains=word)
            | Q(teacher__trs_last_name__icontains=word)
            | Q(teacher__corrected_name__icontains=word)
        )
        if digits and len(digits) == len(word):
            match |= Q(teacher__trn__contains=digits)
        periods = periods.filter(match)
    return periods.order_by("has_mentor", "-started_on", "pk")


@dataclass(frozen=True)
class ECTSummary:
    """What the card (§4.4) and the details page (§4.5) show about one ECT at the school."""

    period: ECTAtSchoolPeriod
    name: str
    trn: str | None
    tag: StatusTag
    training_period: TrainingPeriod | None
    training_status: str | None
    provider_led: bool
    show_start_date: bool
    appropriate_body: str
    appropriate_body_claimed: bool
    lead_provider: str
    lead_provider_confirmed: bool
    delivery_partner: str
    mentor: str | None
    later_mentors: list[str]
    induction_start_date: dt.date | None
    training_reported_by_school: bool = False


def _mentors(period: ECTAtSchoolPeriod, day: dt.date) -> tuple[str | None, list[str]]:
    rows = (
        MentorshipPeriod.objects.filter(ect_at_school_period=period)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gt=day))
        .select_related("mentor_at_school_period__teacher")
        .order_by("started_on", "pk")
    )
    current, later = None, []
    for row in rows:
        name = row.mentor_at_school_period.teacher.full_name
        if row.started_on <= day and current is None:
            current = name
        else:
            later.append(f"{name} (from {row.started_on.day} {row.started_on:%B %Y})")
    return current, later


def ect_summary(period: ECTAtSchoolPeriod, *, on: dt.date | None = None) -> ECTSummary:
    day = on or clock.today()
    teacher = period.teacher
    training = TrainingPeriod.objects.filter(ect_at_school_period=period).latest_first().first()
    status = training_status(training) if training is not None else None
    provider_led = training is not None and training.training_programme == TrainingProgramme.PROVIDER_LED
    claimed = (
        InductionPeriod.objects.filter(teacher=teacher, finished_on__isnull=True, started_on__gte=period.started_on)
        .select_related("appropriate_body_period")
        .first()
    )
    reported = period.school_reported_appropriate_body
    body = claimed.appropriate_body_period.name if claimed else (reported.name if reported else "Not reported")
    lead_provider, confirmed, delivery_partner = "Not available", False, "Yet to be reported by the lead provider"
    if training is not None and training.school_partnership_id:
        partnership = training.school_partnership.lead_provider_delivery_partnership
        lead_provider = partnership.active_lead_provider.lead_provider.name
        delivery_partner = partnership.delivery_partner.name
        confirmed = True
    elif training is not None and training.expression_of_interest_id:
        lead_provider = training.expression_of_interest.lead_provider.name
        delivery_partner = "Your lead provider will confirm this"
    mentor, later = _mentors(period, day)
    migrated = getattr(teacher, "migration_mode", None) not in (None, "", "not_migrated")
    first_induction = InductionPeriod.objects.filter(teacher=teacher).order_by("started_on").first()
    return ECTSummary(
        period=period,
        name=teacher.full_name,
        trn=teacher.trn,
        tag=ect_status_tag(period, listing=True, on=day),
        training_period=training,
        training_status=status,
        provider_led=provider_led,
        show_start_date=period.created_at.date() >= GO_LIVE or not migrated,
        appropriate_body=body,
        appropriate_body_claimed=claimed is not None,
        lead_provider=lead_provider,
        lead_provider_confirmed=confirmed,
        delivery_partner=delivery_partner,
        mentor=mentor,
        later_mentors=later,
        induction_start_date=first_induction.started_on if first_induction else None,
        training_reported_by_school=training_change_reported_by_school(training),
    )


def has_open_induction(period: ECTAtSchoolPeriod) -> bool:
    return InductionPeriod.objects.filter(teacher=period.teacher, finished_on__isnull=True).exists()


def training_change_reported_by_school(training: TrainingPeriod | None) -> bool:
    """The period's pause or stop was the school's report, not the lead provider's (docs/school-reported-training-
    changes.md): the pages then say "you told us" rather than "the lead provider told us". Only the latest report
    of the period's current state counts, so a pause the school reported and a stop the lead provider then sent
    reads as the lead provider's stop. A DfE user can only pause or stop training while acting as the school (the
    lead provider API is the only other way in), so their report is the school's too."""
    if training is None:
        return False
    if training.withdrawn_at is not None:
        event_type = "teacher_withdraws_training_period"
    elif training.deferred_at is not None:
        event_type = "teacher_defers_training_period"
    else:
        return False
    latest = (
        Event.objects.filter(training_period=training, event_type=event_type)
        .order_by("-happened_at", "-pk")
        .values_list("author_type", flat=True)
        .first()
    )
    return latest in ("school_user", "dfe_staff_user")
