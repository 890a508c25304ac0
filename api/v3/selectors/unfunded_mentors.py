"""Unfunded mentors as the v3 API shows them to one lead provider (lead-provider-api.md §11.13, §13.8).

A teacher is an unfunded mentor for the caller when they are the assigned mentor (§10.2: the earliest current or
future mentorship of the ECT period of the caller's latest ECT training period) of one of the caller's ECTs, and
the caller cannot see them as a participant (no training period of theirs through its partnerships). One query per
request, page or show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import sql_timestamp
from core import clock
from providers.models import LeadProvider
from teachers.models import teacher_full_name

TYPE = "unfunded-mentor"

SORT_COLUMNS = {
    "created_at": "t.created_at",
    "updated_at": "COALESCE(t.api_unfunded_mentor_updated_at, t.created_at)",
}

_CALLERS_TRAINING = """
    SELECT tp.teacher_id, tp.role, tp.started_on, tp.id, tp.ect_at_school_period_id
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
"""

# The list hashes the caller's teachers once; a show probes for its one mentor and looks only at the ECTs that
# mentor has mentored (so it need not compute everyone's assigned mentor).
_LIST_SCOPE = {"ects": "", "not_callers": "map.teacher_id NOT IN (SELECT c.teacher_id FROM callers c)"}
_SHOW_SCOPE = {
    "ects": """AND tp.teacher_id IN (SELECT mentee.teacher_id
                                        FROM teachers mentor
                                        JOIN mentor_at_school_periods mentoring ON mentoring.teacher_id = mentor.id
                                        JOIN mentorship_periods mp ON mp.mentor_at_school_period_id = mentoring.id
                                        JOIN ect_at_school_periods mentee ON mentee.id = mp.ect_at_school_period_id
                                       WHERE mentor.api_id = %(api_id)s::uuid)""",
    "not_callers": f"NOT EXISTS (SELECT 1 FROM ({_CALLERS_TRAINING} AND tp.teacher_id = map.teacher_id) c)",
}

_SELECT = f"""
WITH callers AS ({_CALLERS_TRAINING}),
latest_ect AS (
    SELECT DISTINCT ON (c.teacher_id) c.ect_at_school_period_id
      FROM ({_CALLERS_TRAINING} AND tp.role = 'ect' {{ects}}) c
     ORDER BY c.teacher_id, c.started_on DESC, c.id DESC
),
assigned AS (
    SELECT map.teacher_id, map.email, map.started_on, map.id
      FROM latest_ect l
      JOIN LATERAL (
          SELECT mp.mentor_at_school_period_id
            FROM mentorship_periods mp
           WHERE mp.ect_at_school_period_id = l.ect_at_school_period_id
             AND (mp.finished_on IS NULL OR mp.finished_on >= %(today)s)
           ORDER BY mp.started_on, mp.id
           LIMIT 1
      ) mentorship ON true
      JOIN mentor_at_school_periods map ON map.id = mentorship.mentor_at_school_period_id
     WHERE {{not_callers}}
),
unfunded AS (
    SELECT DISTINCT ON (a.teacher_id) a.teacher_id, a.email
      FROM assigned a
     ORDER BY a.teacher_id, a.started_on DESC, a.id DESC
)
SELECT t.api_id::text, t.corrected_name, t.trs_first_name, t.trs_last_name, u.email, t.trn,
       {sql_timestamp("t.created_at")}, {sql_timestamp(SORT_COLUMNS["updated_at"])}
  FROM unfunded u
  JOIN teachers t ON t.id = u.teacher_id
 WHERE true
"""


def _resource(row: tuple) -> dict[str, Any]:
    api_id, corrected_name, first_name, last_name, email, trn, created_at, updated_at = row
    return {
        "id": api_id,
        "type": TYPE,
        "attributes": {
            "full_name": teacher_full_name(corrected_name, first_name, last_name),
            "email": email,
            "teacher_reference_number": trn,
            "created_at": created_at,
            "updated_at": updated_at,
        },
    }


def _params(lead_provider: LeadProvider | int, on: dt.date | None) -> dict[str, Any]:
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    return {"lead_provider_id": lead_provider_id, "today": on or clock.today()}


def unfunded_mentor_resources(
    lead_provider: LeadProvider | int,
    *,
    updated_since: dt.datetime | None = None,
    sort: list[tuple[str, bool]] = (),
    offset: int = 0,
    limit: int = 100,
    on: dt.date | None = None,
) -> list[dict[str, Any]]:
    """One page of GET unfunded-mentors: default order teacher creation time, tie-broken on the id."""
    params = _params(lead_provider, on) | {"offset": offset, "limit": limit}
    condition = ""
    if updated_since is not None:
        condition = f"AND {SORT_COLUMNS['updated_at']} >= %(updated_since)s"
        params["updated_since"] = updated_since
    order = [f"{column} {'DESC' if descending else 'ASC'}" for column, descending in sort] or ["t.created_at ASC"]
    sql = f"{_SELECT.format(**_LIST_SCOPE)} {condition} ORDER BY {', '.join(order)}, t.id ASC OFFSET %(offset)s LIMIT %(limit)s"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_resource(row) for row in cursor.fetchall()]


def unfunded_mentor_resource(
    lead_provider: LeadProvider | int, api_id: str, *, on: dt.date | None = None
) -> dict[str, Any] | None:
    """GET unfunded-mentors/{id}: the mentor if unfunded for the caller, else None (a 404)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_SELECT.format(**_SHOW_SCOPE)} AND t.api_id = %(api_id)s::uuid",
            _params(lead_provider, on) | {"api_id": api_id},
        )
        row = cursor.fetchone()
    return _resource(row) if row else None
