"""The nightly touch of partnerships whose `participants_currently_training` changes (lead-provider-api.md §13.4),
checked against what the API then shows."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.testing import V3Client
from core import clock
from providers.models import SchoolPartnership
from providers.services.partnership_counts import touch_partnerships_whose_training_count_changed
from tests.builders import create_ect_at_school_period, create_school, create_school_partnership, create_training_period

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _partnership_training(world, started_on: dt.date, finished_on: dt.date | None = None) -> SchoolPartnership:
    school = create_school()
    partnership = create_school_partnership(
        school=school, lead_provider=world.alpha, delivery_partner=world.delta, year=2026
    )
    create_training_period(
        ect_at_school_period=create_ect_at_school_period(school=school, started_on=started_on, finished_on=finished_on),
        school_partnership=partnership,
        finished_on=finished_on,
    )
    return partnership


def test_partnerships_whose_count_changes_today_are_touched(world, frozen_today):
    today = clock.today()  # 2026-09-15
    starts_today = _partnership_training(world, today)
    finished_yesterday = _partnership_training(world, dt.date(2026, 9, 1), today - dt.timedelta(days=1))
    unchanged = _partnership_training(world, dt.date(2026, 9, 1))
    finishes_today = _partnership_training(world, dt.date(2026, 9, 1), today)  # still counts today
    SchoolPartnership.objects.update(api_updated_at=LONG_AGO)

    assert touch_partnerships_whose_training_count_changed(on=today) == 2

    touched = set(SchoolPartnership.objects.filter(api_updated_at=clock.now()).values_list("pk", flat=True))
    assert touched == {starts_today.pk, finished_yesterday.pk}
    assert {unchanged.pk, finishes_today.pk}.isdisjoint(touched)
    api = V3Client(world.alpha)
    polled = api.get("/api/v3/partnerships", {"filter[updated_since]": "2026-09-15T00:00:00Z"}).json()["data"]
    counts = {item["id"]: item["attributes"]["participants_currently_training"] for item in polled}
    assert counts == {str(starts_today.api_id): 1, str(finished_yesterday.api_id): 0}


def test_the_nightly_job_is_a_periodic_procrastinate_task(world, frozen_today):
    from procrastinate.contrib.django import app

    import providers.tasks

    assert providers.tasks.TOUCH_PARTNERSHIPS_CRON == "1 0 * * *"
    assert "providers.touch_partnership_counts" in app.tasks
    starts_today = _partnership_training(world, clock.today())
    SchoolPartnership.objects.update(api_updated_at=LONG_AGO)
    assert providers.tasks.touch_partnership_counts(timestamp=0) == 1
    starts_today.refresh_from_db()
    assert starts_today.api_updated_at == clock.now()
