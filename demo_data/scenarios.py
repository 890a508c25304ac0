"""Life stories for generated teachers: every state of domain.md §7 (registered, joining, training, deferred,
resumed, withdrawn, moved school, leaving, left, released, re-claimed, extended, part-time, reassigned from a
frozen cohort, exempt, passed, failed; mentors training, completed, leaving, early roll-out, at two schools).

Each ECT scenario makes exactly one teacher. Dates are chosen relative to the current school year `Y`
(September Y to August Y+1, the one containing today) so the data looks current whenever it is seeded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from appropriate_bodies.models import AppropriateBodyPeriod, InductionOutcome
from demo_data.schools import SchoolInfo
from demo_data.world import DAY, SYSTEM, Row, World, at, contract_year_of
from events.types import EventType
from teachers.models import DeferralReason, MentorIneligibilityReason, TRSInductionStatus, WorkingPattern

FROZEN_COHORT_START = dt.date(2022, 9, 1)
LOCAL_AUTHORITIES_STOPPED = dt.date(2023, 9, 1)


# Shared steps ----------------------------------------------------------------------------------------


def _provider_for(w: World, school: SchoolInfo, year: int, *, require: bool = False):
    """The school's lead provider for the year when this ECT is provider-led, else None (school-led)."""
    if not school.can_be_provider_led:
        return None
    if school.programme == "mixed" and not require and w.rng.random() < 0.5:
        return None
    return school.lead_provider_for(year, w.ref)


def _body(w: World, school: SchoolInfo, started_on: dt.date) -> AppropriateBodyPeriod:
    """The school's body; before September 2023 sometimes a local authority (they were still appropriate bodies)."""
    if started_on < LOCAL_AUTHORITIES_STOPPED and not school.independent and w.rng.random() < 0.4:
        return w.rng.choice(w.ref.local_authorities)
    return school.appropriate_body


def _new_ect(w: World, start: dt.date, *, qts: bool = True, **fields) -> Row:
    qts_on = dt.date(start.year if start.month >= 7 else start.year - 1, 7, w.rng.randint(1, 25)) if qts else None
    return w.teacher(qts_on=qts_on, created_on=start - dt.timedelta(days=20), **fields)


def _claim_date(w: World, start: dt.date) -> dt.date:
    return max(start + dt.timedelta(days=w.rng.randint(0, 14)), dt.date(2021, 9, 2))


def _terms(w: World, first: dt.date, last: dt.date) -> float:
    return max(0.5, min(16.0, round((last - first).days / 365 * 3 * 2) / 2))


def _ect_with_training(
    w: World,
    school: SchoolInfo,
    *,
    start: dt.date,
    finish: dt.date | None = None,
    provider=None,
    family: str = "standard",
    body: AppropriateBodyPeriod | None = None,
    reported_leaving: bool = True,
    working_pattern: str = WorkingPattern.FULL_TIME,
    teacher: Row | None = None,
    eoi_only: bool = False,
    mentor: bool = True,
    **training_options,
) -> tuple[Row, Row, Row]:
    teacher = teacher or _new_ect(w, start)
    ect = w.ect_period(
        teacher,
        school,
        started_on=start,
        finished_on=finish,
        appropriate_body=body,
        working_pattern=working_pattern,
        reported_leaving=reported_leaving,
    )
    training = w.training(
        ect,
        started_on=start,
        finished_on=training_options.pop("training_finish", finish),
        provider=provider,
        family=family,
        expression_of_interest_only=eoi_only,
        **training_options,
    )
    if mentor:
        w.assign_mentors(ect)
    return teacher, ect, training


# ECT scenarios ---------------------------------------------------------------------------------------


def registered(w: World, school: SchoolInfo) -> None:
    """Registered this year and not yet claimed by an appropriate body; about half still wait for a mentor, and
    provider-led ones may hold only an expression of interest (partnership not confirmed yet)."""
    start = w.between(w.september(w.school_year), max(w.today, dt.date(w.school_year, 9, 8)))
    provider = _provider_for(w, school, contract_year_of(start))
    _ect_with_training(
        w, school, start=start, provider=provider, eoi_only=w.rng.random() < 0.5, mentor=w.rng.random() < 0.5
    )


