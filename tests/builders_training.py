"""Extra builders for training-period tests (domain.md §7.4, §8.10): partnerships and EOIs in the baseline
world, mentors, declarations with statements. Rows are written directly, as in `tests/builders.py`."""

from __future__ import annotations

import datetime as dt

from declarations.models import Declaration, PaymentStatus
from finance.models import Contract, ContractType, Statement
from providers.models import ActiveLeadProvider, LeadProvider, ScheduleIdentifier, SchoolPartnership
from schools.models import School, TrainingProgramme
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, TrainingPeriod
from tests.builders import (
    aware,
    create_active_lead_provider,
    create_delivery_partner,
    create_ect_at_school_period,
    create_lead_provider_delivery_partnership,
    create_mentor_at_school_period,
    create_teacher,
    schedule,
)


def active_lead_provider(lead_provider: LeadProvider, year: int) -> ActiveLeadProvider:
    return create_active_lead_provider(lead_provider=lead_provider, year=year)


def partnership(*, school: School, lead_provider: LeadProvider, year: int, delivery_partner=None) -> SchoolPartnership:
    """The school's partnership with the lead provider in the year (created with a new delivery partner
    pairing when the lead provider has none that year)."""
    active = active_lead_provider(lead_provider, year)
    pairing = active.delivery_partnerships.first() if delivery_partner is None else None
    if pairing is None:
        pairing = create_lead_provider_delivery_partnership(
            active_lead_provider=active, delivery_partner=delivery_partner or create_delivery_partner()
        )
    return SchoolPartnership.objects.get_or_create(school=school, lead_provider_delivery_partnership=pairing)[0]


def tom(**fields) -> Teacher:
    return create_teacher(trn="7654321", first_name="Tom", last_name="Brown", **fields)


def ect_period(world, *, teacher: Teacher | None = None, school: School | None = None, **fields) -> ECTAtSchoolPeriod:
    return create_ect_at_school_period(
        teacher=teacher or world.jane,
        school=school or world.oakfield,
        appropriate_body=world.north_hub,
        **fields,
    )


def mentor_period(
    world, *, teacher: Teacher | None = None, school: School | None = None, **fields
) -> MentorAtSchoolPeriod:
    return create_mentor_at_school_period(teacher=teacher or tom(), school=school or world.oakfield, **fields)


def training(
    at_school: ECTAtSchoolPeriod | MentorAtSchoolPeriod,
    *,
    started_on: dt.date,
    finished_on: dt.date | None = None,
    training_programme: str = TrainingProgramme.PROVIDER_LED,
    school_partnership: SchoolPartnership | None = None,
    expression_of_interest: ActiveLeadProvider | None = None,
    schedule_identifier: str = ScheduleIdentifier.STANDARD_SEPTEMBER,
    year: int | None = None,
    **fields,
) -> TrainingPeriod:
    """A training period written directly (no events): provider-led ones need a partnership or an EOI."""
    provider_led = training_programme == TrainingProgramme.PROVIDER_LED
    if provider_led and year is None:
        source = (
            school_partnership.lead_provider_delivery_partnership.active_lead_provider if school_partnership else None
        )
        year = (source or expression_of_interest).contract_period_id
    is_ect = isinstance(at_school, ECTAtSchoolPeriod)
    return TrainingPeriod.objects.create(
        ect_at_school_period=at_school if is_ect else None,
        mentor_at_school_period=None if is_ect else at_school,
        teacher_id=at_school.teacher_id,
        role="ect" if is_ect else "mentor",
        started_on=started_on,
        finished_on=finished_on,
        training_programme=training_programme,
        school_partnership=school_partnership,
        expression_of_interest=expression_of_interest,
        schedule=schedule(schedule_identifier, year) if provider_led else None,
        **fields,
    )


def statement(*, active: ActiveLeadProvider, month: int = 10, year: int = 2026) -> Statement:
    contract = Contract.objects.create(active_lead_provider=active, contract_type=ContractType.ECF)
    return Statement.objects.create(
        contract=contract,
        active_lead_provider=active,
        month=month,
        year=year,
        deadline_date=dt.date(year, month, 28),
        payment_date=dt.date(year, month, 28) + dt.timedelta(days=7),
    )


def declaration(
    training_period: TrainingPeriod,
    *,
    declaration_type: str = "started",
    declaration_date: dt.date = dt.date(2026, 9, 1),
    payment_status: str = PaymentStatus.NO_PAYMENT,
    payment_statement: Statement | None = None,
) -> Declaration:
    partnership_ = training_period.school_partnership
    if payment_status not in (PaymentStatus.NO_PAYMENT, PaymentStatus.VOIDED) and payment_statement is None:
        payment_statement = statement(active=partnership_.lead_provider_delivery_partnership.active_lead_provider)
    return Declaration.objects.create(
        training_period=training_period,
        delivery_partner_when_created=partnership_.delivery_partner,
        declaration_type=declaration_type,
        declaration_date=aware(declaration_date),
        payment_status=payment_status,
        payment_statement=payment_statement,
    )
