"""Issue 8 item 2 through the appropriate body API: a release over `POST /api/ab/v1/teachers/{trn}/outcome` tells
the ECT's school once; a pass tells it nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from api.ab.tests.test_api import ABClient
from api.tokens import create_appropriate_body_api_token
from events.authors import Author
from schools.models import SchoolNotification, SchoolNotificationKind
from tests.builders import create_appropriate_body, create_ect_at_school_period, create_induction_period, create_teacher

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def north():
    return create_appropriate_body(name="North Hub")


@pytest.fixture
def api(north):
    _, token = create_appropriate_body_api_token(author=Author.system(), appropriate_body=north)
    return ABClient(token)


def ect_with(north, trn: str, first_name: str):
    teacher = create_teacher(trn=trn, first_name=first_name, last_name="North")
    create_induction_period(teacher=teacher, appropriate_body=north, started_on=dt.date(2025, 9, 1))
    return create_ect_at_school_period(teacher=teacher, started_on=dt.date(2025, 9, 1))


def test_a_release_over_the_api_tells_the_school_and_a_pass_does_not(api, north):
    ava, ben = ect_with(north, "1111111", "Ava"), ect_with(north, "3333333", "Ben")

    release = {"outcome": "release", "finished_on": "2026-01-10", "number_of_terms": 1}
    assert api.post("/teachers/1111111/outcome", release).status_code == 200
    assert api.post("/teachers/1111111/outcome", release).status_code == 422  # nothing open to release now
    passed = {"outcome": "pass", "finished_on": "2026-07-10", "number_of_terms": 3}
    assert api.post("/teachers/3333333/outcome", passed).status_code == 200

    notification = SchoolNotification.objects.get()
    assert (notification.school, notification.kind, notification.ect_at_school_period) == (
        ava.school,
        SchoolNotificationKind.ECT_RELEASED,
        ava,
    )
    assert notification.heading == "North Hub is no longer the appropriate body for Ava North"
    assert not SchoolNotification.objects.filter(school=ben.school).exists()
