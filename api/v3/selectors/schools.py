"""Schools as the v3 API shows them for one cohort to one lead provider (lead-provider-api.md §11.10, §10.3,
§13.3).

A school is in a cohort's list when it is eligible for funding (marked eligible by DfE, or GIAS-eligible) or has a
partnership with any provider in that cohort; an unknown cohort has no list. The derived values and the
school-in-cohort `updated_at` come from the metadata tables `schools.services.api_metadata` keeps, so a page is one
SQL query whatever its size: schools, their GIAS record, the (school, cohort) row and the caller's
(school, provider, cohort) row, formatted in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import resource, sql_timestamp

TYPE = "school"

SORT_COLUMNS = {"created_at": "s.created_at", "updated_at": "m.api_updated_at"}

_SELECT = f"""
    SELECT s.api_id::text,
           g.name,
           g.urn::text,
           m.in_partnership,
           m.induction_programme_choice,
           coalesce(l.expression_of_interest_or_school_partnership, false) AS eoi,
           s.induction_tutor_name,
           coalesce(nullif(s.induction_tutor_email, ''), nullif(g.primary_contact_email, ''),
                    nullif(g.secondary_contact_email, '')),
           {sql_timestamp("s.created_at")},
           {sql_timestamp("m.api_updated_at")}
      FROM metadata_schools_contract_periods m
      JOIN schools s ON s.id = m.school_id
      JOIN gias_schools g ON g.urn = s.urn
      LEFT JOIN metadata_schools_lead_providers_contract_periods l
             ON l.school_id = m.school_id
            AND l.contract_period_year = m.contract_period_year
            AND l.lead_provider_id = %(lead_provider_id)s
     WHERE m.contract_period_year = %(cohort)s
       AND (s.marked_as_eligible OR g.eligible OR m.in_partnership)
"""


def _resource(row: tuple, cohort: str) -> dict[str, Any]:
    api_id, name, urn, in_partnership, choice, eoi, tutor_name, tutor_email, created_at, updated_at = row
    return resource(
        api_id,
        TYPE,
        {
            "name": name,
            "urn": urn,
            "cohort": cohort,
            "in_partnership": in_partnership,
            "induction_programme_choice": choice,
            "expression_of_interest": eoi,
            # The induction tutor is shown only to a provider the school has expressed interest in (§11.10.3).
            "induction_tutor_name": tutor_name if eoi else None,
            "induction_tutor_email": tutor_email if eoi else None,
            "created_at": created_at,
            "updated_at": updated_at,
        },
    )


def school_resources(
    *,
    lead_provider_id: int,
    cohort: int | None,
    urn: int | None,
    urn_given: bool,
    updated_since: dt.datetime | None,
    sort: list[tuple[str, bool]],
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """A page of the cohort's schools. `cohort` None (no leading digits) matches nothing, as does a `urn` given
    without leading digits. Default order: school creation time, always tie-broken on the school's id."""
    if cohort is None or (urn_given and urn is None):
        return []
    params: dict[str, Any] = {"lead_provider_id": lead_provider_id, "cohort": cohort, "offset": offset, "limit": limit}
    conditions = []
    if urn_given:
        conditions.append("AND g.urn = %(urn)s")
        params["urn"] = urn
    if updated_since is not None:
        conditions.append("AND m.api_updated_at >= %(updated_since)s")
        params["updated_since"] = updated_since
    order = [f"{column} {'DESC' if descending else 'ASC'}" for column, descending in sort] or ["s.created_at ASC"]
    sql = f"""{_SELECT}
       {" ".join(conditions)}
     ORDER BY {", ".join(order)}, s.id ASC
    OFFSET %(offset)s LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    year = str(cohort)
    return [_resource(row, year) for row in rows]


def school_resource(*, lead_provider_id: int, cohort: int | None, api_id: str) -> dict[str, Any] | None:
    """One school, if it is in the cohort's list (else None: a 404)."""
    if cohort is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_SELECT} AND s.api_id = %(api_id)s",
            {"lead_provider_id": lead_provider_id, "cohort": cohort, "api_id": api_id},
        )
        row = cursor.fetchone()
    return _resource(row, str(cohort)) if row else None
