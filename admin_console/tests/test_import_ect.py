"""journeys.md §6.4: importing an ECT the service does not hold from TRS, as the acting DfE user."""

from __future__ import annotations

import datetime as dt

import pytest

from admin_console.tests.console import signed_in
from admin_console.views import import_ect
from events.models import Event
from integrations.trs.fake import FakeTRS
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
DOB = dt.date(1995, 4, 12)


@pytest.fixture
def trs(monkeypatch):
    fake = FakeTRS()
    fake.add_teacher(trn="2345678", date_of_birth=DOB, first_name="Kim", last_name="Lee")
    fake.add_teacher(trn="3456789", date_of_birth=DOB, first_name="Pat", last_name="Passed", induction_status="Passed")
    monkeypatch.setattr(import_ect, "trs_client", lambda: fake)
    return fake


def find(client, trn: str, dob: dt.date = DOB):
    return client.post(
        "/admin/import-ect/find-ect/new",
        {"trn": trn, "date_of_birth_day": dob.day, "date_of_birth_month": dob.month, "date_of_birth_year": dob.year},
    )


def test_find_check_and_import_a_new_ect(client, world, trs):
    admin = signed_in(client)
    response = find(client, "2345678")
    assert response.headers["Location"] == "/admin/import-ect/check-ect/2345678/edit"
    check = client.get(response.headers["Location"]).content.decode()
    assert "Kim Lee" in check and "Import ECT" in check
    response = client.post("/admin/import-ect/register-ect/2345678")
    assert "Kim Lee has been imported" in response.content.decode()
    teacher = Teacher.objects.get(trn="2345678")
    event = Event.objects.get(teacher=teacher, event_type="teacher_imported_from_trs")
    assert event.author_id == admin.pk


def test_find_errors_and_unknown_teachers(client, world, trs):
    signed_in(client)
    assert "govuk-error-summary" in client.post("/admin/import-ect/find-ect/new", {}).content.decode()
    text = find(client, "9999999").content.decode()
    assert "No teacher with this TRN and date of birth was found" in text
    assert (
        "No teacher with this TRN and date of birth was found"
        in find(client, "2345678", dt.date(1990, 1, 1)).content.decode()
    )


def test_a_teacher_already_held_goes_to_their_record(client, world, trs):
    signed_in(client)
    response = find(client, "1234567")
    assert response.headers["Location"] == f"/admin/teachers/{world.jane.pk}"
    assert "Teacher Jane Smith already exists" in client.get(response.headers["Location"]).content.decode()


def test_an_ineligible_teacher_is_explained_and_not_imported(client, world, trs):
    signed_in(client)
    check = client.get(find(client, "3456789").headers["Location"]).content.decode()
    assert "Pat Passed has already passed their induction" in check and "Import ECT" not in check
    response = client.post("/admin/import-ect/register-ect/3456789")
    assert response.headers["Location"] == "/admin/import-ect/check-ect/3456789/edit?failed=1"
    assert not Teacher.objects.filter(trn="3456789").exists()


def test_checking_without_a_search_goes_back_to_find(client, world, trs):
    signed_in(client)
    assert (
        client.get("/admin/import-ect/check-ect/2345678/edit").headers["Location"] == "/admin/import-ect/find-ect/new"
    )
