"""Edit the current period, pass, fail, release and extensions (journeys.md §5.5–§5.9, §9.7 items 5–10), and the
access rule: an appropriate body changes only the ECTs it has claimed."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_bodies.models import PendingInductionSubmission
from appropriate_body_portal.tests.conftest import date_fields
from events.models import Event
from integrations.notify.models import SentEmail
from sign_in.testing import sign_in_appropriate_body_user
from teachers.models import InductionExtension, InductionPeriod
from tests.builders import create_ect_at_school_period, create_induction_period, create_teacher
from tests.builders_induction import JANE_DOB, trs_updates

pytestmark = pytest.mark.django_db
D = dt.date
END = dt.date(2026, 7, 20)


@pytest.fixture
def jane_open(world):
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    return create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))


@pytest.fixture
def base(world) -> str:
    return f"/appropriate-body/teachers/{world.jane.pk}"


def closing(finished_on: dt.date | None = END, terms: str = "4") -> dict[str, str]:
    return {**date_fields("finished_on", finished_on), "number_of_terms": terms}


def test_pass(ab_client, world, jane_open, base):
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1))
    page = ab_client.get(f"{base}/record-passed-outcome/new").content.decode()
    assert "Record passed outcome for Jane Smith" in page
    assert "When did their induction end with North Hub?" in page and "FTE terms" in page
    response = ab_client.post(f"{base}/record-passed-outcome/new", closing())
    assert response["Location"] == f"{base}/record-passed-outcome"
    page = ab_client.get(response["Location"]).content.decode()
    assert "Success" in page and "You have recorded a pass outcome for Jane Smith" in page
    jane_open.refresh_from_db()
    assert (jane_open.outcome, jane_open.finished_on, jane_open.number_of_terms) == ("pass", D(2026, 7, 20), 4)
    assert trs_updates(world.jane) == [("Passed", D(2025, 9, 1), D(2026, 7, 20))]
    assert "0 open inductions" in ab_client.get("/appropriate-body/teachers").content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (closing(terms="2.25"), "Terms can only have up to 1 decimal place"),
        (closing(terms="17"), "Number of terms must be between 0 and 16"),
        (closing(terms=""), "Enter a number of terms"),
        (closing(finished_on=None), "Enter a finish date"),
        (closing(finished_on=D(2026, 9, 16)), "End date cannot be in the future"),
        (closing(finished_on=D(2025, 8, 1)), "Induction end date must be after the induction start date"),
    ],
)
def test_pass_errors_rerender_with_422(ab_client, world, jane_open, base, fields, message):
    response = ab_client.post(f"{base}/record-passed-outcome/new", fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    jane_open.refresh_from_db()
    assert jane_open.outcome is None


def test_fail_needs_the_notification_confirmation_first(
    ab_client, world, jane_open, base, django_capture_on_commit_callbacks
):
    assert ab_client.get(f"{base}/record-failed-outcome/new")["Location"] == f"{base}/record-failed-outcome/confirm"
    response = ab_client.post(f"{base}/record-failed-outcome/confirm", {})
    assert response.status_code == 422
    assert "Confirm that you have sent them written confirmation" in response.content.decode()
    response = ab_client.post(f"{base}/record-failed-outcome/confirm", {"notified": "1"})
    assert response["Location"] == f"{base}/record-failed-outcome/new"
    page = ab_client.get(response["Location"]).content.decode()
    assert "When did you send written confirmation of their failed induction?" in page
    assert "Record failing outcome for Jane Smith" in page and "govuk-button--warning" in page

    response = ab_client.post(f"{base}/record-failed-outcome/new", closing())
    assert response.status_code == 422
    assert "Enter the date you sent them written confirmation of their failed induction" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = ab_client.post(
            f"{base}/record-failed-outcome/new",
            {**closing(), **date_fields("fail_confirmation_sent_on", D(2026, 7, 21))},
        )
    assert response["Location"] == f"{base}/record-failed-outcome"
    assert "You have recorded a failing outcome for Jane Smith" in ab_client.get(response["Location"]).content.decode()
    jane_open.refresh_from_db()
    assert (jane_open.outcome, jane_open.fail_confirmation_sent_on) == ("fail", D(2026, 7, 21))
    assert SentEmail.objects.get().to == "TRA.SE@education.gov.uk"


def test_release_then_another_body_can_claim(ab_client, world, jane_open, base, trs):
    page = ab_client.get(f"{base}/release/new").content.decode()
    assert "Release Jane Smith" in page
    response = ab_client.post(f"{base}/release/new", closing())
    assert response["Location"] == f"{base}/release"
    page = ab_client.get(response["Location"]).content.decode()
    assert "Jane Smith has been released" in page and "Back to homepage" in page
    jane_open.refresh_from_db()
    assert (jane_open.finished_on, jane_open.outcome) == (D(2026, 7, 20), None)
    assert trs_updates(world.jane) == []
    for tab in ("open", "closed"):
        assert "Jane Smith" not in ab_client.get(f"/appropriate-body/teachers/{tab}").content.decode()
    assert ab_client.get(base).status_code == 404

    sign_in_appropriate_body_user(ab_client, world.istip)  # §9.7 item 8: another body can now claim her
    ab_client.post(
        "/appropriate-body/claim-an-ect/find-ect/new", {"trn": "1234567", **date_fields("date_of_birth", JANE_DOB)}
    )
    submission = PendingInductionSubmission.objects.get()
    ab_client.post(f"/appropriate-body/claim-an-ect/check-ect/{submission.pk}/edit")
    response = ab_client.post(
        f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}/edit",
        {**date_fields("started_on", D(2026, 7, 21)), "training_programme": "school_led"},
    )
    assert response["Location"] == f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}"
    assert InductionPeriod.objects.ongoing().get().appropriate_body_period == world.istip


def test_extensions_add_and_edit(ab_client, world, jane_open, base):
    page = ab_client.get(f"{base}/extensions").content.decode()
    assert "No extensions have been added yet." in page and "Add extension" in page
    response = ab_client.post(f"{base}/extensions/new", {"number_of_terms": "0"})
    assert response.status_code == 422
    assert "Number of terms must be between 0.1 and 16" in response.content.decode()
    response = ab_client.post(f"{base}/extensions/new", {"number_of_terms": "1.5"})
    assert response["Location"] == base
    page = ab_client.get(base).content.decode()
    assert "Extension was successfully added." in page and "1.5 terms" in page and "View" in page
    extension = InductionExtension.objects.get()
    page = ab_client.get(f"{base}/extensions").content.decode()
    assert "Extension 1" in page and "15 September 2026" in page and "1.5 terms" in page
    assert "Delete" not in page
    response = ab_client.post(f"{base}/extensions/{extension.pk}/edit", {"number_of_terms": "2.5"})
    assert response["Location"] == base
    assert "Extension was successfully updated." in ab_client.get(base).content.decode()
    extension.refresh_from_db()
    assert extension.number_of_terms == 2.5


def test_edit_current_period(ab_client, world, jane_open, base):
    url = f"{base}/induction-periods/{jane_open.pk}/edit"
    page = ab_client.get(url).content.decode()
    assert "Edit Jane Smith’s current induction period" in page and 'value="2025"' in page
    response = ab_client.post(url, {**date_fields("started_on", D(2025, 9, 8)), "training_programme": "school_led"})
    assert response["Location"] == base
    assert "Induction period updated successfully" in ab_client.get(base).content.decode()
    jane_open.refresh_from_db()
    assert (jane_open.started_on, jane_open.training_programme) == (D(2025, 9, 8), "school_led")
    event = Event.objects.get(event_type="induction_period_updated")
    assert (event.author_type, event.author_email) == ("appropriate_body_user", "induction@body.example.com")


def test_edit_period_start_date_errors(ab_client, world, jane_open, base):
    url = f"{base}/induction-periods/{jane_open.pk}/edit"
    response = ab_client.post(url, {**date_fields("started_on", D(2026, 9, 16)), "training_programme": "provider_led"})
    assert response.status_code == 422
    assert "Start date cannot be in the future" in response.content.decode()


def test_actions_without_an_open_induction_go_back_to_the_teacher_page(ab_client, world, base):
    create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1), outcome="pass"
    )
    for path in ("record-passed-outcome/new", "record-failed-outcome/confirm", "release/new", "extensions"):
        assert ab_client.get(f"{base}/{path}")["Location"] == base
    assert "No active induction period found for Jane Smith" in ab_client.get(base).content.decode()


def test_every_action_on_another_bodys_ect_is_404(ab_client, world):
    other = create_teacher(first_name="Olly", last_name="Other", trs_induction_status="InProgress")
    period = create_induction_period(teacher=other, appropriate_body=world.istip, started_on=D(2025, 9, 1))
    extension = InductionExtension.objects.create(teacher=other, number_of_terms=1)
    base = f"/appropriate-body/teachers/{other.pk}"
    paths = [
        "",
        "record-passed-outcome/new",
        "record-passed-outcome",
        "record-failed-outcome/confirm",
        "record-failed-outcome/new",
        "record-failed-outcome",
        "release/new",
        "release",
        "extensions",
        "extensions/new",
        f"extensions/{extension.pk}/edit",
        f"induction-periods/{period.pk}/edit",
    ]
    for path in paths:
        url = f"{base}/{path}".rstrip("/")
        assert ab_client.get(url).status_code == 404, url
        assert ab_client.post(url, {**closing(), "notified": "1"}).status_code == 404, url
    period.refresh_from_db()
    extension.refresh_from_db()
    assert (period.finished_on, extension.number_of_terms) == (None, 1)


def test_editing_another_bodys_period_of_our_teacher_is_404(ab_client, world):
    """§11 #6: the period must be this body's own open one, even for a teacher this body holds."""
    earlier = create_induction_period(
        teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31)
    )
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    url = f"/appropriate-body/teachers/{world.jane.pk}/induction-periods/{earlier.pk}/edit"
    assert ab_client.get(url).status_code == 404
    assert InductionPeriod.objects.filter(pk=earlier.pk, started_on=D(2025, 9, 1)).exists()


def test_a_school_user_cannot_act_as_the_appropriate_body(client, world, jane_open, base):
    """A dual-role user on the school side is sent to the school home; nothing is recorded (journeys.md §2.3)."""
    from sign_in.testing import sign_in_school_user

    sign_in_school_user(client, world.oakfield, appropriate_body=world.north_hub)
    for path in ("record-passed-outcome/new", "release/new", "extensions/new"):
        response = client.post(f"{base}/{path}", {**closing(), "number_of_terms": "2"})
        assert response.status_code == 302 and not response["Location"].startswith("/appropriate-body"), path
    jane_open.refresh_from_db()
    assert (jane_open.finished_on, InductionExtension.objects.count()) == (None, 0)
