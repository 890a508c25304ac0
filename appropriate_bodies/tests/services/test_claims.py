"""The working record of a single claim through the pages (journeys.md §5.4, domain.md §7.3.1, BR-IP-20 … 28)."""

from __future__ import annotations

import datetime as dt

import pytest

from appropriate_bodies.models import PendingInductionSubmission
from appropriate_bodies.services.claims import check_claim, claim_from_submission, confirm_claim_details, start_claim
from core.errors import DomainError
from events.models import Event
from teachers.models import InductionPeriod
from teachers.services.induction import AlreadyClaimedByThisBody
from tests.builders import create_induction_period
from tests.builders_induction import JANE_DOB, ab_user, fake_trs_with_jane, trs_updates

D = dt.date


def test_BR_IP_20_start_claim_keeps_what_trs_said_for_this_body(world):
    submission = start_claim(
        appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake_trs_with_jane()
    )
    submission.refresh_from_db()
    assert submission.appropriate_body_period == world.north_hub
    assert (submission.trs_first_name, submission.trs_last_name, submission.trs_qts_awarded_on) == (
        "Jane",
        "Smith",
        D(2025, 7, 1),
    )
    assert submission.delete_at is not None  # an abandoned search is purged like any other
    assert check_claim(submission).is_claimable


def test_BR_IP_20_start_claim_refuses_a_six_digit_trn_and_keeps_nothing(world):
    with pytest.raises(DomainError) as excinfo:
        start_claim(appropriate_body=world.north_hub, trn="123456", date_of_birth=JANE_DOB, client=fake_trs_with_jane())
    assert excinfo.value.message == "TRN must be 7 numeric digits"
    assert not PendingInductionSubmission.objects.exists()


def test_BR_IP_21_start_claim_for_a_teacher_already_ours_raises_the_notice(world):
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2026, 9, 1))
    with pytest.raises(AlreadyClaimedByThisBody):
        start_claim(
            appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake_trs_with_jane()
        )


def test_BR_IP_22_an_unclaimable_teacher_is_kept_with_the_reason(world):
    submission = start_claim(
        appropriate_body=world.north_hub,
        trn="1234567",
        date_of_birth=JANE_DOB,
        client=fake_trs_with_jane(induction_status="Exempt"),
    )
    assert check_claim(submission).block_reason == "Jane Smith is exempt from completing their induction"
    with pytest.raises(DomainError):
        confirm_claim_details(submission=submission)
    submission.refresh_from_db()
    assert submission.confirmed_at is None


def test_BR_IP_23_a_claim_by_another_body_between_the_pages_blocks_the_check(world):
    submission = start_claim(
        appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake_trs_with_jane()
    )
    create_induction_period(teacher=world.jane, appropriate_body=world.istip, started_on=D(2026, 9, 1))
    check = check_claim(submission)
    assert not check.is_claimable
    assert "Independent Schools Teacher Induction Panel (ISTIP)" in check.block_reason


def test_BR_IP_28_claim_from_submission_opens_the_period_and_tells_trs(world):
    submission = start_claim(
        appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake_trs_with_jane()
    )
    confirm_claim_details(submission=submission)
    period = claim_from_submission(
        author=ab_user(world.north_hub),
        submission=submission,
        started_on=D(2026, 9, 1),
        training_programme="provider_led",
    )
    assert (period.appropriate_body_period, period.started_on, period.finished_on) == (
        world.north_hub,
        D(2026, 9, 1),
        None,
    )
    submission.refresh_from_db()
    assert (submission.started_on, submission.training_programme) == (D(2026, 9, 1), "provider_led")
    assert trs_updates(world.jane) == [("InProgress", D(2026, 9, 1), None)]
    assert Event.objects.filter(event_type="induction_period_opened").count() == 1


def test_BR_IP_25_a_refused_claim_keeps_nothing(world):
    submission = start_claim(
        appropriate_body=world.north_hub, trn="1234567", date_of_birth=JANE_DOB, client=fake_trs_with_jane()
    )
    with pytest.raises(DomainError) as excinfo:
        claim_from_submission(
            author=ab_user(world.north_hub), submission=submission, started_on=D(2026, 9, 16), training_programme=None
        )
    assert {e.message for e in excinfo.value.errors} >= {"Start date cannot be in the future"}
    submission.refresh_from_db()
    assert submission.started_on is None
    assert not InductionPeriod.objects.exists()
