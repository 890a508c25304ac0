"""The demo and scale data sets: loaded twice without duplicates, every state of domain.md §7 present, rows
consistent with the period and training rules, and scale data generated and replaced on demand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q

from api.v3.testing import V3Client
from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType
from core import clock
from demo_data.demo import seed_demo
from demo_data.reference_data import LEAD_PROVIDER_NAMES
from demo_data.scale import SCALE_TRNS, SCALE_URNS, seed_scale
from events.models import Event
from events.types import AuthorType, EventType
from finance.models import Contract, FeeType, Statement, StatementStatus
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    Milestone,
    Schedule,
    SchoolPartnership,
)
from schools.models import GIASSchool, School
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionExtension,
    InductionPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
)

COUNTED = (
    ContractPeriod,
    Schedule,
    Milestone,
    LeadProvider,
    ActiveLeadProvider,
    DeliveryPartner,
    LeadProviderDeliveryPartnership,
    AppropriateBodyPeriod,
    GIASSchool,
    School,
    SchoolPartnership,
    Teacher,
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    InductionPeriod,
    InductionExtension,
    Contract,
    Statement,
    Event,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def check_deferred_constraints() -> None:
    """Foreign keys are checked at commit, and tests never commit: check them now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def demo(db, frozen_today):
    seed_demo()
    check_deferred_constraints()


def test_seed_demo_twice_creates_nothing_new(db, frozen_today):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first["School"] == 50
    assert 380 <= first["Teacher"] <= 420
    assert first["Event"] > 5 * first["Teacher"]


def test_reference_data(demo):
    assert sorted(LeadProvider.objects.values_list("name", flat=True)) == sorted(LEAD_PROVIDER_NAMES)
    assert list(ContractPeriod.objects.values_list("year", flat=True)) == list(range(2021, 2028))
    assert not ContractPeriod.objects.get(year=2027).enabled
    assert ContractPeriod.objects.filter(payments_frozen_at__isnull=False).count() == 2
    assert {row["n"] for row in Schedule.objects.values("contract_period").annotate(n=Count("id"))} == {12}
    bad_windows = Milestone.objects.filter(
        Q(milestone_date__lte=F("start_date")) | Q(start_date__year__lt=F("schedule__contract_period__year"))
    )
    assert not bad_windows.exists()
    assert Milestone.objects.filter(schedule__identifier="ecf-extended-april", declaration_type="extended-3").exists()
    # every provider pairs with delivery partners in each year it is active
    for active in ActiveLeadProvider.objects.all():
        assert active.delivery_partnerships.exists()
    kinds = set(AppropriateBodyPeriod.objects.values_list("body_type", flat=True))
    assert kinds == set(AppropriateBodyType.values)
    assert AppropriateBodyPeriod.objects.filter(dfe_sign_in_organisation_id__isnull=True).exists()  # inactive
    assert AppropriateBodyPeriod.objects.filter(name__contains="(ISTIP)", dfe_sign_in_organisation_id__isnull=False)


def test_statements_for_every_active_lead_provider(demo):
    """finance.md §5.3–§5.4: a contract and 34 monthly statements (November of the contract year to August three
    years on) per active lead provider, output statements in January, April, August and November, paid once their
    payment date has passed on the seeding day; the API shows each provider its output statements only."""
    actives = ActiveLeadProvider.objects.all()
    per_active = dict(Statement.objects.values_list("active_lead_provider").annotate(n=Count("id")))
    assert per_active == {active.pk: 34 for active in actives}
    assert set(Contract.objects.values_list("active_lead_provider", flat=True)) == {active.pk for active in actives}
    outputs = Statement.objects.filter(fee_type=FeeType.OUTPUT)
    assert set(outputs.values_list("month", flat=True)) == {1, 4, 8, 11}
    assert not outputs.filter(payment_date__gte=clock.today(), status=StatementStatus.PAID).exists()
    assert outputs.filter(payment_date__lt=clock.today()).exclude(status=StatementStatus.PAID).count() == 0
    for month, year, deadline, payment in Statement.objects.values_list(
        "month", "year", "deadline_date", "payment_date"
    ):
        assert (deadline, payment) == (dt.date(year, month, 1) - dt.timedelta(days=1), dt.date(year, month, 25))

    teach_first = LeadProvider.objects.get(name="Teach First")
    data = V3Client(teach_first).get("/api/v3/statements", {"page[per_page]": "3000"}).json()["data"]
    expected = outputs.filter(active_lead_provider__lead_provider=teach_first)
    assert len(data) == expected.count() == 7 * 12  # seven contract years, twelve output months each
    assert [item["attributes"]["payment_date"] for item in data] == sorted(
        item["attributes"]["payment_date"] for item in data
    )


