"""School partnerships as the v3 API shows them to their lead provider (lead-provider-api.md §11.12.1–3, §13.4).

One SQL query per request whatever the page size: a CTE chooses the page's partnership ids (filters, order,
offset), then the partnership is joined to its school, register record, current delivery partner and cohort,
timestamps formatted in SQL, and `participants_currently_training` counted by a correlated subquery (training periods
of the partnership whose dates contain today) for the page's rows only. A partnership is visible only to the lead
provider whose pairing it goes through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import resource, sql_timestamp
from core import clock
from providers.models import SchoolPartnership

TYPE = "partnership"

UPDATED_AT = "coalesce(sp.api_updated_at, sp.created_at)"
SORT_COLUMNS = {"created_at": "sp.created_at", "updated_at": UPDATED_AT}

# The caller's partnerships, with what the filters need.
_OWN = """
      FROM school_partnerships sp
      JOIN lead_provider_delivery_partnerships pairing ON pairing.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = pairing.active_lead_provider_id
      JOIN delivery_partners dp ON dp.id = pairing.delivery_partner_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
"""

# The resource's columns for the partnerships in `chosen` (a CTE of ids). The count runs only for those rows.
_RESOURCES = f"""
    SELECT sp.api_id::text,
           alp.contract_period_year::text,
           s.urn::text,
           s.api_id::text,
           dp.api_id::text,
           dp.name,
           s.induction_tutor_name,
           coalesce(
               nullif(s.induction_tutor_email, ''),
               nullif(gias.primary_contact_email, ''),
               nullif(gias.secondary_contact_email, '')
           ),
           (SELECT count(*)
              FROM training_periods tp
             WHERE tp.school_partnership_id = sp.id
               AND tp.started_on <= %(today)s
               AND (tp.finished_on IS NULL OR tp.finished_on >= %(today)s)),
           {sql_timestamp("sp.created_at")},
           {sql_timestamp(UPDATED_AT)}
      FROM chosen
      JOIN school_partnerships sp ON sp.id = chosen.id
      JOIN lead_provider_delivery_partnerships pairing ON pairing.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = pairing.active_lead_provider_id
      JOIN delivery_partners dp ON dp.id = pairing.delivery_partner_id
      JOIN schools s ON s.id = sp.school_id
      JOIN gias_schools gias ON gias.urn = s.urn
"""

_ATTRIBUTES = (
    "cohort",
    "urn",
    "school_id",
    "delivery_partner_id",
    "delivery_partner_name",
    "induction_tutor_name",
    "induction_tutor_email",
    "participants_currently_training",
    "created_at",
    "updated_at",
)


def _resource(row: tuple) -> dict[str, Any]:
    return resource(row[0], TYPE, dict(zip(_ATTRIBUTES, row[1:], strict=True)))


def partnership_resources(
    *,
    lead_provider_id: int,
    cohorts: list[int] | None,
    delivery_partner_ids: list[str] | None,
    updated_since: dt.datetime | None,
    sort: list[tuple[str, bool]],
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """A page of the caller's partnerships, filtered (§8.5), default order creation time, tie-broken on the id.
    An empty list for a filter (every element malformed) matches nothing, as `= ANY('{}')` does."""
    params: dict[str, Any] = {
        "lead_provider_id": lead_provider_id,
        "today": clock.today(),
        "offset": offset,
        "limit": limit,
    }
    conditions = []
    if cohorts is not None:
        conditions.append("alp.contract_period_year = ANY(%(cohorts)s)")
        params["cohorts"] = cohorts
    if delivery_partner_ids is not None:
        conditions.append("dp.api_id = ANY(%(delivery_partner_ids)s::uuid[])")
        params["delivery_partner_ids"] = delivery_partner_ids
    if updated_since is not None:
        conditions.append(f"{UPDATED_AT} >= %(updated_since)s")
        params["updated_since"] = updated_since
    where = "".join(f" AND {condition}" for condition in conditions)
    order = [f"{column} {'DESC' if descending else 'ASC'}" for column, descending in sort] or ["sp.created_at ASC"]
    order_by = f"ORDER BY {', '.join(order)}, sp.id ASC"
    # The page is chosen on the narrow join first, so a deep page costs no joins or counts for the rows it skips.
    sql = f"""WITH chosen AS (SELECT sp.id {_OWN}{where} {order_by} OFFSET %(offset)s LIMIT %(limit)s)
      {_RESOURCES} {order_by}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_resource(row) for row in cursor.fetchall()]


def partnership_resource(*, lead_provider_id: int, api_id: str) -> dict[str, Any] | None:
    """One of the caller's partnerships, else None (a 404: unknown, or another provider's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH chosen AS (SELECT sp.id {_OWN} AND sp.api_id = %(api_id)s) {_RESOURCES}",
            {"lead_provider_id": lead_provider_id, "api_id": api_id, "today": clock.today()},
        )
        row = cursor.fetchone()
    return _resource(row) if row else None


def own_school_partnership(*, lead_provider_id: int, api_id: str) -> SchoolPartnership | None:
    """The caller's partnership with that id, for a write; None when unknown or another provider's."""
    return SchoolPartnership.objects.filter(
        api_id=api_id, lead_provider_delivery_partnership__active_lead_provider__lead_provider_id=lead_provider_id
    ).first()
