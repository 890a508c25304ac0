"""A school tells us an ECT's or mentor's provider-led training has paused, stopped or restarted (issue 4 item 4,
beyond the reference; design in docs/school-reported-training-changes.md).

The lead provider already pauses (defers), stops (withdraws) and restarts (resumes) training over the API
(§7.4.3, §7.4.4). A school's report is the same change to the same training period, made through the same
services (`defer_training_period`, `withdraw_training_period`, `resume_training_period`), so the lead provider
sees it exactly as if it had sent it: the participant's `training_status`, the deferral or withdrawal with its
reason and date, and a new `updated_at`. The only differences are the author on the timeline (the school user)
and that these functions first check the school's answers with messages written for schools, not the API's.
"""

from __future__ import annotations

from core import clock
from core.dates import govuk_date
from core.errors import BASE, DomainError
from core.services import service
from events.authors import Author
from schools.models import School, TrainingProgramme
from teachers.messages import leaving as leaving_messages
from teachers.messages import training as messages
from teachers.models import DeferralReason, ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod
from teachers.selectors.training_status import ACTIVE, DEFERRED, WITHDRAWN, training_status
from teachers.services.training_changes import (
    defer_training_period,
    resume_training_period,
    withdraw_training_period,
)

AtSchoolPeriod = ECTAtSchoolPeriod | MentorAtSchoolPeriod
PAUSED, STOPPED, RESTARTED = "paused", "stopped", "restarted"
# A school stopping training while the teacher stays at the school: none of the API's specific reasons fit
# (leaving, a new lead provider and school-led each have their own journey), so the reason sent is `other`.
STOPPED_REASON = "other"


def reportable_training(at_school_period: AtSchoolPeriod) -> TrainingPeriod | None:
    """The training a school can report on: the latest provider-led period of this at-school period, unless it
    ended before today for another reason (a finished period is history, not something to pause)."""
    latest = at_school_period.training_periods.latest_first().first()
    if latest is None or latest.training_programme != TrainingProgramme.PROVIDER_LED:
        return None
    if training_status(latest) == ACTIVE and latest.finished_on is not None and latest.finished_on < clock.today():
        return None
    return latest


def changes_the_school_can_report(at_school_period: AtSchoolPeriod) -> list[str]:
    """What the school may tell us now: pause or stop active training, restart or stop paused training."""
    training = reportable_training(at_school_period)
    if training is None:
        return []
    return {ACTIVE: [PAUSED, STOPPED], DEFERRED: [RESTARTED, STOPPED], WITHDRAWN: []}[training_status(training)]


def _training_to_change(at_school_period: AtSchoolPeriod, school: School | None) -> TrainingPeriod:
    name = at_school_period.teacher.full_name
    if school is not None and at_school_period.school_id != school.pk:
        raise DomainError(BASE, leaving_messages.NOT_AT_THIS_SCHOOL)
    training = reportable_training(at_school_period)
    if training is None:
        raise DomainError("training", messages.SCHOOL_NO_PROVIDER_LED_TRAINING.format(name=name))
    return training


def _check_started_before_today(training: TrainingPeriod, name: str) -> None:
    """BR-TP-22 in the school's words: a period is paused or stopped from the day after it starts."""
    if training.started_on >= clock.today():
        raise DomainError(
            "training",
            messages.SCHOOL_TRAINING_NOT_STARTED.format(name=name, started_on=govuk_date(training.started_on)),
        )


@service
def report_training_paused(
    *, author: Author, at_school_period: AtSchoolPeriod, reason: str | None, school: School | None = None
) -> TrainingPeriod:
    """The school says training is paused (for example parental leave): the period is deferred with the reason,
    ending today, as a lead provider's deferral would."""
    name = at_school_period.teacher.full_name
    training = _training_to_change(at_school_period, school)
    status = training_status(training)
    if status == DEFERRED:
        raise DomainError("training", messages.SCHOOL_TRAINING_ALREADY_PAUSED.format(name=name))
    if status == WITHDRAWN:
        raise DomainError("training", messages.SCHOOL_TRAINING_ALREADY_STOPPED.format(name=name))
    if reason not in DeferralReason.values:
        raise DomainError("reason", messages.SCHOOL_PAUSE_REASON_REQUIRED.format(name=name))
    _check_started_before_today(training, name)
    return defer_training_period(author=author, training_period=training, reason=reason.replace("_", "-"))


@service
def report_training_stopped(
    *, author: Author, at_school_period: AtSchoolPeriod, school: School | None = None
) -> TrainingPeriod:
    """The school says the teacher has stopped training but stays at the school: active or paused training is
    withdrawn (reason `other`), ending today at the latest."""
    name = at_school_period.teacher.full_name
    training = _training_to_change(at_school_period, school)
    if training_status(training) == WITHDRAWN:
        raise DomainError("training", messages.SCHOOL_TRAINING_ALREADY_STOPPED.format(name=name))
    _check_started_before_today(training, name)
    return withdraw_training_period(author=author, training_period=training, reason=STOPPED_REASON)


@service
def report_training_restarted(
    *, author: Author, at_school_period: AtSchoolPeriod, school: School | None = None
) -> TrainingPeriod:
    """The school says paused training has restarted: a new period with the same lead provider, partnership and
    schedule starts today (the lead provider's resume). Returns the new period."""
    name = at_school_period.teacher.full_name
    training = _training_to_change(at_school_period, school)
    if training_status(training) != DEFERRED:
        raise DomainError("training", messages.SCHOOL_TRAINING_NOT_PAUSED.format(name=name))
    if training.finished_on == clock.today():
        raise DomainError("training", messages.SCHOOL_RESTART_SAME_DAY.format(name=name))
    return resume_training_period(author=author, training_period=training)
