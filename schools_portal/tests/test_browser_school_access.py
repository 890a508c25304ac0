"""journeys.md §9.2 checks 1–3 in Chromium through the fake DfE Sign-in, axe on every page: a closed school is
refused with a page naming it; an independent school without section 41 but still training cannot register; a
school with no induction tutor names one first (navigation hidden) and the tutor is emailed."""

from __future__ import annotations

import re
import uuid

import pytest

from integrations.notify.models import SentEmail
from schools.models import DfESignInOrganisation, TrainingProgramme
from tests.builders import baseline_world, create_ect_at_school_period, create_school, create_training_period

pytestmark = pytest.mark.browser


def with_organisation(school):
    DfESignInOrganisation.objects.create(uuid=uuid.uuid4(), name=school.name, urn=str(school.urn))
    return school


def dfe_sign_in_as(page, label_start: str) -> None:
    page.visit("/")
    page.click_button("Continue to DfE Sign-in")
    page.page.get_by_label(re.compile("^" + re.escape(label_start))).check()
    page.click_button("Sign in")


def test_blocked_schools_and_a_school_without_a_tutor(browser_page):
    world = baseline_world()
    page = browser_page

    # 1. Closed in GIAS (the fake DfE Sign-in lists open schools only, so it closes once the user is in).
    closed = with_organisation(create_school(name="Old Mill Primary"))
    dfe_sign_in_as(page, f"Induction Tutor (induction.tutor.{closed.urn}@")
    closed.gias_school.status = "closed"
    closed.gias_school.save()
    page.visit("/school/home/ects")
    assert page.path == "/school/access-denied"
    assert "Old Mill Primary" in page.heading()
    page.click_link("Sign out")

    # 2. Independent, not section 41, still training: no register button, and the journey is refused.
    grange = with_organisation(
        create_school(name="Grange Prep", type_name="Other independent school", section_41_approved=False)
    )
    grange.induction_tutor_name, grange.induction_tutor_email = "Gil Grange", "gil@grange.example.com"
    grange.induction_tutor_last_nominated_in_id = 2026
    grange.save()
    ect = create_ect_at_school_period(school=grange)
    create_training_period(ect_at_school_period=ect, training_programme=TrainingProgramme.SCHOOL_LED)
    dfe_sign_in_as(page, "Gil Grange")
    assert page.path == "/school/home/ects"
    assert "Register an ECT starting at your school" not in page.text()
    page.visit("/school/register-ect/find-ect")
    assert page.path == "/school/home/ects"
    page.click_link("Sign out")

    # 3. No induction tutor: named first, without navigation; one email to the new tutor.
    oakfield = with_organisation(world.oakfield)
    dfe_sign_in_as(page, f"Induction Tutor (induction.tutor.{oakfield.urn}@")
    assert page.path == "/school/induction-tutor/new-induction-tutor/edit"
    assert page.page.locator(".govuk-service-navigation__link", has_text="ECTs").count() == 0
    page.fill("Full name", "Nina New")
    page.fill("Email", "nina@oakfield.sch.uk")
    page.click_button("Continue")
    page.click_button("Confirm induction tutor")
    assert "Nina New" in page.heading()
    assert SentEmail.objects.get().to == "nina@oakfield.sch.uk"
