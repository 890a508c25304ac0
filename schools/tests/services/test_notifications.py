"""Schools told when they must act (issue 8 item 2; docs/school-notifications.md): each kind is made once for its
fact, through the real domain services or the daily scan, and not otherwise; emails go once and only when wanted.
Today is 2026-09-15; Alpha is paired with Delta in 2025 and 2026."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from accounts.models import User
from core.errors import DomainError
from events.authors import Author
from integrations.notify.models import OutgoingEmail, SentEmail
from integrations.notify.outbox import NotifyUnavailable
from integrations.notify.tests.test_mailers import FakeNotify, retried_after
from providers.models import DeliveryPartner, SchoolPartnership
from providers.services.partnerships import create_school_partnership, update_school_partnership_delivery_partner
from schools.models import SchoolNotification, SchoolNotificationEmail, SchoolNotificationKind
from schools.services import notifications as service
from teachers.models import TrainingPeriod
from teachers.services.induction import record_pass, release_ect
from teachers.services.school_reported_training import report_training_paused, report_training_stopped
from teachers.services.training_changes import defer_participant, withdraw_participant
from tests import builders_training as b
from tests.builders import (
    create_induction_period,
    create_lead_provider_delivery_partnership,
    create_mentorship_period,
    create_teacher,
)
from tests.builders_induction import ab_user

pytestmark = pytest.mark.django_db

Kind = SchoolNotificationKind
D = dt.date
TODAY = D(2026, 9, 15)
JAN_10 = D(2026, 1, 10)
SEP_1 = D(2026, 9, 1)


def kinds(school=None) -> list[str]:
    rows = SchoolNotification.objects.order_by("pk")
    if school is not None:
        rows = rows.filter(school=school)
    return [n.kind for n in rows]


@pytest.fixture
def oakfield(world):
    world.oakfield.induction_tutor_name = "Ian Tutor"
    world.oakfield.induction_tutor_email = "tutor@oakfield.sch.uk"
    world.oakfield.save()
    return world.oakfield


@pytest.fixture
def alpha(world):
    return Author.lead_provider_api(world.alpha)


@pytest.fixture
def jane_with_alpha(world, oakfield):
    partnership = b.partnership(school=oakfield, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)
    return b.training(b.ect_period(world, started_on=JAN_10), started_on=JAN_10, school_partnership=partnership)


# A lead provider withdraws or defers -------------------------------------------------------------------------


def test_a_lead_provider_withdrawing_an_ect_notifies_the_school_once(world, oakfield, alpha, jane_with_alpha):
    withdraw_participant(
        author=alpha,
        lead_provider=world.alpha,
        teacher=world.jane,
        course_identifier="ecf-induction",
        reason="left-teaching-profession",
    )

    notification = SchoolNotification.objects.get()
    assert (notification.school, notification.kind, notification.teacher) == (
        oakfield,
        Kind.TRAINING_WITHDRAWN,
        world.jane,
    )
    assert notification.heading == "Alpha Learning has withdrawn Jane Smith (ECT) from training"
    assert "Tell us if Jane Smith will carry on training with another lead provider" in notification.body
    ect = jane_with_alpha.ect_at_school_period
    assert notification.action_path == f"/school/ects/{ect.pk}#training-details"
    assert (notification.email_status, notification.email_to) == ("pending", "tutor@oakfield.sch.uk")

    # The same fact again (a repeated hook) makes nothing; withdrawing again is refused and makes nothing.
    service.training_stopped(author=alpha, training_period=TrainingPeriod.objects.get(pk=jane_with_alpha.pk))
    with pytest.raises(DomainError):
        withdraw_participant(
            author=alpha,
            lead_provider=world.alpha,
            teacher=world.jane,
            course_identifier="ecf-induction",
            reason="left-teaching-profession",
        )
    assert kinds() == [Kind.TRAINING_WITHDRAWN]


def test_a_lead_provider_deferring_a_mentor_notifies_the_school_with_the_mentor_page(world, oakfield, alpha):
    partnership = b.partnership(school=oakfield, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)
    tom_at_oakfield = b.mentor_period(world, started_on=JAN_10)
    b.training(tom_at_oakfield, started_on=JAN_10, school_partnership=partnership)

    defer_participant(
        author=alpha,
        lead_provider=world.alpha,
        teacher=tom_at_oakfield.teacher,
        course_identifier="ecf-mentor",
        reason="career-break",
    )

    notification = SchoolNotification.objects.get()
    assert notification.kind == Kind.TRAINING_DEFERRED
    assert notification.heading == "Alpha Learning has paused training for Tom Brown (mentor)"
    assert notification.action_path == f"/school/mentors/{tom_at_oakfield.pk}"
    assert notification.mentor_at_school_period == tom_at_oakfield


def test_a_school_reporting_its_own_pause_or_stop_is_not_told_about_it(world, oakfield, jane_with_alpha):
    at_oakfield = jane_with_alpha.ect_at_school_period
    staff = Author.dfe_staff_user(User.objects.create(email="ada@education.gov.uk", name="Ada Admin"))
    report_training_paused(author=staff, at_school_period=at_oakfield, reason="bereavement", school=oakfield)
    assert TrainingPeriod.objects.get(pk=jane_with_alpha.pk).deferred_at is not None  # DfE acting as the school
    school_user = Author.school_user(email="tutor@oakfield.sch.uk", name="Ian Tutor", school=oakfield)
    report_training_stopped(author=school_user, at_school_period=at_oakfield)
    assert TrainingPeriod.objects.get(pk=jane_with_alpha.pk).withdrawn_at is not None
    assert kinds() == []


# Partnerships --------------------------------------------------------------------------------------------------


def test_a_new_partnership_notifies_the_school_once(world, oakfield, alpha):
    def create():
        return create_school_partnership(
            author=alpha,
            lead_provider=world.alpha,
            cohort="2026",
            school_api_id=str(oakfield.api_id),
            delivery_partner_api_id=str(world.delta.api_id),
        )

    partnership = create()
    with pytest.raises(DomainError):
        create()  # already partnered: refused, and nothing more to tell

    notification = SchoolNotification.objects.get()
    assert (notification.kind, notification.school_partnership) == (Kind.PARTNERSHIP_CREATED, partnership)
    assert notification.heading == "Alpha Learning has confirmed it is working with your school for 2026"
    assert "with Delta Partners as delivery partner" in notification.body
    assert notification.action_path == "/school/home/ects"
    assert kinds(world.hillside) == []


def test_changing_the_delivery_partner_notifies_the_school_for_each_change(world, oakfield, alpha, frozen_today):
    alpha_2026 = b.active_lead_provider(world.alpha, 2026)
    echo = DeliveryPartner.objects.create(name="Echo Partners")
    create_lead_provider_delivery_partnership(active_lead_provider=alpha_2026, delivery_partner=echo)
    partnership = b.partnership(school=oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)

    update_school_partnership_delivery_partner(
        author=alpha, school_partnership=partnership, delivery_partner_api_id=str(echo.api_id)
    )
    first = SchoolNotification.objects.get()
    assert first.kind == Kind.PARTNERSHIP_CHANGED
    assert first.body == (
        "Your delivery partner for 2026 is now Echo Partners, not Delta Partners. If this is wrong, contact "
        "Alpha Learning."
    )

    frozen_today(D(2026, 9, 16))
    update_school_partnership_delivery_partner(
        author=alpha,
        school_partnership=SchoolPartnership.objects.get(pk=partnership.pk),
        delivery_partner_api_id=str(world.delta.api_id),
    )
    assert kinds() == [Kind.PARTNERSHIP_CHANGED, Kind.PARTNERSHIP_CHANGED]
    assert "now Delta Partners, not Echo Partners" in SchoolNotification.objects.latest("pk").body


# An appropriate body releases an ECT ---------------------------------------------------------------------------


def test_an_appropriate_body_releasing_an_ect_notifies_their_current_school_once(world, oakfield):
    jane_at_oakfield = b.ect_period(world, started_on=D(2025, 9, 1))
    b.ect_period(world, school=world.hillside, started_on=D(2024, 9, 1), finished_on=D(2025, 8, 31))
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    induction = create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))

    release_ect(author=ab_user(world.north_hub), teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms="3")
    induction.refresh_from_db()
    service.ect_released(induction_period=induction)  # a repeated hook makes nothing new

    notification = SchoolNotification.objects.get()
    assert (notification.school, notification.kind, notification.induction_period) == (
        oakfield,
        Kind.ECT_RELEASED,
        induction,
    )
    assert notification.heading == "North Hub is no longer the appropriate body for Jane Smith"
    assert "from 20 July 2026" in notification.body
    assert notification.action_path == f"/school/ects/{jane_at_oakfield.pk}"


def test_a_pass_is_not_a_release(world, oakfield):
    b.ect_period(world, started_on=D(2025, 9, 1))
    world.jane.trs_induction_status = "InProgress"
    world.jane.save()
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    record_pass(author=ab_user(world.north_hub), teacher=world.jane, finished_on=D(2026, 7, 20), number_of_terms="3")
    assert kinds() == []


# The daily scan: no mentor 14 days on ------------------------------------------------------------------------


def test_an_ect_without_a_mentor_14_days_after_starting_is_notified_once(world, oakfield, frozen_today):
    jane = b.ect_period(world, started_on=SEP_1)  # 14 days before today
    b.ect_period(world, teacher=create_teacher(first_name="Ann", last_name="Lee"), started_on=D(2026, 9, 2))
    mentored = b.ect_period(world, teacher=create_teacher(first_name="Sam", last_name="Cole"), started_on=JAN_10)
    create_mentorship_period(mentee=mentored)
    b.ect_period(world, teacher=create_teacher(first_name="Exempt", trs_induction_status="Exempt"), started_on=JAN_10)
    b.ect_period(world, teacher=create_teacher(first_name="Gone"), started_on=JAN_10, finished_on=D(2026, 9, 14))

    assert service.run_daily_school_notifications() == {Kind.ECT_WITHOUT_MENTOR: 1, Kind.REGISTRATION_INCOMPLETE: 0}
    assert service.run_daily_school_notifications() == {Kind.ECT_WITHOUT_MENTOR: 0, Kind.REGISTRATION_INCOMPLETE: 0}

    notification = SchoolNotification.objects.get()
    assert (notification.kind, notification.ect_at_school_period) == (Kind.ECT_WITHOUT_MENTOR, jane)
    assert notification.heading == "Jane Smith does not have a mentor"
    assert notification.action_path == f"/school/ects/{jane.pk}/mentorship/new"

    frozen_today(D(2026, 9, 16))  # the next day Ann's 14 days are up; Jane is not told again
    assert service.notify_ects_without_mentor() == 1
    assert [n.teacher.full_name for n in SchoolNotification.objects.order_by("pk")] == ["Jane Smith", "Ann Lee"]


# The daily scan: registration incomplete ---------------------------------------------------------------------


def test_training_still_unconfirmed_28_days_on_is_notified_once(world, oakfield):
    eoi = b.active_lead_provider(world.alpha, 2026)
    waiting = b.training(
        b.ect_period(world, started_on=D(2026, 8, 1)), started_on=D(2026, 8, 1), expression_of_interest=eoi
    )
    recent = b.training(
        b.ect_period(world, teacher=create_teacher(first_name="Ann", last_name="Lee"), started_on=D(2026, 8, 1)),
        started_on=D(2026, 8, 1),
        expression_of_interest=eoi,
    )
    partnership = b.partnership(school=oakfield, lead_provider=world.beta, year=2026)
    confirmed = b.training(
        b.ect_period(world, teacher=create_teacher(first_name="Sam", last_name="Cole"), started_on=D(2026, 8, 1)),
        started_on=D(2026, 8, 1),
        school_partnership=partnership,
    )
    for period in (waiting, confirmed):
        TrainingPeriod.objects.filter(pk=period.pk).update(created_at=dt.datetime(2026, 8, 1, 9, tzinfo=dt.UTC))
    TrainingPeriod.objects.filter(pk=recent.pk).update(created_at=dt.datetime(2026, 8, 20, 9, tzinfo=dt.UTC))
    for period in (waiting, recent, confirmed):  # everyone has a mentor: only registrations are in question
        create_mentorship_period(mentee=period.ect_at_school_period)

    assert service.run_daily_school_notifications() == {Kind.ECT_WITHOUT_MENTOR: 0, Kind.REGISTRATION_INCOMPLETE: 1}
    assert service.run_daily_school_notifications() == {Kind.ECT_WITHOUT_MENTOR: 0, Kind.REGISTRATION_INCOMPLETE: 0}

    notification = SchoolNotification.objects.get()
    assert (notification.kind, notification.training_period) == (Kind.REGISTRATION_INCOMPLETE, waiting)
    assert notification.heading == "Alpha Learning has not confirmed training for Jane Smith (ECT)"
    assert "waiting since 1 August 2026" in notification.body


# Emails ------------------------------------------------------------------------------------------------------


def _made(school, key="fact:1"):
    notice = service.Notice(
        Kind.ECT_WITHOUT_MENTOR, key, "Jane Smith does not have a mentor", "Assign one.", "Assign", "/school/home/ects"
    )
    return service.notify_school(school, notice)


def test_the_email_is_sent_once_however_often_the_job_runs(oakfield, django_capture_on_commit_callbacks):
    jobs = ProcrastinateJob.objects.filter(task_name="schools.send_school_notification_email")
    before = set(jobs.values_list("pk", flat=True))  # jobs committed by browser tests outlive their flush
    with django_capture_on_commit_callbacks(execute=True):
        notification = _made(oakfield)
    [job] = jobs.exclude(pk__in=before)
    assert job.args == {"notification_id": notification.pk}

    with django_capture_on_commit_callbacks(execute=True):  # the local backend delivers at commit
        assert service.send_notification_email(notification.pk) == "sent"
        assert service.send_notification_email(notification.pk) == "sent"  # a retried job
        assert service.send_pending_emails(older_than=dt.timedelta(0)) == 0

    email = SentEmail.objects.get()
    assert (email.template, email.to, email.subject, email.reference) == (
        "school_notification",
        "tutor@oakfield.sch.uk",
        "Jane Smith does not have a mentor",
        f"school-notification-{notification.pk}",
    )
    assert "[Assign](https://www.register-early-career-teachers.education.gov.uk/school/home/ects)" in email.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_kind_the_school_turned_off_is_listed_but_not_emailed(oakfield):
    service.set_emailed_kinds(school=oakfield, kinds=set(Kind.values) - {Kind.ECT_WITHOUT_MENTOR})
    notification = _made(oakfield)
    assert notification.email_status == SchoolNotificationEmail.NOT_WANTED
    assert service.send_notification_email(notification.pk) == "not_wanted"
    assert not SentEmail.objects.exists()
    assert service.emailed_kinds(oakfield) == set(Kind.values) - {Kind.ECT_WITHOUT_MENTOR}


def test_turning_a_kind_off_before_the_job_runs_stops_the_email(oakfield):
    notification = _made(oakfield)
    service.set_emailed_kinds(school=oakfield, kinds=[])
    assert service.send_notification_email(notification.pk) == "not_wanted"
    assert not SentEmail.objects.exists()
    service.set_emailed_kinds(school=oakfield, kinds=Kind.values)  # on again: later notifications are emailed
    assert service.send_notification_email(_made(oakfield, "fact:2").pk) == "sent"


def test_a_school_without_an_induction_tutor_gets_no_email(world):
    notification = _made(world.hillside)
    assert notification.email_status == SchoolNotificationEmail.NO_RECIPIENT
    assert service.send_notification_email(notification.pk) == "no_recipient"
    assert not SentEmail.objects.exists()


@pytest.fixture
def real_notify(settings, monkeypatch):
    """The Notify backend, under the real client, against a fake of Notify's HTTP API whose first answer is 500."""
    settings.NOTIFY_BACKEND = "notify"
    settings.GOVUK_NOTIFY_API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.GOVUK_NOTIFY_TEMPLATE_IDS = {}
    return FakeNotify(monkeypatch, 500)


