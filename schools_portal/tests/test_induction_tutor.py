"""The induction tutor (journeys.md §4.3; §9.2 checks 3–5): the yearly gate and the three journeys."""

from __future__ import annotations

import pytest

from events.models import Event
from integrations.notify.models import SentEmail
from sign_in.testing import create_staff_user, sign_in_dfe_staff, sign_in_school_user
from tests.builders import create_ect_at_school_period

pytestmark = pytest.mark.django_db
CONFIRM = "/school/induction-tutor/confirm-existing-induction-tutor/"
NEW = "/school/induction-tutor/new-induction-tutor/"
UPDATE = "/school/induction-tutor/update-induction-tutor/"


@pytest.fixture
def oakfield(world):
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida@oakfield.example.com"
    school.induction_tutor_last_nominated_in_id = 2025
    school.save()
    return school


def test_school_without_a_tutor_names_one_and_the_tutor_is_emailed(client, world, django_capture_on_commit_callbacks):
    sign_in_school_user(client, world.oakfield)
    assert client.get("/school/home/ects")["Location"] == NEW + "edit"  # §9.2 check 3: the landing page too
    assert client.get("/school/register-ect/what-you-will-need")["Location"] == NEW + "edit"
    assert client.get("/school/register-ect/find-ect")["Location"] == NEW + "edit"
    page = client.get(NEW + "edit").content.decode()
    assert (
        "Tell us who your school&#x27;s induction tutor is" in page
        or "Tell us who your school's induction tutor is" in page
    )
    assert "/school/home/mentors" not in page  # no service navigation while the gate applies

    blank = client.post(NEW + "edit", {})
    assert blank.status_code == 422
    assert "Enter the correct full name" in blank.content.decode()
    assert client.post(NEW + "edit", {"name": "Nina New", "email": "nina@oakfield.example.com"})["Location"] == (
        NEW + "check-answers"
    )
    assert "Confirm induction tutor" in client.get(NEW + "check-answers").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(NEW + "check-answers", {})["Location"] == NEW + "confirmation"
    assert "Nina New is your school" in client.get(NEW + "confirmation").content.decode()
    sent = SentEmail.objects.get()
    assert (sent.to, sent.template) == ("nina@oakfield.example.com", "induction_tutor_confirmation")
    world.oakfield.refresh_from_db()
    assert world.oakfield.induction_tutor_last_nominated_in_id == 2026
    assert client.get("/school/register-ect/what-you-will-need").status_code == 200
    assert client.get("/school/home/ects").status_code == 200


def test_last_years_tutor_is_confirmed_with_yes_and_no_email(client, oakfield, django_capture_on_commit_callbacks):
    sign_in_school_user(client, oakfield)
    assert client.get("/school/home/ects")["Location"] == CONFIRM + "edit"  # §9.2 check 4
    period = create_ect_at_school_period(school=oakfield)
    assert client.get(f"/school/ects/{period.pk}")["Location"] == CONFIRM + "edit"
    page = client.get(CONFIRM + "edit").content.decode()
    assert "Confirm induction tutor details" in page and "Ida Oak" in page
    unanswered = client.post(CONFIRM + "edit", {})
    assert "Select &#x27;Yes&#x27; or &#x27;No, someone else will be the induction tutor&#x27;" in (
        unanswered.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(CONFIRM + "edit", {"are_these_details_correct": "yes"})["Location"] == (
            CONFIRM + "confirmation"
        )
    assert "You've confirmed Ida Oak will continue as your induction tutor" in (
        client.get(CONFIRM + "confirmation").content.decode()
    )
    assert not SentEmail.objects.exists()
    oakfield.refresh_from_db()
    assert oakfield.induction_tutor_last_nominated_in_id == 2026
    assert Event.objects.filter(event_type="school_induction_tutor_confirmed").exists()


def test_no_with_unchanged_details_is_refused(client, oakfield):
    sign_in_school_user(client, oakfield)
    response = client.post(
        CONFIRM + "edit",
        {"are_these_details_correct": "no", "name": "Ida Oak", "email": "ida@oakfield.example.com"},
    )
    assert response.status_code == 422
    assert "You must change the induction tutor details or confirm they are correct" in response.content.decode()


def test_no_with_new_details_changes_the_tutor(client, oakfield, django_capture_on_commit_callbacks):
    sign_in_school_user(client, oakfield)
    response = client.post(
        CONFIRM + "edit", {"are_these_details_correct": "no", "name": "Max New", "email": "max@oakfield.example.com"}
    )
    assert response["Location"] == CONFIRM + "check-answers"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM + "check-answers", {})
    page = client.get(CONFIRM + "confirmation").content.decode()
    assert "What happens next" in page and "max@oakfield.example.com" in page
    assert SentEmail.objects.get().to == "max@oakfield.example.com"
    assert Event.objects.filter(event_type="school_induction_tutor_updated").exists()


def test_changing_the_tutor_from_the_induction_tutor_page(client, oakfield, django_capture_on_commit_callbacks):
    oakfield.induction_tutor_last_nominated_in_id = 2026
    oakfield.save()
    sign_in_school_user(client, oakfield)
    page = client.get("/school/home/induction-tutor").content.decode()
    assert "Ida Oak" in page and "Change induction tutor details" in page
    unchanged = client.post(UPDATE + "edit", {"name": "Ida Oak", "email": "ida@oakfield.example.com"})
    assert unchanged.status_code == 422
    assert "You must change the induction tutor details or confirm they are correct" in unchanged.content.decode()
    client.post(UPDATE + "edit", {"name": "Ida Oak", "email": "ida.oak@oakfield.example.com"})
    assert "Confirm change" in client.get(UPDATE + "check-answers").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(UPDATE + "check-answers", {})["Location"] == UPDATE + "confirmation"
    assert SentEmail.objects.get().to == "ida.oak@oakfield.example.com"
    oakfield.refresh_from_db()
    assert oakfield.induction_tutor_email == "ida.oak@oakfield.example.com"


def test_impersonating_staff_skip_the_gate(client, oakfield):
    sign_in_dfe_staff(client, create_staff_user(), impersonating=oakfield)
    assert client.get("/school/register-ect/what-you-will-need").status_code == 200
