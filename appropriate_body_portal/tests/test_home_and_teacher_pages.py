"""The appropriate body home list (journeys.md §5.1), the teacher page (§5.3) and the schools data task lists
(§5.2), including what another body's user may not see."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_bodies.models import BatchType, PendingInductionSubmissionBatch
from sign_in.testing import sign_in_appropriate_body_user, sign_in_school_user
from tests.builders import (
    create_appropriate_body,
    create_ect_at_school_period,
    create_induction_period,
    create_teacher,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def jane_open(world):
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    return create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))


def test_home_lists_open_inductions_with_the_in_progress_tag(ab_client, world, jane_open):
    page = ab_client.get("/appropriate-body/teachers").content.decode()
    assert '<h1 class="govuk-heading-l">North Hub</h1>' in page
    assert "Find and claim a new ECT" in page
    assert "1 open induction" in page
    assert "No closed inductions" in page
    assert f'href="/appropriate-body/teachers/{world.jane.pk}">Jane Smith</a>' in page
    assert "5 January 2026" in page
    assert "In progress" in page


def test_closed_tab_lists_outcomes_here_and_released_teachers_are_in_neither(ab_client, world):
    passed = create_teacher(first_name="Pat", last_name="Passed", trs_induction_status="Passed")
    create_induction_period(teacher=passed, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1), outcome="pass")
    released = create_teacher(first_name="Rita", last_name="Released", trs_induction_status="InProgress")
    create_induction_period(teacher=released, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1))
    open_page = ab_client.get("/appropriate-body/teachers").content.decode()
    assert "0 open inductions" in open_page
    assert "View closed inductions (1)" in open_page
    closed = ab_client.get("/appropriate-body/teachers/closed").content.decode()
    assert "1 closed induction" in closed
    assert "Search for a closed induction by name or teacher reference number (TRN)" in closed
    assert "Pat Passed" in closed and "Passed" in closed
    assert "Rita Released" not in open_page + closed


def test_another_bodys_teachers_are_not_listed(ab_client, world):
    other = create_teacher(first_name="Olly", last_name="Other")
    create_induction_period(teacher=other, appropriate_body=world.istip, started_on=D(2026, 1, 5))
    page = ab_client.get("/appropriate-body/teachers").content.decode()
    assert "Olly Other" not in page
    assert "0 open inductions" in page


def test_search_with_a_trn_and_words_finds_only_that_teacher(ab_client, world, jane_open):
    """§9.7 #12: a 7-digit TRN wins over the other words; the count reads 1 open induction."""
    ben = create_teacher(trn="7777777", first_name="Ben", last_name="Smith")
    create_induction_period(teacher=ben, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    page = ab_client.get("/appropriate-body/teachers", {"q": "Smith 1234567"}).content.decode()
    assert "1 open induction" in page
    assert "Jane Smith" in page and "Ben Smith" not in page
    by_name = ab_client.get("/appropriate-body/teachers", {"q": "smi"}).content.decode()
    assert "2 open inductions" in by_name
    nothing = ab_client.get("/appropriate-body/teachers", {"q": "Zed"}).content.decode()
    assert "There are no open inductions for ‘Zed’" in nothing


def test_home_counts_records_to_review_from_schools(ab_client, world):
    create_ect_at_school_period(school=world.oakfield, appropriate_body=world.north_hub)
    page = ab_client.get("/appropriate-body/teachers").content.decode()
    assert "Review 1 ECT induction record" in page


def test_home_links_bulk_uploads_only_when_their_pages_exist(ab_client, world, monkeypatch):
    from django.urls import path

    from appropriate_body_portal.views import bulk_uploads

    monkeypatch.setattr(bulk_uploads, "urlpatterns", [])
    assert "Claim multiple ECTs" not in ab_client.get("/appropriate-body/teachers").content.decode()
    monkeypatch.setattr(
        bulk_uploads,
        "urlpatterns",
        [
            path("appropriate-body/bulk/claims", lambda r: None),
            path("appropriate-body/bulk/claims/new", lambda r: None),
        ],
    )
    page = ab_client.get("/appropriate-body/teachers").content.decode()
    assert 'href="/appropriate-body/bulk/claims/new">Claim multiple ECTs' in page
    PendingInductionSubmissionBatch.objects.create(
        appropriate_body_period=world.north_hub, batch_type=BatchType.CLAIM, file_name="claims.csv"
    )
    page = ab_client.get("/appropriate-body/teachers").content.decode()
    assert 'href="/appropriate-body/bulk/claims">Claim multiple ECTs' in page


def test_teacher_page_shows_the_summary_and_current_period(ab_client, world, jane_open):
    page = ab_client.get(f"/appropriate-body/teachers/{world.jane.pk}").content.decode()
    assert "TRN: 1234567" in page
    assert "Pass induction" in page and "Fail induction" in page
    for expected in ("Induction summary", "5 January 2026", "In progress", "None", "Add", "1 July 2025"):
        assert expected in page
    assert "Current induction period" in page and "Provider-led" in page
    assert f"/appropriate-body/teachers/{world.jane.pk}/induction-periods/{jane_open.pk}/edit" in page
    assert f"/appropriate-body/teachers/{world.jane.pk}/release/new" in page


def test_teacher_page_of_a_completed_teacher_has_no_actions(ab_client, world):
    create_induction_period(
        teacher=world.jane, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1), outcome="pass"
    )
    response = ab_client.get(f"/appropriate-body/teachers/{world.jane.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Past induction periods" in page and "Pass induction" not in page and "/release/new" not in page


@pytest.mark.parametrize("state", ["another_body", "released_here", "never_claimed"])
def test_teacher_page_is_404_unless_current_or_completed_here(ab_client, world, state):
    if state == "another_body":
        create_induction_period(teacher=world.jane, appropriate_body=world.istip, started_on=D(2026, 1, 5))
    elif state == "released_here":
        create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, finished_on=D(2026, 7, 1))
    assert ab_client.get(f"/appropriate-body/teachers/{world.jane.pk}").status_code == 404


