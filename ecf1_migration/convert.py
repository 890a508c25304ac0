"""Converting one participant's cleaned records into periods: premium mode (migration.md §10, §12) first, economy
mode (§11) when premium's periods break a period rule (§3). Pure: lookups into the new database come in through
`Lookups`, so conversion is tested without a database and runs set-based in batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ecf1_migration.history import (
    COHORT_CUT_OFF,
    ONE_DAY,
    Cleaning,
    ProfileState,
    Record,
    RoleHistory,
    clean,
    transfer_updated_at,
)

PREMIUM = "all_induction_records"
ECONOMY = "latest_induction_records"

WITHDRAWAL_REASONS = {
    "left-teaching-profession": "left_teaching_profession",
    "moved-school": "moved_school",
    "mentor-no-longer-being-mentor": "mentor_no_longer_being_mentor",
    "switched-to-school-led": "switched_to_school_led",
}
DEFERRAL_REASONS = {
    "bereavement": "bereavement",
    "career-break": "career_break",
    "long-term-sickness": "long_term_sickness",
    "parental-leave": "parental_leave",
}


class ConversionError(Exception):
    def __init__(self, message: str, record_id: str | None = None) -> None:
        super().__init__(message)
        self.record_id = record_id


@dataclass
class MentorPeriod:
    id: int
    school_id: str  # ECF1 school id
    start: dt.date
    end: dt.date | None
    created_at: dt.datetime


@dataclass
class Lookups:
    """Answers from the new database that conversion needs (ids of what earlier steps migrated)."""

    partnership: Callable[[str, str, int, str], int | None]  # (school, lead provider, year, delivery partner) ecf ids
    schedule: Callable[[int, str], int | None]  # (year, identifier)
    mentor_periods: Callable[[str], list[MentorPeriod]]  # by mentor profile id


@dataclass
class TrainingPlan:
    start: dt.date
    end: dt.date | None
    provider_led: bool
    lead_provider_id: str | None
    delivery_partner_id: str | None
    year: int
    schedule_identifier: str | None
    schedule_year: int
    start_ir: str
    end_ir: str
    created_at: dt.datetime
    transfer_updated_at: dt.datetime | None = None  # None: the user's updated_at (§8)
    withdrawn_at: dt.datetime | None = None
    withdrawal_reason: str | None = None
    deferred_at: dt.datetime | None = None
    deferral_reason: str | None = None
    school_partnership_id: int | None = None
    schedule_id: int | None = None

    @property
    def stopped(self) -> bool:
        return self.withdrawn_at is not None or self.deferred_at is not None


@dataclass
class MentorshipPlan:
    mentor_profile_id: str
    mentor_period_id: int
    start: dt.date
    end: dt.date | None
    start_ir: str
    end_ir: str


@dataclass
class SchoolPeriodPlan:
    school_id: str
    start: dt.date
    end: dt.date | None
    email: str | None
    appropriate_body_id: str | None
    start_ir: str | None
    end_ir: str | None
    created_at: dt.datetime
    trainings: list[TrainingPlan] = field(default_factory=list)
    mentorships: list[MentorshipPlan] = field(default_factory=list)
    pool_row_id: str | None = None


@dataclass
class RolePlan:
    """The periods of one role, and how each source record was used."""

    mode: str
    cleaning: Cleaning
    periods: list[SchoolPeriodPlan] = field(default_factory=list)
    record_use: dict[str, str] = field(default_factory=dict)  # record id -> created | merged
    states_used: set[str] = field(default_factory=set)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # extra changes: record id, rule, what
    mentorship_failures: list[tuple[str, str]] = field(default_factory=list)  # record id, message
    not_trained: dict[str, str] = field(default_factory=dict)  # record id -> why no training came from it


def convert(history: RoleHistory, lookups: Lookups, today: dt.date) -> RolePlan:
    """Premium first; economy when premium fails; ConversionError when both fail (P5)."""
    try:
        plan = premium(history, lookups, today)
        check(plan, history, lookups)
        return plan
    except ConversionError as premium_error:
        try:
            plan = economy(history, lookups, today)
            check(plan, history, lookups)
            plan.changes.append(("", "fallback", f"premium failed: {premium_error}"))
            return plan
        except ConversionError as economy_error:
            raise ConversionError(
                f"premium: {premium_error}; economy: {economy_error}", economy_error.record_id
            ) from None


# Premium (§10) ----------------------------------------------------------------------------------------------


def premium(history: RoleHistory, lookups: Lookups, today: dt.date) -> RolePlan:
    cleaning = clean(history, "premium", today)
    plan = RolePlan(mode=PREMIUM, cleaning=cleaning)
    current: SchoolPeriodPlan | None = None
    for r in cleaning.records:
        if current is None or r.school_id != current.school_id:
            if current is not None:
                if r.start <= current.start + ONE_DAY:
                    _stub_before_earliest(plan, current)
                else:
                    _cut(current, r.start - ONE_DAY)
            current = SchoolPeriodPlan(
                school_id=r.school_id,
                start=r.start,
                end=r.end,
                email=r.email,
                appropriate_body_id=r.appropriate_body_id,
                start_ir=r.id,
                end_ir=r.id,
                created_at=history.created_at if not plan.periods else r.created_at,
            )
            plan.periods.append(current)
            plan.record_use[r.id] = "created"
        else:
            current.end = r.end
            current.email = r.email or current.email
            current.appropriate_body_id = r.appropriate_body_id or current.appropriate_body_id
            current.end_ir = r.id
            plan.record_use.setdefault(r.id, "merged")
        _premium_training(plan, history, current, r, lookups)
        if history.is_ect:
            _premium_mentorship(plan, current, r, lookups)
    _pool_periods(plan, history)
    return plan


def _cut(period: SchoolPeriodPlan, last_day: dt.date) -> None:
    """§10.1: the current period and its nested periods end the day before the next school's start."""
    if period.end is None or period.end > last_day:
        period.end = last_day
    for nested in (*period.trainings, *period.mentorships):
        if nested.end is None or nested.end > last_day:
            nested.end = last_day


