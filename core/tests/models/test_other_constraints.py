"""What the database refuses on the tables without a `test_constraints.py` of their own: appropriate
bodies and their uploads, users, API tokens, events, teacher id changes and the TRS outbox (domain.md
§5.2, §5.7, §5.17, §5.20, §5.21), plus the NOT NULL columns of Q11. Rows are written with raw SQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.tests.models.sql import insert, refused, refused_null
from tests.builders import create_appropriate_body, create_lead_provider, create_teacher

D = dt.date
AT = dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


# §5.7 Appropriate bodies -----------------------------------------------------------------------------


def test_appropriate_body_periods_are_unique_by_name_and_sign_in_organisation():
    """§5.7.1: `name` unique; `dfe_sign_in_organisation_id` unique."""
    organisation = uuid.uuid4()
    insert("appropriate_body_periods", name="North Hub", dfe_sign_in_organisation_id=organisation)
    insert("appropriate_body_periods", name="Old County Council")
    insert("appropriate_body_periods", name="Older County Council")

    assert refused("appropriate_body_periods", name="North Hub") == "appropriate_body_periods_name_key"
    assert (
        refused("appropriate_body_periods", name="South Hub", dfe_sign_in_organisation_id=organisation)
        == "appropriate_body_periods_dfe_sign_in_organisation_id_key"
    )


def test_new_style_and_legacy_appropriate_bodies_are_unique():
    """§5.7.2: name and DfE Sign-in organisation unique; §5.7.3: period, name and dqt_id unique."""
    north = insert("dfe_sign_in_organisations", uuid=uuid.uuid4(), name="North Hub")
    south = insert("dfe_sign_in_organisations", uuid=uuid.uuid4(), name="South Hub")
    insert("appropriate_bodies", name="North Hub", dfe_sign_in_organisation_id=north)
    assert refused("appropriate_bodies", name="North Hub", dfe_sign_in_organisation_id=south) == (
        "appropriate_bodies_name_key"
    )
    assert refused("appropriate_bodies", name="South Hub", dfe_sign_in_organisation_id=north) == (
        "appropriate_bodies_dfe_sign_in_organisation_id_key"
    )

    old, older = create_appropriate_body(name="Old County"), create_appropriate_body(name="Older County")
    legacy = dict(
        appropriate_body_period_id=old.pk, name="Old County", dqt_id=uuid.uuid4(), body_type="local_authority"
    )
    insert("legacy_appropriate_bodies", **legacy)
    assert (
        refused("legacy_appropriate_bodies", **legacy | {"name": "Other", "dqt_id": uuid.uuid4()})
        == "legacy_appropriate_bodies_appropriate_body_period_id_key"
    )
    assert (
        refused(
            "legacy_appropriate_bodies", **legacy | {"appropriate_body_period_id": older.pk, "dqt_id": uuid.uuid4()}
        )
        == "legacy_appropriate_bodies_name_key"
    )
    assert (
        refused("legacy_appropriate_bodies", **legacy | {"appropriate_body_period_id": older.pk, "name": "Other"})
        == "legacy_appropriate_bodies_dqt_id_key"
    )


def test_a_region_has_a_unique_code_and_at_least_one_district():
    """§5.7.4: `code` unique; `districts` required."""
    insert("regions", code="NW7", districts=["Lancaster"])

    assert refused("regions", code="NW7", districts=["Preston"]) == "regions_code_key"
    assert refused("regions", code="NW8", districts=[]) == "regions_districts_present"


def test_a_processed_batch_has_its_data():
    """§5.17.2: `data` required once processed."""
    body = create_appropriate_body(name="North Hub")
    batch = dict(appropriate_body_period_id=body.pk, batch_type="claim")

    assert (
        refused("pending_induction_submission_batches", **batch, batch_status="processed")
        == "pending_induction_submission_batches_processed_has_data"
    )
    insert("pending_induction_submission_batches", **batch, batch_status="processed", data='{"rows": []}')
    insert("pending_induction_submission_batches", **batch, batch_status="pending")


def test_a_pending_submission_keeps_its_dates_in_order_and_terms_in_range():
    """§3.1 (for validation only, PendingInductionSubmission) and §5.17.1: number_of_terms 0–16."""
    row = dict(trn="1234567", error_messages=[])

    assert (
        refused("pending_induction_submissions", **row, started_on=D(2026, 9, 1), finished_on=D(2026, 8, 31))
        == "pending_induction_submissions_finished_on_not_before_started_on"
    )
    assert (
        refused("pending_induction_submissions", **row, number_of_terms=16.5)
        == "pending_induction_submissions_number_of_terms_range"
    )
    insert("pending_induction_submissions", **row, finished_on=D(2026, 8, 31))
    insert("pending_induction_submissions", **row, started_on=D(2026, 9, 1), finished_on=D(2026, 9, 1))


def test_a_batch_has_one_pending_submission_per_row():
    """A batch's check phase resumes after its last saved row, so each row of the upload is saved once."""
    body = create_appropriate_body(name="North Hub")
    batch = insert(
        "pending_induction_submission_batches",
        appropriate_body_period_id=body.pk,
        batch_type="action",
        batch_status="processing",
        data="[]",
    )
    row = dict(trn="1234567", error_messages=[], pending_induction_submission_batch_id=batch)
    insert("pending_induction_submissions", **row, row_number=0)

    assert (
        refused("pending_induction_submissions", **row, row_number=0)
        == "pending_induction_submissions_one_per_batch_row"
    )
    insert("pending_induction_submissions", **row, row_number=1)
    insert("pending_induction_submissions", trn="1234567", error_messages=[], row_number=0)  # outside a batch


