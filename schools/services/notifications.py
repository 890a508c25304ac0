"""Telling schools when they must act (issue 8 item 2; docs/school-notifications.md).

A notification is made once per fact: its `dedupe_key` (unique per school in the database) names the fact, so a
hook that runs twice, a retried job or a daily scan that runs again makes nothing new. The hooks are called
inside the domain services' own transactions (a rolled-back action leaves no notification); the two conditions
that come with time (no mentor, training still unconfirmed) are found by a daily scan.

Each notification may send one email to the school's induction tutor, unless the school turned that kind off. A
job run after the notification commits hands the email to `send_email`, the service's one email path (with real
Notify: the `mailers` outbox, which retries a busy or failing Notify and never sends twice), and marks the
notification `sent` in the same transaction (`pending → sent`): only a pending notification is handed over, so a
repeated or retried job never queues a second email.

A notification is not a change to anyone's record, so these functions write no timeline event.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from core import clock
from events.authors import Author
from events.types import AuthorType
from integrations.notify.client import LINKS, send_email
from providers.models import SchoolPartnership
from schools.models import (
    School,
    SchoolNotification,
    SchoolNotificationEmail,
    SchoolNotificationEmailOptOut,
    SchoolNotificationKind,
    TrainingProgramme,
)
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    TRSInductionStatus,
)
from teachers.services.training import lead_provider_of

logger = logging.getLogger(__name__)

Kind = SchoolNotificationKind
NO_MENTOR_AFTER_DAYS = 14
UNCONFIRMED_AFTER_DAYS = 28
# An ECT whose induction is over (or who is exempt) needs no mentor (the school's list leaves them out, §4.4).
INDUCTION_OVER = (
    TRSInductionStatus.PASSED,
    TRSInductionStatus.FAILED,
    TRSInductionStatus.FAILED_IN_WALES,
    TRSInductionStatus.EXEMPT,
)


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Notice:
    """What one notification says and where it sends the school."""

    kind: str
    dedupe_key: str
    heading: str
    body: str
    action_text: str
    action_path: str


# Making a notification -------------------------------------------------------------------------------------


def notify_school(school: School, notice: Notice, **subjects) -> SchoolNotification | None:
    """Make the notification unless this school already has one for the fact; returns it, or None when it existed.
    `subjects` are the records it is about (teacher, periods, partnership). Its email, if wanted, is queued to
    go once the surrounding transaction commits."""
    if SchoolNotification.objects.filter(school=school, dedupe_key=notice.dedupe_key).exists():
        return None
    email_status, email_to = _email_status(school, notice.kind)
    try:
        with transaction.atomic():  # a racing duplicate must not spoil the caller's transaction
            notification = SchoolNotification.objects.create(
                school=school,
                **asdict(notice),
                email_status=email_status,
                email_to=email_to,
                created_at=clock.now(),
                **subjects,
            )
    except IntegrityError:  # school_notifications_once_per_fact: made meanwhile by someone else
        return None
    if email_status == SchoolNotificationEmail.PENDING:
        transaction.on_commit(lambda: queue_email(notification.pk))
    return notification


def _email_status(school: School, kind: str) -> tuple[str, str | None]:
    if SchoolNotificationEmailOptOut.objects.filter(school=school, kind=kind).exists():
        return SchoolNotificationEmail.NOT_WANTED, None
    if not school.induction_tutor_email:
        return SchoolNotificationEmail.NO_RECIPIENT, None
    return SchoolNotificationEmail.PENDING, school.induction_tutor_email


# Hooks the domain services call ----------------------------------------------------------------------------


def training_stopped(*, author: Author, training_period: TrainingPeriod) -> SchoolNotification | None:
    """After a withdrawal or deferral: the school is told when its lead provider did it over the API, not when the
    school reported it itself (a school user, or DfE staff acting as the school, the only way staff make these
    changes: docs/school-reported-training-changes.md)."""
    if author.type != AuthorType.LEAD_PROVIDER_API:
        return None
    period = training_period
    at_school = period.at_school_period
    teacher = at_school.teacher
    name = teacher.full_name
    lead_provider = lead_provider_of(period)
    provider = lead_provider.name if lead_provider else "The lead provider"
    if period.is_for_ect:
        path, subjects = f"/school/ects/{at_school.pk}#training-details", {"ect_at_school_period": at_school}
        who = f"{name} (ECT)"
    else:
        path, subjects = f"/school/mentors/{at_school.pk}", {"mentor_at_school_period": at_school}
        who = f"{name} (mentor)"
    if period.withdrawn_at is not None and (period.deferred_at is None or period.withdrawn_at >= period.deferred_at):
        notice = Notice(
            kind=Kind.TRAINING_WITHDRAWN,
            dedupe_key=f"training_withdrawn:{period.pk}:{period.withdrawn_at.isoformat()}",
            heading=f"{provider} has withdrawn {who} from training",
            body=(
                f"{provider} told us on {_date(clock.today())} that {name} is no longer training with them. "
                f"Tell us if {name} will carry on training with another lead provider, or if they have left "
                "your school."
            ),
            action_text=f"Check {name}’s training details",
            action_path=path,
        )
    elif period.deferred_at is not None:
        notice = Notice(
            kind=Kind.TRAINING_DEFERRED,
            dedupe_key=f"training_deferred:{period.pk}:{period.deferred_at.isoformat()}",
            heading=f"{provider} has paused training for {who}",
            body=(
                f"{provider} told us on {_date(clock.today())} that {name}’s training is paused. When {name} is "
                f"ready to carry on, contact {provider} so they can restart it. If the pause is wrong, contact "
                f"{provider}."
            ),
            action_text=f"Check {name}’s training details",
            action_path=path,
        )
    else:
        return None
    return notify_school(at_school.school, notice, teacher=teacher, training_period=period, **subjects)


def partnership_created(*, school_partnership: SchoolPartnership) -> SchoolNotification | None:
    """A lead provider confirmed it will train the school's ECTs and mentors for a year."""
    partnership = school_partnership
    provider, partner, year = _partnership_names(partnership)
    notice = Notice(
        kind=Kind.PARTNERSHIP_CREATED,
        dedupe_key=f"partnership_created:{partnership.pk}",
        heading=f"{provider} has confirmed it is working with your school for {year}",
        body=(
            f"{provider} told us it will train your school’s ECTs and mentors in the {year} to {year + 1} academic "
            f"year, with {partner} as delivery partner. Check your ECTs’ training details. If your school has not "
            f"agreed to work with {provider}, contact them."
        ),
        action_text="Check your ECTs’ training details",
        action_path="/school/home/ects",
    )
    return notify_school(partnership.school, notice, school_partnership=partnership)


