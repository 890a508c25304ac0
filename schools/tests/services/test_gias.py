"""The GIAS mirror and the school lifecycle (BR-S-01, BR-S-02, BR-S-18 … BR-S-20, BR-S-22, §7.6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core import clock
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import AuthorType, EventType
from schools.models import GIASSchool, GIASSchoolLink, School
from schools.services.gias import (
    GIAS_TYPES,
    can_be_closed,
    close_school,
    gias_eligible,
    gias_type_facts,
    import_gias_link,
    import_gias_school,
    open_school,
    should_import_establishment,
    validate_gias_link,
    validate_gias_school,
)
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod
from tests.builders import (
    create_ect_at_school_period,
    create_gias_school,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school_partnership,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db

SYSTEM = Author.system()


def gias_row(**fields) -> dict:
    row = {
        "urn": 100009,
        "name": "Brookside Academy",
        "type_name": "Academy converter",
        "status": "Open",
        "section_41_approved": "Not applicable",
        "local_authority_code": "201",
        "local_authority_name": "City of London",
        "establishment_number": "3614",
        "ukprn": "",
        "opened_on": dt.date(2015, 9, 1),
        "closed_on": None,
        "primary_contact_email": "office@brookside.example.com",
    }
    return {**row, **fields}


def errors_of(excinfo) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in excinfo.value.errors:
        found.setdefault(error.field, []).append(error.message)
    return found


# §5.3.3 ----------------------------------------------------------------------------------------------


def test_the_41_gias_types_and_their_facts():
    """§5.3.3: 41 accepted types; 39 state-funded; anything else is not a type."""
    assert len(GIAS_TYPES) == 41
    assert sum(f.state_funded for f in GIAS_TYPES.values()) == 39
    assert sum(f.funding_eligible for f in GIAS_TYPES.values()) == 31
    assert {n for n, f in GIAS_TYPES.items() if not f.in_england} == {
        "British schools overseas",
        "Offshore schools",
        "Service children's education",
        "Welsh establishment",
    }
    hillside = gias_type_facts("Other independent school")
    assert (hillside.funding_eligible, hillside.independent, hillside.in_england) == (False, True, True)
    assert gias_type_facts("Online provider").funding_eligible is False
    assert gias_type_facts("Academy") is None


# BR-S-01, BR-S-02 ------------------------------------------------------------------------------------


def test_BR_S_01_only_open_or_recently_closed_english_eligible_or_independent_establishments_are_imported(
    frozen_today,
):
    """BR-S-01: Community school closed 2019-12-31 → no; Welsh establishment → no; Other independent school → yes."""
    assert not should_import_establishment(
        type_name="Community school", status="closed", closed_on=dt.date(2019, 12, 31)
    )
    assert should_import_establishment(type_name="Community school", status="closed", closed_on=dt.date(2020, 1, 1))
    assert not should_import_establishment(type_name="Welsh establishment", status="open", closed_on=None)
    assert should_import_establishment(type_name="Other independent school", status="open", closed_on=None)
    assert not should_import_establishment(type_name="Online provider", status="open", closed_on=None)

    skipped = import_gias_school(
        author=SYSTEM,
        record=gias_row(urn=100010, type_name="Community school", status="Closed", closed_on=dt.date(2019, 12, 31)),
    )
    welsh = import_gias_school(author=SYSTEM, record=gias_row(urn=100011, type_name="Welsh establishment"))
    independent = import_gias_school(
        author=SYSTEM, record=gias_row(urn=100012, name="Elm House", type_name="Other independent school")
    )
    assert (skipped, welsh) == (None, None)
    assert list(GIASSchool.objects.values_list("urn", flat=True)) == [100012]
    assert (independent.name, independent.in_england, independent.section_41_approved, independent.eligible) == (
        "Elm House",
        True,
        False,
        False,
    )
    assert independent.local_authority_code == 201


def test_BR_S_02_gias_eligibility(frozen_today):
    """BR-S-02: Hillside (independent, S41, open) eligible; without S41 not; proposed_to_close yes; proposed_to_open no."""
    assert gias_eligible(type_name="Other independent school", status="open", section_41_approved=True)
    assert not gias_eligible(type_name="Other independent school", status="open", section_41_approved=False)
    assert gias_eligible(type_name="Community school", status="proposed_to_close", section_41_approved=False)
    assert not gias_eligible(type_name="Community school", status="proposed_to_open", section_41_approved=False)
    assert not gias_eligible(type_name="British schools overseas", status="open", section_41_approved=True)

    imported = import_gias_school(
        author=SYSTEM, record=gias_row(type_name="Community school", status="Open, but proposed to close")
    )
    assert (imported.status, imported.eligible) == ("proposed_to_close", True)


# BR-S-18, BR-S-19 ------------------------------------------------------------------------------------


def test_BR_S_18_gias_school_field_rules(world):
    """BR-S-18: `Academy` → `is not a valid school type`; duplicate ukprn → uniqueness; urn `ABC` → not a number."""
    with pytest.raises(DomainError) as bad_type:
        validate_gias_school(GIASSchool(urn=100020, name="X", type_name="Academy", local_authority_code=1))
    assert errors_of(bad_type) == {"type_name": ["is not a valid school type"]}

    GIASSchool.objects.filter(urn=100001).update(ukprn=10012345)
    with pytest.raises(DomainError) as duplicate_ukprn:
        validate_gias_school(
            GIASSchool(urn=100020, name="X", type_name="Community school", local_authority_code=1, ukprn=10012345)
        )
    assert errors_of(duplicate_ukprn) == {"ukprn": ["has already been taken"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        create_gias_school(urn=100020, ukprn=10012345)

    with pytest.raises(DomainError) as bad_urn:
        validate_gias_school(GIASSchool(urn="ABC", name="X", type_name="Community school", local_authority_code=1))
    assert errors_of(bad_urn) == {"urn": ["is not a number"]}

    with pytest.raises(DomainError) as via_import:
        import_gias_school(author=SYSTEM, record=gias_row(urn="ABC"))
    assert errors_of(via_import) == {"urn": ["is not a number"]}

    with pytest.raises(DomainError) as taken:
        validate_gias_school(GIASSchool(urn=100001, name="X", type_name="Community school", local_authority_code=1))
    assert errors_of(taken) == {"urn": ["has already been taken"]}


def test_BR_S_19_gias_link_rules(world):
    """BR-S-19: link type `Sibling` → invalid; two links 100001→100003 → uniqueness error on `link_urn`."""
    with pytest.raises(DomainError) as bad_type:
        validate_gias_link(GIASSchoolLink(gias_school_id=100001, link_urn=100003, link_type="Sibling"))
    assert errors_of(bad_type) == {"link_type": ["is not included in the list"]}

    import_gias_link(urn=100001, link_urn=100003, link_type="Successor")
    with pytest.raises(DomainError) as duplicate:
        validate_gias_link(GIASSchoolLink(gias_school_id=100001, link_urn=100003, link_type="Successor"))
    assert errors_of(duplicate) == {"link_urn": ["has already been taken"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        GIASSchoolLink.objects.create(gias_school_id=100001, link_urn=100003, link_type="Successor")

    updated = import_gias_link(urn=100001, link_urn=100003, link_type="Successor - merged")
    assert GIASSchoolLink.objects.get().link_type == updated.link_type == "Successor - merged"


# BR-S-22 ---------------------------------------------------------------------------------------------


def test_BR_S_22_an_eligibility_flip_from_gias_is_audited(world):
    """BR-S-22: the daily import flips Hillside's `eligible` to false → `Hillside College became ineligible`."""
    row = gias_row(
        urn=100002,
        name="Hillside College",
        type_name="Other independent school",
        section_41_approved="Not approved",
    )
    import_gias_school(author=SYSTEM, record=row)

    gias = GIASSchool.objects.get(urn=100002)
    assert (gias.section_41_approved, gias.eligible) == (False, False)
    event = Event.objects.get(event_type=EventType.SCHOOL_ELIGIBILITY_CHANGED)
    assert event.heading == "Hillside College became ineligible"
    assert (event.school, event.author_type) == (world.hillside, AuthorType.SYSTEM)
    assert event.modifications == ["Eligible changed from 'True' to 'False'"]

    import_gias_school(author=SYSTEM, record=row)  # nothing new
    import_gias_school(author=SYSTEM, record={**row, "section_41_approved": "Approved"})
    headings = list(
        Event.objects.filter(event_type=EventType.SCHOOL_ELIGIBILITY_CHANGED).order_by("pk").values_list("heading")
    )
    assert headings == [("Hillside College became ineligible",), ("Hillside College became eligible",)]