def test_schools_are_varied(demo):
    gias = GIASSchool.objects.filter(school__isnull=False)
    assert gias.values("type_name").distinct().count() >= 15
    assert gias.filter(status="closed").exists()
    assert gias.filter(status="proposed_to_close").exists()
    assert gias.filter(type_name="Other independent school", section_41_approved=False, eligible=False).exists()
    assert gias.filter(type_name__contains="independent", section_41_approved=True, eligible=True).exists()
    assert School.objects.filter(marked_as_eligible=True).exists()
    assert School.objects.filter(last_chosen_training_programme="school_led").exists()
    assert School.objects.filter(last_chosen_lead_provider__isnull=False).exists()
    urns = list(GIASSchool.objects.values_list("urn", flat=True))
    assert all(100000 <= urn <= 999999 for urn in urns)


def _ect_training(**filters):
    return TrainingPeriod.objects.filter(role="ect", **filters)


STATES = {
    "registered, not yet claimed": lambda today: ECTAtSchoolPeriod.objects.filter(
        finished_on__isnull=True, started_on__lte=today, teacher__induction_periods__isnull=True
    ).exclude(teacher__trs_induction_status="Exempt"),
    "joining (starts in the future)": lambda today: ECTAtSchoolPeriod.objects.filter(started_on__gt=today),
    "waiting for a mentor": lambda today: ECTAtSchoolPeriod.objects.filter(
        finished_on__isnull=True, mentorship_periods__isnull=True
    ),
    "training with a confirmed partnership": lambda today: _ect_training(
        finished_on__isnull=True, school_partnership__isnull=False, teacher__induction_periods__finished_on__isnull=True
    ),
    "training on an expression of interest only": lambda today: _ect_training(
        school_partnership__isnull=True, expression_of_interest__isnull=False
    ),
    "school-led training": lambda today: _ect_training(training_programme="school_led", finished_on__isnull=True),
    "deferred": lambda today: _ect_training(
        deferred_at__isnull=False, ect_at_school_period__finished_on__isnull=True
    ).exclude(ect_at_school_period__training_periods__finished_on__isnull=True),
    "resumed after a deferral": lambda today: _ect_training(
        finished_on__isnull=True,
        ect_at_school_period__training_periods__deferred_at__isnull=False,
        school_partnership__isnull=False,
    ),
    "withdrawn (left teaching)": lambda today: _ect_training(
        withdrawal_reason="left_teaching_profession", ect_at_school_period__finished_on=F("finished_on")
    ),
    "withdrawn, still at school": lambda today: _ect_training(
        withdrawn_at__isnull=False, ect_at_school_period__finished_on__isnull=True
    ),
    "left school": lambda today: ECTAtSchoolPeriod.objects.filter(
        finished_on__lt=today, reported_leaving_by_school=F("school")
    ),
    "leaving school": lambda today: ECTAtSchoolPeriod.objects.filter(
        finished_on__gte=today, reported_leaving_by_school__isnull=False
    ),
    "released, induction paused": lambda today: Teacher.objects.filter(
        induction_periods__finished_on__isnull=False,
        induction_periods__outcome__isnull=True,
        trs_induction_status="InProgress",
        ect_at_school_periods__finished_on__isnull=True,
    ).exclude(induction_periods__finished_on__isnull=True),
    "released, then claimed by another body": lambda today: InductionPeriod.objects.filter(
        finished_on__isnull=True,
        teacher__induction_periods__outcome__isnull=True,
        teacher__induction_periods__finished_on__isnull=False,
    ).exclude(
        teacher__induction_periods__appropriate_body_period=F("appropriate_body_period"), finished_on__isnull=False
    ),
    "extended": lambda today: Teacher.objects.filter(
        induction_extensions__isnull=False, induction_periods__finished_on__isnull=True
    ),
    "part-time": lambda today: ECTAtSchoolPeriod.objects.filter(working_pattern="part_time", finished_on__isnull=True),
    "passed": lambda today: InductionPeriod.objects.filter(
        outcome="pass",
        teacher__trs_induction_status="Passed",
        teacher__ect_at_school_periods__finished_on=F("finished_on"),
    ),
    "failed": lambda today: InductionPeriod.objects.filter(
        outcome="fail", fail_confirmation_sent_on__isnull=False, teacher__trs_induction_status="Failed"
    ),
    "exempt": lambda today: Teacher.objects.filter(
        trs_induction_status="Exempt", ect_became_ineligible_for_funding_on__isnull=False
    ),
    "reassigned from a frozen cohort": lambda today: _ect_training(
        teacher__ect_payments_frozen_year=2022,
        finished_on__isnull=True,
        schedule__contract_period=2024,
        schedule__identifier="ecf-extended-september",
    ),
    "mentor in training": lambda today: TrainingPeriod.objects.filter(role="mentor", finished_on__isnull=True),
    "completed mentor, still mentoring": lambda today: Teacher.objects.filter(
        mentor_became_ineligible_for_funding_reason="completed_declaration_received",
        mentor_at_school_periods__finished_on__isnull=True,
        mentor_at_school_periods__mentorship_periods__finished_on__isnull=True,
    ),
    "early roll-out mentor": lambda today: Teacher.objects.filter(
        mentor_became_ineligible_for_funding_reason="completed_during_early_roll_out",
        mentor_became_ineligible_for_funding_on=dt.date(2021, 4, 19),
    ),
    "mentor who left": lambda today: MentorAtSchoolPeriod.objects.filter(
        finished_on__lt=today, reported_leaving_by_school__isnull=False
    ),
    "former ECT now mentoring": lambda today: Teacher.objects.filter(
        induction_periods__outcome="pass", mentor_at_school_periods__finished_on__isnull=True
    ),
    "ECT who changed mentor": lambda today: ECTAtSchoolPeriod.objects.annotate(n=Count("mentorship_periods")).filter(
        n__gte=2
    ),
}


