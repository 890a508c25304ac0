"""journeys.md §6.3 through the console: induction corrections need a note or a 6-digit ticket, go through the
domain services, and land on the timeline with the acting DfE user (BR-ADM-01, BR-IP-11, BR-IP-15, BR-IP-16)."""

from __future__ import annotations

import datetime as dt

import pytest

from admin_console.tests.console import signed_in
from events.models import Event
from teachers.models import InductionPeriod
from tests.builders import create_induction_period

pytestmark = pytest.mark.django_db


def date(prefix: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def period_form(*, body=None, started_on, finished_on=None, terms="", programme="provider_led") -> dict[str, str]:
    data = {"number_of_terms": terms, "training_programme": programme}
    if body is not None:
        data["appropriate_body"] = str(body.pk)
    return data | date("started_on", started_on) | date("finished_on", finished_on)


def test_BR_IP_11_adding_a_period_before_an_existing_one_needs_an_end_date(client, world):
    admin = signed_in(client)
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 1, 5))
    url = f"/admin/teachers/{world.jane.pk}/induction-periods/new"
    response = client.post(url, period_form(body=world.istip, started_on=dt.date(2025, 9, 1)))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert InductionPeriod.objects.filter(teacher=world.jane).count() == 1

    response = client.post(
        url, period_form(body=world.istip, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2025, 12, 19), terms="1")
    )
    assert response.status_code == 302
    assert "Induction period created successfully" in client.get(response.headers["Location"]).content.decode()
    event = Event.objects.get(teacher=world.jane, event_type="induction_period_opened")
    assert event.author_id == admin.pk


def test_add_needs_an_appropriate_body_and_a_start_date(client, world):
    signed_in(client)
    response = client.post(
        f"/admin/teachers/{world.jane.pk}/induction-periods/new", period_form(started_on=None, programme="school_led")
    )
    assert response.status_code == 200
    assert InductionPeriod.objects.count() == 0


def test_editing_a_period_records_the_changes(client, world):
    admin = signed_in(client)
    period = create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 1)
    )
    response = client.post(
        f"/admin/teachers/{world.jane.pk}/induction-periods/{period.pk}/edit",
        period_form(started_on=dt.date(2026, 9, 3)),
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.started_on == dt.date(2026, 9, 3)
    event = Event.objects.get(teacher=world.jane, event_type="induction_period_updated")
    assert event.author_id == admin.pk and event.modifications


def test_BR_ADM_01_delete_needs_a_note_or_a_six_digit_ticket(client, world):
    admin = signed_in(client)
    period = create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 1)
    )
    url = f"/admin/teachers/{world.jane.pk}/induction-periods/{period.pk}/confirm-delete"
    assert "Delete induction period" in client.get(url).content.decode()
    for data in ({}, {"zendesk_ticket": "12345"}, {"zendesk_ticket": "#1234567"}):
        response = client.post(url, data)
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode(), data
    assert InductionPeriod.objects.filter(pk=period.pk).exists()

    response = client.post(url, {"zendesk_ticket": "#123456"})
    assert response.status_code == 302
    assert not InductionPeriod.objects.filter(pk=period.pk).exists()
    event = Event.objects.get(teacher=world.jane, event_type="induction_period_deleted")
    assert event.zendesk_ticket_id == 123456 and event.author_id == admin.pk
    assert "Zendesk ticket" in client.get(f"/admin/teachers/{world.jane.pk}/timeline").content.decode()


def test_BR_IP_15_a_period_with_an_outcome_cannot_be_deleted(client, world):
    signed_in(client)
    period = create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    url = f"/admin/teachers/{world.jane.pk}/induction-periods/{period.pk}/confirm-delete"
    response = client.post(url, {"note": "Duplicate"})
    assert response.status_code == 302
    assert InductionPeriod.objects.filter(pk=period.pk).exists()
    assert "Delete<span" not in client.get(f"/admin/teachers/{world.jane.pk}/induction").content.decode()


def test_BR_IP_16_reopen_the_latest_passed_period_with_a_note(client, world):
    signed_in(client)
    period = create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    world.jane.trs_induction_status = "Passed"
    world.jane.save()
    induction = client.get(f"/admin/teachers/{world.jane.pk}/induction").content.decode()
    assert "Reopen induction" in induction
    url = f"/admin/teachers/{world.jane.pk}/reopen-induction/confirm"
    assert client.post(url, {}).status_code == 200
    response = client.post(url, {"note": "Appeal upheld"})
    assert response.status_code == 302
    assert "Induction was successfully reopened" in client.get(response.headers["Location"]).content.decode()
    period.refresh_from_db()
    assert period.finished_on is None and period.outcome is None
    assert Event.objects.filter(
        teacher=world.jane, event_type="induction_period_reopened", body="Appeal upheld"
    ).exists()


def test_reopen_without_a_completed_period_redirects_with_a_notice(client, world):
    signed_in(client)
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 1))
    response = client.get(f"/admin/teachers/{world.jane.pk}/reopen-induction/confirm")
    assert response.status_code == 302
    assert "No completed induction period was found" in client.get(response.headers["Location"]).content.decode()


@pytest.mark.parametrize("outcome", ["pass", "fail"])
def test_admin_pass_or_fail_needs_a_note_or_ticket_and_has_no_notification_step(client, world, outcome):
    signed_in(client)
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2025, 9, 1))
    url = f"/admin/teachers/{world.jane.pk}/record-{'passed' if outcome == 'pass' else 'failed'}-outcome/new"
    form = date("finished_on", dt.date(2026, 7, 20)) | {"number_of_terms": "3"}
    response = client.post(url, form)
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    response = client.post(url, form | {"zendesk_ticket": "654321"})
    text = response.content.decode()
    assert response.status_code == 200 and "govuk-panel" in text, text[-3000:]
    period = InductionPeriod.objects.get(teacher=world.jane)
    assert period.outcome == outcome and period.fail_confirmation_sent_on is None
    event_type = "teacher_passes_induction" if outcome == "pass" else "teacher_fails_induction"
    assert Event.objects.get(teacher=world.jane, event_type=event_type).zendesk_ticket_id == 654321
