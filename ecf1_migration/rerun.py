"""Partial reruns of a finished migration (migration.md §18.7): one or more teachers again, or one step again.

By teacher, in one transaction: what the migration wrote for those teachers (periods, mentorships, declarations, id
changes and the ledger rows of every source record of theirs) is removed and their profiles are migrated again by
the code the batches use. The teacher row itself is kept, so its id and API ids do not change. A teacher's mentor
periods get new ids, so the ECTs they mentor, whoever those are, are rerun with them (and so on): their mentorships
are rebuilt by the same conversion, never patched.

By step: a reference step (find-or-create by legacy id) is run again with every reference step after it; the
declarations are removed and migrated again, then the accounting; the accounting's fates are removed and given
again. The people phase (mentors, ECTs) cannot be rerun by step: `--rerun-teachers` does it for chosen teachers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import ProtectedError, Q

from core import clock
from declarations.models import Declaration
from ecf1_migration import declarations, pipeline, teachers
from ecf1_migration.ledger import Ledger, uuid_array
from ecf1_migration.models import FATES, Checkpoint, LedgerEntry, SetAsideDefinition
from ecf1_migration.source import Source
from ecf1_migration.source_builder import ECT, MENTOR
from schools.services.api_metadata import refresh_school_api_metadata
from teachers.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    MigrationMode,
    Teacher,
    TeacherIdChange,
    TrainingPeriod,
)
from teachers.services.search_facts import refresh_search_facts


class RerunRefused(Exception):
    """The rerun would leave the migration inconsistent, or cannot start; the message says why and what to do."""


@dataclass
class TeacherRerun:
    asked: list[str]
    profiles: list[str] = field(default_factory=list)
    teacher_ids: list[int] = field(default_factory=list)
    mentees_added: list[int] = field(default_factory=list)  # teachers rerun because they are mentored by the asked ones
    counts: dict[str, int] = field(default_factory=dict)


REFERENCE_STEPS = tuple(name for name, _ in pipeline.simple_steps(pipeline.Options()))
STEPS = (*REFERENCE_STEPS, "declarations", "accounting")
PEOPLE_STEPS = ("mentors", "ects", "teacher_id_changes")


def _require_finished_run() -> None:
    """A partial rerun redoes a part of a finished run: before that, resuming is what a run needs."""
    if not Checkpoint.objects.filter(step="api_metadata").exists():
        raise RerunRefused("the migration has not finished: run it to the end (same command, no rerun option) first")
    if SetAsideDefinition.objects.exists():
        raise RerunRefused("indexes of an unfinished bulk load are still set aside: finish the migration run first")


def read_identifiers(values: Iterable[str]) -> list[str]:
    """`--rerun-teachers` values: ids separated by commas, or `@file` with one id a line (first column of a CSV)."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part.startswith("@"):
                with open(part[1:]) as handle:
                    found += [line.split(",")[0].strip() for line in handle if line.split(",")[0].strip()]
            elif part:
                found.append(part)
    return found


# By teacher --------------------------------------------------------------------------------------------------------


