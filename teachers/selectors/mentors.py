"""Reads about mentors and mentorships (domain.md §5.12, §5.13, §6.9, §7.2.3). Nothing here writes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from core import clock
from teachers.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    TrainingRole,
    TRSInductionStatus,
)

INDUCTION_OVER = (TRSInductionStatus.PASSED, TRSInductionStatus.FAILED, TRSInductionStatus.EXEMPT)


def eligible_mentors_for_ect(
    *, ect_at_school_period: ECTAtSchoolPeriod, excluding_current_mentor: bool = False, on: dt.date | None = None
) -> QuerySet[MentorAtSchoolPeriod]:
    """§7.2.3: the school's ongoing mentor periods, minus the ECT's own (nobody mentors themself); when changing
    mentor, minus the current mentor too."""
    mentors = (
        MentorAtSchoolPeriod.objects.ongoing()
        .filter(school_id=ect_at_school_period.school_id)
        .exclude(teacher_id=ect_at_school_period.teacher_id)
    )
    if excluding_current_mentor:
        current = current_or_upcoming_mentorship(ect_at_school_period=ect_at_school_period, on=on)
        if current is not None:
            mentors = mentors.exclude(pk=current.mentor_at_school_period_id)
    return mentors.select_related("teacher").order_by("teacher__trs_last_name", "teacher__trs_first_name", "pk")


def current_or_upcoming_mentorships(
    *, ect_at_school_period: ECTAtSchoolPeriod, on: dt.date | None = None
) -> QuerySet[MentorshipPeriod]:
    """Mentorships of the ECT period that contain `on` (today) or start later, earliest first."""
    on = on or clock.today()
    return (
        MentorshipPeriod.objects.filter(ect_at_school_period=ect_at_school_period)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=on))
        .earliest_first()
    )


def current_or_upcoming_mentorship(
    *, ect_at_school_period: ECTAtSchoolPeriod, on: dt.date | None = None
) -> MentorshipPeriod | None:
    """The ECT's current mentorship, else the next one due to start (`current_or_next_mentorship_period`)."""
    return (
        current_or_upcoming_mentorships(ect_at_school_period=ect_at_school_period, on=on)
        .select_related("mentor_at_school_period__teacher")
        .first()
    )


def current_or_upcoming_mentor(
    *, ect_at_school_period: ECTAtSchoolPeriod, on: dt.date | None = None
) -> MentorAtSchoolPeriod | None:
    mentorship = current_or_upcoming_mentorship(ect_at_school_period=ect_at_school_period, on=on)
    return mentorship.mentor_at_school_period if mentorship else None


def is_leaving_reported_by(period: ECTAtSchoolPeriod, *, school_id: int, on: dt.date | None = None) -> bool:
    """ "Leaving school": this school reported the leaving and the last day is today or later (§6.9)."""
    on = on or clock.today()
    return (
        period.reported_leaving_by_school_id == school_id
        and period.finished_on is not None
        and period.finished_on >= on
    )


def is_mentor_required(*, ect_at_school_period: ECTAtSchoolPeriod, on: dt.date | None = None) -> bool:
    """§6.9 "Mentor required": not leaving (as reported by this school), TRS induction status not Passed,
    Failed or Exempt, and no current or upcoming mentor. A period that has already ended needs no mentor."""
    on = on or clock.today()
    period = ect_at_school_period
    if period.finished_on is not None and period.finished_on < on:
        return False
    if is_leaving_reported_by(period, school_id=period.school_id, on=on):
        return False
    if period.teacher.trs_induction_status in INDUCTION_OVER:
        return False
    return current_or_upcoming_mentorship(ect_at_school_period=period, on=on) is None


def ects_needing_mentor_at_school(*, school, on: dt.date | None = None) -> list[ECTAtSchoolPeriod]:
    """The school's current or upcoming ECTs for whom "A mentor needs to be assigned" (§6.9)."""
    on = on or clock.today()
    periods = (
        ECTAtSchoolPeriod.objects.filter(school=school)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=on))
        .select_related("teacher")
        .order_by("teacher__trs_last_name", "pk")
    )
    return [p for p in periods if is_mentor_required(ect_at_school_period=p, on=on)]