def partnership_changed(
    *, school_partnership: SchoolPartnership, previous_delivery_partner_name: str
) -> SchoolNotification | None:
    """The lead provider changed the partnership's delivery partner."""
    partnership = school_partnership
    provider, partner, year = _partnership_names(partnership)
    notice = Notice(
        kind=Kind.PARTNERSHIP_CHANGED,
        dedupe_key=f"partnership_changed:{partnership.pk}:{partnership.api_updated_at.isoformat()}",
        heading=f"{provider} has changed your school’s delivery partner for {year}",
        body=(
            f"Your delivery partner for {year} is now {partner}, not {previous_delivery_partner_name}. "
            f"If this is wrong, contact {provider}."
        ),
        action_text="Check your ECTs’ training details",
        action_path="/school/home/ects",
    )
    return notify_school(partnership.school, notice, school_partnership=partnership)


def ect_released(*, induction_period: InductionPeriod) -> list[SchoolNotification]:
    """An appropriate body stopped being responsible for the ECT's induction without an outcome: each school
    where the ECT is (or is about to be) must tell us who is responsible now."""
    period = induction_period
    teacher = period.teacher
    body_name = period.appropriate_body_period.name
    today = clock.today()
    made = []
    at_schools = ECTAtSchoolPeriod.objects.filter(teacher=teacher).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=today)
    )
    for at_school in at_schools.select_related("school"):
        notice = Notice(
            kind=Kind.ECT_RELEASED,
            dedupe_key=f"ect_released:{period.pk}:{period.finished_on.isoformat()}",
            heading=f"{body_name} is no longer the appropriate body for {teacher.full_name}",
            body=(
                f"{body_name} told us that from {_date(period.finished_on)} it is no longer responsible for "
                f"{teacher.full_name}’s induction. Tell us which appropriate body will now be responsible, so "
                "their induction can carry on."
            ),
            action_text=f"Tell us {teacher.full_name}’s appropriate body",
            action_path=f"/school/ects/{at_school.pk}",
        )
        notification = notify_school(
            at_school.school, notice, teacher=teacher, ect_at_school_period=at_school, induction_period=period
        )
        if notification is not None:
            made.append(notification)
    return made


def _partnership_names(partnership: SchoolPartnership) -> tuple[str, str, int]:
    pairing = partnership.lead_provider_delivery_partnership
    active = pairing.active_lead_provider
    return active.lead_provider.name, pairing.delivery_partner.name, active.contract_period_id


