"""Floors for the v3 list endpoints (issue 3 item 7): for each page, one hand-written SQL query returning the same
rows, turned into the same resources and encoded with orjson. Written here from the spec (lead-provider-api.md
§11.2, §11.8.5, §11.10.3, §12.9), independently of the endpoints' selectors, so the comparison also checks that the
two agree. Timestamps and dates are left to orjson (UTC `Z`, whole seconds), which is the cheapest way to format
them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from django.db import connection

from core.clock import LONDON

OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_OMIT_MICROSECONDS

# The caller's training periods through its school partnerships (§10.2; EOI-only periods do not count).
_CALLERS = """
    SELECT tp.id, tp.teacher_id, tp.role, tp.started_on, tp.finished_on, tp.withdrawn_at, tp.withdrawal_reason,
           tp.deferred_at, tp.deferral_reason, tp.schedule_id, tp.ect_at_school_period_id,
           tp.mentor_at_school_period_id, alp.contract_period_year AS cohort, sp.school_id, lpdp.delivery_partner_id
      FROM active_lead_providers alp
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.active_lead_provider_id = alp.id
      JOIN school_partnerships sp ON sp.lead_provider_delivery_partnership_id = lpdp.id
      JOIN training_periods tp ON tp.school_partnership_id = sp.id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
