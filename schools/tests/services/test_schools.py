"""A school's own data: last choices, induction tutor, reminder emails (BR-S-04 … BR-S-12, BR-S-16, 17, 21)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction

from core import clock
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import AuthorType, EventType
from schools.models import School
from schools.services.schools import (
    confirm_induction_tutor,
    domain_error_for,
    is_valid_email,
    last_day_of_term,
    nominate_induction_tutor,
    opt_out_of_reminder_emails,
    validate_induction_tutor_details,
    validate_school,
    validate_school_last_choices,
)
from tests.builders import create_gias_school, create_school_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutor_author(world):
    return Author.school_user(email="head@oakfield.example.com", name="Hana Head", school=world.oakfield)


def errors_of(excinfo) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in excinfo.value.errors:
        found.setdefault(error.field, []).append(error.message)
    return found


def with_tutor(school: School, name: str = "Ann Tutor", email: str = "ann@oakfield.example.com", year=2025):
    School.objects.filter(pk=school.pk).update(
        induction_tutor_name=name, induction_tutor_email=email, induction_tutor_last_nominated_in=year
    )
    school.refresh_from_db()
    return school


# Last choices (BR-S-04 … BR-S-07, BR-S-12) ----------------------------------------------------------


def test_BR_S_04_a_last_chosen_lead_provider_iff_provider_led(world):
    """BR-S-04: provider-led without a lead provider → `Must contain the id of a lead provider`; school-led with
    one → `Must be nil` (the database refuses the second too)."""
    oakfield = world.oakfield
    oakfield.last_chosen_training_programme = "provider_led"
    with pytest.raises(DomainError) as missing:
        validate_school_last_choices(oakfield)
    assert errors_of(missing) == {"last_chosen_lead_provider_id": ["Must contain the id of a lead provider"]}

    oakfield.last_chosen_training_programme = "school_led"
    oakfield.last_chosen_lead_provider = world.alpha
    with pytest.raises(DomainError) as present:
        validate_school_last_choices(oakfield)
    assert errors_of(present) == {"last_chosen_lead_provider_id": ["Must be nil"]}
    with pytest.raises(IntegrityError) as db_error, transaction.atomic():
        oakfield.save()
    assert domain_error_for(db_error.value).message == "Must be nil"

    oakfield.last_chosen_training_programme = "provider_led"
    validate_school_last_choices(oakfield)


def test_BR_S_05_a_last_chosen_lead_provider_implies_a_programme(world):
    """BR-S-05: lead provider set, programme null → `Must be provider-led`."""
    world.oakfield.last_chosen_lead_provider = world.alpha
    with pytest.raises(DomainError) as excinfo:
        validate_school_last_choices(world.oakfield)
    assert errors_of(excinfo)["last_chosen_training_programme"] == ["Must be provider-led"]


def test_BR_S_06_an_independent_schools_last_ab_cannot_be_a_local_authority(world):
    """BR-S-06: Hillside with last AB Old County Council → `Must be national or teaching school hub`."""
    hillside = world.hillside
    hillside.last_chosen_appropriate_body = world.old_county_council
    with pytest.raises(DomainError) as excinfo:
        validate_school_last_choices(hillside)
    assert errors_of(excinfo) == {"last_chosen_appropriate_body_id": ["Must be national or teaching school hub"]}
    for allowed in (world.istip, world.north_hub):
        hillside.last_chosen_appropriate_body = allowed
        validate_school_last_choices(hillside)


def test_BR_S_07_a_state_funded_schools_last_ab_must_be_a_teaching_school_hub(world):
    """BR-S-07: Oakfield with last AB ISTIP → `Must be teaching school hub`."""
    oakfield = world.oakfield
    for refused in (world.istip, world.old_county_council):
        oakfield.last_chosen_appropriate_body = refused
        with pytest.raises(DomainError) as excinfo:
            validate_school_last_choices(oakfield)
        assert errors_of(excinfo) == {"last_chosen_appropriate_body_id": ["Must be teaching school hub"]}
    oakfield.last_chosen_appropriate_body = world.north_hub
    validate_school_last_choices(oakfield)


def test_BR_S_12_last_chosen_programme_must_be_known(world):
    """BR-S-12: `fip` → `Must be nil or provider-led or school-led`."""
    world.oakfield.last_chosen_training_programme = "fip"
    with pytest.raises(DomainError) as excinfo:
        validate_school_last_choices(world.oakfield)
    assert errors_of(excinfo) == {"last_chosen_training_programme": ["Must be nil or provider-led or school-led"]}


# The record's own rules (BR-S-08 … BR-S-11) ---------------------------------------------------------


def test_BR_S_08_induction_tutor_name_and_email_together(world):
    """BR-S-08: email only → `Must provide name if…`; name only → `Must provide email if…`."""
    oakfield = world.oakfield
    oakfield.induction_tutor_email = "ann@oakfield.example.com"
    with pytest.raises(DomainError) as email_only:
        validate_school(oakfield)
    assert errors_of(email_only) == {"induction_tutor_name": ["Must provide name if induction tutor email is set"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        oakfield.save()

    oakfield.induction_tutor_email, oakfield.induction_tutor_name = None, "Ann Tutor"
    with pytest.raises(DomainError) as name_only:
        validate_school(oakfield)
    assert errors_of(name_only) == {"induction_tutor_email": ["Must provide email if induction tutor name is set"]}


def test_BR_S_09_induction_tutor_email_must_be_valid(world):
    """BR-S-09: `tutor@school` → `Enter an email address in the correct format, like name@example.com`."""
    oakfield = world.oakfield
    oakfield.induction_tutor_name, oakfield.induction_tutor_email = "Ann Tutor", "tutor@school"
    with pytest.raises(DomainError) as excinfo:
        validate_school(oakfield)
    assert errors_of(excinfo) == {
        "induction_tutor_email": ["Enter an email address in the correct format, like name@example.com"]
    }
    assert is_valid_email("ann.tutor+ect@oakfield.sch.uk")
    for invalid in ("tutor@school", "@oakfield.sch.uk", "ann@@oakfield.sch.uk", "ann@oakfield..uk", "ann tutor@x.uk"):
        assert not is_valid_email(invalid), invalid


def test_BR_S_10_last_nominated_year_needs_a_tutor(world):
    """BR-S-10: year 2026 with blank email → `Cannot be set if induction tutor name or email is blank`."""
    oakfield = world.oakfield
    oakfield.induction_tutor_last_nominated_in_id = 2026
    with pytest.raises(DomainError) as excinfo:
        validate_school(oakfield)
    assert errors_of(excinfo) == {
        "induction_tutor_last_nominated_in": ["Cannot be set if induction tutor name or email is blank"]
    }


def test_BR_S_11_urn_and_api_id_are_unique(world):
    """BR-S-11: a second School with urn 100001 → uniqueness error; duplicate api_id → `API id already exists…`."""
    copy = School(gias_school_id=100001, api_id=world.hillside.api_id)
    with pytest.raises(DomainError) as excinfo:
        validate_school(copy)
    assert errors_of(excinfo) == {
        "urn": ["has already been taken"],
        "api_id": ["API id already exists for another school"],
    }
    with pytest.raises(DomainError) as no_urn:
        validate_school(School(api_id=uuid.uuid4()))
    assert errors_of(no_urn) == {"urn": ["can't be blank"]}

    with pytest.raises(IntegrityError) as duplicate_urn, transaction.atomic():
        School.objects.create(gias_school_id=100001)
    assert domain_error_for(duplicate_urn.value).message == "has already been taken"
    create_gias_school(urn=100050)
    with pytest.raises(IntegrityError) as duplicate_api_id, transaction.atomic():
        School.objects.create(gias_school_id=100050, api_id=world.hillside.api_id)
    assert domain_error_for(duplicate_api_id.value).message == "API id already exists for another school"
    validate_school(world.oakfield)


# Induction tutor (BR-S-16, BR-S-17) ------------------------------------------------------------------


def test_BR_S_16_confirming_the_induction_tutor_for_the_new_contract_period(world, tutor_author):
    """BR-S-16: last nominated in 2025, current period 2026 → confirming sets 2026; event
    `school_induction_tutor_confirmed`, heading `Induction Tutor Ann Tutor confirmed for 2026`."""
    oakfield = with_tutor(world.oakfield, year=2025)
    confirm_induction_tutor(author=tutor_author, school=oakfield, is_correct=True)

    oakfield.refresh_from_db()
    assert oakfield.induction_tutor_last_nominated_in_id == 2026
    event = Event.objects.get(school=oakfield)
    assert (event.event_type, event.heading) == (
        EventType.SCHOOL_INDUCTION_TUTOR_CONFIRMED,
        "Induction Tutor Ann Tutor confirmed for 2026",
    )
    assert (event.author_type, event.author_email) == (AuthorType.SCHOOL_USER, "head@oakfield.example.com")
    assert event.metadata == {"contract_period_year": 2026, "name": "Ann Tutor", "email": "ann@oakfield.example.com"}

    confirm_induction_tutor(author=tutor_author, school=oakfield, is_correct=True)  # already confirmed this year
    assert Event.objects.filter(school=oakfield).count() == 1


def test_BR_S_16_nominating_a_new_tutor(world, tutor_author, frozen_today):
    """BR-S-16: saving sets name, email and year; event `school_induction_tutor_updated`; partnerships touched."""
    oakfield = with_tutor(world.oakfield, year=2025)
    partnership = create_school_partnership(school=oakfield, lead_provider=world.alpha)
    frozen_today(dt.date(2026, 9, 16))
    confirm_induction_tutor(
        author=tutor_author, school=oakfield, is_correct=False, name=" Bob  Tutor ", email="bob@oakfield.example.com"
    )

    oakfield.refresh_from_db()
    assert (
        oakfield.induction_tutor_name,
        oakfield.induction_tutor_email,
        oakfield.induction_tutor_last_nominated_in_id,
    ) == ("Bob Tutor", "bob@oakfield.example.com", 2026)
    event = Event.objects.get(school=oakfield)
    assert (event.event_type, event.heading) == (
        EventType.SCHOOL_INDUCTION_TUTOR_UPDATED,
        "Induction tutor for 2026 changed from 'Ann Tutor' to 'Bob Tutor'",
    )
    partnership.refresh_from_db()
    assert partnership.api_updated_at == clock.now()

    hillside = world.hillside
    nominate_induction_tutor(author=tutor_author, school=hillside, name="Cat Tutor", email="cat@hillside.example.com")
    assert Event.objects.get(school=hillside).heading == "Induction tutor for 2026 set to 'Cat Tutor'"


def test_BR_S_17_induction_tutor_form_rules(world, tutor_author):
    """BR-S-17: the form's six messages."""
    with pytest.raises(DomainError) as blanks:
        validate_induction_tutor_details(name="  ", email="")
    assert errors_of(blanks) == {
        "induction_tutor_name": ["Enter the correct full name"],
        "induction_tutor_email": ["Enter an email address"],
    }
    with pytest.raises(DomainError) as too_long:
        validate_induction_tutor_details(name="A" * 71, email="a" * 243 + "@example.com")
    assert errors_of(too_long) == {
        "induction_tutor_name": ["Full name must be 70 letters or less"],
        "induction_tutor_email": ["Enter an email address that is less than 254 characters long"],
    }
    assert validate_induction_tutor_details(name="A" * 70, email="a" * 242 + "@example.com")[0] == "A" * 70

    oakfield = with_tutor(world.oakfield)
    with pytest.raises(DomainError) as unanswered:
        confirm_induction_tutor(author=tutor_author, school=oakfield, is_correct=None)
    assert unanswered.value.message == "Select 'Yes' or 'No, someone else will be the induction tutor'"
    with pytest.raises(DomainError) as unchanged:
        confirm_induction_tutor(
            author=tutor_author, school=oakfield, is_correct=False, name="Ann Tutor", email="ANN@oakfield.example.com"
        )
    assert unchanged.value.message == "You must change the induction tutor details or confirm they are correct"
    assert not Event.objects.exists()


