"""Participant transfers as the v3 API shows them to one lead provider (lead-provider-api.md §11.7, §13.5).

§11.7.4's algorithm as one set-based statement, rule for rule the same as
`teachers.selectors.training_status.school_transfers` (the tests compare the two): per teacher and role, each
at-school period P with its successor N (window `LEAD` over `started_on`, id); L is P's latest training period,
J is N's earliest; a training period's lead provider is its school partnership's (none for school-led or
expression-of-interest-only training). A list costs two queries (the page's teachers, then their transfers), a
show one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import sql_timestamp
from api.v3.selectors.participants import SORT_COLUMNS as PARTICIPANT_SORT_COLUMNS
from core import clock
from providers.models import LeadProvider

TYPE = "participant-transfer"

# §7.1 quirk: `updated_at` sorts by the participant's updated_at, not the transfer's.
SORT_COLUMNS = PARTICIPANT_SORT_COLUMNS

# `{scope}` selects the `teacher_id`s whose transfers to compute; it is evaluated once.
_TRANSFERS = """
scope AS MATERIALIZED ({scope}),
school_periods AS (
    SELECT 'ect' AS role, p.id, p.teacher_id, p.school_id, p.started_on, p.finished_on
      FROM ect_at_school_periods p WHERE p.teacher_id IN (SELECT teacher_id FROM scope)
    UNION ALL
    SELECT 'mentor', p.id, p.teacher_id, p.school_id, p.started_on, p.finished_on
      FROM mentor_at_school_periods p WHERE p.teacher_id IN (SELECT teacher_id FROM scope)
),
sequenced AS (
    SELECT sp.*,
           lead(sp.id) OVER w AS next_id,
           lead(sp.school_id) OVER w AS next_school_id
      FROM school_periods sp
    WINDOW w AS (PARTITION BY sp.teacher_id, sp.role ORDER BY sp.started_on, sp.id)
),
training AS (
    SELECT tp.id, tp.role, COALESCE(tp.ect_at_school_period_id, tp.mentor_at_school_period_id) AS school_period_id,
           tp.started_on, tp.finished_on, tp.created_at, tp.api_transfer_updated_at,
           alp.lead_provider_id, lp.name AS lead_provider_name
      FROM training_periods tp
      LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      LEFT JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
      LEFT JOIN lead_providers lp ON lp.id = alp.lead_provider_id
     WHERE tp.teacher_id IN (SELECT teacher_id FROM scope)
),
latest_training AS (
    SELECT DISTINCT ON (role, school_period_id) * FROM training
     ORDER BY role, school_period_id, started_on DESC, id DESC
),
earliest_training AS (
    SELECT DISTINCT ON (role, school_period_id) * FROM training
     ORDER BY role, school_period_id, started_on ASC, id ASC
),
completed_induction AS (
    SELECT t.id AS teacher_id
      FROM teachers t
     WHERE t.id IN (SELECT teacher_id FROM scope)
       AND (t.trs_induction_completed_date IS NOT NULL
            OR EXISTS (SELECT 1 FROM induction_periods ip
                        WHERE ip.teacher_id = t.id AND ip.outcome IS NOT NULL AND ip.finished_on IS NOT NULL))
),
transfers AS (
    SELECT p.teacher_id, p.role, p.school_id, p.next_id, p.next_school_id,
           l.id AS l_id, l.started_on AS l_started_on, l.finished_on AS l_finished_on, l.created_at AS l_created_at,
           l.api_transfer_updated_at AS l_updated_at, l.lead_provider_id AS l_lead_provider_id,
           l.lead_provider_name AS l_lead_provider_name,
           j.id AS j_id, j.started_on AS j_started_on, j.api_transfer_updated_at AS j_updated_at,
           j.lead_provider_id AS j_lead_provider_id, j.lead_provider_name AS j_lead_provider_name
      FROM sequenced p
      JOIN latest_training l ON l.role = p.role AND l.school_period_id = p.id
      LEFT JOIN earliest_training j ON j.role = p.role AND j.school_period_id = p.next_id
     WHERE p.finished_on IS NOT NULL                                            -- 1
       AND l.finished_on IS NOT NULL
       AND (p.next_id IS NULL OR p.next_school_id <> p.school_id)               -- 2
       AND NOT (p.next_id IS NULL                                               -- 3
                AND p.teacher_id IN (SELECT teacher_id FROM completed_induction))
       AND %(lead_provider_id)s IN (l.lead_provider_id, j.lead_provider_id)      -- 5
)
"""

# Who can have a transfer relevant to the caller: L or J must be the caller's (so the teacher has training with
# it), and L must have finished (so the teacher has finished training with someone).
_CANDIDATES = """
    SELECT DISTINCT tp.teacher_id
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
       AND EXISTS (SELECT 1 FROM training_periods finished
                    WHERE finished.teacher_id = tp.teacher_id AND finished.finished_on IS NOT NULL)
"""

# §11.7.3: a boundary (first or last) training period of one of the teacher's at-school periods, with the
# caller, whose transfer timestamp is at or after the bound.
_BOUNDARY_UPDATED_SINCE = """
    EXISTS (
        SELECT 1
          FROM (SELECT tp.api_transfer_updated_at, alp.lead_provider_id,
                       row_number() OVER (PARTITION BY tp.role, tp.ect_at_school_period_id, tp.mentor_at_school_period_id
                                          ORDER BY tp.started_on, tp.id) AS from_first,
                       row_number() OVER (PARTITION BY tp.role, tp.ect_at_school_period_id, tp.mentor_at_school_period_id
                                          ORDER BY tp.started_on DESC, tp.id DESC) AS from_last
                  FROM training_periods tp
                  LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
                  LEFT JOIN lead_provider_delivery_partnerships lpdp
                         ON lpdp.id = sp.lead_provider_delivery_partnership_id
                  LEFT JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
                 WHERE tp.teacher_id = t.id) boundary
         WHERE (boundary.from_first = 1 OR boundary.from_last = 1)
           AND boundary.lead_provider_id = %(lead_provider_id)s
           AND boundary.api_transfer_updated_at >= %(updated_since)s)