"""

PARTICIPANTS_SQL = f"""
WITH page AS (
    SELECT t.id, t.created_at FROM teachers t
     WHERE t.id IN (SELECT c.teacher_id FROM ({_CALLERS}) c)
     ORDER BY t.created_at, t.id
    OFFSET %(offset)s LIMIT %(limit)s
),
latest AS (
    SELECT DISTINCT ON (tp.teacher_id, tp.role)
           tp.id, tp.teacher_id, tp.role, tp.started_on, tp.finished_on, tp.withdrawn_at, tp.withdrawal_reason,
           tp.deferred_at, tp.deferral_reason, tp.schedule_id, tp.ect_at_school_period_id,
           tp.mentor_at_school_period_id, alp.contract_period_year AS cohort, sp.school_id, lpdp.delivery_partner_id
      FROM page
      JOIN training_periods tp ON tp.teacher_id = page.id
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s
     ORDER BY tp.teacher_id, tp.role, tp.started_on DESC, tp.id DESC
)
SELECT t.id, t.api_id, t.corrected_name, t.trs_first_name, t.trs_last_name, t.trn,
       COALESCE(t.api_updated_at, t.created_at),
       ARRAY(SELECT ARRAY[c.api_from_teacher_id::text, c.api_to_teacher_id::text,
                          to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')]
               FROM teacher_id_changes c WHERE c.teacher_id = t.id ORDER BY c.created_at, c.id),
       l.role,
       CASE l.role WHEN 'ect' THEN t.api_ect_training_record_id ELSE t.api_mentor_training_record_id END,
       COALESCE(e.email, m.email),
       CASE l.role WHEN 'ect' THEN (
           SELECT mentor.api_id FROM mentorship_periods mp
             JOIN mentor_at_school_periods map ON map.id = mp.mentor_at_school_period_id
             JOIN teachers mentor ON mentor.id = map.teacher_id
            WHERE mp.ect_at_school_period_id = l.ect_at_school_period_id
              AND (mp.finished_on IS NULL OR mp.finished_on >= %(today)s)
            ORDER BY mp.started_on, mp.id LIMIT 1) END,
       s.urn::text, l.cohort::text,
       l.withdrawn_at, l.withdrawal_reason, l.deferred_at, l.deferral_reason, l.started_on, l.finished_on,
       CASE l.role WHEN 'ect' THEN t.ect_first_became_eligible_for_training_at
                   ELSE t.mentor_first_became_eligible_for_training_at END,
       CASE l.role WHEN 'ect' THEN t.ect_became_ineligible_for_funding_on
                   ELSE t.mentor_became_ineligible_for_funding_on END,
       cp.uplift_fees_enabled AND COALESCE(sfe.pupil_premium_uplift, false),
       cp.uplift_fees_enabled AND COALESCE(sfe.sparsity_uplift, false),
       sch.identifier, dp.api_id,
       CASE l.role
           WHEN 'ect' THEN (SELECT p.created_at FROM ect_at_school_periods p WHERE p.teacher_id = t.id
                             ORDER BY p.started_on, p.id LIMIT 1)
           ELSE (SELECT p.created_at FROM mentor_at_school_periods p WHERE p.teacher_id = t.id
                  ORDER BY p.started_on, p.id LIMIT 1) END,
       CASE l.role WHEN 'ect' THEN COALESCE(
           (SELECT ip.finished_on FROM induction_periods ip
             WHERE ip.teacher_id = t.id AND ip.finished_on IS NOT NULL AND ip.outcome IS NOT NULL
             ORDER BY ip.started_on DESC, ip.id DESC LIMIT 1), t.trs_induction_completed_date) END,
       CASE l.role WHEN 'ect' THEN (SELECT ip.finished_on FROM induction_periods ip WHERE ip.teacher_id = t.id
                                     ORDER BY ip.started_on DESC, ip.id DESC LIMIT 1) END,
       CASE l.role WHEN 'ect' THEN COALESCE(
           (SELECT ip.started_on FROM induction_periods ip WHERE ip.teacher_id = t.id
             ORDER BY ip.started_on, ip.id LIMIT 1), t.trs_induction_start_date) END,
       t.mentor_became_ineligible_for_funding_on,
       CASE l.role WHEN 'ect' THEN t.ect_payments_frozen_year ELSE t.mentor_payments_frozen_year END IS NOT NULL,
       t.mentor_became_ineligible_for_funding_reason,
       CASE l.role WHEN 'ect' THEN (SELECT p.working_pattern FROM ect_at_school_periods p WHERE p.teacher_id = t.id
                                     ORDER BY p.started_on DESC, p.id DESC LIMIT 1) END
  FROM page
  JOIN teachers t ON t.id = page.id
  JOIN latest l ON l.teacher_id = t.id
  JOIN schools s ON s.id = l.school_id
  JOIN contract_periods cp ON cp.year = l.cohort
  JOIN delivery_partners dp ON dp.id = l.delivery_partner_id
  LEFT JOIN schedules sch ON sch.id = l.schedule_id
  LEFT JOIN school_funding_eligibilities sfe ON sfe.gias_school_urn = s.urn AND sfe.contract_period_year = l.cohort
  LEFT JOIN ect_at_school_periods e ON e.id = l.ect_at_school_period_id
  LEFT JOIN mentor_at_school_periods m ON m.id = l.mentor_at_school_period_id
 ORDER BY page.created_at, page.id, l.role
"""


def _full_name(corrected: str | None, first: str | None, last: str | None) -> str:
    if corrected and corrected.strip():
        return corrected
    parts = [p.strip() for p in (first, last) if p and p.strip() not in ("", ".")]
    return " ".join(parts) if parts else "Unknown"


def _left_or_leaving(finished_on: dt.date | None, today: dt.date) -> str:
    return "leaving" if finished_on is not None and finished_on > today else "left"


def participants_page(*, lead_provider_id: int, offset: int, limit: int, today: dt.date) -> bytes:
    """GET participants, default order (teacher creation time, then id), as JSON."""
    with connection.cursor() as cursor:
        cursor.execute(
            PARTICIPANTS_SQL, {"lead_provider_id": lead_provider_id, "offset": offset, "limit": limit, "today": today}
        )
        rows = cursor.fetchall()
    data: list[dict[str, Any]] = []
    current_id = None
    for (
        teacher_id, api_id, corrected, first, last, trn, updated_at, changes,
        role, record_id, email, mentor_id, urn, cohort,
        withdrawn_at, withdrawal_reason, deferred_at, deferral_reason, started_on, finished_on,
        eligible_at, ineligible_on, pupil_premium, sparsity, schedule, delivery_partner_id,
        created_at, induction_end, recent_end, induction_start, mentor_end, frozen, mentor_reason, pattern,
    ) in rows:  # fmt: skip
        if teacher_id != current_id:
            current_id = teacher_id
            enrolments: list[dict[str, Any]] = []
            data.append(
                {
                    "id": api_id,
                    "type": "participant",
                    "attributes": {
                        "full_name": _full_name(corrected, first, last),
                        "teacher_reference_number": trn,
                        "updated_at": updated_at,
                        "ecf_enrolments": enrolments,
                        "participant_id_changes": [
                            {"from_participant_id": a, "to_participant_id": b, "changed_at": c} for a, b, c in changes
                        ],
                    },
                }
            )
        if withdrawn_at and (not deferred_at or withdrawn_at > deferred_at):
            training_status = "withdrawn"
        elif deferred_at:
            training_status = "deferred"
        else:
            training_status = "active"
        completed_on = induction_end if role == "ect" else mentor_end
        if withdrawn_at or deferred_at:
            participant_status = _left_or_leaving(finished_on, today)
        elif completed_on is not None and (finished_on is None or completed_on <= finished_on):
            participant_status = "active"
        elif finished_on is not None:
            participant_status = _left_or_leaving(finished_on, today)
        elif started_on > today:
            participant_status = "joining"
        else:
            participant_status = "active"
        if eligible_at is None:
            eligible = None if ineligible_on is None else False
        else:
            eligible = ineligible_on is None or eligible_at.astimezone(LONDON).date() <= ineligible_on
        enrolments.append(
            {
                "training_record_id": record_id,
                "email": email,
                "mentor_id": mentor_id,
                "school_urn": urn,
                "participant_type": role,
                "cohort": cohort,
                "training_status": training_status,
                "participant_status": participant_status,
                "eligible_for_funding": eligible,
                "pupil_premium_uplift": pupil_premium,
                "sparsity_uplift": sparsity,
                "schedule_identifier": schedule,
                "delivery_partner_id": delivery_partner_id,
                "withdrawal": {"reason": withdrawal_reason.replace("_", "-"), "date": withdrawn_at}
                if training_status == "withdrawn"
                else None,
                "deferral": {"reason": deferral_reason.replace("_", "-"), "date": deferred_at}
                if training_status == "deferred"
                else None,
                "created_at": created_at,
                "induction_end_date": induction_end,
                "most_recent_induction_period_end_date": recent_end,
                "overall_induction_start_date": induction_start,
                "mentor_funding_end_date": mentor_end if role == "mentor" else None,
                "cohort_changed_after_payments_frozen": frozen,
                "mentor_ineligible_for_funding_reason": mentor_reason if role == "mentor" else None,
                "working_pattern": pattern,
            }
        )
    return orjson.dumps({"data": data}, option=OPTIONS)


def visible_participants(*, lead_provider_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT teacher_id) FROM ({_CALLERS}) c", {"lead_provider_id": lead_provider_id})
        return cursor.fetchone()[0]


# §12.9: the caller's own declarations, and other providers' billable-or-changeable ones for participants the
# caller trains in that role (LX), dated no later than LX's finish. The page's ids are chosen first, on the
# narrow rows, and only those 3,000 are joined to everything the resource shows.
DECLARATIONS_SQL = f"""
WITH callers AS MATERIALIZED ({_CALLERS}),
lx AS (
    SELECT DISTINCT ON (c.teacher_id, c.role) c.teacher_id, c.role, c.finished_on
      FROM callers c
     ORDER BY c.teacher_id, c.role, c.started_on DESC, c.id DESC
),
page AS (
    SELECT d.id, d.created_at
      FROM declarations d
      JOIN lx ON lx.teacher_id = d.teacher_id AND lx.role = d.role
     WHERE d.training_period_id IN (SELECT id FROM callers)
        OR (d.payment_status IN ('no_payment', 'eligible', 'payable', 'paid') AND d.clawback_status = 'no_clawback'
            AND (lx.finished_on IS NULL
                 OR (d.declaration_date AT TIME ZONE 'Europe/London')::date <= lx.finished_on))
     ORDER BY d.created_at, d.id
    OFFSET %(offset)s LIMIT %(limit)s
)
SELECT d.api_id, t.api_id, d.declaration_type, d.role, d.declaration_date, mentor.api_id,
       d.payment_status, d.clawback_status, d.api_updated_at, d.created_at, dp.api_id, ps.api_id, cs.api_id,
       d.pupil_premium_uplift OR d.sparsity_uplift, d.evidence_type, lp.name
  FROM page
  JOIN declarations d ON d.id = page.id
  JOIN teachers t ON t.id = d.teacher_id
  JOIN training_periods tp ON tp.id = d.training_period_id
  JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
  JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
  JOIN lead_providers lp ON lp.id = alp.lead_provider_id
  JOIN delivery_partners dp ON dp.id = d.delivery_partner_when_created_id
  LEFT JOIN mentorship_periods mp ON mp.id = d.mentorship_period_id
  LEFT JOIN mentor_at_school_periods map ON map.id = mp.mentor_at_school_period_id
  LEFT JOIN teachers mentor ON mentor.id = map.teacher_id
  LEFT JOIN statements ps ON ps.id = d.payment_statement_id
  LEFT JOIN statements cs ON cs.id = d.clawback_statement_id
 ORDER BY page.created_at, page.id
"""

STATES = {"no_payment": "submitted", "awaiting_clawback": "awaiting-clawback", "clawed_back": "clawed-back"}


def declarations_page(*, lead_provider_id: int, offset: int, limit: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(DECLARATIONS_SQL, {"lead_provider_id": lead_provider_id, "offset": offset, "limit": limit})
        rows = cursor.fetchall()
    data = []
    for (
        api_id, participant_id, declaration_type, role, declared_at, mentor_id, payment, clawback, updated_at,
        created_at, delivery_partner_id, statement_id, clawback_statement_id, uplift, evidence, provider,
    ) in rows:  # fmt: skip
        state = STATES.get(clawback) or STATES.get(payment, payment)
        data.append(
            {
                "id": api_id,
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": participant_id,
                    "declaration_type": declaration_type,
                    "course_identifier": "ecf-induction" if role == "ect" else "ecf-mentor",
                    "declaration_date": declared_at,
                    "mentor_id": mentor_id,
                    "state": state,
                    "updated_at": updated_at,
                    "created_at": created_at,
                    "delivery_partner_id": delivery_partner_id,
                    "statement_id": None if payment == "voided" else statement_id,
                    "clawback_statement_id": clawback_statement_id,
                    "ineligible_for_funding_reason": None,
                    "uplift_paid": payment == "paid" and uplift,
                    "evidence_held": evidence,
                    "lead_provider_name": provider,
                },
            }
        )
    return orjson.dumps({"data": data}, option=OPTIONS)


def visible_declarations(*, lead_provider_id: int) -> int:
    sql = DECLARATIONS_SQL.split("ORDER BY d.created_at, d.id")[0] + ") SELECT count(*) FROM page"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"lead_provider_id": lead_provider_id})
        return cursor.fetchone()[0]


# §11.10: the cohort's eligible schools and schools partnered in it, with the (school, cohort) and
# (school, provider, cohort) values the metadata tables keep.
SCHOOLS_SQL = """
SELECT s.api_id, g.name, g.urn::text, m.in_partnership, m.induction_programme_choice,
       COALESCE(lm.expression_of_interest_or_school_partnership, false),
       s.induction_tutor_name,
       COALESCE(NULLIF(s.induction_tutor_email, ''), NULLIF(g.primary_contact_email, ''),
                NULLIF(g.secondary_contact_email, '')),
       s.created_at, m.api_updated_at
  FROM metadata_schools_contract_periods m
  JOIN schools s ON s.id = m.school_id
  JOIN gias_schools g ON g.urn = s.urn
  LEFT JOIN metadata_schools_lead_providers_contract_periods lm
         ON lm.school_id = s.id AND lm.lead_provider_id = %(lead_provider_id)s
        AND lm.contract_period_year = %(cohort)s
 WHERE m.contract_period_year = %(cohort)s AND (s.marked_as_eligible OR g.eligible OR m.in_partnership)
 ORDER BY s.created_at, s.id
OFFSET %(offset)s LIMIT %(limit)s
"""


def schools_page(*, lead_provider_id: int, cohort: int, offset: int, limit: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            SCHOOLS_SQL, {"lead_provider_id": lead_provider_id, "cohort": cohort, "offset": offset, "limit": limit}
        )
        rows = cursor.fetchall()
    year = str(cohort)
    data = [
        {
            "id": api_id,
            "type": "school",
            "attributes": {
                "name": name,
                "urn": urn,
                "cohort": year,
                "in_partnership": in_partnership,
                "induction_programme_choice": choice,
                "expression_of_interest": interest,
                "induction_tutor_name": tutor_name if interest else None,
                "induction_tutor_email": tutor_email if interest else None,
                "created_at": created_at,
                "updated_at": updated_at,
            },
        }
        for api_id, name, urn, in_partnership, choice, interest, tutor_name, tutor_email, created_at, updated_at in rows
    ]
    return orjson.dumps({"data": data}, option=OPTIONS)


def listed_schools(*, lead_provider_id: int, cohort: int) -> int:
    sql = SCHOOLS_SQL.replace("ORDER BY s.created_at, s.id\nOFFSET %(offset)s LIMIT %(limit)s", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) page", {"lead_provider_id": lead_provider_id, "cohort": cohort})
        return cursor.fetchone()[0]
