"""Declarations for generated teachers, as their lead providers would have sent them (lead-provider-api.md §12,
finance.md §6): for each provider-led training period with a partnership, the milestones of its schedule in the
canonical order, each declared some weeks after the participant reached it, until today, the period's end or
the first milestone whose window the period misses. Written by COPY with a `teacher_declaration_created` event
each (and `teacher_declaration_voided` / `teacher_declaration_awaiting_clawback` where those happened).

What makes them valid the way the API would have made them valid:
- one billable-or-changeable declaration per teacher, role and type across all their periods (BR-D-07): a
  participant who moves on continues from the next type not yet declared, with later dates (V18);
- dates inside the milestone window where the schedule has one (V10), not in the future (V9), before a
  withdrawal (V14), none created after a cohort's payments froze (V15); mentors get only `started` from 2025
  (V12) and never `completed` (which would end their funding, §12.8); evidence as §12.2 allows;
- payment as §12.5/§6.1: `no_payment` until the participant is eligible for funding for the role, then the
  next output statement of the provider and cohort with a deadline on or after that day; the statement's
  status decides what has happened since (open → eligible, payable → payable, paid → paid). A few are voided
  (and sent again), a few paid ones are clawed back;
- mentor link, delivery partner and uplifts as §12.5 steps 2, 3 and 5.

Payable and paid transitions get no events of their own here (the daily job and finance users would write
them); the declaration's `api_updated_at` does move to when they happened.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from core.clock import LONDON
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from demo_data.bulk import BulkRows
from demo_data.finance_data import StatementInfo
from events.models import Event
from events.types import AuthorType, EventType
from finance.models import StatementStatus
from providers.models import DeclarationType

ORDER = list(DeclarationType.values)  # canonical (§12.1)
DAY = dt.timedelta(days=1)
# Roughly four months between milestones, as the standard schedules space them.
MILESTONE_SPACING_DAYS = 121
NOT_DECLARED_YET = 0.04  # periods whose provider has sent nothing yet
VOIDED_AND_RESENT = 0.03
CLAWED_BACK = 0.02
OLD_EVIDENCE = ("training-event-attended", "self-study-material-completed", "other")
OLD_EVIDENCE_WEIGHTS = (85, 10, 5)
ATTENDANCE = ("training-event-attended", "self-study-material-completed", "materials-engaged-with-offline", "other")
ATTENDANCE_WEIGHTS = (70, 15, 10, 5)
ENGAGEMENT = ("75-percent-engagement-met", "75-percent-engagement-met-reduced-induction")
COMPLETION = (*ENGAGEMENT, "one-term-induction")


@dataclass
class Period:
    id: int
    teacher_id: int
    role: str
    started_on: dt.date
    finished_on: dt.date | None
    withdrawn_at: dt.datetime | None
    schedule_id: int
    active_lead_provider_id: int
    year: int
    lead_provider_id: int
    lead_provider_name: str
    delivery_partner_id: int
    ect_at_school_period_id: int | None
    eligible_at: dt.datetime | None
    teacher_name: str
    pupil_premium_uplift: bool
    sparsity_uplift: bool


@dataclass(frozen=True)
class Cohort:
    payments_frozen_at: dt.datetime | None
    mentor_funding: bool
    detailed_evidence: bool
    uplift_fees: bool


_PERIODS = """
SELECT tp.id, tp.teacher_id, tp.role, tp.started_on, tp.finished_on, tp.withdrawn_at, tp.schedule_id,
       alp.id, alp.contract_period_year, alp.lead_provider_id, lp.name, lpdp.delivery_partner_id,
       tp.ect_at_school_period_id,
       CASE tp.role WHEN 'ect' THEN t.ect_first_became_eligible_for_training_at
                    ELSE t.mentor_first_became_eligible_for_training_at END,
       COALESCE(NULLIF(t.corrected_name, ''), CONCAT_WS(' ', t.trs_first_name, t.trs_last_name)),
       COALESCE(sfe.pupil_premium_uplift, false), COALESCE(sfe.sparsity_uplift, false)
  FROM training_periods tp
  JOIN teachers t ON t.id = tp.teacher_id
  JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  JOIN schools s ON s.id = sp.school_id
  JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
  JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
  JOIN lead_providers lp ON lp.id = alp.lead_provider_id
  LEFT JOIN school_funding_eligibilities sfe
         ON sfe.gias_school_urn = s.urn AND sfe.contract_period_year = alp.contract_period_year
 WHERE t.trn BETWEEN %(low)s AND %(high)s AND tp.schedule_id IS NOT NULL
 ORDER BY tp.teacher_id, tp.role, tp.started_on, tp.id