# §5.21 Users and API tokens, §5.2 teacher id changes -----------------------------------------------


def test_a_dfe_user_email_is_unique_ignoring_case_and_an_otp_school_urn_has_five_or_six_digits():
    """§5.21.1: `email` (ci_str) unique; `otp_school_urn` 5–6 digits."""
    user = dict(name="Ann Lee", role="admin", otp_failed_attempts=0)
    insert("users", email="ann.lee@education.gov.uk", **user)

    assert refused("users", email="Ann.Lee@Education.gov.uk", **user) == "users_unique_email_ci"
    for urn in (9999, 1000000):
        assert refused("users", email=f"{urn}@education.gov.uk", otp_school_urn=urn, **user) == (
            "users_otp_school_urn_digits"
        )
    insert("users", email="bob@education.gov.uk", otp_school_urn=100001, **user)


def test_an_api_token_digest_is_unique():
    """§5.21.2: the token is unique (stored as its digest)."""
    alpha = create_lead_provider(name="Alpha Learning")
    token = dict(lead_provider_id=alpha.pk, hashed_token="a" * 64, description="A lead provider token")
    insert("api_tokens", **token)

    assert refused("api_tokens", **token) == "api_tokens_hashed_token_key"


def test_a_teacher_id_change_ecf_id_is_unique():
    """§5.2: `ecf_id` unique when present."""
    teacher = create_teacher()
    change = dict(teacher_id=teacher.pk, api_from_teacher_id=uuid.uuid4(), api_to_teacher_id=uuid.uuid4())
    ecf_id = uuid.uuid4()
    insert("teacher_id_changes", **change, ecf_id=ecf_id)
    insert("teacher_id_changes", **change)
    insert("teacher_id_changes", **change)

    assert refused("teacher_id_changes", **change, ecf_id=ecf_id) == "teacher_id_changes_ecf_id_key"


def test_a_trs_induction_status_write_carries_the_dates_its_status_needs():
    """§7.3.7: RequiredToComplete has no dates, InProgress a start date, Passed and Failed both."""
    teacher = create_teacher()
    row = dict(teacher_id=teacher.pk, trn=teacher.trn, attempts=0)
    name = "trs_induction_status_updates_dates_fit_status"

    assert refused("trs_induction_status_updates", **row, status="RequiredToComplete", start_date=D(2026, 9, 1)) == name
    assert refused("trs_induction_status_updates", **row, status="InProgress") == name
    assert refused("trs_induction_status_updates", **row, status="Passed", start_date=D(2025, 9, 1)) == name
    insert("trs_induction_status_updates", **row, status="RequiredToComplete")
    insert("trs_induction_status_updates", **row, status="InProgress", start_date=D(2026, 9, 1))
    insert(
        "trs_induction_status_updates", **row, status="Failed", start_date=D(2025, 9, 1), completed_date=D(2026, 7, 31)
    )


# §5.20 Events ----------------------------------------------------------------------------------------


def event(**values) -> dict:
    return dict(event_type="teacher_registered_as_ect", heading="Jane Smith was registered", happened_at=AT) | values


def test_BR_E_02_an_event_by_a_person_needs_an_author_id_or_email():
    """BR-E-02 (DB backstop): non-system, non-API events need an author id or email."""
    for author_type in ("school_user", "appropriate_body_user", "dfe_staff_user"):
        assert refused("events", **event(author_type=author_type)) == "events_author_present"
    insert("events", **event(author_type="school_user", author_email="head@oakfield.example"))
    insert("events", **event(author_type="system"))
    insert("events", **event(author_type="lead_provider_api", author_name="Alpha Learning"))


# Q11 — columns required in practice are NOT NULL ----------------------------------------------------


@pytest.fixture
def q11_rows():
    """For each Q11 column, a valid row of its table; setting the column to NULL must be refused."""
    body = create_appropriate_body()
    teacher = create_teacher()
    alpha = create_lead_provider()
    year = insert(
        "contract_periods",
        year=2026,
        started_on=D(2026, 6, 1),
        finished_on=D(2027, 5, 31),
        enabled=True,
        mentor_funding_enabled=True,
        detailed_evidence_types_enabled=True,
        uplift_fees_enabled=False,
    )
    schedule_id = insert("schedules", contract_period_year=year, identifier="ecf-standard-september")
    return {
        "induction_periods": dict(
            teacher_id=teacher.pk,
            appropriate_body_period_id=body.pk,
            induction_programme="fip",
            started_on=D(2026, 1, 1),
        ),
        "api_tokens": dict(lead_provider_id=alpha.pk, hashed_token="b" * 64, description="token"),
        "milestones": dict(schedule_id=schedule_id, declaration_type="started", start_date=D(2026, 6, 1)),
        "events": event(author_type="system"),
    }


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("induction_periods", "teacher_id"),
        ("milestones", "schedule_id"),
        ("events", "event_type"),
        ("events", "heading"),
    ],
)
def test_Q11_columns_required_in_practice_are_not_null(q11_rows, table, column):
    """Q11: nullable in the reference, required in practice, NOT NULL here (contract periods: see
    providers/tests/test_constraints.py)."""
    assert refused_null(table, **q11_rows[table] | {column: None}) == column
    insert(table, **q11_rows[table])
