"""Leaving a school, deleting a registration that never started, and undoing one made in error
(domain.md §7.1.5 – §7.1.8, §7.2.6; BR-P-07, BR-ECT-25 … 27, BR-M-19).

The cascade always works children first (mentorships, then training, then the at-school period), so an
at-school period never stops covering its children (BR-P-07)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from core import clock
from core.dates import add_months, earliest, govuk_date, latest
from core.errors import BASE, DomainError
from core.periods import check_date_order, period_covers
from core.services import apply_changes, service
from declarations.models import BILLABLE, REFUNDABLE, Declaration
from events.authors import Author
from events.models import Event
from events.record import leaving as record
from schools.models import School
from schools.services.api_metadata import refresh_school_api_metadata, school_id_of
from teachers.messages import leaving as messages
from teachers.models import (
    AnonymisationReason,
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
)
from teachers.services.mentoring import delete_mentorship_period, finish_mentorship
from teachers.services.training import finish_training_period
from teachers.validation.training_periods import check_can_delete_training_period

AtSchoolPeriod = ECTAtSchoolPeriod | MentorAtSchoolPeriod

LEAVING_DATE_MAX_MONTHS_AHEAD = 4


# BR-P-07 ---------------------------------------------------------------------------------------------


def check_covers_children(period: AtSchoolPeriod) -> None:
    """BR-P-07: an at-school period must cover all its training periods and mentorship periods."""
    for training in period.training_periods.all():
        if not period_covers(period.started_on, period.finished_on, training.started_on, training.finished_on):
            raise DomainError(BASE, messages.DATE_RANGE_DOES_NOT_COVER_TRAINING_PERIODS)
    for mentorship in period.mentorship_periods.all():
        if not period_covers(period.started_on, period.finished_on, mentorship.started_on, mentorship.finished_on):
            raise DomainError(BASE, messages.DATE_RANGE_DOES_NOT_COVER_MENTORSHIP_PERIODS)


# BR-ECT-25 / BR-ECT-26 -------------------------------------------------------------------------------


def leaving_date_from_parts(day: str | int | None, month: str | int | None, year: str | int | None) -> dt.date:
    """BR-ECT-25: the leaving date as typed into the day/month/year boxes."""
    parts = [str(p).strip() if p is not None else "" for p in (day, month, year)]
    if not any(parts):
        raise DomainError("finished_on", messages.LEAVING_DATE_REQUIRED)
    try:
        d, m, y = (int(p) for p in parts)
        if y < 1000:
            raise ValueError
        return dt.date(y, m, d)
    except ValueError:
        raise DomainError("finished_on", messages.LEAVING_DATE_INVALID) from None


def validate_leaving_date(*, period: AtSchoolPeriod, finished_on: dt.date | None) -> None:
    """BR-ECT-25 and BR-ECT-26 (which apply equally to mentors, §7.2.6)."""
    if finished_on is None:
        raise DomainError("finished_on", messages.LEAVING_DATE_REQUIRED)
    if finished_on > add_months(clock.today(), LEAVING_DATE_MAX_MONTHS_AHEAD):
        raise DomainError("finished_on", messages.LEAVING_DATE_TOO_FAR_AHEAD)
    name = period.teacher.full_name
    earliest_after_start = period.started_on + dt.timedelta(days=1)
    if finished_on <= earliest_after_start:
        raise DomainError(
            "finished_on",
            messages.LEAVING_DATE_TOO_SOON_AFTER_START.format(
                name=name, started_on=govuk_date(period.started_on), earliest=govuk_date(earliest_after_start)
            ),
        )
    latest_training = latest_started_training_period(period)
    if latest_training is not None:
        earliest_after_training = latest_training.started_on + dt.timedelta(days=1)
        if finished_on <= earliest_after_training:
            raise DomainError(
                "finished_on",
                messages.LEAVING_DATE_TOO_SOON_AFTER_TRAINING.format(
                    name=name,
                    started_on=govuk_date(latest_training.started_on),
                    earliest=govuk_date(earliest_after_training),
                ),
            )


def latest_started_training_period(period: AtSchoolPeriod) -> TrainingPeriod | None:
    return period.training_periods.filter(started_on__lte=clock.today()).latest_first().first()


# Training-period helpers -----------------------------------------------------------------------------


def _finish_training(*, author: Author, training_period: TrainingPeriod, finished_on: dt.date, record_event: bool):
    return finish_training_period(
        author=author, training_period=training_period, finished_on=finished_on, record_event=record_event
    )


def delete_training_period(training_period: TrainingPeriod, *, delete_events: bool = True) -> None:
    """Remove training that never happened with its events and non-billable declarations (BR-TP-16).
    Only called from inside a service, which records why."""
    check_can_delete_training_period(training_period)
    declarations = Declaration.objects.filter(training_period=training_period)
    if delete_events:
        Event.objects.filter(training_period=training_period).delete()
    declarations.delete()
    teacher_id, school_id = training_period.teacher_id, school_id_of(training_period)
    training_period.delete()
    _touch_teacher(teacher_id)
    refresh_school_api_metadata(school_ids=[school_id])


def _touch_teacher(teacher_id: int, *, unfunded_mentor: bool = False) -> None:
    """§3.3: API change-tracking timestamps."""
    now = clock.now()
    values = {"api_updated_at": now}
    if unfunded_mentor:
        values["api_unfunded_mentor_updated_at"] = now
    Teacher.objects.filter(pk=teacher_id).update(**values)


def _finish_children_on(
    *,
    author: Author,
    period: AtSchoolPeriod,
    finished_on: dt.date,
    record_events: bool,
    mentorship_finish=None,
) -> None:
    """Steps 1–4 of §7.1.5 (and 1–3 of §7.2.6): drop children starting on or after L, end the one running on L."""
    for mentorship in period.mentorship_periods.filter(started_on__gte=finished_on):
        delete_mentorship_period(mentorship)
    running = period.mentorship_periods.filter(started_on__lt=finished_on).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=finished_on)
    )
    for mentorship in running:
        end = mentorship_finish(mentorship) if mentorship_finish else finished_on
        finish_mentorship(author=author, mentorship_period=mentorship, finished_on=end, record_events=record_events)

    for training in period.training_periods.filter(started_on__gte=finished_on):
        delete_training_period(training)
    running_training = period.training_periods.filter(started_on__lt=finished_on).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=finished_on)
    )
    for training in running_training:
        _finish_training(author=author, training_period=training, finished_on=finished_on, record_event=record_events)


# §7.1.5 — an ECT leaving -----------------------------------------------------------------------------


@service
def finish_ect_at_school_period(
    *,
    author: Author,
    period: ECTAtSchoolPeriod,
    finished_on: dt.date,
    reported_by_school: School | None = None,
    record_events: bool = True,
) -> ECTAtSchoolPeriod:
    """The "finish" cascade (§7.1.5): L is the ECT's last day at the school, inclusive.

    With `record_events=False` no leaving, mentoring or training events are written; the caller (completing
    induction, §7.1.7) records its own event referencing these periods instead."""
    check_date_order(period.started_on, finished_on)
    _finish_children_on(author=author, period=period, finished_on=finished_on, record_events=record_events)
    current_training = period.training_periods.containing(finished_on).first()

    if period.finished_on is not None and period.finished_on <= finished_on:
        # Already gone by then: only note who reported it.
        if reported_by_school is not None and apply_changes(period, reported_leaving_by_school=reported_by_school):
            if record_events:
                record.teacher_left_school_as_ect(author=author, period=period, training_period=current_training)
        return period

    changes = {"finished_on": finished_on}
    if reported_by_school is not None:
        changes["reported_leaving_by_school"] = reported_by_school
    apply_changes(period, **changes)
    check_covers_children(period)
    _touch_teacher(period.teacher_id)
    if record_events:
        record.teacher_left_school_as_ect(author=author, period=period, training_period=current_training)
    return period


@service
def report_ect_leaving(
    *, author: Author, period: ECTAtSchoolPeriod, finished_on: dt.date | None, school: School
) -> ECTAtSchoolPeriod:
    """A school reports that its ECT left (or will leave) on `finished_on` (BR-ECT-25 … 27)."""
    if period.school_id != school.pk:
        raise DomainError(BASE, messages.NOT_AT_THIS_SCHOOL)
    validate_leaving_date(period=period, finished_on=finished_on)
    return finish_ect_at_school_period(author=author, period=period, finished_on=finished_on, reported_by_school=school)


# §7.2.6 — a mentor leaving ---------------------------------------------------------------------------


@service
def finish_mentor_at_school_period(
    *,
    author: Author,
    period: MentorAtSchoolPeriod,
    finished_on: dt.date,
    reported_by_school: School | None = None,
) -> MentorAtSchoolPeriod:
    """§7.2.6: each mentorship ends on the earlier of L and the mentee's own end date (BR-M-19)."""
    check_date_order(period.started_on, finished_on)

    def mentorship_end(mentorship: MentorshipPeriod) -> dt.date:
        end = earliest(finished_on, mentorship.ect_at_school_period.finished_on)
        return latest(end, mentorship.started_on)

    _finish_children_on(
        author=author, period=period, finished_on=finished_on, record_events=True, mentorship_finish=mentorship_end
    )

    if period.finished_on is not None and period.finished_on <= finished_on:
        if reported_by_school is not None and apply_changes(period, reported_leaving_by_school=reported_by_school):
            record.teacher_left_school_as_mentor(author=author, period=period)
        return period

    changes = {"finished_on": finished_on}
    if reported_by_school is not None:
        changes["reported_leaving_by_school"] = reported_by_school
    apply_changes(period, **changes)
    check_covers_children(period)
    _touch_teacher(period.teacher_id, unfunded_mentor=True)
    record.teacher_left_school_as_mentor(author=author, period=period)
    return period