def _stub_before_earliest(plan: RolePlan, period: SchoolPeriodPlan) -> None:
    """§10.1: two periods starting together: the earlier-processed one becomes a stub before the earliest period,
    2 days per nested period, its training and mentorship periods consecutive 2-day stubs inside it."""
    earliest = min(p.start for p in plan.periods)
    days = 2 * max(1, len(period.trainings), len(period.mentorships))
    period.start = earliest - dt.timedelta(days=days)
    period.end = earliest - ONE_DAY
    for nested_list in (period.trainings, period.mentorships):
        for index, nested in enumerate(nested_list):
            nested.start = period.start + dt.timedelta(days=2 * index)
            nested.end = nested.start + ONE_DAY
    plan.periods.sort(key=lambda p: p.start)


def _state_on(history: RoleHistory, kind: str, cpd: str | None, day: dt.date | None) -> ProfileState | None:
    """§10.3: the most recent state of this kind by the provider, created on the record's end date."""
    if cpd is None or day is None:
        return None
    found = [
        s for s in history.states if s.state == kind and s.cpd_lead_provider_id == cpd and s.created_at.date() == day
    ]
    return max(found, key=lambda s: s.created_at) if found else None


def _latest_state(history: RoleHistory, kind: str, cpd: str | None) -> ProfileState | None:
    """§11 step 5: economy takes the most recent state of the kind for the provider, whatever its date."""
    found = [s for s in history.states if s.state == kind and s.cpd_lead_provider_id == cpd]
    return max(found, key=lambda s: s.created_at) if found else None


def _apply_stop(plan: RolePlan, training: TrainingPlan, withdrawal, deferral) -> None:
    if withdrawal:
        training.withdrawn_at = withdrawal.created_at
        training.withdrawal_reason = WITHDRAWAL_REASONS.get(withdrawal.reason or "", "other")
        plan.states_used.add(withdrawal.id)
    if deferral:
        training.deferred_at = deferral.created_at
        training.deferral_reason = DEFERRAL_REASONS.get(deferral.reason or "", "other")
        plan.states_used.add(deferral.id)


def _stop_day(training: TrainingPlan) -> dt.date | None:
    days = [at.date() for at in (training.withdrawn_at, training.deferred_at) if at is not None]
    return min(days) if days else None


