"""The shared fixture of lead-provider-api.md §17 for declarations, with the spec's ids, on its "now"
(2025-11-20T10:15:02Z), so the tests can compare responses with examples E40–E61 field by field.

Cohorts, schedules and milestones are the ones §14.1 and §14.4 describe (2024 standard-september windows; 2025
start dates only), built here rather than taken from the generic builders, whose windows differ."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import time_machine

from declarations.models import ClawbackStatus, Declaration, EvidenceType, PaymentStatus
from finance.models import Statement, StatementStatus
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeclarationType,
    DeliveryPartner,
    LeadProvider,
    Milestone,
    Schedule,
    SchoolPartnership,
)
from schools.models import School, SchoolFundingEligibility
from teachers.models import Teacher, TrainingPeriod
from tests.builders import (
    create_contract_period,
    create_delivery_partner,
    create_ect_at_school_period,
    create_lead_provider,
    create_lead_provider_delivery_partnership,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school,
    create_teacher,
    create_training_period,
)
from tests.builders_providers import create_declaration, create_statement

NOW = dt.datetime(2025, 11, 20, 10, 15, 2, tzinfo=dt.UTC)
UTC = dt.UTC

DP1_ID = "8d762077-23b9-4d60-b5aa-b09fe2326108"
DP2_ID = "077501a4-4bb8-4a1a-899b-810a1a158537"
S1_ID = "db8c0b35-cb22-4c45-b9ba-c4c06c34e30b"
PS1_ID = "30fd4a2d-9601-4ad9-976b-a52d6ba1f146"
P1_ID = "1d089576-38c1-4569-a2e8-7be96d931392"
M1_ID = "a6af5912-a68a-499f-990c-9b2090b390cd"
P2_ID = "1ff47d3b-8c77-491d-9250-ef924b2ba4a3"
ST1_ID = "8bd31baa-2383-4a53-8498-9c90359b564f"
ST2_ID = "ea96fde9-51c9-47a1-8459-fd4c606a4ac4"
ST3_ID = "677fc677-4933-4b0b-a832-1dca3e3312f3"
D2_ID = "22b294f5-f960-4318-a1d9-a36b2c5ab956"
D3_ID = "7595c865-69fa-4e7d-adc5-8028535330ac"

STANDARD_2024 = {  # §14.4, 2024 september
    DeclarationType.STARTED: (dt.date(2024, 6, 1), dt.date(2024, 12, 31)),
    DeclarationType.RETAINED_1: (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
    DeclarationType.RETAINED_2: (dt.date(2025, 4, 1), dt.date(2025, 7, 31)),
    DeclarationType.RETAINED_3: (dt.date(2025, 8, 1), dt.date(2025, 12, 31)),
    DeclarationType.RETAINED_4: (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    DeclarationType.COMPLETED: (dt.date(2026, 4, 1), dt.date(2026, 7, 31)),
}
STANDARD_2022 = {  # §14.4, 2022 september
    DeclarationType.STARTED: (dt.date(2022, 6, 1), dt.date(2022, 12, 31)),
    DeclarationType.RETAINED_1: (dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
    DeclarationType.RETAINED_2: (dt.date(2023, 4, 1), dt.date(2023, 7, 31)),
    DeclarationType.RETAINED_3: (dt.date(2023, 8, 1), dt.date(2023, 12, 31)),
    DeclarationType.RETAINED_4: (dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    DeclarationType.COMPLETED: (dt.date(2024, 4, 1), dt.date(2024, 7, 31)),
}
SIX_TYPES = tuple(STANDARD_2024)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def standard_september(year: int, windows: dict[str, tuple[dt.date, dt.date | None]]) -> Schedule:
    schedule = Schedule.objects.create(contract_period_id=year, identifier="ecf-standard-september")
    for declaration_type, (start, deadline) in windows.items():
        Milestone.objects.create(
            schedule=schedule, declaration_type=declaration_type, start_date=start, milestone_date=deadline
        )
    return schedule


def set_created_at(declaration: Declaration, created_at: dt.datetime) -> Declaration:
    Declaration.objects.filter(pk=declaration.pk).update(created_at=created_at, api_updated_at=created_at)
    declaration.refresh_from_db()
    return declaration


@dataclass
class DeclarationsWorld:
    caller: LeadProvider
    other: LeadProvider
    dp1: DeliveryPartner
    dp2: DeliveryPartner
    s1: School
    ps1: SchoolPartnership
    ps2024: SchoolPartnership
    p1: Teacher
    p1_training: TrainingPeriod
    m1: Teacher
    m1_training: TrainingPeriod
    p2: Teacher
    p2_training: TrainingPeriod
    st1: Statement
    st2: Statement
    st3: Statement
    d2: Declaration
    d3: Declaration
    schedules: dict[int, Schedule]
    contract_periods: dict[int, ContractPeriod]

    def active(self, provider: LeadProvider, year: int) -> ActiveLeadProvider:
        return ActiveLeadProvider.objects.get_or_create(lead_provider=provider, contract_period_id=year)[0]

    def partnership(self, provider: LeadProvider, year: int, *, school=None, delivery_partner=None):
        pairing = create_lead_provider_delivery_partnership(
            active_lead_provider=self.active(provider, year), delivery_partner=delivery_partner or self.dp1
        )
        return SchoolPartnership.objects.get_or_create(
            school=school or self.s1, lead_provider_delivery_partnership=pairing
        )[0]

    def ect_training(self, teacher: Teacher, partnership: SchoolPartnership, started_on: dt.date, **fields):
        ect = create_ect_at_school_period(
            teacher=teacher,
            school=partnership.school,
            started_on=started_on,
            finished_on=fields.pop("school_finished_on", None),
        )
        return create_training_period(ect_at_school_period=ect, school_partnership=partnership, **fields)


def build_declarations_world() -> DeclarationsWorld:
    """§17's fixture: the caller "Example Institute" contracted for 2024 and 2025, P1, M1, P2, ST1–ST3, D2, D3."""
    periods = {
        2022: create_contract_period(
            2022, enabled=False, payments_frozen_at=dt.datetime(2025, 6, 16, tzinfo=UTC), with_schedules=False
        ),
        2024: create_contract_period(2024, with_schedules=False),
        2025: create_contract_period(2025, with_schedules=False),
    }
    schedules = {
        2022: standard_september(2022, STANDARD_2022),
        2024: standard_september(2024, STANDARD_2024),
        2025: standard_september(2025, {t: (dt.date(2025, 6, 1), None) for t in SIX_TYPES}),
    }
    caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025))
    other = create_lead_provider(name="Other Provider Ltd", active_in=(2024, 2025))
    dp1 = create_delivery_partner(name="Northern Teaching Alliance")
    DeliveryPartner.objects.filter(pk=dp1.pk).update(api_id=DP1_ID)
    dp1.refresh_from_db()
    dp2 = create_delivery_partner(name="Southern Learning Trust")
    DeliveryPartner.objects.filter(pk=dp2.pk).update(api_id=DP2_ID)
    dp2.refresh_from_db()
    s1 = create_school(urn=100234, name="S1")
    School.objects.filter(pk=s1.pk).update(api_id=S1_ID)
    s1.refresh_from_db()
    SchoolFundingEligibility.objects.create(
        gias_school=s1.gias_school, contract_period_id=2024, pupil_premium_uplift=True
    )

    world = DeclarationsWorld(caller, other, dp1, dp2, s1, *([None] * 13), schedules, periods)  # type: ignore[arg-type]
    world.ps1 = world.partnership(caller, 2025)
    SchoolPartnership.objects.filter(pk=world.ps1.pk).update(api_id=PS1_ID)
    world.ps2024 = world.partnership(caller, 2024)

    eligible_at = dt.datetime(2025, 9, 1, 9, tzinfo=UTC)
    world.p1 = create_teacher(
        trn="1234567",
        first_name="Jane",
        last_name="Smith",
        api_id=P1_ID,
        ect_first_became_eligible_for_training_at=eligible_at,
    )
    world.p1_training = world.ect_training(world.p1, world.ps1, dt.date(2025, 9, 1))
    world.m1 = create_teacher(trn="7654321", first_name="Sam", last_name="Jones", api_id=M1_ID)
    mentor_period = create_mentor_at_school_period(teacher=world.m1, school=s1, started_on=dt.date(2025, 9, 1))
    world.m1_training = create_training_period(mentor_at_school_period=mentor_period, school_partnership=world.ps1)
    create_mentorship_period(mentee=world.p1_training.ect_at_school_period, mentor=mentor_period)
    world.p2 = create_teacher(
        trn="2345678",
        first_name="Tom",
        last_name="Green",
        api_id=P2_ID,
        ect_first_became_eligible_for_training_at=eligible_at,
    )
    world.p2_training = world.ect_training(world.p2, world.ps2024, dt.date(2024, 9, 2))

    caller_2025, caller_2024 = world.active(caller, 2025), world.active(caller, 2024)
    world.st1 = create_statement(
        active_lead_provider=caller_2025, month=1, year=2026, deadline_date=dt.date(2025, 12, 31)
    )
    world.st2 = create_statement(
        active_lead_provider=caller_2024, month=1, year=2026, deadline_date=dt.date(2025, 12, 31)
    )
    world.st3 = create_statement(
        active_lead_provider=caller_2024,
        month=11,
        year=2024,
        deadline_date=dt.date(2024, 10, 31),
        status=StatementStatus.PAID,
    )
    for statement, api_id in ((world.st1, ST1_ID), (world.st2, ST2_ID), (world.st3, ST3_ID)):
        Statement.objects.filter(pk=statement.pk).update(api_id=api_id)
        statement.refresh_from_db()

    world.d2 = create_declaration(
        training_period=world.p2_training,
        api_id=uuid.UUID(D2_ID),
        declaration_date=at("2024-10-10T12:00:00Z"),
        payment_status=PaymentStatus.PAID,
        payment_statement=world.st3,
        pupil_premium_uplift=True,
    )
    set_created_at(world.d2, at("2024-10-11T08:30:00Z"))
    world.d3 = create_declaration(
        training_period=world.p1_training,
        api_id=uuid.UUID(D3_ID),
        declaration_type=DeclarationType.RETAINED_1,
        declaration_date=at("2025-11-03T12:00:00Z"),
        evidence_type=EvidenceType.OTHER,
        payment_status=PaymentStatus.ELIGIBLE,
        payment_statement=world.st1,
        mentorship_period=world.p1_training.ect_at_school_period.mentorship_periods.get(),
    )
    set_created_at(world.d3, at("2025-11-04T09:00:00Z"))
    assert world.d2.clawback_status == ClawbackStatus.NO_CLAWBACK
    return world


def travel_to_now():
    """Freeze the clock on §17's "now"; the caller stops it."""
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    return traveller