@service
def report_mentor_leaving(
    *, author: Author, period: MentorAtSchoolPeriod, finished_on: dt.date | None, school: School
) -> MentorAtSchoolPeriod:
    """A school reports that a mentor left (BR-ECT-25/26 apply equally). The ECTs they mentored then need a
    new mentor (`teachers.selectors.mentors.is_mentor_required`)."""
    if period.school_id != school.pk:
        raise DomainError(BASE, messages.NOT_AT_THIS_SCHOOL)
    validate_leaving_date(period=period, finished_on=finished_on)
    return finish_mentor_at_school_period(
        author=author, period=period, finished_on=finished_on, reported_by_school=school
    )


@service
def finish_mentor_periods_elsewhere(
    *, author: Author, teacher: Teacher, new_started_on: dt.date, school: School | None = None
) -> list[MentorAtSchoolPeriod]:
    """ "Mentoring at your school only? Yes" (BR-M-11): the mentor's periods at every school that run on the day
    before the new start end that day, with the §7.2.6 cascade and no reporting school."""
    last_day = new_started_on - dt.timedelta(days=1)
    periods = MentorAtSchoolPeriod.objects.filter(teacher=teacher).containing(last_day)
    if school is not None:
        periods = periods.exclude(school=school)
    finished = []
    for period in periods.select_related("school__gias_school", "teacher"):
        if period.finished_on is not None and period.finished_on <= last_day:
            continue
        finished.append(finish_mentor_at_school_period(author=author, period=period, finished_on=last_day))
    return finished


