"""Who may open the finance pages (journeys.md §2.8, §9.1 item 7): only roles holding the finance capability
(`finance`, `product_team`). Admins and user managers get the 401 page with the finance explanation; school users
get the generic 401; signed-out visitors are sent to sign in. Every finance page and action is checked, so a new
page without the decorator fails here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import DfERole
from finance.models import Statement, StatementAdjustment, StatementStatus
from finance.tests import conftest as finance_fixtures
from providers.models import Schedule
from sign_in.testing import create_staff_user, sign_in_dfe_staff, sign_in_school_user

finance = finance_fixtures.finance  # the finance app's fixture, shared here

FINANCE_EXPLANATION = "This area holds financial information"


@pytest.fixture
def finance_urls(finance):
    """Every finance page (GET) and action (POST), with real ids so an allowed role gets the page itself."""
    statement = finance.november
    adjustment = StatementAdjustment.objects.create(statement=statement, payment_type="Extra", amount=Decimal("5"))
    payable = finance.statement(9, 2026, status=StatementStatus.PAYABLE)
    finance.declaration(payment_status="payable", payment_statement=payable)
    schedule = Schedule.objects.filter(contract_period_id=2027).order_by("pk").first()
    milestone = schedule.milestones.order_by("pk").first()
    pairing = finance.active.delivery_partnerships.get().pk
    last_band = finance.active.bands.order_by("allocation_order").last().pk
    s, a, lp = statement.pk, adjustment.pk, f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}"
    gets = [
        "/admin/finance",
        "/admin/finance/statements",
        f"/admin/finance/statements/{s}",
        f"/admin/finance/statements/{s}/declarations_export.csv",
        f"/admin/finance/statements/{payable.pk}/authorisations/new",
        f"/admin/finance/statements/{s}/adjustments/new",
        f"/admin/finance/statements/{s}/adjustments/{a}/edit",
        f"/admin/finance/statements/{s}/adjustments/{a}/delete",
        f"/admin/finance/contracts/{finance.contract.pk}",
        "/admin/finance/contract-periods",
        "/admin/finance/contract-periods/new",
        "/admin/finance/contract-periods/2026",
        "/admin/finance/contract-periods/2027/edit",
        "/admin/finance/contract-periods/2027/schedules/new",
        f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/delete",
        f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/milestones/new",
        f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/milestones/{milestone.pk}/delete",
        lp,
        f"{lp}/statements/new",
        f"{lp}/statements/{s}/edit",
        f"{lp}/statements/{s}/delete",
        f"{lp}/contracts/new",
        f"{lp}/contracts/{finance.contract.pk}/edit",
        f"{lp}/contracts/{finance.contract.pk}/delete",
        "/admin/finance/search-declarations",
        "/admin/finance/contract-periods/2027/lead-providers/new",
        f"{lp}/delete",
        f"{lp}/bands/new",
        f"{lp}/bands/{last_band}/edit",
        f"{lp}/bands/{last_band}/delete",
        f"{lp}/delivery-partners/new",
        f"{lp}/delivery-partners/{pairing}/delete",
    ]
    posts = [
        "/admin/finance/statements/choose",
        f"/admin/finance/statements/{payable.pk}/authorisations/new",
        f"/admin/finance/statements/{s}/adjustments/new",
        f"/admin/finance/statements/{s}/adjustments/{a}/edit",
        f"/admin/finance/statements/{s}/adjustments/{a}/delete",
        "/admin/finance/contract-periods/new",
        "/admin/finance/contract-periods/2027/edit",
        "/admin/finance/contract-periods/2027/schedules/new",
        f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/delete",
        f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/milestones/new",
        f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/milestones/{milestone.pk}/delete",
        f"{lp}/statements/new",
        f"{lp}/statements/{s}/edit",
        f"{lp}/statements/{s}/delete",
        f"{lp}/contracts/new",
        f"{lp}/contracts/{finance.contract.pk}/edit",
        f"{lp}/contracts/{finance.contract.pk}/delete",
        "/admin/finance/contract-periods/2027/lead-providers/new",
        f"{lp}/delete",
        f"{lp}/bands/new",
        f"{lp}/bands/{last_band}/edit",
        f"{lp}/bands/{last_band}/delete",
        f"{lp}/delivery-partners/new",
        f"{lp}/delivery-partners/{pairing}/delete",
    ]
    return gets, posts


@pytest.mark.parametrize("role", [DfERole.ADMIN, DfERole.USER_MANAGER])
def test_roles_without_finance_get_the_finance_401_everywhere_and_change_nothing(client, finance, finance_urls, role):
    sign_in_dfe_staff(client, create_staff_user(role=role))
    gets, posts = finance_urls
    adjustments = list(StatementAdjustment.objects.values_list("pk", "payment_type", "amount"))
    for url in gets:
        response = client.get(url)
        assert response.status_code == 401, url
        assert FINANCE_EXPLANATION in response.content.decode(), url
    for url in posts:
        response = client.post(url, {"payment_type": "Sneaky", "amount": "99", "assurance_checks_completed": "1"})
        assert response.status_code == 401, url
    assert list(StatementAdjustment.objects.values_list("pk", "payment_type", "amount")) == adjustments
    assert Schedule.objects.filter(contract_period_id=2027).count() == 12
    assert Statement.objects.filter(pk=finance.november.pk, month=11).exists()


@pytest.mark.parametrize("role", [DfERole.FINANCE, DfERole.PRODUCT_TEAM])
def test_finance_roles_reach_every_finance_page(client, finance_urls, role):
    sign_in_dfe_staff(client, create_staff_user(role=role))
    gets, _ = finance_urls
    for url in gets:
        assert client.get(url).status_code == 200, url


def test_finance_navigation_item_only_for_finance_roles(client, db):
    finance_user = create_staff_user(role=DfERole.FINANCE)
    sign_in_dfe_staff(client, finance_user)
    assert 'href="/admin/finance"' in client.get("/admin/finance/statements").content.decode()
    sign_in_dfe_staff(client, create_staff_user(role=DfERole.USER_MANAGER))
    response = client.get("/admin/finance/statements")
    assert response.status_code == 401 and 'href="/admin/finance"' not in response.content.decode()


def test_school_users_get_the_generic_401(client, world):
    sign_in_school_user(client, world.oakfield)
    response = client.get("/admin/finance/statements")
    assert response.status_code == 401
    assert FINANCE_EXPLANATION not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/admin/finance/statements")
    assert response.status_code == 302 and response.url == "/sign-in"
