"""Register a new mentor for an ECT (journeys.md §4.8, §9.4 items 2–9)."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.notify.models import SentEmail
from integrations.trs.fake import FakeTRS
from schools.models import TrainingProgramme
from sign_in.testing import sign_in_school_user
from teachers.models import MentorAtSchoolPeriod, MentorshipPeriod, TrainingPeriod, TrainingRole
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/school/register-mentor"
TOM_DOB = D(1985, 3, 12)


@pytest.fixture
def trs(monkeypatch):
    fake = FakeTRS()
    fake.add_teacher(trn="7654321", first_name="Tom", last_name="Brown", date_of_birth=TOM_DOB)
    fake.add_teacher(trn="1234567", first_name="Jane", last_name="Smith", date_of_birth=D(1995, 1, 1))
    fake.add_teacher(
        trn="5555555", first_name="Paul", last_name="Banned", date_of_birth=TOM_DOB, prohibited_from_teaching=True
    )
    monkeypatch.setattr("schools_portal.views.register_mentor.trs_client", lambda: fake)
    return fake


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


def provider_led(world, ect):
    create_training_period(
        ect_at_school_period=ect,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )


def start(client, ect):
    page = client.get(f"{BASE}/what-you-will-need?ect_id={ect.pk}")
    assert page.status_code == 200
    return client.post(f"{BASE}/what-you-will-need")


def find(client, trn="7654321", dob=TOM_DOB):
    return client.post(
        f"{BASE}/find-mentor",
        {"trn": trn, "date_of_birth_day": dob.day, "date_of_birth_month": dob.month, "date_of_birth_year": dob.year},
    )


def test_what_you_will_need_names_the_ect_and_continues_to_find(school_client, world, jane, trs):
    provider_led(world, jane)
    page = school_client.get(f"{BASE}/what-you-will-need?ect_id={jane.pk}").content.decode()
    assert "What you&#x27;ll need to add a new mentor for Jane Smith" in page
    assert "questions about the mentor&#x27;s training programme" in page or "training programme" in page
    assert school_client.post(f"{BASE}/what-you-will-need")["Location"] == f"{BASE}/find-mentor"


def test_without_an_ect_the_journey_goes_back_to_ects(school_client, trs):
    assert school_client.get(f"{BASE}/what-you-will-need")["Location"] == "/school/home/ects"


def test_provider_led_ect_new_eligible_mentor(school_client, world, jane, trs, django_capture_on_commit_callbacks):
    provider_led(world, jane)
    start(school_client, jane)
    assert find(school_client)["Location"] == f"{BASE}/review-mentor-details"
    assert "Tom Brown" in school_client.get(f"{BASE}/review-mentor-details").content.decode()
    response = school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    assert response["Location"] == f"{BASE}/email-address"
    response = school_client.post(f"{BASE}/email-address", {"email": "tom.brown@example.com"})
    assert response["Location"] == f"{BASE}/review-mentor-eligibility"
    page = school_client.get(response["Location"]).content.decode()
    assert "20 hours" in page and "Alpha Learning" in page
    response = school_client.post(f"{BASE}/review-mentor-eligibility", {"use_ects_lead_provider": "yes"})
    assert response["Location"] == f"{BASE}/check-answers"
    page = school_client.get(response["Location"]).content.decode()
    assert "Tom Brown will mentor Jane Smith." in page
    assert "Alpha Learning" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = school_client.post(f"{BASE}/check-answers")
    assert response["Location"] == f"{BASE}/confirmation"
    mentor = MentorAtSchoolPeriod.objects.get(teacher__trn="7654321")
    assert mentor.email == "tom.brown@example.com"
    assert MentorshipPeriod.objects.get().ect_at_school_period == jane
    training = TrainingPeriod.objects.get(role=TrainingRole.MENTOR)
    assert training.training_programme == TrainingProgramme.PROVIDER_LED
    assert SentEmail.objects.filter(to="tom.brown@example.com").count() == 1
    assert SentEmail.objects.get(to="tom.brown@example.com").reference == f"mentor-at-school-period-{mentor.pk}"
    page = school_client.get(response["Location"]).content.decode()
    assert "You&#x27;ve assigned Tom Brown as a mentor for Jane Smith" in page
    assert "arrange mentor training" in page


def test_a_different_lead_provider_for_the_mentor(school_client, world, jane, trs):
    provider_led(world, jane)
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    school_client.post(f"{BASE}/email-address", {"email": "tom.brown@example.com"})
    response = school_client.post(f"{BASE}/review-mentor-eligibility", {"use_ects_lead_provider": "no"})
    assert response["Location"] == f"{BASE}/eligibility-lead-provider"
    assert school_client.post(response["Location"], {}).status_code == 422
    response = school_client.post(response["Location"], {"lead_provider": world.beta.pk})
    assert response["Location"] == f"{BASE}/check-answers"
    assert "Beta Institute" in school_client.get(response["Location"]).content.decode()
    school_client.post(f"{BASE}/check-answers")
    training = TrainingPeriod.objects.get(role=TrainingRole.MENTOR)
    assert training.expression_of_interest.lead_provider == world.beta


def test_school_led_ect_has_no_training_steps(school_client, world, jane, trs):
    create_training_period(ect_at_school_period=jane, training_programme=TrainingProgramme.SCHOOL_LED)
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "yes", "corrected_name": "Thomas Brown"})
    response = school_client.post(f"{BASE}/email-address", {"email": "tom.brown@example.com"})
    assert response["Location"] == f"{BASE}/check-answers"
    assert "Thomas Brown" in school_client.get(response["Location"]).content.decode()
    school_client.post(f"{BASE}/check-answers")
    assert not TrainingPeriod.objects.filter(role=TrainingRole.MENTOR).exists()
    page = school_client.get(f"{BASE}/confirmation").content.decode()
    assert "arrange mentor training" not in page and "cannot do mentor training" not in page


def test_ineligible_mentor_skips_training_and_is_told(school_client, world, jane, trs):
    provider_led(world, jane)
    create_teacher(
        trn="7654321",
        first_name="Tom",
        last_name="Brown",
        mentor_became_ineligible_for_funding_reason="started_not_completed",
        mentor_became_ineligible_for_funding_on=D(2025, 1, 1),
    )
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    response = school_client.post(f"{BASE}/email-address", {"email": "tom.brown@example.com"})
    assert response["Location"] == f"{BASE}/check-answers"
    school_client.post(f"{BASE}/check-answers")
    assert not TrainingPeriod.objects.filter(role=TrainingRole.MENTOR).exists()
    assert "cannot do mentor training" in school_client.get(f"{BASE}/confirmation").content.decode()


def test_the_ects_own_trn_cannot_mentor(school_client, jane, trs):
    start(school_client, jane)
    assert find(school_client, trn="1234567", dob=D(1995, 1, 1))["Location"] == f"{BASE}/cannot-mentor-themself"


def test_unknown_trn_and_no_trn_pages(school_client, jane, trs):
    trs.force_not_found("9999999")
    start(school_client, jane)
    assert find(school_client, trn="9999999")["Location"] == f"{BASE}/trn-not-found"
    page = school_client.get(f"{BASE}/no-trn").content.decode()
    assert "You cannot register a mentor without a TRN" in page


def test_find_errors_are_the_ect_rules(school_client, jane, trs):
    start(school_client, jane)
    response = school_client.post(f"{BASE}/find-mentor", {})
    assert response.status_code == 422
    assert "Enter the teacher reference number (TRN)" in response.content.decode()


def test_prohibited_teacher_cannot_be_registered(school_client, jane, trs):
    start(school_client, jane)
    assert find(school_client, trn="5555555")["Location"] == f"{BASE}/cannot-register-mentor"


def test_mentor_already_at_this_school_is_only_assigned_without_email(
    school_client, world, jane, trs, django_capture_on_commit_callbacks
):
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"), school=world.oakfield
    )
    start(school_client, jane)
    assert find(school_client)["Location"] == f"{BASE}/already-active-at-school"
    page = school_client.get(f"{BASE}/already-active-at-school").content.decode()
    assert "Assign Tom Brown to mentor Jane Smith" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = school_client.post(f"{BASE}/already-active-at-school")
    assert response["Location"] == f"{BASE}/confirmation"
    assert MentorshipPeriod.objects.get().mentor_at_school_period == tom
    assert not SentEmail.objects.exists()
    assert "What happens next" not in school_client.get(f"{BASE}/confirmation").content.decode()


def test_mentor_at_another_school_is_asked_about_mentoring_here_only(school_client, world, jane, trs):
    create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=create_school(),
        started_on=D(2025, 9, 1),
    )
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    response = school_client.post(f"{BASE}/email-address", {"email": "tom.new@example.com"})
    assert response["Location"] == f"{BASE}/mentoring-at-new-school-only"
    assert school_client.post(response["Location"], {}).status_code == 422
    response = school_client.post(response["Location"], {"answer": "no"})
    assert response["Location"] == f"{BASE}/check-answers"
    page = school_client.get(response["Location"]).content.decode()
    assert "Mentoring only at your school" in page
    response = school_client.post(f"{BASE}/change-mentoring-at-new-school-only", {"answer": "yes"})
    assert response["Location"] == f"{BASE}/started-on"


def test_email_in_use_goes_to_cant_use_email(school_client, world, jane, trs):
    create_mentor_at_school_period(school=world.oakfield, email="taken@example.com")
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    response = school_client.post(f"{BASE}/email-address", {"email": "taken@example.com"})
    assert response["Location"] == f"{BASE}/cant-use-email"


@pytest.fixture
def tom_trained_elsewhere(world):
    """Tom mentored at another school until August 2026, with provider-led mentor training there."""
    elsewhere = create_school(name="Elm Academy")
    period = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=elsewhere,
        started_on=D(2025, 9, 1),
        finished_on=D(2026, 8, 31),
    )
    create_training_period(
        mentor_at_school_period=period,
        school_partnership=partnership(school=elsewhere, lead_provider=world.alpha, year=2025),
        finished_on=D(2026, 8, 31),
    )
    return period


def test_a_mentor_registered_before_sees_their_previous_details(school_client, world, jane, trs, tom_trained_elsewhere):
    provider_led(world, jane)
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    response = school_client.post(f"{BASE}/email-address", {"email": "tom.new@example.com"})
    assert response["Location"] == f"{BASE}/started-on"
    response = school_client.post(
        f"{BASE}/started-on", {"started_on_day": "15", "started_on_month": "9", "started_on_year": "2026"}
    )
    assert response["Location"] == f"{BASE}/previous-training-period-details"
    page = school_client.get(response["Location"]).content.decode()
    assert "Tom Brown has been registered before" in page
    assert "Elm Academy" in page and "Alpha Learning" in page
    assert school_client.post(response["Location"])["Location"] == f"{BASE}/programme-choices"
    response = school_client.post(f"{BASE}/programme-choices", {"answer": "yes"})
    assert response["Location"] == f"{BASE}/check-answers"
    page = school_client.get(response["Location"]).content.decode()
    assert "Mentor start date" in page and "15 September 2026" in page
    school_client.post(f"{BASE}/check-answers")
    assert MentorAtSchoolPeriod.objects.get(school=world.oakfield).started_on == D(2026, 9, 15)


def test_a_start_date_in_a_closed_contract_period_cannot_be_registered_yet(
    school_client, world, jane, trs, tom_trained_elsewhere
):
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    school_client.post(f"{BASE}/email-address", {"email": "tom.new@example.com"})
    response = school_client.post(
        f"{BASE}/started-on", {"started_on_day": "1", "started_on_month": "10", "started_on_year": "2027"}
    )
    assert response["Location"] == f"{BASE}/cannot-register-mentor-yet"
    assert "cannot be registered yet" in school_client.get(response["Location"]).content.decode()
    assert not MentorAtSchoolPeriod.objects.filter(school=world.oakfield).exists()


def test_a_changed_start_date_in_a_closed_contract_period_keeps_the_stored_one(
    school_client, world, jane, trs, tom_trained_elsewhere
):
    provider_led(world, jane)
    start(school_client, jane)
    find(school_client)
    school_client.post(f"{BASE}/review-mentor-details", {"change_name": "no"})
    school_client.post(f"{BASE}/email-address", {"email": "tom.new@example.com"})
    school_client.post(
        f"{BASE}/started-on", {"started_on_day": "15", "started_on_month": "9", "started_on_year": "2026"}
    )
    school_client.post(f"{BASE}/previous-training-period-details")
    assert school_client.post(f"{BASE}/programme-choices", {"answer": "yes"})["Location"] == f"{BASE}/check-answers"

    response = school_client.post(
        f"{BASE}/change-started-on", {"started_on_day": "1", "started_on_month": "10", "started_on_year": "2027"}
    )
    assert response["Location"] == f"{BASE}/cannot-register-mentor-yet"
    page = school_client.get(response["Location"]).content.decode()
    assert "2027 to 2028" in page
    assert f'href="{BASE}/check-answers"' in page  # the back link
    check = school_client.get(f"{BASE}/check-answers")
    assert check.status_code == 200 and "15 September 2026" in check.content.decode()

    errors = school_client.post(f"{BASE}/change-started-on", {"started_on_day": "31", "started_on_month": "2"})
    assert errors.status_code == 422  # an invalid date is still the question's error
    assert school_client.post(f"{BASE}/check-answers")["Location"] == f"{BASE}/confirmation"
    assert MentorAtSchoolPeriod.objects.get(school=world.oakfield).started_on == D(2026, 9, 15)
