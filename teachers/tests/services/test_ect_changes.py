"""A school's changes to an ECT (domain.md §7.1.3; BR-ECT-30 … 33)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import start_of_day
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from schools.models import TrainingProgramme
from teachers.models import Teacher, WorkingPattern
from teachers.services.ect_changes import (
    change_ect_appropriate_body,
    change_ect_email,
    change_ect_name,
    change_ect_working_pattern,
)
from teachers.services.registration import register_ect
from teachers.services.training_changes import change_lead_provider
from tests.builders import create_appropriate_body, create_ect_at_school_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Tess Tutor", school=world.oakfield)


@pytest.fixture
def jane(world):
    return create_ect_at_school_period(
        teacher=world.jane,
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
        email="jane@oakfield.sch.uk",
        working_pattern=WorkingPattern.FULL_TIME,
        appropriate_body=world.north_hub,
    )


def refused(service, **kwargs) -> str:
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert not Event.objects.exists()
    return error.value.message


# Name -------------------------------------------------------------------------------------------------------


def test_changing_the_name_sets_the_corrected_name(world, author, jane):
    change_ect_name(author=author, ect_at_school_period=jane, corrected_name="  Jane   Smith-Jones ")
    world.jane.refresh_from_db()
    assert world.jane.corrected_name == "Jane Smith-Jones"
    event = Event.objects.get()
    assert (event.event_type, event.heading, event.teacher) == (
        EventType.TEACHER_NAME_UPDATED_BY_USER,
        "Name changed from 'Jane Smith' to 'Jane Smith-Jones'",
        world.jane,
    )


def test_changing_the_name_needs_a_name_of_at_most_70_characters(world, author, jane):
    assert refused(change_ect_name, author=author, ect_at_school_period=jane, corrected_name=" ") == (
        "Enter the correct full name"
    )
    assert refused(change_ect_name, author=author, ect_at_school_period=jane, corrected_name="a" * 71) == (
        "Corrected name must be 70 characters or less"
    )


# Email (BR-ECT-30) ----------------------------------------------------------------------------------------


def test_BR_ECT_30_changing_email(world, author, jane):
    """BR-ECT-30: a different, valid address; event `teacher_email_address_updated`; teacher touched (§3.3)."""
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=start_of_day(dt.date(2026, 1, 1)))
    change_ect_email(author=author, ect_at_school_period=jane, email=" jane.smith@oakfield.sch.uk ")
    jane.refresh_from_db()
    assert jane.email == "jane.smith@oakfield.sch.uk"
    event = Event.objects.get()
    assert event.event_type == EventType.TEACHER_EMAIL_ADDRESS_UPDATED
    assert event.heading == "Email address changed from 'jane@oakfield.sch.uk' to 'jane.smith@oakfield.sch.uk'"
    assert (event.ect_at_school_period, event.school, event.teacher) == (jane, world.oakfield, world.jane)
    world.jane.refresh_from_db()
    assert world.jane.api_updated_at.date() == dt.date(2026, 9, 15)


def test_BR_ECT_30_changing_email_refusals(world, author, jane):
    """BR-ECT-30: same address in different case; blank; 255 characters; invalid."""
    kwargs = dict(author=author, ect_at_school_period=jane)
    assert refused(change_ect_email, **kwargs, email="JANE@Oakfield.sch.uk") == (
        "The email must be different from the current email"
    )
    assert refused(change_ect_email, **kwargs, email="") == "Enter an email address"
    too_long = "a" * 66 + "@" + ".".join(["b" * 60] * 3) + ".co.uk"
    assert len(too_long) == 255
    assert refused(change_ect_email, **kwargs, email=too_long) == (
        "Enter an email address that is less than 254 characters long"
    )
    assert refused(change_ect_email, **kwargs, email="jane@school") == (
        "Enter an email address in the correct format, like name@example.com"
    )
    jane.refresh_from_db()
    assert jane.email == "jane@oakfield.sch.uk"


def test_another_school_cannot_change_the_ect(world, author, jane):
    assert refused(
        change_ect_email, author=author, ect_at_school_period=jane, email="x@example.com", school=world.hillside
    ) == ("This ECT is not registered at your school")


# Working pattern (BR-ECT-31) --------------------------------------------------------------------------------


def test_BR_ECT_31_changing_working_pattern(world, author, jane):
    """BR-ECT-31: blank → refused; full_time → full_time refused; full_time → part_time recorded."""
    kwargs = dict(author=author, ect_at_school_period=jane)
    assert refused(change_ect_working_pattern, **kwargs, working_pattern="") == "Select a working pattern"
    assert refused(change_ect_working_pattern, **kwargs, working_pattern="full_time") == (
        "The working pattern must be different from the current working pattern"
    )
    change_ect_working_pattern(**kwargs, working_pattern="part_time")
    jane.refresh_from_db()
    assert jane.working_pattern == "part_time"
    event = Event.objects.get()
    assert event.event_type == EventType.TEACHER_WORKING_PATTERN_UPDATED
    assert event.heading == "Working pattern changed from 'full time' to 'part time'"


# Appropriate body (BR-ECT-32) ---------------------------------------------------------------------------


def test_BR_ECT_32_changing_the_appropriate_body(world, author, jane):
    """BR-ECT-32: nothing selected → refused; another hub → changed, event `teacher_appropriate_body_changed`."""
    kwargs = dict(author=author, ect_at_school_period=jane)
    assert refused(change_ect_appropriate_body, **kwargs) == (
        "Select the appropriate body which will be supporting the ECT's induction"
    )
    assert refused(change_ect_appropriate_body, **kwargs, appropriate_body=world.north_hub) == (
        "Select a different appropriate body which will be supporting the ECT's induction"
    )
    assert refused(change_ect_appropriate_body, **kwargs, appropriate_body=world.istip) == (
        "Select a teaching school hub appropriate body which will be supporting the ECT's induction"
    )
    south_hub = create_appropriate_body(name="South Hub")
    change_ect_appropriate_body(**kwargs, appropriate_body=south_hub.pk)
    jane.refresh_from_db()
    assert jane.school_reported_appropriate_body == south_hub
    event = Event.objects.get()
    assert event.event_type == EventType.TEACHER_APPROPRIATE_BODY_CHANGED
    assert event.heading == "Appropriate body changed from 'North Hub' to 'South Hub'"
    assert event.appropriate_body_period == south_hub


def test_BR_ECT_32_old_body_shows_as_not_reported(world, author):
    """BR-ECT-32: old name shown as `Not reported` when none; an independent school may choose national (ISTIP)."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.hillside, started_on=dt.date(2026, 9, 1))
    period.school_reported_appropriate_body = None
    period.save()
    change_ect_appropriate_body(author=author, ect_at_school_period=period, body_type="national")
    period.refresh_from_db()
    assert period.school_reported_appropriate_body == world.istip
    assert Event.objects.get().heading == (
        "Appropriate body changed from 'Not reported' to 'Independent Schools Teacher Induction Panel (ISTIP)'"
    )


