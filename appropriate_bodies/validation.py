"""Rules for appropriate bodies, their legacy records and regions (domain.md §5.7, BR-AB-01, 04, 05; BR-PIS-06).

Each validator raises every failure at once with the spec's messages; the unique and check constraints on
the tables are the backstop.
"""

from __future__ import annotations

import re

from appropriate_bodies import messages
from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType, LegacyAppropriateBody, Region
from core.errors import DomainError, ErrorCollector

ESTABLISHMENT_ID_PATTERN = re.compile(r"^\d{4}/\d{3}$")


def squish(value: str | None) -> str:
    return " ".join((value or "").split())


def validate_appropriate_body_period(period: AppropriateBodyPeriod) -> None:
    """BR-AB-01: a unique (squished) name and a known type."""
    errors = ErrorCollector()
    name = squish(period.name)
    if not name:
        errors.add("name", messages.NAME_REQUIRED)
    elif AppropriateBodyPeriod.objects.filter(name__iexact=name).exclude(pk=period.pk).exists():
        errors.add("name", messages.NAME_TAKEN)
    if period.body_type is not None and period.body_type not in AppropriateBodyType.values:
        errors.add("body_type", messages.BODY_TYPE_INVALID)
    errors.raise_if_any()


def validate_legacy_appropriate_body(legacy: LegacyAppropriateBody) -> None:
    """BR-AB-04: unique name and DQT id; one legacy record per AB period; a known type."""
    errors = ErrorCollector()
    others = LegacyAppropriateBody.objects.exclude(pk=legacy.pk)
    name = squish(legacy.name)
    if not name:
        errors.add("name", messages.NAME_REQUIRED)
    elif others.filter(name__iexact=name).exists():
        errors.add("name", messages.NAME_TAKEN)
    if legacy.dqt_id is None:
        errors.add("dqt_id", messages.CANT_BE_BLANK)
    elif others.filter(dqt_id=legacy.dqt_id).exists():
        errors.add("dqt_id", messages.DQT_ID_TAKEN)
    if legacy.appropriate_body_period_id is None:
        errors.add("appropriate_body_period", messages.CANT_BE_BLANK)
    elif others.filter(appropriate_body_period_id=legacy.appropriate_body_period_id).exists():
        errors.add("appropriate_body_period", messages.LEGACY_BODY_ALREADY_MAPPED)
    if legacy.body_type not in AppropriateBodyType.values:
        errors.add("body_type", messages.BODY_TYPE_INVALID)
    errors.raise_if_any()


def validate_region(region: Region) -> None:
    """BR-AB-05: a unique code and at least one district."""
    errors = ErrorCollector()
    code = (region.code or "").strip()
    if not code:
        errors.add("code", messages.REGION_CODE_REQUIRED)
    elif Region.objects.filter(code=code).exclude(pk=region.pk).exists():
        errors.add("code", messages.REGION_CODE_TAKEN)
    if not [d for d in (region.districts or []) if d and d.strip()]:
        errors.add("districts", messages.DISTRICTS_REQUIRED)
    errors.raise_if_any()


def validate_establishment_id(value: str | None) -> None:
    """BR-PIS-06: `1234/567` when given."""
    if value and not ESTABLISHMENT_ID_PATTERN.match(value.strip()):
        raise DomainError("establishment_id", messages.ESTABLISHMENT_ID_FORMAT)