# The daily scan ----------------------------------------------------------------------------------------------


def ects_without_mentor(today: dt.date) -> Iterable[ECTAtSchoolPeriod]:
    """ECTs at a school for at least 14 days, still there, with no current or upcoming mentor, whose induction is
    not over: the same ECTs the school's list tags "Action required: a mentor needs to be assigned"."""
    mentored = MentorshipPeriod.objects.filter(ect_at_school_period=OuterRef("pk")).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=today)
    )
    return (
        ECTAtSchoolPeriod.objects.filter(started_on__lte=today - dt.timedelta(days=NO_MENTOR_AFTER_DAYS))
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .exclude(teacher__trs_induction_status__in=INDUCTION_OVER)
        .exclude(Exists(mentored))
        .exclude(Exists(_told(Kind.ECT_WITHOUT_MENTOR, ect_at_school_period=OuterRef("pk"))))
        .select_related("teacher", "school")
        .order_by("pk")
    )


def unconfirmed_training(today: dt.date) -> Iterable[TrainingPeriod]:
    """ "Registration incomplete": provider-led training still waiting for the lead provider to confirm it (an
    expression of interest with no partnership) 28 days after it started or was registered, whichever is
    later, and still going."""
    cutoff = today - dt.timedelta(days=UNCONFIRMED_AFTER_DAYS)
    return (
        TrainingPeriod.objects.filter(
            training_programme=TrainingProgramme.PROVIDER_LED,
            school_partnership__isnull=True,
            expression_of_interest__isnull=False,
            started_on__lte=cutoff,
            created_at__lt=clock.start_of_day(cutoff + dt.timedelta(days=1)),
        )
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
        .exclude(Exists(_told(Kind.REGISTRATION_INCOMPLETE, training_period=OuterRef("pk"))))
        .select_related(
            "teacher",
            "expression_of_interest__lead_provider",
            "ect_at_school_period__school",
            "mentor_at_school_period__school",
        )
        .order_by("pk")
    )


def _told(kind: str, **subject):
    """Already notified (the dedupe key still decides; this only spares the daily scan a query per old case)."""
    return SchoolNotification.objects.filter(kind=kind, **subject)


def notify_ects_without_mentor(today: dt.date | None = None) -> int:
    """Once per ECT-at-school period. Returns how many notifications were made."""
    today = today or clock.today()
    made = 0
    for at_school in ects_without_mentor(today):
        name = at_school.teacher.full_name
        notice = Notice(
            kind=Kind.ECT_WITHOUT_MENTOR,
            dedupe_key=f"ect_without_mentor:{at_school.pk}",
            heading=f"{name} does not have a mentor",
            body=(
                f"{name} started at your school on {_date(at_school.started_on)} and still has no mentor. "
                f"Assign a mentor to {name}, or register a new one."
            ),
            action_text=f"Assign a mentor to {name}",
            action_path=f"/school/ects/{at_school.pk}/mentorship/new",
        )
        with transaction.atomic():
            made += (
                notify_school(at_school.school, notice, teacher=at_school.teacher, ect_at_school_period=at_school)
                is not None
            )
    return made


def notify_unconfirmed_training(today: dt.date | None = None) -> int:
    """Once per training period. Returns how many notifications were made."""
    today = today or clock.today()
    made = 0
    for period in unconfirmed_training(today):
        at_school = period.at_school_period
        name = period.teacher.full_name
        provider = period.expression_of_interest.lead_provider.name
        registered = max(period.started_on, period.created_at.astimezone(clock.LONDON).date())
        if period.is_for_ect:
            path, subjects, who = (
                f"/school/ects/{at_school.pk}#training-details",
                {"ect_at_school_period": at_school},
                "ECT",
            )
        else:
            path, subjects, who = f"/school/mentors/{at_school.pk}", {"mentor_at_school_period": at_school}, "mentor"
        notice = Notice(
            kind=Kind.REGISTRATION_INCOMPLETE,
            dedupe_key=f"registration_incomplete:{period.pk}",
            heading=f"{provider} has not confirmed training for {name} ({who})",
            body=(
                f"{name}’s training with {provider} has been waiting since {_date(registered)} for {provider} to "
                f"confirm it. Until they do, {name} cannot start provider-led training. Contact {provider}, or "
                "choose a different lead provider."
            ),
            action_text=f"Check {name}’s training details",
            action_path=path,
        )
        with transaction.atomic():
            made += (
                notify_school(at_school.school, notice, teacher=period.teacher, training_period=period, **subjects)
                is not None
            )
    return made


