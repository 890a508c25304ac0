"""A school's changes to a mentor's name and email (journeys.md §4.11.1, §4.11.2; BR-M-02) and the name rules
shared with ECTs (§4.10.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from teachers.services.ect_changes import change_ect_name
from teachers.services.mentor_changes import change_mentor_email, change_mentor_name
from teachers.validation.name_changes import may_be_a_different_person
from tests.builders import create_ect_at_school_period, create_mentor_at_school_period, create_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Tess Tutor", school=world.oakfield)


@pytest.fixture
def tom(world):
    return create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
        email="tom@oakfield.sch.uk",
    )


def refused(service, **kwargs) -> str:
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert not Event.objects.exists()
    return error.value.message


def test_changing_a_mentors_name_keeps_the_trs_name_and_moves_the_api_timestamps(world, author, tom):
    earlier = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    type(tom.teacher).objects.filter(pk=tom.teacher_id).update(
        api_updated_at=earlier, api_unfunded_mentor_updated_at=earlier
    )
    teacher = change_mentor_name(author=author, mentor_at_school_period=tom, corrected_name=" Tom  Browne ")
    teacher.refresh_from_db()
    assert (teacher.corrected_name, teacher.trs_last_name, teacher.full_name) == ("Tom Browne", "Brown", "Tom Browne")
    assert teacher.api_updated_at > earlier and teacher.api_unfunded_mentor_updated_at > earlier
    event = Event.objects.get()
    assert (event.event_type, event.heading, event.teacher) == (
        EventType.TEACHER_NAME_UPDATED_BY_USER,
        "Name changed from 'Tom Brown' to 'Tom Browne'",
        teacher,
    )


def test_a_changed_name_must_be_given_short_and_different_in_any_case(world, author, tom):
    assert refused(change_mentor_name, author=author, mentor_at_school_period=tom, corrected_name="") == (
        "Enter the correct full name"
    )
    assert refused(change_mentor_name, author=author, mentor_at_school_period=tom, corrected_name="a" * 71) == (
        "Corrected name must be 70 characters or less"
    )
    assert refused(change_mentor_name, author=author, mentor_at_school_period=tom, corrected_name="TOM brown") == (
        "The name must be different from the current name"
    )


def test_an_ects_name_must_also_be_different(world, author):
    jane = create_ect_at_school_period(teacher=world.jane, school=world.oakfield)
    assert refused(change_ect_name, author=author, ect_at_school_period=jane, corrected_name="jane smith") == (
        "The name must be different from the current name"
    )


def test_another_schools_mentor_cannot_be_changed(world, author, tom):
    assert refused(
        change_mentor_email,
        author=author,
        mentor_at_school_period=tom,
        email="tom.brown@example.com",
        school=world.hillside,
    ) == ("This mentor is not registered at your school")


def test_BR_M_02_changing_a_mentors_email_follows_the_ect_rules(world, author, tom):
    assert refused(change_mentor_email, author=author, mentor_at_school_period=tom, email=" ") == (
        "Enter an email address"
    )
    assert refused(change_mentor_email, author=author, mentor_at_school_period=tom, email="not-an-email") == (
        "Enter an email address in the correct format, like name@example.com"
    )
    assert refused(change_mentor_email, author=author, mentor_at_school_period=tom, email="TOM@oakfield.sch.uk") == (
        "The email must be different from the current email"
    )
    too_long = "a" * 243 + "@example.com"
    assert refused(change_mentor_email, author=author, mentor_at_school_period=tom, email=too_long) == (
        "Enter an email address that is less than 254 characters long"
    )


def test_changing_a_mentors_email_records_it_on_the_mentor_period(world, author, tom):
    change_mentor_email(
        author=author, mentor_at_school_period=tom, email="tom.brown@oakfield.sch.uk", school=world.oakfield
    )
    tom.refresh_from_db()
    assert tom.email == "tom.brown@oakfield.sch.uk"
    event = Event.objects.get()
    assert (event.event_type, event.mentor_at_school_period, event.ect_at_school_period, event.school) == (
        EventType.TEACHER_EMAIL_ADDRESS_UPDATED,
        tom,
        None,
        world.oakfield,
    )
    assert event.heading == "Email address changed from 'tom@oakfield.sch.uk' to 'tom.brown@oakfield.sch.uk'"


@pytest.mark.parametrize(
    ("old", "new", "asks"),
    [
        ("Kirk Van Houten", "Kirk Van Hooten", False),  # journeys.md §9.5 check 1
        ("Kirk Van Houten", "Jane Smith", True),
        ("Zoë O'Neil", "zoe oneil-Hart", False),  # accents, case and punctuation do not count
        ("Zoë O'Neil", "Chloe Neil", True),
        ("Jane Smith", "Janet Smith", False),
        ("Jane Smith", "Jane Jones", False),
    ],
)
def test_changing_first_and_last_word_asks_whether_it_is_the_same_person(old, new, asks):
    assert may_be_a_different_person(old_name=old, new_name=new) is asks
