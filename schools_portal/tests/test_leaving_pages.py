"""Report an ECT or mentor leaving (journeys.md §4.12, §9.6)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Event
from events.types import EventType
from sign_in.testing import sign_in_school_user
from teachers.models import MentorshipPeriod
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school,
    create_teacher,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def school_client(client, world):
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", "ida.tutor@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026  # confirmed this contract year (§4.3 gate)
    school.save()
    sign_in_school_user(client, school)
    return client


@pytest.fixture
def jane(world):
    return create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))


@pytest.fixture
def tom(world):
    teacher = create_teacher(trn="7654321", first_name="Tom", last_name="Brown")
    return create_mentor_at_school_period(teacher=teacher, school=world.oakfield, started_on=D(2026, 9, 1))


def date(day: dt.date) -> dict[str, str]:
    return {"finished_on_day": str(day.day), "finished_on_month": str(day.month), "finished_on_year": str(day.year)}


def test_ect_leaving_in_a_month(school_client, world, jane):
    base = f"/school/ects/{jane.pk}/report-teacher-leaving"
    page = school_client.get(f"{base}/edit").content.decode()
    assert "Tell us if Jane Smith has left or is leaving your school permanently" in page
    assert "When did or when will Jane Smith leave?" in page
    response = school_client.post(f"{base}/edit", date(D(2026, 10, 15)))
    assert response["Location"] == f"{base}/check-answers"
    page = school_client.get(response["Location"]).content.decode()
    assert "Confirm that Jane Smith is leaving your school permanently" in page
    assert "15 October 2026" in page
    response = school_client.post(f"{base}/check-answers")
    assert response["Location"] == f"{base}/confirmation"
    jane.refresh_from_db()
    assert jane.finished_on == D(2026, 10, 15)
    assert jane.reported_leaving_by_school == world.oakfield
    assert Event.objects.filter(event_type=EventType.TEACHER_LEFT_SCHOOL_AS_ECT).count() == 1
    page = school_client.get(response["Location"]).content.decode()
    assert "Jane Smith will be removed from your school's ECT list after 15 October 2026" in page
    assert "should continue their current training until 15 October 2026" in page


def test_past_date_uses_has_left_and_removed(school_client, world):
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 6, 1))
    base = f"/school/ects/{ect.pk}/report-teacher-leaving"
    school_client.post(f"{base}/edit", date(D(2026, 9, 10)))
    assert (
        "Confirm that Jane Smith has left your school permanently"
        in school_client.get(f"{base}/check-answers").content.decode()
    )
    school_client.post(f"{base}/check-answers")
    page = school_client.get(f"{base}/confirmation").content.decode()
    assert "Jane Smith has been removed from your school's ECT list" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the date the teacher left or will be leaving your school"),
        ({"finished_on_day": "31", "finished_on_month": "2", "finished_on_year": "2027"}, "correct format"),
        (date(D(2027, 2, 15)), "Enter a date no further than 4 months from today"),
        (date(D(2026, 9, 1)), "1 September 2026"),
    ],
)
def test_leaving_date_errors(school_client, jane, data, message):
    response = school_client.post(f"/school/ects/{jane.pk}/report-teacher-leaving/edit", data)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_mentor_leaving_ends_mentorships_and_says_ects_need_a_new_mentor(school_client, world, jane, tom):
    mentorship = create_mentorship_period(mentee=jane, mentor=tom)
    base = f"/school/mentors/{tom.pk}/report-teacher-leaving"
    assert "Tom Brown" in school_client.get(f"{base}/edit").content.decode()
    school_client.post(f"{base}/edit", date(D(2026, 10, 1)))
    school_client.post(f"{base}/check-answers")
    tom.refresh_from_db()
    assert tom.finished_on == D(2026, 10, 1)
    mentorship = MentorshipPeriod.objects.get(pk=mentorship.pk)
    assert mentorship.finished_on == D(2026, 10, 1)
    assert Event.objects.filter(event_type=EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR).count() == 1
    page = school_client.get(f"{base}/confirmation").content.decode()
    assert "Tom Brown will be removed from your school's mentor list after 1 October 2026" in page
    assert "will need to be assigned a new mentor" in page
    assert "Back to mentors" in page
    assert "Leaving your school" in school_client.get(f"/school/mentors/{tom.pk}").content.decode()


def test_another_schools_teacher_cannot_be_reported(school_client):
    other = create_ect_at_school_period(school=create_school())
    assert school_client.get(f"/school/ects/{other.pk}/report-teacher-leaving/edit").status_code == 404
