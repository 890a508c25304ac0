"""School access blocked (journeys.md §4.1 rules 2–3, §9.2 checks 1–2; BR-S-13)."""

from __future__ import annotations

from html import unescape

import pytest

from schools.models import TrainingProgramme
from sign_in.testing import create_staff_user, sign_in_dfe_staff, sign_in_school_user
from tests.builders import create_ect_at_school_period, create_school, create_training_period

pytestmark = pytest.mark.django_db


def test_a_closed_school_is_sent_to_access_denied_which_names_it(client, world):
    closed = create_school(name="Old Mill Primary", status="closed")
    sign_in_school_user(client, closed)
    assert client.get("/school/home/ects")["Location"] == "/school/access-denied"
    assert client.get("/school/home/mentors")["Location"] == "/school/access-denied"
    page = unescape(client.get("/school/access-denied").content.decode())
    assert "You cannot access this service for Old Mill Primary" in page
    assert "If your school is new" in page and "early career teacher entitlement funding" in page


def test_an_independent_school_without_section_41_or_training_is_blocked(client, world):
    school = create_school(name="Grange Prep", type_name="Other independent school", section_41_approved=False)
    sign_in_school_user(client, school)
    assert client.get("/school/home/ects")["Location"] == "/school/access-denied"


def test_with_unfinished_training_it_keeps_access_but_cannot_register(client, world):
    """§9.2 check 2."""
    school = create_school(name="Grange Prep", type_name="Other independent school", section_41_approved=False)
    school.induction_tutor_name, school.induction_tutor_email = "Gil Grange", "gil@grange.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    ect = create_ect_at_school_period(school=school)
    create_training_period(ect_at_school_period=ect, training_programme=TrainingProgramme.SCHOOL_LED)
    sign_in_school_user(client, school)
    page = unescape(client.get("/school/home/ects").content.decode())
    assert "Register an ECT starting at your school" not in page
    assert client.get("/school/register-ect/find-ect")["Location"] == "/school/home/ects"
    assert client.get("/school/access-denied")["Location"] == "/school/home/ects"


def test_impersonating_staff_are_not_blocked(client, world):
    closed = create_school(name="Old Mill Primary", status="closed")
    sign_in_dfe_staff(client, create_staff_user(), impersonating=closed)
    assert client.get("/school/home/ects").status_code == 200