def test_other_gias_changes_are_copied_without_events_and_contact_emails_touch_partnerships(world, frozen_today):
    """§3.3: a changed GIAS contact email touches the school's partnerships; the copy itself is not audited."""
    partnership = create_school_partnership(school=world.oakfield, lead_provider=world.alpha, year=2026)
    frozen_today(dt.date(2026, 9, 16))
    import_gias_school(
        author=SYSTEM,
        record=gias_row(
            urn=100001, name="Oakfield Primary School", type_name="Community school", local_authority_code=100
        ),
    )
    gias = GIASSchool.objects.get(urn=100001)
    assert (gias.name, gias.primary_contact_email) == ("Oakfield Primary School", "office@brookside.example.com")
    partnership.refresh_from_db()
    assert partnership.api_updated_at == clock.now()
    assert not Event.objects.exists()


# §7.6 Open -------------------------------------------------------------------------------------------


def test_a_newly_opened_establishment_gets_a_school(world):
    """§7.6 Open: status open, no School, no links → School created; event `school_opened` dated the opening."""
    gias = create_gias_school(urn=100030, name="Riverside Primary", opened_on=dt.date(2026, 9, 1))
    school = open_school(author=SYSTEM, gias_school=gias)

    assert School.objects.get(gias_school=gias) == school
    event = Event.objects.get(event_type=EventType.SCHOOL_OPENED)
    assert (event.heading, event.school, event.happened_at) == (
        "Riverside Primary opened",
        school,
        clock.start_of_day(dt.date(2026, 9, 1)),
    )
    assert open_school(author=SYSTEM, gias_school=gias) is None  # it already has a School


