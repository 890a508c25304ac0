"""Emails (journeys.md §7.1, integrations.md §5): rendered from our text, handed over after commit, recorded
locally in development and tests. Sending through Notify on the `mailers` queue is in test_mailers.py."""

from __future__ import annotations

import pytest
from django.db import transaction

from integrations.notify import client, emails
from integrations.notify.models import SentEmail

pytestmark = pytest.mark.django_db

SIGN_OFF = "Teacher Continuing Professional Development\nDepartment for Education"


def test_every_email_of_the_catalogue_renders_with_the_sign_off():
    samples = {
        "ect_registered_provider_led": {"name": "Ann Ect", "school_name": "Oak School"},
        "ect_registered_school_led": {"name": "Ann Ect", "school_name": "Oak School"},
        "mentor_registered": {"name": "Max Mentor", "school_name": "Oak School"},
        "induction_tutor_confirmation": {"name": "Ida Tutor", "school_name": "Oak School"},
        "one_time_password": {"name": "Ada", "code": "123456", "code_page_url": "https://x/otp-sign-in/code"},
        "tra_fail_notification": {
            "name": "Ann Ect",
            "trn": "1234567",
            "appropriate_body_name": "Hub",
            "notified_on": "4 March 2025",
        },
        "school_notification": {
            "school_name": "Oak School",
            "heading": "Ann Ect does not have a mentor",
            "body": "Assign a mentor to Ann Ect.",
            "action_text": "Assign a mentor",
            "action_url": "https://x/school/ects/1/mentorship/new",
        },
    }
    assert set(samples) == set(client.CATALOGUE)
    for name, values in samples.items():
        subject, body = client.render(name, values)
        assert subject and SIGN_OFF in body, name


def test_subjects_and_bodies_follow_the_catalogue():
    subject, body = client.render("mentor_registered", {"name": "Max Mentor", "school_name": "O'Neill & Sons School"})
    assert subject == "You’ve been registered as a mentor for early career teachers at O'Neill & Sons School"
    assert "up to 20 hours of ECTE mentor training" in body
    assert "&amp;" not in body and "&#x27;" not in body
    subject, body = client.render("ect_registered_provider_led", {"name": "Ann Ect", "school_name": "Oak School"})
    assert subject == "You’ve been registered for early career teacher training and support"
    assert "provider will contact you directly" in body and "\n\n\n" not in body
    _, school_led = client.render("ect_registered_school_led", {"name": "Ann Ect", "school_name": "Oak School"})
    assert school_led.count(client.LINKS["ect_guidance"]) == 2
    subject, _ = client.render("induction_tutor_confirmation", {"name": "Ida", "school_name": "Oak School"})
    assert subject == "You are the induction tutor for Oak School"


def test_the_tra_fail_email_without_a_notification_date_leaves_the_sentence_out():
    """§11 #16: admin-recorded fails have no written-notification date."""
    _, with_date = client.render(
        "tra_fail_notification",
        {"name": "Ann", "trn": "1234567", "appropriate_body_name": "Hub", "notified_on": "4 March 2025"},
    )
    assert "in writing on 4 March 2025" in with_date and "20-working-day" in with_date
    _, without = client.render(
        "tra_fail_notification", {"name": "Ann", "trn": "1234567", "appropriate_body_name": "Hub", "notified_on": ""}
    )
    assert "in writing on" not in without


def test_missing_personalisation_fails_inside_the_action():
    with pytest.raises(ValueError, match="school_name"):
        emails.mentor_registered(to="m@example.com", name="Max", school_name="")
    with pytest.raises(client.UnknownTemplate):
        client.send_email("nope", "m@example.com", {})


def test_emails_are_recorded_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emails.induction_tutor_confirmation(to="ida@oak.sch.uk", name="Ida Tutor", school_name="Oak School")
        assert SentEmail.objects.count() == 0
    sent = SentEmail.objects.get()
    assert sent.to == "ida@oak.sch.uk" and sent.template == "induction_tutor_confirmation"
    assert sent.personalisation == {"name": "Ida Tutor", "school_name": "Oak School"}


def test_a_rolled_back_action_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                emails.mentor_registered(to="m@example.com", name="Max", school_name="Oak")
                raise RuntimeError("the registration failed")
        except RuntimeError:
            pass
    assert SentEmail.objects.count() == 0


def test_the_tra_email_goes_to_the_fixed_inbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emails.tra_fail_notification(name="Ann", trn="1234567", appropriate_body_name="Hub", notified_on=None)
    assert SentEmail.objects.get().to == "TRA.SE@education.gov.uk"


def test_the_development_page_lists_sent_emails(client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emails.mentor_registered(to="m@example.com", name="Max", school_name="Oak")
    page = client.get("/dev/emails").content.decode()
    assert "You’ve been registered as a mentor for early career teachers at Oak" in page
    settings.ENABLE_DEV_TOOLS = False
    assert client.get("/dev/emails").status_code == 404
