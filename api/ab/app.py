"""The appropriate body API, /api/ab/v1 (issue 8 item 1): an appropriate body's own ECTs, read and changed through
the same services, rules and messages as the appropriate body pages. Another body's ECT is a 404 on every route."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from core.errors import DomainError
from integrations.trs.client import TRSUnavailable, get_trs_client
from teachers.models import Teacher
from teachers.services import induction
from teachers.services.induction_extensions import add_extension

from . import selectors
from .auth import AppropriateBodyAuth, appropriate_body, author
from .schemas import (
    ClaimableEnvelope,
    ClaimIn,
    Errors,
    ExtensionIn,
    OutcomeIn,
    TeacherEnvelope,
    TeachersEnvelope,
)

logger = logging.getLogger(__name__)

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000

api = NinjaAPI(
    title="Appropriate body API",
    version="1",
    urls_namespace="api-ab-v1",
    auth=AppropriateBodyAuth(),
    docs_url=None,
    openapi_url=None,
)


class ApiError(Exception):
    def __init__(self, status: int, title: str, details: list[str]):
        self.status, self.title, self.details = status, title, details
        super().__init__(f"{status} {title}: {details}")

    def body(self) -> dict:
        return {"errors": [{"title": self.title, "detail": detail} for detail in self.details]}


def not_found() -> ApiError:
    return ApiError(404, "Resource not found", ["Nothing could be found for the provided details"])


def unprocessable(error: DomainError) -> ApiError:
    return ApiError(422, "Unprocessable entity", [e.message for e in error.errors])


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(AuthenticationError)
def access_denied(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"errors": [{"title": "Unauthorised", "detail": "Access denied"}]}, status=401)


@api.exception_handler(NinjaValidationError)
def malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}" for e in exc.errors]
    body = {"errors": [{"title": "Bad request", "detail": d} for d in details]}
    return api.create_response(request, body, status=400)


# Rendering -------------------------------------------------------------------------------------------------


def teacher_data(teacher: Teacher) -> dict:
    periods = getattr(teacher, "periods_here", None)
    return {
        "trn": teacher.trn,
        "first_name": teacher.trs_first_name,
        "last_name": teacher.trs_last_name,
        "trs_induction_status": teacher.trs_induction_status,
        "induction_periods": [
            {
                "started_on": p.started_on,
                "finished_on": p.finished_on,
                "induction_programme": p.induction_programme,
                "number_of_terms": p.number_of_terms,
                "outcome": p.outcome,
            }
            for p in (periods or [])
        ],
        "extensions": [
            {"number_of_terms": e.number_of_terms, "created_at": e.created_at}
            for e in sorted(teacher.induction_extensions.all(), key=lambda e: (e.created_at, e.pk))
        ],
        "updated_at": teacher.changed_at,
    }


# The list parameters are read from the query string by hand (their names have brackets, as on the lead provider
# API), so the OpenAPI document is told about them here.
LIST_PARAMETERS = [
    {
        "name": "filter[updated_since]",
        "in": "query",
        "required": False,
        "description": "Only ECTs whose record changed at or after this ISO 8601 date and time, e.g. 2026-09-01T00:00:00Z",
        "schema": {"type": "string", "format": "date-time"},
    },
    {
        "name": "page[page]",
        "in": "query",
        "required": False,
        "description": "Page number, from 1",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    {
        "name": "page[per_page]",
        "in": "query",
        "required": False,
        "description": f"Rows per page, at most {MAX_PER_PAGE}",
        "schema": {"type": "integer", "minimum": 1, "default": DEFAULT_PER_PAGE},
    },
]


def _page(request: HttpRequest) -> tuple[int, int]:
    try:
        page = int(request.GET.get("page[page]", 1))
        per_page = int(request.GET.get("page[per_page]", DEFAULT_PER_PAGE))
    except ValueError:
        page = per_page = 0
    if page < 1 or per_page < 1:
        raise ApiError(400, "Bad parameter", ["page[page] and page[per_page] must be positive whole numbers"])
    return page, min(per_page, MAX_PER_PAGE)


def _updated_since(request: HttpRequest) -> dt.datetime | None:
    value = request.GET.get("filter[updated_since]")
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise ApiError(400, "Bad parameter", ["filter[updated_since] must be an ISO 8601 date and time"]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _own_teacher(request: HttpRequest, trn: str) -> Teacher:
    teacher = selectors.claimed_teacher(appropriate_body(request), trn)
    if teacher is None:
        raise not_found()
    return teacher


# Reads -----------------------------------------------------------------------------------------------------


@api.get(
    "/teachers",
    response={200: TeachersEnvelope, 400: Errors, 401: Errors},
    summary="This body's ECTs",
    openapi_extra={"parameters": LIST_PARAMETERS},
)
def list_teachers(request: HttpRequest):
    """ECTs who have or had an induction period with this body, oldest record first."""
    page, per_page = _page(request)
    teachers = selectors.claimed_teachers_since(appropriate_body(request), _updated_since(request))
    chunk = teachers[(page - 1) * per_page : page * per_page]
    return {"data": [teacher_data(t) for t in chunk]}


@api.get(
    "/teachers/claimable",
    response={200: ClaimableEnvelope, 400: Errors, 401: Errors},
    summary="ECTs to claim",
    openapi_extra={"parameters": LIST_PARAMETERS},
)
def claimable_teachers(request: HttpRequest):
    """ECTs that schools registered with this body and that it has not claimed (the "check data from schools"
    list of the appropriate body pages), oldest record first, with the same `filter[updated_since]`, `page[page]`
    and `page[per_page]` parameters as the list of claimed ECTs."""
    page, per_page = _page(request)
    teachers = selectors.claimable_teachers(appropriate_body(request), _updated_since(request))
    chunk = teachers[(page - 1) * per_page : page * per_page]
    return {
        "data": [
            {
                "trn": t.trn,
                "first_name": t.trs_first_name,
                "last_name": t.trs_last_name,
                "trs_induction_status": t.trs_induction_status,
                "school_urn": t.school_urn,
                "school_name": t.school_name,
                "school_start_date": t.school_start_date,
                "induction_tutor_email": t.induction_tutor_email,
                "updated_at": t.changed_at,
            }
            for t in chunk
        ]
    }


@api.get("/teachers/{trn}", response={200: TeacherEnvelope, 401: Errors, 404: Errors}, summary="One ECT")
def get_teacher(request: HttpRequest, trn: str):
    return {"data": teacher_data(_own_teacher(request, trn))}


# Writes ----------------------------------------------------------------------------------------------------


@api.post(
    "/teachers/{trn}/extensions",
    response={201: TeacherEnvelope, 400: Errors, 401: Errors, 404: Errors, 422: Errors},
    summary="Add an extension",
)
def create_extension(request: HttpRequest, trn: str, payload: ExtensionIn):
    teacher = _own_teacher(request, trn)
    try:
        add_extension(author=author(request), teacher=teacher, number_of_terms=payload.number_of_terms)
    except DomainError as error:
        raise unprocessable(error) from error
    return Status(201, {"data": teacher_data(_own_teacher(request, trn))})


@api.post(
    "/teachers/{trn}/outcome",
    response={200: TeacherEnvelope, 400: Errors, 401: Errors, 404: Errors, 422: Errors},
    summary="Record a pass or fail, or release the ECT",
)
def record_outcome(request: HttpRequest, trn: str, payload: OutcomeIn):
    teacher = _own_teacher(request, trn)
    action = {"pass": induction.record_pass, "fail": induction.record_fail, "release": induction.release_ect}
    extra = {"fail_confirmation_sent_on": payload.fail_confirmation_sent_on} if payload.outcome == "fail" else {}
    try:
        action[payload.outcome](
            author=author(request),
            teacher=teacher,
            finished_on=payload.finished_on,
            number_of_terms=payload.number_of_terms,
            appropriate_body=appropriate_body(request),
            **extra,
        )
    except DomainError as error:
        raise unprocessable(error) from error
    return Status(200, {"data": teacher_data(_own_teacher(request, trn))})


@api.post(
    "/claims",
    response={201: TeacherEnvelope, 400: Errors, 401: Errors, 422: Errors, 503: Errors},
    summary="Claim an ECT's induction",
)
def claim(request: HttpRequest, payload: ClaimIn):
    """Looks the teacher up in TRS with TRN and date of birth, applies the claim page's blocking checks, then claims."""
    body = appropriate_body(request)
    try:
        found = induction.find_ect_to_claim(
            appropriate_body=body, trn=payload.trn, date_of_birth=payload.date_of_birth, client=get_trs_client()
        )
        if found.block_reason is not None:
            raise ApiError(422, "Unprocessable entity", [found.block_reason])
        with transaction.atomic():
            period = induction.claim_ect(
                author=author(request),
                appropriate_body=body,
                trs_teacher=found.trs_teacher,
                started_on=payload.started_on,
                induction_programme=payload.induction_programme,
            )
    except induction.AlreadyClaimedByThisBody:
        raise ApiError(422, "Unprocessable entity", ["This body has already claimed this ECT"]) from None
    except DomainError as error:
        raise unprocessable(error) from error
    except TRSUnavailable:
        raise ApiError(
            503, "Service unavailable", ["The Teaching Record System is not available, try again later"]
        ) from None
    return Status(201, {"data": teacher_data(selectors.claimed_teacher(body, period.teacher.trn))})
