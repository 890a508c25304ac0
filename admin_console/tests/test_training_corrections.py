"""journeys.md §6.5 through the console: move to a different partnership, change contract period."""

from __future__ import annotations

import datetime as dt

import pytest

from admin_console.tests.console import signed_in
from events.models import Event
from teachers.models import TrainingPeriod
from tests.builders import create_delivery_partner, create_ect_at_school_period, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(world):
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 20))
    current = partnership(school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)
    return create_training_period(ect_at_school_period=ect, school_partnership=current)


def test_move_to_a_different_partnership(client, world, period):
    admin = signed_in(client)
    url = f"/admin/teachers/{world.jane.pk}/training-periods/{period.pk}/partnership/new"
    assert "There are no other partnerships" in client.get(url).content.decode()
    echo = partnership(
        school=world.oakfield,
        lead_provider=world.alpha,
        year=2026,
        delivery_partner=create_delivery_partner(name="Echo"),
    )
    page = client.get(url).content.decode()
    assert "Alpha Learning &amp; Echo" in page and "Confirm partnership" in page
    assert "Select a partnership" in client.post(url, {}).content.decode()
    response = client.post(url, {"school_partnership": str(echo.pk)})
    assert response.headers["Location"] == f"/admin/teachers/{world.jane.pk}/training"
    assert "Partnership updated" in client.get(response.headers["Location"]).content.decode()
    period.refresh_from_db()
    assert period.school_partnership_id == echo.pk
    assert (
        Event.objects.get(training_period=period, event_type="training_period_assigned_to_school_partnership").author_id
        == admin.pk
    )


def test_change_contract_period_through_select_partnership_and_check_answers(client, world, period):
    signed_in(client)
    base = f"/admin/teachers/{world.jane.pk}/training-periods/{period.pk}/contract-period/change"
    training = client.get(f"/admin/teachers/{world.jane.pk}/training").content.decode()
    assert f"{base}/select-contract-period" in training
    assert "Select a contract period" in client.post(f"{base}/select-contract-period", {}).content.decode()
    assert client.post(f"{base}/select-contract-period", {"contract_period": "2025"}).headers["Location"] == (
        f"{base}/no-partnerships?year=2025"
    )
    older = partnership(school=world.oakfield, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)
    response = client.post(f"{base}/select-contract-period", {"contract_period": "2025"})
    assert response.headers["Location"] == f"{base}/select-partnership?year=2025"
    response = client.post(f"{base}/select-partnership?year=2025", {"school_partnership": str(older.pk)})
    assert response.headers["Location"] == f"{base}/check-answers?year=2025&partnership={older.pk}"
    check = client.get(response.headers["Location"]).content.decode()
    assert "2026" in check and "2025" in check and "Alpha Learning &amp; Delta Partners" in check
    response = client.post(f"{base}/check-answers?year=2025&partnership={older.pk}")
    assert response.status_code == 302
    changed = TrainingPeriod.objects.get(teacher=world.jane, finished_on__isnull=True)
    assert changed.school_partnership_id == older.pk and changed.schedule.contract_period_id == 2025
    assert Event.objects.filter(
        teacher=world.jane, event_type="teacher_training_period_contract_period_changed"
    ).exists()
