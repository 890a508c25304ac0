"""Scale data's declarations and statements: each one a declaration the API would have accepted when it was sent
(lead-provider-api.md §12.3), on the statement finance.md §6.1 picks, in a state that statement's status
explains; a mix of types and states; and all of it removed with the scale data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from declarations.models import Declaration
from demo_data.finance_data import ensure_statements, statement_months
from demo_data.scale import SCALE_TRNS, remove_scale_data, seed_scale
from events.models import Event
from events.types import EventType
from finance.models import Statement
from providers.models import ActiveLeadProvider, DeclarationType


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"order": list(DeclarationType.values)})
        return cursor.fetchone()[0]


@pytest.fixture
def scale(db, frozen_today):
    frozen_today(dt.date(2026, 11, 10))  # between November 2026's deadline and payment date: some are payable
    seed_scale(teachers=1300)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# Each query counts declarations breaking one rule; every count must be zero.
BROKEN = {
    "V9 not in the future; created after its date": """
        SELECT count(*) FROM declarations WHERE declaration_date > now() OR created_at > now()
            OR created_at < declaration_date OR api_updated_at < created_at OR api_updated_at > now()""",
    "V10 inside the milestone window": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN milestones m ON m.schedule_id = tp.schedule_id AND m.declaration_type = d.declaration_type
         WHERE (d.declaration_date AT TIME ZONE 'Europe/London')::date < m.start_date
            OR (d.declaration_date AT TIME ZONE 'Europe/London')::date > m.milestone_date""",
    "V17 a milestone of the schedule": """
        SELECT count(*) FROM declarations d JOIN training_periods tp ON tp.id = d.training_period_id
         WHERE NOT EXISTS (SELECT 1 FROM milestones m
                            WHERE m.schedule_id = tp.schedule_id AND m.declaration_type = d.declaration_type)""",
    "declared on a partnership, within the training period": """
        SELECT count(*) FROM declarations d JOIN training_periods tp ON tp.id = d.training_period_id
         WHERE tp.school_partnership_id IS NULL
            OR (d.declaration_date AT TIME ZONE 'Europe/London')::date < tp.started_on
            OR (d.declaration_date AT TIME ZONE 'Europe/London')::date > tp.finished_on""",
    "V14 before the withdrawal": """
        SELECT count(*) FROM declarations d JOIN training_periods tp ON tp.id = d.training_period_id
         WHERE d.declaration_date >= tp.withdrawn_at""",
    "V12 mentors from 2025 only started; no mentor completion": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN schedules s ON s.id = tp.schedule_id
          JOIN contract_periods c ON c.year = s.contract_period_year
         WHERE d.role = 'mentor' AND (d.declaration_type = 'completed'
                                      OR (c.mentor_funding_enabled AND d.declaration_type <> 'started'))""",
    "V13 evidence as the cohort allows": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN schedules s ON s.id = tp.schedule_id
          JOIN contract_periods c ON c.year = s.contract_period_year
         WHERE CASE WHEN NOT c.detailed_evidence_types_enabled THEN
                        (d.declaration_type = 'started') <> (d.evidence_type IS NULL)
                        OR d.evidence_type NOT IN ('training-event-attended', 'self-study-material-completed', 'other')
                    WHEN d.declaration_type = 'retained-2' THEN d.evidence_type NOT LIKE '75-percent%%'
                    WHEN d.declaration_type = 'completed' THEN d.evidence_type NOT IN
                        ('75-percent-engagement-met', '75-percent-engagement-met-reduced-induction', 'one-term-induction')
                    ELSE d.evidence_type IS NULL OR d.evidence_type LIKE '75-percent%%'
                        OR d.evidence_type = 'one-term-induction' END""",
    "V18 in sequence from 2025": """
        SELECT count(*) FROM declarations a
          JOIN declarations b ON b.teacher_id = a.teacher_id AND b.role = a.role
          JOIN training_periods tp ON tp.id = b.training_period_id
          JOIN schedules s ON s.id = tp.schedule_id
         WHERE s.contract_period_year >= 2025
           AND a.payment_status <> 'voided' AND a.clawback_status = 'no_clawback'
           AND b.payment_status <> 'voided' AND b.clawback_status = 'no_clawback'
           AND array_position(%(order)s, a.declaration_type::text) < array_position(%(order)s, b.declaration_type::text)
           AND a.declaration_date > b.declaration_date""",
    "§6.1 the provider's and cohort's output statement, deadline on or after the declaration": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
          JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
          JOIN statements st ON st.id = d.payment_statement_id
         WHERE st.active_lead_provider_id <> lpdp.active_lead_provider_id OR st.fee_type <> 'output'
            OR st.deadline_date < (d.created_at AT TIME ZONE 'Europe/London')::date""",
    "state follows the statement": """
        SELECT count(*) FROM declarations d LEFT JOIN statements st ON st.id = d.payment_statement_id
         WHERE CASE d.payment_status WHEN 'no_payment' THEN st.id IS NOT NULL
                                     WHEN 'eligible' THEN st.status <> 'open'
                                     WHEN 'payable' THEN st.status <> 'payable'
                                     WHEN 'paid' THEN st.status <> 'paid'
                                     ELSE false END""",
    "submitted only while not eligible for funding": """
        SELECT count(*) FROM declarations d JOIN teachers t ON t.id = d.teacher_id
         WHERE d.payment_status = 'no_payment'
           AND CASE d.role WHEN 'ect' THEN t.ect_first_became_eligible_for_training_at
                           ELSE t.mentor_first_became_eligible_for_training_at END <= now()""",
    "clawbacks on a later output statement of the same provider": """
        SELECT count(*) FROM declarations d
          JOIN statements p ON p.id = d.payment_statement_id
          JOIN statements c ON c.id = d.clawback_statement_id
         WHERE c.active_lead_provider_id <> p.active_lead_provider_id OR c.deadline_date <= p.deadline_date
            OR (d.clawback_status = 'clawed_back') <> (c.status = 'paid')""",
    "mentor link is one of the ECT period's mentorships": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN mentorship_periods mp ON mp.id = d.mentorship_period_id
         WHERE d.role <> 'ect' OR mp.ect_at_school_period_id <> tp.ect_at_school_period_id""",
    "delivery partner of the period's partnership": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
          JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
         WHERE d.delivery_partner_when_created_id <> lpdp.delivery_partner_id""",
    "uplifts only on started declarations in uplift cohorts": """
        SELECT count(*) FROM declarations d
          JOIN training_periods tp ON tp.id = d.training_period_id
          JOIN schedules s ON s.id = tp.schedule_id
          JOIN contract_periods c ON c.year = s.contract_period_year
         WHERE (d.pupil_premium_uplift OR d.sparsity_uplift)
           AND (d.declaration_type <> 'started' OR NOT c.uplift_fees_enabled)""",
    "one created event per declaration": """
        SELECT count(*) FROM declarations d
         WHERE (SELECT count(*) FROM events e
                 WHERE e.declaration_id = d.id AND e.event_type = 'teacher_declaration_created'
                   AND e.teacher_id = d.teacher_id AND e.lead_provider_id IS NOT NULL) <> 1""",
}


def test_scale_declarations_are_ones_the_api_would_have_accepted(scale):
    assert Declaration.objects.count() > 1000
    broken = {rule: n for rule, sql in BROKEN.items() if (n := _count(sql))}
    assert broken == {}


def test_scale_declarations_are_a_realistic_mix(scale):
    declarations = Declaration.objects.all()
    assert set(declarations.values_list("declaration_type", flat=True)) >= {
        "started",
        "retained-1",
        "retained-2",
        "retained-3",
        "retained-4",
        "completed",
    }
    assert set(declarations.values_list("role", flat=True)) == {"ect", "mentor"}
    assert set(declarations.values_list("payment_status", flat=True)) == {
        "no_payment",
        "eligible",
        "payable",
        "paid",
        "voided",
    }
    assert declarations.filter(clawback_status__in=["awaiting_clawback", "clawed_back"]).exists()
    assert declarations.filter(pupil_premium_uplift=True).exists()
    assert declarations.filter(mentorship_period__isnull=False).exists()
    # Most provider-led periods with a partnership have at least a started declaration.
    with_started = _count(
        "SELECT count(DISTINCT training_period_id) FROM declarations WHERE declaration_type = 'started'"
    )
    declarable = _count(
        "SELECT count(*) FROM training_periods WHERE school_partnership_id IS NOT NULL AND started_on < now()"
    )
    assert with_started > declarable * 0.6
    voided = Event.objects.filter(event_type=EventType.TEACHER_DECLARATION_VOIDED).count()
    assert voided == declarations.filter(payment_status="voided").count()


def test_statements_every_month_for_every_active_lead_provider(scale):
    for active in ActiveLeadProvider.objects.all():
        months = list(
            Statement.objects.filter(active_lead_provider=active).order_by("year", "month").values_list("month", "year")
        )
        assert months == statement_months(active.contract_period_id)
    november_2026 = Statement.objects.filter(month=11, year=2026).first()
    assert (november_2026.fee_type, november_2026.status, str(november_2026.deadline_date)) == (
        "output",
        "payable",
        "2026-10-31",
    )
    assert Statement.objects.filter(month=1, year=2027).first().status == "open"
    august_2026 = Statement.objects.filter(month=8, year=2026).first()
    assert (august_2026.status, str(august_2026.payment_date)) == ("paid", "2026-08-25")
    assert august_2026.marked_as_paid_at is not None
    assert Statement.objects.filter(month=12, year=2026).first().fee_type == "service"
    before = Statement.objects.count()
    ensure_statements(today=dt.date(2027, 6, 1))
    assert Statement.objects.count() == before


def test_scale_declarations_go_with_the_scale_data(scale):
    scale_trns = (f"{SCALE_TRNS[0]:07d}", f"{SCALE_TRNS[1]:07d}")
    assert Declaration.objects.filter(teacher__trn__range=scale_trns).count() == Declaration.objects.count()
    seed_scale(teachers=300)  # replaces the earlier scale data, declarations and all
    assert 0 < Declaration.objects.count() < 1000
    remove_scale_data()
    assert Declaration.objects.count() == 0
    assert not Event.objects.filter(event_type__startswith="teacher_declaration").exists()
    assert Statement.objects.exists()  # statements are the providers' reference data and stay