def run_daily_school_notifications(today: dt.date | None = None) -> dict[str, int]:
    """What the daily job does; safe to run any number of times a day."""
    return {
        Kind.ECT_WITHOUT_MENTOR: notify_ects_without_mentor(today),
        Kind.REGISTRATION_INCOMPLETE: notify_unconfirmed_training(today),
    }


# Reading and email preferences -----------------------------------------------------------------------------


def mark_read(*, school: School, notification_ids: Iterable[int]) -> int:
    """Mark the school's own notifications read (another school's ids are ignored). Returns how many changed."""
    return SchoolNotification.objects.filter(school=school, pk__in=list(notification_ids), read_at__isnull=True).update(
        read_at=clock.now(), updated_at=clock.now()
    )


def emailed_kinds(school: School) -> set[str]:
    opted_out = set(SchoolNotificationEmailOptOut.objects.filter(school=school).values_list("kind", flat=True))
    return set(Kind.values) - opted_out


@transaction.atomic
def set_emailed_kinds(*, school: School, kinds: Iterable[str]) -> set[str]:
    """The school gets emails of exactly `kinds` from now on (unknown kinds are ignored); returns them."""
    wanted = set(kinds) & set(Kind.values)
    School.objects.select_for_update().filter(pk=school.pk).exists()  # serialise two saves of one school
    SchoolNotificationEmailOptOut.objects.filter(school=school, kind__in=wanted).delete()
    have = set(SchoolNotificationEmailOptOut.objects.filter(school=school).values_list("kind", flat=True))
    SchoolNotificationEmailOptOut.objects.bulk_create(
        SchoolNotificationEmailOptOut(school=school, kind=kind) for kind in set(Kind.values) - wanted - have
    )
    return wanted


# The email ---------------------------------------------------------------------------------------------------


def queue_email(notification_id: int) -> None:
    """Queue the email job once the notification has committed; if queueing fails, the sweep sends it later."""
    from procrastinate.exceptions import AlreadyEnqueued

    from schools.tasks import send_school_notification_email

    try:
        with transaction.atomic():
            send_school_notification_email.configure(
                queueing_lock=f"school-notification-email:{notification_id}"
            ).defer(notification_id=notification_id)
    except AlreadyEnqueued:
        pass
    except Exception:
        logger.exception("Could not queue school notification email %s; the sweep will send it", notification_id)


def email_personalisation(notification: SchoolNotification) -> dict[str, str]:
    return {
        "school_name": notification.school.name,
        "heading": notification.heading,
        "body": notification.body,
        "action_text": notification.action_text,
        "action_url": LINKS["service"].rstrip("/") + notification.action_path,
    }


def send_notification_email(notification_id: int) -> str:
    """Hand a pending notification's email to the one email path (`send_email`: with real Notify, the `mailers`
    outbox, which retries 429 / 5xx and never sends twice), at most once. The notification is locked, checked
    and marked `sent` in the transaction whose commit queues the email, so a repeated or retried job finds it no
    longer pending and queues nothing. A school that turned the kind off (or lost its induction tutor) since the
    notification was made gets nothing. Returns the final email status."""
    with transaction.atomic():
        notification = SchoolNotification.objects.select_for_update().select_related("school__gias_school")
        notification = notification.get(pk=notification_id)
        if notification.email_status != SchoolNotificationEmail.PENDING:
            return notification.email_status
        status, to = _email_status(notification.school, notification.kind)
        notification.email_status, notification.email_to = status, to
        if status == SchoolNotificationEmail.PENDING:
            try:
                send_email(
                    "school_notification",
                    to,
                    email_personalisation(notification),
                    reference=f"school-notification-{notification.pk}",
                )
            except ValueError:  # it cannot be written (a required value is empty): it never will be
                logger.exception("Could not write school notification email %s", notification_id)
                notification.email_status = SchoolNotificationEmail.FAILED
            else:
                notification.email_status, notification.emailed_at = SchoolNotificationEmail.SENT, clock.now()
        notification.save(update_fields=["email_status", "email_to", "emailed_at", "updated_at"])
    return notification.email_status


def send_pending_emails(older_than: dt.timedelta = dt.timedelta(minutes=5)) -> int:
    """The sweep: send what a lost or never-queued job left pending. Returns how many were tried."""
    cutoff = clock.now() - older_than
    ids = SchoolNotification.objects.filter(
        email_status=SchoolNotificationEmail.PENDING, created_at__lte=cutoff
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(ids[:500]) if send_notification_email(pk))
