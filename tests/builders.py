"""Builders for tests: keyword arguments with defaults, creating any parents they need.

They write rows directly (no services, no events) to set up a situation; the services under test
then act on it. `baseline_world()` builds the spec's baseline for rule examples (domain.md §8).
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass

from django.utils import timezone

from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType, InductionProgramme
from core.clock import LONDON
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeclarationType,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    Milestone,
    Schedule,
    ScheduleIdentifier,
    SchoolPartnership,
)
from schools.models import GIASSchool, School, TrainingProgramme
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
    WorkingPattern,
)

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


# Contract periods, schedules, milestones -------------------------------------------------------------

FROZEN_AT = {2021: dt.date(2024, 6, 18), 2022: dt.date(2025, 6, 16)}


def create_contract_period(
    year: int,
    *,
    enabled: bool = True,
    payments_frozen_at: dt.datetime | None = None,
    mentor_funding_enabled: bool | None = None,
    detailed_evidence_types_enabled: bool | None = None,
    uplift_fees_enabled: bool | None = None,
    with_schedules: bool = True,
) -> ContractPeriod:
    period, _ = ContractPeriod.objects.get_or_create(
        year=year,
        defaults=_contract_period_fields(
            year,
            enabled=enabled,
            payments_frozen_at=payments_frozen_at,
            mentor_funding_enabled=mentor_funding_enabled,
            detailed_evidence_types_enabled=detailed_evidence_types_enabled,
            uplift_fees_enabled=uplift_fees_enabled,
        ),
    )
    if with_schedules:
        create_schedules(period)
    return period


def _contract_period_fields(
    year: int,
    *,
    enabled: bool = True,
    payments_frozen_at: dt.datetime | None = None,
    mentor_funding_enabled: bool | None = None,
    detailed_evidence_types_enabled: bool | None = None,
    uplift_fees_enabled: bool | None = None,
) -> dict:
    new_rules = year >= 2025
    return dict(
        started_on=dt.date(year, 6, 1),
        finished_on=dt.date(year + 1, 5, 31),
        enabled=enabled,
        payments_frozen_at=payments_frozen_at,
        mentor_funding_enabled=new_rules if mentor_funding_enabled is None else mentor_funding_enabled,
        detailed_evidence_types_enabled=(
            new_rules if detailed_evidence_types_enabled is None else detailed_evidence_types_enabled
        ),
        uplift_fees_enabled=(not new_rules) if uplift_fees_enabled is None else uplift_fees_enabled,
    )


def create_schedules(*periods: ContractPeriod) -> list[Schedule]:
    """All twelve schedules of each period; September milestones as in §5.9, January and April shifted by one and
    two terms.

    Written with one bulk insert for the missing schedules and one for their milestones, rather than row by row:
    nearly every test builds the baseline world, whose seven contract periods would otherwise cost over a thousand
    queries."""
    by_year = {period.year: period for period in periods}
    existing = {
        (schedule.contract_period_id, schedule.identifier): schedule
        for schedule in Schedule.objects.filter(contract_period__in=list(by_year))
    }
    missing = [
        Schedule(contract_period=period, identifier=identifier)
        for period in periods
        for identifier in ScheduleIdentifier.values
        if (period.year, identifier) not in existing
    ]
    Schedule.objects.bulk_create(missing)
    Milestone.objects.bulk_create(
        milestone
        for schedule in missing
        for milestone in _milestones(
            schedule,
            year=schedule.contract_period_id,
            term_shift={"september": 0, "january": 1, "april": 2}[schedule.identifier.rsplit("-", 1)[1]],
        )
    )
    existing.update(((schedule.contract_period_id, schedule.identifier), schedule) for schedule in missing)
    return [existing[period.year, identifier] for period in periods for identifier in ScheduleIdentifier.values]


def _milestones(schedule: Schedule, *, year: int, term_shift: int = 0) -> list[Milestone]:
    windows = [
        (DeclarationType.STARTED, dt.date(year, 6, 1), dt.date(year, 12, 31)),
        (DeclarationType.RETAINED_1, dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31)),
        (DeclarationType.RETAINED_2, dt.date(year + 1, 4, 1), dt.date(year + 1, 7, 31)),
        (DeclarationType.RETAINED_3, dt.date(year + 1, 8, 1), dt.date(year + 1, 12, 31)),
        (DeclarationType.RETAINED_4, dt.date(year + 2, 1, 1), dt.date(year + 2, 3, 31)),
        (DeclarationType.COMPLETED, dt.date(year + 2, 4, 1), dt.date(year + 2, 7, 31)),
        (DeclarationType.EXTENDED_1, dt.date(year + 2, 8, 1), dt.date(year + 2, 12, 31)),
        (DeclarationType.EXTENDED_2, dt.date(year + 3, 1, 1), dt.date(year + 3, 3, 31)),
        (DeclarationType.EXTENDED_3, dt.date(year + 3, 4, 1), dt.date(year + 3, 7, 31)),
    ]
    # January and April variants open their later windows one and two terms later.
    offsets = [0, *([term_shift] * (len(windows) - 1))]
    milestones = []
    for (declaration_type, start, deadline), shift in zip(windows, offsets, strict=True):
        if shift:
            start, deadline = _shift_terms(start, shift), _shift_terms(deadline, shift)
        milestones.append(
            Milestone(schedule=schedule, declaration_type=declaration_type, start_date=start, milestone_date=deadline)
        )
    return milestones


def _shift_terms(day: dt.date, terms: int) -> dt.date:
    from core.dates import add_months

    return add_months(day, 3 * terms)


def create_baseline_contract_periods() -> dict[int, ContractPeriod]:
    """2021–2027 as the spec's baseline: 2021/2022 frozen, 2027 exists but is not enabled. The missing ones are
    written in one insert, and their schedules and milestones in one more each (see `create_schedules`)."""
    years = range(2021, 2028)
    periods = ContractPeriod.objects.in_bulk(list(years))
    missing = [
        ContractPeriod(
            year=year,
            **_contract_period_fields(
                year,
                enabled=year != 2027,
                payments_frozen_at=(
                    timezone.make_aware(dt.datetime.combine(FROZEN_AT[year], dt.time.min))
                    if year in FROZEN_AT
                    else None
                ),
            ),
        )
        for year in years
        if year not in periods
    ]
    ContractPeriod.objects.bulk_create(missing)
    periods.update((period.year, period) for period in missing)
    create_schedules(*(periods[year] for year in years))
    return {year: periods[year] for year in years}


# Schools and appropriate bodies ----------------------------------------------------------------------


def create_gias_school(
    *,
    urn: int | None = None,
    name: str | None = None,
    type_name: str = "Community school",
    status: str = "open",
    eligible: bool = True,
    in_england: bool = True,
    section_41_approved: bool = False,
    **fields,
) -> GIASSchool:
    urn = urn or 200000 + _next()
    return GIASSchool.objects.create(
        urn=urn,
        name=name or f"School {urn}",
        type_name=type_name,
        status=status,
        eligible=eligible,
        in_england=in_england,
        section_41_approved=section_41_approved,
        local_authority_code=fields.pop("local_authority_code", 100),
        **fields,
    )


def create_school(*, urn: int | None = None, name: str | None = None, **gias_fields) -> School:
    marked_as_eligible = gias_fields.pop("marked_as_eligible", False)
    gias = create_gias_school(urn=urn, name=name, **gias_fields)
    return School.objects.create(gias_school=gias, marked_as_eligible=marked_as_eligible)


def create_appropriate_body(
    *, name: str | None = None, body_type: str = AppropriateBodyType.TEACHING_SCHOOL_HUB, active: bool = True
) -> AppropriateBodyPeriod:
    return AppropriateBodyPeriod.objects.create(
        name=name or f"Appropriate body {_next()}",
        body_type=body_type,
        dfe_sign_in_organisation_id=uuid.uuid4() if active else None,
    )


# Providers -------------------------------------------------------------------------------------------


def create_lead_provider(*, name: str | None = None, active_in: tuple[int, ...] = ()) -> LeadProvider:
    provider = LeadProvider.objects.create(name=name or f"Lead provider {_next()}")
    for year in active_in:
        create_active_lead_provider(lead_provider=provider, year=year)
    return provider


def create_active_lead_provider(*, lead_provider: LeadProvider | None = None, year: int = 2026) -> ActiveLeadProvider:
    lead_provider = lead_provider or create_lead_provider()
    contract_period = ContractPeriod.objects.filter(year=year).first() or create_contract_period(year)
    return ActiveLeadProvider.objects.get_or_create(lead_provider=lead_provider, contract_period=contract_period)[0]


def create_delivery_partner(*, name: str | None = None) -> DeliveryPartner:
    return DeliveryPartner.objects.create(name=name or f"Delivery partner {_next()}")


def create_lead_provider_delivery_partnership(
    *,
    active_lead_provider: ActiveLeadProvider | None = None,
    delivery_partner: DeliveryPartner | None = None,
) -> LeadProviderDeliveryPartnership:
    return LeadProviderDeliveryPartnership.objects.get_or_create(
        active_lead_provider=active_lead_provider or create_active_lead_provider(),
        delivery_partner=delivery_partner or create_delivery_partner(),
    )[0]


def create_school_partnership(
    *,
    school: School | None = None,
    lead_provider: LeadProvider | None = None,
    delivery_partner: DeliveryPartner | None = None,
    year: int = 2026,
) -> SchoolPartnership:
    active = create_active_lead_provider(lead_provider=lead_provider, year=year)
    pairing = create_lead_provider_delivery_partnership(active_lead_provider=active, delivery_partner=delivery_partner)
    return SchoolPartnership.objects.create(
        school=school or create_school(), lead_provider_delivery_partnership=pairing
    )


def schedule(identifier: str = ScheduleIdentifier.STANDARD_SEPTEMBER, year: int = 2026) -> Schedule:
    period = ContractPeriod.objects.filter(year=year).first() or create_contract_period(year)
    return Schedule.objects.get_or_create(contract_period=period, identifier=identifier)[0]


# Teachers and periods --------------------------------------------------------------------------------


def create_teacher(
    *,
    trn: str | None = None,
    first_name: str = "Jane",
    last_name: str = "Smith",
    qts_awarded_on: dt.date | None = dt.date(2025, 7, 1),
    trs_induction_status: str | None = "RequiredToComplete",
    **fields,
) -> Teacher:
    return Teacher.objects.create(
        trn=trn or f"{3000000 + _next():07d}",
        trs_first_name=first_name,
        trs_last_name=last_name,
        trs_qts_awarded_on=qts_awarded_on,
        trs_induction_status=trs_induction_status,
        **fields,
    )


def create_ect_at_school_period(
    *,
    teacher: Teacher | None = None,
    school: School | None = None,
    started_on: dt.date = dt.date(2026, 9, 1),
    finished_on: dt.date | None = None,
    email: str | None = None,
    working_pattern: str = WorkingPattern.FULL_TIME,
    appropriate_body: AppropriateBodyPeriod | None = None,
    **fields,
) -> ECTAtSchoolPeriod:
    teacher = teacher or create_teacher()
    return ECTAtSchoolPeriod.objects.create(
        teacher=teacher,
        school=school or create_school(),
        started_on=started_on,
        finished_on=finished_on,
        email=email or f"ect{teacher.pk}@example.com",
        working_pattern=working_pattern,
        school_reported_appropriate_body=appropriate_body or create_appropriate_body(),
        **fields,
    )


def create_mentor_at_school_period(
    *,
    teacher: Teacher | None = None,
    school: School | None = None,
    started_on: dt.date = dt.date(2026, 9, 1),
    finished_on: dt.date | None = None,
    email: str | None = None,
    **fields,
) -> MentorAtSchoolPeriod:
    teacher = teacher or create_teacher(first_name="Tom", last_name="Brown")
    return MentorAtSchoolPeriod.objects.create(
        teacher=teacher,
        school=school or create_school(),
        started_on=started_on,
        finished_on=finished_on,
        email=email or f"mentor{teacher.pk}@example.com",
        **fields,
    )


def create_mentorship_period(
    *,
    mentee: ECTAtSchoolPeriod | None = None,
    mentor: MentorAtSchoolPeriod | None = None,
    started_on: dt.date | None = None,
    finished_on: dt.date | None = None,
) -> MentorshipPeriod:
    mentee = mentee or create_ect_at_school_period()
    mentor = mentor or create_mentor_at_school_period(school=mentee.school, started_on=mentee.started_on)
    return MentorshipPeriod.objects.create(
        ect_at_school_period=mentee,
        mentor_at_school_period=mentor,
        started_on=started_on or max(mentee.started_on, mentor.started_on),
        finished_on=finished_on,
    )


def create_training_period(
    *,
    ect_at_school_period: ECTAtSchoolPeriod | None = None,
    mentor_at_school_period: MentorAtSchoolPeriod | None = None,
    started_on: dt.date | None = None,
    finished_on: dt.date | None = None,
    training_programme: str = TrainingProgramme.PROVIDER_LED,
    school_partnership: SchoolPartnership | None = None,
    expression_of_interest: ActiveLeadProvider | None = None,
    schedule_identifier: str | None = None,
    **fields,
) -> TrainingPeriod:
    """A training period; provider-led ones get a partnership for their school unless an EOI is given."""
    if ect_at_school_period is None and mentor_at_school_period is None:
        ect_at_school_period = create_ect_at_school_period()
    at_school = ect_at_school_period or mentor_at_school_period
    provider_led = training_programme == TrainingProgramme.PROVIDER_LED
    if provider_led and school_partnership is None and expression_of_interest is None:
        school_partnership = create_school_partnership(school=at_school.school)
    year = None
    if school_partnership is not None:
        year = school_partnership.lead_provider_delivery_partnership.active_lead_provider.contract_period_id
    elif expression_of_interest is not None:
        year = expression_of_interest.contract_period_id
    default_identifier = ScheduleIdentifier.STANDARD_SEPTEMBER
    return TrainingPeriod.objects.create(
        ect_at_school_period=ect_at_school_period,
        mentor_at_school_period=mentor_at_school_period,
        teacher_id=at_school.teacher_id,
        role="ect" if ect_at_school_period else "mentor",
        started_on=started_on or at_school.started_on,
        finished_on=finished_on,
        training_programme=training_programme,
        school_partnership=school_partnership,
        expression_of_interest=expression_of_interest,
        schedule=schedule(schedule_identifier or default_identifier, year) if provider_led else None,
        **fields,
    )


def create_induction_period(
    *,
    teacher: Teacher | None = None,
    appropriate_body: AppropriateBodyPeriod | None = None,
    started_on: dt.date = dt.date(2025, 9, 1),
    finished_on: dt.date | None = None,
    number_of_terms: float | None = None,
    outcome: str | None = None,
    training_programme: str = TrainingProgramme.PROVIDER_LED,
) -> InductionPeriod:
    if finished_on is not None and number_of_terms is None:
        number_of_terms = 3
    return InductionPeriod.objects.create(
        teacher=teacher or create_teacher(),
        appropriate_body_period=appropriate_body or create_appropriate_body(),
        started_on=started_on,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        outcome=outcome,
        training_programme=training_programme,
        induction_programme=(
            InductionProgramme.FIP
            if training_programme == TrainingProgramme.PROVIDER_LED
            else InductionProgramme.UNKNOWN
        ),
    )


# The spec's baseline (domain.md §8) ------------------------------------------------------------------


@dataclass
class BaselineWorld:
    contract_periods: dict[int, ContractPeriod]
    oakfield: School
    hillside: School
    jane: Teacher
    north_hub: AppropriateBodyPeriod
    istip: AppropriateBodyPeriod
    old_county_council: AppropriateBodyPeriod
    alpha: LeadProvider
    beta: LeadProvider
    delta: DeliveryPartner


def baseline_world() -> BaselineWorld:
    periods = create_baseline_contract_periods()
    oakfield = create_school(urn=100001, name="Oakfield Primary", type_name="Community school", eligible=True)
    hillside = create_school(
        urn=100002,
        name="Hillside College",
        type_name="Other independent school",
        section_41_approved=True,
        eligible=True,
    )
    jane = create_teacher(trn="1234567", first_name="Jane", last_name="Smith", qts_awarded_on=dt.date(2025, 7, 1))
    north_hub = create_appropriate_body(name="North Hub")
    istip = create_appropriate_body(
        name="Independent Schools Teacher Induction Panel (ISTIP)", body_type=AppropriateBodyType.NATIONAL
    )
    old_county = create_appropriate_body(
        name="Old County Council", body_type=AppropriateBodyType.LOCAL_AUTHORITY, active=False
    )
    alpha = create_lead_provider(name="Alpha Learning", active_in=(2024, 2025, 2026))
    beta = create_lead_provider(name="Beta Institute", active_in=(2026,))
    delta = create_delivery_partner(name="Delta Partners")
    for year in (2025, 2026):
        create_lead_provider_delivery_partnership(
            active_lead_provider=ActiveLeadProvider.objects.get(lead_provider=alpha, contract_period_id=year),
            delivery_partner=delta,
        )
    return BaselineWorld(periods, oakfield, hillside, jane, north_hub, istip, old_county, alpha, beta, delta)
