"""A small client for the Teaching Record Service (integrations.md §2).

Two operations matter to the service: find a teacher (by TRN, optionally matching a date of birth or a
National Insurance number) and set a teacher's induction status. `TRSClient` names them; `HTTPTRSClient`
talks to the real API and `integrations.trs.fake.FakeTRS` stands in for it in tests and demos.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from core import clock

PROHIBITED_FROM_TEACHING_CATEGORY_ID = "b2b19019-b165-47a3-8745-3297ff152581"
INCLUDE = "Alerts,Induction,MandatoryQualifications,RoutesToProfessionalStatuses"
DEFAULT_API_VERSION = "20260120"

# §2.4 constants
STATUSES_ALLOWING_INDUCTION = ("None", "RequiredToComplete", "InProgress")
STATUSES_INDUCTION_OVER = ("Passed", "Failed", "FailedInWales", "Exempt")
KNOWN_INDUCTION_STATUSES = STATUSES_ALLOWING_INDUCTION + STATUSES_INDUCTION_OVER


# Errors (§2.9) ---------------------------------------------------------------------------------------


class TRSError(Exception):
    pass


class TeacherNotFound(TRSError):
    """404: no such TRN, or the date of birth / NINO did not match."""


class TeacherDeactivated(TRSError):
    """410: the record was deactivated."""


class TeacherMerged(TRSError):
    """308: the record was merged into another TRN."""

    def __init__(self, trn: str, redirected_to: str | None):
        super().__init__(f"TRN {trn} redirects to TRN {redirected_to}")
        self.trn = trn
        self.redirected_to = redirected_to


class TRSUnavailable(TRSError):
    """TRS is down or answered something unexpected; the only retryable error."""


class TRSWriteRejected(TRSError):
    """TRS refused an induction-status write (a 4xx)."""


# What TRS says about a teacher (§2.4) ---------------------------------------------------------------


@dataclass(frozen=True)
class TRSTeacher:
    """One TRS record, with attribute names the teacher-refresh service reads (`teachers.services.identity`)."""

    trn: str
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    date_of_birth: dt.date | None = None
    email_address: str | None = None
    national_insurance_number: str | None = None
    induction_status: str | None = None
    induction_start_date: dt.date | None = None
    induction_completed_date: dt.date | None = None
    qts_awarded_on: dt.date | None = None
    qts_status_description: str | None = None
    initial_teacher_training_provider_name: str | None = None
    initial_teacher_training_end_date: dt.date | None = None
    alerts: tuple[str, ...] = ()
    prohibited_from_teaching: bool = False
    response: str = "ok"
    redirected_to: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def has_qts(self) -> bool:
        return self.qts_awarded_on is not None

    @property
    def has_alerts(self) -> bool:
        return bool(self.alerts)

    @property
    def is_exempt(self) -> bool:
        return self.induction_status == "Exempt"

    @property
    def has_passed(self) -> bool:
        return self.induction_status == "Passed"

    @property
    def has_failed(self) -> bool:
        return self.induction_status in ("Failed", "FailedInWales")

    @property
    def induction_already_completed(self) -> bool:
        return self.induction_status in STATUSES_INDUCTION_OVER

    @property
    def induction_status_is_known(self) -> bool:
        return self.induction_status in KNOWN_INDUCTION_STATUSES


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _alert_is_active(alert: dict[str, Any], today: dt.date) -> bool:
    """An alert is active when its end date is absent, unparseable, or in the future (§2.4)."""
    end = _date(alert.get("endDate"))
    return end is None or end > today


def parse_person(body: dict[str, Any], *, today: dt.date | None = None) -> TRSTeacher:
    """Map a `GET /v3/persons/{trn}` body (the `20250627` shape) onto a TRSTeacher."""
    today = today or clock.today()
    alerts = body.get("alerts") or []
    categories = tuple(
        str(((alert.get("alertType") or {}).get("alertCategory") or {}).get("alertCategoryId") or "")
        for alert in alerts
    )
    prohibited = any(
        category == PROHIBITED_FROM_TEACHING_CATEGORY_ID and _alert_is_active(alert, today)
        for alert, category in zip(alerts, categories, strict=True)
    )
    induction = body.get("induction") or {}
    qts = body.get("qts") or {}
    qts_routes = qts.get("routes") or []
    routes = body.get("routesToProfessionalStatuses") or []
    last_route = routes[-1] if routes else {}
    last_qts_route = qts_routes[-1] if qts_routes else {}
    return TRSTeacher(
        trn=str(body.get("trn") or ""),
        first_name=body.get("firstName"),
        middle_name=body.get("middleName"),
        last_name=body.get("lastName"),
        date_of_birth=_date(body.get("dateOfBirth")),
        email_address=body.get("emailAddress"),
        national_insurance_number=body.get("nationalInsuranceNumber"),
        induction_status=induction.get("status"),
        induction_start_date=_date(induction.get("startDate")),
        induction_completed_date=_date(induction.get("completedDate")),
        qts_awarded_on=_date(qts.get("holdsFrom")),
        qts_status_description=(
            (last_qts_route.get("routeToProfessionalStatusType") or {}).get("professionalStatusType")
        ),
        initial_teacher_training_provider_name=(last_route.get("trainingProvider") or {}).get("name"),
        initial_teacher_training_end_date=_date(last_route.get("trainingEndDate")),
        alerts=tuple(c for c in categories if c),
        prohibited_from_teaching=prohibited,
        raw=body,
    )


# The interface ---------------------------------------------------------------------------------------


class TRSClient:
    """What the service needs from TRS. Subclasses implement `find_teacher` and `set_induction_status`."""

    def find_teacher(
        self, *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
    ) -> TRSTeacher:
        raise NotImplementedError

    def set_induction_status(
        self,
        *,
        trn: str,
        status: str,
        start_date: dt.date | None,
        completed_date: dt.date | None,
        modified_at: dt.datetime | None = None,
    ) -> None:
        raise NotImplementedError

    # The named operations of §2.5, all one PUT underneath.
    def begin_induction(self, *, trn: str, start_date: dt.date, modified_at: dt.datetime | None = None) -> None:
        self.set_induction_status(
            trn=trn, status="InProgress", start_date=start_date, completed_date=None, modified_at=modified_at
        )

    def pass_induction(
        self, *, trn: str, start_date: dt.date, completed_date: dt.date, modified_at: dt.datetime | None = None
    ) -> None:
        self.set_induction_status(
            trn=trn, status="Passed", start_date=start_date, completed_date=completed_date, modified_at=modified_at
        )

    def fail_induction(
        self, *, trn: str, start_date: dt.date, completed_date: dt.date, modified_at: dt.datetime | None = None
    ) -> None:
        self.set_induction_status(
            trn=trn, status="Failed", start_date=start_date, completed_date=completed_date, modified_at=modified_at
        )

    def reset_induction(self, *, trn: str, modified_at: dt.datetime | None = None) -> None:
        self.set_induction_status(
            trn=trn, status="RequiredToComplete", start_date=None, completed_date=None, modified_at=modified_at
        )

    def reopen_induction(self, *, trn: str, start_date: dt.date, modified_at: dt.datetime | None = None) -> None:
        self.begin_induction(trn=trn, start_date=start_date, modified_at=modified_at)


def modified_on(moment: dt.datetime) -> str:
    """`2025-03-04T10:15:30.123Z`: UTC with milliseconds, as TRS expects."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def induction_status_body(
    *, status: str, start_date: dt.date | None, completed_date: dt.date | None, modified_at: dt.datetime
) -> dict[str, Any]:
    return {
        "status": status,
        "startDate": start_date.isoformat() if start_date else None,
        "completedDate": completed_date.isoformat() if completed_date else None,
        "modifiedOn": modified_on(modified_at),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # a 308 means "merged": report it, don't follow
        return None


class HTTPTRSClient(TRSClient):
    """The real API over HTTPS (§2.2): bearer key, pinned API version, short timeouts."""

    def __init__(self, *, base_url: str, api_key: str, api_version: str = DEFAULT_API_VERSION, timeout: float = 15):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.api_version = api_version
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect)

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any], Any]:
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.api_key}",
                "X-Api-Version": self.api_version,
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
                return response.status, dict(response.headers), json.loads(raw) if raw else {}
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers or {}), exc.read().decode(errors="replace")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TRSUnavailable(str(exc)) from exc

    def find_teacher(
        self, *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
    ) -> TRSTeacher:
        query = {"include": INCLUDE}
        if date_of_birth is not None:
            query["dateOfBirth"] = date_of_birth.isoformat()
        if national_insurance_number:
            query["nationalInsuranceNumber"] = national_insurance_number
        status, headers, body = self._request("GET", f"/v3/persons/{trn}?{urllib.parse.urlencode(query)}")
        if 200 <= status < 300:
            return parse_person(body)
        if status == 404:
            raise TeacherNotFound(trn)
        if status == 410:
            raise TeacherDeactivated(trn)
        if status == 308:
            location = headers.get("Location") or headers.get("location") or ""
            redirected = location.split("/v3/persons/", 1)[-1].split("?", 1)[0] if "/v3/persons/" in location else None
            raise TeacherMerged(trn, redirected)
        raise TRSUnavailable(f"{status} {body}")

    def set_induction_status(
        self,
        *,
        trn: str,
        status: str,
        start_date: dt.date | None,
        completed_date: dt.date | None,
        modified_at: dt.datetime | None = None,
    ) -> None:
        payload = induction_status_body(
            status=status,
            start_date=start_date,
            completed_date=completed_date,
            modified_at=modified_at or clock.now(),
        )
        code, _, body = self._request("PUT", f"/v3/persons/{trn}/cpd-induction", payload)
        if 200 <= code < 300:
            return
        if 400 <= code < 500:
            raise TRSWriteRejected(f"{code} {body}")
        raise TRSUnavailable(f"{code} {body}")


