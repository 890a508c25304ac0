"""Reads about schools (BR-S-03, BR-S-13 … BR-S-16, §6.7, §6.9)."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from providers.models import ActiveLeadProvider
from schools.models import GIASSchool, School
from schools.selectors import (
    can_register_new_ects,
    ect_status_tag,
    in_partnership,
    induction_programme_choice,
    induction_tutor_needs_confirming,
    is_blocked_from_registering_new_ects,
    is_blocked_from_service_access,
    registration_window_closed,
    registration_window_reopening_label,
    registration_window_reopens_on,
    school_is_eligible,
    schools_visible_to_lead_providers,
)
from teachers.models import Teacher
from tests.builders import (
    create_ect_at_school_period,
    create_gias_school,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school,
    create_school_partnership,
    create_training_period,
)

pytestmark = pytest.mark.django_db


def set_gias(school: School, **fields) -> School:
    GIASSchool.objects.filter(urn=school.urn).update(**fields)
    return School.objects.select_related("gias_school").get(pk=school.pk)


def test_BR_S_03_a_school_is_eligible_if_marked_or_gias_eligible(world):
    """BR-S-03: an Online provider school (not an eligible type) marked as eligible → eligible."""
    online = create_school(type_name="Online provider", eligible=False)
    assert not school_is_eligible(online)
    online.marked_as_eligible = True
    assert school_is_eligible(online)
    assert school_is_eligible(world.oakfield)


def test_BR_S_13_who_is_blocked_from_the_service(world):
    """BR-S-13: GIAS school with no School → blocked; Oakfield closed → blocked; Hillside without S41 and no
    ongoing training → blocked."""
    create_gias_school(urn=100003, name="Ash Lane School")
    assert is_blocked_from_service_access(urn=100003)
    assert is_blocked_from_service_access(urn=999999)
    assert not is_blocked_from_service_access(urn=100001)
    assert not is_blocked_from_service_access(urn=100002)

    set_gias(world.oakfield, status="closed", closed_on=dt.date(2026, 8, 31))
    assert is_blocked_from_service_access(urn=100001)
    set_gias(world.oakfield, status="proposed_to_open", closed_on=None)
    assert is_blocked_from_service_access(urn=100001)
    set_gias(world.oakfield, status="proposed_to_close")
    assert not is_blocked_from_service_access(urn=100001)

    hillside = set_gias(world.hillside, section_41_approved=False)
    assert is_blocked_from_service_access(urn=hillside.urn)


def test_BR_S_14_an_independent_school_without_s41_keeps_managing_but_cannot_register(world):
    """BR-S-14: Hillside loses S41 while Jane's training period is ongoing → may use the service, cannot
    register new ECTs."""
    jane_at_hillside = create_ect_at_school_period(
        teacher=world.jane, school=world.hillside, started_on=dt.date(2025, 9, 1), appropriate_body=world.istip
    )
    create_training_period(ect_at_school_period=jane_at_hillside, training_programme="school_led")
    assert can_register_new_ects(world.hillside)

    hillside = set_gias(world.hillside, section_41_approved=False)
    assert not is_blocked_from_service_access(urn=hillside.urn)
    assert is_blocked_from_registering_new_ects(hillside)
    assert not can_register_new_ects(hillside)
    assert can_register_new_ects(world.oakfield)


def test_BR_S_15_the_registration_window_closes_for_the_2026_rollover():
    """BR-S-15: closed 2026-06-01 … 2026-06-14 inclusive; on 2026-06-10 the page shows `15 June`."""
    assert registration_window_closed(dt.date(2026, 6, 10))
    assert registration_window_reopening_label(dt.date(2026, 6, 10)) == "15 June"
    assert registration_window_reopens_on(dt.date(2026, 6, 1)) == dt.date(2026, 6, 15)
    assert registration_window_closed(dt.date(2026, 6, 14))
    assert not registration_window_closed(dt.date(2026, 5, 31))
    assert not registration_window_closed(dt.date(2026, 6, 15))
    assert registration_window_reopening_label(dt.date(2026, 6, 15)) is None


def test_BR_S_15_uses_today_by_default(frozen_today):
    frozen_today(dt.date(2026, 6, 3))
    assert registration_window_closed()
    frozen_today(dt.date(2026, 9, 15))
    assert not registration_window_closed()


def test_BR_S_16_the_induction_tutor_is_confirmed_once_per_contract_period(world, frozen_today):
    """BR-S-16: last nominated 2025 with 2026 current → needs confirming; 2026 → done; never → needs it."""
    oakfield = world.oakfield
    assert induction_tutor_needs_confirming(oakfield)
    School.objects.filter(pk=oakfield.pk).update(
        induction_tutor_name="Ann Tutor", induction_tutor_email="ann@oakfield.example.com"
    )
    oakfield.induction_tutor_last_nominated_in_id = 2025
    assert induction_tutor_needs_confirming(oakfield)
    oakfield.induction_tutor_last_nominated_in_id = 2026
    assert not induction_tutor_needs_confirming(oakfield)
    frozen_today(dt.date(2027, 6, 1))
    assert induction_tutor_needs_confirming(oakfield)


def test_induction_programme_choice_for_a_contract_period(world):
    """§6.7: provider-led if a mentor or ECT trains with an EOI/partnership in the year; school-led if only
    school-led training starts in the year; otherwise not yet known."""
    oakfield = world.oakfield
    assert induction_programme_choice(oakfield, 2026) == "not_yet_known"

    jane = create_ect_at_school_period(teacher=world.jane, school=oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(ect_at_school_period=jane, training_programme="school_led")
    assert induction_programme_choice(oakfield, 2026) == "school_led"
    assert induction_programme_choice(oakfield, 2025) == "not_yet_known"

    hillside_mentor = create_mentor_at_school_period(school=world.hillside, started_on=dt.date(2025, 9, 1))
    alpha_2025 = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2025)
    create_training_period(mentor_at_school_period=hillside_mentor, expression_of_interest=alpha_2025)
    assert induction_programme_choice(world.hillside, 2025) == "provider_led"
    assert induction_programme_choice(world.hillside, 2026) == "not_yet_known"

    partnered = create_ect_at_school_period(school=oakfield, started_on=dt.date(2025, 9, 1))
    partnership = create_school_partnership(school=oakfield, lead_provider=world.alpha, year=2025)
    create_training_period(ect_at_school_period=partnered, school_partnership=partnership)
    assert induction_programme_choice(oakfield, 2025) == "provider_led"


def test_in_partnership_and_schools_visible_to_lead_providers(world):
    """§6.7: eligible schools plus any school partnered in the year; nothing for a year that does not exist."""
    ineligible = create_school(name="Online Academy", type_name="Online provider", eligible=False)
    ignored = create_school(name="Overseas", type_name="British schools overseas", eligible=False, in_england=False)
    assert not in_partnership(ineligible, 2026)
    assert set(schools_visible_to_lead_providers(2026)) == {world.oakfield, world.hillside}

    create_school_partnership(school=ineligible, lead_provider=world.alpha, year=2026)
    assert in_partnership(ineligible, 2026)
    assert not in_partnership(ineligible, 2025)
    assert set(schools_visible_to_lead_providers(2026)) == {world.oakfield, world.hillside, ineligible}
    assert ineligible not in schools_visible_to_lead_providers(2025)
    assert ignored not in schools_visible_to_lead_providers(2026)
    assert list(schools_visible_to_lead_providers(2030)) == []


def test_ect_status_tag(world):
    """§6.9: Leaving school / Completed induction / Failed induction / Exempt / Registered / Action required,
    and on listing cards Action required (withdrawn) or Training paused (deferred)."""
    jane = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1), appropriate_body=world.north_hub
    )
    tag = ect_status_tag(jane)
    assert (tag.label, tag.colour, tag.text) == (
        "Action required",
        "red",
        "A mentor needs to be assigned to Jane Smith.",
    )

    mentorship = create_mentorship_period(mentee=jane, started_on=dt.date(2026, 9, 20))  # upcoming mentor
    assert (ect_status_tag(jane).label, ect_status_tag(jane).colour) == ("Registered", "green")

    training = create_training_period(ect_at_school_period=jane, started_on=dt.date(2025, 9, 1))
    training.deferred_at, training.deferral_reason, training.finished_on = clock.now(), "other", dt.date(2026, 9, 15)
    training.save()
    assert ect_status_tag(jane, listing=True).label == "Training paused"
    assert ect_status_tag(jane, listing=True).colour == "orange"
    assert ect_status_tag(jane).label == "Registered"
    training.withdrawn_at, training.withdrawal_reason = clock.now(), "other"
    training.save()
    assert ect_status_tag(jane, listing=True).label == "Action required"

    for status, label, colour in (
        ("Passed", "Completed induction", "blue"),
        ("Failed", "Failed induction", "magenta"),
        ("Exempt", "Exempt", "grey"),
    ):
        Teacher.objects.filter(pk=world.jane.pk).update(trs_induction_status=status)
        jane.teacher.refresh_from_db()
        assert (ect_status_tag(jane).label, ect_status_tag(jane).colour) == (label, colour)

    mentorship.delete()
    jane.finished_on, jane.reported_leaving_by_school = dt.date(2026, 12, 31), world.oakfield
    assert (ect_status_tag(jane).label, ect_status_tag(jane).colour) == ("Leaving school", "yellow")
    assert ect_status_tag(jane, school=world.hillside).label == "Exempt"  # not reported by that school
