"""A school tells us training has paused, stopped or restarted (issue 4 item 4; docs/school-reported-training-
changes.md). The change is the lead provider's own defer / withdraw / resume, so the API shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.testing import V3Client
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from schools.models import TrainingProgramme
from teachers.models import Teacher, TrainingPeriod
from teachers.services.school_reported_training import (
    PAUSED,
    RESTARTED,
    STOPPED,
    changes_the_school_can_report,
    report_training_paused,
    report_training_restarted,
    report_training_stopped,
)
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_teacher,
    create_training_period,
)
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Tess Tutor", school=world.oakfield)


@pytest.fixture
def jane(world):
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=period,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    return period


def refused(service, **kwargs) -> str:
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert not Event.objects.exists()
    return error.value.message


def test_a_paused_ect_is_deferred_with_the_schools_reason(world, author, jane):
    assert changes_the_school_can_report(jane) == [PAUSED, STOPPED]
    training = report_training_paused(
        author=author, at_school_period=jane, reason="parental_leave", school=world.oakfield
    )
    training.refresh_from_db()
    assert training.deferral_reason == "parental_leave"
    assert training.deferred_at is not None and training.finished_on == dt.date(2026, 9, 15)
    event = Event.objects.get()
    assert event.event_type == "teacher_defers_training_period"
    assert event.heading == "Jane Smith’s ECT training period was deferred by the school"
    assert (event.author_type, event.author_email, event.lead_provider) == (
        "school_user",
        "tutor@oakfield.sch.uk",
        world.alpha,
    )
    assert changes_the_school_can_report(jane) == [RESTARTED, STOPPED]


def test_pausing_needs_a_reason_and_active_started_training(world, author, jane, frozen_today):
    assert refused(report_training_paused, author=author, at_school_period=jane, reason=None) == (
        "Select why Jane Smith's training is paused"
    )
    frozen_today(dt.date(2026, 9, 1))
    assert refused(report_training_paused, author=author, at_school_period=jane, reason="career_break") == (
        "Jane Smith's training started on 1 September 2026. You can tell us about a pause or stop from the day "
        "after it starts"
    )


def test_a_paused_ect_cannot_be_paused_again_but_can_be_stopped(world, author, jane, frozen_today):
    report_training_paused(author=author, at_school_period=jane, reason="career_break")
    Event.objects.all().delete()
    assert refused(report_training_paused, author=author, at_school_period=jane, reason="career_break") == (
        "Jane Smith's training is already paused"
    )
    frozen_today(dt.date(2026, 10, 1))
    training = report_training_stopped(author=author, at_school_period=jane)
    assert (training.withdrawal_reason, training.finished_on) == ("other", dt.date(2026, 9, 15))
    assert Event.objects.get().heading == "Jane Smith’s ECT training period was withdrawn by the school"
    assert changes_the_school_can_report(jane) == []


def test_paused_training_restarts_from_the_next_day_with_the_same_provider(world, author, jane, frozen_today):
    paused = report_training_paused(author=author, at_school_period=jane, reason="long_term_sickness")
    Event.objects.all().delete()
    assert refused(report_training_restarted, author=author, at_school_period=jane) == (
        "Jane Smith's training was paused today. You can tell us it has restarted from tomorrow"
    )
    frozen_today(dt.date(2026, 11, 2))
    resumed = report_training_restarted(author=author, at_school_period=jane)
    assert resumed.pk != paused.pk
    assert (resumed.started_on, resumed.school_partnership_id) == (dt.date(2026, 11, 2), paused.school_partnership_id)
    assert Event.objects.filter(event_type="teacher_resumes_training_period").get().heading == (
        "Jane Smith’s ECT training period was resumed by the school"
    )
    assert changes_the_school_can_report(jane) == [PAUSED, STOPPED]


def test_only_provider_led_training_at_this_school_can_be_reported(world, author):
    sam = create_ect_at_school_period(
        teacher=create_teacher(first_name="Sam", last_name="Green"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_training_period(ect_at_school_period=sam, training_programme=TrainingProgramme.SCHOOL_LED)
    assert changes_the_school_can_report(sam) == []
    assert refused(report_training_stopped, author=author, at_school_period=sam) == (
        "Sam Green is not doing provider-led training, so there is no training to change"
    )
    assert refused(report_training_stopped, author=author, at_school_period=sam, school=world.hillside) == (
        "This teacher is not registered at your school"
    )


def test_a_mentors_training_can_be_stopped(world, author):
    tom = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_training_period(
        mentor_at_school_period=tom,
        started_on=dt.date(2026, 9, 1),
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    training = report_training_stopped(author=author, at_school_period=tom, school=world.oakfield)
    assert training.withdrawn_at is not None
    assert Event.objects.get().heading == "Tom Brown’s mentor training period was withdrawn by the school"


def test_the_lead_provider_sees_the_schools_report_through_the_api(world, author, jane, frozen_today):
    """The participant's `updated_at` moves and the deferral (then withdrawal) shows on its enrolment."""
    api = V3Client(world.alpha)
    url = f"/api/v3/participants/{world.jane.api_id}"
    before = api.get(url).json()["data"]["attributes"]
    [enrolment] = before["ecf_enrolments"]
    assert enrolment["training_status"] == "active" and enrolment["deferral"] is None

    frozen_today(dt.date(2026, 10, 5))
    report_training_paused(author=author, at_school_period=jane, reason="parental_leave")
    after = api.get(url).json()["data"]["attributes"]
    assert after["updated_at"] > before["updated_at"]
    [enrolment] = after["ecf_enrolments"]
    assert enrolment["training_status"] == "deferred"
    assert enrolment["deferral"]["reason"] == "parental-leave"
    assert enrolment["deferral"]["date"].startswith("2026-10-05")
    assert [
        p["id"] for p in api.get("/api/v3/participants", {"filter[training_status]": "deferred"}).json()["data"]
    ] == [str(world.jane.api_id)]

    frozen_today(dt.date(2026, 10, 12))
    report_training_stopped(author=author, at_school_period=jane)
    stopped = api.get(url).json()["data"]["attributes"]
    assert stopped["updated_at"] > after["updated_at"]
    [enrolment] = stopped["ecf_enrolments"]
    assert enrolment["training_status"] == "withdrawn"
    assert enrolment["withdrawal"]["reason"] == "other"
    assert Teacher.objects.get(pk=world.jane.pk).api_updated_at.date() == dt.date(2026, 10, 12)
    assert TrainingPeriod.objects.filter(ect_at_school_period=jane).count() == 1


def test_dfe_staff_acting_as_the_school_are_named_as_the_school_on_the_timeline(world, jane):
    """A DfE user can only pause, stop or restart training while acting as the school: the heading says the
    school did it, as for the school's own report; the event still records the DfE user as its author."""
    from accounts.models import User

    staff = Author.dfe_staff_user(User.objects.create(email="ada@education.gov.uk", name="Ada Admin"))
    report_training_paused(author=staff, at_school_period=jane, reason="bereavement", school=world.oakfield)
    report_training_stopped(author=staff, at_school_period=jane, school=world.oakfield)
    assert list(Event.objects.order_by("pk").values_list("heading", "author_type", "author_email")) == [
        ("Jane Smith’s ECT training period was deferred by the school", "dfe_staff_user", "ada@education.gov.uk"),
        ("Jane Smith’s ECT training period was withdrawn by the school", "dfe_staff_user", "ada@education.gov.uk"),
    ]