def _setting(name: str, default: str = "") -> str:
    from django.conf import settings

    return str(getattr(settings, name, None) or os.environ.get(name, default) or "")


def setting_flag(name: str) -> bool | None:
    """True / False when the setting or environment variable says so; None when nobody said."""
    from django.conf import settings

    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on")


def trs_uses_fake() -> bool:
    """The fake when `ENABLE_FAKE_TRS_API` is on, or when no `TRS_API_BASE_URL` is configured (development and
    tests need no outside system); the real API otherwise (§11). The fake refuses to start in production, so a
    production without a URL fails loudly instead of inventing teachers."""
    forced = setting_flag("ENABLE_FAKE_TRS_API")
    if forced is not None:
        return forced
    return not _setting("TRS_API_BASE_URL")


def get_trs_client() -> TRSClient:
    """The configured TRS client: `HTTPTRSClient` from `TRS_API_BASE_URL`, `TRS_API_KEY` and `TRS_API_VERSION`,
    or the shared fake (see `trs_uses_fake`)."""
    if trs_uses_fake():
        from integrations.trs.fake import shared_fake

        return shared_fake()
    return HTTPTRSClient(
        base_url=_setting("TRS_API_BASE_URL"),
        api_key=_setting("TRS_API_KEY"),
        api_version=_setting("TRS_API_VERSION", DEFAULT_API_VERSION),
    )
