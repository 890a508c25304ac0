"""Builders for induction tests: authors, a seeded fake TRS, TRS snapshots and admin users."""

from __future__ import annotations

import datetime as dt
import itertools

from accounts.models import User
from appropriate_bodies.models import AppropriateBodyPeriod
from events.authors import Author
from integrations.trs.client import TRSTeacher
from integrations.trs.fake import FakeTRS
from integrations.trs.models import TRSInductionStatusUpdate

JANE_DOB = dt.date(1998, 1, 2)
_sequence = itertools.count(1)


def ab_user(appropriate_body: AppropriateBodyPeriod, *, email: str | None = None) -> Author:
    return Author.appropriate_body_user(
        email=email or f"user{next(_sequence)}@{appropriate_body.pk}.example.org",
        name="Alex Assessor",
        appropriate_body=appropriate_body,
    )


def dfe_admin(*, email: str | None = None) -> Author:
    user = User.objects.create(
        email=email or f"admin{next(_sequence)}@education.gov.uk", name="Dee Admin", role="admin"
    )
    return Author.dfe_staff_user(user)


def trs_teacher(
    *,
    trn: str = "1234567",
    first_name: str = "Jane",
    last_name: str = "Smith",
    date_of_birth: dt.date = JANE_DOB,
    induction_status: str | None = "RequiredToComplete",
    qts_awarded_on: dt.date | None = dt.date(2025, 7, 1),
    prohibited_from_teaching: bool = False,
    **fields,
) -> TRSTeacher:
    """A TRS snapshot; Jane by default (domain.md §8 baseline)."""
    return TRSTeacher(
        trn=trn,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        induction_status=induction_status,
        qts_awarded_on=qts_awarded_on,
        prohibited_from_teaching=prohibited_from_teaching,
        **fields,
    )


def fake_trs_with_jane(**jane_fields) -> FakeTRS:
    fake = FakeTRS()
    jane = {
        "date_of_birth": JANE_DOB,
        "first_name": "Jane",
        "last_name": "Smith",
        "qts_awarded_on": dt.date(2025, 7, 1),
    }
    fake.add_teacher(trn="1234567", **(jane | jane_fields))
    return fake


def trs_updates(teacher=None) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """The queued TRS writes, oldest first, as (status, start, completed)."""
    rows = TRSInductionStatusUpdate.objects.order_by("created_at", "pk")
    if teacher is not None:
        rows = rows.filter(teacher=teacher)
    return [(r.status, r.start_date, r.completed_date) for r in rows]
