"""The demo hub lead school for trying dual-role sign-in."""

from __future__ import annotations

import uuid

import pytest

from appropriate_bodies.models import AppropriateBodyPeriod
from demo_data.sign_in_data import ensure_dual_role_school
from schools.models import DfESignInOrganisation
from sign_in.personas import session_user_for
from tests.builders import create_school

pytestmark = pytest.mark.django_db


def test_the_lowest_urn_school_leads_a_hub_once():
    for urn, name in ((300002, "Second School"), (300001, "First School")):
        create_school(urn=urn, name=name)
        DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name=name, urn=str(urn))
    assert ensure_dual_role_school().urn == 300001
    assert ensure_dual_role_school().urn == 300001
    body = AppropriateBodyPeriod.objects.get()
    assert body.name == "First School Teaching School Hub"
    assert body.dfe_sign_in_organisation_id == DfESignInOrganisation.objects.get(urn="300001").uuid
    assert session_user_for("school", "300001").is_dual_role


def test_nothing_without_schools():
    assert ensure_dual_role_school() is None