def test_every_state_is_present(demo):
    missing = [state for state, query in STATES.items() if not query(clock.today()).exists()]
    assert missing == []


def test_moved_school(demo):
    """The first school's period ends the day before the second starts (§7.1.4), and the training moved too."""
    moved = 0
    for teacher in Teacher.objects.annotate(n=Count("ect_at_school_periods")).filter(n__gte=2):
        first, second = teacher.ect_at_school_periods.order_by("started_on")[:2]
        if first.finished_on == second.started_on - dt.timedelta(days=1) and first.school_id != second.school_id:
            assert second.training_periods.filter(started_on=second.started_on).exists()
            moved += 1
    assert moved >= 5


def test_mentor_at_two_schools_mentors_at_both(demo):
    two_schools = (
        MentorAtSchoolPeriod.objects.filter(finished_on__isnull=True)
        .values("teacher")
        .annotate(schools=Count("school", distinct=True))
        .filter(schools__gte=2)
    )
    assert two_schools.exists()
    teacher_id = two_schools[0]["teacher"]
    periods = MentorAtSchoolPeriod.objects.filter(teacher_id=teacher_id, finished_on__isnull=True)
    assert all(period.mentorship_periods.exists() for period in periods)
    # training only where they were first registered (§7.2.2 step 4)
    assert (
        TrainingPeriod.objects.filter(mentor_at_school_period__in=periods).values("mentor_at_school_period").count()
        <= 1
    )


