"""A generated ECF1 world: realistic histories for N participants plus every known data problem of
migration.md §16, each planted on purpose and listed in `planted_problems` so it can be counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ecf1_migration.source_builder import (
    COHORT_YEARS,
    ECT,
    LEAD_PROVIDER_IDS,
    MENTOR,
    Ecf1Builder,
    Profile,
    stamp,
)

D = dt.date
LEAD_PROVIDERS = tuple(LEAD_PROVIDER_IDS)


def generate(builder: Ecf1Builder, participants: int) -> None:
    """Fill `builder` with about `participants` ECT and mentor profiles (at least one of each planted problem)."""
    b = builder
    b.reference()
    rng = b.rng
    school_count = max(20, participants // 12)
    schools = [b.school() for _ in range(school_count)]
    school_provider = {school: rng.choice(LEAD_PROVIDERS) for school in schools}
    for index, school in enumerate(schools):
        urn = b.school_urns[school]
        b.rows["gias_establishments"].append(_gias_row(urn))
        if index % 4:  # three schools in four have nominated an induction tutor
            b.induction_tutor(school, stamp(D(2021, 7, 1)))
        for year in COHORT_YEARS:
            if rng.random() < 0.5:
                b.add("pupil_premiums", school_id=school, start_year=year, pupil_premium_incentive=True,
                      sparsity_incentive=rng.random() < 0.2)  # fmt: skip
    planted = _plant_all(b)
    mentors_by_school: dict[str, list[tuple[Profile, dt.date]]] = {}
    remaining = max(0, participants - planted)
    mentor_count = remaining * 3 // 10
    for _ in range(mentor_count):
        school = rng.choice(schools)
        mentors_by_school.setdefault(school, []).append(_normal_mentor(b, school, school_provider[school]))
    for _ in range(remaining - mentor_count):
        _normal_ect(b, rng.choice(schools), schools, school_provider, mentors_by_school)


def _gias_row(urn: int, **overrides) -> dict:
    row = {
        "urn": urn, "name": f"School {urn}", "type_name": "Community school", "status": "open", "in_england": True,
        "section_41_approved": False, "local_authority_code": 202, "administrative_district_name": "Camden",
        "ukprn": 10_000_000 + urn, "phase_name": "Primary",
    }  # fmt: skip
    row.update(overrides)
    return row


def _year(rng) -> int:
    return rng.choices(COHORT_YEARS, weights=(10, 15, 20, 25, 30))[0]


def _normal_mentor(b: Ecf1Builder, school: str, lead_provider: str) -> tuple[Profile, dt.date]:
    rng = b.rng
    year = _year(rng)
    start = D(year, 9, 1) + dt.timedelta(days=rng.randrange(0, 40))
    person = b.person(created_at=stamp(start - dt.timedelta(days=30)))
    mentor = b.profile(MENTOR, person, year, created_at=stamp(start - dt.timedelta(days=30)))
    programme = b.programme(school, year, "full_induction_programme", lead_provider)
    b.record(mentor, programme, start, None, created_at=stamp(start - dt.timedelta(days=20)))
    b.add("school_mentors", participant_profile_id=mentor.id, school_id=school, preferred_identity_id=mentor.identity_id,
          created_at=stamp(start - dt.timedelta(days=20)))  # fmt: skip
    declared = start + dt.timedelta(days=45)
    if declared < b.snapshot_on and rng.random() < 0.6:
        b.declaration(mentor, lead_provider, year, "started", declared)
    return mentor, start


def _normal_ect(b: Ecf1Builder, school, schools, school_provider, mentors_by_school) -> Profile:
    """A typical ECT: one school, or a move, a change of lead provider, a withdrawal or a deferral; declarations
    on the statements their dates fall into."""
    rng = b.rng
    year = _year(rng)
    lead_provider = school_provider[school]
    provider_led = rng.random() < 0.8
    start = D(year, 9, 1) + dt.timedelta(days=rng.randrange(0, 50))
    created = stamp(start - dt.timedelta(days=rng.randrange(1, 30)))
    person = b.person(created_at=created)
    finished = year <= 2022
    completion = D(year + 2, 7, 20) if finished else None
    ect = b.profile(ECT, person, year, created_at=created, induction_completion_date=completion)
    programme = (
        b.programme(school, year, "full_induction_programme", lead_provider)
        if provider_led
        else b.programme(school, year, "core_induction_programme", None)
    )
    # a mentor already mentoring at the school when the ECT starts, if there is one
    mentors = [m for m, since in mentors_by_school.get(school, []) if since <= start] or [None]
    mentor = rng.choice(mentors)
    story = rng.random()
    end = completion
    if story < 0.15 and not finished:  # moved school
        moved_on = start + dt.timedelta(days=rng.randrange(60, 300))
        if moved_on < b.snapshot_on:
            other = rng.choice(schools)
            if other != school:
                b.record(ect, programme, start, moved_on, mentor=mentor, induction_status="leaving", created_at=created)
                other_provider = school_provider[other]
                other_programme = b.programme(other, year, "full_induction_programme", other_provider)
                b.record(ect, other_programme, moved_on, None, school_transfer=True)
                _declarations(b, ect, other_provider if provider_led else None, year, start, None)
                return ect
    if story < 0.25 and provider_led and not finished:  # changed lead provider at the same school
        changed_on = start + dt.timedelta(days=rng.randrange(60, 200))
        if changed_on < b.snapshot_on:
            other_provider = rng.choice([lp for lp in LEAD_PROVIDERS if lp != lead_provider])
            b.record(ect, programme, start, changed_on, mentor=mentor, created_at=created)
            b.record(ect, b.programme(school, year, "full_induction_programme", other_provider), changed_on, None,
                     mentor=mentor)  # fmt: skip
            _declarations(b, ect, lead_provider, year, start, changed_on)
            return ect
    if story < 0.35 and provider_led and not finished:  # withdrawn or deferred (migration.md §15.3)
        stopped_on = start + dt.timedelta(days=rng.randrange(60, 300))
        if stopped_on < b.snapshot_on:
            withdrawn = rng.random() < 0.7
            state = "withdrawn" if withdrawn else "deferred"
            reason = rng.choice(["moved-school", "left-teaching-profession", "other"] if withdrawn
                                else ["career-break", "parental-leave", "long-term-sickness"])  # fmt: skip
            b.record(ect, programme, start, stopped_on, mentor=mentor, created_at=created)
            at = stamp(stopped_on, 10, 12)
            b.state(ect, state, reason, lead_provider, at)
            b.record(ect, programme, stopped_on, None, training_status=state, mentor=mentor, created_at=at)
            _declarations(b, ect, lead_provider, year, start, stopped_on)
            return ect
    b.record(ect, programme, start, end, mentor=mentor, created_at=created,
             induction_status="completed" if end else "active")  # fmt: skip
    _declarations(b, ect, lead_provider if provider_led else None, year, start, end)
    return ect


def _declarations(b: Ecf1Builder, ect: Profile, lead_provider, year, start, until) -> None:
    if lead_provider is None:
        return
    rng = b.rng
    for index, declaration_type in enumerate(("started", "retained-1", "retained-2")):
        on = start + dt.timedelta(days=30 + 120 * index)
        if on >= b.snapshot_on or (until and on > until):
            return
        roll = rng.random()
        state = None
        if roll < 0.05:
            state = "voided"
        elif roll < 0.08:
            state = "submitted"
        elif roll < 0.1 and b.statement_for(lead_provider, year, on).status == "paid":
            state = "clawed_back"
        b.declaration(ect, lead_provider, year, declaration_type, on, state=state)


# Planted problems -------------------------------------------------------------------------------------------


def _plant_all(b: Ecf1Builder) -> int:
    """Plant each of the 30 known problems once; returns the number of participant profiles created."""
    before = len(b.rows["participant_profiles"])
    context = _Context(b)
    for problem, plant in sorted(PLANTERS.items()):
        plant(context)
        assert any(row["problem"] == problem for row in b.rows["planted_problems"]), problem
    return len(b.rows["participant_profiles"]) - before


class _Context:
    def __init__(self, b: Ecf1Builder) -> None:
        self.b = b
        self.a = b.school(name="Planted school A")
        self.b_school = b.school(name="Planted school B")
        for school, name in ((self.a, "Planted school A"), (self.b_school, "Planted school B")):
            b.rows["gias_establishments"].append(_gias_row(b.school_urns[school], name=name))

    def ect(self, year: int = 2023, **kwargs) -> Profile:
        created = kwargs.pop("created_at", stamp(D(year, 7, 1)))
        return self.b.profile(ECT, self.b.person(created_at=created), year, created_at=created, **kwargs)

    def fip(self, school: str, year: int = 2023, lead_provider: str = "Ambition Institute", **kwargs):
        return self.b.programme(school, year, "full_induction_programme", lead_provider, **kwargs)

    def inverted_tail(self, ect: Profile, year: int = 2023) -> str:
        """A corrupted record (end before start) that makes premium conversion fail, so economy mode runs."""
        return self.b.record(ect, self.fip(self.b_school, year), D(2026, 3, 10), D(2026, 3, 1),
                             created_at=stamp(D(2026, 3, 10)))  # fmt: skip


PLANTERS: dict[int, Callable[[_Context], None]] = {}


def planter(problem: int):
    def register(function):
        PLANTERS[problem] = function
        return function

    return register


@planter(1)
def _overlap(c: _Context) -> None:
    ect = c.ect()
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), D(2024, 6, 1))
    record = c.b.record(ect, c.fip(c.b_school), D(2024, 1, 5), None, school_transfer=True)
    c.b.plant(1, "induction_records", record, "starts at school B before the record at school A ends")


@planter(2)
def _inverted(c: _Context) -> None:
    ect = c.ect()
    record = c.b.record(ect, c.fip(c.a), D(2023, 9, 10), D(2023, 9, 1))
    c.b.record(ect, c.fip(c.b_school), D(2024, 1, 1), None)
    c.b.plant(2, "induction_records", record, "end date before start date")


@planter(3)
def _zero_length(c: _Context) -> None:
    ect = c.ect()
    record = c.b.record(ect, c.fip(c.a), D(2023, 10, 1), D(2023, 10, 1))
    c.b.plant(3, "induction_records", record, "start date equals end date")


@planter(4)
def _before_service(c: _Context) -> None:
    ect = c.ect(2021, induction_completion_date=D(2023, 7, 20), created_at=stamp(D(2021, 8, 1)))
    record = c.b.record(ect, c.fip(c.a, 2021), D(2021, 9, 1), D(2021, 6, 30), created_at=stamp(D(2021, 8, 20)))
    c.b.record(ect, c.fip(c.b_school, 2021), D(2022, 1, 10), D(2023, 7, 20), induction_status="completed")
    c.b.plant(4, "induction_records", record, "ends on 2021-06-30, before the service existed")


@planter(5)
def _backfill(c: _Context) -> None:
    ect = c.ect(2021, created_at=stamp(D(2022, 2, 9)))
    record = c.b.record(ect, c.fip(c.a, 2021), D(2022, 2, 9), D(2024, 3, 1), created_at=stamp(D(2022, 2, 9)))
    c.inverted_tail(ect)
    c.b.plant(5, "induction_records", record, "first record starts on the back-fill date 2022-02-09")


@planter(6)
def _started_after_creation(c: _Context) -> None:
    ect = c.ect(created_at=stamp(D(2023, 9, 1)))
    record = c.b.record(ect, c.fip(c.a), D(2023, 10, 15), D(2025, 1, 1), created_at=stamp(D(2023, 9, 1)))
    c.inverted_tail(ect)
    c.b.plant(6, "induction_records", record, "starts six weeks after it was created")


@planter(7)
def _after_completion(c: _Context) -> None:
    ect = c.ect(2022, induction_completion_date=D(2024, 7, 20))
    c.b.record(ect, c.fip(c.a, 2022), D(2022, 9, 1), D(2024, 7, 20), induction_status="completed")
    record = c.b.record(ect, c.fip(c.b_school, 2022), D(2024, 9, 1), D(2024, 12, 1))
    c.b.plant(7, "induction_records", record, "starts after the induction completion date")
    other = c.ect(2023, induction_completion_date=D(2025, 7, 18))
    ongoing = c.b.record(other, c.fip(c.a), D(2023, 9, 1), None)
    c.b.plant(7, "induction_records", ongoing, "still ongoing after the induction completion date")


@planter(8)
def _cohort_closure(c: _Context) -> None:
    ect = c.ect(2022)
    ongoing = c.b.record(ect, c.fip(c.a, 2022), D(2022, 9, 1), D(2025, 9, 1))
    later = c.b.record(ect, c.fip(c.a, 2022, "Teach First"), D(2025, 9, 1), None)
    c.b.plant(8, "induction_records", ongoing, "2022 cohort record running past 2025-07-31")
    c.b.plant(8, "induction_records", later, "2022 cohort record starting after 2025-07-31")
    moved = c.b.profile(ECT, c.b.person(), 2024, cohort_changed=True)
    c.b.record(moved, c.fip(c.a, 2021), D(2021, 9, 1), D(2024, 7, 31), year=2021)
    c.b.record(moved, c.fip(c.a, 2024), D(2024, 9, 1), None)
    c.b.plant(8, "participant_profiles", moved.id, "moved from the closed 2021 cohort to 2024 after payments froze")


@planter(9)
def _double_withdrawal(c: _Context) -> None:
    ect = c.ect()
    programme = c.fip(c.a)
    c.b.record(ect, programme, D(2023, 9, 1), D(2024, 3, 15))
    at = stamp(D(2024, 3, 15), 10, 12)
    state = c.b.state(ect, "withdrawn", "moved-school", "Ambition Institute", at)
    record = c.b.record(ect, programme, D(2024, 3, 15), D(2024, 4, 1), training_status="withdrawn", created_at=at)
    c.b.plant(9, "induction_records", record, "finished withdrawn record duplicating a withdrawn state")
    c.b.plant(9, "participant_profile_states", state, "withdrawal recorded as a state too")


@planter(10)
def _future_withdrawn(c: _Context) -> None:
    ect = c.ect()
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), D(2026, 1, 1))
    c.inverted_tail(ect)
    record = c.b.record(ect, c.fip(c.a), D(2026, 12, 1), None, training_status="withdrawn",
                        created_at=stamp(D(2026, 8, 1)))  # fmt: skip
    c.b.plant(10, "induction_records", record, "withdrawn record starting in the future")


@planter(11)
def _school_funded(c: _Context) -> None:
    ect = c.ect()
    record = c.b.record(ect, c.b.programme(c.a, 2023, "school_funded_fip", "Capita"), D(2023, 9, 1), D(2024, 1, 1))
    c.b.record(ect, c.fip(c.b_school), D(2024, 1, 1), None)
    c.b.plant(11, "induction_records", record, "school-funded FIP")


@planter(12)
def _overseas(c: _Context) -> None:
    school = c.b.school(type_code=37, type_name="British schools overseas", name="British School Abroad")
    ect = c.ect()
    record = c.b.record(ect, c.b.programme(school, 2023, "core_induction_programme", None), D(2023, 9, 1),
                        D(2024, 1, 1))  # fmt: skip
    c.b.record(ect, c.fip(c.a), D(2024, 1, 1), None)
    c.b.plant(12, "induction_records", record, "at a British school overseas")


@planter(13)
def _independent(c: _Context) -> None:
    school = c.b.school(type_code=11, type_name="Other independent school", section_41=False, name="Independent")
    ect = c.ect()
    record = c.b.record(ect, c.b.programme(school, 2023, "core_induction_programme", None), D(2023, 9, 1), None)
    c.b.plant(13, "induction_records", record, "school-led at an independent school without section 41")


@planter(14)
def _no_partnership(c: _Context) -> None:
    ect = c.ect()
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), D(2024, 1, 1))
    record = c.b.record(ect, c.fip(c.b_school, with_partnership=False), D(2024, 1, 1), None)
    c.b.plant(14, "induction_records", record, "provider-led with no partnership")


@planter(15)
def _replacement_schedule(c: _Context) -> None:
    ect = c.ect()
    record = c.b.record(ect, c.fip(c.a), D(2023, 9, 1), None, schedule="ecf-replacement-september")
    c.b.plant(15, "induction_records", record, "ECT on a replacement schedule")


@planter(16)
def _ero_mentors(c: _Context) -> None:
    for with_payment in (True, False):
        trn = c.b.next_trn()
        c.b.add("ecf_ineligible_participants", trn=trn, reason="previous_participation")
        mentor = c.b.profile(MENTOR, c.b.person(trn=trn), 2021, mentor_completion_date=D(2021, 8, 31),
                             mentor_completion_reason="completed_during_early_roll_out")  # fmt: skip
        c.b.record(mentor, c.fip(c.a, 2021), D(2021, 9, 1), None)
        if with_payment:
            paid = c.b.declaration(mentor, "Ambition Institute", 2021, "started", D(2021, 10, 1), state="paid")
            c.b.plant(16, "participant_declarations", paid, "ERO mentor's paid declaration keeps training")
        voided = c.b.declaration(mentor, "Ambition Institute", 2021, "completed", D(2022, 3, 1), state="voided")
        c.b.plant(16, "participant_declarations", voided, "ERO mentor's voided declaration is not migrated")
        c.b.plant(16, "participant_profiles", mentor.id, "ERO mentor" + (" with a paid declaration" * with_payment))


@planter(17)
def _mentor_after_completion(c: _Context) -> None:
    mentor = c.b.profile(MENTOR, c.b.person(), 2023, mentor_completion_date=D(2024, 7, 1),
                         mentor_completion_reason="completed_declaration_received")  # fmt: skip
    c.b.record(mentor, c.fip(c.a), D(2023, 9, 1), D(2024, 7, 1))
    record = c.b.record(mentor, c.fip(c.a, 2024), D(2024, 9, 1), None, year=2024)
    c.b.plant(17, "induction_records", record, "mentor training after mentor completion")


@planter(18)
def _pooled_mentor(c: _Context) -> None:
    mentor = c.b.profile(MENTOR, c.b.person(), 2023)
    c.b.record(mentor, c.fip(c.a), D(2023, 9, 1), None)
    for school in (c.a, c.b_school):
        pool = c.b.add("school_mentors", participant_profile_id=mentor.id, school_id=school,
                       preferred_identity_id=mentor.identity_id, created_at=stamp(D(2023, 10, 1)))  # fmt: skip
        if school == c.b_school:
            c.b.plant(18, "school_mentors", pool, "in a second school's mentor pool")


@planter(19)
def _unmatched_declarations(c: _Context) -> None:
    ect = c.ect()
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), None)
    other_dp = c.b.relationships[("Ambition Institute", 2023)][1]
    fallback = c.b.declaration(ect, "Ambition Institute", 2023, "started", D(2023, 10, 1), delivery_partner_id=other_dp)
    c.b.plant(19, "participant_declarations", fallback, "delivery partner differs: matched by provider and cohort")
    stray = c.b.declaration(ect, "Capita", 2023, "retained-1", D(2024, 1, 15))
    c.b.plant(19, "participant_declarations", stray, "lead provider never trained this participant")


@planter(20)
def _same_trn(c: _Context) -> None:
    trn = c.b.next_trn()
    first = c.b.person(trn=trn, created_at=stamp(D(2023, 6, 1)))
    second = c.b.person(trn=trn, created_at=stamp(D(2024, 6, 1)))
    ect = c.b.profile(ECT, first, 2023)
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), None)
    mentor = c.b.profile(MENTOR, second, 2024)
    c.b.record(mentor, c.fip(c.b_school, 2024), D(2024, 9, 1), None)
    c.b.add("participant_id_changes", user_id=first[0], from_participant_id=second[0], to_participant_id=first[0])
    c.b.plant(20, "users", second[0], "second ECF1 user with the same TRN")


@planter(21)
def _no_trn(c: _Context) -> None:
    person = c.b.person(trn=None)
    ect = c.b.profile(ECT, person, 2024)
    c.b.record(ect, c.b.programme(c.a, 2024, "core_induction_programme", None), D(2024, 9, 1), None)
    c.b.plant(21, "users", person[0], "teacher profile without a TRN")


@planter(22)
def _ineligible(c: _Context) -> None:
    ect = c.ect()
    c.b.add("ecf_participant_eligibilities", participant_profile_id=ect.id, status="ineligible",
            reason="previous_induction", previous_induction=True)  # fmt: skip
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), None)
    declaration = c.b.declaration(ect, "Ambition Institute", 2023, "started", D(2023, 10, 1), state="ineligible")
    c.b.plant(22, "participant_declarations", declaration, "ineligible declaration")
    c.b.plant(22, "participant_profiles", ect.id, "ECF1 judged the participant ineligible")


@planter(23)
def _deferral(c: _Context) -> None:
    ect = c.ect()
    programme = c.fip(c.a)
    c.b.record(ect, programme, D(2023, 9, 1), D(2024, 2, 1))
    at = stamp(D(2024, 2, 1), 9, 30)
    state = c.b.state(ect, "deferred", "career-break", "Ambition Institute", at)
    c.b.record(ect, programme, D(2024, 2, 1), None, training_status="deferred", created_at=at)
    c.b.plant(23, "participant_profile_states", state, "deferral to write on the training period")


@planter(24)
def _finance(c: _Context) -> None:
    statement = c.b.statements[("Capita", 2023)][0]
    adjustment = c.b.add("finance_adjustments", statement_id=statement.id, payment_type="Correction", amount=0)
    c.b.plant(24, "finance_adjustments", adjustment, "0.00 adjustment")
    kept = c.b.add("finance_adjustments", statement_id=statement.id, payment_type="Extra event", amount=250)
    del kept
    contract = next(row for row in c.b.rows["call_off_contracts"] if row["lead_provider_id"] ==
                    LEAD_PROVIDER_IDS["Capita"] and row["cohort_id"] == c.b.cohort_ids[2023])  # fmt: skip
    contract["uplift_amount"] = None
    c.b.plant(24, "call_off_contracts", contract["id"], "null uplift amount")
    band = next(row for row in c.b.rows["participant_bands"] if row["call_off_contract_id"] == contract["id"] and
                row["min"] == 4001)  # fmt: skip
    band["max"] = None
    c.b.plant(24, "participant_bands", band["id"], "open-ended last band")
    unused = c.b.add("call_off_contracts", lead_provider_id=LEAD_PROVIDER_IDS["Capita"],
                     cohort_id=c.b.cohort_ids[2023], version="unused_0.9", recruitment_target=1)  # fmt: skip
    del unused
    _second_contract_version(c)


def _second_contract_version(c: _Context) -> None:
    """Two call-off contract versions for one provider and year (§6.4): ECF1 prices two paid statements on version
    1.1, whose bands are dearer (the last one wider, 55% output) and uplift larger than the 1.0 the others use, so
    the migration must give each statement the contract of its own version for the penny-level comparison (§18.5
    "Finance") to agree."""
    lead_provider_id, year = LEAD_PROVIDER_IDS["Teach First"], 2023
    contract = c.b.add(
        "call_off_contracts", id="ffffffff-ffff-4fff-bfff-" + c.b.new_id()[-12:], lead_provider_id=lead_provider_id,
        cohort_id=c.b.cohort_ids[year], version="1.1", recruitment_target=4000, set_up_fee=0, uplift_target=0.33,
        uplift_amount=150, monthly_service_fee=None, raw="{}",
    )  # fmt: skip
    for low, high, fee in ((0, 2000, 1300), (2001, 4000, 1200), (4001, 6500, 1100)):
        c.b.add("participant_bands", call_off_contract_id=contract, min=low, max=high, per_participant=fee,
                output_payment_percentage=55, service_fee_percentage=45)  # fmt: skip
    statements = c.b.statements[("Teach First", year)]
    paid = next(s for s in statements if s.status == "paid")
    for statement in (paid, statements[-1]):
        row = next(r for r in c.b.rows["statements"] if r["id"] == statement.id)
        row["contract_version"] = "1.1"
        c.b.plant(24, "statements", statement.id, f"{statement.status} statement priced on a second contract version")
    ect = c.ect(year)
    c.b.record(ect, c.fip(c.a, year, lead_provider="Teach First"), D(year, 9, 1), None)
    c.b.declaration(ect, "Teach First", year, "started", min(paid.deadline_date, D(year, 10, 2)))
    _two_mentor_contracts_for_one_call_off_contract(c)


def _two_mentor_contracts_for_one_call_off_contract(c: _Context) -> None:
    """§6.4's failure: the statements on call-off contract 2.0 name two mentor call-off contracts, so no single
    contract can be made for it, and its two statements find none (§6.5). They are extra statements in months the
    ordinary ones leave free, with no line items, and every id is derived so the random stream is untouched."""
    lead_provider, year = "UCL Institute of Education", 2025
    lead_provider_id, cohort_id = LEAD_PROVIDER_IDS[lead_provider], c.b.cohort_ids[year]
    contract = c.b.add(
        "call_off_contracts", id=c.b.derived_id("call_off_contracts", "two-mentor-contracts"),
        lead_provider_id=lead_provider_id, cohort_id=cohort_id, version="2.0", recruitment_target=4000, set_up_fee=0,
        uplift_target=0, uplift_amount=0, monthly_service_fee=None, raw="{}",
    )  # fmt: skip
    for index, (low, high, fee) in enumerate(((None, 2000, 1250), (2001, 4000, 1150))):
        c.b.add("participant_bands", id=c.b.derived_id("participant_bands", contract, index),
                call_off_contract_id=contract, min=low, max=high, per_participant=fee, output_payment_percentage=60,
                service_fee_percentage=40)  # fmt: skip
    mentor = c.b.add(
        "mentor_call_off_contracts", id=c.b.derived_id("mentor_call_off_contracts", contract), version="0.0.2",
        lead_provider_id=lead_provider_id, cohort_id=cohort_id, recruitment_target=500, payment_per_participant=1100,
    )  # fmt: skip
    c.b.plant(24, "call_off_contracts", contract, "statements on it name two mentor call-off contracts")
    c.b.plant(24, "mentor_call_off_contracts", mentor, "second mentor call-off contract of one call-off contract")
    for index, (month, calendar_year, mentor_version) in enumerate((("December", 2025, "0.0.1"),
                                                                    ("January", 2026, "0.0.2"))):  # fmt: skip
        month_number = 12 if month == "December" else 1
        deadline = D(calendar_year, month_number, 1) - dt.timedelta(days=1)
        payment = D(calendar_year, month_number, 25)
        statement = c.b.add(
            "statements", id=c.b.derived_id("statements", contract, index), type="Finance::Statement::ECF::Paid",
            name=f"{month} {calendar_year}", cpd_lead_provider_id=c.b.cpd_ids[lead_provider], cohort_id=cohort_id,
            deadline_date=deadline, payment_date=payment, output_fee=True, contract_version="2.0",
            mentor_contract_version=mentor_version, reconcile_amount=0, marked_as_paid_at=stamp(payment),
            created_at=stamp(D(year, 6, 1)),
        )  # fmt: skip
        c.b.plant(24, "statements", statement, f"on call-off contract 2.0, mentor version {mentor_version}")


@planter(25)
def _emails(c: _Context) -> None:
    ect = c.ect()
    later = c.b.identity(ect.user_id, f"new-{ect.user_id[:8]}@teacher.example", stamp(D(2024, 1, 1)))
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), D(2024, 1, 10))
    record = c.b.record(ect, c.fip(c.a, lead_provider="Teach First"), D(2024, 1, 10), None, identity_id=later)
    c.b.plant(25, "induction_records", record, "later record in the spell uses a newer email")


@planter(26)
def _stray_mentor(c: _Context) -> None:
    mentor = c.b.profile(MENTOR, c.b.person(), 2023)
    c.b.record(mentor, c.fip(c.b_school), D(2023, 9, 1), None)
    ect = c.ect()
    record = c.b.record(ect, c.fip(c.a), D(2023, 9, 1), None, mentor=mentor)
    c.b.plant(26, "induction_records", record, "mentor mentors at another school")
    ghost = c.ect()
    unknown = c.b.record(ghost, c.fip(c.a), D(2023, 9, 1), None, mentor=c.b.new_id())
    c.b.plant(26, "induction_records", unknown, "mentor profile that does not exist")


@planter(27)
def _relationship(c: _Context) -> None:
    ect = c.ect()
    c.b.record(ect, c.fip(c.a), D(2023, 9, 1), D(2024, 1, 1), induction_status="leaving")
    dp = c.b.relationships[("Ambition Institute", 2023)][2]
    programme = c.fip(c.b_school, delivery_partner_id=dp, relationship=True)
    c.b.record(ect, programme, D(2024, 1, 1), None, school_transfer=True)
    c.b.plant(27, "partnerships", programme.partnership_id, "relationship partnership for a transfer")


@planter(28)
def _missing_from_gias(c: _Context) -> None:
    school = c.b.school(status_code=2, name="Closed before GIAS extract")
    ect = c.ect(2021, induction_completion_date=D(2023, 7, 1))
    c.b.record(ect, c.b.programme(school, 2021, "core_induction_programme", None), D(2021, 9, 1), D(2023, 7, 1),
               induction_status="completed")  # fmt: skip
    c.b.plant(28, "schools", school, "school not in the GIAS extract")


@planter(29)
def _gias_differs(c: _Context) -> None:
    school = c.b.school(name="Old name in ECF1")
    urn = c.b.school_urns[school]
    c.b.rows["gias_establishments"].append(_gias_row(urn, name="New name in GIAS", phase_name="Secondary"))
    ect = c.ect()
    c.b.record(ect, c.fip(school), D(2023, 9, 1), None)
    c.b.plant(29, "schools", school, "name and phase differ from GIAS")


@planter(30)
def _manual_correction(c: _Context) -> None:
    ect = c.ect()
    record = c.b.record(ect, c.fip(c.a), D(2023, 9, 1), None)
    c.b.plant(30, "participant_profiles", ect.id, f"email to correct after migration (record {record})")
