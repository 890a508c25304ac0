"""journeys.md §9.8 in Chromium, axe on every page: an appropriate body user uploads a claims CSV, is shown a file
error, then a good file's progress, every row's errors, claims the valid rows and downloads the errors.

The page queues its jobs after commit, as in production; the test then runs them as a worker would (calling the
task with the job's arguments), so the pages are seen before and after each job."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from appropriate_bodies import tasks
from integrations.trs.fake import FakeTRS
from teachers.models import InductionPeriod
from tests.builders import baseline_world

pytestmark = pytest.mark.browser
D = dt.date
HEADER = "TRN,Date of birth,Induction programme,Induction period start date"


def run_queued_jobs() -> int:
    """Run the queued bulk upload jobs in this process (other apps' jobs, such as TRS writes, are left queued)."""
    jobs = list(
        ProcrastinateJob.objects.filter(status="todo", task_name__startswith="appropriate_bodies.").order_by("id")
    )
    for job in jobs:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [job.id])
        getattr(tasks, job.task_name.split(".")[-1])(**job.args)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job.id])
    return len(jobs)


def choose_file(page, name: str, text: str) -> None:
    page.page.set_input_files("#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])


def test_a_claims_csv_from_upload_through_errors_to_claimed_and_the_error_download(
    browser_page, frozen_today, monkeypatch
):
    world = baseline_world()
    fake = FakeTRS()
    fake.add_teacher(trn="1234567", date_of_birth=D(1998, 1, 2), first_name="Jane", last_name="Smith")
    fake.add_teacher(trn="2345678", date_of_birth=D(1990, 1, 1), first_name="Sam", last_name="Patel")
    monkeypatch.setattr(tasks, "get_trs_client", lambda: fake)
    page = browser_page
    page.visit("/personas")
    page.click_button("Sign-in as North Hub user")

    page.visit("/appropriate-body/bulk/claims/new")
    assert page.heading() == "Upload a CSV to claim multiple new ECTs"
    choose_file(page, "ects.csv", "TRN,DOB,Programme,Start\n1234567,1998-01-02,provider-led,2026-09-01\n")
    page.click_button("Continue")
    assert "There is a problem" in page.text() and "The selected file must follow the template" in page.text()

    choose_file(
        page,
        "ects.csv",
        f"{HEADER}\n1234567,1998-01-02,provider-led,2026-09-01\n2345678,1990-01-01,school-led,2026-09-02\n"
        "3456789,1990-01-01,provider-led,2026/09/01\n",
    )
    page.click_button("Continue")
    batch_path = page.path
    assert batch_path.startswith("/appropriate-body/bulk/claims/")
    assert "0 of 3 rows checked (0%)" in page.text()
    page.click_link("Stop updating this page")  # the page would reload itself every few seconds otherwise

    assert run_queued_jobs() == 1
    page.click_link("Refresh this page")
    assert page.heading() == "CSV file summary"
    assert "has 2 ECT records you can claim" in page.text()
    errors = page.page.locator("#row-errors tbody tr")
    assert errors.count() == 1 and "Dates must be in the format YYYY-MM-DD" in errors.inner_text()

    page.click_button("Claim ECTs")
    assert page.path == batch_path and "being submitted" in page.text()
    page.click_link("Stop updating this page")
    assert run_queued_jobs() == 1
    page.click_link("Refresh this page")
    assert page.heading() == "ECTs claimed"
    assert "You claimed 2 ECTs" in page.text() and "1 ECT with errors" in page.text()
    assert InductionPeriod.objects.filter(appropriate_body_period=world.north_hub).count() == 2

    with page.page.expect_download() as download:
        page.page.get_by_role("link", name="Download CSV with error messages included").click()
    assert download.value.suggested_filename == "Errors for ects.csv"
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.splitlines()[0] == (
        '"TRN","Date of birth","Induction programme","Induction period start date","Error message"'
    )
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["3456789", "1990-01-01", "provider-led", "2026/09/01", "Dates must be in the format YYYY-MM-DD"]
    ]

    page.click_link("Go back to your overview")
    assert page.path == "/appropriate-body/bulk/claims"
    assert "Submitted" in page.page.locator("table").inner_text()
