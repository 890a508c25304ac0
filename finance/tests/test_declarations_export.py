"""The declarations CSV of an output statement (finance.md §9): the rows the calculators counted, in declaration
date order, with the spec's columns, defused against formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from core.errors import DomainError
from declarations.models import ClawbackStatus, PaymentStatus
from finance.models import FeeType
from finance.selectors.declarations_export import HEADERS, declarations_export_csv
from tests.builders import create_mentorship_period
from tests.builders_providers import create_declaration

ELIGIBLE = PaymentStatus.ELIGIBLE


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def on(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 9, day, hour, tzinfo=dt.UTC)


def test_file_name_and_headers(finance):
    name, text = declarations_export_csv(finance.november)
    assert name == "alphalearning-2026-contract-november-2026-declarations.csv"
    assert text.splitlines()[0].split(",") == list(HEADERS)
    assert len(HEADERS) == 26


def test_rows_mirror_the_calculators_beyond_the_last_band_nothing_is_listed(finance):
    """Bands hold 10 started declarations and the refunded one, paid in August, fills one slot first: the earliest 9
    of the 11 billable are listed, with the voided and the refundable ones; the `no_payment` one is in no set."""
    s = finance.november
    started = [
        finance.declaration(payment_status=ELIGIBLE, payment_statement=s, declaration_date=on(1 + (n * 7) % 11))
        for n in range(11)
    ]
    voided = finance.declaration(payment_status=PaymentStatus.VOIDED, payment_statement=s, declaration_date=on(20))
    refund = finance.declaration(
        payment_status=PaymentStatus.PAID,
        payment_statement=finance.august,
        clawback_status=ClawbackStatus.AWAITING_CLAWBACK,
        clawback_statement=s,
        declaration_date=on(12),
    )
    finance.declaration(payment_status=PaymentStatus.NO_PAYMENT, declaration_date=on(2))

    rows = parse(declarations_export_csv(s)[1])

    earliest_9 = sorted(started, key=lambda d: d.declaration_date)[:9]
    expected = sorted([*earliest_9, voided, refund], key=lambda d: d.declaration_date)
    assert [r["Declaration ID"] for r in rows] == [str(d.api_id) for d in expected]
    assert {r["Declaration Status"] for r in rows} == {"eligible", "voided", "awaiting_clawback"}


def test_a_row_holds_the_spec_columns(finance, world):
    s = finance.november
    period = finance.participant()
    teacher = period.teacher
    teacher.ect_first_became_eligible_for_training_at = on(1)
    teacher.save()
    mentorship = create_mentorship_period(mentee=period.ect_at_school_period)
    declaration = create_declaration(
        training_period=period,
        payment_status=ELIGIBLE,
        payment_statement=s,
        declaration_date=dt.datetime(2026, 9, 10, 10, 30, tzinfo=dt.UTC),
        pupil_premium_uplift=True,
        sparsity_uplift=True,
        evidence_type="training-event-attended",
        mentorship_period=mentorship,
    )
    declaration.refresh_from_db()

    (row,) = parse(declarations_export_csv(s)[1])

    mentor = mentorship.mentor_at_school_period.teacher
    assert row == {
        "Participant ID": str(teacher.api_id),
        "Participant Name": teacher.full_name,
        "TRN": teacher.trn,
        "Type": "ect",
        "Mentor Profile ID": str(mentor.api_mentor_training_record_id),
        "Schedule": "ecf-standard-september",
        "Eligible For Funding": "true",
        "Eligible For Funding Reason": "",
        "Sparsity Uplift": "true",
        "Pupil Premium Uplift": "true",
        "Sparsity And Pp": "true",
        "Lead Provider Name": "Alpha Learning",
        "Delivery Partner Name": "Delta Partners",
        "School URN": "100001",
        "School Name": "Oakfield Primary",
        "Training Status": "active",
        "Training Status Reason": "",
        "Declaration ID": str(declaration.api_id),
        "Declaration Status": "eligible",
        "Declaration Type": "started",
        "Declaration Date": "2026-09-10T10:30:00Z",
        "Declaration Created At": declaration.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Evidence Held": "training-event-attended",
        "Statement Name": "November 2026",
        "Statement ID": str(s.api_id),
        "Uplift Payable": "false",
    }


def test_uplift_payable_needs_a_paid_declaration_with_a_flag_and_reasons_are_dasherised(finance):
    payable = finance.statement(9, 2026, status="paid")
    period = finance.participant()
    period.finished_on = dt.date(2026, 9, 10)
    period.withdrawn_at = on(10)
    period.withdrawal_reason = "left_teaching_profession"
    period.save()
    create_declaration(
        training_period=period, payment_status=PaymentStatus.PAID, payment_statement=payable, sparsity_uplift=True
    )
    (row,) = parse(declarations_export_csv(payable)[1])
    assert row["Uplift Payable"] == "true"
    assert row["Sparsity And Pp"] == "false"
    assert (row["Training Status"], row["Training Status Reason"]) == ("withdrawn", "left-teaching-profession")
    assert row["Declaration Status"] == "paid"


def test_cells_are_defused_against_formula_injection(finance):
    s = finance.november
    period = finance.participant(first_name='=HYPERLINK("http://x")', last_name="Smith")
    create_declaration(training_period=period, payment_status=ELIGIBLE, payment_statement=s)
    (row,) = parse(declarations_export_csv(s)[1])
    assert row["Participant Name"].startswith("'=HYPERLINK")


def test_service_statements_have_no_export(finance):
    service = finance.statement(7, 2026, fee_type=FeeType.SERVICE)
    with pytest.raises(DomainError, match="Declarations can only be exported for output statements"):
        declarations_export_csv(service)


def test_the_export_runs_a_fixed_number_of_queries(finance, django_assert_num_queries):
    s = finance.november
    for _ in range(2):
        finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    with django_assert_num_queries(7):
        declarations_export_csv(s)
    for _ in range(5):
        finance.declaration(payment_status=ELIGIBLE, payment_statement=s)
    with django_assert_num_queries(7):
        declarations_export_csv(s)
