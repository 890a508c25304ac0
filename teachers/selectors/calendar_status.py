"""Participants whose API `participant_status` changes only because a day passed (lead-provider-api.md §11.2.4).

§13.1 records this as a gap in the reference: `joining` → `active` and `leaving` → `left` happen at midnight with
no write, so `updated_since` never finds them. We close it (issue 3, item 4) by touching exactly those teachers
each day; this module says who they are.

The status a lead provider sees is computed from its latest training period per role (§10.2). Of §11.2.4's rules
only three read "today":

- rule 1 (withdrawn or deferred): `leaving` while `finished_on` is after today, then `left`;
- rule 4 (any other finished period that rules 2 and 3 do not call `active`): the same;
- rule 5 (`started_on` after today, no `finished_on`): `joining`, then `active` under rule 6.

So between day D-1 and day D the status of a latest period flips exactly when

- it starts on D, has no finish date, is neither withdrawn nor deferred, and rules 2/3 (completed induction or
  mentor training) do not already make it `active` (joining → active); or
- it finishes on D and is withdrawn or deferred, or rules 2/3 do not make it `active` (leaving → left).

Rules 2 and 3 compare stored dates with each other, never with today, so they do not flip by themselves.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

# One statement, whatever the number of teachers: the candidate periods are those starting or finishing on the
# day; each must be the latest (started_on, id) of its teacher, role and lead provider, as in
# teachers.selectors.training_status.latest_training_period.
_FLIPPING_TEACHERS = """
WITH confirmed AS (
    SELECT tp.id, tp.teacher_id, tp.role, tp.started_on, tp.finished_on, tp.withdrawn_at, tp.deferred_at,
           alp.lead_provider_id
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
),
candidates AS (
    SELECT c.*
      FROM confirmed c
     WHERE (c.started_on = %(day)s OR c.finished_on = %(day)s)
       AND NOT EXISTS (
           SELECT 1
             FROM confirmed later
            WHERE later.teacher_id = c.teacher_id
              AND later.role = c.role
              AND later.lead_provider_id = c.lead_provider_id
              AND (later.started_on, later.id) > (c.started_on, c.id)
       )
),
judged AS (
    SELECT c.*,
           CASE c.role
               WHEN 'ect' THEN (
                   SELECT COALESCE(
                       (SELECT ip.finished_on
                          FROM induction_periods ip
                         WHERE ip.teacher_id = c.teacher_id
                           AND ip.outcome IS NOT NULL
                           AND ip.finished_on IS NOT NULL
                         ORDER BY ip.started_on DESC, ip.id DESC
                         LIMIT 1),
                       t.trs_induction_completed_date)
               )
               ELSE t.mentor_became_ineligible_for_funding_on
           END AS completed_on
      FROM candidates c
      JOIN teachers t ON t.id = c.teacher_id
),
flipping AS (
    SELECT j.teacher_id,
           (j.withdrawn_at IS NULL AND j.deferred_at IS NULL
            AND j.completed_on IS NOT NULL
            AND (j.finished_on IS NULL OR j.completed_on <= j.finished_on)) AS always_active,
           j.withdrawn_at IS NOT NULL OR j.deferred_at IS NOT NULL AS stopped,
           j.started_on, j.finished_on
      FROM judged j
)
SELECT DISTINCT teacher_id
  FROM flipping
 WHERE NOT always_active
   AND (
       (started_on = %(day)s AND finished_on IS NULL AND NOT stopped)
       OR finished_on = %(day)s
   )
 ORDER BY teacher_id
"""


def teachers_whose_participant_status_changes_on(day: dt.date) -> list[int]:
    """Ids of the teachers for whom some lead provider's `participant_status` on `day` differs from the day
    before, only because the day changed."""
    with connection.cursor() as cursor:
        cursor.execute(_FLIPPING_TEACHERS, {"day": day})
        return [row[0] for row in cursor.fetchall()]
