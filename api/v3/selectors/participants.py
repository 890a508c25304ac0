"""Participants as the v3 API shows them to one lead provider (lead-provider-api.md §10.2, §11.1, §11.2, §13.1).

Set-based: a page costs the same three queries whatever its size — the page's teacher ids, one row per enrolment
(the caller's latest training period per teacher and role, with every derived value computed by PostgreSQL), and
the id changes. The derived values follow `teachers.selectors.training_status` rule for rule (training status
BR-TP-18, participant status §11.2.4, funding §11.2.5); `api/v3/tests/test_participants_selector.py` checks that
the two agree on every case of those tables.

The participant's `updated_at` is `teachers.api_updated_at` (moved by the teacher services through
`teachers.services.identity.touch_teacher_api_timestamps`, and each day for calendar flips by
`teachers.services.calendar_status`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from api.v3.rendering import sql_timestamp
from core import clock
from providers.models import LeadProvider
from teachers.models import teacher_full_name

TYPE = "participant"

TRAINING_STATUSES = ("active", "deferred", "withdrawn")

SORT_COLUMNS = {"created_at": "t.created_at", "updated_at": "COALESCE(t.api_updated_at, t.created_at)"}

# The caller's school-partnership-linked training periods (§10.2: EOI-only periods do not count).
_CALLERS_TRAINING = """
    SELECT tp.*, alp.contract_period_year, sp.school_id, lpdp.delivery_partner_id
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
"""

# §10.2 "latest ECT / mentor training period": latest started_on, then latest id (as `latest_first()`).
_LATEST = f"""
    SELECT DISTINCT ON (c.teacher_id, c.role) c.*
      FROM ({_CALLERS_TRAINING} {{teacher_condition}}) c
     ORDER BY c.teacher_id, c.role, c.started_on DESC, c.id DESC
"""

# BR-TP-18 (`training_status`): the later of withdrawal and deferral wins.
TRAINING_STATUS_SQL = """
    CASE WHEN {tp}.training_programme = 'school_led' THEN 'active'
         WHEN {tp}.withdrawn_at IS NULL AND {tp}.deferred_at IS NULL THEN 'active'
         WHEN {tp}.deferred_at IS NULL THEN 'withdrawn'
         WHEN {tp}.withdrawn_at IS NULL THEN 'deferred'
         WHEN {tp}.withdrawn_at > {tp}.deferred_at THEN 'withdrawn'
         ELSE 'deferred' END
"""

# §6.6 / §11.2.2 row 17: the latest-started finished induction period with an outcome, else TRS's date.
INDUCTION_END_DATE_SQL = """
    COALESCE((SELECT ip.finished_on FROM induction_periods ip
               WHERE ip.teacher_id = {t}.id AND ip.outcome IS NOT NULL AND ip.finished_on IS NOT NULL
               ORDER BY ip.started_on DESC, ip.id DESC LIMIT 1),
             {t}.trs_induction_completed_date)
"""

# §11.2.4, first match wins; `{completed}` is the induction end date (ECT) or the mentor's ineligibility date.
PARTICIPANT_STATUS_SQL = """
    CASE WHEN {tp}.withdrawn_at IS NOT NULL OR {tp}.deferred_at IS NOT NULL THEN
              CASE WHEN {tp}.finished_on > %(today)s THEN 'leaving' ELSE 'left' END
         WHEN {completed} IS NOT NULL AND ({tp}.finished_on IS NULL OR {completed} <= {tp}.finished_on) THEN 'active'
         WHEN {tp}.finished_on IS NOT NULL THEN
              CASE WHEN {tp}.finished_on > %(today)s THEN 'leaving' ELSE 'left' END
         WHEN {tp}.started_on > %(today)s THEN 'joining'
         ELSE 'active' END
"""

# §11.2.5: E is the London date of the first-eligible timestamp, I the ineligible date.
ELIGIBLE_FOR_FUNDING_SQL = """
    CASE WHEN {eligible_at} IS NULL THEN CASE WHEN {ineligible_on} IS NULL THEN NULL ELSE false END
         WHEN {ineligible_on} IS NULL THEN true
         ELSE ({eligible_at} AT TIME ZONE 'Europe/London')::date <= {ineligible_on} END