"""


def _sql(scope: str, select: str) -> str:
    return "WITH " + _TRANSFERS.format(scope=scope) + select


def transfer_page(
    lead_provider: LeadProvider | int,
    *,
    updated_since: dt.datetime | None = None,
    sort: list[tuple[str, bool]] = (),
    offset: int = 0,
    limit: int = 100,
) -> list[int]:
    """Teacher ids of one page of GET participants/transfers: teachers with at least one transfer relevant to
    the caller, default order teacher creation time, tie-broken on the id. One query."""
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    params: dict[str, Any] = {"lead_provider_id": lead_provider_id, "offset": offset, "limit": limit}
    condition = ""
    if updated_since is not None:
        condition = f"AND {_BOUNDARY_UPDATED_SINCE}"
        params["updated_since"] = updated_since
    order = [f"{column} {'DESC' if descending else 'ASC'}" for column, descending in sort] or ["t.created_at ASC"]
    sql = _sql(
        _CANDIDATES,
        f"""
        SELECT t.id FROM teachers t
         WHERE t.id IN (SELECT teacher_id FROM transfers) {condition}
         ORDER BY {", ".join(order)}, t.id ASC
        OFFSET %(offset)s LIMIT %(limit)s""",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


_DETAILS = f"""
SELECT t.id, t.api_id::text,
       (CASE x.role WHEN 'ect' THEN t.api_ect_training_record_id ELSE t.api_mentor_training_record_id END)::text,
       CASE WHEN x.j_id IS NULL THEN 'unknown'
            WHEN x.j_lead_provider_id IS NULL OR x.j_lead_provider_id IS DISTINCT FROM x.l_lead_provider_id
                 THEN 'new_provider'
            ELSE 'new_school' END,
       CASE WHEN x.l_finished_on > %(today)s OR x.j_started_on > %(today)s THEN 'incomplete' ELSE 'complete' END,
       {sql_timestamp("x.l_created_at")},
       leaving_school.urn::text,
       x.l_lead_provider_name,
       to_char(x.l_finished_on, 'YYYY-MM-DD'),
       x.j_id IS NOT NULL,
       joining_school.urn::text,
       x.j_lead_provider_name,
       to_char(x.j_started_on, 'YYYY-MM-DD'),
       {sql_timestamp("max(GREATEST(x.l_updated_at, x.j_updated_at)) OVER (PARTITION BY x.teacher_id)")}
  FROM transfers x
  JOIN teachers t ON t.id = x.teacher_id
  JOIN schools leaving_school ON leaving_school.id = x.school_id
  LEFT JOIN schools joining_school ON joining_school.id = x.next_school_id
 ORDER BY x.teacher_id, x.l_started_on, x.l_id
"""


def transfer_resources(
    lead_provider: LeadProvider | int, teacher_ids: list[int], *, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """ParticipantTransfer resources (§11.7.5) of these teachers, in the given order; teachers without a transfer
    relevant to the caller are left out. One query."""
    if not teacher_ids:
        return []
    scope = "SELECT unnest(%(teacher_ids)s::bigint[]) AS teacher_id"
    by_teacher = _resources(lead_provider, scope, {"teacher_ids": list(teacher_ids)}, on)
    return [by_teacher[teacher_id] for teacher_id in teacher_ids if teacher_id in by_teacher]


def transfer_resource(lead_provider: LeadProvider | int, api_id: str, *, on: dt.date | None = None) -> dict | None:
    """GET participants/{id}/transfers: the participant's transfers relevant to the caller, or None (a 404)."""
    scope = "SELECT id AS teacher_id FROM teachers WHERE api_id = %(api_id)s::uuid"
    return next(iter(_resources(lead_provider, scope, {"api_id": api_id}, on).values()), None)


def _resources(
    lead_provider: LeadProvider | int, scope: str, params: dict[str, Any], on: dt.date | None
) -> dict[int, dict[str, Any]]:
    """Resources by teacher id, for the teachers `scope` (SQL selecting `teacher_id`) chooses."""
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    params = params | {"lead_provider_id": lead_provider_id, "today": on or clock.today()}
    with connection.cursor() as cursor:
        cursor.execute(_sql(scope, _DETAILS), params)
        rows = cursor.fetchall()
    by_teacher: dict[int, dict[str, Any]] = {}
    for (
        teacher_id,
        api_id,
        training_record_id,
        transfer_type,
        status,
        created_at,
        leaving_urn,
        leaving_provider,
        leaving_date,
        has_joining,
        joining_urn,
        joining_provider,
        joining_date,
        updated_at,
    ) in rows:
        resource = by_teacher.get(teacher_id)
        if resource is None:
            resource = by_teacher[teacher_id] = {
                "id": api_id,
                "type": TYPE,
                "attributes": {"updated_at": updated_at, "transfers": []},
            }
        resource["attributes"]["transfers"].append(
            {
                "training_record_id": training_record_id,
                "transfer_type": transfer_type,
                "status": status,
                "created_at": created_at,
                "leaving": {"school_urn": leaving_urn, "provider": leaving_provider, "date": leaving_date},
                "joining": (
                    {"school_urn": joining_urn, "provider": joining_provider, "date": joining_date}
                    if has_joining
                    else None
                ),
            }
        )
    return by_teacher
