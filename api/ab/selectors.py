"""Read queries for the appropriate body API, always scoped to the calling body."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Greatest

from appropriate_bodies.models import AppropriateBodyPeriod
from appropriate_body_portal import selectors as portal
from teachers.models import InductionExtension, InductionPeriod, Teacher


def claimed_teachers(appropriate_body: AppropriateBodyPeriod) -> QuerySet[Teacher]:
    """ECTs who have or had an induction period with this body, with those periods and their extensions.

    Each teacher carries `changed_at`: the latest change to their record, to an induction period with this body or
    to one of their extensions. Closing a period (a release) or adding an extension leaves the teacher row alone,
    so without this a body polling with `updated_since` would miss its own releases and extensions.
    """
    here = InductionPeriod.objects.filter(appropriate_body_period=appropriate_body)
    latest_period_change = here.filter(teacher_id=OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
    latest_extension_change = (
        InductionExtension.objects.filter(teacher_id=OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
    )
    return (
        Teacher.objects.filter(Exists(here.filter(teacher_id=OuterRef("pk"))))
        .annotate(
            # PostgreSQL's GREATEST ignores nulls, so a teacher without extensions still gets a value.
            changed_at=Greatest("updated_at", Subquery(latest_period_change), Subquery(latest_extension_change)),
        )
        .prefetch_related(
            Prefetch("induction_periods", queryset=here.order_by("started_on", "pk"), to_attr="periods_here"),
            "induction_extensions",
        )
        .order_by("created_at", "pk")
    )


def claimed_teachers_since(appropriate_body: AppropriateBodyPeriod, since: dt.datetime | None) -> QuerySet[Teacher]:
    teachers = claimed_teachers(appropriate_body)
    return teachers if since is None else teachers.filter(changed_at__gte=since)


def claimed_teacher(appropriate_body: AppropriateBodyPeriod, trn: str) -> Teacher | None:
    return claimed_teachers(appropriate_body).filter(trn=trn).first()


def claimable_teachers(appropriate_body: AppropriateBodyPeriod, since: dt.datetime | None = None) -> QuerySet[Teacher]:
    """The AB pages' "check data from schools" list: schools named this body, and it has not claimed them.

    Each teacher carries `changed_at`, the later of their own record's change and the latest change to a school's
    report naming this body, so that a body polling with `updated_since` sees a newly registered ECT (a new school
    period) as well as a change to the teacher. Oldest record first, like the claimed list, so pages are stable.
    """
    reports = portal.claimable(appropriate_body).filter(teacher_id=OuterRef("pk"))
    latest = reports.order_by("-started_on", "-pk")
    teachers = (
        Teacher.objects.filter(Exists(reports))
        .annotate(
            report_changed_at=Subquery(reports.order_by("-updated_at").values("updated_at")[:1]),
            changed_at=Greatest("updated_at", "report_changed_at"),
            school_urn=Subquery(latest.values("school__gias_school_id")[:1]),
            school_name=Subquery(latest.values("school__gias_school__name")[:1]),
            school_start_date=Subquery(latest.values("started_on")[:1]),
            induction_tutor_email=Subquery(latest.values("school__induction_tutor_email")[:1]),
        )
        .order_by("created_at", "pk")
    )
    return teachers if since is None else teachers.filter(changed_at__gte=since)
