"""A participant's ECF1 history in memory (migration.md §8) and the cleaners that tidy it (§9).

Pure functions on plain data: no database access, so each rule is tested on hand-written histories.
Every cleaner returns what it dropped or changed, with its rule name, for the reconciliation report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

ONE_DAY = dt.timedelta(days=1)
SERVICE_START = dt.date(2021, 9, 1)
BACKFILL_DAY = dt.date(2022, 2, 9)
# §9.1 cleaners 8–9: cohorts closed, participants moved to later cohorts.
COHORT_CUT_OFF = {2021: dt.date(2024, 7, 31), 2022: dt.date(2025, 7, 31)}
PROVIDER_LED = ("full_induction_programme", "school_funded_fip")
SCHOOL_LED = ("core_induction_programme", "design_our_own")
BRITISH_SCHOOLS_OVERSEAS = 37
INDEPENDENT_TYPES = (10, 11)


@dataclass(slots=True)
class Record:
    """One ECF1 induction record with what §8 says it carries."""

    id: str
    start: dt.date
    end: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    cohort: int
    school_id: str  # ECF1 school id
    school_type_code: int | None
    school_section_41: bool
    programme: str  # ECF1 training_programme
    schedule_identifier: str
    schedule_cohort: int
    email: str | None
    mentor_profile_id: str | None
    training_status: str
    induction_status: str
    lead_provider_id: str | None = None  # ECF1 lead provider id, only when the programme has a partnership
    cpd_lead_provider_id: str | None = None
    delivery_partner_id: str | None = None
    partnership_cohort: int | None = None
    appropriate_body_id: str | None = None
    school_transfer: bool = False
    ignore_training: bool = False

    @property
    def provider_led(self) -> bool:
        return self.programme in PROVIDER_LED

    @property
    def has_provider(self) -> bool:
        return self.lead_provider_id is not None

    @property
    def contract_year(self) -> int:
        return self.partnership_cohort or self.cohort


@dataclass(slots=True)
class ProfileState:
    state: str  # active, deferred, withdrawn
    reason: str | None
    cpd_lead_provider_id: str | None
    created_at: dt.datetime
    id: str = ""


@dataclass
class RoleHistory:
    """An ECT or mentor profile with its records (§8)."""

    profile_id: str
    is_ect: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    records: list[Record]
    states: list[ProfileState] = field(default_factory=list)
    induction_start_date: dt.date | None = None
    induction_completion_date: dt.date | None = None
    mentor_completion_date: dt.date | None = None
    mentor_completion_reason: str | None = None
    is_ero: bool = False
    ero_with_declarations: bool = False
    pool: list[tuple[str, str, dt.datetime, str | None, bool]] = field(
        default_factory=list
    )  # id, school, at, email, open
    keep_after_completion: frozenset[tuple[str, int]] = frozenset()  # (lead provider id, cohort) keep-list


@dataclass
class Cleaning:
    """What the cleaners did: kept records, and per record the rules that dropped or changed it."""

    records: list[Record]
    dropped: dict[str, str] = field(default_factory=dict)  # record id -> rule
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # record id, rule, what changed

    def drop(self, record: Record, rule: str) -> None:
        self.dropped.setdefault(record.id, rule)

    def change(self, old: Record, new: Record, rule: str) -> Record:
        what = []
        for name in ("start", "end"):
            if getattr(old, name) != getattr(new, name):
                what.append(f"{name} {getattr(old, name)} → {getattr(new, name)}")
        self.changes.append((old.id, rule, "; ".join(what)))
        return new


def transfer_updated_at(records: list[Record]) -> dict[str, dt.datetime]:
    """§8 derived value: walking records by creation, each `leaving` record paired with the next record at another
    school flagged `school_transfer`; per lead provider of either, the latest `updated_at` of such pairs."""
    by_creation = sorted(records, key=lambda r: (r.created_at, r.id))
    found: dict[str, dt.datetime] = {}
    for index, leaving in enumerate(by_creation):
        if leaving.induction_status != "leaving":
            continue
        joining = next(
            (r for r in by_creation[index + 1 :] if r.school_id != leaving.school_id and r.school_transfer), None
        )
        if joining is None:
            continue
        latest = max(leaving.updated_at, joining.updated_at)
        for provider in {leaving.lead_provider_id, joining.lead_provider_id} - {None}:
            found[provider] = max(found.get(provider, latest), latest)
    return found


def payments_frozen_year(records: list[Record], profile_cohort: int, frozen_years: set[int]) -> int | None:
    """§8 derived value, for a profile flagged `cohort_changed_after_payments_frozen`: the cohort of its first record
    whose cohort is payments-frozen and differs from the cohort of the profile's schedule."""
    for r in ordered(records):
        if r.cohort in frozen_years and r.cohort != profile_cohort:
            return r.cohort
    return None


