"""Bulk CSV pages (journeys.md §5.10, §9.8) through the Django test client. The jobs run synchronously: the
test calls the task the page queued, as a worker would."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from appropriate_bodies import tasks
from appropriate_bodies.models import BatchStatus, PendingInductionSubmissionBatch
from integrations.trs.fake import FakeTRS
from sign_in.testing import sign_in_appropriate_body_user
from teachers.models import InductionPeriod
from tests.builders import create_induction_period, create_teacher

D = dt.date
CLAIM_HEADER = "TRN,Date of birth,Induction programme,Induction period start date"
ACTION_HEADER = "TRN,Date of birth,Induction period end date,Number of terms,Outcome"


@pytest.fixture
def fake(monkeypatch):
    fake = FakeTRS()
    fake.add_teacher(trn="1234567", date_of_birth=D(1998, 1, 2), first_name="Jane", last_name="Smith")
    fake.add_teacher(trn="2345678", date_of_birth=D(1990, 1, 1), first_name="Sam", last_name="Patel")
    fake.add_teacher(trn="3456789", date_of_birth=D(1991, 2, 3), first_name="Ria", last_name="Khan")
    monkeypatch.setattr(tasks, "get_trs_client", lambda: fake)
    return fake


def csv_file(text: str, name: str = "ects.csv", content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type=content_type)


@pytest.fixture(autouse=True)
def committing(monkeypatch, django_capture_on_commit_callbacks):
    """Each page request as if its transaction committed: the jobs it queues after commit are queued."""
    from django.test import Client

    real_post = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return real_post(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


def upload(client, kind: str, text: str, **kw):
    return client.post(f"/appropriate-body/bulk/{kind}/new", {"file": csv_file(text, **kw)})


def run_queued_jobs() -> None:
    """What a worker would do with the jobs the pages queued (after their transactions committed)."""
    jobs = ProcrastinateJob.objects.filter(status="todo", task_name__startswith="appropriate_bodies.")
    for job in jobs.order_by("id"):  # other apps' jobs (TRS writes) stay queued
        with connection.cursor() as cursor:  # taken by this "worker", as procrastinate's fetch does
            cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [job.id])
        getattr(tasks, job.task_name.split(".")[-1])(**job.args)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job.id])


@pytest.fixture
def in_induction(world):
    """Sam and Ria in induction with North Hub."""
    for trn, first, last in (("2345678", "Sam", "Patel"), ("3456789", "Ria", "Khan")):
        teacher = create_teacher(trn=trn, first_name=first, last_name=last, qts_awarded_on=D(2024, 7, 1))
        create_induction_period(teacher=teacher, appropriate_body=world.north_hub, started_on=D(2024, 9, 2))


@pytest.mark.parametrize(
    ("kind", "text", "kw", "message"),
    [
        (
            "claims",
            "TRN,DOB,Programme,Start\n1234567,1998-01-02,provider-led,2026-09-01\n",
            {},
            "must follow the template",
        ),
        (
            "claims",
            f"{CLAIM_HEADER}\n1234567,1998-01-02,provider-led,2026-09-01\n",
            {"name": "ects.txt"},
            "must be a CSV",
        ),
        ("claims", f"{CLAIM_HEADER}\n", {}, "The selected file is empty"),
        (
            "claims",
            f"{CLAIM_HEADER}\n1234567,1998-01-02,provider-led,2026-09-01\n1234567,1998-01-02,school-led,2026-09-01\n",
            {},
            "The selected file has duplicate ECTs",
        ),
        ("actions", f"{ACTION_HEADER}\n" + "#" + "x" * (2 * 1024 * 1024) + "\n", {}, "File size must be less than 2MB"),
    ],
)
def test_file_errors_are_shown_on_the_upload_page(ab_client, kind, text, kw, message):
    """§9.8 #1: wrong headers, a .txt file, empty, a duplicate TRN, too large — each re-shows the page."""
    response = upload(ab_client, kind, text, **kw)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'href="#id_file"' in page and "govuk-file-upload--error" in page
    assert not PendingInductionSubmissionBatch.objects.exists()