"""


def _date(column: str) -> str:
    return f"to_char({column}, 'YYYY-MM-DD')"


_ENROLMENTS = f"""
WITH latest AS ({_LATEST.format(teacher_condition="AND tp.teacher_id = ANY(%(teacher_ids)s)")}),
judged AS MATERIALIZED (
    SELECT l.*,
           CASE l.role WHEN 'ect' THEN {INDUCTION_END_DATE_SQL.format(t="t")}
                       ELSE t.mentor_became_ineligible_for_funding_on END AS completed_on
      FROM latest l
      JOIN teachers t ON t.id = l.teacher_id
)
SELECT l.teacher_id,
       l.role,
       (CASE l.role WHEN 'ect' THEN t.api_ect_training_record_id ELSE t.api_mentor_training_record_id END)::text,
       COALESCE(ect_period.email, mentor_period.email),
       assigned_mentor.api_id::text,
       s.urn::text,
       l.contract_period_year::text,
       {TRAINING_STATUS_SQL.format(tp="l")} AS training_status,
       {PARTICIPANT_STATUS_SQL.format(tp="l", completed="l.completed_on")},
       CASE l.role
           WHEN 'ect' THEN {
    ELIGIBLE_FOR_FUNDING_SQL.format(
        eligible_at="t.ect_first_became_eligible_for_training_at",
        ineligible_on="t.ect_became_ineligible_for_funding_on",
    )
}
           ELSE {
    ELIGIBLE_FOR_FUNDING_SQL.format(
        eligible_at="t.mentor_first_became_eligible_for_training_at",
        ineligible_on="t.mentor_became_ineligible_for_funding_on",
    )
}
       END,
       cp.uplift_fees_enabled AND COALESCE(sfe.pupil_premium_uplift, false),
       cp.uplift_fees_enabled AND COALESCE(sfe.sparsity_uplift, false),
       sch.identifier,
       dp.api_id::text,
       replace(l.withdrawal_reason, '_', '-'),
       {sql_timestamp("l.withdrawn_at")},
       replace(l.deferral_reason, '_', '-'),
       {sql_timestamp("l.deferred_at")},
       {sql_timestamp("first_period.created_at")},
       {_date("CASE l.role WHEN 'ect' THEN l.completed_on END")},
       {_date("CASE l.role WHEN 'ect' THEN induction.most_recent_end END")},
       {_date("CASE l.role WHEN 'ect' THEN COALESCE(induction.first_start, t.trs_induction_start_date) END")},
       {_date("CASE l.role WHEN 'mentor' THEN t.mentor_became_ineligible_for_funding_on END")},
       CASE l.role WHEN 'ect' THEN t.ect_payments_frozen_year IS NOT NULL
                   ELSE t.mentor_payments_frozen_year IS NOT NULL END,
       CASE l.role WHEN 'mentor' THEN t.mentor_became_ineligible_for_funding_reason END,
       CASE l.role WHEN 'ect' THEN latest_ect_period.working_pattern END,
       t.api_id::text,
       t.corrected_name,
       t.trs_first_name,
       t.trs_last_name,
       t.trn,
       {sql_timestamp("COALESCE(t.api_updated_at, t.created_at)")}
  FROM judged l
  JOIN teachers t ON t.id = l.teacher_id
  JOIN schools s ON s.id = l.school_id
  JOIN delivery_partners dp ON dp.id = l.delivery_partner_id
  JOIN contract_periods cp ON cp.year = l.contract_period_year
  LEFT JOIN schedules sch ON sch.id = l.schedule_id
  LEFT JOIN school_funding_eligibilities sfe
         ON sfe.gias_school_urn = s.urn AND sfe.contract_period_year = l.contract_period_year
  LEFT JOIN ect_at_school_periods ect_period ON ect_period.id = l.ect_at_school_period_id
  LEFT JOIN mentor_at_school_periods mentor_period ON mentor_period.id = l.mentor_at_school_period_id
  -- §10.2 assigned mentor: the earliest mentorship of the ECT period that is current or future.
  LEFT JOIN LATERAL (
      SELECT mentor.api_id
        FROM mentorship_periods mp
        JOIN mentor_at_school_periods map ON map.id = mp.mentor_at_school_period_id
        JOIN teachers mentor ON mentor.id = map.teacher_id
       WHERE mp.ect_at_school_period_id = l.ect_at_school_period_id
         AND (mp.finished_on IS NULL OR mp.finished_on >= %(today)s)
       ORDER BY mp.started_on, mp.id
       LIMIT 1
  ) assigned_mentor ON l.role = 'ect'
  -- §11.2.2 row 16: the teacher's earliest at-school period in the role.
  LEFT JOIN LATERAL (
      SELECT created_at FROM (
          SELECT p.created_at, p.started_on, p.id FROM ect_at_school_periods p
           WHERE p.teacher_id = l.teacher_id AND l.role = 'ect'
          UNION ALL
          SELECT p.created_at, p.started_on, p.id FROM mentor_at_school_periods p
           WHERE p.teacher_id = l.teacher_id AND l.role = 'mentor'
      ) periods
       ORDER BY started_on, id
       LIMIT 1
  ) first_period ON true
  LEFT JOIN LATERAL (
      SELECT (SELECT ip.finished_on FROM induction_periods ip WHERE ip.teacher_id = l.teacher_id
               ORDER BY ip.started_on DESC, ip.id DESC LIMIT 1) AS most_recent_end,
             (SELECT ip.started_on FROM induction_periods ip WHERE ip.teacher_id = l.teacher_id
               ORDER BY ip.started_on, ip.id LIMIT 1) AS first_start
  ) induction ON l.role = 'ect'
  LEFT JOIN LATERAL (
      SELECT p.working_pattern FROM ect_at_school_periods p
       WHERE p.teacher_id = l.teacher_id
       ORDER BY p.started_on DESC, p.id DESC
       LIMIT 1
  ) latest_ect_period ON l.role = 'ect'
 ORDER BY l.teacher_id, l.role
