"""What the database itself refuses on contract periods, schedules, providers and partnerships (domain.md
§5.8–5.10). Rows are written with raw SQL, past the ORM and the services."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.tests.models.sql import insert, refused, refused_null, refused_update
from tests.builders import (
    create_active_lead_provider,
    create_contract_period,
    create_delivery_partner,
    create_lead_provider,
    create_lead_provider_delivery_partnership,
    create_school,
)

D = dt.date

pytestmark = pytest.mark.django_db


# §5.8 ContractPeriod ---------------------------------------------------------------------------------


def contract_period(year: int, started_on: dt.date | None = None, finished_on: dt.date | None = None, **extra):
    row = dict(
        year=year,
        started_on=started_on or D(year, 6, 1),
        finished_on=finished_on or D(year + 1, 5, 31),
        enabled=True,
        mentor_funding_enabled=False,
        detailed_evidence_types_enabled=False,
        uplift_fees_enabled=True,
    )
    return row | extra


def test_contract_periods_may_not_overlap_ends_inclusive():
    """§5.8: contract periods must not overlap one another (name `Contract`); 2025 ends 2026-05-31, so a 2026
    period starting that day is refused and one starting 2026-06-01 accepted."""
    insert("contract_periods", **contract_period(2025))

    assert refused("contract_periods", **contract_period(2026, D(2026, 5, 31))) == "contract_periods_no_overlap"
    assert (
        refused("contract_periods", **contract_period(2024, D(2024, 6, 1), D(2025, 6, 1)))
        == "contract_periods_no_overlap"
    )
    assert (
        refused("contract_periods", **contract_period(2030, D(2025, 1, 1), D(2027, 1, 1)))
        == "contract_periods_no_overlap"
    )
    insert("contract_periods", **contract_period(2026))
    insert("contract_periods", **contract_period(2024))


def test_a_contract_period_ends_no_earlier_than_it_starts_and_its_year_is_unique_from_2020():
    """§5.8: check `finished_on >= started_on`; unique `year`, integer ≥ 2020."""
    year = insert("contract_periods", **contract_period(2025))

    assert (
        refused("contract_periods", **contract_period(2030, D(2030, 6, 1), D(2030, 5, 31)))
        == "contractperiod_finished_on_not_before_started_on"
    )
    assert (
        refused_update("contract_periods", year, key="year", finished_on=D(2025, 5, 31))
        == "contractperiod_finished_on_not_before_started_on"
    )
    assert (
        refused("contract_periods", **contract_period(2025, D(2040, 6, 1), D(2041, 5, 31))) == "contract_periods_pkey"
    )
    assert refused("contract_periods", **contract_period(2019)) == "contract_periods_year_from_2020"


def test_Q11_contract_period_start_and_enabled_are_not_null():
    """Q11: `contract_periods.started_on` and `enabled` are required in practice, so NOT NULL."""
    assert refused_null("contract_periods", **contract_period(2025) | {"started_on": None}) == "started_on"
    assert refused_null("contract_periods", **contract_period(2025) | {"enabled": None}) == "enabled"


def test_Q11_contract_period_end_is_not_null():
    """Q11: `contract_periods.finished_on` is required in practice; the recommendation is NOT NULL."""
    assert refused_null("contract_periods", **contract_period(2025) | {"finished_on": None}) == "finished_on"


# §5.9 Schedule and Milestone -------------------------------------------------------------------------


@pytest.fixture
def period_2026():
    return create_contract_period(2026, with_schedules=False)


def test_a_schedule_identifier_is_unique_per_contract_period(period_2026):
    """§5.9: `identifier` unique per contract period."""
    create_contract_period(2025, with_schedules=False)
    insert("schedules", contract_period_year=2026, identifier="ecf-standard-september")
    insert("schedules", contract_period_year=2025, identifier="ecf-standard-september")

    assert (
        refused("schedules", contract_period_year=2026, identifier="ecf-standard-september")
        == "schedules_unique_identifier_per_contract_period"
    )


def test_a_milestone_is_unique_per_schedule_and_its_date_is_after_its_start(period_2026):
    """§5.9: `declaration_type` unique per schedule; milestone_date after start_date when present."""
    schedule_id = insert("schedules", contract_period_year=2026, identifier="ecf-standard-september")
    insert(
        "milestones",
        schedule_id=schedule_id,
        declaration_type="started",
        start_date=D(2026, 6, 1),
        milestone_date=D(2026, 12, 31),
    )
    insert("milestones", schedule_id=schedule_id, declaration_type="retained-1", start_date=D(2027, 1, 1))

    assert (
        refused("milestones", schedule_id=schedule_id, declaration_type="started", start_date=D(2026, 7, 1))
        == "milestones_unique_declaration_type_per_schedule"
    )
    assert (
        refused(
            "milestones",
            schedule_id=schedule_id,
            declaration_type="retained-2",
            start_date=D(2027, 4, 1),
            milestone_date=D(2027, 4, 1),
        )
        == "milestones_milestone_date_after_start_date"
    )


# §5.10 Lead providers, delivery partners and partnerships -------------------------------------------


def test_lead_provider_name_and_ecf_id_are_unique():
    """§5.10.1: `name` unique; `ecf_id` unique when present."""
    ecf_id = uuid.uuid4()
    insert("lead_providers", name="Alpha Learning", vat_registered=True, ecf_id=ecf_id)
    insert("lead_providers", name="Beta Institute", vat_registered=True)
    insert("lead_providers", name="Gamma Trust", vat_registered=True)

    assert refused("lead_providers", name="Alpha Learning", vat_registered=True) == "lead_providers_name_key"
    assert refused("lead_providers", name="Other", vat_registered=True, ecf_id=ecf_id) == "lead_providers_ecf_id_key"


def test_a_lead_provider_is_active_once_per_contract_period(period_2026):
    """§5.10.2: unique (`lead_provider_id`, `contract_period_year`)."""
    alpha = create_lead_provider(name="Alpha Learning")
    create_contract_period(2025, with_schedules=False)
    insert("active_lead_providers", lead_provider_id=alpha.pk, contract_period_year=2026)
    insert("active_lead_providers", lead_provider_id=alpha.pk, contract_period_year=2025)

    assert (
        refused("active_lead_providers", lead_provider_id=alpha.pk, contract_period_year=2026)
        == "active_lead_providers_unique_per_contract_period"
    )


def test_bands_are_lettered_once_per_active_lead_provider_and_positive(period_2026):
    """§5.10.3: `allocation_order` > 0 and unique per active lead provider; capacity > 0."""
    active = create_active_lead_provider(year=2026)
    insert("active_lead_provider_bands", active_lead_provider_id=active.pk, allocation_order=1, capacity=100)

    assert (
        refused("active_lead_provider_bands", active_lead_provider_id=active.pk, allocation_order=1, capacity=50)
        == "active_lead_provider_bands_unique_order"
    )
    assert (
        refused("active_lead_provider_bands", active_lead_provider_id=active.pk, allocation_order=0, capacity=50)
        == "active_lead_provider_bands_positive"
    )
    assert (
        refused("active_lead_provider_bands", active_lead_provider_id=active.pk, allocation_order=2, capacity=0)
        == "active_lead_provider_bands_positive"
    )


def test_delivery_partner_api_id_and_case_insensitive_name_are_unique():
    """§5.10.4: `name` unique (case-insensitive); `api_id` unique."""
    api_id = uuid.uuid4()
    insert("delivery_partners", name="Delta Partners", api_id=api_id)

    assert refused("delivery_partners", name="Echo Partners", api_id=api_id) == "delivery_partners_api_id_key"
    assert (
        refused("delivery_partners", name="delta PARTNERS", api_id=uuid.uuid4()) == "delivery_partners_unique_name_ci"
    )
    insert("delivery_partners", name="Delta Partners North", api_id=uuid.uuid4())


def test_a_delivery_partner_pairs_once_with_an_active_lead_provider(period_2026):
    """§5.10.5: unique (`active_lead_provider_id`, `delivery_partner_id`); `ecf_id` unique when present."""
    active = create_active_lead_provider(year=2026)
    delta, echo = create_delivery_partner(name="Delta Partners"), create_delivery_partner(name="Echo Partners")
    ecf_id = uuid.uuid4()
    insert(
        "lead_provider_delivery_partnerships",
        active_lead_provider_id=active.pk,
        delivery_partner_id=delta.pk,
        ecf_id=ecf_id,
    )

    assert (
        refused("lead_provider_delivery_partnerships", active_lead_provider_id=active.pk, delivery_partner_id=delta.pk)
        == "lead_provider_delivery_partnerships_unique_pair"
    )
    assert (
        refused(
            "lead_provider_delivery_partnerships",
            active_lead_provider_id=active.pk,
            delivery_partner_id=echo.pk,
            ecf_id=ecf_id,
        )
        == "lead_provider_delivery_partnerships_ecf_id_key"
    )


def test_a_school_partnership_is_unique_per_school_and_pairing_and_by_api_id(period_2026):
    """§5.10.6: `api_id` unique; unique (`school_id`, `lead_provider_delivery_partnership_id`)."""
    oakfield, hillside = create_school(name="Oakfield Primary"), create_school(name="Hillside College")
    pairing = create_lead_provider_delivery_partnership()
    api_id = uuid.uuid4()
    insert(
        "school_partnerships", school_id=oakfield.pk, lead_provider_delivery_partnership_id=pairing.pk, api_id=api_id
    )

    assert (
        refused(
            "school_partnerships",
            school_id=oakfield.pk,
            lead_provider_delivery_partnership_id=pairing.pk,
            api_id=uuid.uuid4(),
        )
        == "school_partnerships_unique_school_pairing"
    )
    assert (
        refused(
            "school_partnerships",
            school_id=hillside.pk,
            lead_provider_delivery_partnership_id=pairing.pk,
            api_id=api_id,
        )
        == "school_partnerships_api_id_key"
    )
    insert(
        "school_partnerships",
        school_id=hillside.pk,
        lead_provider_delivery_partnership_id=pairing.pk,
        api_id=uuid.uuid4(),
    )