# Reminder emails (BR-S-21) ---------------------------------------------------------------------------


def test_BR_S_21_opting_out_of_reminder_emails_lasts_until_the_end_of_term(world, tutor_author, frozen_today):
    """BR-S-21: opt out on 2026-05-10 → until 2026-05-31; on 2026-09-15 → until 2026-12-31."""
    frozen_today(dt.date(2026, 5, 10))
    opt_out_of_reminder_emails(author=tutor_author, school=world.oakfield)
    assert School.objects.get(pk=world.oakfield.pk).opted_out_of_reminder_emails_until == dt.date(2026, 5, 31)

    frozen_today(dt.date(2026, 9, 15))
    opt_out_of_reminder_emails(author=tutor_author, school=world.oakfield)
    assert School.objects.get(pk=world.oakfield.pk).opted_out_of_reminder_emails_until == dt.date(2026, 12, 31)
    headings = list(Event.objects.filter(school=world.oakfield).order_by("pk").values_list("heading", flat=True))
    assert headings == [
        "Oakfield Primary opted out of reminder emails until 31 May 2026",
        "Oakfield Primary opted out of reminder emails until 31 December 2026",
    ]

    assert last_day_of_term(dt.date(2027, 1, 1)) == dt.date(2027, 3, 31)
    assert last_day_of_term(dt.date(2027, 3, 31)) == dt.date(2027, 3, 31)
    assert last_day_of_term(dt.date(2027, 4, 1)) == dt.date(2027, 5, 31)
    assert last_day_of_term(dt.date(2026, 6, 1)) == dt.date(2026, 12, 31)