"""

_ID_CHANGES = f"""
SELECT c.teacher_id, c.api_from_teacher_id::text, c.api_to_teacher_id::text, {sql_timestamp("c.created_at")}
  FROM teacher_id_changes c
 WHERE c.teacher_id = ANY(%(teacher_ids)s)
 ORDER BY c.teacher_id, c.created_at, c.id
"""


def _enrolment(row: tuple) -> dict[str, Any]:
    """§11.2.2, attributes in the table's order."""
    (
        _teacher_id,
        role,
        training_record_id,
        email,
        mentor_id,
        school_urn,
        cohort,
        training_status,
        participant_status,
        eligible_for_funding,
        pupil_premium_uplift,
        sparsity_uplift,
        schedule_identifier,
        delivery_partner_id,
        withdrawal_reason,
        withdrawn_at,
        deferral_reason,
        deferred_at,
        created_at,
        induction_end_date,
        most_recent_induction_period_end_date,
        overall_induction_start_date,
        mentor_funding_end_date,
        cohort_changed_after_payments_frozen,
        mentor_ineligible_for_funding_reason,
        working_pattern,
        *_teacher,
    ) = row
    return {
        "training_record_id": training_record_id,
        "email": email,
        "mentor_id": mentor_id,
        "school_urn": school_urn,
        "participant_type": role,
        "cohort": cohort,
        "training_status": training_status,
        "participant_status": participant_status,
        "eligible_for_funding": eligible_for_funding,
        "pupil_premium_uplift": pupil_premium_uplift,
        "sparsity_uplift": sparsity_uplift,
        "schedule_identifier": schedule_identifier,
        "delivery_partner_id": delivery_partner_id,
        "withdrawal": ({"reason": withdrawal_reason, "date": withdrawn_at} if training_status == "withdrawn" else None),
        "deferral": {"reason": deferral_reason, "date": deferred_at} if training_status == "deferred" else None,
        "created_at": created_at,
        "induction_end_date": induction_end_date,
        "most_recent_induction_period_end_date": most_recent_induction_period_end_date,
        "overall_induction_start_date": overall_induction_start_date,
        "mentor_funding_end_date": mentor_funding_end_date,
        "cohort_changed_after_payments_frozen": cohort_changed_after_payments_frozen,
        "mentor_ineligible_for_funding_reason": mentor_ineligible_for_funding_reason,
        "working_pattern": working_pattern,
    }


