"""Representative reads, written the way a page or the lead provider API would load them. Until the API's own
participant selector exists these are the benchmark's versions; swap in the real selectors as they land."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core import clock
from events.models import Event
from providers.models import LeadProvider
from schools.models import School
from teachers.models import ECTAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod


def lead_provider_training(lead_provider: LeadProvider) -> QuerySet[TrainingPeriod]:
    """Training periods a lead provider can see: confirmed with it, or an expression of interest in it."""
    return TrainingPeriod.objects.filter(
        Q(school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider)
        | Q(expression_of_interest__lead_provider=lead_provider)
    )


def participants_page(lead_provider: LeadProvider, *, page: int, per_page: int) -> int:
    """GET /api/v3/participants: the provider's participants by creation time, one page, with what each
    participant shows (enrolments, schedule, school, delivery partner)."""
    training = lead_provider_training(lead_provider)
    teachers = (
        Teacher.objects.filter(Exists(training.filter(teacher_id=OuterRef("pk"))))
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch(
                "training_periods",
                queryset=training.select_related(
                    "schedule",
                    "expression_of_interest",
                    "school_partnership__lead_provider_delivery_partnership__delivery_partner",
                    "ect_at_school_period__school",
                    "mentor_at_school_period__school",
                ).order_by("started_on", "pk"),
                to_attr="visible_training",
            )
        )[(page - 1) * per_page : page * per_page]
    )
    shown = []
    for teacher in teachers:
        for period in teacher.visible_training:
            at_school = period.ect_at_school_period or period.mentor_at_school_period
            partnership = period.school_partnership
            shown.append(
                (
                    teacher.full_name,
                    teacher.trn,
                    period.role,
                    period.schedule.identifier,
                    at_school.school.gias_school_id,
                    partnership.lead_provider_delivery_partnership.delivery_partner.name if partnership else None,
                )
            )
    return len(shown)


def school_ects(school: School) -> int:
    """The school's ECT list: current and upcoming ECTs with their current training and mentor."""
    today = clock.today()
    periods = (
        ECTAtSchoolPeriod.objects.filter(school=school)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .select_related("teacher", "school_reported_appropriate_body")
        .prefetch_related(
            Prefetch("training_periods", queryset=TrainingPeriod.objects.order_by("-started_on")),
            Prefetch(
                "mentorship_periods",
                queryset=MentorshipPeriod.objects.select_related("mentor_at_school_period__teacher").order_by(
                    "-started_on"
                ),
            ),
        )
        .order_by("teacher__trs_last_name", "pk")
    )
    shown = [
        (
            p.teacher.full_name,
            p.school_reported_appropriate_body.name if p.school_reported_appropriate_body else None,
            [t.training_programme for t in p.training_periods.all()][:1],
            [m.mentor_at_school_period.teacher.full_name for m in p.mentorship_periods.all()][:1],
        )
        for p in periods
    ]
    return len(shown)


def teacher_timeline(teacher: Teacher) -> int:
    """A teacher's timeline page, newest first."""
    return len(list(Event.objects.filter(teacher=teacher).order_by("-happened_at", "-pk")[:100]))


@dataclass
class Subjects:
    lead_provider: LeadProvider
    participant_pages: int
    school: School
    teacher: Teacher


def pick_subjects(*, per_page: int) -> Subjects | None:
    """The busiest lead provider, school and teacher, so every benchmark reads a full page."""
    busiest_provider = (
        LeadProvider.objects.annotate(
            n=Count("active_lead_providers__delivery_partnerships__school_partnerships__training_periods")
        )
        .order_by("-n", "pk")
        .first()
    )
    school = School.objects.annotate(n=Count("ect_at_school_periods")).order_by("-n", "pk").first()
    teacher = Teacher.objects.annotate(n=Count("events")).order_by("-n", "pk").first()
    if busiest_provider is None or school is None or teacher is None:
        return None
    participants = Teacher.objects.filter(
        Exists(lead_provider_training(busiest_provider).filter(teacher_id=OuterRef("pk")))
    ).count()
    return Subjects(busiest_provider, max(1, -(-participants // per_page)), school, teacher)
