"""Declarations as a lead provider sees them (lead-provider-api.md §11.8, §12.7, §12.9), read with one SQL query.

A declaration is visible to the caller when the caller has a latest training period ("LX", §10.2) for the
declaration's teacher and role, and either the declaration is the caller's own (any state) or it is another
provider's billable-or-changeable one dated no later than LX's finish. Rows come back as the API's resource dicts,
timestamps formatted by PostgreSQL, so a page of 3,000 costs one query and no ORM objects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import sql_timestamp

# The caller's latest partnership-linked training period per (teacher, role): §10.2 "latest ECT / mentor training
# period", which decides visibility (§12.9).
_LATEST = """
    SELECT DISTINCT ON (tp.teacher_id, tp.role) tp.teacher_id, tp.role, tp.finished_on
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s {teachers}
     ORDER BY tp.teacher_id, tp.role, tp.started_on DESC, tp.id DESC
"""

# The caller's own training periods: through a partnership, or (before one exists) an expression of interest.
_OWN_PERIODS = """
    SELECT tp.id
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s {teachers}
    UNION ALL
    SELECT tp.id
      FROM training_periods tp
      JOIN active_lead_providers alp ON alp.id = tp.expression_of_interest_id
     WHERE tp.school_partnership_id IS NULL AND alp.lead_provider_id = %(lead_provider_id)s {teachers}
"""

# Visible declarations (§12.9): the caller's own in any state, and other providers' billable-or-changeable ones
# dated no later than the finish of the caller's latest period for that teacher and role.
_VISIBLE = """
      FROM declarations d
      JOIN latest ON latest.teacher_id = d.teacher_id AND latest.role = d.role
      {joins}
     WHERE (d.training_period_id IN (SELECT id FROM own_periods)
            OR (d.payment_status IN ('no_payment', 'eligible', 'payable', 'paid')
                AND d.clawback_status = 'no_clawback'
                AND (latest.finished_on IS NULL
                     OR (d.declaration_date AT TIME ZONE 'Europe/London')::date <= latest.finished_on)))
      {filters}
"""

_STATE = """
    CASE WHEN d.clawback_status = 'awaiting_clawback' THEN 'awaiting-clawback'
         WHEN d.clawback_status = 'clawed_back' THEN 'clawed-back'
         WHEN d.payment_status = 'no_payment' THEN 'submitted'
         ELSE d.payment_status END
"""

# The page's ids are chosen first on the narrow rows (`_VISIBLE`); only those are joined to everything the
# resource shows, so the last page of 3,000 costs about what the first does.
_SELECT = f"""
WITH latest AS MATERIALIZED ({_LATEST}),
own_periods AS MATERIALIZED ({_OWN_PERIODS}),
page AS (
    SELECT d.id, d.created_at
      {{visible}}
     ORDER BY d.created_at, d.id
    OFFSET %(offset)s LIMIT %(limit)s
)
SELECT d.api_id::text,
       t.api_id::text,
       d.declaration_type,
       CASE d.role WHEN 'ect' THEN 'ecf-induction' ELSE 'ecf-mentor' END,
       {sql_timestamp("d.declaration_date")},
       mentor.api_id::text,
       {_STATE},
       {sql_timestamp("d.api_updated_at")},
       {sql_timestamp("d.created_at")},
       dp.api_id::text,
       CASE WHEN d.payment_status = 'voided' THEN NULL ELSE ps.api_id::text END,
       cs.api_id::text,
       d.payment_status = 'paid' AND (d.pupil_premium_uplift OR d.sparsity_uplift),
       d.evidence_type,
       lp.name
  FROM page
  JOIN declarations d ON d.id = page.id
  JOIN teachers t ON t.id = d.teacher_id
  JOIN training_periods tp ON tp.id = d.training_period_id
  LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
  JOIN active_lead_providers alp ON alp.id = COALESCE(lpdp.active_lead_provider_id, tp.expression_of_interest_id)
  JOIN lead_providers lp ON lp.id = alp.lead_provider_id
  JOIN delivery_partners dp ON dp.id = d.delivery_partner_when_created_id
  LEFT JOIN mentorship_periods mp ON mp.id = d.mentorship_period_id
  LEFT JOIN mentor_at_school_periods map ON map.id = mp.mentor_at_school_period_id
  LEFT JOIN teachers mentor ON mentor.id = map.teacher_id
  LEFT JOIN statements ps ON ps.id = d.payment_statement_id
  LEFT JOIN statements cs ON cs.id = d.clawback_statement_id
 ORDER BY page.created_at, page.id
"""

# Joins the page step needs only when a filter asks for what they hold.
_COHORT_JOINS = """
      JOIN training_periods ftp ON ftp.id = d.training_period_id
      LEFT JOIN school_partnerships fsp ON fsp.id = ftp.school_partnership_id
      LEFT JOIN lead_provider_delivery_partnerships flpdp ON flpdp.id = fsp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers falp
        ON falp.id = COALESCE(flpdp.active_lead_provider_id, ftp.expression_of_interest_id)