def _trains(history: RoleHistory, r: Record) -> str | None:
    """Why a record builds no training (None when it does): §10.2 `ignore_training`, §12 for mentors."""
    if r.ignore_training:
        return "ignore_training patch"
    if history.is_ect:
        return None
    if not (r.provider_led and r.has_provider):
        return "mentor record not provider-led with a partnership"
    if history.is_ero and not history.ero_with_declarations:
        return "16 ERO mentor without paid or clawed-back declarations"
    cut_off = COHORT_CUT_OFF.get(r.cohort)
    if cut_off and r.start >= cut_off:
        return "mentor training after 2021/2022 cohort closure"
    completed = history.mentor_completion_date
    kept = (r.lead_provider_id, r.cohort) in history.keep_after_completion or (
        history.is_ero and history.ero_with_declarations
    )
    if completed and r.start >= completed and not kept:
        return "17 Mentor training after completion"
    return None


def _new_training(history: RoleHistory, r: Record, lookups: Lookups) -> TrainingPlan:
    return TrainingPlan(
        start=r.start,
        end=r.end,
        provider_led=r.provider_led,
        lead_provider_id=r.lead_provider_id if r.provider_led else None,
        delivery_partner_id=r.delivery_partner_id if r.provider_led else None,
        year=r.contract_year,
        schedule_identifier=r.schedule_identifier if r.provider_led else None,
        schedule_year=r.schedule_cohort,
        start_ir=r.id,
        end_ir=r.id,
        created_at=r.created_at,
        transfer_updated_at=transfer_updated_at(history.records).get(r.lead_provider_id or ""),
    )


def _mentor_end(history: RoleHistory, training: TrainingPlan, r: Record) -> None:
    """§12: a mentor training period ends at the earliest of record end, stop, completion; not after the cut-off."""
    candidates = [d for d in (training.end, _stop_day(training), history.mentor_completion_date) if d is not None]
    if candidates:
        end = min(candidates)
        training.end = max(end, training.start + ONE_DAY)
    cut_off = COHORT_CUT_OFF.get(r.cohort)
    if cut_off and (training.end is None or training.end > cut_off):
        training.end = cut_off


def _premium_training(plan: RolePlan, history: RoleHistory, period: SchoolPeriodPlan, r: Record, lookups) -> None:
    why_not = _trains(history, r)
    if why_not:
        plan.not_trained[r.id] = why_not
        return
    current = period.trainings[-1] if period.trainings else None
    changed = (
        current is None
        or current.stopped
        or current.provider_led != r.provider_led
        or (r.provider_led and current.lead_provider_id != r.lead_provider_id)
        or (r.provider_led and current.delivery_partner_id != r.delivery_partner_id)
        or current.year != r.contract_year
    )
    withdrawal = _state_on(history, "withdrawn", r.cpd_lead_provider_id, r.end)
    deferral = _state_on(history, "deferred", r.cpd_lead_provider_id, r.end)
    if changed:
        if current is not None and r.end is None and r.training_status in ("withdrawn", "deferred"):
            plan.not_trained[r.id] = "ongoing tail of a withdrawal or deferral"
            return  # §10.2 exception: the un-cleaned tail of a withdrawal
        if not history.is_ect and current is not None and current.stopped:
            if (current.lead_provider_id, current.delivery_partner_id) == (r.lead_provider_id, r.delivery_partner_id):
                plan.not_trained[r.id] = "continues a withdrawn or deferred mentor training"
                return
        if current is not None and (current.end is None or current.end >= r.start):
            current.end = r.start - ONE_DAY
        training = _new_training(history, r, lookups)
        _apply_stop(plan, training, withdrawal, deferral)
        stop = _stop_day(training)
        if stop is not None:
            training.end = max(training.start + ONE_DAY, stop) if training.end is None else max(training.end, stop)
        if not history.is_ect:
            _mentor_end(history, training, r)
        period.trainings.append(training)
        plan.record_use[r.id] = plan.record_use.get(r.id, "created")
    else:
        if not history.is_ect and current.stopped:
            return  # §12: training is not extended while withdrawn or deferred
        current.schedule_identifier = r.schedule_identifier if r.provider_led else None
        current.schedule_year = r.schedule_cohort
        current.end_ir = r.id
        _apply_stop(plan, current, withdrawal, deferral)
        stop = _stop_day(current)
        if stop is not None:
            current.end = max(current.start + ONE_DAY, stop) if r.end is None else max(r.end, stop)
        else:
            current.end = r.end
        if not history.is_ect:
            _mentor_end(history, current, r)


