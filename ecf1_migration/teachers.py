"""Teachers, their school, training and mentorship periods (migration.md §8–13), a batch at a time: read the batch's
histories with a few set-based queries, convert each participant in memory, write everything with COPY, and fall
back to one participant at a time (premium, then economy) only when the database refuses the batch."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction

from ecf1_migration.convert import (
    ECONOMY,
    PREMIUM,
    ConversionError,
    Lookups,
    MentorPeriod,
    RolePlan,
    check,
    convert,
    economy,
)
from ecf1_migration.history import ProfileState, Record, RoleHistory, payments_frozen_year
from ecf1_migration.ledger import Ledger, copy_rows, reserve_ids, uuid_array
from ecf1_migration.models import Outcome
from ecf1_migration.source import Source
from ecf1_migration.source_builder import ECT, MENTOR

C, M, D, F = Outcome.CREATED, Outcome.MERGED, Outcome.DROPPED, Outcome.FAILED
OPEN_STATUS_CODES = (1, 3)


@dataclass
class Maps:
    """Legacy id → new id maps of reference data, loaded from the new database (so a resumed run has them too)."""

    schools: dict[str, int] = field(default_factory=dict)  # ECF1 school id -> school id
    partnerships: dict[tuple[str, str, int, str], int] = field(default_factory=dict)
    schedules: dict[tuple[int, str], int] = field(default_factory=dict)
    appropriate_bodies: dict[str, int] = field(default_factory=dict)
    canonical_user: dict[str, str] = field(default_factory=dict)  # user id -> user id lead providers keep
    frozen_years: set[int] = field(default_factory=set)  # cohorts whose payments are frozen

    @classmethod
    def load(cls, source: Source) -> Maps:
        maps = cls()
        with connection.cursor() as cursor:
            cursor.execute("SELECT api_id::text, id FROM schools")
            maps.schools = dict(cursor.fetchall())
            cursor.execute(
                "SELECT s.api_id::text, lp.ecf_id::text, alp.contract_period_year, dp.api_id::text, sp.id "
                "FROM school_partnerships sp JOIN schools s ON s.id = sp.school_id "
                "JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
                "JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id "
                "JOIN lead_providers lp ON lp.id = alp.lead_provider_id "
                "JOIN delivery_partners dp ON dp.id = lpdp.delivery_partner_id WHERE lp.ecf_id IS NOT NULL"
            )
            maps.partnerships = {row[:4]: row[4] for row in cursor.fetchall()}
            cursor.execute("SELECT contract_period_year, identifier, id FROM schedules")
            maps.schedules = {(year, identifier): pk for year, identifier, pk in cursor.fetchall()}
            cursor.execute("SELECT dqt_id::text, name, id FROM appropriate_body_periods")
            names = {}
            for dqt_id, name, pk in cursor.fetchall():
                if dqt_id:
                    maps.appropriate_bodies[dqt_id] = pk
                names[name] = pk
        for row in source.query("SELECT id::text, name FROM {t.appropriate_bodies}"):
            maps.appropriate_bodies.setdefault(row["id"], names.get(row["name"]))
        maps.canonical_user = canonical_users(source)
        maps.frozen_years = {
            row["start_year"]
            for row in source.query("SELECT start_year FROM {t.cohorts} WHERE payments_frozen_at IS NOT NULL")
        }
        return maps


def canonical_users(source: Source) -> dict[str, str]:
    """§16 item 20: users sharing a TRN become one teacher. Lead providers follow `participant_id_changes`; where ECF1
    recorded none, the earliest user is kept and the others are reported (and given id changes)."""
    canonical = {}
    for row in source.query(
        "SELECT from_participant_id::text f, to_participant_id::text t FROM {t.participant_id_changes}"
    ):
        canonical[row["f"]] = row["t"]
    for row in source.query(
        "SELECT array_agg(u.id::text ORDER BY u.created_at, u.id) AS users FROM {t.teacher_profiles} tp "
        "JOIN {t.users} u ON u.id = tp.user_id WHERE tp.trn IS NOT NULL GROUP BY tp.trn HAVING count(*) > 1"
    ):
        users = row["users"]
        keep = next((canonical[u] for u in users if u in canonical), users[0])
        for user in users:
            if user != keep:
                canonical.setdefault(user, keep)
    for user in list(canonical):  # follow chains
        seen = {user}
        while canonical.get(canonical[user]) and canonical[user] not in seen:
            seen.add(canonical[user])
            canonical[user] = canonical[canonical[user]]
    return canonical


def profile_batches(source: Source, maps: Maps, size: int) -> dict[str, list[list[str]]]:
    """Mentor and ECT profile ids in batches of about `size`, such that all the profiles of one kind that become
    the same teacher are in one batch: concurrent batches then never both create, or both update, one teacher, and
    within a batch the profiles are taken in id order as before. Profiles become the same teacher through their
    TRN or their canonical user (`_find_teachers`), so those keys are joined over both kinds, the mentors' teachers
    being the ones the ECT batches find. The batches depend only on the snapshot, so a rerun resumes the same ones."""
    rows = profile_groups(source, maps)
    return {kind: pack([(r["group"], r["id"]) for r in rows if r["type"] == kind], size) for kind in (MENTOR, ECT)}


def profile_groups(source: Source, maps: Maps) -> list[dict]:
    """Every mentor and ECT profile (id, type, trn, user_id) in id order, with `group`: the same key for all the
    profiles that become one teacher (same TRN or same canonical user, transitively)."""
    rows = source.query(
        "SELECT pp.id::text, pp.type, tp.trn, tp.user_id::text FROM {t.participant_profiles} pp "
        "LEFT JOIN {t.teacher_profiles} tp ON tp.id = pp.teacher_profile_id WHERE pp.type = ANY(%s) ORDER BY pp.id",
        [[MENTOR, ECT]],
    )
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def keys(row: dict) -> list[str]:
        if row["user_id"] is None:
            return [f"profile:{row['id']}"]
        found = [f"api:{maps.canonical_user.get(row['user_id'], row['user_id'])}"]
        return [*found, f"trn:{row['trn']}"] if row["trn"] else found

    for row in rows:
        first, *rest = keys(row)
        for key in rest:
            parent[root(key)] = root(first)
    for row in rows:
        row["group"] = root(keys(row)[0])
    return rows


def pack(keyed_ids: list[tuple[str, str]], size: int) -> list[list[str]]:
    """Ids (in order, each with its group's key) in batches of at most `size` that never split a group (a group
    bigger than `size` is a batch of its own); groups in the order of their first id."""
    groups: dict[str, list[str]] = {}
    for key, source_id in keyed_ids:
        groups.setdefault(key, []).append(source_id)
    batches: list[list[str]] = [[]]
    for ids in groups.values():
        if batches[-1] and len(batches[-1]) + len(ids) > size:
            batches.append([])
        batches[-1].extend(ids)
    return [batch for batch in batches if batch]


@dataclass
class PersonPlan:
    profile: dict
    history: RoleHistory
    plan: RolePlan | None
    error: str | None = None
    teacher_id: int | None = None
    frozen: int | None = None


# Reading a batch --------------------------------------------------------------------------------------------

RECORDS_SQL = """
SELECT ir.id::text, ir.participant_profile_id::text AS profile_id, ir.start_date, ir.end_date, ir.created_at,
  ir.updated_at, ir.training_status, ir.induction_status, ir.mentor_profile_id::text, ir.appropriate_body_id::text,
  ir.school_transfer, sc_cohort.start_year AS cohort, s.id::text AS school_id, s.school_type_code,
  s.section_41_approved, ip.training_programme, sch.schedule_identifier, sc_cohort.start_year AS schedule_cohort,
  pi.email, p.lead_provider_id::text, lp.cpd_lead_provider_id::text, p.delivery_partner_id::text,
  pc.start_year AS partnership_cohort
