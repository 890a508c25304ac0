"""journeys.md §6.6 "Add partnership" and §9.9 item 9: year, lead provider, delivery partner, check answers,
through create_school_partnership; the same choice again is refused."""

from __future__ import annotations

import pytest

from admin_console.tests.console import signed_in
from events.models import Event
from providers.models import SchoolPartnership

pytestmark = pytest.mark.django_db


def test_add_a_partnership_and_not_the_same_one_twice(client, world):
    admin = signed_in(client)
    base = "/admin/schools/100001/partnerships/new"
    assert "Add partnership" in client.get("/admin/schools/100001/partnerships").content.decode()
    assert "Select a contract period" in client.post(base, {}).content.decode()
    response = client.post(base, {"choice": "2026"})
    assert response.headers["Location"] == f"{base}/lead-provider?year=2026"
    page = client.get(response.headers["Location"]).content.decode()
    assert "Alpha Learning" in page and "Beta Institute" in page
    response = client.post(f"{base}/lead-provider?year=2026", {"choice": str(world.alpha.pk)})
    assert "Delta Partners" in client.get(response.headers["Location"]).content.decode()
    response = client.post(response.headers["Location"], {"choice": str(world.delta.pk)})
    check_url = response.headers["Location"]
    assert "Check the partnership details" in client.get(check_url).content.decode()
    response = client.post(check_url)
    assert response.headers["Location"] == "/admin/schools/100001/partnerships"
    page = client.get(response.headers["Location"]).content.decode()
    assert "Partnership added" in page and "2026 partnerships" in page and "Alpha Learning and Delta Partners" in page
    partnership = SchoolPartnership.objects.get(school=world.oakfield)
    assert (
        Event.objects.get(event_type="school_partnership_created", school_partnership=partnership).author_id == admin.pk
    )

    again = client.post(check_url)
    assert again.status_code == 200 and "govuk-error-summary" in again.content.decode()
    assert SchoolPartnership.objects.filter(school=world.oakfield).count() == 1