def _find_mentor_period(lookups: Lookups, mentor_profile_id: str, school_id: str, r: Record) -> MentorPeriod | None:
    candidates = [
        p
        for p in lookups.mentor_periods(mentor_profile_id)
        if p.school_id == school_id and (p.end is None or r.start <= p.end) and (r.end is None or p.start <= r.end)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (p.end is None, p.start, p.created_at))


def _premium_mentorship(plan: RolePlan, period: SchoolPeriodPlan, r: Record, lookups: Lookups) -> None:
    current = period.mentorships[-1] if period.mentorships else None
    if current is not None and r.mentor_profile_id == current.mentor_profile_id:
        current.end = r.end
        current.end_ir = r.id
        return
    if r.mentor_profile_id is None:
        return
    found = _find_mentor_period(lookups, r.mentor_profile_id, period.school_id, r)
    if found is None:
        plan.mentorship_failures.append((r.id, "26 Mentor not migrated at this school for these dates"))
        return
    if current is not None and (current.end is None or current.end >= r.start):
        current.end = r.start - ONE_DAY
    ends = [d for d in (r.end, found.end) if d is not None]
    period.mentorships.append(
        MentorshipPlan(
            r.mentor_profile_id, found.id, max(r.start, found.start), min(ends) if ends else None, r.id, r.id
        )
    )


def _pool_periods(plan: RolePlan, history: RoleHistory) -> None:
    """§12: mentors in a school's pool get an open period there unless their records already gave them one."""
    if history.is_ect:
        return
    covered = {p.school_id for p in plan.periods}
    for pool_id, school_id, at, email, is_open in history.pool:
        if school_id in covered or not is_open:
            continue
        covered.add(school_id)
        plan.periods.append(
            SchoolPeriodPlan(school_id, at.date(), None, email, None, None, None, at, pool_row_id=pool_id)
        )


# Economy (§11) ----------------------------------------------------------------------------------------------


def economy(history: RoleHistory, lookups: Lookups, today: dt.date) -> RolePlan:
    cleaning = clean(history, "economy", today)
    plan = RolePlan(mode=ECONOMY, cleaning=cleaning)
    groups: dict[tuple, list[Record]] = {}
    for r in cleaning.records:
        groups.setdefault((r.school_id, r.lead_provider_id, r.cohort), []).append(r)
    kept = []
    for group in groups.values():
        ongoing = [r for r in group if r.end is None]
        keep = ongoing[-1] if ongoing else max(group, key=lambda r: (r.created_at, r.id))
        kept.append(keep)
        for r in group:
            if r is not keep:
                plan.record_use[r.id] = "merged"
                plan.changes.append((r.id, "economy group", f"represented by record {keep.id}"))
    kept.sort(key=lambda r: (r.end is None, r.start, r.created_at))
    next_start: dt.date | None = None
    built: list[tuple[SchoolPeriodPlan, Record]] = []
    for r in reversed(kept):
        start, end = r.start, r.end
        if next_start is not None:
            start = min(start, next_start - dt.timedelta(days=2))
            end = next_start - ONE_DAY if end is None else min(end, next_start - ONE_DAY)
        period = SchoolPeriodPlan(r.school_id, start, end, r.email, r.appropriate_body_id, r.id, r.id, r.created_at)
        built.append((period, r))
        plan.record_use[r.id] = "created"
        next_start = start
    built.reverse()
    for index, (period, r) in enumerate(built):
        if index == 0:
            period.created_at = history.created_at
        plan.periods.append(period)
        why_not = _trains(history, r)
        if why_not:
            plan.not_trained[r.id] = why_not
            continue
        training = _new_training(history, r, lookups)
        training.start, training.end = period.start, period.end
        withdrawal = (
            _latest_state(history, "withdrawn", r.cpd_lead_provider_id) if r.training_status == "withdrawn" else None
        )
        deferral = (
            _latest_state(history, "deferred", r.cpd_lead_provider_id) if r.training_status == "deferred" else None
        )
        _apply_stop(plan, training, withdrawal, deferral)
        completion = history.induction_completion_date if history.is_ect else history.mentor_completion_date
        ends = [d for d in (training.end, _stop_day(training), completion) if d is not None]
        if ends:
            end = min(ends)
            training.end = end if end > training.start else training.start + ONE_DAY
        if period.end is not None and training.end is not None and training.end > period.end:
            period.end = training.end if index == len(built) - 1 else period.end
        period.trainings.append(training)
    if history.is_ect and built:
        period, r = built[-1]
        if r.mentor_profile_id:
            found = _find_mentor_period(lookups, r.mentor_profile_id, period.school_id, r)
            if found is None:
                plan.mentorship_failures.append((r.id, "26 Mentor not migrated at this school for these dates"))
            else:
                start = max(period.start, found.start)
                ends = [d for d in (period.end, found.end) if d is not None]
                end = min(ends) if ends else None
                if end is None or end > start:
                    period.mentorships.append(MentorshipPlan(r.mentor_profile_id, found.id, start, end, r.id, r.id))
    _pool_periods(plan, history)
    return plan


