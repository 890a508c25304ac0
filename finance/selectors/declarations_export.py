"""The declarations CSV of an output statement (finance.md §9; journeys.md §6.8.3). Its rows are the declarations
the calculators counted (`finance.calculation.exported_declarations`), so the file reconciles with the statement.
Seven queries whatever the size: the six of the computed statement and one for the rows' details."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from core.errors import BASE, DomainError
from declarations.models import ClawbackStatus, Declaration, PaymentStatus
from finance.calculation import exported_declarations
from finance.models import FeeType, Statement
from finance.selectors.statements import ComputedStatement, computed_statement, statement_name
from teachers.selectors.training_status import DEFERRED, WITHDRAWN, training_status

ONLY_OUTPUT_STATEMENTS = "Declarations can only be exported for output statements"

HEADERS = (
    "Participant ID",
    "Participant Name",
    "TRN",
    "Type",
    "Mentor Profile ID",
    "Schedule",
    "Eligible For Funding",
    "Eligible For Funding Reason",
    "Sparsity Uplift",
    "Pupil Premium Uplift",
    "Sparsity And Pp",
    "Lead Provider Name",
    "Delivery Partner Name",
    "School URN",
    "School Name",
    "Training Status",
    "Training Status Reason",
    "Declaration ID",
    "Declaration Status",
    "Declaration Type",
    "Declaration Date",
    "Declaration Created At",
    "Evidence Held",
    "Statement Name",
    "Statement ID",
    "Uplift Payable",
)

ROW_RELATIONS = (
    "teacher",
    "delivery_partner_when_created",
    "training_period__schedule",
    "training_period__ect_at_school_period__school__gias_school",
    "training_period__mentor_at_school_period__school__gias_school",
    "mentorship_period__mentor_at_school_period__teacher",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def declarations_export_filename(statement: Statement) -> str:
    """`ambitioninstitute-2024-contract-january-2025-declarations.csv`."""
    active = statement.active_lead_provider
    provider = re.sub(r"[^a-z0-9]", "", active.lead_provider.name.lower())
    period = statement_name(statement).lower().replace(" ", "-")
    return f"{provider}-{active.contract_period_id}-contract-{period}-declarations.csv"


def _cell(value) -> str:
    """Text for the file, defused against spreadsheet formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(declaration: Declaration, statement: Statement, provider_name: str) -> list[str]:
    teacher = declaration.teacher
    period = declaration.training_period
    at_school = period.ect_at_school_period or period.mentor_at_school_period
    school = at_school.school if at_school else None
    is_ect = declaration.role == "ect"
    mentor_profile_id = None
    if is_ect and declaration.mentorship_period is not None:
        mentor_profile_id = declaration.mentorship_period.mentor_at_school_period.teacher.api_mentor_training_record_id
    status = training_status(period)
    reason = {WITHDRAWN: period.withdrawal_reason, DEFERRED: period.deferral_reason}.get(status)
    eligible_at = (
        teacher.ect_first_became_eligible_for_training_at
        if is_ect
        else teacher.mentor_first_became_eligible_for_training_at
    )
    overall = (
        declaration.clawback_status
        if declaration.clawback_status != ClawbackStatus.NO_CLAWBACK
        else declaration.payment_status
    )
    has_uplift = declaration.pupil_premium_uplift or declaration.sparsity_uplift
    values = (
        teacher.api_id,
        teacher.full_name,
        teacher.trn,
        declaration.role,
        mentor_profile_id,
        period.schedule.identifier if period.schedule else None,
        eligible_at is not None,
        None,
        declaration.sparsity_uplift,
        declaration.pupil_premium_uplift,
        declaration.sparsity_uplift and declaration.pupil_premium_uplift,
        provider_name,
        declaration.delivery_partner_when_created.name,
        school.urn if school else None,
        school.name if school else None,
        status,
        reason.replace("_", "-") if reason else None,
        declaration.api_id,
        "submitted" if overall == PaymentStatus.NO_PAYMENT else overall,
        declaration.declaration_type,
        declaration.declaration_date,
        declaration.created_at,
        declaration.evidence_type,
        statement_name(statement),
        statement.api_id,
        declaration.payment_status == PaymentStatus.PAID and has_uplift,
    )
    return [_cell(value) for value in values]


def declarations_export_rows(computed: ComputedStatement) -> list[list[str]]:
    statement = computed.statement
    if statement.fee_type != FeeType.OUTPUT:
        raise DomainError(BASE, ONLY_OUTPUT_STATEMENTS)
    chosen = [d.id for d in exported_declarations(computed.inputs, computed.calculation)]
    by_id = Declaration.objects.select_related(*ROW_RELATIONS).in_bulk(chosen)
    provider_name = statement.active_lead_provider.lead_provider.name
    return [_row(by_id[pk], statement, provider_name) for pk in chosen]


def declarations_export_csv(statement: Statement | int) -> tuple[str, str]:
    """(file name, CSV text) for an output statement; a service statement has no export (the page answers 404)."""
    computed = computed_statement(statement)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(declarations_export_rows(computed))
    return declarations_export_filename(computed.statement), buffer.getvalue()
