"""AB bulk uploads by CSV (domain.md §5.17, §7.3.5; BR-PIS-01 … BR-PIS-10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from appropriate_bodies.batches.files import ACTION_HEADERS, CLAIM_HEADERS
from appropriate_bodies.batches.progress import batch_status_tag, error_csv, error_file_name, is_blocked, is_idle
from appropriate_bodies.models import BatchStatus, PendingInductionSubmission, PendingInductionSubmissionBatch
from appropriate_bodies.services.batches import (
    complete_batch,
    confirm_batch,
    process_batch,
    purge_processed_submissions,
    start_batch,
    validate_batch,
)
from appropriate_bodies.validation import validate_establishment_id
from core.errors import DomainError
from events.models import Event
from events.types import EventType
from integrations.trs.client import TRSTeacher
from integrations.trs.fake import FakeTRS
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, Teacher
from tests.builders import create_ect_at_school_period, create_induction_period, create_teacher
from tests.builders_induction import JANE_DOB, ab_user, trs_updates

D = dt.date


def csv_bytes(headers, rows) -> bytes:
    lines = [",".join(headers), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def north_hub_user(world):
    return ab_user(world.north_hub)


@pytest.fixture
def fake(world):
    fake = FakeTRS()
    fake.add_teacher(trn="1234567", date_of_birth=JANE_DOB, first_name="Jane", last_name="Smith")
    fake.add_teacher(trn="2345678", date_of_birth=D(1990, 1, 1), first_name="Sam", last_name="Patel")
    return fake


def upload(world, author, batch_type, rows, *, headers=None, file_name="ects.csv", content_type="text/csv"):
    headers = headers or (CLAIM_HEADERS if batch_type == "claim" else ACTION_HEADERS)
    return start_batch(
        author=author,
        appropriate_body=world.north_hub,
        batch_type=batch_type,
        file_name=file_name,
        content_type=content_type,
        content=csv_bytes(headers, rows),
    )


def submit(author, batch) -> PendingInductionSubmissionBatch:
    """The AB confirms, then the phase 2 job runs."""
    confirm_batch(author=author, batch=batch)
    return complete_batch(batch_id=batch.pk)


def file_error(
    world, author, batch_type="claim", rows=(("1234567", "1998-01-02", "provider-led", "2026-09-01"),), **kw
):
    with pytest.raises(DomainError) as excinfo:
        upload(world, author, batch_type, rows, **kw)
    assert not PendingInductionSubmissionBatch.objects.exists()
    return excinfo.value.message


def row_errors(world, author, fake, batch_type, row) -> list[str]:
    batch = upload(world, author, batch_type, [row])
    process_batch(author=author, batch_id=batch.pk, client=fake)
    return PendingInductionSubmission.objects.get(pending_induction_submission_batch=batch).error_messages


# File checks (BR-PIS-01 … BR-PIS-06) ----------------------------------------------------------------


def test_BR_PIS_01_an_upload_must_be_a_csv(world, north_hub_user):
    """BR-PIS-01: `ects.xlsx` → `The selected file must be a CSV` (type and `.csv` name both needed)."""
    assert file_error(world, north_hub_user, file_name="ects.xlsx") == "The selected file must be a CSV"
    assert (
        file_error(world, north_hub_user, content_type="application/vnd.ms-excel") == "The selected file must be a CSV"
    )
    for content_type in ("text/csv", "text/comma-separated-values", "application/csv"):
        upload(
            world,
            north_hub_user,
            "claim",
            [("1234567", "1998-01-02", "provider-led", "2026-09-01")],
            content_type=content_type,
        )


def test_BR_PIS_02_an_upload_is_at_most_2_mb(world, north_hub_user):
    """BR-PIS-02 with this service's limit (the reference's 100 KB holds only its 1,000 rows): 2 MB and a bit →
    `File size must be less than 2MB`."""
    padding = [("#" + "x" * 1024, "", "", "")] * 2049
    assert file_error(world, north_hub_user, rows=padding) == "File size must be less than 2MB"


def test_BR_PIS_03_headers_must_follow_the_template(world, north_hub_user):
    """BR-PIS-03: `TRN,DOB,Programme,Start` → refused; an extra `Error message` column is allowed."""
    assert (
        file_error(world, north_hub_user, headers=("TRN", "DOB", "Programme", "Start"))
        == "The selected file must follow the template"
    )
    batch = upload(
        world,
        north_hub_user,
        "claim",
        [("1234567", "1998-01-02", "provider-led", "2026-09-01", "old error")],
        headers=(*CLAIM_HEADERS, "Error message"),
    )
    assert batch.data == [
        {
            "TRN": "1234567",
            "Date of birth": "1998-01-02",
            "Induction programme": "provider-led",
            "Induction period start date": "2026-09-01",
        }
    ]


def test_BR_PIS_04_a_file_has_1_to_10000_rows(world, north_hub_user):
    """BR-PIS-04 with this service's limit of 10,000 rows (the reference's is 1,000): 10,001 rows → too many;
    10,000 → accepted; header only → empty; blank TRNs and `#` lines are not rows."""
    many = [(f"{1000000 + i}", "1990-01-01", "2026-07-20", "2", "pass") for i in range(10_001)]
    assert file_error(world, north_hub_user, "action", rows=many) == "The selected file must have 10,000 rows or fewer"
    assert upload(world, north_hub_user, "action", many[:10_000]).uploaded_count == 10_000
    PendingInductionSubmissionBatch.objects.all().delete()
    assert file_error(world, north_hub_user, rows=[]) == "The selected file is empty"
    assert file_error(
        world, north_hub_user, rows=[("", "1998-01-02", "provider-led", "2026-09-01"), ("# note", "", "", "")]
    ) == ("The selected file is empty")
    batch = upload(
        world,
        north_hub_user,
        "claim",
        [("# comment", "", "", ""), ("", "x", "y", "z"), ("1234567", "1998-01-02", "provider-led", "2026-09-01")],
    )
    assert batch.uploaded_count == 1


def test_BR_PIS_05_trns_in_a_file_are_unique(world, north_hub_user):
    """BR-PIS-05: `1234567` twice → `The selected file has duplicate ECTs`."""
    rows = [("1234567", "1998-01-02", "provider-led", "2026-09-01")] * 2
    assert file_error(world, north_hub_user, rows=rows) == "The selected file has duplicate ECTs"


def test_BR_PIS_06_establishment_ids_use_the_format_1234_567():
    """BR-PIS-06: `1234567` → `Enter an establishment ID in the format 1234/567`."""
    with pytest.raises(DomainError) as excinfo:
        validate_establishment_id("1234567")
    assert (excinfo.value.field, excinfo.value.message) == (
        "establishment_id",
        "Enter an establishment ID in the format 1234/567",
    )
    validate_establishment_id("1234/567")


def test_starting_a_batch_records_bulk_upload_started(world, north_hub_user):
    batch = upload(world, north_hub_user, "claim", [("1234567", "1998-01-02", "provider-led", "2026-09-01")])
    assert (batch.batch_status, batch.file_name, batch.uploaded_count) == ("pending", "ects.csv", 1)
    event = Event.objects.get(event_type=EventType.BULK_UPLOAD_STARTED)
    assert (event.heading, event.pending_induction_submission_batch, event.appropriate_body_period) == (
        "North Hub started a bulk claim",
        batch,
        world.north_hub,
    )
    with pytest.raises(DomainError):
        upload(world, ab_user(world.istip), "claim", [("1234567", "1998-01-02", "provider-led", "2026-09-01")])


# Row checks (BR-PIS-07) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("1234567", "1998-01-02", "provider-led", ""), ["Fill in the blanks on this row"]),
        (("12345", "1998-01-02", "provider-led", "2026-09-01"), ["Enter a valid TRN using 7 digits"]),
        (("1234567", "02/01/1998", "provider-led", "2026-09-01"), ["Dates must be in the format YYYY-MM-DD"]),
        (
            ("1234567", "2015-01-02", "provider-led", "2026-09-01"),
            ["Date of birth must be a real date and the teacher must be between 18 and 100 years old"],
        ),
        (("1234567", "1998-01-02", "provider-led", "2026-09-16"), ["Dates cannot be in the future"]),
        (
            ("1234567", "1998-01-02", "provider-led", "2021-09-01"),
            ["Induction start date must be after 1 September 2021"],
        ),
        (
            ("1234567", "1998-01-02", "online", "2026-09-01"),
            ["Induction programme type must be school-led or provider-led"],
        ),
        (
            ("12345", "1998-01-02", "online", ""),
            [
                "Fill in the blanks on this row",
                "Enter a valid TRN using 7 digits",
                "Induction programme type must be school-led or provider-led",
            ],
        ),
        (("1234567", "1998-01-03", "provider-led", "2026-09-01"), ["TRN and date of birth do not match"]),
    ],
)
def test_BR_PIS_07_claim_row_format_and_trs_errors(world, north_hub_user, fake, row, expected):
    """BR-PIS-07: format errors are reported together; then the TRS lookup."""
    assert row_errors(world, north_hub_user, fake, "claim", row) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("1234567", "1990-01-01", "2026-07-20", "2", "fail"), ["Fail cannot be recorded in bulk upload"]),
        (("1234567", "1990-01-01", "2026-07-20", "2", "withdraw"), ["Outcome must be either pass or release"]),
        (
            ("1234567", "1990-01-01", "2026-07-20", "16.5", "pass"),
            ["Enter number of terms between 0 and 16 using up to one decimal place"],
        ),
        (
            ("1234567", "1990-01-01", "2026-07-20", "1.25", "PASS"),
            ["Enter number of terms between 0 and 16 using up to one decimal place"],
        ),
    ],
)
def test_BR_PIS_07_action_row_format_errors(world, north_hub_user, fake, row, expected):
    """BR-PIS-07: e.g. action row `1234567,1990-01-01,2026-07-20,2,fail` → `Fail cannot be recorded in bulk upload`."""
    assert row_errors(world, north_hub_user, fake, "action", row) == expected
    assert fake.lookups == []  # format errors stop the row before TRS is asked


def test_BR_PIS_07_trs_unavailable(world, north_hub_user, fake):
    """BR-PIS-07: trs unavailable."""
    fake.down = True
    assert row_errors(
        world, north_hub_user, fake, "claim", ("1234567", "1998-01-02", "provider-led", "2026-09-01")
    ) == ["TRS could not be contacted. You’ll need to try again later"]


@pytest.mark.parametrize(
    ("trs_fields", "expected"),
    [
        ({"prohibited_from_teaching": True}, "Sam Patel is prohibited from teaching"),
        ({"induction_status": "Passed"}, "Sam Patel has already passed their induction"),
        ({"induction_status": "FailedInWales"}, "Sam Patel has already failed their induction"),
        ({"induction_status": "Exempt"}, "Sam Patel is exempt from completing their induction"),
        ({"qts_awarded_on": None}, "Sam Patel does not have their qualified teacher status (QTS)"),
        ({"qts_awarded_on": D(2026, 9, 2)}, "Induction start date must not be before QTS date (2 September 2026)"),
    ],
)
def test_BR_PIS_07_claim_rows_for_teachers_new_to_the_service(world, north_hub_user, fake, trs_fields, expected):
    """BR-PIS-07: unknown teachers are checked against TRS: prohibited, passed/failed/exempt, no QTS, before QTS."""
    fake.add_teacher(trn="2345678", date_of_birth=D(1990, 1, 1), first_name="Sam", last_name="Patel", **trs_fields)
    assert row_errors(world, north_hub_user, fake, "claim", ("2345678", "1990-01-01", "school-led", "2026-09-01")) == [
        expected
    ]


def test_BR_PIS_07_claim_rows_for_known_teachers(world, north_hub_user, fake):
    """BR-PIS-07: known teachers: last outcome, overlap, claimed by another AB, claimed by yours."""
    claim_row = ("1234567", "1998-01-02", "provider-led", "2026-03-01")
    previous = create_induction_period(
        teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1), finished_on=D(2026, 3, 31)
    )
    assert row_errors(world, north_hub_user, fake, "claim", claim_row) == [
        "Induction start date must not overlap with any other induction periods"
    ]
    InductionPeriod.objects.filter(pk=previous.pk).update(finished_on=None, number_of_terms=None)
    assert row_errors(world, north_hub_user, fake, "claim", claim_row) == [
        "Jane Smith is already claimed by another appropriate body (Independent Schools Teacher Induction Panel (ISTIP))"
    ]
    InductionPeriod.objects.filter(pk=previous.pk).update(appropriate_body_period=world.north_hub)
    assert row_errors(world, north_hub_user, fake, "claim", claim_row) == [
        "Jane Smith is already claimed by your appropriate body"
    ]
    InductionPeriod.objects.filter(pk=previous.pk).update(finished_on=D(2026, 3, 31), number_of_terms=5, outcome="pass")
    assert row_errors(world, north_hub_user, fake, "claim", claim_row) == [
        "Jane Smith has already passed their induction"
    ]
    InductionPeriod.objects.filter(pk=previous.pk).update(outcome="fail")
    assert row_errors(world, north_hub_user, fake, "claim", claim_row) == [
        "Jane Smith has already failed their induction"
    ]


def test_BR_PIS_07_claim_rows_then_run_the_single_claim_validations(world, north_hub_user, fake):
    """BR-PIS-07: A row that passes the bulk checks is validated as a single claim (here: start on the last end date)."""
    create_induction_period(
        teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1), finished_on=D(2026, 3, 31)
    )
    fake.add_teacher(trn="1234567", date_of_birth=JANE_DOB, induction_status="InProgress")
    assert (
        row_errors(world, north_hub_user, fake, "claim", ("1234567", "1998-01-02", "provider-led", "2026-04-01")) == []
    )
    assert not InductionPeriod.objects.filter(appropriate_body_period=world.north_hub).exists()  # only a rehearsal
    assert not Event.objects.filter(event_type=EventType.INDUCTION_PERIOD_OPENED).exists()


def test_BR_PIS_07_action_rows_eligibility(world, north_hub_user, fake):
    """BR-PIS-07 actions: not yet claimed; no open induction; with another AB; already passed."""
    row = ("2345678", "1990-01-01", "2026-07-20", "2", "pass")
    assert row_errors(world, north_hub_user, fake, "action", row) == ["Sam Patel has not yet been claimed"]
    sam = create_teacher(trn="2345678", first_name="Sam", last_name="Patel")
    assert row_errors(world, north_hub_user, fake, "action", row) == ["Sam Patel does not have an open induction"]
    period = create_induction_period(teacher=sam, appropriate_body=world.istip, started_on=D(2025, 9, 1))
    assert row_errors(world, north_hub_user, fake, "action", row) == [
        "Sam Patel is completing their induction with another appropriate body "
        "(Independent Schools Teacher Induction Panel (ISTIP))"
    ]
    InductionPeriod.objects.filter(pk=period.pk).update(finished_on=D(2026, 3, 31), number_of_terms=3, outcome="pass")
    assert row_errors(world, north_hub_user, fake, "action", row) == ["Sam Patel has already passed their induction"]


def test_BR_PIS_07_action_rows_then_run_the_single_validations(world, north_hub_user, fake):
    """BR-PIS-07: Q4 in bulk: an end date not after the latest start is refused."""
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 7, 20))
    assert row_errors(
        world, north_hub_user, fake, "action", ("1234567", "1998-01-02", "2026-07-20", "1", "release")
    ) == ["Induction end date must be after the induction start date (20 July 2026)"]


class ExplodingTRS(FakeTRS):
    def find_teacher(self, **kwargs) -> TRSTeacher:
        raise RuntimeError("unexpected")


def test_BR_PIS_07_an_unexpected_failure_marks_the_row_and_carries_on(world, north_hub_user):
    """BR-PIS-07: an unexpected failure marks the row and carries on."""
    batch = upload(
        world,
        north_hub_user,
        "claim",
        [
            ("1234567", "1998-01-02", "provider-led", "2026-09-01"),
            ("2345678", "1990-01-01", "school-led", "2026-09-01"),
        ],
    )
    process_batch(author=north_hub_user, batch_id=batch.pk, client=ExplodingTRS())
    batch.refresh_from_db()
    assert batch.batch_status == "processed"
    assert [s.error_messages for s in PendingInductionSubmission.objects.order_by("pk")] == [
        ["Something went wrong. You’ll need to try again later"]
    ] * 2


# Whole batches (§7.3.5, BR-PIS-08 … BR-PIS-10) -------------------------------------------------------


def test_a_claim_batch_from_upload_to_completion(world, north_hub_user, fake):
    """Pending → processing → processed → completing → completed; each valid row is a real claim linked to
    the batch; tallies frozen; bulk_upload_completed."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2026, 9, 1))
    batch = upload(
        world,
        north_hub_user,
        "claim",
        [
            ("1234567", "1998-01-02", "Provider-led", "2026-09-01"),
            ("2345678", "1990-01-01", "school-led", "2026-09-02"),
        ],
    )
    assert batch_status_tag(batch).label == "Draft"
    process_batch(author=north_hub_user, batch_id=batch.pk, client=fake)
    batch.refresh_from_db()
    assert (batch.batch_status, batch_status_tag(batch).label, is_idle(batch), is_blocked(batch)) == (
        "processed",
        "Not yet submitted",
        True,
        False,
    )
    assert not InductionPeriod.objects.exists()

    submit(north_hub_user, batch)
    batch.refresh_from_db()
    assert (batch.batch_status, batch_status_tag(batch).label) == ("completed", "Submitted")
    assert (batch.uploaded_count, batch.processed_count, batch.errored_count, batch.claimed_count) == (2, 2, 0, 2)
    assert batch.data == []  # BR-PIS-09

    sam = Teacher.objects.get(trn="2345678")
    assert list(
        InductionPeriod.objects.order_by("started_on").values_list("teacher", "started_on", "training_programme")
    ) == [
        (world.jane.pk, D(2026, 9, 1), "provider_led"),
        (sam.pk, D(2026, 9, 2), "school_led"),
    ]
    opened = Event.objects.filter(event_type=EventType.INDUCTION_PERIOD_OPENED)
    assert {e.pending_induction_submission_batch_id for e in opened} == {batch.pk}
    assert {e.author_email for e in opened} == {north_hub_user.email}
    assert trs_updates(sam) == [("InProgress", D(2026, 9, 2), None)]
    completed = Event.objects.get(event_type=EventType.BULK_UPLOAD_COMPLETED)
    assert (completed.heading, completed.metadata["claimed_count"]) == ("North Hub completed a bulk claim", 2)
    # Successful submissions are scheduled for the purge 24 hours later (BR-PIS-08).
    assert set(PendingInductionSubmission.objects.values_list("delete_at", flat=True)) == {
        dt.datetime(2026, 9, 16, 11, 0, tzinfo=dt.UTC)
    }