def test_no_file_chosen(ab_client):
    response = ab_client.post("/appropriate-body/bulk/claims/new", {})
    assert "Select a file" in response.content.decode()


def test_upload_page_and_templates(ab_client):
    page = ab_client.get("/appropriate-body/bulk/actions/new").content.decode()
    assert "Upload a CSV to record outcomes for multiple ECTs" in page
    assert "Record fails on the ECT’s own page" in page
    assert "3456712" in page and 'href="/bulk-actions-template.csv"' in page
    template = ab_client.get("/bulk-claims-template.csv")
    assert template.content.decode() == '"TRN","Date of birth","Induction programme","Induction period start date"\n'
    assert ab_client.get("/bulk-actions-template.csv").content.decode() == (
        '"TRN","Date of birth","Induction period end date","Number of terms","Outcome"\n'
    )


def test_a_claim_file_from_upload_to_claimed(ab_client, world, fake):
    """§9.8 #2: 2 valid rows and 1 invalid: progress, summary of 2, "Claim ECTs", 2 claimed and 1 errored, the
    error download with the exact header."""
    text = (
        f"{CLAIM_HEADER}\n1234567,1998-01-02,provider-led,2026-09-01\n"
        "2345678,1990-01-01,School-led,2026-09-02\n3456789,10/11/2000,provider-led,2026-09-01\n"
    )
    response = upload(ab_client, "claims", text)
    batch = PendingInductionSubmissionBatch.objects.get()
    assert response["Location"] == f"/appropriate-body/bulk/claims/{batch.pk}"

    checking = ab_client.get(response["Location"])
    assert checking["Refresh"] == "5"  # reloads itself while the job runs, no JavaScript needed
    page = checking.content.decode()
    assert "0 of 3</strong> rows checked (0%)" in page and "Refresh this page" in page
    still = ab_client.get(f"{response['Location']}?refresh=off")  # the user can stop it (WCAG 2.2.1)
    assert "Refresh" not in still and "Stop updating this page" not in still.content.decode()

    run_queued_jobs()
    summary = ab_client.get(response["Location"])
    assert "Refresh" not in summary
    page = summary.content.decode()
    assert "CSV file summary" in page and "<strong>2</strong> ECT records you can claim" in page
    assert "Claim ECTs" in page
    assert "Dates must be in the format YYYY-MM-DD" in page  # the row's error, on the page
    assert ab_client.get("/appropriate-body/bulk/claims").content.decode().count("Not yet submitted") == 1

    confirmed = ab_client.post(response["Location"])
    assert confirmed["Location"] == response["Location"]
    assert PendingInductionSubmissionBatch.objects.get().batch_status == BatchStatus.COMPLETING
    submitting = ab_client.get(response["Location"])
    assert "being submitted" in submitting.content.decode() and submitting["Refresh"] == "5"
    run_queued_jobs()
    page = ab_client.get(response["Location"]).content.decode()
    assert "ECTs claimed" in page and "You claimed <strong>2</strong> ECTs" in page
    assert "1 ECT with errors" in page and "Download CSV with error messages included" in page
    assert InductionPeriod.objects.filter(appropriate_body_period=world.north_hub).count() == 2

    download = ab_client.get(f"{response['Location']}.csv")
    assert download["Content-Disposition"] == 'attachment; filename="Errors for ects.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert download.content.decode().splitlines()[0] == (
        '"TRN","Date of birth","Induction programme","Induction period start date","Error message"'
    )
    assert rows[1:] == [
        ["3456789", "10/11/2000", "provider-led", "2026-09-01", "Dates must be in the format YYYY-MM-DD"]
    ]

    history = ab_client.get("/appropriate-body/bulk/claims").content.decode()
    for label in ("Upload history", "Reference", "File name", "Status", "Submitted", "View"):
        assert label in history


