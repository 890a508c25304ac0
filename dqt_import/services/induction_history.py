"""Writing one teacher's imported induction history (migration.md §20)."""

from __future__ import annotations

from appropriate_bodies.models import InductionOutcome
from core.errors import BASE, DomainError
from core.services import service
from events.authors import Author
from events.record import induction as record
from events.recorder import events_saved_together
from integrations.trs.client import TRSTeacher
from teachers.models import InductionPeriod, Teacher
from teachers.services.identity import touch_teacher_api_timestamps
from teachers.services.induction import import_ect_from_trs

TEACHER_ALREADY_HAS_PERIODS = "The teacher has had induction periods added since the import began"


@service
def import_induction_history(
    *, author: Author, teacher: Teacher | None, trs_teacher: TRSTeacher, periods: list[InductionPeriod]
) -> Teacher:
    """Give a teacher the induction periods DQT holds for them, in one transaction.

    A new teacher is created as an admin's "import an ECT from TRS" creates one (`import_ect_from_trs`, event
    `teacher_imported_from_trs`), from the export's TRS details. The periods are written directly rather than
    through `create_induction_period`, `release_ect` or `record_pass`: those tell TRS, close school records and
    email the Teaching Regulation Agency, none of which an import of history may do (§18.7). They were checked
    with the same rules (`validate_induction_period`) when planned, and get the same events, authored by the
    system and dated by the period's own dates: claimed, then released, passed or failed once it has an end.
    Funding eligibility (§6.5) is left alone: it is set from today's periods, which an import of history is not.
    """
    with events_saved_together():  # the teacher's events in one statement, once everything else is written
        if teacher is None:
            teacher = import_ect_from_trs(author=author, trs_teacher=trs_teacher)
        else:
            teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
            if InductionPeriod.objects.filter(teacher=teacher).exists():  # §20: only teachers without periods
                raise DomainError(BASE, TEACHER_ALREADY_HAS_PERIODS)
        written = []
        for period in sorted(periods, key=lambda p: p.started_on):
            period.teacher = teacher
            period.save(force_insert=True)
            written.append(period)
        # domain.md §3.3: the participant's induction dates in the lead provider API come from these periods
        touch_teacher_api_timestamps(teacher)
        for period in written:
            record.induction_period_opened(author=author, period=period)
            if period.outcome == InductionOutcome.PASS:
                record.teacher_passes_induction(author=author, period=period)
            elif period.outcome == InductionOutcome.FAIL:
                record.teacher_fails_induction(author=author, period=period)
            elif period.finished_on is not None:
                record.induction_period_closed(author=author, period=period)
    return teacher
