"""Teacher identity: TRN input, validation, TRS refresh, anonymise, merge (domain.md §5.1, §7.3.7, §7.7, BR-T-*).

TRS is the source of truth for who a teacher is; these services copy what it says, keep the school's
corrected name only while it still differs, and audit every change on the teacher's timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.periods import check_no_overlap
from core.services import service
from events.authors import Author
from events.record import identity as record
from events.recorder import describe_changes
from schools.models import SchoolNotification
from teachers.messages import identity as messages
from teachers.models import (
    AnonymisationReason,
    ECTAtSchoolPeriod,
    InductionExtension,
    InductionPeriod,
    MentorAtSchoolPeriod,
    MentorIneligibilityReason,
    MigrationMode,
    Teacher,
    TeacherIdChange,
    TrainingPeriod,
    TRSInductionStatus,
    TRSResponse,
)

TRN_MIN_DIGITS = 5
TRN_DIGITS = 7
TRN_FORMAT = re.compile(r"^\d{7}$")
MAX_TRS_INDUCTION_STATUS_LENGTH = 18
EARLY_ROLL_OUT_INELIGIBLE_ON = dt.date(2021, 4, 19)

# §3.3: changing any of these touches `api_updated_at` / `api_unfunded_mentor_updated_at`.
API_UPDATED_AT_FIELDS = frozenset(
    {
        "api_id",
        "trs_first_name",
        "trs_last_name",
        "corrected_name",
        "trn",
        "api_ect_training_record_id",
        "api_mentor_training_record_id",
        "ect_became_ineligible_for_funding_on",
        "mentor_became_ineligible_for_funding_on",
        "mentor_became_ineligible_for_funding_reason",
        "ect_first_became_eligible_for_training_at",
        "mentor_first_became_eligible_for_training_at",
        "ect_payments_frozen_year",
        "mentor_payments_frozen_year",
        "trs_induction_completed_date",
        "trs_induction_start_date",
    }
)
API_UNFUNDED_MENTOR_UPDATED_AT_FIELDS = frozenset({"trs_first_name", "trs_last_name", "corrected_name", "trn"})

FIRST_ELIGIBLE_FIELDS = ("ect_first_became_eligible_for_training_at", "mentor_first_became_eligible_for_training_at")
OUTCOME_TO_TRS_STATUS = {"pass": TRSInductionStatus.PASSED, "fail": TRSInductionStatus.FAILED}


# TRN input -------------------------------------------------------------------------------------------


def normalise_trn(raw: str | int | None) -> str:
    """BR-T-01: drop non-digits, require 5–7 digits, left-pad with zeros to 7 (`RP 12345` → `0012345`)."""
    digits = re.sub(r"\D", "", str(raw or ""))
    if len(digits) < TRN_MIN_DIGITS:
        raise DomainError("trn", messages.TRN_TOO_SHORT)
    if len(digits) > TRN_DIGITS:
        raise DomainError("trn", messages.TRN_TOO_LONG)
    return digits.zfill(TRN_DIGITS)


def squish(value: str | None) -> str | None:
    """Collapse runs of whitespace, as names are stored (§5.1); blank becomes None."""
    if value is None:
        return None
    squished = " ".join(value.split())
    return squished or None


# Change tracking (§3.3) ------------------------------------------------------------------------------


def api_timestamps_touched_by(fields: set[str] | dict[str, Any]) -> list[str]:
    """Which of the teacher's API timestamps a change to `fields` touches."""
    names = {f.removesuffix("_id") if f.endswith("_year_id") else f for f in fields}
    touched = []
    if names & API_UPDATED_AT_FIELDS:
        touched.append("api_updated_at")
    if names & API_UNFUNDED_MENTOR_UPDATED_AT_FIELDS:
        touched.append("api_unfunded_mentor_updated_at")
    return touched


def stage_teacher_changes(teacher: Teacher, **values: Any) -> tuple[dict[str, tuple[Any, Any]], list[str]]:
    """Set the values on the (unsaved) teacher, with the API timestamps §3.3 names for what really changed.

    Returns `{field: (old, new)}` and the fields to save (none when nothing changed): `apply_teacher_changes`
    saves them at once, a bulk action saves many teachers' together."""
    changes = {}
    for field, new in values.items():
        old = getattr(teacher, field)
        if old != new:
            changes[field] = (old, new)
            setattr(teacher, field, new)
    if not changes:
        return changes, []
    now = clock.now()
    touched = api_timestamps_touched_by(changes)
    for stamp in touched:
        setattr(teacher, stamp, now)
    teacher.updated_at = now
    return changes, [*changes, *touched, "updated_at"]


