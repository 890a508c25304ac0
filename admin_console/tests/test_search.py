"""journeys.md §6.1, §6.6, §6.7: finding teachers, schools and organisations (admin_console.selectors.search)."""

from __future__ import annotations

import datetime as dt

import pytest

from admin_console.selectors.search import (
    NOT_AVAILABLE,
    appropriate_bodies_matching,
    delivery_partners_matching,
    prefix_tsquery,
    search_schools,
    search_teachers,
)
from admin_console.tests.console import signed_in
from schools.models import TrainingProgramme
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


def names(query: str = "", **filters) -> list[str]:
    _, rows = search_teachers(query, **filters)
    return [row.teacher.full_name for row in rows]


def test_words_become_prefix_terms_and_punctuation_cannot_break_the_query():
    assert prefix_tsquery("Jan  SMI") == "jan:* & smi:*"
    assert prefix_tsquery("O'Brien & (x | !y)") == "o:* & brien:* & x:* & y:*"
    assert prefix_tsquery("!!! ::") is None


def test_teachers_are_found_by_trn_api_ids_and_name_prefixes(world):
    tom = create_teacher(trn="7654321", first_name="Tom", last_name="Brown")
    create_teacher(first_name="Tomasz", last_name="Smithers")
    assert names("7654321") == ["Tom Brown"]
    assert names("RP76/54321") == ["Tom Brown"]
    assert names(str(tom.api_id)) == ["Tom Brown"]
    assert names(str(tom.api_ect_training_record_id).upper()) == ["Tom Brown"]
    assert names(str(tom.api_mentor_training_record_id)) == ["Tom Brown"]
    assert names("jan smi") == ["Jane Smith"]
    assert sorted(names("smi")) == ["Jane Smith", "Tomasz Smithers"]
    assert names("brown tom") == ["Tom Brown"]
    assert names("nobody") == []
    assert names("1111111") == []


def test_a_corrected_name_is_searchable_as_well_as_the_trs_name(world):
    create_teacher(first_name="Robert", last_name="Jones", corrected_name="Bob Jones")
    assert names("bob") == ["Bob Jones"]
    assert names("robert") == ["Bob Jones"]


def test_newest_teacher_first_twenty_a_page_with_an_exact_count(world):
    for n in range(25):
        create_teacher(first_name=f"Pat{n:02d}", last_name="Page")
    page, rows = search_teachers("page")
    assert page.paginator.count == 25 and not page.paginator.capped
    assert [r.teacher.full_name for r in rows][:2] == ["Pat24 Page", "Pat23 Page"]
    assert len(rows) == 20
    second, rows = search_teachers("page", page=2)
    assert len(rows) == 5 and second.start_index() == 21


def test_role_filter_ect_means_an_ect_period_or_an_induction_period(world):
    ect = create_ect_at_school_period(teacher=create_teacher(first_name="Ella", last_name="Ect"), school=world.oakfield)
    create_induction_period(teacher=create_teacher(first_name="Ivan", last_name="Induction"))
    create_mentor_at_school_period(teacher=create_teacher(first_name="Mo", last_name="Mentor"), school=world.oakfield)
    assert ect
    assert sorted(names(role="ect")) == ["Ella Ect", "Ivan Induction"]
    assert names(role="mentor") == ["Mo Mentor"]
    _, rows = search_teachers("mo")
    assert rows[0].role == "Mentor"


def test_contract_period_is_the_latest_training_periods_and_school_led_is_not_available(world):
    provider_led = create_ect_at_school_period(
        teacher=create_teacher(first_name="Paula", last_name="Provider"), school=world.oakfield
    )
    create_training_period(
        ect_at_school_period=provider_led,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2025),
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 8, 31),
    )
    create_training_period(
        ect_at_school_period=provider_led,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
        started_on=dt.date(2026, 9, 1),
    )
    school_led = create_ect_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="School"), school=world.oakfield
    )
    create_training_period(ect_at_school_period=school_led, training_programme=TrainingProgramme.SCHOOL_LED)
    assert names(contract_period="2026") == ["Paula Provider"]
    assert names(contract_period="2025") == []  # not the relevant (latest) period any more
    assert "Sam School" in names(contract_period=NOT_AVAILABLE)
    assert "Paula Provider" not in names(contract_period=NOT_AVAILABLE)
    _, rows = search_teachers("paula")
    assert rows[0].contract_period == "2026"
    _, rows = search_teachers("sam")
    assert rows[0].contract_period == "Not available"


def test_a_schools_teachers_are_only_those_ever_there(world):
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield)
    create_ect_at_school_period(teacher=create_teacher(first_name="Hal", last_name="Hill"), school=world.hillside)
    assert names(school=world.oakfield) == ["Jane Smith"]


