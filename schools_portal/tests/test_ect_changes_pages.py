"""Change an ECT's details (journeys.md §4.10; §9.5 checks 1–9) and a mentor's name and email (§4.11.1–2).
The rules are the services' (teachers/tests/services); these tests check the wiring: steps, branches, errors,
what check answers and the confirmation show, and what the details page shows afterwards."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from events.models import Event
from schools.models import TrainingProgramme
from sign_in.testing import sign_in_school_user
from teachers.models import MentorshipPeriod, TrainingPeriod
from tests.builders import (
    create_appropriate_body,
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_client(client, world):
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", "ida.tutor@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026  # confirmed this contract year (§4.3 gate)
    school.save()
    sign_in_school_user(client, school)
    return client


@pytest.fixture
def kirk(world):
    period = create_ect_at_school_period(
        teacher=create_teacher(trn="3333333", first_name="Kirk", last_name="Van Houten"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
        email="kirk@oakfield.sch.uk",
        appropriate_body=world.north_hub,
    )
    create_training_period(
        ect_at_school_period=period,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    return period


def page(response) -> str:
    return unescape(response.content.decode())


def walk(client, base: str, edit: dict, *, expect_next: str = "check-answers") -> str:
    """Answer `edit`, land on `expect_next`; return check answers' text (or the next page's)."""
    assert client.get(f"{base}/edit").status_code == 200
    response = client.post(f"{base}/edit", edit)
    assert response.status_code == 302, page(response)
    assert response["Location"] == f"{base}/{expect_next}"
    return page(client.get(response["Location"]))


def confirm(client, base: str) -> str:
    response = client.post(f"{base}/check-answers")
    assert response["Location"] == f"{base}/confirmation", page(response)
    return page(client.get(response["Location"]))


# Name (§4.10.1; §9.5 checks 1 and 2) ------------------------------------------------------------------------


def test_a_small_name_change_goes_straight_to_check_answers(school_client, kirk):
    base = f"/school/ects/{kirk.pk}/change-name"
    text = walk(school_client, base, {"corrected_name": "Kirk Van Hooten"})
    assert "Early career teacher" in text and "New name" in text and "Kirk Van Hooten" in text
    assert "TRN 3333333" in text
    done = confirm(school_client, base)
    assert "You've changed Kirk Van Houten's name to Kirk Van Hooten" in done
    assert "Back to Kirk Van Hooten's details" in done
    details = page(school_client.get(f"/school/ects/{kirk.pk}"))
    assert '<h1 class="govuk-heading-l">Kirk Van Hooten</h1>' in details
    assert Event.objects.filter(event_type="teacher_name_updated_by_user").count() == 1


def test_changing_first_and_last_name_asks_whether_it_is_the_same_person(school_client, kirk):
    base = f"/school/ects/{kirk.pk}/change-name"
    text = walk(school_client, base, {"corrected_name": "Jane Smith"}, expect_next="confirm-name-change")
    assert "Kirk Van Houten" in text and "Jane Smith" in text and "3333333" in text
    assert "Continue to change name" in text
    assert school_client.get(f"{base}/check-answers")["Location"] == f"{base}/confirm-name-change"
    assert school_client.post(f"{base}/confirm-name-change")["Location"] == f"{base}/check-answers"
    confirm(school_client, base)
    kirk.teacher.refresh_from_db()
    assert kirk.teacher.full_name == "Jane Smith"


def test_the_same_name_in_any_case_is_an_error(school_client, kirk):
    response = school_client.post(f"/school/ects/{kirk.pk}/change-name/edit", {"corrected_name": "KIRK van houten"})
    assert response.status_code == 422
    assert "The name must be different from the current name" in page(response)
    assert 'href="#id_corrected_name"' in page(response)


# Email (§4.10.2; §9.5 check 3) ------------------------------------------------------------------------------


def test_email_change(school_client, kirk):
    base = f"/school/ects/{kirk.pk}/change-email-address"
    same = school_client.post(f"{base}/edit", {"email": "KIRK@oakfield.sch.uk"})
    assert same.status_code == 422 and "The email must be different from the current email" in page(same)
    text = walk(school_client, base, {"email": "kirk.vh@oakfield.sch.uk"})
    assert "Current email address" in text and "kirk@oakfield.sch.uk" in text
    assert "New email address" in text and "kirk.vh@oakfield.sch.uk" in text
    assert "kirk.vh@oakfield.sch.uk" in confirm(school_client, base)
    assert "kirk.vh@oakfield.sch.uk" in page(school_client.get(f"/school/ects/{kirk.pk}"))


# Working pattern (§4.10.3; §9.5 check 4) ----------------------------------------------------------------------


def test_working_pattern_toggles_to_the_other_one(school_client, kirk):
    base = f"/school/ects/{kirk.pk}/change-working-pattern"
    edit = page(school_client.get(f"{base}/edit"))
    assert "Change Kirk Van Houten's working pattern to part time" in edit
    assert 'name="working_pattern" value="part_time"' in edit
    unchanged = school_client.post(f"{base}/edit", {"working_pattern": "full_time"})
    assert unchanged.status_code == 422
    assert "The working pattern must be different from the current working pattern" in page(unchanged)
    text = walk(school_client, base, {"working_pattern": "part_time"})
    assert "Current working pattern" in text and "Full time" in text and "Part time" in text
    confirm(school_client, base)
    kirk.refresh_from_db()
    assert kirk.working_pattern == "part_time"
    assert "Part time" in page(school_client.get(f"/school/ects/{kirk.pk}"))


# Training programme (§4.10.4; §9.5 checks 5 and 6) ---------------------------------------------------------------


def test_provider_led_to_school_led(school_client, kirk):
    base = f"/school/ects/{kirk.pk}/change-training-programme"
    text = walk(school_client, base, {"training_programme": "school_led"})
    assert "Current training programme" in text and "Provider-led" in text
    assert "New training programme" in text and "School-led" in text
    assert "You've changed Kirk Van Houten's training programme to school-led" in confirm(school_client, base)
    details = page(school_client.get(f"/school/ects/{kirk.pk}"))
    assert "School-led" in details
    assert "Lead provider</dt>" not in details and "Delivery partner</dt>" not in details


def test_school_led_to_provider_led_asks_for_a_lead_provider(school_client, world):
    ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(ect_at_school_period=ect, training_programme=TrainingProgramme.SCHOOL_LED)
    base = f"/school/ects/{ect.pk}/change-training-programme"
    lead_provider_page = walk(school_client, base, {"training_programme": "provider_led"}, expect_next="lead-provider")
    assert "Alpha Learning" in lead_provider_page and "Beta Institute" in lead_provider_page
    missing = school_client.post(f"{base}/lead-provider", {})
    assert missing.status_code == 422 and "Select which lead provider will be training Jane Smith" in page(missing)
    assert school_client.post(f"{base}/lead-provider", {"lead_provider": world.beta.pk})["Location"] == (
        f"{base}/check-answers"
    )
    text = page(school_client.get(f"{base}/check-answers"))
    assert "Lead provider" in text and "Beta Institute" in text
    assert "provider-led with Beta Institute" in confirm(school_client, base)
    assert "Awaiting confirmation by Beta Institute" in page(school_client.get(f"/school/ects/{ect.pk}"))


def test_programme_change_is_closed_with_the_registration_window(school_client, kirk, frozen_today):
    frozen_today(dt.date(2026, 6, 5))
    response = school_client.get(f"/school/ects/{kirk.pk}/change-training-programme/edit")
    assert response["Location"] == "/school/registration-window-closed"


# Lead provider (§4.10.5; §9.5 check 7) ------------------------------------------------------------------------


def test_lead_provider_change_leaves_out_the_current_one(school_client, world, kirk):
    base = f"/school/ects/{kirk.pk}/change-lead-provider"
    edit = page(school_client.get(f"{base}/edit"))
    assert "Beta Institute" in edit and "Alpha Learning" not in edit
    same = school_client.post(f"{base}/edit", {"lead_provider": world.alpha.pk})
    assert same.status_code == 422 and "Choose a different lead provider" in page(same)
    text = walk(school_client, base, {"lead_provider": world.beta.pk})
    assert "Current lead provider" in text and "Alpha Learning" in text and "Beta Institute" in text
    done = confirm(school_client, base)
    assert "Beta Institute" in done and "Alpha Learning" in done
    assert "Awaiting confirmation by Beta Institute" in page(school_client.get(f"/school/ects/{kirk.pk}"))
    assert Event.objects.filter(event_type="teacher_training_lead_provider_updated").exists()


# Appropriate body (§4.10.6; §9.5 check 8) ------------------------------------------------------------------------


def test_appropriate_body_change_only_without_an_open_induction(school_client, world, kirk):
    other = create_appropriate_body(name="South Hub")
    base = f"/school/ects/{kirk.pk}/change-appropriate-body"
    edit = page(school_client.get(f"{base}/edit"))
    assert "South Hub" in edit and "North Hub" not in edit and "Old County Council" not in edit
    nothing = school_client.post(f"{base}/edit", {})
    assert nothing.status_code == 422
    text = walk(school_client, base, {"appropriate_body": other.pk})
    assert "Current appropriate body" in text and "North Hub" in text and "South Hub" in text
    assert "South Hub" in confirm(school_client, base)
    details = page(school_client.get(f"/school/ects/{kirk.pk}"))
    assert "Awaiting confirmation by South Hub" in details
    create_induction_period(teacher=kirk.teacher, appropriate_body=other, started_on=dt.date(2026, 9, 2))
    assert f"/school/ects/{kirk.pk}/change-appropriate-body/edit" not in page(
        school_client.get(f"/school/ects/{kirk.pk}")
    )
    assert school_client.get(f"{base}/edit")["Location"] == f"/school/ects/{kirk.pk}"


# Mentor (§4.10.7; §9.5 check 9) -----------------------------------------------------------------------------------


def _mentor(world, first: str, last: str, trn: str):
    return create_mentor_at_school_period(
        teacher=create_teacher(trn=trn, first_name=first, last_name=last),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )


def test_with_nobody_else_to_mentor_the_change_goes_to_register_a_mentor(school_client, world, kirk):
    tom = _mentor(world, "Tom", "Brown", "7654321")
    create_mentorship_period(mentee=kirk, mentor=tom, started_on=dt.date(2026, 9, 1))
    response = school_client.get(f"/school/ects/{kirk.pk}/change-mentor/edit")
    assert response["Location"] == f"/school/register-mentor/what-you-will-need?ect_id={kirk.pk}"


def test_changing_to_another_mentor(school_client, world, kirk):
    tom = _mentor(world, "Tom", "Brown", "7654321")
    ann = _mentor(world, "Ann", "Lee", "7654322")
    create_training_period(mentor_at_school_period=ann, started_on=dt.date(2026, 9, 1))  # trained: no offer
    create_mentorship_period(mentee=kirk, mentor=tom, started_on=dt.date(2026, 9, 1))
    base = f"/school/ects/{kirk.pk}/change-mentor"
    edit = page(school_client.get(f"{base}/edit"))
    assert "Ann Lee" in edit and "Tom Brown" not in edit and "Register a new mentor" in edit
    wrong = school_client.post(f"{base}/edit", {"mentor_id": tom.pk})
    assert wrong.status_code == 422 and "Select a mentor from the list provided" in page(wrong)
    text = walk(school_client, base, {"mentor_id": ann.pk})
    assert "Current mentor" in text and "Tom Brown" in text and "New mentor" in text and "Ann Lee" in text
    assert "You've assigned Ann Lee as Kirk Van Houten's mentor" in confirm(school_client, base)
    assert (
        MentorshipPeriod.objects.get(ect_at_school_period=kirk, finished_on__isnull=True).mentor_at_school_period == ann
    )
    assert "Ann Lee" in page(school_client.get(f"/school/ects/{kirk.pk}"))


def test_a_first_time_mentor_of_a_provider_led_ect_can_train_with_another_lead_provider(school_client, world, kirk):
    tom = _mentor(world, "Tom", "Brown", "7654321")
    ann = _mentor(world, "Ann", "Lee", "7654322")
    create_mentorship_period(mentee=kirk, mentor=tom, started_on=dt.date(2026, 9, 1))
    base = f"/school/ects/{kirk.pk}/change-mentor"
    review = walk(school_client, base, {"mentor_id": ann.pk}, expect_next="review-mentor-eligibility")
    assert "Ann Lee can receive mentor training" in review and "20 hours" in review and "Alpha Learning" in review
    response = school_client.post(f"{base}/review-mentor-eligibility", {"use_ects_lead_provider": "no"})
    assert response["Location"] == f"{base}/lead-provider"
    choices = page(school_client.get(f"{base}/lead-provider"))
    assert "Beta Institute" in choices and "Alpha Learning" not in choices
    assert school_client.post(f"{base}/lead-provider", {}).status_code == 422
    school_client.post(f"{base}/lead-provider", {"lead_provider": world.beta.pk})
    assert "Beta Institute" in page(school_client.get(f"{base}/check-answers"))
    confirm(school_client, base)
    training = TrainingPeriod.objects.get(mentor_at_school_period=ann)
    assert training.expression_of_interest.lead_provider == world.beta


def test_register_a_new_mentor_from_the_change_mentor_page(school_client, world, kirk):
    tom = _mentor(world, "Tom", "Brown", "7654321")
    _mentor(world, "Ann", "Lee", "7654322")
    create_mentorship_period(mentee=kirk, mentor=tom, started_on=dt.date(2026, 9, 1))
    response = school_client.post(f"/school/ects/{kirk.pk}/change-mentor/edit", {"mentor_id": "0"})
    assert response["Location"] == f"/school/register-mentor/what-you-will-need?ect_id={kirk.pk}"


# A mentor's name and email (§4.11.1, §4.11.2) -----------------------------------------------------------------------


def test_mentor_name_and_email_changes(school_client, world):
    tom = _mentor(world, "Tom", "Brown", "7654321")
    tom.email = "tom@oakfield.sch.uk"
    tom.save()
    details = page(school_client.get(f"/school/mentors/{tom.pk}"))
    assert f"/school/mentors/{tom.pk}/change-name/edit" in details
    base = f"/school/mentors/{tom.pk}/change-name"
    text = walk(school_client, base, {"corrected_name": "Sam Green"}, expect_next="confirm-name-change")
    assert "change the mentor from the ECT's details page" in text
    school_client.post(f"{base}/confirm-name-change")
    assert "Mentor" in page(school_client.get(f"{base}/check-answers"))
    assert "You've changed Tom Brown's name to Sam Green" in confirm(school_client, base)

    base = f"/school/mentors/{tom.pk}/change-email-address"
    text = walk(school_client, base, {"email": "sam.green@oakfield.sch.uk"})
    assert "tom@oakfield.sch.uk" in text and "sam.green@oakfield.sch.uk" in text
    assert "If they're doing mentor training, we'll let their lead provider know" in confirm(school_client, base)
    assert "sam.green@oakfield.sch.uk" in page(school_client.get(f"/school/mentors/{tom.pk}"))


def test_another_schools_teachers_are_not_found(school_client, world):
    elsewhere = create_ect_at_school_period(school=world.hillside)
    mentor = create_mentor_at_school_period(school=world.hillside)
    assert school_client.get(f"/school/ects/{elsewhere.pk}/change-name/edit").status_code == 404
    assert school_client.get(f"/school/mentors/{mentor.pk}/change-email-address/edit").status_code == 404


def test_the_registration_window_closed_page_and_banner(school_client, frozen_today):
    """§9.2 check 6 (the page and the banner; the redirects have their own tests)."""
    assert school_client.get("/school/registration-window-closed")["Location"] == "/school/home/ects"
    frozen_today(dt.date(2026, 6, 5))
    closed = page(school_client.get("/school/registration-window-closed"))
    assert "You cannot register ECTs or mentors until 15 June" in closed
    assert "Registration not currently open" in page(school_client.get("/school/home/ects"))
