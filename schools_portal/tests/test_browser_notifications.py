"""Issue 8 item 2 in Chromium, axe on every page: a school sees what it must do on its home page, follows a
notification to where it acts, marks notifications read, lists them all, and chooses which are emailed. The
notifications come from the real triggers: a lead provider withdrawing an ECT and the daily no-mentor scan."""

from __future__ import annotations

import datetime as dt

import pytest

from events.authors import Author
from schools.models import SchoolNotification
from schools.services.notifications import emailed_kinds, run_daily_school_notifications
from teachers.services.training_changes import withdraw_participant
from tests import builders_training as b
from tests.builders import baseline_world, create_teacher

pytestmark = pytest.mark.browser


def test_a_school_reads_and_acts_on_its_notifications(browser_page, frozen_today):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    partnership = b.partnership(school=school, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)
    jane = b.ect_period(world, started_on=dt.date(2026, 1, 10))
    b.training(jane, started_on=dt.date(2026, 1, 10), school_partnership=partnership)
    b.ect_period(world, teacher=create_teacher(first_name="Ann", last_name="Lee"), started_on=dt.date(2026, 9, 1))
    withdraw_participant(
        author=Author.lead_provider_api(world.alpha),
        lead_provider=world.alpha,
        teacher=world.jane,
        course_identifier="ecf-induction",
        reason="moved-school",
    )
    run_daily_school_notifications()
    assert SchoolNotification.objects.filter(school=school).count() == 3  # withdrawn; Jane and Ann have no mentor
    page = browser_page

    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    assert page.path == "/school/home/ects"
    assert "Things you need to do (3)" in page.text()
    assert "Alpha Learning has withdrawn Jane Smith (ECT) from training" in page.text()

    # Marking one read from the home page keeps the school there, with one fewer to do.
    page.click_button("Alpha Learning has withdrawn Jane Smith (ECT) from training", exact=False)  # its Mark as read
    assert page.path == "/school/home/ects"
    assert "Things you need to do (2)" in page.text()

    # A notification leads to where the school acts.
    page.click_link("Assign a mentor to Ann Lee")
    assert page.path.startswith("/school/register-mentor/")  # Oakfield has no mentor yet, so: register one

    # All of them, read or not, on their own page; then all marked read.
    page.visit("/school/home/ects")
    page.click_link("View all notifications")
    assert page.path == "/school/notifications"
    assert page.heading() == "Notifications"
    assert "Alpha Learning has withdrawn Jane Smith (ECT) from training" in page.text()
    page.click_button("Mark all 2 as read")
    assert "Notifications marked as read" in page.text()
    assert not SchoolNotification.objects.filter(school=school, read_at__isnull=True).exists()
    page.visit("/school/home/ects")
    assert "Things you need to do" not in page.text()

    # Choosing which are emailed, from the notifications page the home page still links to.
    page.click_link("View your school’s notifications")
    page.click_link("Choose which notifications we email")
    assert page.heading() == "Choose which notifications we email"
    page.page.get_by_label("An ECT still has no mentor 14 days after starting", exact=True).uncheck()
    page.click_button("Save")
    assert "Your email choices have been saved" in page.text()
    assert "ect_without_mentor" not in emailed_kinds(school)
    assert len(emailed_kinds(school)) == 6
