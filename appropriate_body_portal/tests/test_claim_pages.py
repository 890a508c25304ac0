"""Claim an ECT (journeys.md §5.4, §9.7 items 1–4): the wiring of find, check, register and confirmation."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_bodies.models import PendingInductionSubmission
from appropriate_body_portal.tests.conftest import date_fields
from sign_in.testing import sign_in_appropriate_body_user
from teachers.models import InductionPeriod
from tests.builders import create_appropriate_body, create_induction_period
from tests.builders_induction import JANE_DOB

pytestmark = pytest.mark.django_db
D = dt.date
FIND = "/appropriate-body/claim-an-ect/find-ect/new"


def find(client, trn: str = "1234567", date_of_birth: dt.date = JANE_DOB):
    return client.post(FIND, {"trn": trn, **date_fields("date_of_birth", date_of_birth)})


def test_claiming_jane_end_to_end(ab_client, world, trs):
    page = ab_client.get(FIND).content.decode()
    assert "Teacher reference number (TRN)" in page and "Date of birth" in page
    response = find(ab_client)
    submission = PendingInductionSubmission.objects.get()
    check_url = f"/appropriate-body/claim-an-ect/check-ect/{submission.pk}/edit"
    assert response["Location"] == check_url

    page = ab_client.get(check_url).content.decode()
    for expected in ("TRN: 1234567", "Jane", "Smith", "2 January 1998", "1 July 2025", "Claim induction"):
        assert expected in page

    response = ab_client.post(check_url)
    register_url = f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}/edit"
    assert response["Location"] == register_url
    page = ab_client.get(register_url).content.decode()
    assert "When did Jane Smith start their induction with you?" in page
    assert "For example, 20 4 2025" in page

    response = ab_client.post(
        register_url, {**date_fields("started_on", D(2026, 9, 1)), "training_programme": "provider_led"}
    )
    assert response["Location"] == f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}"
    page = ab_client.get(response["Location"]).content.decode()
    assert "You’ve successfully claimed Jane Smith’s induction" in page
    assert "North Hub" in page and "Claim another ECT" in page and "Back to homepage" in page
    period = InductionPeriod.objects.get()
    assert (period.appropriate_body_period, period.started_on, period.training_programme) == (
        world.north_hub,
        D(2026, 9, 1),
        "provider_led",
    )
    for step in (check_url, register_url):  # once claimed, only the confirmation is shown
        assert ab_client.get(step)["Location"] == f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}"
    home = ab_client.get("/appropriate-body/teachers").content.decode()
    assert "Jane Smith" in home and "In progress" in home


@pytest.mark.parametrize(
    ("trn", "date_of_birth", "message"),
    [
        ("123456", JANE_DOB, "TRN must be 7 numeric digits"),
        ("", JANE_DOB, "Enter a TRN"),
        ("1234567", None, "Enter a date of birth"),
        ("1234567", D(2010, 1, 1), "Teacher must be between 18 and 100 years old"),
        ("1234567", D(1990, 1, 1), "No teacher with this TRN and date of birth was found"),
    ],
)
def test_find_errors_rerender_with_422(ab_client, world, trs, trn, date_of_birth, message):
    response = find(ab_client, trn, date_of_birth)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert not PendingInductionSubmission.objects.exists()


def test_find_prefills_the_trn_from_the_claim_link(ab_client, world):
    assert 'value="7654321"' in ab_client.get(FIND, {"trn": "7654321"}).content.decode()


def test_a_teacher_already_ours_goes_to_their_page_with_a_notice(ab_client, world, trs):
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    response = find(ab_client)
    assert response["Location"] == f"/appropriate-body/teachers/{world.jane.pk}"
    page = ab_client.get(response["Location"]).content.decode()
    assert "Teacher Jane Smith already has an ongoing induction period with this appropriate body" in page


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"induction_status": "Passed"}, "Jane Smith has already passed their induction"),
        ({"induction_status": "Failed"}, "Jane Smith has already failed their induction"),
        ({"induction_status": "FailedInWales"}, "Jane Smith has already failed their induction"),
        ({"induction_status": "Exempt"}, "Jane Smith is exempt from completing their induction"),
        ({"qts_awarded_on": None}, "Jane Smith does not have their qualified teacher status (QTS)"),
        ({"prohibited_from_teaching": True}, "Jane Smith is prohibited from teaching"),
    ],
)
def test_blocked_claims_show_the_reason_instead_of_the_button(ab_client, world, trs, fields, reason):
    trs.add_teacher(trn="1234567", date_of_birth=JANE_DOB, **fields)
    response = find(ab_client)
    page = ab_client.get(response["Location"]).content.decode()
    assert reason in page
    assert "Claim induction" not in page and "Find and claim another ECT" in page


def test_claimed_by_another_body_between_pages_comes_back_to_the_check_page(ab_client, world, trs):
    find(ab_client)
    submission = PendingInductionSubmission.objects.get()
    check_url = f"/appropriate-body/claim-an-ect/check-ect/{submission.pk}/edit"
    create_induction_period(teacher=world.jane, appropriate_body=world.istip, started_on=D(2026, 9, 1))
    assert ab_client.post(check_url)["Location"] == check_url
    page = ab_client.get(check_url).content.decode()
    assert "already claimed by another appropriate body" in page and "Claim induction" not in page


@pytest.mark.parametrize(
    ("started_on", "programme", "message"),
    [
        (D(2025, 6, 30), "provider_led", "Start date cannot be before QTS award date (1 July 2025)"),
        (D(2026, 9, 16), "provider_led", "Start date cannot be in the future"),
        (None, "provider_led", "Enter a start date"),
        (D(2026, 9, 1), "", "Choose an induction training programme"),
    ],
)
def test_register_errors_rerender_with_422(ab_client, world, trs, started_on, programme, message):
    find(ab_client)
    submission = PendingInductionSubmission.objects.get()
    ab_client.post(f"/appropriate-body/claim-an-ect/check-ect/{submission.pk}/edit")
    response = ab_client.post(
        f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}/edit",
        {**date_fields("started_on", started_on), "training_programme": programme},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not InductionPeriod.objects.exists()


def test_register_before_confirming_the_check_goes_back_to_it(ab_client, world, trs):
    find(ab_client)
    submission = PendingInductionSubmission.objects.get()
    response = ab_client.get(f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}/edit")
    assert response["Location"] == f"/appropriate-body/claim-an-ect/check-ect/{submission.pk}/edit"


def test_another_bodys_submission_is_404(client, ab_client, world, trs):
    find(ab_client)
    submission = PendingInductionSubmission.objects.get()
    sign_in_appropriate_body_user(client, create_appropriate_body(name="South Hub"))
    for url in (
        f"/appropriate-body/claim-an-ect/check-ect/{submission.pk}/edit",
        f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}/edit",
        f"/appropriate-body/claim-an-ect/register-ect/{submission.pk}",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_trs_being_down_is_not_not_found(ab_client, world, trs):
    trs.down = True
    response = find(ab_client)
    assert response.status_code == 422
    page = response.content.decode()
    assert "The Teaching Record Service is not available at the moment" in page
    assert "No teacher with this TRN" not in page
