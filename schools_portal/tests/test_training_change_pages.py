"""A school tells us training has paused, stopped or restarted (issue 4 item 4; docs/school-reported-training-
changes.md): the wiring of the pages. The rules and what the API shows are tested with the services."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from schools.models import TrainingProgramme
from sign_in.testing import sign_in_school_user
from teachers.models import TrainingPeriod
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_client(client, world):
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", "ida.tutor@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    sign_in_school_user(client, school)
    return client


@pytest.fixture
def jane(world):
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=period,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    return period


def text(response) -> str:
    return unescape(response.content.decode())


def test_pausing_an_ects_training_and_restarting_it(school_client, world, jane, frozen_today):
    details = text(school_client.get(f"/school/ects/{jane.pk}"))
    assert "Tell us if Jane Smith's training has paused or stopped" in details
    base = f"/school/ects/{jane.pk}/training-change"
    edit = text(school_client.get(f"{base}/edit"))
    assert "What has happened to Jane Smith's training?" in edit and "Their paused training has restarted" not in edit
    nothing = school_client.post(f"{base}/edit", {})
    assert nothing.status_code == 422 and "Select what has happened to Jane Smith's training" in text(nothing)
    assert school_client.post(f"{base}/edit", {"change": "paused"})["Location"] == f"{base}/reason"
    no_reason = school_client.post(f"{base}/reason", {})
    assert no_reason.status_code == 422 and "Select why Jane Smith's training is paused" in text(no_reason)
    assert school_client.post(f"{base}/reason", {"reason": "parental_leave"})["Location"] == f"{base}/check-answers"
    check = text(school_client.get(f"{base}/check-answers"))
    assert "Alpha Learning" in check and "Parental leave" in check
    assert school_client.post(f"{base}/check-answers")["Location"] == f"{base}/confirmation"
    done = text(school_client.get(f"{base}/confirmation"))
    assert "You've told us Jane Smith's training is paused" in done and "We'll let Alpha Learning know" in done
    assert "appropriate body" in done

    details = text(school_client.get(f"/school/ects/{jane.pk}"))
    assert "Training paused" in details
    assert "You told us that Jane Smith's training is paused. We've let Alpha Learning know." in details
    assert "Tell us if Jane Smith's training has restarted or stopped" in details

    frozen_today(dt.date(2026, 10, 1))
    school_client.cookies.clear()  # a fortnight later the session has expired: sign in again
    sign_in_school_user(school_client, world.oakfield)
    school_client.get(f"{base}/edit")
    assert school_client.post(f"{base}/edit", {"change": "restarted"})["Location"] == f"{base}/check-answers"
    school_client.post(f"{base}/check-answers")
    assert "Jane Smith's training has restarted" in text(school_client.get(f"{base}/confirmation"))
    latest = TrainingPeriod.objects.filter(ect_at_school_period=jane).latest_first().first()
    assert latest.started_on == dt.date(2026, 10, 1) and latest.deferred_at is None


def test_a_refusal_shows_on_check_answers(school_client, jane, frozen_today):
    frozen_today(dt.date(2026, 9, 1))  # the training starts today: too soon to stop it
    base = f"/school/ects/{jane.pk}/training-change"
    school_client.get(f"{base}/edit")
    school_client.post(f"{base}/edit", {"change": "stopped"})
    response = school_client.post(f"{base}/check-answers")
    assert response.status_code == 422
    assert "You can tell us about a pause or stop from the day after it starts" in text(response)


def test_school_led_training_offers_no_training_change(school_client, world):
    sam = create_ect_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="Green"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_training_period(ect_at_school_period=sam, training_programme=TrainingProgramme.SCHOOL_LED)
    assert "training-change" not in text(school_client.get(f"/school/ects/{sam.pk}"))


def test_stopping_a_mentors_training(school_client, world):
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_training_period(
        mentor_at_school_period=tom,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    assert "Tell us if Tom Brown's mentor training has paused or stopped" in text(
        school_client.get(f"/school/mentors/{tom.pk}")
    )
    base = f"/school/mentors/{tom.pk}/training-change"
    school_client.get(f"{base}/edit")
    assert school_client.post(f"{base}/edit", {"change": "stopped"})["Location"] == f"{base}/check-answers"
    assert "Mentor" in text(school_client.get(f"{base}/check-answers"))
    school_client.post(f"{base}/check-answers")
    done = text(school_client.get(f"{base}/confirmation"))
    assert "You've told us Tom Brown has stopped training" in done and "appropriate body" not in done
    assert TrainingPeriod.objects.get(mentor_at_school_period=tom).withdrawal_reason == "other"


def stop_through_the_pages(client, base: str) -> None:
    client.get(f"{base}/edit")
    client.post(f"{base}/edit", {"change": "stopped"})
    client.post(f"{base}/check-answers")


def test_an_ects_stop_the_school_reported_reads_as_the_schools_on_card_and_details(school_client, jane):
    stop_through_the_pages(school_client, f"/school/ects/{jane.pk}/training-change")
    told = "You told us that Jane Smith has stopped training with Alpha Learning."
    home = text(school_client.get("/school/home/ects"))
    details = text(school_client.get(f"/school/ects/{jane.pk}"))
    for page in (home, details):
        assert told in page
        assert "has told us" not in page
    assert "We've let them know." in details


def test_a_stop_the_lead_provider_sent_after_the_schools_pause_reads_as_the_lead_providers(school_client, world, jane):
    from events.authors import Author
    from teachers.services.training_changes import withdraw_training_period

    base = f"/school/ects/{jane.pk}/training-change"
    school_client.get(f"{base}/edit")
    school_client.post(f"{base}/edit", {"change": "paused"})
    school_client.post(f"{base}/reason", {"reason": "parental_leave"})
    school_client.post(f"{base}/check-answers")
    assert "You told us that Jane Smith's training is paused." in text(school_client.get("/school/home/ects"))

    withdraw_training_period(
        author=Author.lead_provider_api(world.alpha),
        training_period=TrainingPeriod.objects.get(ect_at_school_period=jane),
        reason="moved-school",
    )
    for url in ("/school/home/ects", f"/school/ects/{jane.pk}"):
        page = text(school_client.get(url))
        assert "Alpha Learning has told us that Jane Smith is no longer training with them." in page
        assert "You told us" not in page


@pytest.fixture
def tom(world):
    period = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_training_period(
        mentor_at_school_period=period,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    return period


def test_a_mentors_pause_and_stop_the_school_reported_read_as_the_schools(school_client, tom):
    base = f"/school/mentors/{tom.pk}/training-change"
    school_client.get(f"{base}/edit")
    school_client.post(f"{base}/edit", {"change": "paused"})
    school_client.post(f"{base}/reason", {"reason": "long_term_sickness"})
    school_client.post(f"{base}/check-answers")
    paused = "You told us that Tom Brown's mentor training is paused. We've let Alpha Learning know."
    for url in ("/school/home/mentors", f"/school/mentors/{tom.pk}"):
        page = text(school_client.get(url))
        assert paused in page and "has told us" not in page

    stop_through_the_pages(school_client, base)
    stopped = "You told us that Tom Brown has stopped mentor training with Alpha Learning. We've let them know."
    for url in ("/school/home/mentors", f"/school/mentors/{tom.pk}"):
        page = text(school_client.get(url))
        assert stopped in page and "has told us" not in page


def test_a_mentors_pause_the_lead_provider_sent_reads_as_the_lead_providers(school_client, world, tom):
    from events.authors import Author
    from teachers.services.training_changes import defer_training_period

    defer_training_period(
        author=Author.lead_provider_api(world.alpha),
        training_period=TrainingPeriod.objects.get(mentor_at_school_period=tom),
        reason="career-break",
    )
    page = text(school_client.get(f"/school/mentors/{tom.pk}"))
    assert "Alpha Learning has told us that Tom Brown's mentor training is paused." in page
    assert "You told us" not in page


def test_a_pause_dfe_staff_reported_acting_as_the_school_reads_as_the_schools(client, world, jane):
    from accounts.models import User
    from sign_in.testing import sign_in_dfe_staff

    staff = User.objects.create(email="ada@education.gov.uk", name="Ada Admin")
    sign_in_dfe_staff(client, staff, impersonating=world.oakfield)
    base = f"/school/ects/{jane.pk}/training-change"
    client.get(f"{base}/edit")
    client.post(f"{base}/edit", {"change": "paused"})
    client.post(f"{base}/reason", {"reason": "bereavement"})
    assert client.post(f"{base}/check-answers")["Location"] == f"{base}/confirmation"
    page = text(client.get(f"/school/ects/{jane.pk}"))
    assert "You told us that Jane Smith's training is paused. We've let Alpha Learning know." in page
    assert "has told us" not in page