def apply_teacher_changes(teacher: Teacher, **values: Any) -> dict[str, tuple[Any, Any]]:
    """Set the values; save only what really changed, touching the API timestamps §3.3 names.

    Returns `{field: (old, new)}` (empty: nothing saved), ready for an event's modifications.
    """
    changes, fields = stage_teacher_changes(teacher, **values)
    if changes:
        teacher.save(update_fields=fields)
    return changes


def touch_teacher_api_timestamps(teacher: Teacher, *, unfunded_mentor: bool = False) -> None:
    """§3.3 side effect of a related change (an at-school period, a TeacherIdChange…)."""
    stamps = {"api_updated_at": clock.now()}
    if unfunded_mentor:
        stamps["api_unfunded_mentor_updated_at"] = stamps["api_updated_at"]
    Teacher.objects.filter(pk=teacher.pk).update(**stamps)
    for field, value in stamps.items():
        setattr(teacher, field, value)


# Validation (BR-T-02 … BR-T-10) --------------------------------------------------------------------


def set_first_eligible_timestamp(teacher: Teacher, *, role: str, at: dt.datetime) -> bool:
    """BR-T-07: the first-eligible timestamp is set once and never moves. Sets it (unsaved) when blank;
    returns whether it changed."""
    field = f"{role}_first_became_eligible_for_training_at"
    current = getattr(teacher, field)
    if current is None:
        setattr(teacher, field, at)
        return True
    if current != at:
        raise DomainError(field, messages.CANNOT_BE_CHANGED_ONCE_SET)
    return False


def validate_teacher(teacher: Teacher) -> None:
    """The teacher record's own rules, with the spec's messages; raises every failure at once."""
    errors = ErrorCollector()
    others = Teacher.objects.exclude(pk=teacher.pk) if teacher.pk else Teacher.objects.all()

    if teacher.trnless:
        if teacher.trn:
            errors.add("trn", messages.TRN_NOT_ALLOWED_WHEN_TRNLESS)
    elif not teacher.trn:
        errors.add("trn", messages.TRN_REQUIRED)
    elif others.filter(trn__iexact=teacher.trn).exists():
        errors.add("trn", messages.TRN_ALREADY_EXISTS)

    if teacher.trs_induction_status is not None and len(teacher.trs_induction_status) > MAX_TRS_INDUCTION_STATUS_LENGTH:
        errors.add("trs_induction_status", messages.TRS_INDUCTION_STATUS_TOO_LONG)

    if teacher.mentor_became_ineligible_for_funding_reason and not teacher.mentor_became_ineligible_for_funding_on:
        errors.add("mentor_became_ineligible_for_funding_on", messages.MENTOR_INELIGIBLE_DATE_REQUIRED)
    if teacher.mentor_became_ineligible_for_funding_on and not teacher.mentor_became_ineligible_for_funding_reason:
        errors.add("mentor_became_ineligible_for_funding_reason", messages.MENTOR_INELIGIBLE_REASON_REQUIRED)

    if teacher.pk:
        stored = Teacher.objects.filter(pk=teacher.pk).values(*FIRST_ELIGIBLE_FIELDS).first() or {}
        for field in FIRST_ELIGIBLE_FIELDS:
            if stored.get(field) is not None and getattr(teacher, field) != stored[field]:
                errors.add(field, messages.CANNOT_BE_CHANGED_ONCE_SET)

    if teacher.anonymised_at and not teacher.anonymisation_reason:
        errors.add("anonymisation_reason", messages.CANT_BE_BLANK)
    if teacher.anonymisation_reason and not teacher.anonymised_at:
        errors.add("anonymised_at", messages.CANT_BE_BLANK)

    for field, message in (
        ("api_id", messages.API_ID_ALREADY_EXISTS),
        ("api_ect_training_record_id", messages.API_ECT_TRAINING_RECORD_ID_ALREADY_EXISTS),
        ("api_mentor_training_record_id", messages.API_MENTOR_TRAINING_RECORD_ID_ALREADY_EXISTS),
    ):
        if others.filter(**{field: getattr(teacher, field)}).exists():
            errors.add(field, message)

    if teacher.migration_mode is not None and teacher.migration_mode not in MigrationMode.values:
        errors.add("migration_mode", messages.MIGRATION_MODE_INVALID)

    errors.raise_if_any()