def test_a_notify_server_error_is_retried_and_the_email_delivered_once(
    oakfield, real_notify, django_capture_on_commit_callbacks
):
    from integrations.notify.tasks import send_email_job
    from schools.tasks import send_school_notification_email

    mail_jobs = ProcrastinateJob.objects.filter(task_name="notify.send_email")
    before = set(mail_jobs.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        notification = _made(oakfield)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_school_notification_email(notification_id=notification.pk) == "sent"
    row = OutgoingEmail.objects.get()
    [job] = mail_jobs.exclude(pk__in=before)
    assert (job.queue_name, job.args) == ("mailers", {"email_id": row.pk})
    assert row.reference == f"school-notification-{notification.pk}" and real_notify.posts == []

    with pytest.raises(NotifyUnavailable) as busy:  # Notify's 500: the mail job is tried again 2 s later
        send_email_job(email_id=row.pk)
    assert retried_after(busy.value, attempts=0) == 2
    assert send_email_job(email_id=row.pk) == "sent"

    with django_capture_on_commit_callbacks(execute=True):  # the school's job run again, and the sweep
        assert send_school_notification_email(notification_id=notification.pk) == "sent"
        assert service.send_pending_emails(older_than=dt.timedelta(0)) == 0
    assert OutgoingEmail.objects.count() == 1 and mail_jobs.exclude(pk__in=before).count() == 1
    assert send_email_job(email_id=row.pk) == "sent"  # the mail job run again: still one email
    assert len(real_notify.posts) == 2
    [delivered] = real_notify.accepted
    assert delivered["email_address"] == "tutor@oakfield.sch.uk"
    assert delivered["reference"].startswith(f"school-notification-{notification.pk}/")
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_to) == ("sent", "tutor@oakfield.sch.uk")