FROM {t.induction_records} ir
JOIN {t.induction_programmes} ip ON ip.id = ir.induction_programme_id
JOIN {t.school_cohorts} scs ON scs.id = ip.school_cohort_id
JOIN {t.schools} s ON s.id = scs.school_id
JOIN {t.schedules} sch ON sch.id = ir.schedule_id
JOIN {t.cohorts} sc_cohort ON sc_cohort.id = sch.cohort_id
LEFT JOIN {t.participant_identities} pi ON pi.id = ir.preferred_identity_id
LEFT JOIN {t.partnerships} p ON p.id = ip.partnership_id
LEFT JOIN {t.cohorts} pc ON pc.id = p.cohort_id
LEFT JOIN {t.lead_providers} lp ON lp.id = p.lead_provider_id
WHERE ir.participant_profile_id = ANY(%s::uuid[])
"""

PROFILES_SQL = """
SELECT pp.id::text, pp.type, pp.created_at, pp.updated_at, pp.induction_start_date, pp.induction_completion_date,
  pp.mentor_completion_date, pp.mentor_completion_reason, tp.id::text AS teacher_profile_id, tp.trn,
  pp.cohort_changed_after_payments_frozen AS cohort_changed, (SELECT c.start_year FROM {t.schedules} s
  JOIN {t.cohorts} c ON c.id = s.cohort_id WHERE s.id = pp.schedule_id) AS profile_cohort,
  u.id::text AS user_id, u.full_name, u.created_at AS user_created_at, u.updated_at AS user_updated_at,
  (SELECT max(updated_at) FROM {t.participant_identities} pi WHERE pi.user_id = u.id) AS identities_updated_at,
  EXISTS (SELECT 1 FROM {t.ecf_ineligible_participants} e WHERE e.trn = tp.trn) AS is_ero,
  (SELECT true FROM {t.participant_declarations} d WHERE d.participant_profile_id = pp.id
   AND d.state IN ('paid', 'awaiting_clawback', 'clawed_back') LIMIT 1) IS NOT NULL AS has_paid