# Which database constraint stands for which rule, so a race gets the same message as the check.
CONSTRAINT_ERRORS = {
    "check_trn_presence": ("trn", messages.TRN_REQUIRED),
    "teachers_trnless_has_no_trn": ("trn", messages.TRN_NOT_ALLOWED_WHEN_TRNLESS),
    "teachers_trn_key": ("trn", messages.TRN_ALREADY_EXISTS),
    "teachers_api_id_key": ("api_id", messages.API_ID_ALREADY_EXISTS),
    "teachers_api_ect_training_record_id_key": (
        "api_ect_training_record_id",
        messages.API_ECT_TRAINING_RECORD_ID_ALREADY_EXISTS,
    ),
    "teachers_api_mentor_training_record_id_key": (
        "api_mentor_training_record_id",
        messages.API_MENTOR_TRAINING_RECORD_ID_ALREADY_EXISTS,
    ),
    "teachers_mentor_ineligibility_date_and_reason_together": (
        "mentor_became_ineligible_for_funding_on",
        messages.MENTOR_INELIGIBLE_DATE_REQUIRED,
    ),
    "teachers_anonymisation_date_and_reason_together": ("anonymisation_reason", messages.CANT_BE_BLANK),
}


def domain_error_for(exc: IntegrityError) -> DomainError | None:
    """The DomainError a teachers-table constraint violation stands for, if we know it."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name in CONSTRAINT_ERRORS:
        return DomainError(*CONSTRAINT_ERRORS[name])
    return None


# TRS refresh (§7.3.7, BR-T-12, BR-T-13) ------------------------------------------------------------


@dataclass(frozen=True)
class TRSRecord:
    """What one TRS lookup said. The TRS client maps its API onto these attribute names; any object with
    them will do."""

    response: str = TRSResponse.OK
    trn: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    induction_status: str | None = None
    induction_start_date: dt.date | None = None
    induction_completed_date: dt.date | None = None
    qts_awarded_on: dt.date | None = None
    qts_status_description: str | None = None
    initial_teacher_training_provider_name: str | None = None
    initial_teacher_training_end_date: dt.date | None = None
    redirected_to: str | None = None


NAME_FIELDS = ("trs_first_name", "trs_last_name", "corrected_name")
INDUCTION_FIELDS = ("trs_induction_status", "trs_induction_start_date", "trs_induction_completed_date")
# Refresh bookkeeping: recording that we asked is not a change to the person's record.
BOOKKEEPING = {"trs_data_last_refreshed_at"}


def trs_full_name(first_name: str | None, last_name: str | None) -> str | None:
    return squish(" ".join(part for part in (first_name, last_name) if part))


def _induction_from_local_outcome(teacher: Teacher) -> dict[str, Any]:
    """§7.3.7: for not-found and merged teachers, re-derive the induction status from our own outcome."""
    finished = (
        InductionPeriod.objects.filter(teacher=teacher, outcome__isnull=False).order_by("-finished_on", "-pk").first()
    )
    if finished is None:
        return {}
    first = InductionPeriod.objects.filter(teacher=teacher).order_by("started_on", "pk").first()
    return {
        "trs_induction_status": OUTCOME_TO_TRS_STATUS.get(finished.outcome, TRSInductionStatus.IN_PROGRESS),
        "trs_induction_start_date": first.started_on,
        "trs_induction_completed_date": finished.finished_on,
    }


def _planned_values(teacher: Teacher, trs_record: Any) -> dict[str, Any]:
    """Every field the refresh should hold afterwards (excluding the refresh timestamp)."""
    response = getattr(trs_record, "response", None) or TRSResponse.OK
    if response != TRSResponse.OK:
        values: dict[str, Any] = {"trs_response": response}
        if response == TRSResponse.PERMANENT_REDIRECT:
            values["trs_redirected_to"] = getattr(trs_record, "redirected_to", None)
        if response in (TRSResponse.NOT_FOUND, TRSResponse.PERMANENT_REDIRECT):
            values.update(_induction_from_local_outcome(teacher))
        return values

    first_name = squish(getattr(trs_record, "first_name", None))
    last_name = squish(getattr(trs_record, "last_name", None))
    corrected_name = teacher.corrected_name
    if corrected_name and squish(corrected_name) == trs_full_name(first_name, last_name):
        corrected_name = None  # BR-T-13: the school's correction has reached TRS
    status = getattr(trs_record, "induction_status", None)
    values = {
        "trs_response": TRSResponse.OK,
        "trs_redirected_to": None,
        "trs_first_name": first_name,
        "trs_last_name": last_name,
        "corrected_name": corrected_name,
        "trs_induction_status": status,
        "trs_induction_start_date": getattr(trs_record, "induction_start_date", None),
        "trs_induction_completed_date": getattr(trs_record, "induction_completed_date", None),
        "trs_qts_awarded_on": getattr(trs_record, "qts_awarded_on", None),
        "trs_qts_status_description": getattr(trs_record, "qts_status_description", None),
        "trs_initial_teacher_training_provider_name": getattr(
            trs_record, "initial_teacher_training_provider_name", None
        ),
        "trs_initial_teacher_training_end_date": getattr(trs_record, "initial_teacher_training_end_date", None),
    }
    if status == TRSInductionStatus.EXEMPT and teacher.ect_became_ineligible_for_funding_on is None:
        values["ect_became_ineligible_for_funding_on"] = clock.today()  # BR-T-12, never moved later
    return values


def refresh_teacher_from_trs(*, author: Author, teacher: Teacher, trs_record: Any) -> Teacher:
    """Copy what TRS says onto the teacher (names, induction status and dates, QTS, ITT), or record that
    TRS no longer knows them. A refresh that finds nothing new only stamps `trs_data_last_refreshed_at`,
    which is bookkeeping rather than a change to the record, so it writes no event."""
    now = clock.now()
    values = _planned_values(teacher, trs_record)
    changed = {field: value for field, value in values.items() if getattr(teacher, field) != value}
    if teacher.trs_response is None and changed.get("trs_response") == TRSResponse.OK:
        changed.pop("trs_response")  # first successful answer: nothing the timeline needs to say
    if not changed:
        Teacher.objects.filter(pk=teacher.pk).update(
            trs_response=values["trs_response"], trs_data_last_refreshed_at=now
        )
        teacher.trs_response = values["trs_response"]
        teacher.trs_data_last_refreshed_at = now
        return teacher
    return _apply_trs_refresh(author=author, teacher=teacher, values=values, refreshed_at=now)


@service
def _apply_trs_refresh(
    *, author: Author, teacher: Teacher, values: dict[str, Any], refreshed_at: dt.datetime
) -> Teacher:
    trs_name_before = trs_full_name(teacher.trs_first_name, teacher.trs_last_name)
    display_name_before = teacher.full_name
    changes = apply_teacher_changes(teacher, **values, trs_data_last_refreshed_at=refreshed_at)
    changes = {field: change for field, change in changes.items() if field not in BOOKKEEPING}
    if changes.get("trs_response") == (None, TRSResponse.OK):
        del changes["trs_response"]  # first successful answer: nothing the timeline needs to say
    response = values["trs_response"]

    if response == TRSResponse.NOT_FOUND:
        record.teacher_trs_not_found(author=author, teacher=teacher, modifications=describe_changes(changes))
        return teacher
    if response == TRSResponse.GONE:
        record.teacher_trs_deactivated(author=author, teacher=teacher)
        return teacher
    if response == TRSResponse.PERMANENT_REDIRECT:
        record.teacher_trs_merged(
            author=author,
            teacher=teacher,
            redirected_to=teacher.trs_redirected_to,
            modifications=describe_changes(changes),
        )
        return teacher

    name_changes = {f: changes.pop(f) for f in NAME_FIELDS if f in changes}
    if name_changes:
        trs_name_after = trs_full_name(teacher.trs_first_name, teacher.trs_last_name)
        if trs_name_before != trs_name_after:
            old_name, new_name = trs_name_before, trs_name_after
        else:  # only the corrected name was cleared
            old_name, new_name = display_name_before, teacher.full_name
        record.teacher_name_updated_by_trs(author=author, teacher=teacher, old_name=old_name, new_name=new_name)

    if "trs_induction_status" in changes:
        status_changes = {
            f: changes.pop(f) for f in (*INDUCTION_FIELDS, "ect_became_ineligible_for_funding_on") if f in changes
        }
        record.teacher_trs_induction_status_updated(
            author=author,
            teacher=teacher,
            old_status=status_changes["trs_induction_status"][0],
            new_status=status_changes["trs_induction_status"][1],
            modifications=describe_changes(status_changes),
        )
    if changes:
        record.teacher_trs_attributes_updated(author=author, teacher=teacher, modifications=describe_changes(changes))
    return teacher


# Anonymise (BR-T-14, §7.7.3) -----------------------------------------------------------------------


def has_registrations_or_induction(teacher: Teacher) -> bool:
    return (
        InductionPeriod.objects.filter(teacher=teacher).exists()
        or ECTAtSchoolPeriod.objects.filter(teacher=teacher).exists()
        or MentorAtSchoolPeriod.objects.filter(teacher=teacher).exists()
    )


@service
def anonymise_teacher(*, author: Author, teacher: Teacher, reason: str) -> Teacher:
    """BR-T-14: remove who the person is from a record registered in error or merged away.

    This is one step of undoing a registration or merging teachers, whose own events explain it; it
    records no event itself, so calling it outside such a service raises MissingEvent by design.
    """
    if has_registrations_or_induction(teacher):
        raise DomainError(BASE, messages.STILL_HAS_REGISTRATIONS)
    apply_teacher_changes(
        teacher,
        trs_first_name=None,
        trs_last_name=None,
        corrected_name=None,
        trn=None,
        trnless=True,
        anonymisation_reason=AnonymisationReason(reason),
        anonymised_at=clock.now(),
    )
    return teacher


# Merge (BR-T-15, §7.7.2) ---------------------------------------------------------------------------


def _check_mergeable(source: Teacher, destination: Teacher) -> None:
    """The destination must be able to hold the source's periods without overlaps (spec's messages)."""
    for period in ECTAtSchoolPeriod.objects.filter(teacher=source):
        check_no_overlap(
            siblings=ECTAtSchoolPeriod.objects.filter(teacher=destination),
            started_on=period.started_on,
            finished_on=period.finished_on,
            name=ECTAtSchoolPeriod.overlap_name,
        )
    for period in MentorAtSchoolPeriod.objects.filter(teacher=source):
        check_no_overlap(
            siblings=MentorAtSchoolPeriod.objects.filter(teacher=destination, school_id=period.school_id),
            started_on=period.started_on,
            finished_on=period.finished_on,
            name=MentorAtSchoolPeriod.overlap_name,
        )
    for period in TrainingPeriod.objects.filter(teacher=source):
        check_no_overlap(
            siblings=TrainingPeriod.objects.filter(teacher=destination, role=period.role),
            started_on=period.started_on,
            finished_on=period.finished_on,
            name=TrainingPeriod.overlap_name,
        )
    for period in InductionPeriod.objects.filter(teacher=source):
        check_no_overlap(
            siblings=InductionPeriod.objects.filter(teacher=destination),
            started_on=period.started_on,
            finished_on=period.finished_on,
            name=InductionPeriod.overlap_name,
        )
    with_outcome = InductionPeriod.objects.filter(outcome__isnull=False)
    if with_outcome.filter(teacher=source).exists() and with_outcome.filter(teacher=destination).exists():
        raise DomainError(BASE, messages.MERGE_WOULD_GIVE_TWO_OUTCOMES)


MERGE_CONSTRAINT_ERRORS = {
    **dict.fromkeys(
        (
            "ect_at_school_periods_no_overlap",
            "ect_at_school_periods_one_ongoing_per_teacher",
            "ect_at_school_periods_unique_teacher_started_on",
            "ect_at_school_periods_unique_school_teacher_started_on",
        ),
        f"Period cannot overlap another {ECTAtSchoolPeriod.overlap_name} period",
    ),
    **dict.fromkeys(
        (
            "mentor_at_school_periods_no_overlap",
            "mentor_at_school_periods_one_ongoing_per_school_teacher",
            "mentor_at_school_periods_unique_school_teacher_started_on",
        ),
        f"Period cannot overlap another {MentorAtSchoolPeriod.overlap_name} period",
    ),
    "training_periods_no_overlap_ect": f"Period cannot overlap another {TrainingPeriod.overlap_name} period",
    "training_periods_no_overlap_mentor": f"Period cannot overlap another {TrainingPeriod.overlap_name} period",
    "induction_periods_no_overlap": f"Period cannot overlap another {InductionPeriod.overlap_name} period",
    "index_induction_periods_one_outcome_per_teacher": messages.MERGE_WOULD_GIVE_TWO_OUTCOMES,
}


def _merge_conflict(exc: IntegrityError) -> DomainError:
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    return DomainError(BASE, MERGE_CONSTRAINT_ERRORS.get(name, messages.MERGE_CONFLICT))


@service
def merge_teachers(
    *,
    author: Author,
    source: Teacher,
    destination: Teacher,
    note: str | None = None,
    zendesk_ticket_id: int | None = None,
) -> Teacher:
    """Support merge of two records of one person: everything moves to `destination`, lead providers are
    told the old participant ID (TeacherIdChange) and `source` is anonymised."""
    if source.pk == destination.pk:
        raise DomainError(BASE, messages.CANNOT_MERGE_INTO_ITSELF)
    _check_mergeable(source, destination)
    source_details = {"name": source.full_name, "trn": source.trn, "api_id": source.api_id}
    had_mentor_periods = MentorAtSchoolPeriod.objects.filter(teacher=source).exists()
    try:
        with transaction.atomic():
            ECTAtSchoolPeriod.objects.filter(teacher=source).update(teacher=destination)
            MentorAtSchoolPeriod.objects.filter(teacher=source).update(teacher=destination)
            # The trigger re-reads each training period's teacher from its (moved) at-school period.
            TrainingPeriod.objects.filter(teacher=source).update(teacher=destination)
            InductionPeriod.objects.filter(teacher=source).update(teacher=destination)
            InductionExtension.objects.filter(teacher=source).update(teacher=destination)
            TeacherIdChange.objects.filter(teacher=source).update(teacher=destination)
            # The school's notifications about this person still lead to them (the source is anonymised).
            SchoolNotification.objects.filter(teacher=source).update(teacher=destination)
    except IntegrityError as exc:  # a concurrent change slipped past _check_mergeable
        raise _merge_conflict(exc) from exc
    TeacherIdChange.objects.create(
        teacher=destination, api_from_teacher_id=source.api_id, api_to_teacher_id=destination.api_id
    )
    touch_teacher_api_timestamps(destination, unfunded_mentor=had_mentor_periods)
    record.teacher_merged(
        author=author,
        source=source,
        destination=destination,
        source_details=source_details,
        note=note,
        zendesk_ticket_id=zendesk_ticket_id,
    )
    anonymise_teacher(author=author, teacher=source, reason=AnonymisationReason.TEACHER_RECORD_MERGED)
    return destination


# Early roll-out mentors (BR-M-23, §7.7.4) -------------------------------------------------------------


@service
def import_early_roll_out_mentor(*, author: Author, trn: str) -> Teacher:
    """A mentor trained in the 2020–21 early roll-out is permanently ineligible for mentor funding.

    A new teacher is left never-refreshed, so the TRS sync (BR-T-16) fetches their name first."""
    trn = str(trn or "").strip()
    if not TRN_FORMAT.match(trn):
        raise DomainError("trn", messages.TRN_MUST_BE_SEVEN_DIGITS)
    teacher = Teacher.objects.select_for_update().filter(trn=trn).first()
    created = teacher is None
    if created:
        try:
            with transaction.atomic():
                teacher = Teacher.objects.create(trn=trn)
        except IntegrityError as exc:  # created by someone else meanwhile
            raise (domain_error_for(exc) or DomainError("trn", messages.TRN_ALREADY_EXISTS)) from exc
    changes = apply_teacher_changes(
        teacher,
        mentor_became_ineligible_for_funding_on=EARLY_ROLL_OUT_INELIGIBLE_ON,
        mentor_became_ineligible_for_funding_reason=MentorIneligibilityReason.COMPLETED_DURING_EARLY_ROLL_OUT,
    )
    if created or changes:
        record.import_from_dqt(author=author, teacher=teacher, modifications=describe_changes(changes))
    return teacher
