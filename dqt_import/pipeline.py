"""The DQT induction import from files to database: read, plan every teacher, write each teacher all or nothing,
and count what the database then holds (migration.md §20, §18).

Teachers are committed in batches, each teacher inside a savepoint of its own (migration.md §5.2's batches with a
per-teacher fallback): a teacher the database refuses leaves nothing behind and the rest of the batch is kept.
A dry run does the same inside one transaction that is rolled back at the end, so its report is the one a real
run would write. Rerunning the same files changes nothing: every teacher then already has exactly the periods
planned for them, which `plan_teacher` reports as `unchanged`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from core import clock
from core.errors import DomainError
from dqt_import.plan import (
    FATES,
    IMPORTED,
    REJECTED,
    UNCHANGED,
    AppropriateBodies,
    RowFate,
    TeacherPlan,
    plan_teacher,
)
from dqt_import.services.induction_history import import_induction_history
from dqt_import.source import PeriodRow, TeacherRow, read_periods, read_teachers
from events.authors import Author
from events.models import Event
from events.types import EventType
from integrations.trs.client import TRSTeacher
from teachers.models import InductionPeriod, Teacher

CHUNK = 2000
# Teachers written per commit. Each is a savepoint of its own, so a refused teacher still leaves nothing behind
# while the others in the batch are kept; committing once per teacher cost more than the teacher's own writes.
BATCH_SIZE = 200


@dataclass
class ImportResult:
    fates: list[RowFate]  # every input row: teachers.csv's, then induction_periods.csv's, each in file order
    notes: list[str]
    manifest: dict
    # Read back from the database before commit (or rollback): periods now held per DQT appropriate body id for the
    # teachers this run imported or found unchanged, and the events this run wrote by type.
    periods_in_database: Counter = field(default_factory=Counter)
    events_written: Counter = field(default_factory=Counter)

    def count(self, file: str, fate: str) -> int:
        return sum(1 for f in self.fates if f.file == file and f.fate == fate)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_import(
    *,
    teachers_path: Path,
    periods_path: Path,
    stage: str | None = None,
    dry_run: bool = False,
    trns: frozenset[str] | None = None,
    author: Author | None = None,
) -> ImportResult:
    """`trns` limits the run to those teachers (a partial rerun, §18.7); every other row is reported `excluded`."""
    author = author or Author.system()
    started_at = clock.now()
    teacher_rows = read_teachers(teachers_path)
    period_rows = read_periods(periods_path)
    bodies = AppropriateBodies()
    plans, duplicates = _plans(teacher_rows, period_rows, bodies=bodies, stage=stage, selected=trns)

    to_write = [plan for plan in plans if plan.periods_to_import]
    with transaction.atomic() if dry_run else nullcontext():
        written: list[int] = []
        created: list[int] = []
        for start in range(0, len(to_write), BATCH_SIZE):
            with transaction.atomic():  # one commit per batch; each teacher is a savepoint of its own inside it
                for plan in to_write[start : start + BATCH_SIZE]:
                    _write_teacher(plan, author=author, written=written, created=created)
        result = ImportResult(
            fates=_in_file_order(plans, duplicates),
            notes=[f"TRN {plan.trn}: {note}" for plan in plans for note in plan.notes],
            manifest={},
            periods_in_database=_periods_in_database(plans, bodies),
            events_written=_events_written(written, created),
        )
        if dry_run:
            transaction.set_rollback(True)

    result.manifest = {
        "run_id": str(uuid.uuid4()),
        "started_at": started_at.isoformat(),
        "finished_at": clock.now().isoformat(),
        "mode": "dry run" if dry_run else "import",
        "stage": stage or "both",
        "teachers_selected": sorted(trns) if trns is not None else "all",
        "inputs": {
            "teachers": {"path": str(teachers_path), "sha256": _sha256(teachers_path), "rows": len(teacher_rows)},
            "induction_periods": {"path": str(periods_path), "sha256": _sha256(periods_path), "rows": len(period_rows)},
        },
        "fates": {
            file: {fate: result.count(file, fate) for fate in FATES} for file in ("teachers", "induction_periods")
        },
    }
    return result


def _write_teacher(plan: TeacherPlan, *, author: Author, written: list[int], created: list[int]) -> None:
    """Everything of one teacher's, or (the database refusing any of it) nothing, reported `import_failed`."""
    periods = plan.periods_to_import
    try:
        teacher = import_induction_history(
            author=author,
            teacher=None if plan.is_new_teacher else plan.teacher,
            trs_teacher=_trs_teacher(plan.row),
            periods=periods,
        )
    except (DomainError, DatabaseError) as exc:
        for period in periods:
            period.pk = None
        message = "; ".join(e.message for e in exc.errors) if isinstance(exc, DomainError) else str(exc)
        plan.refuse_all(REJECTED, "import_failed", message.strip())
        return
    plan.teacher = teacher
    written.extend(p.pk for p in periods)
    if plan.is_new_teacher:
        created.append(teacher.pk)