def participant_resources(
    lead_provider: LeadProvider | int, teacher_ids: list[int], *, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """Full participant resources (§11.2) of these teachers as the provider sees them, in the given order. A
    teacher the provider cannot see (no training period through its partnerships, §10.2) is left out.
    Two queries, whatever the number of teachers. `on` is "today" for the statuses (London date)."""
    if not teacher_ids:
        return []
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    params = {"lead_provider_id": lead_provider_id, "teacher_ids": list(teacher_ids), "today": on or clock.today()}
    with connection.cursor() as cursor:
        cursor.execute(_ENROLMENTS, params)
        enrolment_rows = cursor.fetchall()
        cursor.execute(_ID_CHANGES, params)
        change_rows = cursor.fetchall()

    changes: dict[int, list[dict[str, str]]] = {}
    for teacher_id, from_id, to_id, changed_at in change_rows:
        changes.setdefault(teacher_id, []).append(
            {"from_participant_id": from_id, "to_participant_id": to_id, "changed_at": changed_at}
        )

    participants: dict[int, dict[str, Any]] = {}
    for row in enrolment_rows:  # ordered by teacher then role, so `ect` comes before `mentor`
        teacher_id = row[0]
        participant = participants.get(teacher_id)
        if participant is None:
            api_id, corrected_name, first_name, last_name, trn, updated_at = row[-6:]
            participant = participants[teacher_id] = {
                "id": api_id,
                "type": TYPE,
                "attributes": {
                    "full_name": teacher_full_name(corrected_name, first_name, last_name),
                    "teacher_reference_number": trn,
                    "updated_at": updated_at,
                    "ecf_enrolments": [],
                    "participant_id_changes": changes.get(teacher_id, []),
                },
            }
        participant["attributes"]["ecf_enrolments"].append(_enrolment(row))
    return [participants[teacher_id] for teacher_id in teacher_ids if teacher_id in participants]


# The list (§11.1, §8.5) ----------------------------------------------------------------------------------------

# A semi-join on the caller's training (hashed once), not a probe per teacher: 200,000 probes cost seconds.
_VISIBLE = f"""
    t.id IN (SELECT visible.teacher_id FROM ({_CALLERS_TRAINING}) visible)
"""


def _page_conditions(
    lead_provider_id: int,
    *,
    cohorts: list[int] | None,
    updated_since: dt.datetime | None,
    training_status: str | None,
    from_participant_id: str | None = None,
) -> tuple[list[str], dict[str, Any]]:
    """The WHERE conditions and parameters every way of paging participants shares."""
    params: dict[str, Any] = {"lead_provider_id": lead_provider_id}
    conditions = [_VISIBLE]
    enrolment_conditions = []
    if cohorts is not None:
        enrolment_conditions.append("latest.contract_period_year = ANY(%(cohorts)s)")
        params["cohorts"] = cohorts
    if training_status is not None:
        enrolment_conditions.append(
            {
                "withdrawn": "latest.withdrawn_at IS NOT NULL",
                "deferred": "latest.deferred_at IS NOT NULL",
                "active": "latest.withdrawn_at IS NULL AND latest.deferred_at IS NULL",
            }[training_status]
        )
    for condition in enrolment_conditions:
        conditions.append(
            f"t.id IN (SELECT latest.teacher_id FROM ({_LATEST.format(teacher_condition='')}) latest WHERE {condition})"
        )
    if updated_since is not None:
        conditions.append(f"{SORT_COLUMNS['updated_at']} >= %(updated_since)s")
        params["updated_since"] = updated_since
    if from_participant_id is not None:
        conditions.append(
            "t.id IN (SELECT c.teacher_id FROM teacher_id_changes c"
            " WHERE c.api_from_teacher_id = %(from_participant_id)s::uuid)"
        )
        params["from_participant_id"] = from_participant_id
    return conditions, params


def participant_page(
    lead_provider: LeadProvider | int,
    *,
    cohorts: list[int] | None = None,
    updated_since: dt.datetime | None = None,
    training_status: str | None = None,
    from_participant_id: str | None = None,
    sort: list[tuple[str, bool]] = (),
    offset: int = 0,
    limit: int = 100,
) -> list[int]:
    """Teacher ids of one page of GET participants, in order: visible teachers (§10.2) matching every filter,
    sorted by `sort` (default creation time) and always tie-broken on the id so pages never overlap. One query.

    `cohorts` matches either enrolment's cohort; `training_status` matches when either enrolment's period has a
    withdrawal (`withdrawn`), a deferral (`deferred`) or neither (`active`) — §8.5's quirk: not the displayed
    status when a period has both. An unknown training status matches nothing."""
    if training_status is not None and training_status not in TRAINING_STATUSES:
        return []
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    conditions, params = _page_conditions(
        lead_provider_id,
        cohorts=cohorts,
        updated_since=updated_since,
        training_status=training_status,
        from_participant_id=from_participant_id,
    )
    params |= {"offset": offset, "limit": limit}
    order = [f"{column} {'DESC' if descending else 'ASC'}" for column, descending in sort] or ["t.created_at ASC"]
    sql = f"""
        SELECT t.id FROM teachers t
         WHERE {" AND ".join(conditions)}
         ORDER BY {", ".join(order)}, t.id ASC
        OFFSET %(offset)s LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


FeedKey = tuple[dt.datetime, int]


def participant_feed_page(
    lead_provider: LeadProvider | int,
    *,
    after: FeedKey | None,
    settled_before: dt.datetime,
    cohorts: list[int] | None = None,
    updated_since: dt.datetime | None = None,
    training_status: str | None = None,
    limit: int = 100,
) -> list[FeedKey]:
    """The change feed's next page (docs/participant-change-feed.md): visible participants whose `updated_at`
    is after the key `after` (a keyset on updated time then id, so no offset grows), oldest change first, as
    `(updated_at, teacher id)` keys. Only changes before `settled_before` are served: a write still in flight
    may carry an earlier time than rows already served, and would otherwise be passed over for good."""
    if training_status is not None and training_status not in TRAINING_STATUSES:
        return []
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    conditions, params = _page_conditions(
        lead_provider_id, cohorts=cohorts, updated_since=updated_since, training_status=training_status
    )
    updated = SORT_COLUMNS["updated_at"]
    conditions.append(f"{updated} < %(settled_before)s")
    params |= {"settled_before": settled_before, "limit": limit}
    if after is not None:
        conditions.append(f"({updated}, t.id) > (%(after_updated)s, %(after_id)s)")
        params |= {"after_updated": after[0], "after_id": after[1]}
    sql = f"""
        SELECT {updated}, t.id FROM teachers t
         WHERE {" AND ".join(conditions)}
         ORDER BY {updated}, t.id
         LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1]) for row in cursor.fetchall()]


def visible_teacher_id(lead_provider: LeadProvider | int, api_id: str) -> int | None:
    """The teacher with this current participant id if the provider can see them (§11.1 show: a retired id is
    not found), else None."""
    lead_provider_id = lead_provider if isinstance(lead_provider, int) else lead_provider.pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id FROM teachers t WHERE t.api_id = %(api_id)s::uuid"
            f" AND EXISTS (SELECT 1 FROM ({_CALLERS_TRAINING} AND tp.teacher_id = t.id) visible)",
            {"lead_provider_id": lead_provider_id, "api_id": api_id},
        )
        row = cursor.fetchone()
    return row[0] if row else None
