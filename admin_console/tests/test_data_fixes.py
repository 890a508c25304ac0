"""Data fixes (journeys.md §6.10; §2.8: product team only; feature-flagged): a pasted CSV with the stated header row,
then its parsed preview. There is no step that applies a fix, so nothing may change."""

from __future__ import annotations

import re

import pytest

from accounts.models import DfERole
from admin_console.selectors import data_fixes
from admin_console.tests.console import signed_in
from events.models import Event
from teachers.models import Teacher
from tests.builders import create_teacher

pytestmark = pytest.mark.django_db

CSV_URL, PREVIEW_URL = "/admin/data-fixes/csv", "/admin/data-fixes/preview"


@pytest.fixture
def flag_on(settings):
    settings.ENABLE_DATA_FIXES = True


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.mark.parametrize("role", [DfERole.ADMIN, DfERole.USER_MANAGER, DfERole.FINANCE])
def test_only_the_product_team_may_use_data_fixes(client, flag_on, role):
    signed_in(client, role)
    assert client.get(CSV_URL).status_code == 401
    assert client.post(PREVIEW_URL, {"csv": "trn,first_name,last_name\n1234567,A,B"}).status_code == 401


def test_the_product_team_reaches_both_steps(client, flag_on):
    signed_in(client, DfERole.PRODUCT_TEAM)
    page = text(client.get(CSV_URL))
    assert "Correct teachers’ names from a CSV" in page
    assert "The first row must be the header row: trn,first_name,last_name" in page
    assert client.get(PREVIEW_URL).status_code == 200  # a preview with nothing pasted is step 1 again


def test_with_the_flag_off_the_pages_do_not_exist(client, settings):
    settings.ENABLE_DATA_FIXES = False
    signed_in(client, DfERole.PRODUCT_TEAM)
    assert client.get(CSV_URL).status_code == 404
    assert client.get(PREVIEW_URL).status_code == 404
    assert client.post(PREVIEW_URL, {"csv": "trn,first_name,last_name\n1234567,A,B"}).status_code == 404


def test_a_wrong_header_row_is_shown_in_the_error_summary_with_the_paste_kept(client, flag_on):
    signed_in(client, DfERole.PRODUCT_TEAM)
    response = client.post(PREVIEW_URL, {"csv": "TRN,Name\n1234567,Jane Smith"})
    assert response.status_code == 422
    page = text(response)
    assert "<title>Error: Correct teachers’ names from a CSV" in response.content.decode()
    assert "There is a problem The first row must be the header row: trn,first_name,last_name" in page
    assert 'href="#id_csv"' in response.content.decode()
    assert "TRN,Name\n1234567,Jane Smith</textarea>" in response.content.decode()

    blank = client.post(PREVIEW_URL, {"csv": "   \n"})
    assert blank.status_code == 422 and "Paste the CSV, starting with its header row" in text(blank)
    header_only = client.post(PREVIEW_URL, {"csv": "trn, first_name ,LAST_NAME\n"})
    assert "The CSV has a header row but no rows below it" in text(header_only)


def test_the_preview_matches_each_row_to_its_teacher_and_changes_nothing(client, world, flag_on):
    signed_in(client, DfERole.PRODUCT_TEAM)
    tom = create_teacher(trn="7654321", first_name="Tom", last_name="Brown")
    events = Event.objects.count()
    paste = (
        "trn,first_name,last_name\r\n"
        "1234567,Janet,Smith\r\n"
        "7654321,Thomas,\r\n"
        "\r\n"
        "12345,Ann,Other\r\n"
        "1111111,Nobody,Here\r\n"
        '1234567,"Jane, Mary",Smith-Jones,extra\r\n'
    )
    response = client.post(PREVIEW_URL, {"csv": paste})
    assert response.status_code == 200
    page = text(response)
    assert "5 rows: 1 ready, 4 with problems." in page
    assert "Nothing has been changed. There is no step to apply these fixes yet." in page
    assert "2 1234567 Jane Smith Janet Smith Ready" in page
    assert "3 7654321 Tom Brown Thomas 1 problem Last name is blank" in page
    assert "5 12345 Not found Ann Other 1 problem TRN must be 7 digits" in page
    assert "6 1111111 Not found Nobody Here 1 problem No teacher has this TRN" in page
    assert "7 1234567 Jane Smith Jane, Mary Smith-Jones 2 problems Has 4 cells, not 3 Same TRN as row 2" in page
    assert f'href="/admin/teachers/{tom.pk}"' in response.content.decode()

    world.jane.refresh_from_db()
    tom.refresh_from_db()
    assert (world.jane.full_name, tom.full_name) == ("Jane Smith", "Tom Brown")
    assert Event.objects.count() == events and Teacher.objects.count() == 2

    back = client.post(CSV_URL, {"csv": paste})  # "Change the CSV" brings the paste back
    assert back.status_code == 200 and "1111111,Nobody,Here" in back.content.decode()


def test_a_paste_of_more_than_a_thousand_rows_is_refused_whole():
    rows = "\n".join(f"{5000000 + n},A,B" for n in range(data_fixes.MAX_ROWS + 1))
    with pytest.raises(data_fixes.CSVProblem, match="more than 1,000 rows"):
        data_fixes.parse("trn,first_name,last_name\n" + rows)
    assert len(data_fixes.parse("trn,first_name,last_name\n" + rows.rsplit("\n", 1)[0])) == 1000


def test_an_unreadable_paste_is_refused_with_the_reason():
    with pytest.raises(data_fixes.CSVProblem, match="The CSV could not be read"):
        data_fixes.parse('trn,first_name,last_name\n1234567,"Jane,Smith')


@pytest.mark.parametrize(("role", "shown"), [(DfERole.PRODUCT_TEAM, True), (DfERole.FINANCE, False)])
def test_the_console_navigation_leads_the_product_team_to_data_fixes(client, flag_on, role, shown):
    signed_in(client, role)
    assert (f'href="{CSV_URL}"' in client.get("/admin/teachers").content.decode()) is shown


def test_no_navigation_link_while_the_flag_is_off(client, settings):
    settings.ENABLE_DATA_FIXES = False
    signed_in(client, DfERole.PRODUCT_TEAM)
    assert CSV_URL not in client.get("/admin/teachers").content.decode()
