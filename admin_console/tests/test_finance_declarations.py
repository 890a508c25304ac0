"""Searching declarations and voiding them from the finance console (journeys.md §6.8.6, §9.10 items 5–6;
finance.md §6.2), on the `finance` fixture (Alpha Learning 2026, November 2026 the next output statement)."""

from __future__ import annotations

import re

import pytest

from accounts.models import DfERole
from declarations.models import ClawbackStatus, PaymentStatus
from events.models import Event
from events.types import EventType
from finance.models import Statement
from finance.tests import conftest as finance_fixtures
from sign_in.testing import create_staff_user, sign_in_dfe_staff

finance = finance_fixtures.finance  # the finance app's fixture, shared here


@pytest.fixture
def finance_user(db):
    return create_staff_user(role=DfERole.FINANCE, name="Fiona Finance")


@pytest.fixture
def signed_in(client, finance_user):
    sign_in_dfe_staff(client, finance_user)
    return client


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def test_a_known_declaration_id_goes_to_the_teachers_declarations_tab(signed_in, finance):
    declaration = finance.declaration(payment_status=PaymentStatus.ELIGIBLE, payment_statement=finance.november)
    declaration.refresh_from_db()  # the teacher is copied in by a database trigger
    response = signed_in.get(f"/admin/finance/search-declarations?declaration_id={declaration.api_id}")
    assert response.status_code == 302
    assert response.url == f"/admin/teachers/{declaration.teacher_id}/declarations"


@pytest.mark.parametrize(
    "searched", ["6f1d3c52-0d4e-4a57-9a3b-2f0e8c1b7d90", "not-an-id"]
)  # fixed: xdist workers must collect the same ids
def test_an_unknown_declaration_id_shows_no_results(signed_in, db, searched):
    response = signed_in.get(f"/admin/finance/search-declarations?declaration_id={searched}")
    assert response.status_code == 200
    assert "No declarations found" in text(response) and searched in text(response)
    assert "No declarations found" not in text(signed_in.get("/admin/finance/search-declarations"))


def test_voiding_an_unpaid_declaration_records_the_user(signed_in, finance_user, finance):
    declaration = finance.declaration(payment_status=PaymentStatus.ELIGIBLE, payment_statement=finance.november)
    declaration.refresh_from_db()  # the teacher is copied in by a database trigger
    url = f"/admin/finance/declarations/{declaration.pk}/voids/new"
    page = text(signed_in.get(url))
    assert f"Void declaration for {declaration.teacher.full_name}" in page
    assert f"Declaration ID {declaration.api_id}" in page and "State Eligible" in page
    assert "Lead provider Alpha Learning" in page and "Delivery partner Delta Partners" in page

    unticked = signed_in.post(url, {})
    assert unticked.status_code == 422 and "Confirm you want to void this declaration" in text(unticked)

    response = signed_in.post(url, {"confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/teachers/{declaration.teacher_id}/declarations"
    assert "Declaration voided" in text(response)
    declaration.refresh_from_db()
    assert declaration.payment_status == PaymentStatus.VOIDED
    assert declaration.payment_statement_id == finance.november.pk  # kept for the statement's "Voided" count
    assert declaration.voided_by_user_id == finance_user.pk and declaration.voided_by_user_at is not None
    event = Event.objects.get(event_type=EventType.TEACHER_DECLARATION_VOIDED)
    assert event.author_id == finance_user.pk

    again = signed_in.post(url, {"confirmed": "1"})
    assert again.status_code == 422 and "The declaration has already been voided." in text(again)


def test_voiding_a_paid_declaration_claws_it_back_on_the_next_output_statement(signed_in, finance):
    declaration = finance.declaration(payment_status=PaymentStatus.PAID, payment_statement=finance.august)
    signed_in.post(f"/admin/finance/declarations/{declaration.pk}/voids/new", {"confirmed": "1"})
    declaration.refresh_from_db()
    assert declaration.payment_status == PaymentStatus.PAID
    assert declaration.clawback_status == ClawbackStatus.AWAITING_CLAWBACK
    assert declaration.clawback_statement_id == finance.november.pk


def test_a_paid_declaration_with_no_future_statement_cannot_be_voided(signed_in, finance):
    declaration = finance.declaration(payment_status=PaymentStatus.PAID, payment_statement=finance.august)
    Statement.objects.filter(pk=finance.november.pk).delete()
    response = signed_in.post(f"/admin/finance/declarations/{declaration.pk}/voids/new", {"confirmed": "1"})
    assert response.status_code == 422
    assert "This declaration has been paid, and no future statement exists for clawback" in text(response)
    declaration.refresh_from_db()
    assert declaration.clawback_status == ClawbackStatus.NO_CLAWBACK


def test_unknown_declaration_is_404(signed_in, db):
    assert signed_in.get("/admin/finance/declarations/999999/voids/new").status_code == 404


@pytest.mark.parametrize("role", [DfERole.ADMIN, DfERole.USER_MANAGER])
def test_only_finance_roles_search_and_void(client, finance, role):
    declaration = finance.declaration(payment_status=PaymentStatus.ELIGIBLE, payment_statement=finance.november)
    sign_in_dfe_staff(client, create_staff_user(role=role))
    assert client.get("/admin/finance/search-declarations").status_code == 401
    url = f"/admin/finance/declarations/{declaration.pk}/voids/new"
    assert client.get(url).status_code == 401
    assert client.post(url, {"confirmed": "1"}).status_code == 401
    declaration.refresh_from_db()
    assert declaration.payment_status == PaymentStatus.ELIGIBLE