def test_replacements_and_merges_are_not_opened(world):
    """§7.6 Open: a school listed as someone's successor is handled by replace/merge, not opened."""
    successor = create_gias_school(urn=100031)
    GIASSchoolLink.objects.create(gias_school_id=100001, link_urn=100031, link_type="Successor")
    proposed = create_gias_school(urn=100032, status="proposed_to_open")
    assert open_school(author=SYSTEM, gias_school=successor) is None
    assert open_school(author=SYSTEM, gias_school=proposed) is None
    assert not School.objects.filter(gias_school_id__in=[100031, 100032]).exists()
    assert not Event.objects.exists()


# §7.6 Close (BR-S-20) --------------------------------------------------------------------------------


def close_in_gias(school: School, closed_on: dt.date) -> None:
    GIASSchool.objects.filter(urn=school.urn).update(status="closed", closed_on=closed_on)
    school.gias_school.refresh_from_db()


def test_BR_S_20_closing_a_school_finishes_its_people_on_the_closing_date(world):
    """BR-S-20: Oakfield closed in GIAS on 2026-08-31 → Jane's ongoing ECT period finished that day (reported by
    Oakfield), later registrations and mentorships deleted, event `school_closed` dated 2026-08-31."""
    oakfield = world.oakfield
    jane_at_oakfield = create_ect_at_school_period(
        teacher=world.jane, school=oakfield, started_on=dt.date(2025, 9, 1), appropriate_body=world.north_hub
    )
    jane_training = create_training_period(ect_at_school_period=jane_at_oakfield, training_programme="school_led")
    tom_mentoring = create_mentor_at_school_period(school=oakfield, started_on=dt.date(2025, 9, 1))
    current_mentorship = create_mentorship_period(
        mentee=jane_at_oakfield, mentor=tom_mentoring, started_on=dt.date(2025, 9, 1)
    )
    newcomer = create_ect_at_school_period(
        teacher=create_teacher(first_name="Amy", last_name="Able"),
        school=oakfield,
        started_on=dt.date(2026, 9, 1),
        appropriate_body=world.north_hub,
    )
    future_mentorship = create_mentorship_period(mentee=newcomer, mentor=tom_mentoring)
    close_in_gias(oakfield, dt.date(2026, 8, 31))

    assert close_school(author=SYSTEM, school=oakfield) == oakfield

    jane_at_oakfield.refresh_from_db()
    assert (jane_at_oakfield.finished_on, jane_at_oakfield.reported_leaving_by_school) == (
        dt.date(2026, 8, 31),
        oakfield,
    )
    assert TrainingPeriod.objects.get(pk=jane_training.pk).finished_on == dt.date(2026, 8, 31)
    assert MentorshipPeriod.objects.get(pk=current_mentorship.pk).finished_on == dt.date(2026, 8, 31)
    tom_mentoring.refresh_from_db()
    assert (tom_mentoring.finished_on, tom_mentoring.reported_leaving_by_school) == (dt.date(2026, 8, 31), oakfield)
    assert not ECTAtSchoolPeriod.objects.filter(pk=newcomer.pk).exists()
    assert not MentorshipPeriod.objects.filter(pk=future_mentorship.pk).exists()

    closed = Event.objects.get(event_type=EventType.SCHOOL_CLOSED)
    assert (closed.heading, closed.school, closed.happened_at) == (
        "Oakfield Primary closed",
        oakfield,
        clock.start_of_day(dt.date(2026, 8, 31)),
    )
    left = Event.objects.get(event_type=EventType.TEACHER_LEFT_SCHOOL_AS_ECT)
    assert (left.teacher, left.happened_at) == (world.jane, clock.start_of_day(dt.date(2026, 8, 31)))

    assert close_school(author=SYSTEM, school=oakfield) is None  # already closed: no second close
    assert Event.objects.filter(event_type=EventType.SCHOOL_CLOSED).count() == 1


def test_BR_S_20_a_school_is_not_closed_before_its_closing_date_or_when_it_has_a_successor(world):
    """BR-S-20: closed_on after today, a successor, or being someone's predecessor → not closed here."""
    jane_at_oakfield = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1)
    )
    close_in_gias(world.oakfield, dt.date(2026, 9, 16))
    assert not can_be_closed(world.oakfield)
    assert close_school(author=SYSTEM, school=world.oakfield) is None

    close_in_gias(world.oakfield, dt.date(2026, 8, 31))
    successor = GIASSchoolLink.objects.create(gias_school_id=100001, link_urn=100040, link_type="Successor")
    assert not can_be_closed(world.oakfield)
    successor.delete()
    create_gias_school(urn=100041)
    GIASSchoolLink.objects.create(gias_school_id=100041, link_urn=100001, link_type="Predecessor")
    assert not can_be_closed(world.oakfield)
    assert close_school(author=SYSTEM, school=world.oakfield) is None

    jane_at_oakfield.refresh_from_db()
    assert jane_at_oakfield.finished_on is None
    assert not Event.objects.exists()
    assert MentorAtSchoolPeriod.objects.count() == 0