def test_pages_need_an_appropriate_body_user(client, world):
    assert client.get("/appropriate-body/teachers").status_code == 302
    sign_in_school_user(client, world.oakfield)
    response = client.get("/appropriate-body/teachers")
    assert response.status_code == 302 and response["Location"] != "/appropriate-body/teachers"


# §5.2 Check data from schools ------------------------------------------------------------------------------


def test_schools_data_task_lists(ab_client, world):
    claimable = create_ect_at_school_period(
        teacher=create_teacher(first_name="Cara", last_name="Claimable"),
        school=world.oakfield,
        appropriate_body=world.north_hub,
    )
    create_ect_at_school_period(
        teacher=create_teacher(first_name="Nina", last_name="Noqts", qts_awarded_on=None),
        school=world.oakfield,
        appropriate_body=world.north_hub,
    )
    elsewhere = create_teacher(first_name="Eli", last_name="Elsewhere")
    create_ect_at_school_period(teacher=elsewhere, school=world.oakfield, appropriate_body=world.north_hub)
    create_induction_period(teacher=elsewhere, appropriate_body=world.istip, started_on=D(2026, 9, 1))
    leaver = create_teacher(first_name="Leo", last_name="Leaver")
    create_ect_at_school_period(
        teacher=leaver,
        school=world.oakfield,
        appropriate_body=world.north_hub,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 10, 31),
    )
    create_induction_period(teacher=leaver, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))

    landing = ab_client.get("/appropriate-body/schools-data").content.decode()
    assert "2026/2027" in landing
    for card in ("Check and claim ECT", "Check and release ECT", "No QTS", "Currently claimed by another AB"):
        assert card in landing

    page = ab_client.get("/appropriate-body/schools-data/claimable").content.decode()
    assert "Cara Claimable" in page
    assert f"/appropriate-body/claim-an-ect/find-ect/new?trn={claimable.teacher.trn}" in page
    assert "Nina Noqts" not in page and "Eli Elsewhere" not in page

    page = ab_client.get("/appropriate-body/schools-data/no-qts").content.decode()
    assert "Nina Noqts" in page and "Cara Claimable" not in page

    page = ab_client.get("/appropriate-body/schools-data/claimed-by-another-appropriate-body").content.decode()
    assert "Eli Elsewhere" in page and "Independent Schools Teacher Induction Panel (ISTIP)" in page

    page = ab_client.get("/appropriate-body/schools-data/leavers").content.decode()
    assert "Leo Leaver" in page and "Oakfield Primary" in page
    assert f"/appropriate-body/teachers/{leaver.pk}/release/new" in page

    assert ab_client.get("/appropriate-body/schools-data/unknown").status_code == 404


def test_schools_data_of_another_body_is_not_shown(client, world):
    create_ect_at_school_period(
        teacher=create_teacher(first_name="Cara", last_name="Claimable"),
        school=world.oakfield,
        appropriate_body=world.north_hub,
    )
    sign_in_appropriate_body_user(client, create_appropriate_body(name="South Hub"))
    assert "Cara Claimable" not in client.get("/appropriate-body/schools-data/claimable").content.decode()


def test_home_list_is_50_a_page(ab_client, world):
    """journeys.md §0: appropriate body lists are paginated at 50."""
    for number in range(51):
        teacher = create_teacher(first_name="Ann", last_name=f"Page{number:02d}")
        create_induction_period(teacher=teacher, appropriate_body=world.north_hub, started_on=D(2026, 1, 5))
    first = ab_client.get("/appropriate-body/teachers").content.decode()
    assert "51 open inductions" in first
    assert first.count('<tr class="govuk-table__row">') == 51  # the header row and 50 teachers
    assert "Ann Page49" in first and "Ann Page50" not in first
    second = ab_client.get("/appropriate-body/teachers", {"page": 2}).content.decode()
    assert "Ann Page50" in second and second.count('<tr class="govuk-table__row">') == 2