def test_BR_PIS_09_data_is_kept_for_the_error_download_when_a_row_errored(world, north_hub_user, fake):
    """BR-PIS-09: any error → data kept; the download lists the errored rows with their messages."""
    batch = upload(
        world,
        north_hub_user,
        "claim",
        [("1234567", "1998-01-02", "provider-led", "2026-09-01"), ("2345678", "1990-01-01", "online", "2026-09-01")],
    )
    process_batch(author=north_hub_user, batch_id=batch.pk, client=fake)
    submit(north_hub_user, batch)
    batch.refresh_from_db()
    assert (batch.claimed_count, batch.errored_count, len(batch.data)) == (1, 1, 2)
    assert error_file_name(batch) == "Errors for ects.csv"
    assert error_csv(batch) == (
        '"TRN","Date of birth","Induction programme","Induction period start date","Error message"\n'
        '"2345678","1990-01-01","online","2026-09-01","Induction programme type must be school-led or provider-led"\n'
    )


def test_an_action_batch_passes_and_releases(world, north_hub_user, fake):
    sam = create_teacher(trn="2345678", first_name="Sam", last_name="Patel", qts_awarded_on=D(2024, 7, 1))
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    create_induction_period(teacher=sam, appropriate_body=world.north_hub, started_on=D(2025, 1, 6))
    jane_at_oakfield = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1))
    batch = upload(
        world,
        north_hub_user,
        "action",
        [
            ("1234567", "1998-01-02", "2026-07-20", "6", "Pass"),
            ("2345678", "1990-01-01", "2026-07-20", "4.5", "release"),
        ],
    )
    process_batch(author=north_hub_user, batch_id=batch.pk, client=fake)
    submit(north_hub_user, batch)
    batch.refresh_from_db()
    assert (batch.passed_count, batch.released_count, batch.errored_count) == (1, 1, 0)
    assert InductionPeriod.objects.get(teacher=world.jane).outcome == "pass"
    released = InductionPeriod.objects.get(teacher=sam)
    assert (released.finished_on, released.number_of_terms, released.outcome) == (D(2026, 7, 20), 4.5, None)
    assert ECTAtSchoolPeriod.objects.get(pk=jane_at_oakfield.pk).finished_on == D(2026, 9, 15)
    assert trs_updates() == [("Passed", D(2025, 9, 1), D(2026, 7, 20))]
    assert Event.objects.get(event_type=EventType.TEACHER_PASSES_INDUCTION).pending_induction_submission_batch == batch
    assert Event.objects.get(event_type=EventType.INDUCTION_PERIOD_CLOSED).pending_induction_submission_batch == batch


