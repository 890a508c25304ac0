"""What the database itself refuses on schools and the GIAS mirror (domain.md §5.3–5.6). Rows are written
with raw SQL, past the ORM and the services."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.tests.models.sql import insert, refused
from tests.builders import create_contract_period, create_lead_provider

pytestmark = pytest.mark.django_db


def gias_school(urn: int, **extra) -> dict:
    row = dict(
        urn=urn,
        name=f"School {urn}",
        type_name="Community school",
        status="open",
        eligible=True,
        in_england=True,
        section_41_approved=False,
        local_authority_code=100,
    )
    return row | extra


def school(urn: int, **extra) -> dict:
    return dict(urn=urn, api_id=uuid.uuid4(), marked_as_eligible=False) | extra


@pytest.fixture
def oakfield_urn():
    return insert("gias_schools", **gias_school(100001, name="Oakfield Primary"))


@pytest.fixture
def hillside_urn():
    return insert("gias_schools", **gias_school(100002, name="Hillside College"))


# §5.4 School -----------------------------------------------------------------------------------------


def test_a_school_urn_and_api_id_are_unique(oakfield_urn, hillside_urn):
    """§5.4: unique `urn` (one school per GIAS record), unique `api_id`."""
    api_id = uuid.uuid4()
    insert("schools", **school(oakfield_urn, api_id=api_id))

    assert refused("schools", **school(oakfield_urn)) == "schools_unique_urn"
    assert refused("schools", **school(hillside_urn, api_id=api_id)) == "schools_api_id_key"
    insert("schools", **school(hillside_urn))


def test_a_school_keeps_its_induction_tutor_name_and_email_together(oakfield_urn):
    """§5.4: the induction tutor is named and reachable, or not set at all."""
    for values in ({"induction_tutor_name": "Ann Lee"}, {"induction_tutor_email": "ann@example.com"}):
        assert refused("schools", **school(oakfield_urn, **values)) == "schools_induction_tutor_name_and_email_together"
    insert("schools", **school(oakfield_urn, induction_tutor_name="Ann Lee", induction_tutor_email="ann@example.com"))


def test_a_schools_last_chosen_lead_provider_goes_with_provider_led(oakfield_urn):
    """§5.4: `last_chosen_lead_provider_id` "Present iff last programme was `provider_led`": refused beside
    a school-led last choice."""
    alpha = create_lead_provider(name="Alpha Learning")
    assert (
        refused(
            "schools",
            **school(oakfield_urn, last_chosen_lead_provider_id=alpha.pk, last_chosen_training_programme="school_led"),
        )
        == "schools_last_lead_provider_iff_provider_led"
    )
    insert(
        "schools",
        **school(oakfield_urn, last_chosen_lead_provider_id=alpha.pk, last_chosen_training_programme="provider_led"),
    )


def test_a_schools_last_chosen_lead_provider_needs_a_last_programme(oakfield_urn):
    """§5.4: a last lead provider with no last programme at all is not "provider_led"."""
    alpha = create_lead_provider(name="Alpha Learning")

    assert (
        refused("schools", **school(oakfield_urn, last_chosen_lead_provider_id=alpha.pk))
        == "schools_last_lead_provider_iff_provider_led"
    )


def test_a_provider_led_last_choice_names_its_lead_provider(oakfield_urn):
    """§5.4: "Present iff last programme was `provider_led`": provider-led with no lead provider."""
    assert (
        refused("schools", **school(oakfield_urn, last_chosen_training_programme="provider_led"))
        == "schools_last_lead_provider_iff_provider_led"
    )


# §5.3, §5.5, §5.6 GIAS mirror, funding eligibility and DfE Sign-in organisations --------------------


def test_a_gias_school_is_keyed_by_urn_and_its_ukprn_is_unique(oakfield_urn):
    """§5.3.1: `urn` is the key; `ukprn` unique when present."""
    insert("gias_schools", **gias_school(100003, ukprn=10000001))
    insert("gias_schools", **gias_school(100004))

    assert refused("gias_schools", **gias_school(100001)) == "gias_schools_pkey"
    assert refused("gias_schools", **gias_school(100005, ukprn=10000001)) == "gias_schools_ukprn_key"


def test_a_gias_link_is_recorded_once_per_linked_urn(oakfield_urn, hillside_urn):
    """§5.3.2: one link row per (school, linked URN)."""
    insert("gias_school_links", urn=oakfield_urn, link_urn=hillside_urn, link_type="Successor")
    insert("gias_school_links", urn=hillside_urn, link_urn=oakfield_urn, link_type="Predecessor")

    assert (
        refused("gias_school_links", urn=oakfield_urn, link_urn=hillside_urn, link_type="Predecessor")
        == "gias_school_links_unique_link_urn"
    )


def test_Q12_funding_eligibility_is_unique_per_school_and_contract_period(oakfield_urn, hillside_urn):
    """Q12: the reference has no uniqueness on (`gias_school_urn`, `contract_period_year`); we add it."""
    create_contract_period(2025, with_schedules=False)
    create_contract_period(2026, with_schedules=False)
    row = dict(pupil_premium_uplift=True, sparsity_uplift=False)
    insert("school_funding_eligibilities", gias_school_urn=oakfield_urn, contract_period_year=2026, **row)
    insert("school_funding_eligibilities", gias_school_urn=oakfield_urn, contract_period_year=2025, **row)
    insert("school_funding_eligibilities", gias_school_urn=hillside_urn, contract_period_year=2026, **row)

    assert (
        refused("school_funding_eligibilities", gias_school_urn=oakfield_urn, contract_period_year=2026, **row)
        == "school_funding_eligibilities_unique_school_year"
    )


def test_dfe_sign_in_organisations_are_unique_by_uuid_name_and_urn():
    """§5.6: `uuid`, `name` and `urn` each identify one organisation."""
    first = dict(uuid=uuid.uuid4(), name="Oakfield Primary", urn="100001")
    insert("dfe_sign_in_organisations", **first)

    assert (
        refused("dfe_sign_in_organisations", **first | {"name": "Other", "urn": None})
        == "dfe_sign_in_organisations_uuid_key"
    )
    assert (
        refused("dfe_sign_in_organisations", **first | {"uuid": uuid.uuid4(), "urn": None})
        == "dfe_sign_in_organisations_name_key"
    )
    assert (
        refused("dfe_sign_in_organisations", **first | {"uuid": uuid.uuid4(), "name": "Other"})
        == "dfe_sign_in_organisations_urn_key"
    )


# §5.22 API metadata ----------------------------------------------------------------------------------


def test_api_metadata_has_one_row_per_school_and_year_and_per_school_provider_and_year(oakfield_urn):
    """§5.22: the metadata keys are unique, so a reader joining on them finds at most one row."""
    create_contract_period(2025, with_schedules=False)
    school_id = insert("schools", **school(oakfield_urn))
    alpha = create_lead_provider(name="Alpha Learning")
    row = dict(
        school_id=school_id,
        contract_period_year=2025,
        in_partnership=False,
        induction_programme_choice="not_yet_known",
        api_updated_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
    )
    insert("metadata_schools_contract_periods", **row)
    assert refused("metadata_schools_contract_periods", **row) == "metadata_schools_contract_periods_unique_school_year"

    flag = dict(
        school_id=school_id,
        lead_provider_id=alpha.pk,
        contract_period_year=2025,
        expression_of_interest_or_school_partnership=True,
    )
    insert("metadata_schools_lead_providers_contract_periods", **flag)
    assert (
        refused("metadata_schools_lead_providers_contract_periods", **flag)
        == "metadata_schools_lead_providers_contract_periods_unique"
    )


# Notifications to schools (docs/school-notifications.md) -------------------------------------------------------


def notification(school_id: int, **extra) -> dict:
    row = dict(
        school_id=school_id,
        kind="ect_without_mentor",
        dedupe_key="ect_without_mentor:1",
        heading="Jane Smith does not have a mentor",
        body="Assign a mentor.",
        action_text="Assign a mentor",
        action_path="/school/home/ects",
        email_status="pending",
    )
    return row | extra


def test_a_school_notification_is_made_once_per_fact(oakfield_urn, hillside_urn):
    """The dedupe key is unique per school: a repeated trigger or job cannot make a second notification."""
    oakfield = insert("schools", **school(oakfield_urn))
    hillside = insert("schools", **school(hillside_urn))
    insert("school_notifications", **notification(oakfield))
    insert("school_notifications", **notification(hillside))  # the same fact told to another school
    insert("school_notifications", **notification(oakfield, dedupe_key="ect_without_mentor:2"))
    assert refused("school_notifications", **notification(oakfield)) == "school_notifications_once_per_fact"


def test_a_school_notification_has_a_known_kind_and_email_status(oakfield_urn):
    oakfield = insert("schools", **school(oakfield_urn))
    assert refused("school_notifications", **notification(oakfield, kind="gossip")) == "school_notifications_kind_valid"
    assert (
        refused("school_notifications", **notification(oakfield, email_status="maybe"))
        == "school_notifications_email_status_valid"
    )


def test_a_sent_school_notification_email_has_its_time_and_address(oakfield_urn):
    oakfield = insert("schools", **school(oakfield_urn))
    sent = dict(email_status="sent", email_to="tutor@oakfield.sch.uk", emailed_at=dt.datetime.now(dt.UTC))
    insert("school_notifications", **notification(oakfield, dedupe_key="a", **sent))
    for missing in ("email_to", "emailed_at"):
        row = notification(oakfield, dedupe_key=f"b-{missing}", **(sent | {missing: None}))
        assert refused("school_notifications", **row) == "school_notifications_sent_has_time_and_address"


def test_a_school_turns_each_kind_of_email_off_once(oakfield_urn):
    oakfield = insert("schools", **school(oakfield_urn))
    insert("school_notification_email_opt_outs", school_id=oakfield, kind="ect_released")
    assert (
        refused("school_notification_email_opt_outs", school_id=oakfield, kind="ect_released")
        == "school_notification_opt_outs_once_per_kind"
    )
    assert (
        refused("school_notification_email_opt_outs", school_id=oakfield, kind="gossip")
        == "school_notification_opt_outs_kind_valid"
    )