def _plans(
    teacher_rows: list[TeacherRow],
    period_rows: list[PeriodRow],
    *,
    bodies: AppropriateBodies,
    stage: str | None,
    selected: frozenset[str] | None,
) -> tuple[list[TeacherPlan], list[RowFate]]:
    """One plan per TRN (sorted, so every run takes teachers in the same order); a TRN's second and later rows in
    teachers.csv are rejected as duplicates."""
    teacher_by_trn: dict[str, TeacherRow] = {}
    duplicates = []
    for row in teacher_rows:
        if row.trn in teacher_by_trn:
            fate = RowFate(file="teachers", line=row.line, trn=row.trn, fate=IMPORTED)
            fate.refuse(REJECTED, "duplicate_teacher_row")
            duplicates.append(fate)
        else:
            teacher_by_trn[row.trn] = row
    periods_by_trn: dict[str, list[PeriodRow]] = defaultdict(list)
    for row in period_rows:
        periods_by_trn[row.trn].append(row)

    trns = sorted(set(teacher_by_trn) | set(periods_by_trn))
    looked_up = [trn for trn in trns if trn and (selected is None or trn in selected)]
    existing: dict[str, Teacher] = {}
    existing_periods: dict[int, list[InductionPeriod]] = defaultdict(list)
    for start in range(0, len(looked_up), CHUNK):
        chunk = looked_up[start : start + CHUNK]
        for teacher in Teacher.objects.filter(trn__in=chunk):
            existing[teacher.trn] = teacher
        for period in InductionPeriod.objects.filter(teacher__trn__in=chunk):
            existing_periods[period.teacher_id].append(period)

    plans = []
    for trn in trns:
        teacher = existing.get(trn)
        plans.append(
            plan_teacher(
                row=teacher_by_trn.get(trn),
                period_rows=periods_by_trn.get(trn, []),
                bodies=bodies,
                existing=teacher,
                existing_periods=existing_periods.get(teacher.pk, []) if teacher else [],
                stage=stage,
                selected=selected is None or trn in selected,
            )
        )
    return plans, duplicates


def _trs_teacher(row: TeacherRow) -> TRSTeacher:
    """The export's teacher as a TRS record, so a new teacher is created as one found in TRS would be."""
    return TRSTeacher(
        trn=row.trn,
        first_name=row.first_name,
        last_name=row.last_name,
        date_of_birth=row.date_of_birth,
        induction_status=row.induction_status,
        induction_start_date=row.induction_start_date,
        induction_completed_date=row.induction_completion_date,
        qts_awarded_on=row.qts_awarded_on,
    )


def _in_file_order(plans: list[TeacherPlan], duplicates: list[RowFate]) -> list[RowFate]:
    fates = [fate for plan in plans for fate in plan.row_fates()] + duplicates
    return sorted(fates, key=lambda f: (f.file != "teachers", f.line))


def _periods_in_database(plans: list[TeacherPlan], bodies: AppropriateBodies) -> Counter:
    """Periods the database holds, per DQT body id, for the teachers this run imported or found unchanged."""
    teacher_ids = [
        plan.teacher.pk
        for plan in plans
        if plan.teacher is not None and plan.teacher.pk and plan.fate and plan.fate.fate in (IMPORTED, UNCHANGED)
    ]
    dqt_ids_of_body: dict[int, list[str]] = defaultdict(list)
    for dqt_id, body in bodies.by_dqt_id.items():
        dqt_ids_of_body[body.pk].append(dqt_id)
    counts: Counter = Counter()
    for body_id in InductionPeriod.objects.filter(teacher_id__in=teacher_ids).values_list(
        "appropriate_body_period_id", flat=True
    ):
        for dqt_id in dqt_ids_of_body.get(body_id, ["(not a DQT body)"]):
            counts[dqt_id] += 1
    return counts


def _events_written(period_ids: list[int], teacher_ids: list[int]) -> Counter:
    counts = Counter(Event.objects.filter(induction_period_id__in=period_ids).values_list("event_type", flat=True))
    counts.update(
        Event.objects.filter(teacher_id__in=teacher_ids, event_type=EventType.TEACHER_IMPORTED_FROM_TRS).values_list(
            "event_type", flat=True
        )
    )
    return counts
