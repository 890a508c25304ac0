"""The schools API's per-(school, contract period) and per-(school, lead provider, contract period) metadata
(domain.md §5.22, §6.7; lead-provider-api.md §10.3, §13.3).

`GET /api/v3/schools` shows, for every school in a cohort, whether it is in partnership, its programme choice and
whether the caller has an expression of interest or partnership there, and an `updated_at` that must move when
any of those change. Computing those for 3,000 schools per page at request time would be slow, and detecting a
change needs the previous value, so both are kept here: recomputed in SQL for the schools a write touches, in the
same transaction as the write (so the write's own response and the next poll already see it), and for every
school by `refresh_school_api_metadata()` at night and after bulk loads.

These are side effects of services (like the teacher's API timestamps), not services: they take no author and
record no event; the calling service records what the user did. Only this module writes the metadata tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection

from core import clock

# One statement: recompute the derived values for the schools in scope, write the lead-provider flags (rows
# appear when a flag first becomes true and are set false afterwards), then upsert a row per school and contract
# period, moving `api_updated_at` when `in_partnership` or the programme choice changed, or when any of the
# school's lead-provider flags changed (all its cohorts then, as the reference does, §13.3).
_REFRESH = """
WITH training AS (
    SELECT e.school_id, t.ect_at_school_period_id AS ect_period_id, false AS mentor, t.training_programme,
           t.started_on, t.school_partnership_id, t.expression_of_interest_id
      FROM ect_at_school_periods e
      JOIN training_periods t ON t.ect_at_school_period_id = e.id
     WHERE {scope:e.school_id}
    UNION ALL
    SELECT m.school_id, NULL, true, t.training_programme,
           t.started_on, t.school_partnership_id, t.expression_of_interest_id
      FROM mentor_at_school_periods m
      JOIN training_periods t ON t.mentor_at_school_period_id = m.id
     WHERE {scope:m.school_id}
),
links AS (  -- each training period's (lead provider, year): through its partnership, and through its EOI
    SELECT tr.school_id, tr.ect_period_id, tr.mentor, alp.lead_provider_id, alp.contract_period_year AS year
      FROM training tr
      JOIN school_partnerships sp ON sp.id = tr.school_partnership_id
      JOIN lead_provider_delivery_partnerships pairing ON pairing.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = pairing.active_lead_provider_id
    UNION ALL
    SELECT tr.school_id, tr.ect_period_id, tr.mentor, alp.lead_provider_id, alp.contract_period_year
      FROM training tr
      JOIN active_lead_providers alp ON alp.id = tr.expression_of_interest_id
),
ects_in_year AS (  -- §6.7 step 2: ECT periods linked to the year, or with school-led training starting in it
    SELECT school_id, year, ect_period_id FROM links WHERE NOT mentor
    UNION
    SELECT tr.school_id, cp.year, tr.ect_period_id
      FROM training tr
      JOIN contract_periods cp ON tr.started_on BETWEEN cp.started_on AND cp.finished_on
     WHERE NOT tr.mentor AND tr.training_programme = 'school_led'
),
provider_led_ects AS (
    SELECT DISTINCT ect_period_id FROM training WHERE NOT mentor AND training_programme = 'provider_led'
),
ect_choices AS (
    SELECT c.school_id, c.year,
           CASE WHEN bool_or(p.ect_period_id IS NOT NULL) THEN 'provider_led' ELSE 'school_led' END AS choice
      FROM ects_in_year c
      LEFT JOIN provider_led_ects p ON p.ect_period_id = c.ect_period_id
     GROUP BY c.school_id, c.year
),
mentor_years AS (SELECT DISTINCT school_id, year FROM links WHERE mentor),
partnered_years AS (
    SELECT DISTINCT sp.school_id, alp.contract_period_year AS year
      FROM school_partnerships sp
      JOIN lead_provider_delivery_partnerships pairing ON pairing.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = pairing.active_lead_provider_id
     WHERE {scope:sp.school_id}
),
targets AS (
    SELECT s.id AS school_id, cp.year,
           py.school_id IS NOT NULL AS in_partnership,
           CASE WHEN my.school_id IS NOT NULL THEN 'provider_led'
                ELSE coalesce(ec.choice, 'not_yet_known') END AS choice
      FROM schools s
     CROSS JOIN contract_periods cp
      LEFT JOIN partnered_years py ON py.school_id = s.id AND py.year = cp.year
      LEFT JOIN mentor_years my ON my.school_id = s.id AND my.year = cp.year
      LEFT JOIN ect_choices ec ON ec.school_id = s.id AND ec.year = cp.year
     WHERE {scope:s.id}
),
flags AS (SELECT DISTINCT school_id, lead_provider_id, year FROM links),
flags_set AS (
    INSERT INTO metadata_schools_lead_providers_contract_periods AS l
           (school_id, lead_provider_id, contract_period_year, expression_of_interest_or_school_partnership,
            created_at, updated_at)
    SELECT school_id, lead_provider_id, year, true, %(now)s, %(now)s FROM flags
        ON CONFLICT (school_id, lead_provider_id, contract_period_year) DO UPDATE
       SET expression_of_interest_or_school_partnership = true, updated_at = EXCLUDED.updated_at
     WHERE NOT l.expression_of_interest_or_school_partnership
    RETURNING l.school_id
),
flags_cleared AS (
    UPDATE metadata_schools_lead_providers_contract_periods l
       SET expression_of_interest_or_school_partnership = false, updated_at = %(now)s
     WHERE {scope:l.school_id}
       AND l.expression_of_interest_or_school_partnership
       AND NOT EXISTS (
           SELECT 1 FROM flags f
            WHERE f.school_id = l.school_id AND f.lead_provider_id = l.lead_provider_id
              AND f.year = l.contract_period_year)
    RETURNING l.school_id
),
flags_changed AS (SELECT school_id FROM flags_set UNION SELECT school_id FROM flags_cleared)
INSERT INTO metadata_schools_contract_periods AS m
       (school_id, contract_period_year, in_partnership, induction_programme_choice, api_updated_at,
        created_at, updated_at)
