"""Mentors home and details (journeys.md §4.9) and assigning an existing mentor (§4.7, §9.4 items 1 and 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Event
from events.types import EventType
from schools.models import TrainingProgramme
from sign_in.testing import sign_in_school_user
from teachers.models import MentorshipPeriod, TrainingPeriod, TrainingRole
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

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


def provider_led(world, ect):
    return create_training_period(
        ect_at_school_period=ect,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )


# Mentors home --------------------------------------------------------------------------------------------


def test_mentors_home_with_no_mentors_says_so(school_client):
    page = school_client.get("/school/home/mentors").content.decode()
    assert '<h1 class="govuk-heading-l">Mentors</h1>' in page
    assert "Oakfield Primary" in page
    assert "Your school currently has no registered mentors." in page
    assert 'href="/school/home/ects"' in page


def test_mentors_home_cards_list_assigned_ects_and_training(school_client, world, jane, tom):
    create_mentorship_period(mentee=jane, mentor=tom)
    create_training_period(
        mentor_at_school_period=tom,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    other_school_mentor = create_mentor_at_school_period(
        teacher=create_teacher(first_name="Elsewhere", last_name="Person"), school=create_school()
    )
    gone = create_mentor_at_school_period(
        teacher=create_teacher(first_name="Gone", last_name="Away"),
        school=world.oakfield,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 9, 1),
    )
    page = school_client.get("/school/home/mentors").content.decode()
    assert f'href="/school/mentors/{tom.pk}">Tom Brown</a>' in page
    assert "7654321" in page
    assert f'href="/school/ects/{jane.pk}">Jane Smith</a>' in page
    assert "Tom Brown is registered for ECTE mentor training with:" in page
    assert "Confirmed by Alpha Learning" in page
    assert "Delta Partners" in page
    assert other_school_mentor.teacher.full_name not in page
    assert gone.teacher.full_name not in page


def test_mentor_with_more_than_five_ects_shows_a_count_and_none_shows_no_ects(school_client, world, tom):
    for n in range(6):
        ect = create_ect_at_school_period(
            teacher=create_teacher(first_name=f"Ect{n}", last_name="Many"), school=world.oakfield
        )
        create_mentorship_period(mentee=ect, mentor=tom)
    create_mentor_at_school_period(teacher=create_teacher(first_name="Idle", last_name="Mentor"), school=world.oakfield)
    page = school_client.get("/school/home/mentors").content.decode()
    assert "6 assigned ECTs" in page
    assert "Ect0 Many" not in page
    assert "No ECTs assigned" in page


def test_mentors_home_search_by_trn(school_client, world, tom):
    create_mentor_at_school_period(teacher=create_teacher(first_name="Ann", last_name="Jones"), school=world.oakfield)
    page = school_client.get("/school/home/mentors", {"q": "7654321"}).content.decode()
    assert "Tom Brown" in page
    assert "Ann Jones" not in page


def test_mentors_home_needs_a_school_user(client, world):
    assert client.get("/school/home/mentors")["Location"] == "/"


# Mentor details -------------------------------------------------------------------------------------------


def test_mentor_details_show_name_email_ects_and_leaving_link(school_client, jane, tom):
    create_mentorship_period(mentee=jane, mentor=tom)
    page = school_client.get(f"/school/mentors/{tom.pk}").content.decode()
    assert "TRN: 7654321" in page
    assert tom.email in page
    assert f'href="/school/ects/{jane.pk}?back_to_mentor={tom.pk}">Jane Smith</a>' in page
    assert f'href="/school/mentors/{tom.pk}/report-teacher-leaving/edit"' in page
    assert "ECTE mentor training details" not in page  # never registered for training


def test_mentor_details_of_another_schools_mentor_is_404(school_client):
    other = create_mentor_at_school_period(school=create_school())
    assert school_client.get(f"/school/mentors/{other.pk}").status_code == 404


def test_completed_mentor_training_is_shown_with_its_date(school_client, world, tom):
    create_training_period(
        mentor_at_school_period=tom,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
        finished_on=D(2026, 9, 10),
    )
    teacher = tom.teacher
    teacher.mentor_became_ineligible_for_funding_reason = "completed_declaration_received"
    teacher.mentor_became_ineligible_for_funding_on = D(2026, 9, 10)
    teacher.save()
    page = school_client.get(f"/school/mentors/{tom.pk}").content.decode()
    assert "Tom Brown completed mentor training on 10 September 2026." in page


# Assign a mentor -------------------------------------------------------------------------------------------


def test_without_eligible_mentors_assigning_goes_to_register_mentor(school_client, jane):
    response = school_client.get(f"/school/ects/{jane.pk}/mentorship/new")
    assert response["Location"] == f"/school/register-mentor/what-you-will-need?ect_id={jane.pk}"


def test_selection_lists_eligible_mentors_and_register_new(school_client, jane, tom):
    page = school_client.get(f"/school/ects/{jane.pk}/mentorship/new?preselect={tom.pk}").content.decode()
    assert "Who will mentor Jane Smith?" in page
    assert f'value="{tom.pk}" checked' in page
    assert '<div class="govuk-radios__divider">or</div>' in page
    assert 'value="0"' in page and "Register a new mentor" in page


def test_nothing_chosen_is_an_error(school_client, jane, tom):
    response = school_client.post(f"/school/ects/{jane.pk}/mentorship", {})
    assert response.status_code == 422
    assert "Select a mentor from the list provided or choose to register a new mentor" in response.content.decode()


def test_a_mentor_from_another_school_is_refused(school_client, jane, tom):
    other = create_mentor_at_school_period(school=create_school())
    response = school_client.post(f"/school/ects/{jane.pk}/mentorship", {"mentor_id": other.pk})
    assert response.status_code == 422
    assert "This mentor is not registered at this school" in response.content.decode()
    assert not MentorshipPeriod.objects.exists()


def test_register_new_goes_to_register_mentor(school_client, jane, tom):
    response = school_client.post(f"/school/ects/{jane.pk}/mentorship", {"mentor_id": "0"})
    assert response["Location"] == f"/school/register-mentor/what-you-will-need?ect_id={jane.pk}"


def test_school_led_ect_gets_the_mentor_straight_away(school_client, jane, tom):
    create_training_period(ect_at_school_period=jane, training_programme=TrainingProgramme.SCHOOL_LED)
    response = school_client.post(f"/school/ects/{jane.pk}/mentorship", {"mentor_id": tom.pk})
    assert response["Location"] == f"/school/ects/{jane.pk}/mentorship/confirmation"
    mentorship = MentorshipPeriod.objects.get()
    assert (mentorship.ect_at_school_period, mentorship.mentor_at_school_period) == (jane, tom)
    assert mentorship.started_on == D(2026, 9, 15)  # today: the latest of the starts and today
    assert Event.objects.filter(event_type=EventType.TEACHER_STARTS_MENTORING).count() == 1
    assert not TrainingPeriod.objects.filter(role=TrainingRole.MENTOR).exists()
    page = school_client.get(response["Location"]).content.decode()
    assert "You've assigned Tom Brown as a mentor for Jane Smith" in page
    assert "Back to your ECTs" in page


def test_provider_led_ect_and_untrained_mentor_review_eligibility_then_continue(school_client, world, jane, tom):
    provider_led(world, jane)
    response = school_client.post(f"/school/ects/{jane.pk}/mentorship", {"mentor_id": tom.pk})
    assert response["Location"] == "/school/assign-existing-mentor/review-mentor-eligibility"
    assert not MentorshipPeriod.objects.exists()
    page = school_client.get(response["Location"]).content.decode()
    assert "Tom Brown can receive mentor training" in page
    assert "20 hours" in page and "Alpha Learning" in page
    assert f'href="/school/ects/{jane.pk}/mentorship/new?preselect={tom.pk}"' in page
    response = school_client.post("/school/assign-existing-mentor/review-mentor-eligibility")
    assert response["Location"] == "/school/assign-existing-mentor/confirmation"
    assert MentorshipPeriod.objects.get().mentor_at_school_period == tom
    training = TrainingPeriod.objects.get(mentor_at_school_period=tom)
    assert training.training_programme == TrainingProgramme.PROVIDER_LED
    assert "You've assigned Tom Brown" in school_client.get(response["Location"]).content.decode()
    # once assigned, only the confirmation is allowed
    assert school_client.get("/school/assign-existing-mentor/lead-provider")["Location"].endswith("/confirmation")


def test_another_lead_provider_can_be_chosen_for_the_mentor(school_client, world, jane, tom):
    provider_led(world, jane)
    school_client.post(f"/school/ects/{jane.pk}/mentorship", {"mentor_id": tom.pk})
    page = school_client.get("/school/assign-existing-mentor/lead-provider").content.decode()
    assert "Which lead provider should contact your school about training Tom Brown?" in page
    assert "Beta Institute" in page
    response = school_client.post("/school/assign-existing-mentor/lead-provider", {})
    assert response.status_code == 422
    assert "Select a lead provider to contact your school" in response.content.decode()
    response = school_client.post("/school/assign-existing-mentor/lead-provider", {"lead_provider": world.beta.pk})
    assert response["Location"] == "/school/assign-existing-mentor/confirmation"
    training = TrainingPeriod.objects.get(mentor_at_school_period=tom)
    assert training.expression_of_interest.lead_provider == world.beta


def test_assign_existing_mentor_without_a_choice_goes_to_ects_home(school_client):
    assert school_client.get("/school/assign-existing-mentor/confirmation")["Location"] == "/school/home/ects"


def test_assigning_and_registering_mentors_wait_while_the_registration_window_is_closed(
    school_client, frozen_today, jane, tom
):
    frozen_today(D(2026, 6, 5))
    closed = "/school/registration-window-closed"
    assert school_client.get(f"/school/ects/{jane.pk}/mentorship/new")["Location"] == closed
    assert school_client.post(f"/school/ects/{jane.pk}/mentorship", {"mentor_id": tom.pk})["Location"] == closed
    assert school_client.get(f"/school/register-mentor/what-you-will-need?ect_id={jane.pk}")["Location"] == closed
    assert not MentorshipPeriod.objects.exists()


def test_mentor_pages_wait_for_the_induction_tutor_to_be_confirmed(client, world, jane, tom):
    sign_in_school_user(client, world.oakfield)  # no induction tutor confirmed this contract year
    for url in ("/school/home/mentors", f"/school/mentors/{tom.pk}", f"/school/ects/{jane.pk}/mentorship/new"):
        assert client.get(url)["Location"].startswith("/school/induction-tutor/")