def ordered(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.start, r.created_at, r.id))


# Shared cleaners 1–4 ----------------------------------------------------------------------------------------


def drop_british_schools_overseas(c: Cleaning, history: RoleHistory) -> None:
    rule = "1 British schools overseas"
    for r in list(c.records):
        if r.school_type_code == BRITISH_SCHOOLS_OVERSEAS:
            c.drop(r, rule)
    c.records = [r for r in c.records if r.id not in c.dropped]


def drop_school_funded_fip(c: Cleaning, history: RoleHistory) -> None:
    for r in c.records:
        if r.programme == "school_funded_fip":
            c.drop(r, "2 School-funded FIP")
    c.records = [r for r in c.records if r.id not in c.dropped]


def drop_independent_without_section_41(c: Cleaning, history: RoleHistory) -> None:
    """Keep a school's group unless it is independent, has no FIP and its school-led records did not start under
    section 41 approval (we hold the approval flag, not its dates, so the flag stands for "approved then")."""
    by_school: dict[str, list[Record]] = {}
    for r in c.records:
        by_school.setdefault(r.school_id, []).append(r)
    for group in by_school.values():
        first = group[0]
        if first.school_type_code not in INDEPENDENT_TYPES:
            continue
        if any(r.programme == "full_induction_programme" for r in group):
            continue
        if all(r.programme in SCHOOL_LED for r in group) and first.school_section_41:
            continue
        for r in group:
            c.drop(r, "3 Independent school without section 41")
    c.records = [r for r in c.records if r.id not in c.dropped]


def drop_provider_led_without_partnership(c: Cleaning, history: RoleHistory) -> None:
    if not history.is_ect:
        return
    for r in c.records:
        if r.provider_led and not r.has_provider:
            c.drop(r, "4 Provider-led ECT without partnership")
    c.records = [r for r in c.records if r.id not in c.dropped]


SHARED = (
    drop_british_schools_overseas,
    drop_school_funded_fip,
    drop_independent_without_section_41,
    drop_provider_led_without_partnership,
)


# Premium cleaners 5–9 ---------------------------------------------------------------------------------------


def drop_after_completion(c: Cleaning, history: RoleHistory) -> None:
    completed = history.induction_completion_date
    if not history.is_ect or completed is None:
        return
    for r in c.records:
        if r.start >= completed and (r.lead_provider_id, r.cohort) not in history.keep_after_completion:
            c.drop(r, "5 After induction completion")
    c.records = [r for r in c.records if r.id not in c.dropped]


def close_ongoing_at_completion(c: Cleaning, history: RoleHistory) -> None:
    completed = history.induction_completion_date
    if not history.is_ect or completed is None:
        return
    c.records = [
        c.change(r, replace(r, end=max(r.start + ONE_DAY, completed)), "6 Close ongoing after completion")
        if r.end is None
        else r
        for r in c.records
    ]


def drop_duplicate_withdrawal_records(c: Cleaning, history: RoleHistory) -> None:
    for state in history.states:
        if state.state not in ("withdrawn", "deferred"):
            continue
        for r in c.records:
            if (
                r.end is not None
                and r.created_at.date() == state.created_at.date()
                and r.training_status == state.state
                and r.cpd_lead_provider_id == state.cpd_lead_provider_id
            ):
                c.drop(r, "7 Duplicate withdrawal/deferral record")
    c.records = [r for r in c.records if r.id not in c.dropped]