# §7.1.7 — completing induction closes the school record ----------------------------------------------


@service
def close_school_record_on_induction_completion(*, author: Author, teacher: Teacher) -> ECTAtSchoolPeriod | None:
    """On pass or fail: delete the latest ECT period if it has not started, then finish the (new) latest one
    today if it is still ongoing, writing no leaving, training or mentoring events (the pass/fail event
    references these periods). Returns the period that was finished, if any."""
    today = clock.today()
    latest_period = ECTAtSchoolPeriod.objects.filter(teacher=teacher).latest_first().first()
    if latest_period is not None and latest_period.started_on >= today:
        _delete_at_school_period(author=author, period=latest_period, on=today)
        latest_period = ECTAtSchoolPeriod.objects.filter(teacher=teacher).latest_first().first()
    if latest_period is None or latest_period.finished_on is not None:
        return None
    return finish_ect_at_school_period(author=author, period=latest_period, finished_on=today, record_events=False)


# §7.1.6 — deleting a registration that never started -------------------------------------------------


@service
def delete_unstarted_registration(*, author: Author, period: AtSchoolPeriod, on: dt.date | None) -> None:
    """An ECT or mentor registration that has not started by `on` (the action date) is removed with its
    training, mentorships and all their events. Started periods are never deleted this way."""
    if on is None:
        raise DomainError("on", messages.ACTION_DATE_REQUIRED)
    if on > clock.today():
        raise DomainError("on", messages.ACTION_DATE_IN_FUTURE)
    if period.started_on < on:
        raise DomainError(BASE, messages.PERIOD_ALREADY_STARTED)
    _delete_at_school_period(author=author, period=period, on=on)


