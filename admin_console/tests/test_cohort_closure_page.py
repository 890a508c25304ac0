"""The close-a-contract-period page (issue 8 item 5): preview, confirmation, closing, and who may use it.
The closing rules themselves are tested with the service (providers/tests/test_cohort_closure.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import DfERole
from providers.models import ContractPeriod
from sign_in.testing import create_staff_user, sign_in_dfe_staff
from tests import builders_training as b

pytestmark = pytest.mark.django_db

URL = "/admin/finance/contract-periods/close"


@pytest.fixture
def jane_in_2025(world):
    b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026)
    partnership = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025)
    return b.training(
        b.ect_period(world, started_on=dt.date(2025, 9, 1)),
        started_on=dt.date(2025, 9, 1),
        school_partnership=partnership,
    )


def finance_client(client):
    sign_in_dfe_staff(client, create_staff_user(role=DfERole.FINANCE, email="fin@education.gov.uk"))
    return client


def test_a_preview_shows_what_would_change_and_changes_nothing(client, jane_in_2025):
    page = finance_client(client).get(URL, {"year": "2025", "successor_year": "2026"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "This is a preview: nothing has changed yet." in text
    assert "Jane Smith" in text and "Moves" in text and "ecf-extended-september" in text
    assert ContractPeriod.objects.get(year=2025).enabled


def test_closing_needs_the_confirmation_then_closes(client, jane_in_2025):
    staff = finance_client(client)
    refused = staff.post(URL, {"year": "2025", "successor_year": "2026"})
    assert refused.status_code == 200
    assert "Confirm that you want to close the contract period" in refused.content.decode()
    assert 'href="#id_confirm"' in refused.content.decode() and 'id="id_confirm"' in refused.content.decode()
    assert ContractPeriod.objects.get(year=2025).enabled

    closed = staff.post(URL, {"year": "2025", "successor_year": "2026", "confirm": "on"})
    assert closed.status_code == 200
    assert "Contract period 2025 closed" in closed.content.decode()
    period = ContractPeriod.objects.get(year=2025)
    assert not period.enabled and period.is_payments_frozen


def test_a_service_refusal_is_shown_on_the_field(client, world):
    page = finance_client(client).get(URL, {"year": "2026", "successor_year": "2025"})
    assert "Participants can only move to a later contract period than 2026" in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()


@pytest.mark.parametrize("role", [DfERole.ADMIN, DfERole.USER_MANAGER])
def test_only_finance_roles_may_close_a_contract_period(client, world, role):
    sign_in_dfe_staff(client, create_staff_user(role=role, email="someone@education.gov.uk"))
    assert client.get(URL).status_code == 401
    assert client.post(URL, {"year": "2025", "successor_year": "2026", "confirm": "on"}).status_code == 401
    assert ContractPeriod.objects.get(year=2025).enabled
