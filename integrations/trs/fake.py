"""An in-process stand-in for TRS (integrations.md §2.10), seeded by tests and demo data.

It keeps the reference fake's special TRNs, stores a date of birth per TRN (a different one gives "not
found", so the mismatch path is real), remembers the last induction-status write per TRN and returns it
on the next read, and has switches to force not-found, deactivated, merged, "down" and rejected writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core import clock
from core.dates import add_months
from integrations.trs.client import (
    PROHIBITED_FROM_TEACHING_CATEGORY_ID,
    TeacherDeactivated,
    TeacherMerged,
    TeacherNotFound,
    TRSClient,
    TRSTeacher,
    TRSUnavailable,
    TRSWriteRejected,
)

DEFAULT_DATE_OF_BIRTH = dt.date(1977, 2, 3)
NON_PROHIBITING_ALERT_CATEGORY_ID = "5562a5b7-3e32-eb11-a814-000d3a23980a"
FIRST_NAMES = ("Aisha", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harry", "Isla", "Jack", "Kiran", "Lily")
LAST_NAMES = ("Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones")


@dataclass(frozen=True)
class InductionWrite:
    status: str
    start_date: dt.date | None
    completed_date: dt.date | None
    modified_at: dt.datetime


class FakeTRS(TRSClient):
    """Behaves like TRS for the TRNs of §2.10; everything else is an ordinary teacher with QTS."""

    def __init__(self, *, echo_date_of_birth: bool = False, shared_writes: bool = False):
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise ImproperlyConfigured("The fake TRS must never run in production")
        self.echo_date_of_birth = echo_date_of_birth
        # The web server and the worker each hold a fake; with `shared_writes` a read also sees writes the other
        # process sent, from the outbox table (the reference fake shares them through Redis, §2.10).
        self.shared_writes = shared_writes
        self.teachers: dict[str, TRSTeacher] = {}
        self.writes: dict[str, InductionWrite] = {}
        self.write_log: list[tuple[str, InductionWrite]] = []
        self.not_found: set[str] = {"7000002"}
        self.deactivated: set[str] = {"7000004"}
        self.merged: dict[str, str] = {"7000011": "7000012"}
        self.down = False
        self.reject_writes = False
        self.lookups: list[dict[str, Any]] = []

    # Seeding -----------------------------------------------------------------------------------------

    def add_teacher(
        self,
        *,
        trn: str,
        date_of_birth: dt.date = DEFAULT_DATE_OF_BIRTH,
        first_name: str = "Jane",
        last_name: str = "Smith",
        induction_status: str | None = "RequiredToComplete",
        induction_start_date: dt.date | None = None,
        induction_completed_date: dt.date | None = None,
        qts_awarded_on: dt.date | None = dt.date(2025, 7, 1),
        prohibited_from_teaching: bool = False,
        alerts: tuple[str, ...] = (),
        **fields: Any,
    ) -> TRSTeacher:
        if prohibited_from_teaching and PROHIBITED_FROM_TEACHING_CATEGORY_ID not in alerts:
            alerts = (*alerts, PROHIBITED_FROM_TEACHING_CATEGORY_ID)
        teacher = TRSTeacher(
            trn=trn,
            date_of_birth=date_of_birth,
            first_name=first_name,
            last_name=last_name,
            induction_status=induction_status,
            induction_start_date=induction_start_date,
            induction_completed_date=induction_completed_date,
            qts_awarded_on=qts_awarded_on,
            prohibited_from_teaching=prohibited_from_teaching,
            alerts=alerts,
            **fields,
        )
        self.teachers[trn] = teacher
        self.writes.pop(trn, None)
        return teacher

    def force_not_found(self, trn: str) -> None:
        self.not_found.add(trn)

    def force_deactivated(self, trn: str) -> None:
        self.deactivated.add(trn)

    def force_merged(self, trn: str, into: str) -> None:
        self.merged[trn] = into

    # Reading -----------------------------------------------------------------------------------------

    def find_teacher(
        self, *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
    ) -> TRSTeacher:
        self.lookups.append({"trn": trn, "date_of_birth": date_of_birth, "nino": national_insurance_number})
        if self.down:
            raise TRSUnavailable("503 Service Unavailable (fake)")
        if trn in self.not_found:
            raise TeacherNotFound(trn)
        if trn in self.deactivated:
            raise TeacherDeactivated(trn)
        if trn in self.merged:
            raise TeacherMerged(trn, self.merged[trn])
        teacher = self.teachers.get(trn) or self._special_or_ordinary(trn)
        if date_of_birth is not None and date_of_birth != teacher.date_of_birth:
            if not self.echo_date_of_birth:
                raise TeacherNotFound(trn)
            teacher = replace(teacher, date_of_birth=date_of_birth)
        write = self.writes.get(trn) or (self._write_sent_elsewhere(trn) if self.shared_writes else None)
        if write is not None:
            teacher = replace(
                teacher,
                induction_status=write.status,
                induction_start_date=write.start_date,
                induction_completed_date=write.completed_date,
            )
        return teacher

    def _special_or_ordinary(self, trn: str) -> TRSTeacher:
        today = clock.today()
        first_name, last_name = self._names_for(trn)
        teacher = TRSTeacher(
            trn=trn,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=DEFAULT_DATE_OF_BIRTH,
            induction_status="InProgress",
            induction_start_date=add_months(today, -24),
            induction_completed_date=add_months(today, -12),
            qts_awarded_on=add_months(today, -36),
            qts_status_description="QualifiedTeacherStatus",
            initial_teacher_training_provider_name="Example Provider Ltd.",
            initial_teacher_training_end_date=dt.date(2021, 4, 5),
        )
        special: dict[str, dict[str, Any]] = {
            "7000001": {"qts_awarded_on": None, "qts_status_description": None},
            "7000003": {"alerts": (PROHIBITED_FROM_TEACHING_CATEGORY_ID,), "prohibited_from_teaching": True},
            "7000005": {"alerts": (NON_PROHIBITING_ALERT_CATEGORY_ID,)},
            "7000007": {"induction_status": "Passed"},
            "7000008": {"induction_status": "Failed"},
            "7000009": {"induction_status": "Exempt"},
            "7000010": {"induction_status": "FailedInWales"},
        }
        return replace(teacher, **special.get(trn, {}))

    @staticmethod
    def _names_for(trn: str) -> tuple[str, str]:
        """The service's stored names when it knows the TRN, else a fixed pick seeded by the TRN."""
        from teachers.models import Teacher

        known = Teacher.objects.filter(trn=trn).values_list("trs_first_name", "trs_last_name").first()
        if known and (known[0] or known[1]):
            return known[0] or "", known[1] or ""
        seed = int(hashlib.sha256(trn.encode()).hexdigest(), 16)
        return FIRST_NAMES[seed % len(FIRST_NAMES)], LAST_NAMES[(seed // 97) % len(LAST_NAMES)]

    @staticmethod
    def _write_sent_elsewhere(trn: str) -> InductionWrite | None:
        from integrations.trs.models import TRSInductionStatusUpdate
        from integrations.trs.outbox import SUPERSEDED

        row = (
            TRSInductionStatusUpdate.objects.filter(trn=trn, sent_at__isnull=False)
            .exclude(last_error=SUPERSEDED)
            .order_by("-sent_at", "-id")
            .first()
        )
        return row and InductionWrite(row.status, row.start_date, row.completed_date, row.sent_at)

    # Writing -----------------------------------------------------------------------------------------

    def set_induction_status(
        self,
        *,
        trn: str,
        status: str,
        start_date: dt.date | None,
        completed_date: dt.date | None,
        modified_at: dt.datetime | None = None,
    ) -> None:
        if self.down:
            raise TRSUnavailable("503 Service Unavailable (fake)")
        if self.reject_writes:
            raise TRSWriteRejected("400 Bad Request (fake)")
        if trn in self.not_found or (trn not in self.teachers and trn in self.deactivated):
            raise TRSWriteRejected(f"404 {trn} not found (fake)")
        write = InductionWrite(status, start_date, completed_date, modified_at or clock.now())
        self.writes[trn] = write
        self.write_log.append((trn, write))

    def last_write(self, trn: str) -> InductionWrite | None:
        return self.writes.get(trn)


_shared: FakeTRS | None = None


def shared_fake() -> FakeTRS:
    """One fake per process, for development and demos (no `TRS_API_BASE_URL`, or `ENABLE_FAKE_TRS_API`), echoing
    whatever date of birth is asked for and sharing writes between the web server and the worker."""
    global _shared
    if _shared is None:
        _shared = FakeTRS(echo_date_of_birth=True, shared_writes=True)
    return _shared