def drop_after_cohort_closure(c: Cleaning, history: RoleHistory) -> None:
    if not history.is_ect:
        return
    for r in c.records:
        cut_off = COHORT_CUT_OFF.get(r.cohort)
        if cut_off and r.start >= cut_off:
            c.drop(r, "8 2021/2022 cohort closure (start)")
    c.records = [r for r in c.records if r.id not in c.dropped]


def end_at_cohort_closure(c: Cleaning, history: RoleHistory) -> None:
    if not history.is_ect:
        return
    kept = []
    for r in c.records:
        cut_off = COHORT_CUT_OFF.get(r.cohort)
        if cut_off and (r.end is None or r.end > cut_off):
            r = c.change(r, replace(r, end=cut_off), "9 2021/2022 cohort closure (end)")
        kept.append(r)
    c.records = kept


PREMIUM = (
    *SHARED,
    drop_after_completion,
    close_ongoing_at_completion,
    drop_duplicate_withdrawal_records,
    drop_after_cohort_closure,
    end_at_cohort_closure,
)


# Economy cleaners 5–11 --------------------------------------------------------------------------------------


def snip_ongoing_to_completion(c: Cleaning, history: RoleHistory) -> None:
    completed = history.induction_completion_date
    if not history.is_ect or completed is None:
        return
    c.records = [
        c.change(r, replace(r, end=completed), "e5 Snip ongoing to completion") if r.end is None else r
        for r in c.records
    ]


def service_start(c: Cleaning, history: RoleHistory) -> None:
    records = ordered(c.records)
    kept = []
    for index, r in enumerate(records):
        if r.end is not None and r.end < SERVICE_START:
            following = records[index + 1].start if index + 1 < len(records) else None
            end = following if following and following >= SERVICE_START else r.created_at.date()
            r = c.change(r, replace(r, end=end), "e6 Service start")
        kept.append(r)
    c.records = kept


def corrupted_dates(c: Cleaning, history: RoleHistory) -> None:
    c.records = [
        c.change(r, replace(r, start=r.end, end=r.end + ONE_DAY), "e7 Corrupted dates")
        if r.end is not None and r.end < r.start
        else r
        for r in c.records
    ]


def zero_day(c: Cleaning, history: RoleHistory) -> None:
    c.records = [
        c.change(r, replace(r, end=r.end + ONE_DAY), "e8 Zero-day") if r.end is not None and r.end == r.start else r
        for r in c.records
    ]


def creation_date(c: Cleaning, history: RoleHistory) -> None:
    records = ordered(c.records)
    if records and records[0].created_at.date() < records[0].start:
        first = records[0]
        records[0] = c.change(first, replace(first, start=first.created_at.date()), "e9 Creation date")
    c.records = records


def induction_record_introduction(c: Cleaning, history: RoleHistory) -> None:
    records = ordered(c.records)
    if records and records[0].start == BACKFILL_DAY:
        first = records[0]
        records[0] = c.change(first, replace(first, start=SERVICE_START), "e10 Induction record introduction")
    c.records = records


def drop_future_withdrawn(c: Cleaning, history: RoleHistory, today: dt.date) -> None:
    for r in c.records:
        if r.start > today and r.training_status in ("withdrawn", "deferred"):
            c.drop(r, "e11 Future withdrawn/deferred")
    c.records = [r for r in c.records if r.id not in c.dropped]


ECONOMY = (
    *SHARED,
    snip_ongoing_to_completion,
    service_start,
    corrupted_dates,
    zero_day,
    creation_date,
    induction_record_introduction,
)


def clean(history: RoleHistory, pipeline: str, today: dt.date) -> Cleaning:
    c = Cleaning(records=ordered(history.records))
    for cleaner in PREMIUM if pipeline == "premium" else ECONOMY:
        cleaner(c, history)
    if pipeline == "economy":
        drop_future_withdrawn(c, history, today)
    c.records = ordered(c.records)
    return c