def current_or_future_mentees(
    *, mentor_at_school_period: MentorAtSchoolPeriod, on: dt.date | None = None
) -> QuerySet[ECTAtSchoolPeriod]:
    """§5.12: the ECT periods this mentor mentors now or will mentor, whose induction is not Passed/Failed."""
    on = on or clock.today()
    mentorships = MentorshipPeriod.objects.filter(mentor_at_school_period=mentor_at_school_period).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=on)
    )
    return (
        ECTAtSchoolPeriod.objects.filter(pk__in=mentorships.values("ect_at_school_period_id"))
        .exclude(teacher__trs_induction_status__in=(TRSInductionStatus.PASSED, TRSInductionStatus.FAILED))
        .select_related("teacher")
        .distinct()
    )


def mentees_needing_new_mentor(*, mentor_at_school_period: MentorAtSchoolPeriod) -> QuerySet[ECTAtSchoolPeriod]:
    """After a mentor's leaving date is reported (§7.2.6): the ECTs whose mentorship with them ends by then while
    the ECT stays on at the school."""
    last_day = mentor_at_school_period.finished_on
    ended = MentorshipPeriod.objects.filter(mentor_at_school_period=mentor_at_school_period)
    if last_day is not None:
        ended = ended.filter(finished_on=last_day)
    periods = ECTAtSchoolPeriod.objects.filter(pk__in=ended.values("ect_at_school_period_id"))
    if last_day is not None:
        periods = periods.filter(Q(finished_on__isnull=True) | Q(finished_on__gt=last_day))
    return periods.select_related("teacher")


def mentor_at_school_now(*, teacher, school) -> MentorAtSchoolPeriod | None:
    """The teacher's ongoing mentor period at this school (§7.2.1 "already active at school")."""
    return MentorAtSchoolPeriod.objects.ongoing().filter(teacher=teacher, school=school).first()


def mentor_periods_elsewhere(*, teacher, school, started_on: dt.date) -> QuerySet[MentorAtSchoolPeriod]:
    """§7.2.1 step 6: the teacher's mentor periods at other schools that are ongoing or finish on or after
    `started_on` ("currently a mentor at another school")."""
    return (
        MentorAtSchoolPeriod.objects.filter(teacher=teacher)
        .exclude(school=school)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=started_on))
        .select_related("school__gias_school")
        .latest_first()
    )


def has_mentor_training(teacher) -> bool:
    """Whether the teacher has ever had a mentor training period (BR-M-07)."""
    if teacher is None or teacher.pk is None:
        return False
    return TrainingPeriod.objects.filter(teacher=teacher, role=TrainingRole.MENTOR).exists()


def is_mentor_eligible_for_funding(teacher) -> bool:
    """§6.5: no teacher record yet, or no reason recorded for the mentor becoming ineligible."""
    return teacher is None or teacher.mentor_became_ineligible_for_funding_reason is None


def current_or_next_training_period(period, *, on: dt.date | None = None) -> TrainingPeriod | None:
    """The at-school period's training containing `on` (today), else the next one due to start."""
    on = on or clock.today()
    return (
        period.training_periods.filter(Q(finished_on__isnull=True) | Q(finished_on__gte=on))
        .select_related(
            "school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "expression_of_interest__lead_provider",
        )
        .earliest_first()
        .first()
    )


def training_lead_provider(training_period: TrainingPeriod | None):
    """The lead provider of a training period: its confirmed partnership's, else its expression of interest's."""
    if training_period is None:
        return None
    if training_period.school_partnership_id:
        return training_period.school_partnership.lead_provider
    if training_period.expression_of_interest_id:
        return training_period.expression_of_interest.lead_provider
    return None
