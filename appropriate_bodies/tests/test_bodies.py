"""Appropriate bodies, legacy records and regions (domain.md §5.7, BR-AB-01 … BR-AB-06)."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, transaction

from appropriate_bodies.models import AppropriateBody, AppropriateBodyPeriod, LegacyAppropriateBody, Region
from appropriate_bodies.services.bodies import (
    active_appropriate_bodies,
    appropriate_body_for_sign_in,
    body_kind,
    can_sign_in_as_appropriate_body,
    is_active,
    is_national,
)
from appropriate_bodies.validation import (
    validate_appropriate_body_period,
    validate_legacy_appropriate_body,
    validate_region,
)
from core.errors import DomainError
from schools.models import DfESignInOrganisation


def errors_of(excinfo) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in excinfo.value.errors]


def test_BR_AB_01_a_unique_name_and_a_valid_type(world):
    """BR-AB-01: duplicate name `North Hub` → uniqueness error; `body_type = diocese` → the type message."""
    with pytest.raises(DomainError) as excinfo:
        validate_appropriate_body_period(AppropriateBodyPeriod(name="North  Hub", body_type="teaching_school_hub"))
    assert errors_of(excinfo) == [("name", "Name has already been taken")]
    with pytest.raises(DomainError) as excinfo:
        validate_appropriate_body_period(AppropriateBodyPeriod(name="South Hub", body_type="diocese"))
    assert errors_of(excinfo) == [("body_type", "Must be local authority, national or teaching school hub")]
    validate_appropriate_body_period(AppropriateBodyPeriod(name="South Hub", body_type="national"))
    validate_appropriate_body_period(world.north_hub)  # itself is not a duplicate
    with pytest.raises(IntegrityError), transaction.atomic():
        AppropriateBodyPeriod.objects.create(name="North Hub")


def test_BR_AB_02_active_iff_it_has_a_dfe_sign_in_organisation(world):
    """BR-AB-02: Old County Council (no org id) → inactive and not offered to schools."""
    assert (is_active(world.north_hub), is_active(world.old_county_council)) == (True, False)
    assert world.old_county_council not in active_appropriate_bodies()
    assert set(active_appropriate_bodies()) == {world.north_hub, world.istip}


def make_body(name: str) -> AppropriateBody:
    organisation = DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name=f"{name} (DfE Sign-in)")
    return AppropriateBody.objects.create(name=name, dfe_sign_in_organisation=organisation)


def test_BR_AB_03_national_bodies_are_istip_and_esp_by_name(db):
    """BR-AB-03: `Educational Success Partners (ESP)` → national; `North Hub` → regional."""
    esp = make_body("Educational Success Partners (ESP)")
    istip = make_body("Independent Schools Teacher Induction Panel (ISTIP)")
    hub = make_body("North Hub")
    assert [is_national(b) for b in (esp, istip, hub)] == [True, True, False]
    assert [body_kind(b) for b in (esp, hub)] == ["national", "regional"]


def test_BR_AB_04_legacy_names_and_dqt_ids_are_unique_one_per_ab_period(world):
    """BR-AB-04: a second legacy row for the same AB period → uniqueness error."""
    dqt_id = uuid.uuid4()
    LegacyAppropriateBody.objects.create(
        appropriate_body_period=world.old_county_council,
        name="Old County Council",
        dqt_id=dqt_id,
        body_type="local_authority",
    )
    second = LegacyAppropriateBody(
        appropriate_body_period=world.old_county_council,
        name="Old County Council",
        dqt_id=dqt_id,
        body_type="local_authority",
    )
    with pytest.raises(DomainError) as excinfo:
        validate_legacy_appropriate_body(second)
    assert errors_of(excinfo) == [
        ("name", "Name has already been taken"),
        ("dqt_id", "DQT ID has already been taken"),
        ("appropriate_body_period", "Appropriate body period already has a legacy appropriate body"),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    validate_legacy_appropriate_body(
        LegacyAppropriateBody(
            appropriate_body_period=world.north_hub,
            name="North Hub (legacy)",
            dqt_id=uuid.uuid4(),
            body_type="teaching_school_hub",
        )
    )


def test_BR_AB_05_region_codes_are_unique_and_districts_required(db):
    """BR-AB-05: region `NW7` with empty districts → error on `districts`."""
    with pytest.raises(DomainError) as excinfo:
        validate_region(Region(code="NW7", districts=[]))
    assert errors_of(excinfo) == [("districts", "Enter at least one district")]
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="NW7", districts=[])
    Region.objects.create(code="NW7", districts=["Bolton"])
    with pytest.raises(DomainError) as excinfo:
        validate_region(Region(code="NW7", districts=["Wigan"]))
    assert errors_of(excinfo) == [("code", "Code has already been taken")]


def test_BR_AB_06_sign_in_needs_a_known_organisation_and_the_ab_role(world):
    """BR-AB-06: unknown organisation UUID → rejected; only `SchoolUser` at an AB organisation → no access."""
    north_hub_org = world.north_hub.dfe_sign_in_organisation_id
    assert (
        appropriate_body_for_sign_in(organisation_id=str(north_hub_org), roles=["AppropriateBodyUser"])
        == world.north_hub
    )
    assert appropriate_body_for_sign_in(organisation_id=uuid.uuid4(), roles=["AppropriateBodyUser"]) is None
    assert appropriate_body_for_sign_in(organisation_id=north_hub_org, roles=["SchoolUser"]) is None
    assert appropriate_body_for_sign_in(organisation_id="not-a-uuid", roles=["AppropriateBodyUser"]) is None
    assert can_sign_in_as_appropriate_body(organisation_id=north_hub_org, roles=["SchoolUser", "AppropriateBodyUser"])
    assert not can_sign_in_as_appropriate_body(organisation_id=None, roles=["AppropriateBodyUser"])