def test_a_row_that_became_invalid_before_completion_is_reported_not_applied(world, north_hub_user, fake):
    """Phase 2 uses the real service in a savepoint: a row another AB claimed meanwhile errors; others apply."""
    batch = upload(
        world,
        north_hub_user,
        "claim",
        [
            ("1234567", "1998-01-02", "provider-led", "2026-09-01"),
            ("2345678", "1990-01-01", "school-led", "2026-09-01"),
        ],
    )
    process_batch(author=north_hub_user, batch_id=batch.pk, client=fake)
    create_induction_period(teacher=world.jane, appropriate_body=world.istip, started_on=D(2026, 9, 1))
    submit(north_hub_user, batch)
    batch.refresh_from_db()
    assert (batch.claimed_count, batch.errored_count) == (1, 1)
    jane_submission = PendingInductionSubmission.objects.get(trn="1234567")
    assert jane_submission.error_messages == [
        "Jane Smith is already claimed by another appropriate body (Independent Schools Teacher Induction Panel (ISTIP))"
    ]
    assert jane_submission.delete_at is None
    assert InductionPeriod.objects.filter(appropriate_body_period=world.north_hub).count() == 1


def test_a_batch_is_completed_only_once_and_only_when_processed(world, north_hub_user, fake):
    batch = upload(world, north_hub_user, "claim", [("1234567", "1998-01-02", "provider-led", "2026-09-01")])
    with pytest.raises(DomainError):
        confirm_batch(author=north_hub_user, batch=batch)
    process_batch(author=north_hub_user, batch_id=batch.pk, client=fake)
    process_batch(author=north_hub_user, batch_id=batch.pk, client=fake)  # a duplicate job does nothing
    assert PendingInductionSubmission.objects.count() == 1
    submit(north_hub_user, batch)
    with pytest.raises(DomainError):
        confirm_batch(author=north_hub_user, batch=batch)
    assert complete_batch(batch_id=batch.pk).batch_status == "completed"  # a duplicate job does nothing
    assert InductionPeriod.objects.count() == 1


