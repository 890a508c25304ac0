"""Induction summaries and an ECT's appropriate body (domain.md §6.6, §6.8)."""

from __future__ import annotations

import datetime as dt

import pytest

from teachers.models import InductionExtension
from teachers.selectors.induction import (
    appropriate_body_for_ect,
    claimable_ect_at_school_periods,
    claimed_ect_at_school_periods,
    extension_summary,
    has_completed_induction,
    induction_completed_on,
    induction_start_date,
    induction_status_tag,
    is_claimable,
    ongoing_induction_period,
    terms_completed,
    unclaimed_ect_at_school_periods,
)
from tests.builders import create_ect_at_school_period, create_induction_period, create_teacher

D = dt.date


# §6.6 ---------------------------------------------------------------------------------------------


def test_completed_induction_uses_the_outcome_period_else_trs(world):
    """End date = the latest finished period with an outcome, else TRS's completed date."""
    assert (induction_completed_on(teacher=world.jane), has_completed_induction(teacher=world.jane)) == (None, False)
    world.jane.trs_induction_completed_date = D(2026, 7, 1)
    assert induction_completed_on(teacher=world.jane) == D(2026, 7, 1)
    create_induction_period(
        teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2026, 7, 20), number_of_terms=6, outcome="pass"
    )
    assert induction_completed_on(teacher=world.jane) == D(2026, 7, 20)
    assert has_completed_induction(teacher=world.jane)


def test_a_released_period_does_not_complete_induction(world):
    create_induction_period(teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2026, 3, 31))
    assert induction_completed_on(teacher=world.jane) is None


def test_induction_start_date_is_the_earliest_period_else_trs(world):
    world.jane.trs_induction_start_date = D(2025, 8, 1)
    assert induction_start_date(teacher=world.jane) == D(2025, 8, 1)
    create_induction_period(teacher=world.jane, started_on=D(2026, 1, 5))
    create_induction_period(teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31))
    assert induction_start_date(teacher=world.jane) == D(2025, 9, 1)


def test_ongoing_induction_period(world):
    assert ongoing_induction_period(teacher=world.jane) is None
    create_induction_period(teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2025, 12, 31))
    ongoing = create_induction_period(teacher=world.jane, started_on=D(2026, 1, 5))
    assert ongoing_induction_period(teacher=world.jane) == ongoing


def test_terms_completed_and_extension_summary(world):
    """`<sum of terms> of <6 + extensions>`; `None` without extensions; `<total> term(s)` with them."""
    assert (terms_completed(teacher=world.jane), extension_summary(teacher=world.jane)) == ("0 of 6", "None")
    create_induction_period(
        teacher=world.jane, started_on=D(2025, 1, 6), finished_on=D(2025, 7, 31), number_of_terms=2.5
    )
    create_induction_period(
        teacher=world.jane, started_on=D(2025, 9, 1), finished_on=D(2026, 3, 31), number_of_terms=0.2
    )
    create_induction_period(teacher=world.jane, started_on=D(2026, 4, 1))
    InductionExtension.objects.create(teacher=world.jane, number_of_terms=1)
    assert (terms_completed(teacher=world.jane), extension_summary(teacher=world.jane)) == ("2.7 of 7", "1 term")
    InductionExtension.objects.create(teacher=world.jane, number_of_terms=0.1)
    assert (terms_completed(teacher=world.jane), extension_summary(teacher=world.jane)) == ("2.7 of 7.1", "1.1 terms")


@pytest.mark.parametrize(
    ("status", "ongoing", "label", "colour"),
    [
        ("RequiredToComplete", False, "Required to complete", "yellow"),
        ("Exempt", True, "Exempt", "green"),
        ("InProgress", True, "In progress", "blue"),
        ("InProgress", False, "Induction paused", "magenta"),
        ("Failed", False, "Failed", "red"),
        ("Passed", False, "Passed", "green"),
        ("FailedInWales", False, "Failed in Wales", "red"),
        ("None", False, "None", "grey"),
        ("Pending", False, "Unknown", "grey"),
        (None, True, "Unknown", "grey"),
    ],
)
def test_induction_status_tag(world, status, ongoing, label, colour):
    """§6.6 table: label and colour from the TRS status and whether an induction period is open."""
    world.jane.trs_induction_status = status
    if ongoing:
        create_induction_period(teacher=world.jane, started_on=D(2025, 9, 1))
    tag = induction_status_tag(teacher=world.jane)
    assert (tag.label, tag.colour) == (label, colour)


# §6.8 ---------------------------------------------------------------------------------------------


def test_the_ab_of_an_ect_at_a_school_is_confirmed_provisional_or_not_reported(world):
    ect = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=D(2025, 9, 1), appropriate_body=world.north_hub
    )
    assert (
        appropriate_body_for_ect(ect_at_school_period=ect).kind,
        appropriate_body_for_ect(ect_at_school_period=ect).label,
    ) == (
        "provisional",
        "North Hub",
    )
    create_induction_period(teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 8))
    confirmed = appropriate_body_for_ect(ect_at_school_period=ect)
    assert (confirmed.kind, confirmed.appropriate_body) == ("confirmed", world.istip)

    ect.school_reported_appropriate_body = None
    ect.started_on = D(2025, 10, 1)  # the induction started before this school period: not confirmed by it
    assert appropriate_body_for_ect(ect_at_school_period=ect).label == "Not reported"


def test_unclaimed_claimed_and_claimable_lists(world):
    """Unclaimed: current-or-future periods naming the AB without an ongoing induction there; claimable: with
    QTS and not with another AB; claimed: ongoing induction with this AB."""
    jane_ect = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, appropriate_body=world.north_hub)
    no_qts = create_ect_at_school_period(teacher=create_teacher(qts_awarded_on=None), appropriate_body=world.north_hub)
    elsewhere_teacher = create_teacher()
    elsewhere = create_ect_at_school_period(teacher=elsewhere_teacher, appropriate_body=world.north_hub)
    create_induction_period(teacher=elsewhere_teacher, appropriate_body=world.istip, started_on=D(2025, 9, 1))
    claimed_teacher = create_teacher()
    claimed = create_ect_at_school_period(teacher=claimed_teacher, appropriate_body=world.north_hub)
    create_induction_period(teacher=claimed_teacher, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))
    create_ect_at_school_period(  # left before today: not on the list
        teacher=create_teacher(), appropriate_body=world.north_hub, started_on=D(2025, 9, 1), finished_on=D(2026, 9, 14)
    )
    create_ect_at_school_period(teacher=create_teacher(), appropriate_body=world.istip)  # another AB's

    assert set(unclaimed_ect_at_school_periods(appropriate_body=world.north_hub)) == {jane_ect, no_qts, elsewhere}
    assert list(claimable_ect_at_school_periods(appropriate_body=world.north_hub)) == [jane_ect]
    assert list(claimed_ect_at_school_periods(appropriate_body=world.north_hub)) == [claimed]
    assert [
        is_claimable(ect_at_school_period=p, appropriate_body=world.north_hub) for p in (jane_ect, no_qts, elsewhere)
    ] == [
        True,
        False,
        False,
    ]