def joining(w: World, school: SchoolInfo) -> None:
    """Registered to start in the next weeks (some before their QTS is awarded); some already have a mentor lined up."""
    year_end = dt.date(contract_year_of(w.today) + 1, 5, 31)
    start = min(w.today + dt.timedelta(days=w.rng.randint(10, 70)), year_end)
    start = max(start, w.today + DAY)
    if contract_year_of(start) not in w.ref.contract_periods:
        return first_year(w, school)
    teacher = _new_ect(w, start, qts=w.rng.random() < 0.7)
    provider = _provider_for(w, school, contract_year_of(start))
    _ect_with_training(
        w,
        school,
        start=start,
        provider=provider,
        teacher=teacher,
        eoi_only=w.rng.random() < 0.6,
        mentor=w.rng.random() < 0.5,
    )


def _in_training(w: World, school: SchoolInfo, *, year: int, require_provider: bool = False, **options) -> tuple:
    start = w.september(year)
    provider = options.pop("provider", _provider_for(w, school, contract_year_of(start), require=require_provider))
    body = _body(w, school, start)
    teacher, ect, training = _ect_with_training(w, school, start=start, provider=provider, body=body, **options)
    claimed_on = _claim_date(w, start)
    if claimed_on <= w.today:
        w.induction(teacher, body, started_on=claimed_on, provider_led=provider is not None, ect=ect)
    w.settle_induction_status(teacher)
    return teacher, ect, training


def first_year(w: World, school: SchoolInfo) -> None:
    """In the first year of induction: claimed, training, mentored."""
    _in_training(w, school, year=w.school_year)


def second_year(w: World, school: SchoolInfo) -> None:
    _in_training(w, school, year=w.school_year - 1)


def school_led(w: World, school: SchoolInfo) -> None:
    """School-led training: no partnership, no EOI, no schedule."""
    _in_training(w, school, year=w.school_year - w.rng.randint(0, 1), provider=None)


def part_time(w: World, school: SchoolInfo) -> None:
    """Part-time ECTs serve induction pro rata, on an extended schedule."""
    _in_training(
        w, school, year=w.school_year - w.rng.randint(1, 2), family="extended", working_pattern=WorkingPattern.PART_TIME
    )


def extended(w: World, school: SchoolInfo) -> None:
    """Past the usual two years: the appropriate body added one or two extensions."""
    teacher, _, _ = _in_training(w, school, year=w.school_year - 2, family="extended")
    body = school.appropriate_body
    w.extension(teacher, body, terms=w.rng.choice((1.0, 2.0, 1.5)), on=dt.date(w.school_year, 6, 20))
    if w.rng.random() < 0.3:
        w.extension(teacher, body, terms=1.0, on=w.past(dt.date(w.school_year, 11, 5)))


def deferred(w: World, school: SchoolInfo) -> None:
    """The lead provider deferred the training (e.g. parental leave); still at school and in induction."""
    if not school.can_be_provider_led:
        return second_year(w, school)
    start = w.september(w.school_year - 1)
    on = w.between(start + dt.timedelta(days=90), w.today - dt.timedelta(days=7))
    reason = w.rng.choice(DeferralReason.values)
    _in_training(w, school, year=w.school_year - 1, require_provider=True, deferred=(on, reason))


def resumed(w: World, school: SchoolInfo) -> None:
    """Deferred, then resumed: a second period with the same partnership and schedule."""
    if not school.can_be_provider_led:
        return second_year(w, school)
    start = w.september(w.school_year - 1)
    paused_on = w.between(start + dt.timedelta(days=60), start + dt.timedelta(days=200))
    resumed_on = w.past(paused_on + dt.timedelta(days=w.rng.randint(60, 150)))
    _, ect, paused = _in_training(
        w,
        school,
        year=w.school_year - 1,
        require_provider=True,
        deferred=(paused_on, DeferralReason.LONG_TERM_SICKNESS),
    )
    w.resume(paused, ect, on=max(resumed_on, paused_on + DAY))


