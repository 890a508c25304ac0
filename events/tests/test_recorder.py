"""`write_event`, the one writer of Event rows (domain.md §5.20, BR-E-01 … BR-E-03; style guide §2.3)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import LONDON, start_of_day
from events.authors import Author
from events.models import Event
from events.recorder import InvalidEvent, describe_changes, write_event
from events.types import AuthorType, EventType
from teachers.models import Teacher
from teachers.services.leaving import report_ect_leaving
from tests.builders import create_ect_at_school_period

D = dt.date
UTC = dt.UTC


@pytest.fixture
def school_user(world):
    return Author.school_user(email="head@oakfield.example", name="Hannah Head", school=world.oakfield)


def refused(**kwargs) -> str:
    with pytest.raises(InvalidEvent) as error:
        write_event(**kwargs)
    assert not Event.objects.exists()
    return str(error.value)


# BR-E-01 ---------------------------------------------------------------------------------------------


def test_BR_E_01_an_unknown_event_type_is_refused(world, school_user):
    """BR-E-01: type `teacher_teleported` → invalid."""
    message = refused(type="teacher_teleported", author=school_user, heading="Jane Smith teleported")

    assert "teacher_teleported" in message


def test_BR_E_01_an_event_without_a_heading_is_refused(world, school_user):
    """BR-E-01: missing heading → invalid."""
    for heading in ("", None):
        assert refused(type=EventType.TEACHER_REGISTERED_AS_ECT, author=school_user, heading=heading) == (
            "An event needs a heading"
        )


def test_BR_E_01_a_known_type_heading_and_time_make_an_event(world, school_user):
    """BR-E-01: with a known type (as enum member or its exact string) and a heading; the time defaults to
    now."""
    write_event(type=EventType.SCHOOL_OPENED, author=school_user, heading="Oakfield Primary opened")
    write_event(type="school_closed", author=school_user, heading="Oakfield Primary closed")

    assert list(Event.objects.order_by("pk").values_list("event_type", "happened_at")) == [
        ("school_opened", dt.datetime(2026, 9, 15, 11, tzinfo=UTC)),
        ("school_closed", dt.datetime(2026, 9, 15, 11, tzinfo=UTC)),
    ]


# BR-E-02 ---------------------------------------------------------------------------------------------


def test_BR_E_02_a_person_author_needs_an_id_or_email(world):
    """BR-E-02: `author_type = school_user` with neither → `Author is missing` (likewise AB and DfE users)."""
    for author_type in (AuthorType.SCHOOL_USER, AuthorType.APPROPRIATE_BODY_USER, AuthorType.DFE_STAFF_USER):
        author = Author(author_type, name="Someone")
        assert refused(type=EventType.SCHOOL_OPENED, author=author, heading="Oakfield Primary opened") == (
            "Author is missing"
        )


def test_BR_E_02_the_system_and_the_api_need_no_person(world):
    """BR-E-02: system and lead provider API events are recorded without an author id or email."""
    system = write_event(type=EventType.SCHOOL_OPENED, author=Author.system(), heading="Oakfield Primary opened")
    api = write_event(
        type=EventType.TEACHER_DECLARATION_CREATED, author=Author.lead_provider_api(world.alpha), heading="Declared"
    )

    assert (system.author_type, system.author_id, system.author_email, system.author_name) == (
        "system",
        None,
        None,
        "System",
    )
    assert (api.author_type, api.author_email, api.author_name) == ("lead_provider_api", None, "Alpha Learning")


def test_a_school_users_email_and_name_are_kept(world, school_user):
    event = write_event(type=EventType.SCHOOL_OPENED, author=school_user, heading="Oakfield Primary opened")

    event.refresh_from_db()
    assert (event.author_type, event.author_email, event.author_name, event.author_id) == (
        "school_user",
        "head@oakfield.example",
        "Hannah Head",
        None,
    )


# Links -----------------------------------------------------------------------------------------------


def test_an_unsaved_linked_record_is_refused(world, school_user):
    """Style guide §2.3: RECT rejects unsaved linked records; so do we."""
    message = refused(
        type=EventType.TEACHER_REGISTERED_AS_ECT,
        author=school_user,
        heading="Jane Smith was registered as an ECT at Oakfield Primary",
        teacher=Teacher(trn="7654321"),
        school=world.oakfield,
    )

    assert message == "Linked teacher is not saved"


def test_an_unknown_link_is_refused(world, school_user):
    message = refused(type=EventType.SCHOOL_OPENED, author=school_user, heading="Opened", pupil=world.jane)

    assert "pupil" in message


def test_links_are_stored_and_missing_ones_ignored(world, school_user):
    event = write_event(
        type=EventType.TEACHER_REGISTERED_AS_ECT,
        author=school_user,
        heading="Jane Smith was registered as an ECT at Oakfield Primary",
        teacher=world.jane,
        school=world.oakfield,
        contract_period=world.contract_periods[2026],
        training_period=None,
    )

    event.refresh_from_db()
    assert (event.teacher_id, event.school_id, event.contract_period_id, event.training_period_id) == (
        world.jane.pk,
        world.oakfield.pk,
        2026,
        None,
    )


def test_an_api_authors_lead_provider_is_linked(world):
    """§5.20: API events name the provider (`author_name`) and link to it; an explicit link is kept."""
    alpha = Author.lead_provider_api(world.alpha)

    declared = write_event(type=EventType.TEACHER_DECLARATION_CREATED, author=alpha, heading="Declared")
    explicit = write_event(
        type=EventType.TEACHER_DECLARATION_CREATED, author=alpha, heading="Declared", lead_provider=world.beta
    )

    declared.refresh_from_db()
    explicit.refresh_from_db()
    assert declared.lead_provider_id == world.alpha.pk
    assert explicit.lead_provider_id == world.beta.pk


# BR-E-03 ---------------------------------------------------------------------------------------------


def test_BR_E_03_events_carrying_a_business_date_are_dated_at_its_start_of_day(world, school_user):
    """BR-E-03: `start_of_day(date)` is midnight in London on that date, in winter (GMT) and summer (BST)."""
    winter = write_event(
        type=EventType.SCHOOL_CLOSED, author=school_user, heading="Closed", happened_at=start_of_day(D(2026, 12, 31))
    )
    summer = write_event(
        type=EventType.SCHOOL_OPENED, author=school_user, heading="Opened", happened_at=start_of_day(D(2026, 7, 31))
    )

    winter.refresh_from_db()
    summer.refresh_from_db()
    assert winter.happened_at == dt.datetime(2026, 12, 31, 0, tzinfo=UTC)
    assert summer.happened_at == dt.datetime(2026, 7, 30, 23, tzinfo=UTC)
    assert summer.happened_at.astimezone(LONDON) == dt.datetime(2026, 7, 31, 0, tzinfo=LONDON)


def test_BR_E_03_a_leaver_is_dated_by_the_leaving_date_not_the_report(world, school_user):
    """BR-E-03: a leaver reported on 2026-09-15 with leaving date 2026-12-31 →
    `teacher_left_school_as_ect.happened_at = 2026-12-31`."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))

    report_ect_leaving(author=school_user, period=period, finished_on=D(2026, 12, 31), school=world.oakfield)

    event = Event.objects.get(event_type=EventType.TEACHER_LEFT_SCHOOL_AS_ECT)
    assert event.happened_at == start_of_day(D(2026, 12, 31))
    assert event.happened_at.astimezone(LONDON).date() == D(2026, 12, 31)
    assert event.created_at.astimezone(LONDON).date() == D(2026, 9, 15)
    assert (event.heading, event.teacher_id, event.ect_at_school_period_id) == (
        "Jane Smith left Oakfield Primary",
        world.jane.pk,
        period.pk,
    )


# Modifications ---------------------------------------------------------------------------------------


def test_changes_are_described_for_the_timeline():
    assert describe_changes(
        {
            "email": ("a@example.com", "b@example.com"),
            "working_pattern": (None, "part_time"),
            "corrected_name": ("Jo", ""),
        }
    ) == [
        "Email changed from 'a@example.com' to 'b@example.com'",
        "Working pattern set to 'part_time'",
        "Corrected name 'Jo' removed",
    ]