def test_schools_by_urn_or_name_words(world):
    create_school(urn=100003, name="St Mary's Church of England Primary")
    assert [s.name for s in search_schools("100001").object_list] == ["Oakfield Primary"]
    assert [s.name for s in search_schools("st mar").object_list] == ["St Mary's Church of England Primary"]
    assert [s.name for s in search_schools("primary").object_list] == [
        "Oakfield Primary",
        "St Mary's Church of England Primary",
    ]
    assert list(search_schools("999999").object_list) == []


def test_organisations_by_name(world):
    assert [b.name for b in appropriate_bodies_matching("north")] == ["North Hub"]
    assert [p.name for p in delivery_partners_matching("delta part")] == ["Delta Partners"]


def test_teachers_page_shows_results_and_the_import_button(client, world):
    signed_in(client)
    response = client.get("/admin/teachers", {"q": "1234567"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Jane Smith" in text and "Showing 1 to 1 of 1 teachers" in text
    assert "Import a record from TRS" in text
    assert "No teachers match" in client.get("/admin/teachers", {"q": "zzz"}).content.decode()


def test_schools_page_finds_by_urn(client, world):
    signed_in(client)
    text = client.get("/admin/schools", {"q": "100002"}).content.decode()
    assert "Hillside College" in text and "Oakfield Primary" not in text


def test_filter_only_lists_are_newest_first_whether_or_not_the_matches_are_among_the_newest(world):
    """Filter-only lists walk the stored facts' indexes newest first: mentors created before every ECT (as in the
    200k seed) come out in the same order, page by page, as ECTs created last."""
    for n in range(3):
        create_mentor_at_school_period(
            teacher=create_teacher(first_name=f"Mentor{n}", last_name="Old"), school=world.oakfield
        )
    for n in range(4):
        create_ect_at_school_period(
            teacher=create_teacher(first_name=f"Ect{n}", last_name="New"), school=world.oakfield
        )
    create_teacher(first_name="Nora", last_name="None")  # no training at all: contract period "Not available"

    assert names(role="mentor") == ["Mentor2 Old", "Mentor1 Old", "Mentor0 Old"]
    first, rows = search_teachers(role="mentor", per_page=2)
    second, more = search_teachers(role="mentor", per_page=2, page=2)
    assert [r.teacher.full_name for r in rows + more] == ["Mentor2 Old", "Mentor1 Old", "Mentor0 Old"]
    assert (first.paginator.count, second.start_index()) == (3, 3)
    assert names(role="ect") == ["Ect3 New", "Ect2 New", "Ect1 New", "Ect0 New"]
    _, rows = search_teachers(role="ect", per_page=2)
    assert [r.teacher.full_name for r in rows] == ["Ect3 New", "Ect2 New"]
    assert names(contract_period=NOT_AVAILABLE)[0] == "Nora None"
    assert [r.role for r in search_teachers("mentor0")[1]] == ["Mentor"]


def test_the_labels_follow_a_change_made_after_the_teacher_was_loaded(world):
    """The role and contract period shown are the database's current facts, not those of an object in memory."""
    ect = create_ect_at_school_period(
        teacher=create_teacher(first_name="Lara", last_name="Late"), school=world.oakfield
    )
    _, rows = search_teachers("lara")
    assert (rows[0].role, rows[0].contract_period) == ("ECT", "Not available")
    create_mentor_at_school_period(teacher=ect.teacher, school=world.hillside)
    create_induction_period(teacher=ect.teacher)
    ect.teacher.save()  # an object loaded before the mentor period: saving it must not undo the new facts
    _, rows = search_teachers("lara")
    assert rows[0].role == "ECT & Mentor"


def test_the_role_filter_still_means_the_same_teachers_inside_another_query(world):
    """The ECT filter is one EXISTS over a UNION ALL; used as a subquery (re-aliased by Django) it must still refer
    to its own teachers, not the outer query's."""
    from admin_console.selectors.search import filter_teachers
    from teachers.models import Teacher

    create_ect_at_school_period(teacher=create_teacher(first_name="Ella", last_name="Ect"), school=world.oakfield)
    create_induction_period(teacher=create_teacher(first_name="Ivan", last_name="Induction"))
    create_mentor_at_school_period(teacher=create_teacher(first_name="Mo", last_name="Mentor"), school=world.oakfield)
    inner = filter_teachers(Teacher.objects.all(), role="ect").values("pk")
    assert sorted(t.full_name for t in Teacher.objects.filter(pk__in=inner)) == ["Ella Ect", "Ivan Induction"]