def rerun_teachers(
    source: Source,
    identifiers: list[str],
    *,
    today: dt.date | None = None,
    keep_list: frozenset[tuple[str, str, int]] = frozenset(),
) -> TeacherRerun:
    """Migrate again the teachers named by TRN, ECF1 user id or ECF1 participant profile id, in one transaction."""
    _require_finished_run()
    today = today or clock.today()
    result = TeacherRerun(asked=identifiers)
    maps = teachers.Maps.load(source)
    rows = teachers.profile_groups(source, maps)
    by_identifier: dict[str, set[str]] = {}
    for row in rows:
        for key in (row["id"], row["trn"], row["user_id"], maps.canonical_user.get(row["user_id"] or "")):
            if key:
                by_identifier.setdefault(str(key).lower(), set()).add(row["group"])
    unknown = [i for i in identifiers if i.lower() not in by_identifier]
    if unknown:
        raise RerunRefused(f"no ECF1 mentor or ECT profile for: {', '.join(unknown)}")
    groups = {group for i in identifiers for group in by_identifier[i.lower()]}
    group_of_profile = {row["id"]: row["group"] for row in rows}
    with transaction.atomic():
        asked_teachers = _teachers_of(rows, groups, maps)
        groups, teacher_ids = _with_mentees(rows, groups, maps, group_of_profile)
        result.mentees_added = sorted(set(teacher_ids) - set(asked_teachers))
        mine = [row for row in rows if row["group"] in groups]
        profile_ids = [row["id"] for row in mine]
        kept_users = frozenset(
            maps.canonical_user.get(row["user_id"], row["user_id"]) for row in mine if row["user_id"]
        )
        merged = {user for user, keep in maps.canonical_user.items() if keep in kept_users}
        users = sorted({row["user_id"] for row in mine if row["user_id"]} | merged | kept_users)
        schools_before = _schools_of(teacher_ids)
        source_ids = _source_ids(source, profile_ids, users, kept_users, maps)
        added_changes = _added_id_changes(teacher_ids)
        _remove(teacher_ids, source_ids)
        counts: dict[str, int] = {}
        for kind in (MENTOR, ECT):
            ids = [row["id"] for row in mine if row["type"] == kind]
            if ids:
                _add(counts, teachers.migrate_batch(source, ids, maps, today, keep_list))
        ledger = Ledger()
        pipeline.teacher_id_changes(source, ledger, maps, only_users=kept_users)
        counts["ledger"] = counts.get("ledger", 0) + ledger.flush()
        _keep_timestamps(added_changes)
        if source_ids["participant_declarations"]:
            _add(
                counts,
                declarations.migrate_batch(
                    source, sorted(source_ids["participant_declarations"]), pipeline._statements()
                ),
            )
        counts["ledger"] += _account_for(source, maps, users, source_ids)
        teacher_ids = sorted(set(teacher_ids) | set(_teachers_of(rows, groups, maps)))
        refresh_search_facts(teacher_ids)
        refresh_school_api_metadata(school_ids=schools_before | _schools_of(teacher_ids))
    result.profiles, result.teacher_ids, result.counts = profile_ids, teacher_ids, counts
    return result


