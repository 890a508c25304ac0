"""Appropriate body page tests: North Hub's user signed in, and a seeded fake TRS behind the claim journey."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_body_portal.views import claim
from sign_in.testing import sign_in_appropriate_body_user
from tests.builders_induction import fake_trs_with_jane


@pytest.fixture
def ab_client(client, world):
    sign_in_appropriate_body_user(client, world.north_hub)
    return client


@pytest.fixture
def trs(monkeypatch):
    fake = fake_trs_with_jane()
    monkeypatch.setattr(claim, "trs_client", lambda: fake)
    return fake


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}