def test_an_all_invalid_file_offers_only_the_errors(ab_client, fake):
    """§9.8 #3: no "Claim ECTs"; the history shows "Not yet submitted"; confirming anyway changes nothing."""
    upload(ab_client, "claims", f"{CLAIM_HEADER}\n123456,1998-01-02,provider-led,2026-09-01\n")
    run_queued_jobs()
    batch = PendingInductionSubmissionBatch.objects.get()
    page = ab_client.get(f"/appropriate-body/bulk/claims/{batch.pk}").content.decode()
    assert "<strong>1</strong> ECT with errors" in page and "Enter a valid TRN using 7 digits" in page
    assert "Claim ECTs" not in page
    assert "Not yet submitted" in ab_client.get("/appropriate-body/bulk/claims").content.decode()
    ab_client.post(f"/appropriate-body/bulk/claims/{batch.pk}")
    batch.refresh_from_db()
    assert batch.batch_status == BatchStatus.PROCESSED


def test_an_outcomes_file_refuses_fail_rows_and_records_the_rest(ab_client, world, fake, in_induction):
    """§9.8 #4 and #5: pass, release and fail rows; the fail row and format errors are errored with their reasons."""
    text = (
        f"{ACTION_HEADER}\n2345678,1990-01-01,2026-07-20,6,pass\n3456789,1991-02-03,2026-07-20,2.5,Release\n"
        "1234567,1998-01-02,2026-07-20,3,fail\n4567890,1990-01-01,2026-07-20,2.55,passed\n"
    )
    upload(ab_client, "actions", text)
    run_queued_jobs()
    batch = PendingInductionSubmissionBatch.objects.get()
    url = f"/appropriate-body/bulk/actions/{batch.pk}"
    page = ab_client.get(url).content.decode()
    assert "1 ECT with a passed induction" in page and "1 ECT with a released outcome" in page
    assert "Fail cannot be recorded in bulk upload" in page
    assert (
        "Outcome must be either pass or release. Enter number of terms between 0 and 16 using up to one decimal place"
        in page
    )
    ab_client.post(url)
    run_queued_jobs()
    page = ab_client.get(url).content.decode()
    assert "Outcomes recorded" in page and "You uploaded <strong>2</strong> outcomes" in page
    assert "2 ECTs with errors" in page
    assert InductionPeriod.objects.filter(outcome="pass").count() == 1
    assert InductionPeriod.objects.filter(outcome__isnull=True, finished_on=D(2026, 7, 20)).count() == 1


def test_a_downloaded_error_file_can_be_uploaded_again(ab_client, fake):
    """§9.8 #6: the `Error message` column is accepted."""
    upload(ab_client, "claims", f"{CLAIM_HEADER}\n123456,1998-01-02,provider-led,2026-09-01\n")
    run_queued_jobs()
    batch = PendingInductionSubmissionBatch.objects.get()
    errors = ab_client.get(f"/appropriate-body/bulk/claims/{batch.pk}.csv").content.decode()
    fixed = errors.replace('"123456"', '"1234567"')
    response = upload(ab_client, "claims", fixed, name="Errors for ects.csv")
    assert response.status_code == 302
    assert PendingInductionSubmissionBatch.objects.count() == 2


def test_another_bodys_batch_is_unauthorised(ab_client, client, world, fake):
    """§9.8 #8: a user from another AB gets 401 on the batch page, its confirm and its download."""
    upload(ab_client, "claims", f"{CLAIM_HEADER}\n1234567,1998-01-02,provider-led,2026-09-01\n")
    run_queued_jobs()
    batch = PendingInductionSubmissionBatch.objects.get()
    sign_in_appropriate_body_user(client, world.istip, email="other@istip.example.com")
    url = f"/appropriate-body/bulk/claims/{batch.pk}"
    assert client.get(url).status_code == 401
    assert client.post(url).status_code == 401
    assert client.get(f"{url}.csv").status_code == 401
    assert client.get(f"/appropriate-body/bulk/actions/{batch.pk}").status_code == 404  # not an outcomes batch
    assert str(batch.pk) not in client.get("/appropriate-body/bulk/claims").content.decode().split("Upload history")[-1]
    batch.refresh_from_db()
    assert batch.batch_status == BatchStatus.PROCESSED
