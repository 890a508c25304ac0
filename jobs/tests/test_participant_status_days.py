"""The daily job that moves `updated_at` when a participant's status flips with the calendar (issue 3 item 4),
travelling in time across the flip dates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from procrastinate.contrib.django import app

from api.v3.testing import V3Client
from core import clock
from jobs.daily import days_due, run_due_participant_status_days, run_participant_status_day
from jobs.models import ParticipantStatusDay
from jobs.tasks import PARTICIPANT_STATUS_CRON, participant_status_days
from teachers.models import Teacher
from teachers.selectors.training_status import participant_status
from tests import builders_training as b
from tests.builders import create_teacher

TODAY = dt.date(2026, 9, 15)
SEP_16, SEP_17, SEP_18 = dt.date(2026, 9, 16), dt.date(2026, 9, 17), dt.date(2026, 9, 18)


@pytest.fixture
def alpha_2026(world):
    return b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)


@pytest.fixture
def people(world, alpha_2026) -> dict[str, Teacher]:
    """Joins Alpha on the 16th; leaves on the 16th; leaves on the 17th; carries on throughout."""
    people = {
        name: create_teacher(first_name=name, last_name="Case") for name in ("joiner", "leaver", "later", "stayer")
    }
    b.training(
        b.ect_period(world, teacher=people["joiner"], started_on=SEP_16),
        started_on=SEP_16,
        school_partnership=alpha_2026,
    )
    b.training(
        b.ect_period(world, teacher=people["leaver"], started_on=dt.date(2026, 9, 1), finished_on=SEP_16),
        started_on=dt.date(2026, 9, 1),
        finished_on=SEP_16,
        school_partnership=alpha_2026,
    )
    b.training(
        b.ect_period(world, teacher=people["later"], started_on=dt.date(2026, 9, 1), finished_on=SEP_17),
        started_on=dt.date(2026, 9, 1),
        finished_on=SEP_17,
        school_partnership=alpha_2026,
    )
    b.training(
        b.ect_period(world, teacher=people["stayer"], started_on=dt.date(2026, 9, 1)),
        started_on=dt.date(2026, 9, 1),
        school_partnership=alpha_2026,
    )
    return people


def stamps(people: dict[str, Teacher]) -> dict[str, dt.datetime]:
    return {name: Teacher.objects.get(pk=teacher.pk).api_updated_at for name, teacher in people.items()}


def status(world, teacher: Teacher) -> str | None:
    return participant_status(teacher=teacher, lead_provider=world.alpha, role="ect")


def test_crossing_midnight_moves_updated_at_of_exactly_the_flipped_participants(world, people, frozen_today):
    """On the 15th the joiner is `joining` and the leaver `leaving`; the job at 00:05 on the 16th moves their
    `updated_at` to that instant and leaves the others alone."""
    assert (status(world, people["joiner"]), status(world, people["leaver"])) == ("joining", "leaving")
    assert run_due_participant_status_days() == [ParticipantStatusDay.objects.get(on=TODAY)]
    before = stamps(people)

    frozen_today(SEP_16, hour=0)
    assert (status(world, people["joiner"]), status(world, people["leaver"])) == ("active", "left")
    [day] = run_due_participant_status_days()

    midnight_job = clock.now()
    assert (day.on, day.touched) == (SEP_16, 2)
    after = stamps(people)
    assert after["joiner"] == after["leaver"] == midnight_job
    assert after["later"] == before["later"] and after["stayer"] == before["stayer"]
    assert midnight_job > before["joiner"]

    # Later the same day the job has nothing more to do.
    frozen_today(SEP_16, hour=13)
    assert run_due_participant_status_days() == []
    assert stamps(people) == after


def test_days_missed_while_no_worker_ran_are_caught_up_once_each(world, people, frozen_today):
    run_participant_status_day(TODAY)
    frozen_today(SEP_18, hour=9)
    assert days_due() == [SEP_16, SEP_17, SEP_18]

    done = run_due_participant_status_days()

    assert [(day.on, day.touched) for day in done] == [(SEP_16, 2), (SEP_17, 1), (SEP_18, 0)]
    assert {name for name, stamp in stamps(people).items() if stamp == clock.now()} == {"joiner", "leaver", "later"}
    assert days_due() == []
    assert run_due_participant_status_days() == []


def test_the_first_run_ever_does_only_today(world, people):
    assert days_due() == [TODAY]


def test_a_day_is_done_once_unless_forced(world, people, frozen_today):
    frozen_today(SEP_16, hour=0)
    assert run_participant_status_day(SEP_16).touched == 2
    first = stamps(people)
    frozen_today(SEP_16, hour=1)
    assert run_participant_status_day(SEP_16) is None
    assert stamps(people) == first
    assert run_participant_status_day(SEP_16, force=True).touched == 2
    assert stamps(people)["joiner"] == clock.now() != first["joiner"]


def test_management_command_runs_a_given_day(world, people, frozen_today):
    frozen_today(SEP_17, hour=8)
    out = io.StringIO()
    call_command("touch_participant_status_changes", "--date", "2026-09-16", stdout=out)
    assert out.getvalue() == "2026-09-16: 2 participants touched\n"
    assert {name for name, stamp in stamps(people).items() if stamp == clock.now()} == {"joiner", "leaver"}

    out = io.StringIO()
    call_command("touch_participant_status_changes", "--date", "2026-09-16", stdout=out)
    assert out.getvalue() == "2026-09-16 was already done; use --force to touch again\n"

    out = io.StringIO()
    call_command("touch_participant_status_changes", stdout=out)
    assert out.getvalue() == "2026-09-17: 1 participants touched\n"


def test_the_periodic_task_ticks_hourly_and_does_the_due_days(world, people, frozen_today):
    """Registered with procrastinate (no worker needed to call it): cron every hour at :05 UTC, which is 00:05 in
    London after midnight in both GMT and BST."""
    periodic = app.periodic_registry.periodic_tasks[("jobs.participant_status_days", "participant-status-days")]
    assert periodic.cron == PARTICIPANT_STATUS_CRON == "5 * * * *"
    run_participant_status_day(TODAY)
    frozen_today(SEP_16, hour=0)
    assert participant_status_days(timestamp=int(clock.now().timestamp())) == 2
    assert participant_status_days(timestamp=int(clock.now().timestamp())) == 0


def test_updated_since_finds_exactly_the_flipped_participants_after_midnight(world, people, frozen_today):
    """A provider that last synced at 23:30 on the 15th (London) asks for changes since then: nothing before the
    job, exactly the joiner and the leaver (now `active` and `left`) after it."""
    client = V3Client(world.alpha)
    run_due_participant_status_days()
    since = {"filter[updated_since]": "2026-09-15T22:30:00Z"}  # 23:30 London

    frozen_today(SEP_16, hour=0)
    assert client.get("/api/v3/participants", since).json() == {"data": []}

    run_due_participant_status_days()

    data = client.get("/api/v3/participants", since).json()["data"]
    found = {item["id"]: item["attributes"] for item in data}
    assert set(found) == {str(people["joiner"].api_id), str(people["leaver"].api_id)}
    assert found[str(people["joiner"].api_id)]["ecf_enrolments"][0]["participant_status"] == "active"
    assert found[str(people["leaver"].api_id)]["ecf_enrolments"][0]["participant_status"] == "left"
    assert {attributes["updated_at"] for attributes in found.values()} == {"2026-09-15T23:00:00Z"}
