"""Delivery partners as the v3 API shows them to one lead provider (lead-provider-api.md §11.11, §13.7).

One SQL query per request whatever the page size: the partner's row, its API timestamps formatted in SQL and the
years of every pairing it has with the caller, aggregated per partner. A partner is visible once paired with the
caller in any cohort; the `cohort` filter chooses partners paired in one of the listed years but the `cohort`
attribute still lists all of them (example E68).
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from api.v3.rendering import resource, sql_timestamp

TYPE = "delivery-partner"

SORT_COLUMNS = {"created_at": "dp.created_at", "updated_at": "coalesce(dp.api_updated_at, dp.created_at)"}

_SELECT = f"""
    SELECT dp.api_id::text,
           dp.name,
           {sql_timestamp("dp.created_at")},
           {sql_timestamp("coalesce(dp.api_updated_at, dp.created_at)")},
           array_agg(alp.contract_period_year::text ORDER BY alp.contract_period_year)
      FROM delivery_partners dp
      JOIN lead_provider_delivery_partnerships pairing ON pairing.delivery_partner_id = dp.id
      JOIN active_lead_providers alp ON alp.id = pairing.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
"""


def _resource(row: tuple) -> dict[str, Any]:
    api_id, name, created_at, updated_at, cohorts = row
    return resource(api_id, TYPE, {"name": name, "created_at": created_at, "updated_at": updated_at, "cohort": cohorts})


def delivery_partner_resources(
    *,
    lead_provider_id: int,
    cohorts: list[int] | None,
    sort: list[tuple[str, bool]],
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """A page of the caller's delivery partners, default order creation time, always tie-broken on the id."""
    having = ""
    params: dict[str, Any] = {"lead_provider_id": lead_provider_id, "offset": offset, "limit": limit}
    if cohorts is not None:
        having = "HAVING bool_or(alp.contract_period_year = ANY(%(cohorts)s))"
        params["cohorts"] = cohorts
    order = [f"{column} {'DESC' if descending else 'ASC'}" for column, descending in sort] or ["dp.created_at ASC"]
    sql = f"""{_SELECT}
      GROUP BY dp.id
      {having}
      ORDER BY {", ".join(order)}, dp.id ASC
      OFFSET %(offset)s LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_resource(row) for row in cursor.fetchall()]


def delivery_partner_resource(*, lead_provider_id: int, api_id: str) -> dict[str, Any] | None:
    """One delivery partner paired with the caller in some cohort, else None (a 404)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_SELECT} AND dp.api_id = %(api_id)s GROUP BY dp.id",
            {"lead_provider_id": lead_provider_id, "api_id": api_id},
        )
        row = cursor.fetchone()
    return _resource(row) if row else None