# Lead provider (BR-ECT-33, through the training-changes service) ------------------------------------------


def test_BR_ECT_33_lead_provider_cannot_be_changed_to_the_same_one_or_for_school_led(world, author):
    """BR-ECT-33: Alpha → Alpha refused; a school-led ECT refused (no change made either time)."""
    common = dict(
        author=author,
        trs_first_name="Jane",
        trs_last_name="Smith",
        started_on=dt.date(2026, 9, 1),
        email="jane@oakfield.sch.uk",
        working_pattern=WorkingPattern.FULL_TIME,
        appropriate_body=world.north_hub,
    )
    provider_led = register_ect(
        **common,
        school=world.oakfield,
        trn="1234567",
        training_programme=TrainingProgramme.PROVIDER_LED,
        lead_provider=world.alpha,
    )
    events_before = Event.objects.count()
    with pytest.raises(DomainError) as error:
        change_lead_provider(author=author, at_school_period=provider_led, lead_provider=world.alpha)
    assert error.value.field == "lead_provider"
    school_led = register_ect(
        **{**common, "email": "sam@oakfield.sch.uk", "trs_first_name": "Sam"},
        school=world.oakfield,
        trn="7654321",
        training_programme=TrainingProgramme.SCHOOL_LED,
    )
    with pytest.raises(DomainError) as error:
        change_lead_provider(author=author, at_school_period=school_led, lead_provider=world.alpha)
    assert error.value.field == "lead_provider"
    assert school_led.training_periods.get().training_programme == TrainingProgramme.SCHOOL_LED
    assert provider_led.training_periods.get().expression_of_interest.lead_provider == world.alpha
    assert Event.objects.filter(event_type=EventType.TEACHER_TRAINING_LEAD_PROVIDER_UPDATED).count() == 0
    assert Event.objects.count() > events_before
