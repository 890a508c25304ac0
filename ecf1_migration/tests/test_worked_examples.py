"""migration.md §15.1–15.4: the worked conversion examples, on hand-written histories (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from ecf1_migration.convert import ECONOMY, PREMIUM, Lookups, MentorPeriod, convert, economy, premium
from ecf1_migration.history import ProfileState, Record, RoleHistory

D = dt.date
A, B = "school-111111", "school-222222"
AMBITION, BPN = "lp-ambition", "lp-bpn"
CPD = {AMBITION: "cpd-ambition", BPN: "cpd-bpn"}
TODAY = D(2026, 9, 15)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def record(rid: str, school: str, start: dt.date, end: dt.date | None, *, lead_provider: str = AMBITION,
           delivery_partner: str = "dp-x", cohort: int = 2023, created: dt.date | None = None, **extra) -> Record:  # fmt: skip
    return Record(
        id=rid, start=start, end=end, created_at=at(created or start), updated_at=at(created or start),
        cohort=cohort, school_id=school, school_type_code=1, school_section_41=False,
        programme="full_induction_programme", schedule_identifier="ecf-standard-september", schedule_cohort=cohort,
        email=f"{rid}@example.com", mentor_profile_id=extra.pop("mentor", None),
        training_status=extra.pop("training_status", "active"), induction_status=extra.pop("induction_status", "active"), lead_provider_id=lead_provider,
        cpd_lead_provider_id=CPD[lead_provider], delivery_partner_id=delivery_partner, partnership_cohort=cohort, **extra,
    )  # fmt: skip


def ect(*records: Record, states=(), completion: dt.date | None = None) -> RoleHistory:
    return RoleHistory(
        profile_id="ect-1", is_ect=True, created_at=at(D(2021, 1, 1)), updated_at=at(D(2021, 1, 1)),
        records=list(records), states=list(states), induction_completion_date=completion,
    )  # fmt: skip


def lookups(mentor_periods: dict | None = None) -> Lookups:
    return Lookups(
        partnership=lambda school, lp, year, dp: 1, schedule=lambda year, identifier: 1,
        mentor_periods=lambda mentor: (mentor_periods or {}).get(mentor, []),
    )  # fmt: skip


def spans(plan) -> list[tuple[str, dt.date, dt.date | None]]:
    return [(p.school_id, p.start, p.end) for p in plan.periods]


ONGOING = None
OVERLAP_CASES = [
    # (name, A record, B record, expected A period, expected B period) — all in 2024 (§15.1)
    ("same start, first ends later", (3, 3, 6, 6), (3, 3, 5, 5), (3, 1, 3, 2), (3, 3, 5, 5)),
    ("same start and end", (3, 3, 6, 6), (3, 3, 6, 6), (3, 1, 3, 2), (3, 3, 6, 6)),
    ("same start, second ends later", (3, 3, 5, 5), (3, 3, 6, 6), (3, 1, 3, 2), (3, 3, 6, 6)),
    ("second inside first", (1, 1, 6, 6), (3, 3, 5, 5), (1, 1, 3, 2), (3, 3, 5, 5)),
    ("second starts later, same end", (1, 1, 6, 6), (3, 3, 6, 6), (1, 1, 3, 2), (3, 3, 6, 6)),
    ("second starts and ends later", (1, 1, 5, 5), (3, 3, 6, 6), (1, 1, 3, 2), (3, 3, 6, 6)),
    ("second ongoing", (1, 1, 5, 5), (3, 3, ONGOING, ONGOING), (1, 1, 3, 2), (3, 3, ONGOING, ONGOING)),
    ("same start, second ongoing", (3, 3, 6, 6), (3, 3, ONGOING, ONGOING), (3, 1, 3, 2), (3, 3, ONGOING, ONGOING)),
]


def day(month, dom):
    return None if month is None else D(2024, month, dom)


@pytest.mark.parametrize(("name", "a", "b", "want_a", "want_b"), OVERLAP_CASES, ids=[c[0] for c in OVERLAP_CASES])
def test_15_1_school_period_overlap_resolution(name, a, b, want_a, want_b):
    history = ect(
        record("RA", A, day(a[0], a[1]), day(a[2], a[3]), created=D(2024, 1, 1)),
        record("RB", B, day(b[0], b[1]), day(b[2], b[3]), created=D(2024, 1, 2)),
    )
    plan = convert(history, lookups(), TODAY)
    assert plan.mode == PREMIUM
    assert spans(plan) == [
        (A, day(want_a[0], want_a[1]), day(want_a[2], want_a[3])),
        (B, day(want_b[0], want_b[1]), day(want_b[2], want_b[3])),
    ]
    for period in plan.periods:  # training periods follow their school period
        assert [(t.start, t.end) for t in period.trainings] == [(period.start, period.end)]


def test_15_2_change_of_lead_provider_at_one_school():
    mentor_period = MentorPeriod(id=77, school_id=A, start=D(2023, 6, 1), end=None, created_at=at(D(2023, 6, 1)))
    history = ect(
        record("R1", A, D(2023, 9, 1), D(2024, 1, 10), mentor="M", delivery_partner="dp-x"),
        record("R2", A, D(2024, 1, 10), None, lead_provider=BPN, delivery_partner="dp-y", mentor="M"),
    )
    plan = convert(history, lookups({"M": [mentor_period]}), TODAY)
    assert spans(plan) == [(A, D(2023, 9, 1), None)]
    trainings = plan.periods[0].trainings
    assert [(t.lead_provider_id, t.start, t.end) for t in trainings] == [
        (AMBITION, D(2023, 9, 1), D(2024, 1, 9)),
        (BPN, D(2024, 1, 10), None),
    ]
    [mentorship] = plan.periods[0].mentorships
    assert (mentorship.mentor_period_id, mentorship.start, mentorship.end) == (77, D(2023, 9, 1), None)
    assert (mentorship.start_ir, mentorship.end_ir) == ("R1", "R2")
    assert [t.start_ir for t in trainings] == ["R1", "R2"]  # the two combinations, one per induction record


WITHDRAWAL = ProfileState("withdrawn", "moved-school", CPD[AMBITION], at(D(2024, 3, 15), 10, 12), "S1")


def withdrawal_history() -> RoleHistory:
    return ect(
        record("R1", A, D(2023, 9, 1), D(2024, 3, 15)),
        record("R2", A, D(2024, 3, 15), None, training_status="withdrawn", created=D(2024, 3, 15)),
        states=[WITHDRAWAL],
    )


def test_15_3_withdrawal_premium():
    plan = premium(withdrawal_history(), lookups(), TODAY)
    assert spans(plan) == [(A, D(2023, 9, 1), None)]
    [training] = plan.periods[0].trainings
    assert (training.start, training.end) == (D(2023, 9, 1), D(2024, 3, 15))
    assert (training.withdrawn_at, training.withdrawal_reason) == (WITHDRAWAL.created_at, "moved_school")
    assert plan.not_trained == {"R2": "ongoing tail of a withdrawal or deferral"}


def test_15_3_withdrawal_economy_loses_history_before_the_withdrawal():
    plan = economy(withdrawal_history(), lookups(), TODAY)
    assert plan.mode == ECONOMY
    assert spans(plan) == [(A, D(2024, 3, 15), None)]
    [training] = plan.periods[0].trainings
    assert (training.start, training.end) == (D(2024, 3, 15), D(2024, 3, 16))
    assert (training.withdrawn_at, training.withdrawal_reason) == (WITHDRAWAL.created_at, "moved_school")


def test_15_4_cohort_closure_2022():
    history = ect(
        record("R1", A, D(2022, 9, 1), None, cohort=2022),
        record("R2", A, D(2025, 9, 1), None, cohort=2022, lead_provider=BPN),
    )
    plan = convert(history, lookups(), TODAY)
    assert spans(plan) == [(A, D(2022, 9, 1), D(2025, 7, 31))]
    assert plan.cleaning.dropped == {"R2": "8 2021/2022 cohort closure (start)"}
    assert ("R1", "9 2021/2022 cohort closure (end)", "end None → 2025-07-31") in plan.cleaning.changes


def test_transfer_timestamp_comes_from_the_leaving_and_joining_records():
    """§8 derived values: `api_transfer_updated_at` of the training periods of the providers involved."""
    leaving = record("R1", A, D(2023, 9, 1), D(2024, 1, 1), induction_status="leaving")
    joining = record("R2", B, D(2024, 1, 1), None, lead_provider=BPN, school_transfer=True)
    history = ect(leaving, replace(joining, updated_at=at(D(2024, 2, 2))))
    plan = convert(history, lookups(), TODAY)
    assert [t.transfer_updated_at for p in plan.periods for t in p.trainings] == [at(D(2024, 2, 2))] * 2


def test_post_completion_keep_list_keeps_a_record_after_completion():
    """§9.1 cleaner 5: a (profile, lead provider, cohort) on the keep-list survives induction completion."""
    after = record("R2", B, D(2024, 9, 1), D(2024, 12, 1), cohort=2022)
    history = ect(record("R1", A, D(2022, 9, 1), D(2024, 7, 20), cohort=2022), after, completion=D(2024, 7, 20))
    assert convert(history, lookups(), TODAY).cleaning.dropped == {"R2": "5 After induction completion"}
    history.keep_after_completion = frozenset({(AMBITION, 2022)})
    plan = convert(history, lookups(), TODAY)
    assert plan.cleaning.dropped == {}
    assert spans(plan)[-1] == (B, D(2024, 9, 1), D(2024, 12, 1))