"""

_MENTORSHIPS = """
SELECT mp.ect_at_school_period_id, mp.id, mp.started_on, mp.finished_on
  FROM mentorship_periods mp
  JOIN ect_at_school_periods e ON e.id = mp.ect_at_school_period_id
  JOIN teachers t ON t.id = e.teacher_id
 WHERE t.trn BETWEEN %(low)s AND %(high)s
"""


def _load(trns: tuple[str, str]):
    params = {"low": trns[0], "high": trns[1]}
    with connection.cursor() as cursor:
        cursor.execute(_PERIODS, params)
        periods = [Period(*row) for row in cursor.fetchall()]
        cursor.execute(_MENTORSHIPS, params)
        mentorships: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
        for ect_period_id, pk, started_on, finished_on in cursor.fetchall():
            mentorships[ect_period_id].append((pk, started_on, finished_on))
        cursor.execute(
            "SELECT schedule_id, declaration_type, start_date, milestone_date FROM milestones "
            "WHERE schedule_id = ANY(%s)",
            [sorted({p.schedule_id for p in periods})],
        )
        milestones: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
        for schedule_id, declaration_type, start, end in cursor.fetchall():
            milestones[schedule_id].append((declaration_type, start, end))
        for listed in milestones.values():
            listed.sort(key=lambda m: ORDER.index(m[0]))
        cursor.execute(
            "SELECT year, payments_frozen_at, mentor_funding_enabled, detailed_evidence_types_enabled, "
            "uplift_fees_enabled FROM contract_periods"
        )
        cohorts = {row[0]: Cohort(*row[1:]) for row in cursor.fetchall()}
    return periods, mentorships, milestones, cohorts


class _Statements:
    """Each active lead provider's output statements by deadline: the next one on or after a day (§6.1)."""

    def __init__(self, by_provider: dict[int, list[StatementInfo]]) -> None:
        self.by_provider = by_provider
        self.deadlines = {key: [s.deadline_date for s in listed] for key, listed in by_provider.items()}

    def next(self, active_lead_provider_id: int, day: dt.date) -> StatementInfo | None:
        deadlines = self.deadlines.get(active_lead_provider_id, [])
        index = bisect.bisect_left(deadlines, day)
        return self.by_provider[active_lead_provider_id][index] if index < len(deadlines) else None


def _nearest_mentorship(mentorships: Iterable[tuple[int, dt.date, dt.date | None]], on: dt.date) -> int | None:
    """§12.5 step 2, as `declarations.services.creation.nearest_mentorship` picks it."""
    best = min(mentorships, key=lambda m: (abs(((m[2] or m[1]) - on).days), m[1], m[0]), default=None)
    return best[0] if best else None


