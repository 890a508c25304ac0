"""The school's notifications on its home page and their own page, marking them read, and choosing which are
emailed (docs/school-notifications.md). The notifications are made by the daily scan, as in production."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.notify.models import SentEmail
from schools.models import SchoolNotification, SchoolNotificationKind
from schools.services.notifications import emailed_kinds, notify_ects_without_mentor, send_notification_email
from sign_in.testing import sign_in_school_user
from tests.builders import create_ect_at_school_period, create_teacher

pytestmark = pytest.mark.django_db
Kind = SchoolNotificationKind


def tutor_confirmed(school):
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", "ida@oakfield.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    return school


@pytest.fixture
def school_client(client, world):
    sign_in_school_user(client, tutor_confirmed(world.oakfield))
    return client


@pytest.fixture
def unmentored(world):
    """Jane and Ann started at Oakfield on 1 September (14 days ago) and have no mentor; Sam is at Hillside."""
    periods = [
        create_ect_at_school_period(teacher=teacher, school=world.oakfield, started_on=dt.date(2026, 9, 1))
        for teacher in (world.jane, create_teacher(first_name="Ann", last_name="Lee"))
    ]
    create_ect_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="Cole"),
        school=world.hillside,
        started_on=dt.date(2026, 9, 1),
    )
    assert notify_ects_without_mentor() == 3
    return periods


def test_the_home_page_lists_unread_notifications_with_what_to_do(school_client, unmentored):
    page = school_client.get("/school/home/ects").content.decode()
    assert "Things you need to do (2)" in page
    assert "Jane Smith does not have a mentor" in page and "Ann Lee does not have a mentor" in page
    assert "Sam Cole" not in page  # another school's
    assert f'href="/school/ects/{unmentored[0].pk}/mentorship/new"' in page
    assert "Assign a mentor to Jane Smith" in page
    assert 'href="/school/notifications"' in page


def test_a_school_with_nothing_to_do_sees_no_panel_but_can_reach_its_notifications(school_client, world):
    page = school_client.get("/school/home/ects").content.decode()
    assert "Things you need to do" not in page
    assert 'href="/school/notifications"' in page
    assert "Your school has no notifications." in school_client.get("/school/notifications").content.decode()


def test_marking_one_as_read_takes_it_off_the_home_page_but_keeps_it_listed(school_client, world, unmentored):
    jane = SchoolNotification.objects.get(ect_at_school_period=unmentored[0])
    response = school_client.post("/school/notifications/read", {"id": jane.pk, "back": "/school/home/ects"})
    assert response["Location"] == "/school/home/ects"

    home = school_client.get("/school/home/ects").content.decode()
    assert "Things you need to do (1)" in home and "Jane Smith does not have a mentor" not in home
    listing = school_client.get("/school/notifications").content.decode()
    assert "Jane Smith does not have a mentor" in listing and "Ann Lee does not have a mentor" in listing
    assert listing.count(">New</strong>") == 1
    assert "Mark all 1 as read" in listing


def test_marking_all_as_read_leaves_other_schools_alone(school_client, world, unmentored):
    response = school_client.post("/school/notifications/read", {"all": "1"})
    assert response["Location"] == "/school/notifications?marked=1"
    assert not SchoolNotification.objects.filter(school=world.oakfield, read_at__isnull=True).exists()
    assert SchoolNotification.objects.get(school=world.hillside).read_at is None
    page = school_client.get(response["Location"]).content.decode()
    assert "Notifications marked as read" in page and "Mark all" not in page


def test_another_schools_notification_cannot_be_marked_read(school_client, world, unmentored):
    hillside = SchoolNotification.objects.get(school=world.hillside)
    school_client.post("/school/notifications/read", {"id": hillside.pk})
    hillside.refresh_from_db()
    assert hillside.read_at is None


def test_the_induction_tutor_chooses_which_notifications_are_emailed(school_client, world):
    page = school_client.get("/school/notifications/email-preferences").content.decode()
    assert "We email your induction tutor, Ida Tutor, at ida@oakfield.example.com" in page
    assert page.count('type="checkbox"') == len(Kind.values) == page.count(" checked")

    keep = [Kind.TRAINING_WITHDRAWN, Kind.ECT_RELEASED]
    response = school_client.post("/school/notifications/email-preferences", {"kinds": keep})
    assert response["Location"] == "/school/notifications/email-preferences?saved=1"
    assert emailed_kinds(world.oakfield) == set(keep)
    page = school_client.get(response["Location"]).content.decode()
    assert "Your email choices have been saved" in page and page.count(" checked") == 2

    # Respected: the next unmentored ECT is listed, not emailed.
    create_ect_at_school_period(school=world.oakfield, started_on=dt.date(2026, 9, 1))
    notify_ects_without_mentor()
    notification = SchoolNotification.objects.get(school=world.oakfield)
    assert notification.email_status == "not_wanted"
    send_notification_email(notification.pk)
    assert not SentEmail.objects.exists()


def test_the_pages_need_a_signed_in_school_user(client, world):
    assert client.get("/school/notifications")["Location"] == "/"
    assert client.get("/school/notifications/email-preferences")["Location"] == "/"
    assert client.post("/school/notifications/read", {"all": "1"})["Location"] == "/"
