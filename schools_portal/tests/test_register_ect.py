"""Register an ECT (journeys.md §4.6) through the school's pages: the wizard's wiring to the TRS lookup, the
domain's guards and validators, reuse of previous choices and `register_ect` (§9.2–§9.3 checks)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Event
from integrations.trs.fake import FakeTRS
from schools.models import TrainingProgramme
from schools_portal.journeys import register_ect as journey
from sign_in.testing import sign_in_school_user
from teachers.models import ECTAtSchoolPeriod, Teacher, TrainingPeriod
from tests.builders import create_ect_at_school_period, create_teacher, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


def tutor_confirmed(school):
    """§4.3: a school that has confirmed its induction tutor this contract year (so the gate lets it in)."""
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", f"tutor{school.pk}@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    return school


URL = "/school/register-ect/"


@pytest.fixture
def trs(monkeypatch):
    fake = FakeTRS()
    fake.add_teacher(trn="2000001", first_name="Kate", last_name="Bell", date_of_birth=dt.date(1995, 5, 4))
    monkeypatch.setattr(journey, "trs_client", lambda: fake)
    return fake


@pytest.fixture
def school_client(client, world, trs):
    sign_in_school_user(client, tutor_confirmed(world.oakfield))
    return client


def post(client, step, data):
    return client.post(URL + step, data)


def find(client, trn="2000001", dob=(4, 5, 1995)):
    client.get(URL + "find-ect")
    return post(
        client,
        "find-ect",
        {"trn": trn, "date_of_birth_day": dob[0], "date_of_birth_month": dob[1], "date_of_birth_year": dob[2]},
    )


def test_start_page_leads_to_find_ect(school_client):
    page = school_client.get(URL + "what-you-will-need").content.decode()
    assert 'href="/school/register-ect/find-ect"' in page


def test_find_ect_errors_are_the_domains_with_422(school_client):
    response = post(
        school_client,
        "find-ect",
        {"trn": "12", "date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "1990"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter the date of birth in the correct format, for example 12 03 1998" in page
    blank = post(school_client, "find-ect", {}).content.decode()
    assert "Enter the teacher reference number (TRN)" in blank
    assert "Enter a date of birth" in blank


def test_provider_led_registration_end_to_end(school_client, world):
    response = find(school_client)
    assert response["Location"] == URL + "review-ect-details"
    review = school_client.get(URL + "review-ect-details").content.decode()
    assert "Kate Bell" in review and "2000001" in review and "4 May 1995" in review
    assert post(school_client, "review-ect-details", {"change_name": "no"})["Location"] == URL + "email-address"
    assert post(school_client, "email-address", {"email": "kate@example.com"})["Location"] == URL + "start-date"
    response = post(
        school_client, "start-date", {"started_on_day": "1", "started_on_month": "9", "started_on_year": "2026"}
    )
    assert response["Location"] == URL + "working-pattern"
    # No previous choices at Oakfield: straight to the state school's appropriate body question.
    assert post(school_client, "working-pattern", {"working_pattern": "part_time"})["Location"] == (
        URL + "state-school-appropriate-body"
    )
    assert (
        post(school_client, "state-school-appropriate-body", {"appropriate_body": world.north_hub.pk})["Location"]
        == URL + "training-programme"
    )
    assert post(school_client, "training-programme", {"training_programme": "provider_led"})["Location"] == (
        URL + "lead-provider"
    )
    lead_providers = school_client.get(URL + "lead-provider").content.decode()
    assert "Alpha Learning" in lead_providers and "Beta Institute" in lead_providers
    assert post(school_client, "lead-provider", {"lead_provider": world.alpha.pk})["Location"] == URL + "check-answers"

    check = school_client.get(URL + "check-answers").content.decode()
    for text in (
        "Kate Bell",
        "kate@example.com",
        "1 September 2026",
        "Part time",
        "North Hub",
        "Provider-led",
        "Alpha Learning",
    ):
        assert text in check
    assert "Choices used by your school previously" not in check

    assert post(school_client, "check-answers", {})["Location"] == URL + "confirmation"
    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2000001")
    assert period.school == world.oakfield
    assert period.email == "kate@example.com"
    assert period.working_pattern == "part_time"
    assert period.school_reported_appropriate_body == world.north_hub
    training = TrainingPeriod.objects.get(ect_at_school_period=period)
    assert training.training_programme == TrainingProgramme.PROVIDER_LED
    assert training.expression_of_interest.lead_provider == world.alpha
    assert Event.objects.filter(event_type="teacher_registered_as_ect", teacher=period.teacher).exists()
    confirmation = school_client.get(URL + "confirmation").content.decode()
    assert "You've saved Kate Bell's details" in confirmation
    assert f'href="/school/ects/{period.pk}/mentorship/new"' in confirmation
    # Only the confirmation is allowed now.
    assert school_client.get(URL + "email-address")["Location"] == URL + "confirmation"
    # The new ECT is on the home page with "Action required".
    home = school_client.get("/school/home/ects").content.decode()
    assert "Kate Bell" in home and "Action required" in home


def test_corrected_name_is_validated_and_used(school_client):
    find(school_client)
    response = post(school_client, "review-ect-details", {"change_name": "yes", "corrected_name": " "})
    assert response.status_code == 422
    assert "Enter the correct full name" in response.content.decode()
    post(school_client, "review-ect-details", {"change_name": "yes", "corrected_name": "Katherine  Bell"})
    assert "What is Katherine Bell's email address?" in school_client.get(URL + "email-address").content.decode()


def test_unknown_trn_goes_to_trn_not_found(school_client):
    assert find(school_client, trn="7000002")["Location"] == URL + "trn-not-found"
    page = school_client.get(URL + "trn-not-found").content.decode()
    assert "Try again" in page


def test_wrong_date_of_birth_asks_for_national_insurance_number(school_client, trs):
    trs.add_teacher(
        trn="2000002",
        first_name="Nia",
        last_name="Owen",
        date_of_birth=dt.date(1990, 1, 1),
        national_insurance_number="AB123456C",
    )
    assert find(school_client, trn="2000002", dob=(2, 2, 1990))["Location"] == URL + "national-insurance-number"
    bad = post(school_client, "national-insurance-number", {"national_insurance_number": "BG123456C"})
    assert bad.status_code == 422
    assert "Enter a National Insurance Number in the correct format" in bad.content.decode()
    ok = post(school_client, "national-insurance-number", {"national_insurance_number": "ab 12 34 56 c"})
    assert ok["Location"] == URL + "review-ect-details"
    assert "AB123456C" in school_client.get(URL + "review-ect-details").content.decode()


@pytest.mark.parametrize(
    ("status", "page", "text"),
    [
        ("Passed", "induction-completed", "has already completed their induction"),
        ("Exempt", "induction-exempt", "is exempt from completing their induction"),
        ("Failed", "induction-failed", "has failed their induction"),
        ("FailedInWales", "induction-failed", "has failed their induction"),
    ],
)
def test_finished_or_exempt_induction_cannot_be_registered(school_client, trs, status, page, text):
    trs.add_teacher(
        trn="2000003", first_name="Ola", last_name="Ade", date_of_birth=dt.date(1995, 5, 4), induction_status=status
    )
    assert find(school_client, trn="2000003")["Location"] == URL + page
    body = school_client.get(URL + page).content.decode()
    assert "Ola Ade cannot be registered" in body and text in body
    assert school_client.get(URL + "review-ect-details")["Location"] == URL + page


def test_prohibited_teacher_cannot_be_registered(school_client, trs):
    trs.add_teacher(trn="2000004", date_of_birth=dt.date(1995, 5, 4), prohibited_from_teaching=True)
    assert find(school_client, trn="2000004")["Location"] == URL + "cannot-register-ect"


def test_already_registered_here(school_client, world):
    create_ect_at_school_period(
        teacher=create_teacher(trn="2000001", first_name="Kate", last_name="Bell"), school=world.oakfield
    )
    assert find(school_client)["Location"] == URL + "already-active-at-school"
    assert (
        "Kate Bell is already registered at your school"
        in school_client.get(URL + "already-active-at-school").content.decode()
    )


def test_registered_before_elsewhere_and_start_date_rules(school_client, world):
    teacher = create_teacher(trn="2000001", first_name="Kate", last_name="Bell")
    create_ect_at_school_period(
        teacher=teacher, school=world.hillside, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 31)
    )
    find(school_client)
    assert post(school_client, "review-ect-details", {"change_name": "no"})["Location"] == URL + "registered-before"
    page = school_client.get(URL + "registered-before").content.decode()
    assert "Kate Bell has been registered before" in page and "Hillside College" in page
    assert post(school_client, "registered-before", {})["Location"] == URL + "email-address"
    post(school_client, "email-address", {"email": "kate@example.com"})
    too_soon = post(
        school_client, "start-date", {"started_on_day": "2", "started_on_month": "9", "started_on_year": "2025"}
    )
    assert too_soon.status_code == 422
    assert "Our records show that Kate Bell started teaching at Hillside College on 1 September 2025" in (
        too_soon.content.decode().replace("&#x27;", "'")
    )
    blank = post(school_client, "start-date", {})
    assert "Enter the date the ECT started or will start teaching at your school" in blank.content.decode()


def test_email_in_use_by_someone_else(school_client, world):
    create_ect_at_school_period(school=world.hillside, email="taken@example.com")
    find(school_client)
    post(school_client, "review-ect-details", {"change_name": "no"})
    assert post(school_client, "email-address", {"email": "Taken@example.com"})["Location"] == URL + "cant-use-email"
    assert "Try another email" in school_client.get(URL + "cant-use-email").content.decode()


def test_start_in_a_contract_period_not_yet_open(school_client):
    find(school_client)
    post(school_client, "review-ect-details", {"change_name": "no"})
    post(school_client, "email-address", {"email": "kate@example.com"})
    response = post(
        school_client, "start-date", {"started_on_day": "1", "started_on_month": "9", "started_on_year": "2027"}
    )
    assert response["Location"] == URL + "cannot-register-ect-yet"
    page = school_client.get(URL + "cannot-register-ect-yet").content.decode()
    assert "Kate Bell cannot be registered yet" in page and "2027 to 2028" in page


def test_previous_school_led_choices_are_offered_and_reused(school_client, world):
    school = world.oakfield
    school.last_chosen_appropriate_body = world.north_hub
    school.last_chosen_training_programme = TrainingProgramme.SCHOOL_LED
    school.save()
    find(school_client)
    post(school_client, "review-ect-details", {"change_name": "no"})
    post(school_client, "email-address", {"email": "kate@example.com"})
    post(school_client, "start-date", {"started_on_day": "1", "started_on_month": "9", "started_on_year": "2026"})
    assert post(school_client, "working-pattern", {"working_pattern": "full_time"})["Location"] == (
        URL + "use-previous-ect-choices"
    )
    unanswered = post(school_client, "use-previous-ect-choices", {})
    assert unanswered.status_code == 422
    assert post(school_client, "use-previous-ect-choices", {"use_previous_ect_choices": "yes"})["Location"] == (
        URL + "check-answers"
    )
    check = school_client.get(URL + "check-answers").content.decode()
    assert "Yes, use the programme choices used by my school previously" in check
    assert "School-led" in check and "North Hub" in check
    assert "change-training-programme" not in check
    post(school_client, "check-answers", {})
    training = TrainingPeriod.objects.get(teacher__trn="2000001")
    assert training.training_programme == TrainingProgramme.SCHOOL_LED


def test_change_link_returns_to_check_answers(school_client, world):
    find(school_client)
    post(school_client, "review-ect-details", {"change_name": "no"})
    post(school_client, "email-address", {"email": "kate@example.com"})
    post(school_client, "start-date", {"started_on_day": "1", "started_on_month": "9", "started_on_year": "2026"})
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    post(school_client, "state-school-appropriate-body", {"appropriate_body": world.north_hub.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    assert (
        post(school_client, "change-email-address", {"email": "new@example.com"})["Location"] == URL + "check-answers"
    )
    assert "new@example.com" in school_client.get(URL + "check-answers").content.decode()


def test_state_school_must_choose_a_teaching_school_hub(school_client, world):
    find(school_client)
    post(school_client, "review-ect-details", {"change_name": "no"})
    post(school_client, "email-address", {"email": "kate@example.com"})
    post(school_client, "start-date", {"started_on_day": "1", "started_on_month": "9", "started_on_year": "2026"})
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    response = post(school_client, "state-school-appropriate-body", {"appropriate_body": world.istip.pk})
    assert response.status_code == 422
    assert "Select a teaching school hub appropriate body" in response.content.decode()


def test_school_without_funding_cannot_start(client, world, trs):
    from tests.builders import create_school

    school = create_school(type_name="Other independent school", section_41_approved=False, eligible=False)
    create_training_period(ect_at_school_period=create_ect_at_school_period(school=school))
    sign_in_school_user(client, tutor_confirmed(school))
    assert client.get(URL + "find-ect")["Location"] == "/school/home/ects"


def test_empty_store_guard_on_check_answers(school_client):
    response = post(school_client, "check-answers", {})
    assert response["Location"] == URL + "find-ect"
    assert Teacher.objects.filter(trn="2000001").count() == 0


def answer_up_to_working_pattern(client, *, started=("1", "9", "2026"), pattern="full_time"):
    find(client)
    post(client, "review-ect-details", {"change_name": "no"})
    post(client, "email-address", {"email": "kate@example.com"})
    post(
        client,
        "start-date",
        {"started_on_day": started[0], "started_on_month": started[1], "started_on_year": started[2]},
    )
    return post(client, "working-pattern", {"working_pattern": pattern})


def test_confirming_provider_led_queues_one_email_to_the_ect(school_client, world, django_capture_on_commit_callbacks):
    from integrations.notify.models import SentEmail

    answer_up_to_working_pattern(school_client)
    post(school_client, "state-school-appropriate-body", {"appropriate_body": world.north_hub.pk})
    post(school_client, "training-programme", {"training_programme": "provider_led"})
    post(school_client, "lead-provider", {"lead_provider": world.alpha.pk})
    with django_capture_on_commit_callbacks(execute=True):
        post(school_client, "check-answers", {})
    sent = SentEmail.objects.get()
    assert (sent.to, sent.template) == ("kate@example.com", "ect_registered_provider_led")
    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2000001")
    assert sent.reference == f"ect-at-school-period-{period.pk}"  # Notify's refusals are logged against it
    home = school_client.get("/school/home/ects").content.decode()
    assert "Your lead provider will confirm this" in home
    details = school_client.get(f"/school/ects/{period.pk}").content.decode()
    assert "Awaiting confirmation by Alpha Learning" in details


@pytest.mark.parametrize(
    ("trn", "message"),
    [
        ("12", "Teacher reference number must include at least 5 digits"),
        ("12345678", "Teacher reference number cannot include more than 7 digits"),
    ],
)
def test_trn_length_errors(school_client, trn, message):
    response = find(school_client, trn=trn)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_trn_with_letters_and_slash_is_normalised(school_client, trs):
    trs.add_teacher(trn="9912345", first_name="Rae", last_name="Pole", date_of_birth=dt.date(1995, 5, 4))
    assert find(school_client, trn="RP99/12345")["Location"] == URL + "review-ect-details"
    assert "9912345" in school_client.get(URL + "review-ect-details").content.decode()


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ((15, 9, 2009), "The teacher cannot be less than 18 years old"),
        ((14, 9, 1925), "The teacher cannot be more than 100 years old"),
    ],
)
def test_date_of_birth_age_limits(school_client, dob, message):
    response = find(school_client, dob=dob)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_non_matching_national_insurance_number_is_not_found(school_client, trs):
    trs.add_teacher(trn="2000002", date_of_birth=dt.date(1990, 1, 1), national_insurance_number="AB123456C")
    find(school_client, trn="2000002", dob=(2, 2, 1990))
    response = post(school_client, "national-insurance-number", {"national_insurance_number": "AB123456D"})
    assert response["Location"] == URL + "not-found"


def test_changing_school_led_to_provider_led_asks_for_a_lead_provider_then_returns(school_client, world):
    answer_up_to_working_pattern(school_client)
    post(school_client, "state-school-appropriate-body", {"appropriate_body": world.north_hub.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    response = post(school_client, "change-training-programme", {"training_programme": "provider_led"})
    assert response["Location"] == URL + "training-programme-change-lead-provider"
    page = school_client.get(URL + "training-programme-change-lead-provider").content.decode()
    assert 'href="/school/register-ect/check-answers"' in page
    response = post(school_client, "training-programme-change-lead-provider", {"lead_provider": world.beta.pk})
    assert response["Location"] == URL + "check-answers"
    check = school_client.get(URL + "check-answers").content.decode()
    assert "Provider-led" in check and "Beta Institute" in check


def test_changing_the_email_to_one_in_use_keeps_the_old_one(school_client, world):
    create_ect_at_school_period(school=world.hillside, email="taken@example.com")
    answer_up_to_working_pattern(school_client)
    post(school_client, "state-school-appropriate-body", {"appropriate_body": world.north_hub.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    response = post(school_client, "change-email-address", {"email": "taken@example.com"})
    assert response["Location"] == URL + "cant-use-changed-email"
    page = school_client.get(URL + "cant-use-changed-email").content.decode()
    assert "Try another email" in page and 'href="/school/register-ect/change-email-address"' in page
    check = school_client.get(URL + "check-answers").content.decode()
    assert "kate@example.com" in check and "taken@example.com" not in check


def provider_led_last_time(world):
    school = world.oakfield
    school.last_chosen_appropriate_body = world.north_hub
    school.last_chosen_training_programme = TrainingProgramme.PROVIDER_LED
    school.last_chosen_lead_provider = world.alpha
    school.save()
    return partnership(school=school, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)


def test_reusing_a_provider_led_partnership_shows_the_delivery_partner(school_client, world):
    reused = provider_led_last_time(world)
    assert answer_up_to_working_pattern(school_client)["Location"] == URL + "use-previous-ect-choices"
    page = school_client.get(URL + "use-previous-ect-choices").content.decode()
    for text in ("North Hub", "Provider-led", "Alpha Learning", "Delta Partners"):
        assert text in page
    post(school_client, "use-previous-ect-choices", {"use_previous_ect_choices": "yes"})
    check = school_client.get(URL + "check-answers").content.decode()
    assert "Choices used by your school previously" in check and "Delta Partners" in check
    assert "change-lead-provider" not in check and "change-state-school-appropriate-body" not in check
    post(school_client, "check-answers", {})
    training = TrainingPeriod.objects.get(teacher__trn="2000001")
    assert training.school_partnership == reused


def test_changing_the_start_date_asks_about_previous_choices_again(school_client, world):
    provider_led_last_time(world)
    answer_up_to_working_pattern(school_client)
    post(school_client, "use-previous-ect-choices", {"use_previous_ect_choices": "yes"})
    response = post(
        school_client, "change-start-date", {"started_on_day": "2", "started_on_month": "9", "started_on_year": "2026"}
    )
    assert response["Location"] == URL + "use-previous-ect-choices"


def test_independent_school_can_choose_istip(client, world, trs):
    sign_in_school_user(client, tutor_confirmed(world.hillside))
    answer_up_to_working_pattern(client)
    page = client.get(URL + "independent-school-appropriate-body").content.decode()
    assert "Independent Schools Teacher Induction Panel (ISTIP)" in page
    response = post(client, "independent-school-appropriate-body", {"appropriate_body_type": "national"})
    assert response["Location"] == URL + "training-programme"
    post(client, "training-programme", {"training_programme": "school_led"})
    post(client, "check-answers", {})
    period = ECTAtSchoolPeriod.objects.get(teacher__trn="2000001")
    assert period.school_reported_appropriate_body == world.istip


def test_state_school_list_has_no_local_authorities(school_client, world):
    answer_up_to_working_pattern(school_client)
    page = school_client.get(URL + "state-school-appropriate-body").content.decode()
    assert "North Hub" in page
    assert "Old County Council" not in page and "ISTIP" not in page


def test_moved_school_closes_the_old_period_the_day_before(school_client, world):
    teacher = create_teacher(trn="2000001", first_name="Kate", last_name="Bell")
    old = create_ect_at_school_period(teacher=teacher, school=world.hillside, started_on=dt.date(2025, 9, 1))
    create_training_period(ect_at_school_period=old, training_programme=TrainingProgramme.SCHOOL_LED)
    find(school_client)
    post(school_client, "review-ect-details", {"change_name": "no"})
    assert "Hillside College" in school_client.get(URL + "registered-before").content.decode()
    post(school_client, "registered-before", {})
    post(school_client, "email-address", {"email": "kate@example.com"})
    too_far = post(
        school_client, "start-date", {"started_on_day": "1", "started_on_month": "2", "started_on_year": "2027"}
    )
    assert "Start date must be before 16 January 2027" in too_far.content.decode()
    post(school_client, "start-date", {"started_on_day": "1", "started_on_month": "10", "started_on_year": "2026"})
    post(school_client, "working-pattern", {"working_pattern": "full_time"})
    post(school_client, "state-school-appropriate-body", {"appropriate_body": world.north_hub.pk})
    post(school_client, "training-programme", {"training_programme": "school_led"})
    assert post(school_client, "check-answers", {})["Location"] == URL + "confirmation"
    old.refresh_from_db()
    assert old.finished_on == dt.date(2026, 9, 30)
