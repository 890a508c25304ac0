"""journeys.md §9.3 checks 5–8 in Chromium, axe on every page: the find-ect errors (TRN length, age limits), the
National Insurance number fallback (found and not found), and the pages for teachers who cannot be registered
(unknown TRN with "Try again", induction completed, prohibited from teaching)."""

from __future__ import annotations

import datetime as dt

import pytest

from integrations.trs.fake import DEFAULT_DATE_OF_BIRTH, FakeTRS
from schools_portal.journeys import register_ect as journey
from tests.builders import baseline_world

pytestmark = pytest.mark.browser
FIND = "/school/register-ect/find-ect"


def find(page, trn: str, born: dt.date) -> None:
    page.visit(FIND)
    page.fill("Teacher reference number (TRN)", trn)
    page.fill_date(born)
    page.click_button("Continue")


def test_finding_an_ect_who_cannot_be_found_or_registered(browser_page, monkeypatch):
    world = baseline_world()
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Oak", "ida.oak@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026
    school.save()
    trs = FakeTRS()
    trs.add_teacher(
        trn="2000002",
        first_name="Nia",
        last_name="Owen",
        date_of_birth=dt.date(1990, 1, 1),
        national_insurance_number="AB123456C",
    )
    trs.add_teacher(trn="2000003", first_name="Ola", last_name="Ade", induction_status="Passed")
    trs.add_teacher(trn="2000004", first_name="Pat", last_name="Barr", prohibited_from_teaching=True)
    trs.not_found.add("7000009")
    monkeypatch.setattr(journey, "trs_client", lambda: trs)
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as Ida Oak")
    adult = dt.date(1995, 5, 4)

    # 5. TRN length.
    find(page, "12", adult)
    assert "Teacher reference number must include at least 5 digits" in page.text()
    find(page, "12345678", adult)
    assert "Teacher reference number cannot include more than 7 digits" in page.text()

    # 6. Age limits (today is 15 September 2026).
    find(page, "2000002", dt.date(2009, 9, 15))
    assert "The teacher cannot be less than 18 years old" in page.text()
    find(page, "2000002", dt.date(1925, 9, 14))
    assert "The teacher cannot be more than 100 years old" in page.text()

    # 7. A wrong date of birth asks for the NI number: a match finds the teacher, another number does not.
    find(page, "2000002", dt.date(1990, 2, 2))
    assert page.path == "/school/register-ect/national-insurance-number"
    page.fill("National Insurance Number", "AB123456C")
    page.click_button("Continue")
    assert page.path == "/school/register-ect/review-ect-details"
    assert "National insurance number" in page.text() and "Nia Owen" in page.text()
    find(page, "2000002", dt.date(1990, 2, 2))
    page.fill("National Insurance Number", "AB123456D")
    page.click_button("Continue")
    assert page.path == "/school/register-ect/not-found"

    # 8. Unknown TRN, completed induction, prohibition.
    find(page, "7000009", adult)
    assert page.path == "/school/register-ect/trn-not-found"
    page.click_button("Try again")
    assert page.path == FIND
    find(page, "2000003", DEFAULT_DATE_OF_BIRTH)
    assert page.path == "/school/register-ect/induction-completed"
    assert "Ola Ade cannot be registered" in page.text()
    find(page, "2000004", DEFAULT_DATE_OF_BIRTH)
    assert page.path == "/school/register-ect/cannot-register-ect"
