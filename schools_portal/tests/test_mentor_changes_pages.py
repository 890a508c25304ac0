"""Change a mentor's lead provider (journeys.md §4.11.3, §9.5 item 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from sign_in.testing import sign_in_school_user
from teachers.models import TrainingPeriod
from tests.builders import create_mentor_at_school_period, create_teacher, create_training_period
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_client(client, world):
    school = world.oakfield
    school.induction_tutor_name, school.induction_tutor_email = "Ida Tutor", "ida.tutor@school.example.com"
    school.induction_tutor_last_nominated_in_id = 2026  # confirmed this contract year (§4.3 gate)
    school.save()
    sign_in_school_user(client, school)
    return client


@pytest.fixture
def tom(world):
    period = create_mentor_at_school_period(
        teacher=create_teacher(trn="7654321", first_name="Tom", last_name="Brown"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_training_period(
        mentor_at_school_period=period,
        school_partnership=partnership(school=world.oakfield, lead_provider=world.alpha, year=2026),
    )
    return period


def test_details_page_links_to_changing_the_lead_provider(school_client, tom):
    page = school_client.get(f"/school/mentors/{tom.pk}").content.decode()
    assert f'href="/school/mentors/{tom.pk}/change-lead-provider/edit"' in page


def test_the_radios_leave_out_the_current_lead_provider(school_client, tom):
    page = school_client.get(f"/school/mentors/{tom.pk}/change-lead-provider/edit").content.decode()
    assert "Change Tom Brown&#x27;s lead provider" in page or "Change Tom Brown's lead provider" in page
    assert "Beta Institute" in page
    assert "Alpha Learning" not in page


def test_the_current_lead_provider_or_none_is_an_error(school_client, world, tom):
    url = f"/school/mentors/{tom.pk}/change-lead-provider/edit"
    response = school_client.post(url, {"lead_provider": world.alpha.pk})
    assert response.status_code == 422
    assert "Choose a different lead provider" in response.content.decode()
    assert school_client.post(url, {}).status_code == 422


def test_a_different_lead_provider_is_confirmed(school_client, world, tom):
    base = f"/school/mentors/{tom.pk}/change-lead-provider"
    response = school_client.post(f"{base}/edit", {"lead_provider": world.beta.pk})
    assert response["Location"] == f"{base}/check-answers"
    page = school_client.get(response["Location"]).content.decode()
    assert "Current Lead Provider" in page and "Alpha Learning" in page and "Beta Institute" in page
    response = school_client.post(f"{base}/check-answers")
    assert response["Location"] == f"{base}/confirmation"
    page = school_client.get(response["Location"]).content.decode()
    assert "Beta Institute" in page and "Back to Tom Brown" in page
    latest = TrainingPeriod.objects.filter(mentor_at_school_period=tom).order_by("-started_on", "-pk").first()
    assert latest.expression_of_interest.lead_provider == world.beta