def _add(totals: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        totals[key] = totals.get(key, 0) + value


def _teachers_of(rows: list[dict], groups: set[str], maps: teachers.Maps) -> list[int]:
    """The teacher rows the migration made of these groups' profiles: found by the keys the batches find them by."""
    mine = [row for row in rows if row["group"] in groups]
    profile_ids = [row["id"] for row in mine]
    api_ids = [maps.canonical_user.get(row["user_id"], row["user_id"]) for row in mine if row["user_id"]]
    trns = [row["trn"] for row in mine if row["trn"]]
    return sorted(
        Teacher.objects.filter(
            Q(api_ect_training_record_id__in=profile_ids)
            | Q(api_mentor_training_record_id__in=profile_ids)
            | Q(api_id__in=api_ids)
            | Q(trn__in=trns)
        ).values_list("pk", flat=True)
    )


def _with_mentees(
    rows: list[dict], groups: set[str], maps: teachers.Maps, group_of_profile: dict[str, str]
) -> tuple[set[str], list[int]]:
    """Add the teachers whose ECT periods are mentored in one of these teachers' mentor periods, until none is new:
    removing a mentor period removes those mentorships, and only their ECT's conversion can build them again."""
    groups = set(groups)
    while True:
        teacher_ids = _teachers_of(rows, groups, maps)
        mentees = (
            Teacher.objects.filter(
                ect_at_school_periods__mentorship_periods__mentor_at_school_period__teacher_id__in=teacher_ids
            )
            .exclude(pk__in=teacher_ids)
            .values_list("api_ect_training_record_id", "api_mentor_training_record_id")
        )
        more = {group_of_profile[str(p)] for pair in mentees for p in pair if str(p) in group_of_profile} - groups
        if not more:
            return groups, teacher_ids
        groups |= more


def _added_id_changes(teacher_ids: list[int]) -> dict[tuple[int, str, str], tuple[dt.datetime, dt.datetime]]:
    """The id changes the migration added for same-TRN users (no ECF1 row, so stamped with the time of the run)."""
    return {
        (teacher, str(old), str(new)): (created, updated)
        for teacher, old, new, created, updated in TeacherIdChange.objects.filter(
            teacher_id__in=teacher_ids, ecf_id=None
        ).values_list("teacher_id", "api_from_teacher_id", "api_to_teacher_id", "created_at", "updated_at")
    }


def _keep_timestamps(added: dict[tuple[int, str, str], tuple[dt.datetime, dt.datetime]]) -> None:
    """Added again, an id change keeps the timestamps lead providers first saw it with (P3)."""
    for (teacher, old, new), (created, updated) in added.items():
        TeacherIdChange.objects.filter(
            teacher_id=teacher, api_from_teacher_id=old, api_to_teacher_id=new, ecf_id=None
        ).update(created_at=created, updated_at=updated)


def _schools_of(teacher_ids: list[int]) -> set[int]:
    return set(ECTAtSchoolPeriod.objects.filter(teacher_id__in=teacher_ids).values_list("school_id", flat=True)) | set(
        MentorAtSchoolPeriod.objects.filter(teacher_id__in=teacher_ids).values_list("school_id", flat=True)
    )


def _source_ids(
    source: Source, profile_ids: list[str], users: list[str], kept_users: frozenset[str], maps: teachers.Maps
) -> dict[str, set[str]]:
    """The source records of these profiles and users, by table: the ones whose ledger rows the rerun rewrites."""
    found: dict[str, set[str]] = {}
    profiles, people = uuid_array(profile_ids), uuid_array(users)
    queries = {
        "participant_profiles": ("SELECT id::text FROM {t.participant_profiles} WHERE id = ANY(%s::uuid[])", profiles),
        "induction_records": (
            "SELECT id::text FROM {t.induction_records} WHERE participant_profile_id = ANY(%s::uuid[])",
            profiles,
        ),
        "participant_profile_states": (
            "SELECT id::text FROM {t.participant_profile_states} WHERE participant_profile_id = ANY(%s::uuid[])",
            profiles,
        ),
        "school_mentors": (
            "SELECT id::text FROM {t.school_mentors} WHERE participant_profile_id = ANY(%s::uuid[])",
            profiles,
        ),
        "participant_declarations": (
            "SELECT id::text FROM {t.participant_declarations} WHERE participant_profile_id = ANY(%s::uuid[]) "
            "AND type = ANY(%s)",
            profiles,
        ),
        "statement_line_items": (
            "SELECT li.id::text FROM {t.statement_line_items} li JOIN {t.participant_declarations} d "
            "ON d.id = li.participant_declaration_id WHERE d.participant_profile_id = ANY(%s::uuid[]) "
            "AND d.type = ANY(%s)",
            profiles,
        ),
        "users": ("SELECT id::text FROM {t.users} WHERE id = ANY(%s::uuid[])", people),
        "teacher_profiles": ("SELECT id::text FROM {t.teacher_profiles} WHERE user_id = ANY(%s::uuid[])", people),
        "participant_identities": (
            "SELECT id::text FROM {t.participant_identities} WHERE user_id = ANY(%s::uuid[])",
            people,
        ),
    }
    for table, (sql, ids) in queries.items():
        params = [ids, list(declarations.TYPES)] if "type = ANY" in sql else [ids]
        found[table] = {row["id"] for row in source.query(sql, params)}
    found["participant_id_changes"] = {  # as `pipeline.teacher_id_changes` attributes them: to the kept user
        row["id"]
        for row in source.query("SELECT id::text, to_participant_id::text AS t FROM {t.participant_id_changes}")
        if maps.canonical_user.get(row["t"], row["t"]) in kept_users
    }
    return found


def _remove(teacher_ids: list[int], source_ids: dict[str, set[str]]) -> None:
    """Everything the migration wrote for these teachers, except the teacher rows; through the ORM, so rows of the
    live service that point at a period are handled by their own rules, and a protected one refuses the rerun."""
    try:
        Declaration.objects.filter(teacher_id__in=teacher_ids).delete()
        MentorshipPeriod.objects.filter(
            Q(ect_at_school_period__teacher_id__in=teacher_ids) | Q(mentor_at_school_period__teacher_id__in=teacher_ids)
        ).delete()
        TrainingPeriod.objects.filter(teacher_id__in=teacher_ids).delete()
        ECTAtSchoolPeriod.objects.filter(teacher_id__in=teacher_ids).delete()
        MentorAtSchoolPeriod.objects.filter(teacher_id__in=teacher_ids).delete()
        TeacherIdChange.objects.filter(teacher_id__in=teacher_ids).delete()
        # What the batches derive from the profiles only where it is still empty, or keep once economy: derived
        # again from the source as it is now. The ids and `api_updated_at` (only ever moved forward) stay.
        Teacher.objects.filter(pk__in=teacher_ids).update(
            migration_mode=MigrationMode.NOT_MIGRATED,
            trs_induction_start_date=None,
            ect_first_became_eligible_for_training_at=None,
            mentor_first_became_eligible_for_training_at=None,
        )
    except ProtectedError as error:
        kinds = sorted({type(row).__name__ for row in error.protected_objects})
        raise RerunRefused(f"rows of the live service point at these teachers' records ({', '.join(kinds)})") from None
    for table, ids in source_ids.items():
        if ids:
            LedgerEntry.objects.filter(source_table=table, source_id__in=list(ids)).delete()


def _account_for(source: Source, maps: teachers.Maps, users: list[str], source_ids: dict[str, set[str]]) -> int:
    """These teachers' share of the accounting (`pipeline.account_for`): their people rows, then the default fate
    of each of their records the batches gave none."""
    ledger = Ledger()
    if users:
        pipeline._account_for_people(source, ledger, maps, [], users=users)
    have = {
        (table, source_id)
        for table, source_id in LedgerEntry.objects.filter(
            source_table__in=list(source_ids), outcome__in=FATES
        ).values_list("source_table", "source_id")
        if source_id in source_ids[table]
    }
    for table, _, outcome, rule in pipeline.REST:
        for source_id in sorted(source_ids.get(table, ())):
            if (table, source_id) not in have:
                ledger.fate(table, source_id, outcome, rule)
    return ledger.flush()


# By step -----------------------------------------------------------------------------------------------------------


def rerun_step(source: Source, step: str, options: pipeline.Options) -> pipeline.RunResult:
    """Forget a step's checkpoints, remove what it wrote where running it again would duplicate, and run it again
    with the steps after it that depend on it, by resuming the pipeline (which redoes exactly the forgotten steps)."""
    if step in PEOPLE_STEPS:
        raise RerunRefused(
            f"{step} cannot be rerun by step: the people phase rewrites every teacher, their declarations and the "
            "accounting. Rerun chosen teachers with --rerun-teachers, or reset and run the whole migration."
        )
    if step not in STEPS:
        raise RerunRefused(f"unknown step {step!r}: one of {', '.join(STEPS)}")
    _require_finished_run()
    if step in REFERENCE_STEPS:
        _rerun_reference(source, REFERENCE_STEPS[REFERENCE_STEPS.index(step) :], options)
        forget = ["api_metadata"]
    elif step == "declarations":
        forget = ["declarations", "accounting", "api_metadata"]
    else:
        forget = ["accounting", "api_metadata"]
    with transaction.atomic():
        if step == "declarations":
            _remove_declarations(source)
        if "accounting" in forget:
            _remove_accounting()
        Checkpoint.objects.filter(step__in=forget).delete()
    return pipeline.run(source, options)


def _rerun_reference(source: Source, steps: tuple[str, ...], options: pipeline.Options) -> None:
    """Each step again in its own transaction, its previous ledger rows replaced by the ones it writes now (every
    reference step accounts for every record of its tables, and finds its rows by legacy id, so ids do not change:
    the teachers and declarations that point at them stay right)."""
    today = options.today or clock.today()
    bodies = dict(pipeline.simple_steps(options))
    for name in steps:
        with transaction.atomic():
            ledger = Ledger()
            bodies[name](source, ledger, today)
            written: dict[str, list[str]] = {}
            for table, source_id, *_ in ledger.rows:
                written.setdefault(table, []).append(source_id)
            for table, ids in written.items():
                LedgerEntry.objects.filter(source_table=table, source_id__in=ids).delete()
            rows = ledger.flush()
            Checkpoint.objects.filter(step=name).delete()
            Checkpoint.objects.create(step=name, rows=rows)
        options.progress(f"{name}: rerun, {rows:,} source rows accounted for")


def _remove_declarations(source: Source) -> None:
    """The migrated declarations (those whose api id is an ECF1 declaration's id) and their ledger rows."""
    ids = [
        row["id"]
        for row in source.query(
            "SELECT id::text FROM {t.participant_declarations} WHERE type = ANY(%s)", [list(declarations.TYPES)]
        )
    ]
    items = [
        row["id"]
        for row in source.query(
            "SELECT li.id::text FROM {t.statement_line_items} li JOIN {t.participant_declarations} d "
            "ON d.id = li.participant_declaration_id WHERE d.type = ANY(%s)",
            [list(declarations.TYPES)],
        )
    ]
    try:
        Declaration.objects.filter(api_id__in=ids).delete()
    except ProtectedError as error:
        kinds = sorted({type(row).__name__ for row in error.protected_objects})
        raise RerunRefused(f"rows of the live service point at migrated declarations ({', '.join(kinds)})") from None
    LedgerEntry.objects.filter(source_table="participant_declarations", source_id__in=ids).delete()
    LedgerEntry.objects.filter(source_table="statement_line_items", source_id__in=items).delete()


def _remove_accounting() -> None:
    """The fates the accounting gave: every fate of the people rows, and the default fates of the other tables
    (the batches never give those with the same rule). The changes recorded on people rows stay."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM ecf1_migration_ledger WHERE source_table = ANY(%s) AND outcome <> 'changed'",
            [["users", "teacher_profiles", "participant_identities"]],
        )
    for table, _, outcome, rule in pipeline.REST:
        LedgerEntry.objects.filter(source_table=table, outcome=outcome, rule=rule).delete()