"""


def _resource(row: tuple) -> dict[str, Any]:
    """§11.8.5, attributes in the table's order (`ineligible_for_funding_reason` is always null)."""
    (
        id_,
        participant_id,
        declaration_type,
        course_identifier,
        declaration_date,
        mentor_id,
        state,
        updated_at,
        created_at,
        delivery_partner_id,
        statement_id,
        clawback_statement_id,
        uplift_paid,
        evidence_held,
        lead_provider_name,
    ) = row
    return {
        "id": id_,
        "type": "participant-declaration",
        "attributes": {
            "participant_id": participant_id,
            "declaration_type": declaration_type,
            "course_identifier": course_identifier,
            "declaration_date": declaration_date,
            "mentor_id": mentor_id,
            "state": state,
            "updated_at": updated_at,
            "created_at": created_at,
            "delivery_partner_id": delivery_partner_id,
            "statement_id": statement_id,
            "clawback_statement_id": clawback_statement_id,
            "ineligible_for_funding_reason": None,
            "uplift_paid": uplift_paid,
            "evidence_held": evidence_held,
            "lead_provider_name": lead_provider_name,
        },
    }


def declaration_resources(
    *,
    lead_provider_id: int,
    cohorts: list[int] | None = None,
    participant_ids: list[str] | None = None,
    delivery_partner_ids: list[str] | None = None,
    updated_since: dt.datetime | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """GET participant-declarations (§11.8.1): visible declarations, oldest first (tie-break on the row id), one
    page. A filter given as a list matches any of its elements; an empty list matches nothing (§8.2)."""
    joins: list[str] = []
    filters: list[str] = []
    params: dict[str, Any] = {"lead_provider_id": lead_provider_id, "offset": offset, "limit": limit}
    if cohorts is not None:
        joins.append(_COHORT_JOINS)
        filters.append("AND falp.contract_period_year = ANY(%(cohorts)s)")
        params["cohorts"] = cohorts
    teachers = ""
    if participant_ids is not None:
        teachers = "AND tp.teacher_id IN (SELECT id FROM teachers WHERE api_id = ANY(%(participant_ids)s::uuid[]))"
        params["participant_ids"] = participant_ids
    if delivery_partner_ids is not None:
        joins.append("JOIN delivery_partners fdp ON fdp.id = d.delivery_partner_when_created_id")
        filters.append("AND fdp.api_id = ANY(%(delivery_partner_ids)s::uuid[])")
        params["delivery_partner_ids"] = delivery_partner_ids
    if updated_since is not None:
        filters.append("AND d.api_updated_at >= %(updated_since)s")
        params["updated_since"] = updated_since
    return _fetch(_visible(joins, filters), params, teachers=teachers)


def declaration_resource(*, lead_provider_id: int, api_id: str) -> dict[str, Any] | None:
    """GET participant-declarations/{id} (§11.8.2): one visible declaration, or None."""
    params = {"lead_provider_id": lead_provider_id, "api_id": api_id, "offset": 0, "limit": 1}
    rows = _fetch(
        _visible([], ["AND d.api_id = %(api_id)s::uuid"]),
        params,
        teachers="AND tp.teacher_id = (SELECT teacher_id FROM declarations WHERE api_id = %(api_id)s::uuid)",
    )
    return rows[0] if rows else None


def _visible(joins: list[str], filters: list[str]) -> str:
    return _VISIBLE.replace("{joins}", "\n".join(joins)).replace("{filters}", "\n".join(filters))


def _fetch(visible: str, params: dict[str, Any], *, teachers: str) -> list[dict[str, Any]]:
    """`teachers` narrows the caller's periods to the teachers asked about, when a request names them."""
    with connection.cursor() as cursor:
        cursor.execute(_SELECT.replace("{visible}", visible).replace("{teachers}", teachers), params)
        return [_resource(row) for row in cursor.fetchall()]


def declaration_resources_with_ids(*, lead_provider_id: int, declaration_ids: list[int]) -> list[dict[str, Any]]:
    """These declarations as GET participant-declarations shows them to the provider (those it can see), oldest
    first: for webhook deliveries, which name changed rows by id."""
    params = {
        "lead_provider_id": lead_provider_id,
        "declaration_ids": declaration_ids,
        "offset": 0,
        "limit": len(declaration_ids),
    }
    return _fetch(
        _visible([], ["AND d.id = ANY(%(declaration_ids)s)"]),
        params,
        teachers="AND tp.teacher_id IN (SELECT teacher_id FROM declarations WHERE id = ANY(%(declaration_ids)s))",
    )
