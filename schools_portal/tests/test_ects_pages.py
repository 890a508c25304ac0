"""ECTs home (journeys.md §4.4) and ECT details (§4.5) for a signed-in school user."""

from __future__ import annotations

import datetime as dt

import pytest

from schools.models import TrainingProgramme
from sign_in.testing import sign_in_school_user
from teachers.models import TRSInductionStatus
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


def tutor_confirmed(school):
    """§4.3: a school that has confirmed its induction tutor this contract year (so the gate lets it in)."""
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", f"tutor{school.pk}@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    return school


@pytest.fixture
def school_client(client, world):
    sign_in_school_user(client, tutor_confirmed(world.oakfield))
    return client


def test_school_with_no_ects_is_told_so_and_can_register(school_client, world):
    page = school_client.get("/school/home/ects").content.decode()
    assert "Early career teachers (ECT)" in page
    assert "Oakfield Primary" in page
    assert "Your school has no registered ECTs." in page
    assert 'href="/school/register-ect/what-you-will-need"' in page
    assert "Register an ECT starting at your school" in page


def test_signed_out_visitor_is_sent_to_sign_in(client, world):
    assert client.get("/school/home/ects")["Location"] == "/"


def test_cards_list_unmentored_first_then_latest_start_and_leave_out_finished_inductions(school_client, world):
    school = world.oakfield
    early = create_ect_at_school_period(
        teacher=create_teacher(first_name="Early", last_name="Unmentored"),
        school=school,
        started_on=dt.date(2026, 9, 1),
    )
    late = create_ect_at_school_period(
        teacher=create_teacher(first_name="Late", last_name="Unmentored"),
        school=school,
        started_on=dt.date(2026, 9, 10),
    )
    mentored = create_ect_at_school_period(
        teacher=create_teacher(first_name="Mentored", last_name="Ect"), school=school, started_on=dt.date(2026, 9, 12)
    )
    create_mentorship_period(mentee=mentored, mentor=create_mentor_at_school_period(school=school))
    create_ect_at_school_period(
        teacher=create_teacher(
            first_name="Passed", last_name="Already", trs_induction_status=TRSInductionStatus.PASSED
        ),
        school=school,
    )
    create_ect_at_school_period(teacher=create_teacher(first_name="Other", last_name="School"))

    page = school_client.get("/school/home/ects").content.decode()

    assert page.index("Late Unmentored") < page.index("Early Unmentored") < page.index("Mentored Ect")
    assert "Passed Already" not in page
    assert "Other School" not in page
    assert f'href="/school/ects/{late.pk}"' in page
    assert page.count("Action required") == 2
    assert "A mentor needs to be assigned to Early Unmentored." in page
    assert "Registered" in page
    assert "Assign a mentor for this ECT" in page
    assert early.teacher.trn in page


def test_card_shows_lead_provider_and_delivery_partner_for_provider_led(school_client, world):
    period = create_ect_at_school_period(school=world.oakfield, appropriate_body=world.north_hub)
    create_training_period(
        ect_at_school_period=period,
        school_partnership=partnership(
            school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta
        ),
    )
    page = school_client.get("/school/home/ects").content.decode()
    assert "North Hub" in page
    assert "Alpha Learning" in page
    assert "Delta Partners" in page
    assert "School start date" in page
    assert "1 September 2026" in page


def test_search_by_name_or_trn_and_no_match(school_client, world):
    create_ect_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Ann", last_name="Ray"), school=world.oakfield
    )
    create_ect_at_school_period(teacher=create_teacher(first_name="Bob", last_name="Lee"), school=world.oakfield)
    by_name = school_client.get("/school/home/ects", {"q": "ray"}).content.decode()
    assert "Ann Ray" in by_name and "Bob Lee" not in by_name
    by_trn = school_client.get("/school/home/ects", {"q": "7654321"}).content.decode()
    assert "Ann Ray" in by_trn and "Bob Lee" not in by_trn
    nothing = school_client.get("/school/home/ects", {"q": "zzz"}).content.decode()
    assert "There are no ECTs that match your search." in nothing


def test_twenty_cards_a_page(school_client, world):
    for number in range(21):
        create_ect_at_school_period(
            teacher=create_teacher(first_name=f"Ect{number:02d}", last_name="Teacher"),
            school=world.oakfield,
            started_on=dt.date(2026, 9, 1) + dt.timedelta(days=number),
        )
    first = school_client.get("/school/home/ects").content.decode()
    assert first.count('<h2 class="govuk-summary-card__title">') == 20
    assert "Ect00 Teacher" not in first  # the earliest start comes last
    second = school_client.get("/school/home/ects", {"page": 2}).content.decode()
    assert second.count('<h2 class="govuk-summary-card__title">') == 1
    assert "Ect00 Teacher" in second


def test_details_page_shows_the_ect_and_change_links(school_client, world):
    period = create_ect_at_school_period(
        school=world.oakfield, email="jo@example.com", appropriate_body=world.north_hub
    )
    create_training_period(ect_at_school_period=period, training_programme=TrainingProgramme.SCHOOL_LED)
    page = school_client.get(f"/school/ects/{period.pk}").content.decode()
    assert f"TRN: {period.teacher.trn}" in page
    assert "Jane Smith" in page
    assert "jo@example.com" in page
    assert "Full time" in page
    assert "School-led" in page
    assert "Awaiting confirmation by North Hub" in page
    assert "The appropriate body has not yet reported this" in page
    assert f'href="/school/ects/{period.pk}/change-appropriate-body/edit"' in page
    assert "Tell us if Jane Smith is leaving permanently" in page


def test_details_page_for_claimed_induction_hides_ab_change(school_client, world):
    period = create_ect_at_school_period(school=world.oakfield)
    create_induction_period(teacher=period.teacher, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 2))
    page = school_client.get(f"/school/ects/{period.pk}").content.decode()
    assert "North Hub has recorded this induction" in page
    assert "change-appropriate-body" not in page
    assert "2 September 2026" in page


def test_details_page_opened_from_a_mentor_goes_back_there(school_client, world):
    period = create_ect_at_school_period(school=world.oakfield)
    assert 'href="/school/home/ects"' in school_client.get(f"/school/ects/{period.pk}").content.decode()
    page = school_client.get(f"/school/ects/{period.pk}?back_to_mentor=42").content.decode()
    assert 'class="govuk-back-link" href="/school/mentors/42"' in page or 'href="/school/mentors/42"' in page


def test_another_schools_ect_is_not_found(school_client, world):
    period = create_ect_at_school_period(school=world.hillside)
    assert school_client.get(f"/school/ects/{period.pk}").status_code == 404
