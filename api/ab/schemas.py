"""Response and request bodies of the appropriate body API: a wire contract, documented by the OpenAPI file."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema


class Error(Schema):
    title: str
    detail: str


class Errors(Schema):
    errors: list[Error]


class InductionPeriodOut(Schema):
    started_on: dt.date
    finished_on: dt.date | None
    induction_programme: str
    number_of_terms: float | None
    outcome: str | None


class ExtensionOut(Schema):
    number_of_terms: float
    created_at: dt.datetime


class TeacherOut(Schema):
    trn: str | None
    first_name: str | None
    last_name: str | None
    trs_induction_status: str | None
    induction_periods: list[InductionPeriodOut]
    extensions: list[ExtensionOut]
    updated_at: dt.datetime


class ClaimableTeacherOut(Schema):
    """The school columns are those of the body's "check and claim" page, from the school's latest report naming
    the body, so a body can decide whether to claim without a second request."""

    trn: str | None
    first_name: str | None
    last_name: str | None
    trs_induction_status: str | None
    school_urn: int
    school_name: str
    school_start_date: dt.date
    induction_tutor_email: str | None
    updated_at: dt.datetime


class TeacherEnvelope(Schema):
    data: TeacherOut


class TeachersEnvelope(Schema):
    data: list[TeacherOut]


class ClaimableEnvelope(Schema):
    data: list[ClaimableTeacherOut]


class ExtensionIn(Schema):
    number_of_terms: float | str


class OutcomeIn(Schema):
    outcome: Literal["pass", "fail", "release"]
    finished_on: dt.date | None = None
    number_of_terms: float | str | None = None
    # A fail needs the date the body sent the ECT written confirmation (BR-IP-32); ignored for pass and release.
    fail_confirmation_sent_on: dt.date | None = None


class ClaimIn(Schema):
    trn: str
    date_of_birth: dt.date
    started_on: dt.date
    induction_programme: str
