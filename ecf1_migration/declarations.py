"""Declarations (migration.md §14): which ones, their statuses from statement line items, and the training period
each belongs to; a batch at a time, written with COPY and the ledger."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from ecf1_migration.ledger import Ledger, copy_rows, uuid_array
from ecf1_migration.models import Outcome
from ecf1_migration.source import Source
from ecf1_migration.teachers import pack

C, M, D, F = Outcome.CREATED, Outcome.MERGED, Outcome.DROPPED, Outcome.FAILED
BILLABLE = ("eligible", "payable", "paid")
REFUNDABLE = ("awaiting_clawback", "clawed_back")
EVIDENCE = {"training_event_attendance": "training-event-attended",
            "self-study-material completed": "self-study-material-completed"}  # fmt: skip
TYPES = ("ParticipantDeclaration::ECT", "ParticipantDeclaration::Mentor")


class DeclarationError(Exception):
    pass


@dataclass
class TrainingRow:
    id: int
    teacher_id: int
    role: str
    start: dt.date
    end: dt.date | None
    school_api_id: str
    year: int | None
    lead_provider_id: str | None
    delivery_partner_id: str | None  # ECF1 id = api_id
    delivery_partner_pk: int | None


def declaration_batches(source: Source, size: int) -> list[list[str]]:
    """Declaration ids in batches of about `size` that keep each participant profile's declarations together (in
    id order, as before): whether one is refused as a second billable declaration of its type depends on the
    others of its teacher and role, which are exactly its profile's, so no two concurrent batches can race for it.
    """
    rows = source.query(
        "SELECT id::text, participant_profile_id::text AS pid FROM {t.participant_declarations} WHERE type = ANY(%s) "
        "ORDER BY id",
        [list(TYPES)],
    )
    return pack([(row["pid"], row["id"]) for row in rows], size)


def _training_rows(
    profile_ids: list[str],
) -> tuple[dict[str, tuple[int, str]], dict[tuple[int, str], list[TrainingRow]]]:
    teachers, trainings = {}, defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT api_ect_training_record_id::text, api_mentor_training_record_id::text, id FROM teachers "
            "WHERE api_ect_training_record_id = ANY(%s::uuid[]) OR api_mentor_training_record_id = ANY(%s::uuid[])",
            [uuid_array(profile_ids)] * 2,
        )
        for ect, mentor, pk in cursor.fetchall():
            teachers[ect] = (pk, "ect")
            teachers[mentor] = (pk, "mentor")
        cursor.execute(
            "SELECT tp.id, tp.teacher_id, tp.role, tp.started_on, tp.finished_on, s.api_id::text, "
            "alp.contract_period_year, lp.ecf_id::text, dp.api_id::text, dp.id "
            "FROM training_periods tp "
            "LEFT JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id "
            "LEFT JOIN mentor_at_school_periods m ON m.id = tp.mentor_at_school_period_id "
            "JOIN schools s ON s.id = coalesce(e.school_id, m.school_id) "
            "LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id "
            "LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
            "LEFT JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id "
            "LEFT JOIN lead_providers lp ON lp.id = alp.lead_provider_id "
            "LEFT JOIN delivery_partners dp ON dp.id = lpdp.delivery_partner_id "
            "WHERE tp.teacher_id = ANY(%s)",
            [list({pk for pk, _ in teachers.values()})],
        )
        for row in cursor.fetchall():
            trainings[(row[1], row[2])].append(TrainingRow(*row))
    return teachers, trainings


def find_training_period(candidates: list[TrainingRow], *, year: int, lead_provider_id: str, delivery_partner_id: str | None,
                         on: dt.date) -> TrainingRow | None:  # fmt: skip
    """§14.3 steps 1, 2 and 4 (the special-declarations list of step 3 is not held here)."""
    exact = [t for t in candidates if t.year == year and t.lead_provider_id == lead_provider_id
             and t.delivery_partner_id == delivery_partner_id]  # fmt: skip
    for t in exact:
        if t.start <= on and (t.end is None or on <= t.end):
            return t
    for group in (exact, [t for t in candidates if t.year == year and t.lead_provider_id == lead_provider_id]):
        before = [t for t in group if t.start <= on]
        if before:
            return max(before, key=lambda t: t.start)
        if group:
            return min(group, key=lambda t: t.start)
    return None


def migrate_batch(source: Source, ids: list[str], statements: dict[str, tuple[int, int]]) -> dict[str, int]:
    """`statements`: ECF1 statement id -> (statement id, contract period year)."""
    rows = source.query(
        "SELECT d.*, d.id::text AS sid, d.participant_profile_id::text AS pid, d.cpd_lead_provider_id::text AS cpd, "
        "d.delivery_partner_id::text AS dp, c.start_year, lp.id::text AS lead_provider_id, "
        "EXISTS (SELECT 1 FROM {t.teacher_profiles} tp JOIN {t.participant_profiles} pp ON pp.teacher_profile_id = tp.id "
        "        JOIN {t.ecf_ineligible_participants} e ON e.trn = tp.trn WHERE pp.id = d.participant_profile_id) AS ero "
        "FROM {t.participant_declarations} d JOIN {t.cohorts} c ON c.id = d.cohort_id "
        "LEFT JOIN {t.lead_providers} lp ON lp.cpd_lead_provider_id = d.cpd_lead_provider_id "
        "WHERE d.id = ANY(%s::uuid[]) ORDER BY d.id",
        [uuid_array(ids)],
        by_index=True,
    )
    items = defaultdict(list)
    for item in source.query(
        "SELECT id::text, participant_declaration_id::text AS did, statement_id::text AS sid, state "
        "FROM {t.statement_line_items} WHERE participant_declaration_id = ANY(%s::uuid[])",
        [uuid_array(ids)],
        by_index=True,
    ):
        items[item["did"]].append(item)
    teachers, trainings = _training_rows(list({r["pid"] for r in rows}))
    taken: set[tuple[int, str, str]] = set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT teacher_id, role, declaration_type FROM declarations WHERE teacher_id = ANY(%s) AND "
            "payment_status IN ('no_payment', 'eligible', 'payable', 'paid') AND clawback_status = 'no_clawback'",
            [list({pk for pk, _ in teachers.values()})],
        )
        taken = set(cursor.fetchall())
    ledger, out = Ledger(), []
    for row in rows:
        reason = _excluded(row)
        if reason:
            ledger.fate("participant_declarations", row["sid"], D, reason)
            for item in items[row["sid"]]:
                ledger.fate("statement_line_items", item["id"], D, "declaration not migrated")
            continue
        try:
            out.append(_map(row, items[row["sid"]], teachers, trainings, statements, taken))
            ledger.fate("participant_declarations", row["sid"], C, target="declarations")
            for item in items[row["sid"]]:
                ledger.fate("statement_line_items", item["id"], M, f"{item['state']} line item → declaration status",
                            target="declarations")  # fmt: skip
        except DeclarationError as error:
            ledger.fate("participant_declarations", row["sid"], F, "declaration resolver", str(error), "declarations")
            for item in items[row["sid"]]:
                ledger.fate("statement_line_items", item["id"], F, "declaration failed")
    copy_rows("declarations", DECLARATION_COLUMNS, out)
    return {"declarations": len(rows), "created": len(out), "ledger": ledger.flush()}


def _excluded(row: dict) -> str | None:
    """§14.1 and §16 items 16 and 22."""
    if row["superseded_by_id"]:
        return "superseded"
    if row["state"] == "ineligible":
        return "22 Ineligible declaration"
    if row["type"].endswith("Mentor") and row["ero"] and row["state"] in ("voided", "submitted"):
        return "16 ERO mentor's voided or submitted declaration"
    return None


DECLARATION_COLUMNS = (
    "api_id", "training_period_id", "teacher_id", "role", "delivery_partner_when_created_id", "declaration_type",
    "declaration_date", "evidence_type", "payment_status", "clawback_status", "payment_statement_id",
    "clawback_statement_id", "pupil_premium_uplift", "sparsity_uplift", "api_updated_at", "created_at", "updated_at",
)  # fmt: skip


def _map(row, items, teachers, trainings, statements, taken) -> tuple:
    billable = [i for i in items if i["state"] in BILLABLE]
    refundable = [i for i in items if i["state"] in REFUNDABLE]
    if billable:
        payment_status, payment_statement = billable[0]["state"], statements.get(billable[0]["sid"])
    elif row["state"] == "voided":
        payment_status, payment_statement = "voided", None
    elif row["state"] == "submitted":
        payment_status, payment_statement = "no_payment", None
    else:
        raise DeclarationError("ECF1 declaration state doesn't match its statement line items states")
    clawback_status = refundable[0]["state"] if refundable else "no_clawback"
    clawback_statement = statements.get(refundable[0]["sid"]) if refundable else None
    if (billable and payment_statement is None) or (refundable and clawback_statement is None):
        raise DeclarationError("statement of a line item was not migrated")
    teacher = teachers.get(row["pid"])
    if teacher is None:
        raise DeclarationError(f"no teacher with training record id {row['pid']}")
    training = find_training_period(
        trainings.get(teacher, []), year=row["start_year"], lead_provider_id=row["lead_provider_id"],
        delivery_partner_id=row["dp"], on=row["declaration_date"].date(),
    )  # fmt: skip
    if training is None:
        raise DeclarationError("19 No training period of this lead provider and cohort")
    if training.delivery_partner_pk is None:
        raise DeclarationError("matched training period has no delivery partner (school-led)")
    for statement in (payment_statement, clawback_statement):
        if statement and statement[1] != training.year:
            raise DeclarationError("statement and training period are in different contract periods")
    if payment_status in ("no_payment", *BILLABLE) and clawback_status == "no_clawback":
        key = (teacher[0], teacher[1], row["declaration_type"])
        if key in taken:
            raise DeclarationError(f"a billable or changeable {row['declaration_type']} declaration already exists")
        taken.add(key)
    evidence = row["evidence_held"] or None
    evidence = EVIDENCE.get(evidence, evidence)
    uplifts = row["declaration_type"] == "started" and row["start_year"] < 2025
    return (
        row["sid"], training.id, teacher[0], teacher[1], training.delivery_partner_pk, row["declaration_type"],
        row["declaration_date"], evidence, payment_status, clawback_status,
        payment_statement[0] if payment_statement else None, clawback_statement[0] if clawback_statement else None,
        uplifts and row["pupil_premium_uplift"], uplifts and row["sparsity_uplift"], row["updated_at"],
        row["created_at"], row["updated_at"],
    )  # fmt: skip
