"""journeys.md §6.3 "Extensions": DfE staff add, edit and delete a teacher's induction extensions (BR-EXT-01 …
BR-EXT-03), each recorded with the DfE user as author."""

from __future__ import annotations

import datetime as dt

import pytest

from admin_console.tests.console import signed_in
from events.models import Event
from teachers.models import InductionExtension
from tests.builders import create_induction_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(world):
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 1))
    return world.jane


def test_add_edit_and_delete_an_extension(client, jane):
    admin = signed_in(client)
    base = f"/admin/teachers/{jane.pk}/extensions"
    assert "has not been extended" in client.get(base).content.decode()
    response = client.post(f"{base}/new", {"number_of_terms": "1.5"})
    assert response.headers["Location"] == base
    assert "Extension was successfully added." in client.get(base).content.decode()
    extension = InductionExtension.objects.get(teacher=jane)
    assert extension.number_of_terms == 1.5

    client.post(f"{base}/{extension.pk}/edit", {"number_of_terms": "2"})
    extension.refresh_from_db()
    assert extension.number_of_terms == 2
    assert "2 terms" in client.get(f"/admin/teachers/{jane.pk}/induction").content.decode()

    assert "Confirm deletion" in client.get(f"{base}/{extension.pk}/confirm-delete").content.decode()
    response = client.post(f"{base}/{extension.pk}/confirm-delete")
    assert "Extension was successfully deleted." in client.get(response.headers["Location"]).content.decode()
    assert not InductionExtension.objects.filter(teacher=jane).exists()
    kinds = set(Event.objects.filter(teacher=jane, author=admin).values_list("event_type", flat=True))
    assert {"induction_extension_created", "induction_extension_updated", "induction_extension_deleted"} <= kinds


@pytest.mark.parametrize("terms", ["", "0", "16.5", "1.25", "many"])
def test_BR_EXT_01_terms_between_0_1_and_16_with_one_decimal_place(client, jane, terms):
    signed_in(client)
    response = client.post(f"/admin/teachers/{jane.pk}/extensions/new", {"number_of_terms": terms})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not InductionExtension.objects.exists()