# Checks (§3 period rules) and resolution of ids ------------------------------------------------------------


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    return (a_end is None or a_end >= b_start) and (b_end is None or b_end >= a_start)


def _within(parent: SchoolPeriodPlan | MentorPeriod, start: dt.date, end: dt.date | None) -> bool:
    if start < parent.start:
        return False
    return parent.end is None or (end is not None and end <= parent.end)


def check(plan: RolePlan, history: RoleHistory, lookups: Lookups) -> None:
    """Raise ConversionError when the periods break a rule the new database holds; resolve partnerships and
    schedules on the way (a missing one is a failure, §10.2). Broken mentorships are dropped, not fatal (§10.4)."""
    periods = plan.periods
    for p in periods:
        if p.end is not None and p.end <= p.start:
            raise ConversionError(f"school period {p.start}→{p.end} is not at least one day long", p.start_ir)
    for i, a in enumerate(periods):
        for b in periods[i + 1 :]:
            if (history.is_ect or a.school_id == b.school_id) and _overlap(a.start, a.end, b.start, b.end):
                raise ConversionError(f"school periods {a.start} and {b.start} overlap", b.start_ir)
    trainings = [t for p in periods for t in p.trainings]
    for p in periods:
        for t in p.trainings:
            if t.end is not None and t.end <= t.start:
                raise ConversionError(f"training period {t.start}→{t.end} is not at least one day long", t.start_ir)
            if not _within(p, t.start, t.end):
                raise ConversionError(f"training period {t.start}→{t.end} outside its school period", t.start_ir)
            if t.provider_led:
                _resolve_training(t, p, history, lookups, plan)
        kept = []
        for m in p.mentorships:
            mentor_period = next(
                (mp for mp in lookups.mentor_periods(m.mentor_profile_id) if mp.id == m.mentor_period_id), None
            )
            if (
                (m.end is not None and m.end <= m.start)
                or not _within(p, m.start, m.end)
                or (mentor_period and not _within(mentor_period, m.start, m.end))
            ):
                plan.mentorship_failures.append((m.start_ir, f"mentorship {m.start}→{m.end} outside its periods"))
                continue
            kept.append(m)
        p.mentorships = kept
    for i, a in enumerate(trainings):
        for b in trainings[i + 1 :]:
            if _overlap(a.start, a.end, b.start, b.end):
                raise ConversionError(f"training periods {a.start} and {b.start} overlap", b.start_ir)


def _resolve_training(t: TrainingPlan, p: SchoolPeriodPlan, history: RoleHistory, lookups: Lookups, plan) -> None:
    t.school_partnership_id = lookups.partnership(p.school_id, t.lead_provider_id, t.year, t.delivery_partner_id)
    if t.school_partnership_id is None:
        raise ConversionError(
            f"No SchoolPartnership found for training period ({p.school_id}, {t.year}, {t.lead_provider_id}, "
            f"{t.delivery_partner_id})",
            t.start_ir,
        )
    identifier = t.schedule_identifier or "ecf-standard-september"
    if history.is_ect and "replacement" in identifier:
        # §16 item 15 leaves the schedule empty, but provider-led training must have one here (training_periods_
        # programme_shape), so the standard schedule of the same start month stands in, reported as a change.
        standard = identifier.replace("replacement", "standard")
        plan.changes.append((t.start_ir, "15 Replacement schedule on ECT", f"{identifier} → {standard}"))
        identifier = standard
    t.schedule_id = lookups.schedule(t.schedule_year, identifier)
    if t.schedule_id is None:
        raise ConversionError(f"No schedule {identifier} in {t.schedule_year}", t.start_ir)