def test_BR_PIS_08_processed_submissions_are_purged_after_delete_at(world):
    """BR-PIS-08: `delete_at = 2026-09-15T10:00Z` → gone after the 11:00 purge; later ones stay."""
    due = PendingInductionSubmission.objects.create(
        trn="1234567", delete_at=dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC)
    )
    later = PendingInductionSubmission.objects.create(
        trn="2345678", delete_at=dt.datetime(2026, 9, 15, 12, 0, tzinfo=dt.UTC)
    )
    kept = PendingInductionSubmission.objects.create(trn="3456789")
    assert purge_processed_submissions(now=dt.datetime(2026, 9, 15, 11, 0, tzinfo=dt.UTC)) == 1
    assert set(PendingInductionSubmission.objects.values_list("pk", flat=True)) == {later.pk, kept.pk}
    assert not PendingInductionSubmission.objects.filter(pk=due.pk).exists()


def test_BR_PIS_10_a_processed_batch_must_hold_data(world):
    """BR-PIS-10: batch marked `processed` with no data → validation error on `data`; the DB refuses it too."""
    batch = PendingInductionSubmissionBatch(
        appropriate_body_period=world.north_hub, batch_type="claim", batch_status=BatchStatus.PROCESSED, data=None
    )
    with pytest.raises(DomainError) as excinfo:
        validate_batch(batch)
    assert [(e.field, e.message) for e in excinfo.value.errors] == [("data", "can't be blank")]
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.save()
    missing = PendingInductionSubmissionBatch(
        appropriate_body_period=world.north_hub, batch_type="", batch_status="", data=[]
    )
    with pytest.raises(DomainError) as excinfo:
        validate_batch(missing)
    assert [(e.field, e.message) for e in excinfo.value.errors] == [
        ("batch_type", "can't be blank"),
        ("batch_status", "can't be blank"),
    ]