FROM {t.participant_profiles} pp
JOIN {t.teacher_profiles} tp ON tp.id = pp.teacher_profile_id
JOIN {t.users} u ON u.id = tp.user_id
WHERE pp.id = ANY(%s::uuid[])
"""


def read_histories(
    source: Source, ids: list[str], keep_list: frozenset[tuple[str, str, int]] = frozenset()
) -> list[tuple[dict, RoleHistory]]:
    ids_literal = uuid_array(ids)
    profiles = source.query(PROFILES_SQL, [ids_literal], by_index=True)
    records = defaultdict(list)
    for row in source.query(RECORDS_SQL, [ids_literal], by_index=True):
        records[row["profile_id"]].append(
            Record(
                id=row["id"],
                start=row["start_date"],
                end=row["end_date"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                cohort=row["cohort"],
                school_id=row["school_id"],
                school_type_code=row["school_type_code"],
                school_section_41=row["section_41_approved"],
                programme=row["training_programme"],
                schedule_identifier=row["schedule_identifier"],
                schedule_cohort=row["schedule_cohort"],
                email=row["email"],
                mentor_profile_id=row["mentor_profile_id"],
                training_status=row["training_status"],
                induction_status=row["induction_status"],
                lead_provider_id=row["lead_provider_id"],
                cpd_lead_provider_id=row["cpd_lead_provider_id"],
                delivery_partner_id=row["delivery_partner_id"],
                partnership_cohort=row["partnership_cohort"],
                appropriate_body_id=row["appropriate_body_id"],
                school_transfer=row["school_transfer"],
            )
        )
    states = defaultdict(list)
    for row in source.query(
        "SELECT id::text, participant_profile_id::text AS pid, state, reason, cpd_lead_provider_id::text AS cpd, "
        "created_at FROM {t.participant_profile_states} WHERE participant_profile_id = ANY(%s::uuid[]) "
        "ORDER BY created_at",
        [ids_literal],
        by_index=True,
    ):
        states[row["pid"]].append(ProfileState(row["state"], row["reason"], row["cpd"], row["created_at"], row["id"]))
    pools = defaultdict(list)
    for row in source.query(
        "SELECT sm.id::text, sm.participant_profile_id::text AS pid, sm.school_id::text, sm.created_at, pi.email, "
        "s.school_status_code FROM {t.school_mentors} sm JOIN {t.schools} s ON s.id = sm.school_id "
        "LEFT JOIN {t.participant_identities} pi ON pi.id = sm.preferred_identity_id "
        "WHERE sm.participant_profile_id = ANY(%s::uuid[]) ORDER BY sm.created_at, sm.id",
        [ids_literal],
        by_index=True,
    ):
        pools[row["pid"]].append(
            (
                row["id"],
                row["school_id"],
                row["created_at"],
                row["email"],
                row["school_status_code"] in OPEN_STATUS_CODES,
            )
        )
    result = []
    for profile in profiles:
        pid = profile["id"]
        history = RoleHistory(
            profile_id=pid, is_ect=profile["type"] == ECT, created_at=profile["created_at"],
            updated_at=profile["updated_at"], records=records[pid], states=states[pid],
            induction_start_date=profile["induction_start_date"],
            induction_completion_date=profile["induction_completion_date"],
            mentor_completion_date=profile["mentor_completion_date"],
            mentor_completion_reason=profile["mentor_completion_reason"],
            is_ero=profile["type"] == MENTOR and profile["is_ero"], ero_with_declarations=profile["has_paid"],
            pool=pools[pid],
            keep_after_completion=frozenset((lp, year) for profile_id, lp, year in keep_list if profile_id == pid),
        )  # fmt: skip
        result.append((profile, history))
    return result


def mentor_periods_for(mentor_profile_ids: set[str]) -> dict[str, list[MentorPeriod]]:
    found = defaultdict(list)
    if not mentor_profile_ids:
        return found
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.api_mentor_training_record_id::text, m.id, s.api_id::text, m.started_on, m.finished_on, "
            "m.created_at FROM mentor_at_school_periods m JOIN teachers t ON t.id = m.teacher_id "
            "JOIN schools s ON s.id = m.school_id WHERE t.api_mentor_training_record_id = ANY(%s::uuid[])",
            [uuid_array(mentor_profile_ids)],
        )
        for mentor, pk, school, start, end, created in cursor.fetchall():
            found[mentor].append(MentorPeriod(pk, school, start, end, created))
    return found


# Converting and writing a batch -----------------------------------------------------------------------------


def migrate_batch(
    source: Source, ids: list[str], maps: Maps, today: dt.date, keep_list: frozenset[tuple[str, str, int]] = frozenset()
) -> dict[str, int]:
    """Convert and write one batch of profiles of one kind, with its ledger rows; the caller holds the transaction."""
    histories = read_histories(source, ids, keep_list)
    mentors = {r.mentor_profile_id for _, h in histories for r in h.records if r.mentor_profile_id}
    periods = mentor_periods_for(mentors)
    lookups = Lookups(
        partnership=lambda school, lp, year, dp: maps.partnerships.get((school, lp, year, dp)),
        schedule=lambda year, identifier: maps.schedules.get((year, identifier)),
        mentor_periods=lambda mentor: periods.get(mentor, []),
    )
    people = []
    for profile, history in histories:
        try:
            plan = convert(history, lookups, today)
            missing = [p.school_id for p in plan.periods if p.school_id not in maps.schools]
            if missing:
                raise ConversionError(f"school {missing[0]} was not migrated")
            people.append(PersonPlan(profile, history, plan))
        except ConversionError as error:
            people.append(PersonPlan(profile, history, None, str(error)))
    ledger = Ledger()
    try:
        with transaction.atomic():
            _write(people, maps, ledger)
    except DatabaseError:
        ledger = Ledger()
        for person in people:
            _write_one_with_fallback(person, maps, ledger, lookups, today)
    counts = {"profiles": len(people), "failed": sum(1 for p in people if p.plan is None)}
    counts["ledger"] = ledger.flush()
    return counts


def _write_one_with_fallback(person: PersonPlan, maps: Maps, ledger: Ledger, lookups: Lookups, today) -> None:
    attempts = [person.plan] if person.plan else []
    if person.plan and person.plan.mode == PREMIUM:
        try:
            fallback = economy(person.history, lookups, today)
            check(fallback, person.history, lookups)
            attempts.append(fallback)
        except ConversionError:
            pass
    errors = [person.error] if person.error else []
    for plan in attempts:
        person.plan = plan
        one = Ledger()
        try:
            with transaction.atomic():
                _write([person], maps, one)
            ledger.rows.extend(one.rows)
            return
        except DatabaseError as error:
            errors.append(f"{plan.mode}: {str(error).splitlines()[0]}")
    person.plan, person.error = None, "; ".join(errors)
    _write([person], maps, ledger)  # ledger rows for a failed participant only


def _name_parts(full_name: str) -> tuple[str, str]:
    parts = full_name.strip().split()
    if len(parts) < 2:
        return full_name, ""
    return " ".join(parts[:-1]), parts[-1]


def _find_teachers(people: list[PersonPlan], maps: Maps) -> dict[str, int]:
    trns = [p.profile["trn"] for p in people if p.profile["trn"]]
    api_ids = [maps.canonical_user.get(p.profile["user_id"], p.profile["user_id"]) for p in people]
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT trn, api_id::text, id FROM teachers WHERE trn = ANY(%s) OR api_id = ANY(%s::uuid[])",
            [trns, uuid_array(api_ids)],
        )
        for trn, api_id, pk in cursor.fetchall():
            if trn:
                found[f"trn:{trn}"] = pk
            found[f"api:{api_id}"] = pk
    return found


def _key(person: PersonPlan, maps: Maps) -> tuple[str, str]:
    api_id = maps.canonical_user.get(person.profile["user_id"], person.profile["user_id"])
    trn = person.profile["trn"]
    return (f"trn:{trn}" if trn else f"api:{api_id}"), api_id


TEACHER_COLUMNS = (
    "id", "trn", "trnless", "trs_first_name", "trs_last_name", "corrected_name", "api_id", "api_ect_training_record_id",
    "api_mentor_training_record_id", "api_updated_at", "api_unfunded_mentor_updated_at", "migration_mode",
    "mentor_became_ineligible_for_funding_on", "mentor_became_ineligible_for_funding_reason",
    "trs_induction_start_date", "trs_induction_completed_date", "ect_first_became_eligible_for_training_at",
    "mentor_first_became_eligible_for_training_at", "created_at", "updated_at", "ect_payments_frozen_year",
    "mentor_payments_frozen_year",
)  # fmt: skip


def _updated_at(person: PersonPlan) -> dt.datetime:
    p = person.profile
    stamps = [p["user_updated_at"], p["updated_at"], p["identities_updated_at"]]
    stamps += [r.updated_at for r in person.history.records]
    return max(s for s in stamps if s is not None)


def _write(people: list[PersonPlan], maps: Maps, ledger: Ledger) -> None:
    found = _find_teachers(people, maps)
    new_rows, updates = [], []
    new_keys: dict[str, int] = {}
    fresh_ids = iter(reserve_ids("teachers", sum(1 for p in people if p.plan)))
    for person in people:
        if person.plan is None:
            continue
        key, api_id = _key(person, maps)
        p, ect = person.profile, person.history.is_ect
        teacher_id = found.get(key) or found.get(f"api:{api_id}") or new_keys.get(key)
        mode = person.plan.mode
        frozen = None
        if p["cohort_changed"]:
            frozen = payments_frozen_year(person.history.records, p["profile_cohort"], maps.frozen_years)
        if teacher_id is None:
            teacher_id = next(fresh_ids)
            new_keys[key] = teacher_id
            first, last = _name_parts(p["full_name"])
            mentor_off = p["mentor_completion_date"] if not ect and p["mentor_completion_reason"] else None
            new_rows.append((
                teacher_id, p["trn"], p["trn"] is None, first, last, p["full_name"], api_id,
                p["id"] if ect else str(uuid.uuid4()), p["id"] if not ect else str(uuid.uuid4()),
                _updated_at(person), p["user_updated_at"], mode, mentor_off,
                p["mentor_completion_reason"] if mentor_off else None,
                p["induction_start_date"] if ect else None, p["induction_completion_date"] if ect else None,
                p["created_at"] if ect else None, p["created_at"] if not ect else None,
                p["user_created_at"], p["user_updated_at"], frozen if ect else None, None if ect else frozen,
            ))  # fmt: skip
        else:
            updates.append((teacher_id, person, mode))
        person.teacher_id = teacher_id
        person.frozen = frozen
    copy_rows("teachers", TEACHER_COLUMNS, new_rows)
    with connection.cursor() as cursor:
        for teacher_id, person, mode in updates:
            p = person.profile
            if person.history.is_ect:
                cursor.execute(
                    "UPDATE teachers SET api_ect_training_record_id = %s, ect_payments_frozen_year = %s, "
                    "trs_induction_start_date = "
                    "coalesce(trs_induction_start_date, %s), trs_induction_completed_date = %s, "
                    "ect_first_became_eligible_for_training_at = coalesce(ect_first_became_eligible_for_training_at, %s), "
                    "api_updated_at = greatest(api_updated_at, %s), migration_mode = CASE WHEN migration_mode = %s "
                    "THEN migration_mode ELSE %s END WHERE id = %s",
                    [p["id"], person.frozen, p["induction_start_date"], p["induction_completion_date"], p["created_at"],
                     _updated_at(person), ECONOMY, mode, teacher_id],
                )  # fmt: skip
            else:
                cursor.execute(
                    "UPDATE teachers SET api_mentor_training_record_id = %s, mentor_payments_frozen_year = %s, "
                    "mentor_first_became_eligible_for_training_at = "
                    "coalesce(mentor_first_became_eligible_for_training_at, %s), "
                    "api_updated_at = greatest(api_updated_at, %s), migration_mode = CASE WHEN migration_mode = %s "
                    "THEN migration_mode ELSE %s END WHERE id = %s",
                    [p["id"], person.frozen, p["created_at"], _updated_at(person), ECONOMY, mode, teacher_id],
                )  # fmt: skip
    _write_periods(people, maps)
    for person in people:
        _ledger_person(person, ledger)


def _write_periods(people: list[PersonPlan], maps: Maps) -> None:
    ects = [
        (person, period) for person in people if person.plan and person.history.is_ect for period in person.plan.periods
    ]
    mentors = [(person, period) for person in people if person.plan and not person.history.is_ect
               for period in person.plan.periods]  # fmt: skip
    ect_ids = reserve_ids("ect_at_school_periods", len(ects))
    mentor_ids = reserve_ids("mentor_at_school_periods", len(mentors))
    copy_rows(
        "ect_at_school_periods",
        ("id", "teacher_id", "school_id", "started_on", "finished_on", "email", "school_reported_appropriate_body_id",
         "ecf_start_induction_record_id", "ecf_end_induction_record_id", "created_at", "updated_at"),
        ((pk, person.teacher_id, maps.schools[period.school_id], period.start, period.end, period.email,
          maps.appropriate_bodies.get(period.appropriate_body_id), period.start_ir, period.end_ir, period.created_at,
          period.created_at) for pk, (person, period) in zip(ect_ids, ects, strict=True)),
    )  # fmt: skip
    copy_rows(
        "mentor_at_school_periods",
        ("id", "teacher_id", "school_id", "started_on", "finished_on", "email", "ecf_start_induction_record_id",
         "ecf_end_induction_record_id", "created_at", "updated_at"),
        ((pk, person.teacher_id, maps.schools[period.school_id], period.start, period.end, period.email,
          period.start_ir, period.end_ir, period.created_at, period.created_at)
         for pk, (person, period) in zip(mentor_ids, mentors, strict=True)),
    )  # fmt: skip
    trainings, mentorships = [], []
    for is_ect, pairs, ids in ((True, ects, ect_ids), (False, mentors, mentor_ids)):
        for pk, (person, period) in zip(ids, pairs, strict=True):
            for t in period.trainings:
                trainings.append((
                    pk if is_ect else None, None if is_ect else pk, person.teacher_id, "ect" if is_ect else "mentor",
                    "provider_led" if t.provider_led else "school_led", t.school_partnership_id, t.schedule_id,
                    t.withdrawn_at, t.withdrawal_reason, t.deferred_at, t.deferral_reason,
                    t.transfer_updated_at or person.profile["user_updated_at"],
                    t.start_ir, t.end_ir, t.start, t.end, t.created_at, t.created_at,
                ))  # fmt: skip
            for m in period.mentorships:
                mentorships.append((pk, m.mentor_period_id, m.start, m.end, m.start_ir, m.end_ir, period.created_at,
                                    period.created_at))  # fmt: skip
    copy_rows(
        "training_periods",
        ("ect_at_school_period_id", "mentor_at_school_period_id", "teacher_id", "role", "training_programme",
         "school_partnership_id", "schedule_id", "withdrawn_at", "withdrawal_reason", "deferred_at", "deferral_reason",
         "api_transfer_updated_at", "ecf_start_induction_record_id", "ecf_end_induction_record_id", "started_on",
         "finished_on", "created_at", "updated_at"),
        trainings,
    )  # fmt: skip
    copy_rows(
        "mentorship_periods",
        ("ect_at_school_period_id", "mentor_at_school_period_id", "started_on", "finished_on",
         "ecf_start_induction_record_id", "ecf_end_induction_record_id", "created_at", "updated_at"),
        mentorships,
    )  # fmt: skip


def _ledger_person(person: PersonPlan, ledger: Ledger) -> None:
    h, plan = person.history, person.plan
    role = "ect" if h.is_ect else "mentor"
    if plan is None:
        ledger.fate("participant_profiles", h.profile_id, F, "conversion failed", person.error or "", "teachers")
        for r in h.records:
            ledger.fate("induction_records", r.id, F, "teacher failed", person.error or "", f"{role}_at_school_periods")
        for s in h.states:
            ledger.fate("participant_profile_states", s.id, F, "teacher failed")
        for pool in h.pool:
            ledger.fate("school_mentors", pool[0], F, "teacher failed")
        return
    mode = plan.mode
    ledger.fate("participant_profiles", h.profile_id, C, "", "", "teachers", mode)
    target = f"{role}_at_school_periods"
    for r in h.records:
        if r.id in plan.cleaning.dropped:
            ledger.fate("induction_records", r.id, D, plan.cleaning.dropped[r.id], "", target, mode)
        elif r.id in plan.record_use:
            ledger.fate("induction_records", r.id, C if plan.record_use[r.id] == "created" else M, "", "", target, mode)
        else:
            ledger.fate("induction_records", r.id, D, "not used by the conversion", "", target, mode)
    for record_id, rule, what in (*plan.cleaning.changes, *plan.changes):
        ledger.change("induction_records" if record_id else "participant_profiles", record_id or h.profile_id, rule,
                      what, target, mode)  # fmt: skip
    for record_id, why in plan.not_trained.items():
        ledger.change("induction_records", record_id, "no training period", why, "training_periods", mode)
    for record_id, why in plan.mentorship_failures:
        ledger.change("induction_records", record_id, "mentorship not created", why, "mentorship_periods", mode)
    for s in h.states:
        if s.id in plan.states_used:
            ledger.fate("participant_profile_states", s.id, M, f"applied to a training period ({s.state})",
                        target="training_periods", mode=mode)  # fmt: skip
        elif s.state == "active":
            ledger.fate("participant_profile_states", s.id, D, "active state: nothing to carry", mode=mode)
        else:
            ledger.fate("participant_profile_states", s.id, D, "no training period ends on the state's date", mode=mode)
    pooled = {p.pool_row_id for p in plan.periods if p.pool_row_id}
    for pool_id, _, _, _, is_open in h.pool:
        if pool_id in pooled:
            ledger.fate(
                "school_mentors", pool_id, C, "18 Pooled mentor period", target="mentor_at_school_periods", mode=mode
            )
        elif not is_open:
            ledger.fate("school_mentors", pool_id, D, "school not open", mode=mode)
        else:
            ledger.fate("school_mentors", pool_id, M, "school covered by an induction-record period", mode=mode)
