"""Reads about who a teacher is: display name, TRS sync queue, admin role label (BR-T-11, BR-T-16, §6.9)."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from schools.models import School
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, MentorAtSchoolPeriod, Teacher, TRSResponse

TRS_SYNC_BATCH_SIZE = 50


def display_name(teacher: Teacher) -> str:
    """BR-T-11: corrected name, else the TRS name without blank or "." parts, else Unknown."""
    return teacher.full_name


def teachers_due_for_trs_sync(limit: int = TRS_SYNC_BATCH_SIZE) -> QuerySet[Teacher]:
    """BR-T-16: teachers with a TRN whose last TRS answer was ok (or never asked), least recently
    refreshed first; not-found, deactivated and merged records are left alone."""
    return (
        Teacher.objects.filter(trn__isnull=False)
        .filter(Q(trs_response__isnull=True) | Q(trs_response=TRSResponse.OK))
        .order_by(F("trs_data_last_refreshed_at").asc(nulls_first=True), "pk")[:limit]
    )


def teacher_role_label(teacher: Teacher, *, school: School | None = None) -> str:
    """§6.9 admin label: `ECT`/`ECT (Inactive)` and `Mentor`/`Mentor (Inactive)`, joined with ` & `; a
    teacher with no school periods but induction periods is `ECT (Inactive)`. Optionally for one school."""
    ect_periods = ECTAtSchoolPeriod.objects.filter(teacher=teacher)
    mentor_periods = MentorAtSchoolPeriod.objects.filter(teacher=teacher)
    if school is not None:
        ect_periods, mentor_periods = ect_periods.filter(school=school), mentor_periods.filter(school=school)
    labels = []
    if ect_periods.ongoing().exists():
        labels.append("ECT")
    elif ect_periods.exists():
        labels.append("ECT (Inactive)")
    if mentor_periods.ongoing().exists():
        labels.append("Mentor")
    elif mentor_periods.exists():
        labels.append("Mentor (Inactive)")
    if not labels and school is None and InductionPeriod.objects.filter(teacher=teacher).exists():
        labels.append("ECT (Inactive)")
    return " & ".join(labels)