def withdrawn(w: World, school: SchoolInfo) -> None:
    """Left teaching: the provider withdrew the training, the school reported the leaving, the body released them."""
    if not school.can_be_provider_led:
        return left(w, school)
    start = w.september(w.school_year - 1)
    provider = school.lead_provider_for(contract_year_of(start), w.ref)
    body = _body(w, school, start)
    claimed_on = _claim_date(w, start)
    leaving_on = w.between(start + dt.timedelta(days=60), w.today - dt.timedelta(days=14))
    teacher, ect, _ = _ect_with_training(
        w,
        school,
        start=start,
        finish=leaving_on,
        provider=provider,
        body=body,
        withdrawn=(leaving_on, "left_teaching_profession"),
    )
    w.induction(teacher, body, started_on=claimed_on, finished_on=leaving_on, ect=ect)
    w.settle_induction_status(teacher)


def withdrawn_at_school(w: World, school: SchoolInfo) -> None:
    """Withdrawn by the provider but still at the school: either waiting for new arrangements, or moved to
    school-led training the day after."""
    if not school.can_be_provider_led:
        return school_led(w, school)
    start = w.september(w.school_year - 1)
    on = w.between(start + dt.timedelta(days=60), w.today - dt.timedelta(days=10))
    switch = w.rng.random() < 0.5
    reason = "switched_to_school_led" if switch else "other"
    _, ect, _ = _in_training(w, school, year=w.school_year - 1, require_provider=True, withdrawn=(on, reason))
    if switch:
        w.training(ect, started_on=on + DAY)


def left(w: World, school: SchoolInfo) -> None:
    """Left the school (reported by it); training finished the same day; the body released them."""
    start = w.september(w.school_year - 1)
    leaving_on = w.between(start + dt.timedelta(days=30), w.today - DAY)
    provider = _provider_for(w, school, contract_year_of(start))
    body = _body(w, school, start)
    teacher, ect, _ = _ect_with_training(w, school, start=start, finish=leaving_on, provider=provider, body=body)
    claimed_on = _claim_date(w, start)
    if claimed_on < leaving_on:
        w.induction(teacher, body, started_on=claimed_on, finished_on=leaving_on, ect=ect)
    w.settle_induction_status(teacher)


def leaving(w: World, school: SchoolInfo) -> None:
    """The school reported a leaving date still to come ("Leaving school")."""
    start = w.september(w.school_year - 1)
    leaving_on = w.today + dt.timedelta(days=w.rng.randint(5, 60))
    provider = _provider_for(w, school, contract_year_of(start))
    body = _body(w, school, start)
    teacher, ect, _ = _ect_with_training(w, school, start=start, finish=leaving_on, provider=provider, body=body)
    w.induction(teacher, body, started_on=_claim_date(w, start), provider_led=provider is not None, ect=ect)
    w.settle_induction_status(teacher)


def moved_school(w: World, school: SchoolInfo, *, to: SchoolInfo, start: dt.date | None = None) -> None:
    """At one school, then registered by another: the first period ends the day before the second starts
    (§7.1.4). Provider-led training keeps its contract year and schedule (§6.2 step 2); a change of
    appropriate body means a release by one and a claim by the other."""
    start = start or w.september(w.school_year - (2 if school.closed_on is not None else 1))
    if school.closed_on is not None:
        leaving_on = school.closed_on
    else:
        leaving_on = w.between(dt.date(w.school_year - 1, 12, 15), dt.date(w.school_year, 4, 30))
        leaving_on = w.past(leaving_on)
    year = contract_year_of(start)
    provider = _provider_for(w, school, year)
    body = _body(w, school, start)
    teacher, ect, training = _ect_with_training(
        w,
        school,
        start=start,
        finish=leaving_on,
        provider=provider,
        body=body,
        reported_leaving=school.closed_on is not None,
    )
    new_provider = to.lead_provider_for(year, w.ref) if provider is not None and to.can_be_provider_led else None
    arrived_on = leaving_on + DAY
    new_ect = w.ect_period(teacher, to, started_on=arrived_on, registered_on=w.past(arrived_on - DAY))
    if school.closed_on is None:  # the new school's registration closed the old period (no reporting school)
        w.event(
            EventType.TEACHER_LEFT_SCHOOL_AS_ECT,
            f"{teacher['_name']} left {school.name}",
            by=w.school_user(to),
            on=leaving_on,
            teacher=teacher["id"],
            school=school.id,
            ect_at_school_period=ect["id"],
        )
    if new_provider is not None:
        identifier = training["_identifier"]
        w.training(new_ect, started_on=arrived_on, provider=new_provider, year=year, family=identifier.split("-")[1],
                   month=identifier.split("-")[2])  # fmt: skip
    else:
        w.training(new_ect, started_on=arrived_on)
    w.assign_mentors(new_ect)
    claimed_on = _claim_date(w, start)
    new_body = to.appropriate_body
    if new_body.pk == body.pk:
        w.induction(teacher, body, started_on=claimed_on, provider_led=provider is not None, ect=ect)
    else:
        w.induction(
            teacher, body, started_on=claimed_on, finished_on=leaving_on, provider_led=provider is not None, ect=ect
        )
        reclaimed_on = arrived_on + dt.timedelta(days=w.rng.randint(0, 10))
        if reclaimed_on <= w.today:
            w.induction(teacher, new_body, started_on=reclaimed_on, provider_led=new_provider is not None, ect=new_ect)
    w.settle_induction_status(teacher)


