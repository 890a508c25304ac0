"""Statements as the v3 API shows them to their lead provider (lead-provider-api.md §11.9, §13.6; finance.md §5.5).

Only output-fee statements are exposed; service-fee statements do not exist as far as the API is concerned (a 404
on show). One SQL query per request whatever the page size, values formatted in SQL except the month's English
name, taken from a fixed table rather than the database's locale.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import resource, sql_timestamp
from finance.models import FeeType, StatementStatus

TYPE = "statement"

UPDATED_AT = "coalesce(st.api_updated_at, st.created_at)"
MONTH_NAMES = tuple(calendar.month_name)  # index 1 … 12; English whatever the process locale

_SELECT = f"""
    SELECT st.api_id::text,
           st.month,
           st.year::text,
           alp.contract_period_year::text,
           to_char(st.deadline_date, 'YYYY-MM-DD'),
           to_char(st.payment_date, 'YYYY-MM-DD'),
           st.status = %(paid)s,
           {sql_timestamp("st.created_at")},
           {sql_timestamp(UPDATED_AT)}
      FROM statements st
      JOIN active_lead_providers alp ON alp.id = st.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
       AND st.fee_type = %(output)s
"""


def _params(lead_provider_id: int) -> dict[str, Any]:
    return {"lead_provider_id": lead_provider_id, "paid": StatementStatus.PAID, "output": FeeType.OUTPUT}


def _resource(row: tuple) -> dict[str, Any]:
    api_id, month, year, cohort, cut_off_date, payment_date, paid, created_at, updated_at = row
    return resource(
        api_id,
        TYPE,
        {
            "month": MONTH_NAMES[month],
            "year": year,
            "cohort": cohort,
            "cut_off_date": cut_off_date,
            "payment_date": payment_date,
            "paid": paid,
            "created_at": created_at,
            "updated_at": updated_at,
        },
    )


def statement_resources(
    *,
    lead_provider_id: int,
    cohorts: list[int] | None,
    updated_since: dt.datetime | None,
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """A page of the caller's output statements by payment date (§7.1: `sort` is ignored here), tie-broken on the
    id so pages never overlap."""
    params = _params(lead_provider_id) | {"offset": offset, "limit": limit}
    where = ""
    if cohorts is not None:
        where += " AND alp.contract_period_year = ANY(%(cohorts)s)"
        params["cohorts"] = cohorts
    if updated_since is not None:
        where += f" AND {UPDATED_AT} >= %(updated_since)s"
        params["updated_since"] = updated_since
    sql = f"""{_SELECT}{where}
      ORDER BY st.payment_date ASC, st.id ASC
      OFFSET %(offset)s LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_resource(row) for row in cursor.fetchall()]


def statement_resource(*, lead_provider_id: int, api_id: str) -> dict[str, Any] | None:
    """One of the caller's output statements, else None (a 404: unknown, another provider's, or service-fee)."""
    with connection.cursor() as cursor:
        cursor.execute(f"{_SELECT} AND st.api_id = %(api_id)s", _params(lead_provider_id) | {"api_id": api_id})
        row = cursor.fetchone()
    return _resource(row) if row else None
