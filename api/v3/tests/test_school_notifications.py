"""Issue 8 item 2 through the lead provider API itself: a withdrawal or deferral over `PUT
/api/v3/participants/{id}/withdraw | defer`, a new partnership and a changed delivery partner each tell the school
once; a refused repeat tells it nothing more."""

from __future__ import annotations

import datetime as dt

import pytest

from api.v3.testing import envelope
from providers.models import DeliveryPartner
from schools.models import SchoolNotification, SchoolNotificationKind
from tests import builders_training as b
from tests.builders import create_lead_provider_delivery_partnership, create_teacher

JAN_10 = dt.date(2026, 1, 10)
WITHDRAW = envelope("participant-withdraw", reason="moved-school", course_identifier="ecf-induction")
DEFER = envelope("participant-defer", reason="long-term-sickness", course_identifier="ecf-induction")


@pytest.fixture
def alpha_client(world, v3_client):
    return v3_client(world.alpha)


@pytest.fixture
def alpha_2025(world):
    return b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)


def test_withdrawing_and_deferring_over_the_api_tell_the_school_once_each(world, alpha_client, alpha_2025):
    jane = b.ect_period(world, started_on=JAN_10)
    b.training(jane, started_on=JAN_10, school_partnership=alpha_2025)
    ann = b.ect_period(world, teacher=create_teacher(first_name="Ann", last_name="Lee"), started_on=JAN_10)
    b.training(ann, started_on=JAN_10, school_partnership=alpha_2025)

    assert alpha_client.put(f"/api/v3/participants/{world.jane.api_id}/withdraw", WITHDRAW).status_code == 200
    assert alpha_client.put(f"/api/v3/participants/{world.jane.api_id}/withdraw", WITHDRAW).status_code == 422
    assert alpha_client.put(f"/api/v3/participants/{ann.teacher.api_id}/defer", DEFER).status_code == 200

    told = SchoolNotification.objects.filter(school=world.oakfield).order_by("pk")
    assert [(n.kind, n.ect_at_school_period) for n in told] == [
        (SchoolNotificationKind.TRAINING_WITHDRAWN, jane),
        (SchoolNotificationKind.TRAINING_DEFERRED, ann),
    ]
    assert told[0].heading == "Alpha Learning has withdrawn Jane Smith (ECT) from training"
    assert told[1].heading == "Alpha Learning has paused training for Ann Lee (ECT)"


def test_creating_and_changing_a_partnership_over_the_api_tell_the_school(world, alpha_client, frozen_today):
    alpha_2026 = b.active_lead_provider(world.alpha, 2026)
    echo = DeliveryPartner.objects.create(name="Echo Partners")
    create_lead_provider_delivery_partnership(active_lead_provider=alpha_2026, delivery_partner=echo)
    body = envelope(
        "partnership", cohort="2026", school_id=str(world.oakfield.api_id), delivery_partner_id=str(world.delta.api_id)
    )

    created = alpha_client.post("/api/v3/partnerships", body)
    assert created.status_code == 200, created.content
    assert alpha_client.post("/api/v3/partnerships", body).status_code == 422  # already partnered: nothing new
    frozen_today(dt.date(2026, 9, 16))
    change = envelope("partnership", delivery_partner_id=str(echo.api_id))
    assert alpha_client.put(f"/api/v3/partnerships/{created.json()['data']['id']}", change).status_code == 200

    told = SchoolNotification.objects.filter(school=world.oakfield).order_by("pk")
    assert [n.kind for n in told] == [
        SchoolNotificationKind.PARTNERSHIP_CREATED,
        SchoolNotificationKind.PARTNERSHIP_CHANGED,
    ]
    assert told[1].heading == "Alpha Learning has changed your school’s delivery partner for 2026"