def released(w: World, school: SchoolInfo) -> None:
    """Released by the appropriate body and not claimed again yet ("Induction paused")."""
    start = w.september(w.school_year - 1)
    teacher, ect, _ = _ect_with_training(
        w, school, start=start, provider=_provider_for(w, school, contract_year_of(start))
    )
    body = _body(w, school, start)
    released_on = dt.date(w.school_year - 1, 12, 19)
    w.induction(teacher, body, started_on=_claim_date(w, start), finished_on=released_on, terms=1.0, ect=ect)
    w.settle_induction_status(teacher)


def reclaimed(w: World, school: SchoolInfo) -> None:
    """Released by one body, then claimed by another."""
    start = w.september(w.school_year - 1)
    first_body = _body(w, school, start)
    others = [b for b in (*w.ref.hubs, w.ref.istip) if b.pk != first_body.pk]
    second_body = others[school.urn % len(others)]
    provider = _provider_for(w, school, contract_year_of(start))
    teacher, ect, _ = _ect_with_training(w, school, start=start, provider=provider, body=second_body)
    released_on = dt.date(w.school_year, 3, 28)
    released_on = w.past(released_on) if released_on < w.today else dt.date(w.school_year - 1, 12, 19)
    w.induction(teacher, first_body, started_on=_claim_date(w, start), finished_on=released_on, ect=ect)
    w.induction(teacher, second_body, started_on=released_on + dt.timedelta(days=w.rng.randint(1, 20)), ect=ect)
    w.settle_induction_status(teacher)


def _completed(w: World, school: SchoolInfo, outcome: str) -> None:
    years_ago = 2 if w.rng.random() < 0.75 else 3
    start = w.september(w.school_year - years_ago)
    finished_on = dt.date(w.school_year - years_ago + 2, 7, w.rng.randint(10, 22))
    provider = _provider_for(w, school, contract_year_of(start))
    body = _body(w, school, start)
    teacher, ect, training = _ect_with_training(
        w, school, start=start, finish=finished_on, provider=provider, body=body, reported_leaving=False
    )
    notified_on = finished_on + dt.timedelta(days=w.rng.randint(1, 5)) if outcome == InductionOutcome.FAIL else None
    w.induction(
        teacher,
        body,
        started_on=_claim_date(w, start),
        finished_on=finished_on,
        terms=6.0,
        outcome=outcome,
        provider_led=provider is not None,
        fail_notified_on=notified_on,
        ect=ect,
        training=training,
    )
    w.settle_induction_status(teacher)


def passed(w: World, school: SchoolInfo) -> None:
    """Passed induction: the school record closed on the same day (§7.1.7)."""
    _completed(w, school, InductionOutcome.PASS)


def failed(w: World, school: SchoolInfo) -> None:
    _completed(w, school, InductionOutcome.FAIL)