SELECT school_id, year, in_partnership, choice, %(now)s, %(now)s, %(now)s FROM targets
    ON CONFLICT (school_id, contract_period_year) DO UPDATE
   SET in_partnership = EXCLUDED.in_partnership,
       induction_programme_choice = EXCLUDED.induction_programme_choice,
       api_updated_at = EXCLUDED.api_updated_at,
       updated_at = EXCLUDED.updated_at
 WHERE m.in_partnership IS DISTINCT FROM EXCLUDED.in_partnership
    OR m.induction_programme_choice IS DISTINCT FROM EXCLUDED.induction_programme_choice
    OR m.school_id IN (SELECT school_id FROM flags_changed)
"""


def _scoped(sql: str, *, everything: bool) -> str:
    """Put the school filter on each table's own column so a one-school refresh uses the school indexes."""
    return re.sub(
        r"\{scope:([a-z_.]+)\}",
        lambda match: "true" if everything else f"{match.group(1)} = ANY(%(school_ids)s)",
        sql,
    )


_REFRESH_SOME = _scoped(_REFRESH, everything=False)
_REFRESH_ALL = _scoped(_REFRESH, everything=True)


def refresh_school_api_metadata(*, school_ids: Iterable[int] | None = None) -> None:
    """Recompute the metadata of the given schools (every school when None) for every contract period, creating
    missing rows. Call it after any change to a school's partnerships or to a training period at the school
    (created, deleted, or its partnership, EOI, programme or start date changed)."""
    params: dict = {"now": clock.now()}
    if school_ids is None:
        sql = _REFRESH_ALL
    else:
        params["school_ids"] = sorted({school_id for school_id in school_ids if school_id is not None})
        if not params["school_ids"]:
            return
        sql = _REFRESH_SOME
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def school_id_of(training_period: Any) -> int:
    """The school of a training period's ECT or mentor at-school period."""
    at_school_period = training_period.ect_at_school_period or training_period.mentor_at_school_period
    return at_school_period.school_id


def touch_school_api_metadata(*, school_ids: Iterable[int]) -> None:
    """§13.3: the school's URN, induction tutor, or its register name or contact emails changed, which every
    cohort's school record shows."""
    ids = sorted(set(school_ids))
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE metadata_schools_contract_periods SET api_updated_at = %s, updated_at = %s"
                " WHERE school_id = ANY(%s)",
                [clock.now(), clock.now(), ids],
            )
