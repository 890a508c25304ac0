"""What the DQT import will do with each row, decided before anything is written (migration.md §20).

For one teacher, `plan_teacher` takes their teachers.csv row, their induction_periods.csv rows and what the
database already holds, and gives every row a fate: `imported`, `unchanged` (an earlier run imported exactly
this), `skipped` (the teacher already has other induction periods), `excluded` (the other stage's teacher) or
`rejected`, with a reason code from `REASONS`. The periods to write are built here, unsaved, and checked with the
rules every other way of adding a period uses (BR-IP-01 … BR-IP-14, `validate_induction_period`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType, InductionOutcome
from core.errors import DomainError, DomainErrors
from dqt_import.source import PeriodRow, TeacherRow
from teachers.models import InductionPeriod, Teacher, TRSInductionStatus
from teachers.validation.induction_periods import validate_induction_period

# Appropriate bodies outside England's statutory induction, by words in their DQT (or our) name (§20).
EXCLUDED_BODY_WORDS = ("isle of man", "guernsey", "jersey", "gibraltar", "ministry of defence")
# Local authorities stopped being appropriate bodies after this day (§20): later periods under one are refused.
LOCAL_AUTHORITY_CUT_OFF = dt.date(2024, 8, 31)

IN_PROGRESS, FINISHED = "in_progress", "finished"
STAGE_OF_STATUS = {
    TRSInductionStatus.IN_PROGRESS: IN_PROGRESS,
    TRSInductionStatus.PASSED: FINISHED,
    TRSInductionStatus.FAILED: FINISHED,
}
OUTCOME_OF_STATUS = {TRSInductionStatus.PASSED: InductionOutcome.PASS, TRSInductionStatus.FAILED: InductionOutcome.FAIL}

IMPORTED, UNCHANGED, SKIPPED, EXCLUDED, REJECTED = "imported", "unchanged", "skipped", "excluded", "rejected"
FATES = (IMPORTED, UNCHANGED, SKIPPED, EXCLUDED, REJECTED)

REASONS = {
    "unreadable_row": "The row could not be read",
    "duplicate_teacher_row": "A second row for a TRN already in teachers.csv",
    "induction_status_not_imported": "Only InProgress (first stage), Passed and Failed (second stage) are imported",
    "not_in_this_stage": "The teacher belongs to the other stage",
    "not_selected": "Not among the TRNs given for a partial run (--trn)",
    "no_teacher_row": "No row for this TRN in teachers.csv",
    "teacher_row_rejected": "The teacher's row in teachers.csv was rejected",
    "unknown_appropriate_body": "No appropriate body has this DQT id",
    "excluded_appropriate_body": "Isle of Man, Guernsey, Jersey, Gibraltar and Ministry of Defence bodies are not imported",
    "local_authority_after_cut_off": "Local authorities lost appropriate body status after 31 August 2024",
    "overlaps_another_period": "Overlaps a period of the same teacher imported from an earlier row",
    "invalid_period": "The period breaks an induction period rule (BR-IP-01 … 14)",
    "no_period_to_import": "Every induction period of the teacher was rejected",
    "no_induction_periods_in_export": "induction_periods.csv has no row for this teacher",
    "teacher_already_has_induction_periods": "The teacher already has induction periods, so none are added",
    "import_failed": "The database refused the teacher's periods; nothing of theirs was written",
}


@dataclass
class RowFate:
    """One input row's fate. For a period row, `imported_appropriate_body_dqt_id` is the body it was imported under
    (its own), or for a row refused because it overlapped another, the body whose period was kept instead; the
    row's own body is then the `discarded` one (§20's "imported vs discarded AB id")."""

    file: str
    line: int
    trn: str
    fate: str
    reason: str = ""
    message: str = ""
    appropriate_body_dqt_id: str = ""
    appropriate_body_name: str = ""
    imported_appropriate_body_dqt_id: str = ""
    started_on: dt.date | None = None
    finished_on: dt.date | None = None

    @property
    def discarded_appropriate_body_dqt_id(self) -> str:
        return "" if self.fate in (IMPORTED, UNCHANGED) else self.appropriate_body_dqt_id

    def refuse(self, fate: str, reason: str, message: str = "") -> None:
        self.fate, self.reason, self.message = fate, reason, message or REASONS.get(reason, "")
        if fate != UNCHANGED:
            self.imported_appropriate_body_dqt_id = ""


@dataclass
class PlannedPeriod:
    row: PeriodRow
    fate: RowFate
    period: InductionPeriod | None = None  # unsaved; set while the row is still to be imported


@dataclass
class TeacherPlan:
    row: TeacherRow | None
    fate: RowFate | None
    periods: list[PlannedPeriod]
    teacher: Teacher | None = None  # the existing teacher, or an unsaved one built from the row
    is_new_teacher: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def trn(self) -> str:
        return self.row.trn if self.row else self.periods[0].row.trn

    @property
    def periods_to_import(self) -> list[InductionPeriod]:
        return [p.period for p in self.periods if p.fate.fate == IMPORTED and p.period is not None]

    def row_fates(self) -> list[RowFate]:
        return ([self.fate] if self.fate else []) + [p.fate for p in self.periods]

    def refuse_periods(self, fate: str, reason: str, message: str = "") -> None:
        """Every period row still to be imported gets this fate instead."""
        for planned in self.periods:
            if planned.fate.fate in (IMPORTED, UNCHANGED):
                planned.fate.refuse(fate, reason, message)
                planned.period = None

    def refuse_all(self, fate: str, reason: str, message: str = "") -> None:
        if self.fate is not None:
            self.fate.refuse(fate, reason, message)
        self.refuse_periods(fate, reason, message)


class AppropriateBodies:
    """Our appropriate bodies by DQT id, from legacy records first, then `appropriate_body_periods.dqt_id`."""

    def __init__(self) -> None:
        self.by_dqt_id: dict[str, AppropriateBodyPeriod] = {}
        self.body_type: dict[int, str | None] = {}
        for body in AppropriateBodyPeriod.objects.filter(dqt_id__isnull=False):
            self.by_dqt_id[str(body.dqt_id)] = body
            self.body_type[body.pk] = body.body_type
        for body in AppropriateBodyPeriod.objects.filter(legacy_appropriate_body__isnull=False).select_related(
            "legacy_appropriate_body"
        ):
            legacy = body.legacy_appropriate_body
            self.by_dqt_id[str(legacy.dqt_id)] = body
            self.body_type[body.pk] = legacy.body_type or body.body_type

    def get(self, dqt_id: str) -> AppropriateBodyPeriod | None:
        return self.by_dqt_id.get(dqt_id)

    def is_local_authority(self, body: AppropriateBodyPeriod) -> bool:
        return self.body_type.get(body.pk, body.body_type) == AppropriateBodyType.LOCAL_AUTHORITY


def is_excluded_body(*names: str) -> bool:
    return any(word in (name or "").lower() for name in names for word in EXCLUDED_BODY_WORDS)


def _period_sort_key(row: PeriodRow) -> tuple:
    return (row.started_on or dt.date.min, row.finished_on or dt.date.max, row.line)


def _period_fate(row: PeriodRow) -> RowFate:
    return RowFate(
        file="induction_periods",
        line=row.line,
        trn=row.trn,
        fate=IMPORTED,
        appropriate_body_dqt_id=row.appropriate_body_dqt_id,
        appropriate_body_name=row.appropriate_body_name,
        started_on=row.started_on,
        finished_on=row.finished_on,
    )


def _new_teacher(row: TeacherRow) -> Teacher:
    return Teacher(
        trn=row.trn,
        trs_first_name=row.first_name,
        trs_last_name=row.last_name,
        trs_qts_awarded_on=row.qts_awarded_on,
        trs_induction_status=row.induction_status,
    )


def period_signature(periods: Iterable[InductionPeriod]) -> list[tuple]:
    """What makes two sets of periods the same import: body, dates, terms and outcome, in order."""
    return sorted(
        (p.appropriate_body_period_id, p.started_on, p.finished_on, p.number_of_terms, p.outcome or "") for p in periods
    )


def plan_teacher(
    *,
    row: TeacherRow | None,
    period_rows: list[PeriodRow],
    bodies: AppropriateBodies,
    existing: Teacher | None,
    existing_periods: list[InductionPeriod],
    stage: str | None,
    selected: bool = True,
) -> TeacherPlan:
    plan = TeacherPlan(
        row=row,
        fate=RowFate(file="teachers", line=row.line, trn=row.trn, fate=IMPORTED) if row else None,
        periods=[PlannedPeriod(row=r, fate=_period_fate(r)) for r in sorted(period_rows, key=_period_sort_key)],
    )
    if not selected:
        plan.refuse_all(EXCLUDED, "not_selected")
        return plan
    if row is None:
        for planned in plan.periods:
            if planned.row.error:
                planned.fate.refuse(REJECTED, "unreadable_row", planned.row.error)
            else:
                planned.fate.refuse(REJECTED, "no_teacher_row")
        return plan
    if row.error:
        plan.fate.refuse(REJECTED, "unreadable_row", row.error)
        plan.refuse_periods(REJECTED, "teacher_row_rejected")
        return plan
    status_stage = STAGE_OF_STATUS.get(row.induction_status)
    if status_stage is None:
        plan.fate.refuse(
            REJECTED, "induction_status_not_imported", f"Induction status '{row.induction_status}' is not imported"
        )
        plan.refuse_periods(REJECTED, "teacher_row_rejected")
        return plan
    if stage is not None and status_stage != stage:
        plan.refuse_all(EXCLUDED, "not_in_this_stage", f"The teacher's induction is {status_stage.replace('_', ' ')}")
        return plan
    if not plan.periods:
        plan.fate.refuse(SKIPPED, "no_induction_periods_in_export")
        return plan

    plan.teacher = existing or _new_teacher(row)
    plan.is_new_teacher = existing is None
    _check_periods(plan, bodies=bodies, outcome=OUTCOME_OF_STATUS.get(row.induction_status))
    kept = plan.periods_to_import
    if not kept:
        plan.fate.refuse(REJECTED, "no_period_to_import")
        return plan
    if existing_periods:
        if period_signature(existing_periods) == period_signature(kept):
            plan.refuse_all(UNCHANGED, "", "Imported by an earlier run")
        else:
            plan.refuse_all(SKIPPED, "teacher_already_has_induction_periods")
    return plan


def _check_periods(plan: TeacherPlan, *, bodies: AppropriateBodies, outcome: str | None) -> None:
    """Rows earliest first; each is checked against the ones kept before it. The teacher's outcome belongs to
    their last period in the export: if that row is refused, the outcome is not recorded (and a note says so)."""
    kept: list[InductionPeriod] = []
    last = plan.periods[-1]
    for planned in plan.periods:
        row, fate = planned.row, planned.fate
        if row.error:
            fate.refuse(REJECTED, "unreadable_row", row.error)
            continue
        body = bodies.get(row.appropriate_body_dqt_id)
        if is_excluded_body(row.appropriate_body_name, body.name if body else ""):
            fate.refuse(REJECTED, "excluded_appropriate_body")
            continue
        if body is None:
            fate.refuse(REJECTED, "unknown_appropriate_body")
            continue
        if bodies.is_local_authority(body) and row.started_on > LOCAL_AUTHORITY_CUT_OFF:
            fate.refuse(REJECTED, "local_authority_after_cut_off")
            continue
        period = InductionPeriod(
            teacher=plan.teacher if plan.teacher.pk else None,
            appropriate_body_period=body,
            started_on=row.started_on,
            finished_on=row.finished_on,
            training_programme=row.training_programme,
            induction_programme=row.induction_programme,
            outcome=outcome if planned is last else None,
        )
        try:
            period.number_of_terms = validate_induction_period(
                teacher=plan.teacher,
                appropriate_body=body,
                started_on=row.started_on,
                finished_on=row.finished_on,
                number_of_terms=row.number_of_terms,
                outcome=period.outcome,
                induction_programme=row.induction_programme,
                training_programme=row.training_programme,
                siblings=kept,
            )
        except (DomainError, DomainErrors) as exc:
            message = "; ".join(error.message for error in exc.errors)
            overlapped = next((k for k in kept if k.overlaps(row.started_on, row.finished_on)), None)
            if overlapped is not None and "overlap" in message:
                fate.refuse(REJECTED, "overlaps_another_period", message)
                fate.imported_appropriate_body_dqt_id = _dqt_id_of(overlapped, plan)
            else:
                fate.refuse(REJECTED, "invalid_period", message)
            continue
        planned.period = period
        fate.imported_appropriate_body_dqt_id = row.appropriate_body_dqt_id
        kept.append(period)
    if outcome and last.period is None:
        plan.notes.append(
            f"Outcome '{outcome}' not recorded: the teacher's last period (line {last.row.line}) was refused"
        )


def _dqt_id_of(period: InductionPeriod, plan: TeacherPlan) -> str:
    return next(p.row.appropriate_body_dqt_id for p in plan.periods if p.period is period)