class _Writer:
    def __init__(self, rows: BulkRows, rng: random.Random, statements: _Statements, cohorts, now: dt.datetime):
        self.rows, self.rng, self.statements, self.cohorts, self.now = rows, rng, statements, cohorts, now
        self.today = now.astimezone(LONDON).date()

    def instant(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(self.rng.randint(8, 17), self.rng.randint(0, 59)), tzinfo=LONDON)

    def evidence(self, period: Period, declaration_type: str) -> str | None:
        rng = self.rng
        if not self.cohorts[period.year].detailed_evidence:  # §12.2, 2021–2024
            return None if declaration_type == "started" else rng.choices(OLD_EVIDENCE, OLD_EVIDENCE_WEIGHTS)[0]
        if declaration_type == "retained-2" or (declaration_type == "completed" and period.role == "mentor"):
            return rng.choices(ENGAGEMENT, (90, 10))[0]
        if declaration_type == "completed":
            return rng.choices(COMPLETION, (85, 10, 5))[0]
        return rng.choices(ATTENDANCE, ATTENDANCE_WEIGHTS)[0]

    def declaration(
        self,
        period: Period,
        declaration_type: str,
        declared_at: dt.datetime,
        mentorship_id: int | None,
        *,
        void: bool = False,
    ) -> bool:
        """One declaration, created a few days after its date, with its payment history up to today; False (and
        nothing written) when the provider could not have sent it: eligible for funding with no output statement
        left to attach it to (V16)."""
        rng, cohort = self.rng, self.cohorts[period.year]
        created_at = min(declared_at + dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 5)), self.now)
        created_on = created_at.astimezone(LONDON).date()
        payment_status, statement, updated_at = PaymentStatus.NO_PAYMENT, None, created_at
        if period.eligible_at is not None and period.eligible_at <= self.now:
            attach_on = max(created_on, period.eligible_at.astimezone(LONDON).date())
            statement = self.statements.next(period.active_lead_provider_id, attach_on)
            if statement is None:
                return False
            if statement.status == StatementStatus.PAID:
                payment_status = PaymentStatus.PAID
                updated_at = statement.marked_as_paid_at or self.instant(statement.payment_date)
            elif statement.status == StatementStatus.PAYABLE:
                payment_status = PaymentStatus.PAYABLE
                updated_at = dt.datetime.combine(statement.deadline_date + DAY, dt.time(0, 5), tzinfo=LONDON)
            else:
                payment_status = PaymentStatus.ELIGIBLE
                updated_at = max(created_at, period.eligible_at)
        clawback_status, clawback_statement, events = ClawbackStatus.NO_CLAWBACK, None, []
        if void:  # within days of sending it, so always before the statement is paid
            payment_status = PaymentStatus.VOIDED
            updated_at = min(created_at + dt.timedelta(days=rng.randint(1, 4)), self.now)
            events.append((EventType.TEACHER_DECLARATION_VOIDED, "was voided", updated_at, statement))
        elif payment_status == PaymentStatus.PAID and statement and rng.random() < CLAWED_BACK:
            voided_on = statement.payment_date + dt.timedelta(days=rng.randint(10, 90))
            clawback_statement = self.statements.next(period.active_lead_provider_id, voided_on)
            if voided_on < self.today and clawback_statement is not None:
                voided_at = self.instant(voided_on)
                clawback_status = ClawbackStatus.AWAITING_CLAWBACK
                events.append(
                    (
                        EventType.TEACHER_DECLARATION_AWAITING_CLAWBACK,
                        "is awaiting clawback",
                        voided_at,
                        clawback_statement,
                    )
                )
                updated_at = voided_at
                if clawback_statement.status == StatementStatus.PAID:
                    clawback_status = ClawbackStatus.CLAWED_BACK
                    updated_at = clawback_statement.marked_as_paid_at or updated_at
            else:
                clawback_statement = None
        if updated_at > self.now:
            updated_at = self.now
        row = self.rows.add(
            Declaration,
            training_period_id=period.id,
            teacher_id=period.teacher_id,
            role=period.role,
            mentorship_period_id=mentorship_id,
            delivery_partner_when_created_id=period.delivery_partner_id,
            declaration_type=declaration_type,
            declaration_date=declared_at,
            evidence_type=self.evidence(period, declaration_type),
            payment_status=payment_status,
            clawback_status=clawback_status,
            payment_statement_id=statement.id if statement else None,
            clawback_statement_id=clawback_statement.id if clawback_statement else None,
            pupil_premium_uplift=declaration_type == "started" and cohort.uplift_fees and period.pupil_premium_uplift,
            sparsity_uplift=declaration_type == "started" and cohort.uplift_fees and period.sparsity_uplift,
            api_updated_at=updated_at,
            created_at=created_at,
            updated_at=updated_at,
        )
        eligible_at_creation = period.eligible_at is not None and period.eligible_at <= created_at
        status_at_creation = PaymentStatus.ELIGIBLE if eligible_at_creation else PaymentStatus.NO_PAYMENT
        self.event(
            period,
            row,
            EventType.TEACHER_DECLARATION_CREATED,
            f"A new declaration ({declaration_type} - {status_at_creation}) with id {row['id']} was created for the "
            f"teacher: {period.teacher_name} ({period.lead_provider_name})",
            created_at,
            statement,
            status_at_creation,
        )
        for event_type, phrase, happened_at, linked in events:
            self.event(
                period,
                row,
                event_type,
                f"{period.teacher_name}’s {declaration_type} declaration {phrase}",
                happened_at,
                linked,
                payment_status,
            )
        return True

    def event(self, period, row, event_type, heading, happened_at, statement, payment_status) -> None:
        self.rows.add(
            Event,
            event_type=event_type,
            heading=heading,
            happened_at=happened_at,
            author_type=AuthorType.LEAD_PROVIDER_API,
            author_name=period.lead_provider_name,
            metadata={
                "declaration_type": row["declaration_type"],
                "payment_status": payment_status,
                "clawback_status": row["clawback_status"],
            },
            teacher_id=period.teacher_id,
            training_period_id=period.id,
            declaration_id=row["id"],
            statement_id=statement.id if statement else None,
            lead_provider_id=period.lead_provider_id,
            created_at=min(happened_at, self.now),
            updated_at=min(happened_at, self.now),
        )