def test_an_email_that_cannot_be_written_fails_and_is_not_tried_again(oakfield, django_capture_on_commit_callbacks):
    notification = _made(oakfield)
    oakfield.gias_school.name = ""  # the school's name is required by the email
    oakfield.gias_school.save(update_fields=["name"])
    with django_capture_on_commit_callbacks(execute=True):
        assert service.send_notification_email(notification.pk) == "failed"
        assert service.send_notification_email(notification.pk) == "failed"
        assert service.send_pending_emails(older_than=dt.timedelta(0)) == 0
    assert not SentEmail.objects.exists()


def test_only_the_schools_own_notifications_are_marked_read(world, oakfield):
    own, other = _made(oakfield), _made(world.hillside)
    assert service.mark_read(school=oakfield, notification_ids=[own.pk, other.pk]) == 1
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.read_at is not None and other.read_at is None
    assert service.mark_read(school=oakfield, notification_ids=[own.pk]) == 0


def test_the_jobs_are_registered_and_run_the_services(world, oakfield, django_capture_on_commit_callbacks):
    from procrastinate.contrib.django import app

    from schools import tasks

    crons = {task: p.cron for (task, _), p in app.periodic_registry.periodic_tasks.items()}
    assert crons["schools.daily_notifications"] == "0 6 * * *"
    assert crons["schools.sweep_notification_emails"] == "*/10 * * * *"

    b.ect_period(world, started_on=SEP_1)
    assert tasks.daily_notifications(timestamp=0) == {Kind.ECT_WITHOUT_MENTOR: 1, Kind.REGISTRATION_INCOMPLETE: 0}
    assert tasks.daily_notifications(timestamp=0) == {Kind.ECT_WITHOUT_MENTOR: 0, Kind.REGISTRATION_INCOMPLETE: 0}
    notification = SchoolNotification.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the local backend delivers at commit
        assert tasks.sweep_notification_emails(timestamp=0) == 0  # not yet five minutes old: its own job sends it
        assert service.send_pending_emails(older_than=dt.timedelta(0)) == 1  # the sweep, for a lost job
        assert tasks.send_school_notification_email(notification_id=notification.pk) == "sent"  # the job, late
        assert tasks.send_school_notification_email(notification_id=notification.pk) == "sent"
    assert SentEmail.objects.count() == 1
