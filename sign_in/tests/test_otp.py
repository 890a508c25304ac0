"""One-time password sign-in for DfE staff (journeys.md §2.4, BR-U-03, BR-U-04) and its email (§7.1 #5)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from core.clock import LONDON
from events.models import Event
from integrations.notify.models import SentEmail
from sign_in import otp, session
from sign_in.testing import create_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(frozen_today):
    return create_staff_user(role="admin", email="ada.lovelace@education.gov.uk", name="Ada Lovelace")


def request_code(client, django_capture_on_commit_callbacks, email="ada.lovelace@education.gov.uk") -> str | None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/otp-sign-in", {"email": email})
    assert response["Location"] == "/otp-sign-in/code"
    sent = SentEmail.objects.filter(to=email, template="one_time_password").first()
    return re.search(r"\^ (\d{6})", sent.body).group(1) if sent else None


def test_a_code_is_emailed_and_signs_the_user_in(client, staff, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    email = SentEmail.objects.get()
    assert email.subject == "Sign in to Register ECTs with this one time password"
    assert "Dear Ada Lovelace" in email.body
    assert "http://testserver/otp-sign-in/code" in email.body
    assert "expires in 10 minutes" in email.body
    page = client.get("/otp-sign-in/code").content.decode()
    assert "Sign in code" in page and "Request a new code" not in page
    response = client.post("/otp-sign-in/verify", {"code": code})
    assert response["Location"] == "/admin/teachers"
    assert session.SessionUser.from_session(client.session[session.SESSION_KEY]).user_id == staff.pk


def test_an_unknown_address_gets_the_same_next_page_and_no_email(client, staff, django_capture_on_commit_callbacks):
    assert request_code(client, django_capture_on_commit_callbacks, "nobody@education.gov.uk") is None
    assert SentEmail.objects.count() == 0
    response = client.post("/otp-sign-in/verify", {"code": "123456"})
    assert response.status_code == 422
    assert otp.INVALID_CODE in response.content.decode()


def test_email_is_required_and_must_be_valid(client):
    response = client.post("/otp-sign-in", {"email": ""})
    assert response.status_code == 422
    assert "Enter your email address" in response.content.decode()
    response = client.post("/otp-sign-in", {"email": "not-an-email"})
    assert response.status_code == 422
    assert 'href="#id_email"' in response.content.decode()


def test_BR_U_03_the_code_must_be_six_digits(client, staff, django_capture_on_commit_callbacks):
    request_code(client, django_capture_on_commit_callbacks)
    response = client.post("/otp-sign-in/verify", {"code": "12ab56"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter the 6-digit code from the email" in page
    assert "Request a new code" in page
    staff.refresh_from_db()
    assert staff.otp_failed_attempts == 0


def test_BR_U_03_a_code_cannot_be_used_twice(client, staff, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    assert otp.verify(staff.email, code).user == staff
    assert otp.verify(staff.email, code).error == otp.INVALID_CODE


def test_BR_U_03_a_code_lasts_ten_minutes(client, staff, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2026, 9, 15, 12, 9, 30, tzinfo=LONDON), tick=False):
        assert otp.verify(staff.email, code).user == staff
    code = request_code(client, django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2026, 9, 15, 12, 11, tzinfo=LONDON), tick=False):
        assert otp.verify(staff.email, code).error == otp.INVALID_CODE


def test_BR_U_03_ten_wrong_codes_lock_the_account(client, staff, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(9):
        assert client.post("/otp-sign-in/verify", {"code": wrong}).status_code == 422
    assert not Event.objects.filter(event_type="otp_account_locked").exists()
    client.post("/otp-sign-in/verify", {"code": wrong})
    staff.refresh_from_db()
    assert staff.otp_failed_attempts == 10 and staff.otp_locked_at is not None
    event = Event.objects.get(event_type="otp_account_locked")
    assert event.user_id == staff.pk
    response = client.post("/otp-sign-in/verify", {"code": code})
    assert response.status_code == 422
    assert "Your account is locked, please contact support" in response.content.decode()
    assert session.SESSION_KEY not in client.session


def test_unlocking_resets_the_count_and_records_it(staff):
    manager = create_staff_user(role="user_manager")
    staff.otp_failed_attempts, staff.otp_locked_at = 10, dt.datetime(2026, 9, 15, tzinfo=LONDON)
    staff.save()
    from events.authors import Author

    otp.unlock(author=Author.dfe_staff_user(manager), user=staff)
    staff.refresh_from_db()
    assert staff.otp_failed_attempts == 0 and staff.otp_locked_at is None
    event = Event.objects.get(event_type="otp_account_unlocked")
    assert event.user_id == staff.pk and event.author_id == manager.pk


def test_BR_U_04_only_dfe_domains_may_use_otp(client, frozen_today, django_capture_on_commit_callbacks, settings):
    create_staff_user(email="x@school.org")
    code = request_code(client, django_capture_on_commit_callbacks, "x@school.org")
    assert otp.verify("x@school.org", code).error == otp.NOT_ENABLED
    digital = create_staff_user(email="y@digital.education.gov.uk")
    code = request_code(client, django_capture_on_commit_callbacks, "y@digital.education.gov.uk")
    assert otp.verify("y@digital.education.gov.uk", code).user == digital


def test_school_otp_users_sign_in_as_their_school_when_enabled(
    client, frozen_today, django_capture_on_commit_callbacks, settings
):
    from tests.builders import create_school

    settings.ENABLE_SCHOOL_OTP_SIGN_IN = True
    school = create_school(name="Otter Primary")
    create_staff_user(email="tutor@otter.sch.uk", otp_school_urn=school.urn)
    code = request_code(client, django_capture_on_commit_callbacks, "tutor@otter.sch.uk")
    response = client.post("/otp-sign-in/verify", {"code": code})
    assert response["Location"] == "/school/home/ects"
    assert "Otter Primary" in client.get("/school/home/ects").content.decode()


def test_the_chooser_offers_each_method(client, settings):
    page = client.get("/sign-in").content.decode()
    assert "Sign-in with a one time password" in page
    assert "Sign-in with a persona" in page
    assert "DfE Sign-in" in page
    settings.ENABLE_PERSONAS = False
    assert "Sign-in with a persona" not in client.get("/sign-in").content.decode()