def _rows(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


CONSISTENCY = {
    "training inside its ECT period": """
        SELECT count(*) FROM training_periods t JOIN ect_at_school_periods p ON p.id = t.ect_at_school_period_id
        WHERE NOT p.range @> t.range""",
    "training inside its mentor period": """
        SELECT count(*) FROM training_periods t JOIN mentor_at_school_periods p ON p.id = t.mentor_at_school_period_id
        WHERE NOT p.range @> t.range""",
    "mentorship inside the ECT period": """
        SELECT count(*) FROM mentorship_periods m JOIN ect_at_school_periods p ON p.id = m.ect_at_school_period_id
        WHERE NOT p.range @> m.range""",
    "mentorship inside the mentor period, same school": """
        SELECT count(*) FROM mentorship_periods m
        JOIN mentor_at_school_periods p ON p.id = m.mentor_at_school_period_id
        JOIN ect_at_school_periods e ON e.id = m.ect_at_school_period_id
        WHERE NOT p.range @> m.range OR p.school_id <> e.school_id""",
    "schedule from the partnership's or EOI's contract period": """
        SELECT count(*) FROM training_periods t JOIN schedules s ON s.id = t.schedule_id
        LEFT JOIN school_partnerships sp ON sp.id = t.school_partnership_id
        LEFT JOIN lead_provider_delivery_partnerships l ON l.id = sp.lead_provider_delivery_partnership_id
        JOIN active_lead_providers a ON a.id = coalesce(l.active_lead_provider_id, t.expression_of_interest_id)
        WHERE a.contract_period_year <> s.contract_period_year""",
    "partnership with the trainee's school": """
        SELECT count(*) FROM training_periods t JOIN school_partnerships sp ON sp.id = t.school_partnership_id
        LEFT JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
        LEFT JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
        WHERE sp.school_id <> coalesce(e.school_id, m.school_id)""",
    "no replacement schedule for ECTs, no reduced one for mentors": """
        SELECT count(*) FROM training_periods t JOIN schedules s ON s.id = t.schedule_id
        WHERE (t.role = 'ect' AND s.identifier LIKE '%replacement%')
           OR (t.role = 'mentor' AND s.identifier LIKE '%reduced%')""",
    "induction starts on or after QTS and after 1 September 2021": """
        SELECT count(*) FROM induction_periods i JOIN teachers t ON t.id = i.teacher_id
        WHERE t.trs_qts_awarded_on IS NULL OR i.started_on < t.trs_qts_awarded_on OR i.started_on <= '2021-09-01'""",
    "no open ECT period after a pass or fail": """
        SELECT count(*) FROM induction_periods i JOIN ect_at_school_periods e ON e.teacher_id = i.teacher_id
        WHERE i.outcome IS NOT NULL AND (e.finished_on IS NULL OR e.finished_on > i.finished_on)""",
    "provider-led training only at funded schools": """
        SELECT count(*) FROM training_periods t JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
        JOIN schools s ON s.id = e.school_id JOIN gias_schools g ON g.urn = s.urn
        WHERE t.training_programme = 'provider_led' AND NOT (g.eligible OR s.marked_as_eligible)""",
    "no period still open at a closed school": """
        SELECT count(*) FROM (SELECT school_id, finished_on FROM ect_at_school_periods
                              UNION ALL SELECT school_id, finished_on FROM mentor_at_school_periods) p
        JOIN schools s ON s.id = p.school_id JOIN gias_schools g ON g.urn = s.urn
        WHERE g.status = 'closed' AND (p.finished_on IS NULL OR p.finished_on > g.closed_on)""",
    "one email per ongoing registration": """
        SELECT count(*) FROM (SELECT lower(email) FROM (
            SELECT email FROM ect_at_school_periods WHERE finished_on IS NULL
            UNION ALL SELECT email FROM mentor_at_school_periods WHERE finished_on IS NULL) e
        GROUP BY 1 HAVING count(*) > 1) d""",
}


def test_demo_rows_follow_the_rules(demo):
    broken = {rule: rows for rule, sql in CONSISTENCY.items() if (rows := _rows(sql))}
    assert broken == {}


def test_withdrawals_and_deferrals_are_in_the_past(demo):
    now = clock.now()
    assert not TrainingPeriod.objects.filter(Q(withdrawn_at__gt=now) | Q(deferred_at__gt=now)).exists()
    assert not InductionPeriod.objects.filter(finished_on__gt=clock.today()).exists()


def test_every_teacher_has_a_timeline(demo):
    assert not Teacher.objects.filter(events__isnull=True).exists()
    expected = {
        EventType.TEACHER_REGISTERED_AS_ECT,
        EventType.TEACHER_REGISTERED_AS_MENTOR,
        EventType.INDUCTION_PERIOD_OPENED,
        EventType.INDUCTION_PERIOD_CLOSED,
        EventType.TEACHER_PASSES_INDUCTION,
        EventType.TEACHER_FAILS_INDUCTION,
        EventType.TEACHER_STARTS_MENTORING,
        EventType.TEACHER_STARTS_BEING_MENTORED,
        EventType.TEACHER_WITHDRAWS_TRAINING_PERIOD,
        EventType.TEACHER_DEFERS_TRAINING_PERIOD,
        EventType.TEACHER_RESUMES_TRAINING_PERIOD,
        EventType.TEACHER_LEFT_SCHOOL_AS_ECT,
        EventType.SCHOOL_PARTNERSHIP_CREATED,
        EventType.INDUCTION_EXTENSION_CREATED,
    }
    assert expected <= set(Event.objects.values_list("event_type", flat=True))
    assert not Event.objects.exclude(event_type__in=EventType.values).exists()
    # BR-E-02: people need an email; provider events name the provider
    people = Event.objects.exclude(author_type__in=[AuthorType.SYSTEM, AuthorType.LEAD_PROVIDER_API])
    assert not people.filter(author_email__isnull=True).exists()
    assert not Event.objects.filter(author_type=AuthorType.LEAD_PROVIDER_API, lead_provider__isnull=True).exists()
    claim = Event.objects.filter(event_type=EventType.INDUCTION_PERIOD_OPENED).select_related("induction_period")[0]
    assert claim.heading.endswith(f"was claimed by {claim.induction_period.appropriate_body_period.name}")
    assert claim.happened_at == clock.start_of_day(claim.induction_period.started_on)  # BR-E-03


def test_teachers_have_unique_seven_digit_trns(demo):
    trns = list(Teacher.objects.values_list("trn", flat=True))
    assert len(trns) == len(set(trns))
    assert all(trn and len(trn) == 7 and trn.isdigit() for trn in trns)


def test_seed_scale_creates_n_teachers_and_replaces_them(db, frozen_today):
    seed_demo()
    demo_teachers = Teacher.objects.count()
    in_range = Teacher.objects.filter(trn__gte=f"{SCALE_TRNS[0]:07d}", trn__lte=f"{SCALE_TRNS[1]:07d}")

    call_command("seed_scale", teachers=500, verbosity=0, stderr=open("/dev/null", "w"))
    check_deferred_constraints()
    assert in_range.count() == 500
    assert Teacher.objects.count() == demo_teachers + 500
    assert School.objects.filter(gias_school__urn__gte=SCALE_URNS[0]).count() == -(-500 // 13)
    assert InductionPeriod.objects.filter(teacher__in=in_range, outcome="pass").exists()
    assert TrainingPeriod.objects.filter(teacher__in=in_range, deferred_at__isnull=False).exists()

    result = seed_scale(teachers=300)
    check_deferred_constraints()
    assert result.teachers == 300
    assert in_range.count() == 300
    assert Teacher.objects.count() == demo_teachers + 300
    assert School.objects.filter(gias_school__urn__gte=SCALE_URNS[0]).count() == -(-300 // 13)


@pytest.mark.parametrize("today", [dt.date(2024, 10, 1), dt.date(2025, 3, 10), dt.date(2025, 7, 20)])
def test_demo_data_is_consistent_whenever_it_is_seeded(db, frozen_today, today):
    """Dates follow the school year containing today; the rules hold at any point of the year."""
    frozen_today(today)
    seed_demo()
    check_deferred_constraints()
    broken = {rule: rows for rule, sql in CONSISTENCY.items() if (rows := _rows(sql))}
    assert broken == {}
    assert not TrainingPeriod.objects.filter(withdrawn_at__gt=clock.now()).exists()
    assert not InductionPeriod.objects.filter(finished_on__gt=today).exists()
