"""The rolling refresh of teachers from TRS (integrations.md §2.7–2.8, domain.md §7.3.7, §7.7.1).

Every minute `schedule_sync` picks the 50 syncable teachers refreshed longest ago (never-refreshed first) and
queues one job each on the `trs_sync` queue, a second apart; each job reads the teacher from TRS and copies names,
induction status and QTS/ITT through `teachers.services.identity.refresh_teacher_from_trs`, which writes an event
for every change. A teacher TRS no longer knows (404), deactivated (410) or merged (308) is flagged and left out
of later rounds; only `TRSUnavailable` is retried. Round-robin at this rate revisits up to 72,000 teachers a day.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F, Q

from events.authors import Author
from integrations.trs.client import (
    TeacherDeactivated,
    TeacherMerged,
    TeacherNotFound,
    TRSClient,
    get_trs_client,
    setting_flag,
    trs_uses_fake,
)
from teachers.models import Teacher, TRSResponse
from teachers.services.identity import TRSRecord, refresh_teacher_from_trs

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
STAGGER_SECONDS = 1


def sync_enabled() -> bool:
    """`ENABLE_TRS_TEACHER_REFRESH` (default on) — but never against the fake, which would overwrite seeded
    demo data with invented induction statuses, as the spec keeps it off in sandboxes (§2.7, §10)."""
    enabled = setting_flag("ENABLE_TRS_TEACHER_REFRESH")
    return (enabled is None or enabled) and not trs_uses_fake()


def teachers_due(limit: int = BATCH_SIZE):
    """Teachers with a TRN whose last answer was fine (or who were never asked), least recently refreshed first."""
    return (
        Teacher.objects.filter(trn__isnull=False, trnless=False)
        .filter(Q(trs_response__isnull=True) | Q(trs_response=TRSResponse.OK))
        .order_by(F("trs_data_last_refreshed_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[:limit]
    )


def schedule_sync(limit: int = BATCH_SIZE) -> int:
    """Queue a refresh job per due teacher, staggered a second apart; a teacher whose job is still waiting is
    not queued twice. Returns how many jobs were queued."""
    from procrastinate.exceptions import AlreadyEnqueued

    from integrations.tasks import sync_teacher_from_trs

    queued = 0
    for position, teacher_id in enumerate(teachers_due(limit)):
        try:
            with transaction.atomic():
                sync_teacher_from_trs.configure(
                    queueing_lock=f"trs-sync:{teacher_id}", schedule_in={"seconds": position * STAGGER_SECONDS}
                ).defer(teacher_id=teacher_id)
            queued += 1
        except AlreadyEnqueued:
            continue
    return queued


def sync_teacher(teacher_id: int, *, client: TRSClient | None = None) -> str:
    """Refresh one teacher from TRS; returns the TRS response recorded (`ok`, `not_found`, `gone`,
    `permanent_redirect`) or `skipped`. `TRSUnavailable` is raised for the job to retry."""
    teacher = Teacher.objects.filter(pk=teacher_id).first()
    if teacher is None or not teacher.trn:
        return "skipped"
    client = client or get_trs_client()
    try:
        record = client.find_teacher(trn=teacher.trn)
    except TeacherNotFound:
        record = TRSRecord(response=TRSResponse.NOT_FOUND, trn=teacher.trn)
    except TeacherDeactivated:
        record = TRSRecord(response=TRSResponse.GONE, trn=teacher.trn)
    except TeacherMerged as merged:
        record = TRSRecord(response=TRSResponse.PERMANENT_REDIRECT, trn=teacher.trn, redirected_to=merged.redirected_to)
    refresh_teacher_from_trs(author=Author.system(), teacher=teacher, trs_record=record)
    return record.response