def write_declarations(
    *,
    trns: tuple[str, str],
    statements: dict[int, list[StatementInfo]],
    rng: random.Random,
    now: dt.datetime,
) -> int:
    """Queue and COPY the declarations (and their events) of teachers with TRNs in `trns`; returns rows written."""
    periods, mentorships, milestones, cohorts = _load(trns)
    rows = BulkRows(order=[Declaration, Event], rng=random.Random(rng.random()), now=now)
    writer = _Writer(rows, rng, _Statements(statements), cohorts, now)
    yesterday = now.astimezone(LONDON).date() - DAY
    declared: dict[tuple[int, str], set[str]] = defaultdict(set)
    latest: dict[tuple[int, str], dt.date] = {}
    written = 0
    for period in periods:
        if rng.random() < NOT_DECLARED_YET:
            continue
        cohort = cohorts[period.year]
        key = (period.teacher_id, period.role)
        last_day = min(d for d in (yesterday, period.finished_on) if d is not None)
        if period.withdrawn_at is not None:
            last_day = min(last_day, period.withdrawn_at.astimezone(LONDON).date() - DAY)
        if cohort.payments_frozen_at is not None:
            last_day = min(last_day, cohort.payments_frozen_at.astimezone(LONDON).date() - dt.timedelta(days=7))
        schedule = milestones[period.schedule_id]
        if not schedule:
            continue
        base = max(period.started_on, schedule[0][1])
        step = 0
        for declaration_type, start, end in schedule:
            if period.role == "mentor" and (
                declaration_type == "completed" or (cohort.mentor_funding and declaration_type != "started")
            ):
                continue
            if declaration_type in declared[key]:
                continue
            nominal = base + dt.timedelta(days=step * MILESTONE_SPACING_DAYS + rng.randint(10, 50))
            step += 1
            earliest = max(start, latest.get(key, start), period.started_on)
            day = max(nominal, earliest)
            if end is not None and day > end:
                if earliest > end:
                    break  # this period missed the window
                day = _day_between(rng, earliest, end)
            if day > last_day:
                break
            declared_at = writer.instant(day)
            mentorship = (
                _nearest_mentorship(mentorships.get(period.ect_at_school_period_id, ()), day)
                if period.role == "ect"
                else None
            )
            if rng.random() < VOIDED_AND_RESENT:
                writer.declaration(period, declaration_type, declared_at, mentorship, void=True)
            if not writer.declaration(period, declaration_type, declared_at, mentorship):
                break
            declared[key].add(declaration_type)
            latest[key] = day
        if rows.count(Declaration) >= 50_000:
            written += sum(rows.flush().values())
    written += sum(rows.flush().values())
    return written


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