def reassigned(w: World, school: SchoolInfo, *, first_school: SchoolInfo) -> None:
    """Started in the payments-frozen 2022 cohort, left, and came back in 2024: moved to the 2024 contract period
    on the extended September schedule, remembering the frozen year (§6.2 step 1)."""
    back_on = w.september(2024)
    provider_2022 = first_school.lead_provider_for(2022, w.ref) if first_school.can_be_provider_led else None
    provider_2024 = school.lead_provider_for(2024, w.ref) if school.can_be_provider_led else None
    if w.today <= back_on or provider_2022 is None or provider_2024 is None:
        return second_year(w, school)
    start = w.september(2022)
    left_on = dt.date(2023, 7, 21)
    teacher = _new_ect(w, start, ect_payments_frozen_year_id=2022)
    legacy_body = w.rng.choice(w.ref.local_authorities)
    _, old_ect, _ = _ect_with_training(
        w, first_school, start=start, finish=left_on, provider=provider_2022, body=legacy_body, teacher=teacher
    )
    w.induction(teacher, legacy_body, started_on=_claim_date(w, start), finished_on=left_on, terms=3.0, ect=old_ect)
    _, ect, _ = _ect_with_training(
        w,
        school,
        start=back_on,
        provider=provider_2024,
        year=2024,
        family="extended",
        month="september",
        teacher=teacher,
    )
    w.induction(teacher, school.appropriate_body, started_on=_claim_date(w, back_on), ect=ect)
    w.settle_induction_status(teacher)


def exempt(w: World, school: SchoolInfo) -> None:
    """Registered, then TRS reported the ECT exempt: no claim, and ineligible for ECT funding from that day."""
    start = w.september(w.school_year)
    ineligible_on = min(w.between(start, start + dt.timedelta(days=40)), w.today)
    teacher = _new_ect(w, start, status=TRSInductionStatus.EXEMPT, ect_became_ineligible_for_funding_on=ineligible_on)
    _ect_with_training(
        w, school, start=start, provider=_provider_for(w, school, contract_year_of(start)), teacher=teacher
    )
    w.event(
        EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED,
        "Induction status changed from 'RequiredToComplete' to 'Exempt'",
        by=SYSTEM,
        on=at(ineligible_on, 3),
        teacher=teacher["id"],
    )


# Mentor scenarios ------------------------------------------------------------------------------------


def _new_mentor(w: World, **fields) -> Row:
    qualified = dt.date(w.rng.randint(2004, 2019), 7, w.rng.randint(1, 25))
    passed_on = dt.date(qualified.year + 1, 7, 20)
    status = TRSInductionStatus.EXEMPT if w.rng.random() < 0.05 else TRSInductionStatus.PASSED
    return w.teacher(
        qts_on=qualified,
        created_on=dt.date(w.school_year - 3, 8, 20),
        status=status,
        trs_induction_completed_date=passed_on if status == TRSInductionStatus.PASSED else None,
        **fields,
    )


def mentor(w: World, school: SchoolInfo, *, years_ago: int | None = None, finish: dt.date | None = None) -> Row:
    """A mentor at the school; at provider-led schools with funded training from their first day."""
    years_ago = w.rng.randint(0, 3) if years_ago is None else years_ago
    start = w.september(w.school_year - years_ago)
    if school.closed_on is not None:
        start, finish = w.september(w.school_year - 3), school.closed_on
    teacher = _new_mentor(w)
    period = w.mentor_period(teacher, school, started_on=start, finished_on=finish)
    provider = school.lead_provider_for(contract_year_of(start), w.ref) if school.can_be_provider_led else None
    if provider is not None:
        family = "replacement" if w.rng.random() < 0.1 else "standard"
        w.training(period, started_on=start, finished_on=finish, provider=provider, family=family)
        teacher["mentor_first_became_eligible_for_training_at"] = at(w.past(start), 12)
    return period


def mentor_completed(w: World, school: SchoolInfo) -> Row:
    """Completed funded mentor training: ineligible from the completed declaration's date; still mentoring."""
    start = w.september(w.school_year - 2)
    provider = school.lead_provider_for(contract_year_of(start), w.ref) if school.can_be_provider_led else None
    if provider is None or school.closed_on is not None:
        return mentor(w, school)
    completed_on = dt.date(w.school_year, 7, w.rng.randint(1, 20))
    teacher = _new_mentor(
        w,
        mentor_first_became_eligible_for_training_at=at(start, 12),
        mentor_became_ineligible_for_funding_on=completed_on,
        mentor_became_ineligible_for_funding_reason=MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED,
    )
    period = w.mentor_period(teacher, school, started_on=start)
    w.training(period, started_on=start, finished_on=completed_on, provider=provider)
    w.event(
        EventType.MENTOR_COMPLETION_STATUS_CHANGE,
        f"{teacher['_name']} completed mentor training",
        by=w.lead_provider_api(provider),
        on=at(completed_on, 13),
        metadata={"reason": MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED},
        teacher=teacher["id"],
        school=school.id,
        mentor_at_school_period=period["id"],
    )
    return period