def _delete_at_school_period(*, author: Author, period: AtSchoolPeriod, on: dt.date) -> None:
    teacher, school, started_on = period.teacher, period.school, period.started_on
    is_ect = isinstance(period, ECTAtSchoolPeriod)
    _delete_with_children(period)
    if is_ect:
        record.teacher_ect_at_school_period_deleted(
            author=author, teacher=teacher, school=school, started_on=started_on, on=on
        )
    else:
        record.teacher_mentor_at_school_period_deleted(
            author=author, teacher=teacher, school=school, started_on=started_on, on=on
        )


def _delete_with_children(period: AtSchoolPeriod, *, delete_events: bool = True) -> None:
    for mentorship in period.mentorship_periods.all():
        if delete_events:
            delete_mentorship_period(mentorship)
        else:
            mentorship.delete()
    for training in period.training_periods.all():
        delete_training_period(training, delete_events=delete_events)
    is_ect = isinstance(period, ECTAtSchoolPeriod)
    if delete_events:
        link = "ect_at_school_period" if is_ect else "mentor_at_school_period"
        Event.objects.filter(**{link: period}).delete()
    teacher_id = period.teacher_id
    period.delete()
    _touch_teacher(teacher_id, unfunded_mentor=not is_ect)


# §7.1.8 — undoing a registration made in error -------------------------------------------------------


@service
def undo_registration(
    *, author: Author, period: AtSchoolPeriod, reason: str = AnonymisationReason.REGISTERED_IN_ERROR
) -> Teacher:
    """Support operation. With billable or refundable declarations the registration is closed instead of
    removed; otherwise it is deleted and a teacher left with nothing is anonymised (§7.7.3)."""
    teacher = period.teacher
    training = TrainingPeriod.objects.filter(
        Q(ect_at_school_period=period) if isinstance(period, ECTAtSchoolPeriod) else Q(mentor_at_school_period=period)
    )
    paid_for = Declaration.objects.filter(training_period__in=training).filter(
        Q(payment_status__in=BILLABLE) | Q(clawback_status__in=REFUNDABLE)
    )
    if paid_for.exists():
        _close_registration(period=period, on=max(period.started_on, clock.today()))
        action = "closed"
    else:
        _delete_with_children(period, delete_events=False)
        action = "deleted"
        if _has_nothing_left(teacher):
            _anonymise(author=author, teacher=teacher, reason=reason)
    record.teacher_registration_undone(author=author, teacher=teacher, reason=reason, metadata={"action": action})
    return teacher


def _close_registration(*, period: AtSchoolPeriod, on: dt.date) -> None:
    """Finish every open child and the period itself on `on`; children due to start later are removed."""
    still_open = Q(finished_on__isnull=True) | Q(finished_on__gt=on)
    open_mentorships = period.mentorship_periods.filter(still_open)
    open_training = period.training_periods.filter(still_open)
    period_open = period.finished_on is None or period.finished_on > on
    if not period_open and not open_mentorships.exists() and not open_training.exists():
        raise DomainError(BASE, messages.NO_PERIODS_TO_CLOSE)
    for mentorship in open_mentorships:
        if mentorship.started_on > on:
            delete_mentorship_period(mentorship)
        else:
            apply_changes(mentorship, finished_on=on)
    for training in open_training:
        if training.started_on > on:
            delete_training_period(training)
        else:
            apply_changes(training, finished_on=on, api_transfer_updated_at=clock.now())
    if period_open:
        apply_changes(period, finished_on=on)
    _touch_teacher(period.teacher_id)


def _has_nothing_left(teacher: Teacher) -> bool:
    return not (
        teacher.induction_periods.exists()
        or teacher.ect_at_school_periods.exists()
        or teacher.mentor_at_school_periods.exists()
    )


def _anonymise(*, author: Author, teacher: Teacher, reason: str) -> None:
    """§7.7.3, through the identity module when it offers `anonymise_teacher`."""
    try:
        from teachers.services.identity import anonymise_teacher
    except ImportError:
        anonymise_teacher = None
    if anonymise_teacher is not None:
        anonymise_teacher(author=author, teacher=teacher, reason=reason)
        return
    apply_changes(
        teacher,
        trs_first_name=None,
        trs_last_name=None,
        corrected_name=None,
        trn=None,
        trnless=True,
        anonymisation_reason=reason,
        anonymised_at=clock.now(),
        api_updated_at=clock.now(),
        api_unfunded_mentor_updated_at=clock.now(),
    )
