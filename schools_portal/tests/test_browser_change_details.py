"""journeys.md §9.5 in Chromium, axe on every page: changing an ECT's name, email, working pattern, training
programme, lead provider, appropriate body and mentor, and a mentor's name and lead provider, including the error
paths (same name, same email, the current lead provider not offered)."""

from __future__ import annotations

import datetime as dt

import pytest

from schools.models import TrainingProgramme
from teachers.models import MentorshipPeriod
from tests.builders import (
    baseline_world,
    create_appropriate_body,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.browser


def signed_in_school(browser_page):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026  # confirmed this contract year (§4.3 gate)
    school.save()
    return world


def rows(page) -> dict[str, str]:
    """A summary list's keys and values, without the "Change" actions."""
    keys = page.page.locator(".govuk-summary-list__key").all_inner_texts()
    values = page.page.locator(".govuk-summary-list__value").all_inner_texts()
    return {key.strip(): value.strip() for key, value in zip(keys, values, strict=True)}


def sign_in(page) -> None:
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    assert page.path == "/school/home/ects"


def test_changing_an_ects_personal_details(browser_page):
    """§9.5 checks 1–4."""
    world = signed_in_school(browser_page)
    kirk = create_ect_at_school_period(
        teacher=create_teacher(trn="3333333", first_name="Kirk", last_name="Van Houten"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
        email="kirk@oakfield.sch.uk",
    )
    create_training_period(ect_at_school_period=kirk, training_programme=TrainingProgramme.SCHOOL_LED)
    page = browser_page
    sign_in(page)
    page.click_link("Kirk Van Houten")
    assert page.path == f"/school/ects/{kirk.pk}"

    # 1–2. Name: the same name in another case is refused; a small change goes straight to check answers.
    page.click_link("Change name")
    page.fill("What's the correct full name for Kirk Van Houten?", "kirk van houten")
    page.click_button("Continue")
    assert "The name must be different from the current name" in page.text()
    page.fill("What's the correct full name for Kirk Van Houten?", "Kirk Van Hooten")
    page.click_button("Continue")
    assert page.path == f"/school/ects/{kirk.pk}/change-name/check-answers"
    page.click_button("Confirm change")
    assert "Kirk Van Hooten" in page.heading()
    page.click_link("Back to Kirk Van Hooten's details")
    assert page.heading() == "Kirk Van Hooten"

    # 1. Changing first and last name asks whether it is the same person first.
    page.click_link("Change name")
    page.fill("What's the correct full name for Kirk Van Hooten?", "Jane Smith")
    page.click_button("Continue")
    assert page.path == f"/school/ects/{kirk.pk}/change-name/confirm-name-change"
    page.click_link("Cancel and return to Kirk Van Hooten's details")
    assert page.heading() == "Kirk Van Hooten"

    # 3. Email: the current address is refused; a new one shows both on check answers.
    page.click_link("Change email address")
    page.fill("What's the correct email address for Kirk Van Hooten?", "KIRK@oakfield.sch.uk")
    page.click_button("Continue")
    assert "The email must be different from the current email" in page.text()
    page.fill("What's the correct email address for Kirk Van Hooten?", "kirk.vh@oakfield.sch.uk")
    page.click_button("Continue")
    text = page.text()
    assert "Current email address" in text and "New email address" in text
    page.click_button("Confirm change")
    page.click_link("Back to Kirk Van Hooten's details")
    assert "kirk.vh@oakfield.sch.uk" in page.text()

    # 4. Working pattern: a toggle to part time.
    page.click_link("Change working pattern")
    assert "part time" in page.heading()
    page.click_button("Change working pattern")
    assert page.path.endswith("/change-working-pattern/check-answers")
    page.click_button("Confirm change")
    page.click_link("Back to Kirk Van Hooten's details")
    assert "Part time" in page.text()


def test_changing_an_ects_training_appropriate_body_and_mentor(browser_page):
    """§9.5 checks 5–9."""
    world = signed_in_school(browser_page)
    jane = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1), appropriate_body=world.north_hub
    )
    create_training_period(
        ect_at_school_period=jane,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    create_appropriate_body(name="South Hub")
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"), school=world.oakfield
    )
    ann = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654322", first_name="Ann", last_name="Lee"), school=world.oakfield
    )
    create_training_period(mentor_at_school_period=ann, started_on=dt.date(2026, 9, 1))  # trained before
    create_mentorship_period(mentee=jane, mentor=tom, started_on=dt.date(2026, 9, 1))
    page = browser_page
    sign_in(page)
    page.visit(f"/school/ects/{jane.pk}")

    # 7. Lead provider: the current one is not offered; the new one awaits confirmation.
    page.click_link("Change lead provider")
    assert "Alpha Learning" not in page.page.inner_text("form")
    page.click_button("Continue")
    assert "Select which lead provider will be training Jane Smith" in page.text()
    page.choose("Beta Institute")
    page.click_button("Continue")
    page.click_button("Confirm change")
    page.click_link("Back to Jane Smith's details")
    assert "Awaiting confirmation by Beta Institute" in page.text()

    # 5. Provider-led → school-led: no lead provider or delivery partner rows afterwards.
    page.click_link("Change training programme")
    page.click_button("Change training programme")
    assert rows(page) == {
        "Early career teacher": "Jane Smith",
        "Current training programme": "Provider-led",
        "New training programme": "School-led",
    }
    page.click_button("Confirm change")
    page.click_link("Back to Jane Smith's details")
    training = page.page.inner_text("#training-details ~ dl")
    assert "School-led" in training and "Lead provider" not in training and "Delivery partner" not in training

    # 6. School-led → provider-led asks for the lead provider.
    page.click_link("Change training programme")
    page.click_button("Change training programme")
    assert page.path.endswith("/change-training-programme/lead-provider")
    page.choose("Beta Institute")  # no partnership with Oakfield: an expression of interest
    page.click_button("Continue")
    assert rows(page)["Lead provider"] == "Beta Institute"
    page.click_button("Confirm change")
    page.click_link("Back to Jane Smith's details")
    assert "Awaiting confirmation by Beta Institute" in page.text()

    # 8. Appropriate body: the current one is not offered; the new one awaits confirmation.
    page.click_link("Change appropriate body")
    page.click_button("Continue")
    assert "There is a problem" in page.text()
    page.page.select_option("#id_appropriate_body", label="South Hub")
    page.click_button("Continue")
    page.click_button("Confirm change")
    page.click_link("Back to Jane Smith's details")
    assert "Awaiting confirmation by South Hub" in page.text()

    # 9. Mentor: choose another mentor.
    page.click_link("Change mentor")
    page.choose("Ann Lee")
    page.click_button("Continue")
    assert {key: rows(page)[key] for key in ("Current mentor", "New mentor")} == {
        "Current mentor": "Tom Brown",
        "New mentor": "Ann Lee",
    }
    page.click_button("Confirm change")
    page.click_link("Back to Jane Smith's details")
    assert MentorshipPeriod.objects.filter(ect_at_school_period=jane, mentor_at_school_period=ann).exists()
    assert "Ann Lee" in page.text()


def test_changing_a_mentors_name_and_lead_provider(browser_page):
    """§9.5 check 10 and §4.11.1."""
    world = signed_in_school(browser_page)
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"), school=world.oakfield
    )
    create_training_period(
        mentor_at_school_period=tom,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    page = browser_page
    sign_in(page)
    page.click_link("Mentors")
    page.click_link("Tom Brown")
    page.click_link("Change name")
    page.fill("What's the correct full name for Tom Brown?", "Tom Browne")
    page.click_button("Continue")
    page.click_button("Confirm change")
    page.click_link("Back to Tom Browne's details")
    assert page.heading() == "Tom Browne"

    page.click_link("Change lead provider")
    page.choose("Beta Institute")
    page.click_button("Continue")
    page.click_button("Confirm change")
    assert "Beta Institute" in page.heading()