def mentor_left(w: World, school: SchoolInfo) -> Row:
    """Left the school last December: their mentees changed mentor."""
    return mentor(w, school, years_ago=3, finish=dt.date(w.school_year - 1, 12, 20))


def early_roll_out_mentor(w: World, school: SchoolInfo) -> Row:
    """Trained in the 2020–21 early roll-out: permanently ineligible for mentor funding, no training period."""
    teacher = _new_mentor(
        w,
        mentor_became_ineligible_for_funding_on=dt.date(2021, 4, 19),
        mentor_became_ineligible_for_funding_reason=MentorIneligibilityReason.COMPLETED_DURING_EARLY_ROLL_OUT,
    )
    w.event(
        EventType.IMPORT_FROM_DQT,
        "Early roll-out mentor imported from DQT",
        by=SYSTEM,
        on=at(dt.date(2025, 3, 3), 2),
        teacher=teacher["id"],
    )
    start = w.september(w.school_year - 1)
    finish = school.closed_on if school.closed_on and school.closed_on >= start else None
    return w.mentor_period(
        teacher, school, started_on=start if finish is None else finish - DAY * 200, finished_on=finish
    )


def former_ect_mentor(w: World, school: SchoolInfo) -> Row:
    """Passed induction in the first ECF cohort at this school, and now mentors there."""
    mentoring_from = w.september(2024)
    if w.today <= mentoring_from or school.closed_on is not None:
        return mentor(w, school)
    start = w.september(2021)
    passed_on = dt.date(2023, 7, 19)
    provider = school.lead_provider_for(2021, w.ref) if school.can_be_provider_led else None
    body = _body(w, school, start)
    teacher, ect, training = _ect_with_training(
        w, school, start=start, finish=passed_on, provider=provider, body=body, reported_leaving=False, mentor=False
    )
    w.induction(
        teacher,
        body,
        started_on=_claim_date(w, start),
        finished_on=passed_on,
        terms=6.0,
        outcome=InductionOutcome.PASS,
        provider_led=provider is not None,
        ect=ect,
        training=training,
    )
    w.settle_induction_status(teacher)
    period = w.mentor_period(teacher, school, started_on=mentoring_from)
    mentor_provider = school.lead_provider_for(2024, w.ref) if school.can_be_provider_led else None
    if mentor_provider is not None:
        w.training(period, started_on=mentoring_from, provider=mentor_provider)
        teacher["mentor_first_became_eligible_for_training_at"] = at(mentoring_from, 12)
    return period


def mentor_at_second_school(w: World, period: Row, school: SchoolInfo) -> Row | None:
    """An ongoing mentor who also mentors at another school (§7.2.1 step 6 "no"): a second ongoing period
    from its registration day, and no training there."""
    if period["finished_on"] is not None or school.closed_on is not None or period["_school"].id == school.id:
        return None
    start = w.past(max(w.september(w.school_year), period["started_on"] + DAY))
    return w.mentor_period(period["_teacher"], school, started_on=start)


ECT_SCENARIOS: dict[str, Callable[..., None]] = {
    "registered": registered,
    "joining": joining,
    "first_year": first_year,
    "second_year": second_year,
    "school_led": school_led,
    "part_time": part_time,
    "extended": extended,
    "deferred": deferred,
    "resumed": resumed,
    "withdrawn": withdrawn,
    "withdrawn_at_school": withdrawn_at_school,
    "left": left,
    "leaving": leaving,
    "moved_school": moved_school,
    "released": released,
    "reclaimed": reclaimed,
    "passed": passed,
    "failed": failed,
    "reassigned": reassigned,
    "exempt": exempt,
}
NEEDS_OTHER_SCHOOL = {"moved_school": "to", "reassigned": "first_school"}

MENTOR_SCENARIOS: dict[str, Callable[..., Row]] = {
    "mentor": mentor,
    "mentor_completed": mentor_completed,
    "mentor_left": mentor_left,
    "early_roll_out_mentor": early_roll_out_mentor,
    "former_ect_mentor": former_ect_mentor,
}
