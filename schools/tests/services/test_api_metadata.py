"""The schools API metadata (domain.md §5.22, §6.7; lead-provider-api.md §10.3, §13.3): the values agree with the
school selectors, rows exist for every school and contract period, and `api_updated_at` moves exactly when a
school's record for a cohort changes, through the services that change it."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from events.authors import Author
from providers.models import ActiveLeadProvider, ContractPeriod
from providers.services.contract_periods import create_contract_period as create_contract_period_service
from providers.services.partnerships import create_school_partnership as create_school_partnership_service
from schools.models import (
    GIASSchool,
    School,
    SchoolContractPeriodMetadata,
    SchoolLeadProviderContractPeriodMetadata,
)
from schools.selectors import in_partnership, induction_programme_choice
from schools.services.api_metadata import refresh_school_api_metadata
from schools.services.gias import import_gias_school, open_school
from schools.services.schools import nominate_induction_tutor
from teachers.services.leaving import delete_training_period
from teachers.services.training import start_training
from tests.builders import (
    create_delivery_partner,
    create_ect_at_school_period,
    create_gias_school,
    create_lead_provider,
    create_mentor_at_school_period,
    create_school,
    create_school_partnership,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db

SYSTEM = Author.system()


def rows(school: School) -> dict[int, tuple[bool, str, dt.datetime]]:
    return {
        row.contract_period_id: (row.in_partnership, row.induction_programme_choice, row.api_updated_at)
        for row in SchoolContractPeriodMetadata.objects.filter(school=school)
    }


def updated(school: School) -> dict[int, dt.datetime]:
    return {year: stamp for year, (_, _, stamp) in rows(school).items()}


def flags(school: School) -> set[tuple[str, int]]:
    return {
        (row.lead_provider.name, row.contract_period_id)
        for row in SchoolLeadProviderContractPeriodMetadata.objects.filter(
            school=school, expression_of_interest_or_school_partnership=True
        ).select_related("lead_provider")
    }


def alpha_in(world, year: int) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=year)


def test_the_stored_values_agree_with_the_school_selectors_for_every_school_and_year(world):
    """§6.7 computed in one statement for every school equals the per-school selectors, case by case."""
    oakfield, hillside = world.oakfield, world.hillside
    # Oakfield 2026: school-led ECT only → school_led; 2025: a partnered ECT whose ECT period also has school-led
    # training → provider_led, and in partnership.
    jane = create_ect_at_school_period(teacher=world.jane, school=oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(ect_at_school_period=jane, training_programme="school_led")
    partnered = create_ect_at_school_period(school=oakfield, started_on=dt.date(2025, 9, 1))
    create_training_period(
        ect_at_school_period=partnered,
        school_partnership=create_school_partnership(school=oakfield, lead_provider=world.alpha, year=2025),
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 3, 31),
    )
    create_training_period(
        ect_at_school_period=partnered, training_programme="school_led", started_on=dt.date(2026, 4, 1)
    )
    # Hillside 2025: a mentor's EOI → provider_led, not in partnership. 2024: an ECT with only an EOI.
    mentor = create_mentor_at_school_period(school=hillside, started_on=dt.date(2025, 9, 1))
    create_training_period(mentor_at_school_period=mentor, expression_of_interest=alpha_in(world, 2025))
    early = create_ect_at_school_period(
        school=hillside, started_on=dt.date(2024, 9, 1), finished_on=dt.date(2025, 7, 1)
    )
    create_training_period(
        ect_at_school_period=early,
        expression_of_interest=alpha_in(world, 2024),
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2025, 7, 1),
    )
    # A third school partnered in 2023 without anyone training there.
    third = create_school(urn=100003, name="Ash Lane School")
    create_school_partnership(school=third, lead_provider=create_lead_provider(name="Gamma"), year=2023)

    refresh_school_api_metadata()

    expected = {
        (oakfield.urn, 2025): (True, "provider_led"),
        (oakfield.urn, 2026): (False, "school_led"),
        (hillside.urn, 2024): (False, "provider_led"),
        (hillside.urn, 2025): (False, "provider_led"),
        (third.urn, 2023): (True, "not_yet_known"),
    }
    years = list(ContractPeriod.objects.values_list("year", flat=True))
    assert len(years) == 7
    for school in (oakfield, hillside, third):
        stored = rows(school)
        assert sorted(stored) == sorted(years)
        for year in years:
            values = stored[year][:2]
            assert values == (in_partnership(school, year), induction_programme_choice(school, year)), (school, year)
            assert values == expected.get((school.urn, year), (False, "not_yet_known"))


def test_expression_of_interest_is_per_provider_and_year_and_lasts_while_the_training_exists(world):
    """§10.3: an EOI or a partnership link for (provider, year); a finished period still counts, a deleted one
    does not."""
    hillside = world.hillside
    gamma = create_lead_provider(name="Gamma", active_in=(2025,))
    mentor = create_mentor_at_school_period(school=hillside, started_on=dt.date(2025, 9, 1))
    create_training_period(mentor_at_school_period=mentor, expression_of_interest=alpha_in(world, 2025))
    ect = create_ect_at_school_period(school=hillside, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 1, 1))
    gamma_training = create_training_period(
        ect_at_school_period=ect,
        school_partnership=create_school_partnership(school=hillside, lead_provider=gamma, year=2025),
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 1, 1),
    )
    refresh_school_api_metadata()
    assert flags(hillside) == {("Alpha Learning", 2025), ("Gamma", 2025)}
    assert flags(world.oakfield) == set()

    delete_training_period(gamma_training)
    assert flags(hillside) == {("Alpha Learning", 2025)}
    # The row stays, now false, so a later change is seen as a change.
    assert (
        SchoolLeadProviderContractPeriodMetadata.objects.get(
            school=hillside, lead_provider=gamma
        ).expression_of_interest_or_school_partnership
        is False
    )


def test_refreshing_without_a_change_moves_nothing(world, frozen_today):
    refresh_school_api_metadata()
    before = updated(world.oakfield)
    assert set(before.values()) == {clock.now()}
    frozen_today(dt.date(2026, 9, 20))
    refresh_school_api_metadata()
    refresh_school_api_metadata(school_ids=[world.oakfield.pk])
    assert updated(world.oakfield) == before


def test_a_new_partnership_moves_only_its_cohort(world, frozen_today):
    """§13.3: `in_partnership` changes for 2026 only (nobody trains there, so no expression of interest moves)."""
    refresh_school_api_metadata()
    before = updated(world.oakfield)
    frozen_today(dt.date(2026, 9, 20))
    create_school_partnership_service(
        author=SYSTEM,
        lead_provider=world.alpha,
        cohort="2026",
        school_api_id=str(world.oakfield.api_id),
        delivery_partner_api_id=str(world.delta.api_id),
    )
    after = rows(world.oakfield)
    assert after[2026][:2] == (True, "not_yet_known")
    assert after[2026][2] == clock.now()
    assert {year: stamp for year, (_, _, stamp) in after.items() if year != 2026} == {
        year: stamp for year, stamp in before.items() if year != 2026
    }


def test_new_training_with_a_provider_moves_every_cohort_of_the_school(world, frozen_today):
    """§13.3 (quirk): an expression of interest changes for (Alpha, 2026), so all the school's cohorts move;
    the programme choice for 2026 becomes provider-led."""
    refresh_school_api_metadata()
    frozen_today(dt.date(2026, 9, 20))
    jane = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 20))
    start_training(
        author=SYSTEM,
        at_school_period=jane,
        started_on=dt.date(2026, 9, 20),
        training_programme="provider_led",
        lead_provider=world.alpha,
    )
    assert flags(world.oakfield) == {("Alpha Learning", 2026)}
    assert rows(world.oakfield)[2026][:2] == (False, "provider_led")
    assert set(updated(world.oakfield).values()) == {clock.now()}
    assert set(updated(world.hillside).values()) != {clock.now()}


def test_school_led_training_moves_only_the_cohort_whose_choice_changed(world, frozen_today):
    refresh_school_api_metadata()
    before = updated(world.oakfield)
    frozen_today(dt.date(2026, 9, 20))
    jane = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 20))
    start_training(
        author=SYSTEM, at_school_period=jane, started_on=dt.date(2026, 9, 20), training_programme="school_led"
    )
    after = updated(world.oakfield)
    assert rows(world.oakfield)[2026][1] == "school_led"
    assert after[2026] == clock.now()
    assert {y: s for y, s in after.items() if y != 2026} == {y: s for y, s in before.items() if y != 2026}


def test_the_induction_tutor_and_register_details_move_every_cohort(world, frozen_today):
    """§13.3: induction tutor name or email; register name or contact emails. Other register fields do not."""
    oakfield = world.oakfield
    refresh_school_api_metadata()
    frozen_today(dt.date(2026, 9, 16))
    nominate_induction_tutor(author=SYSTEM, school=oakfield, name="Ann Tutor", email="ann@oakfield.example.com")
    assert set(updated(oakfield).values()) == {clock.now()}
    assert set(updated(world.hillside).values()) != {clock.now()}

    record = {
        "urn": oakfield.urn,
        "name": "Oakfield Primary",
        "type_name": "Community school",
        "status": "Open",
        "section_41_approved": "Not applicable",
        "local_authority_code": "100",
        "primary_contact_email": None,
    }
    frozen_today(dt.date(2026, 9, 17))
    import_gias_school(author=SYSTEM, record={**record, "local_authority_name": "Somewhere"})
    assert set(updated(oakfield).values()) == {clock.now() - dt.timedelta(days=1)}
    import_gias_school(author=SYSTEM, record={**record, "name": "Oakfield Primary Academy"})
    assert set(updated(oakfield).values()) == {clock.now()}
    frozen_today(dt.date(2026, 9, 18))
    import_gias_school(
        author=SYSTEM,
        record={**record, "name": "Oakfield Primary Academy", "primary_contact_email": "office@oakfield.example.com"},
    )
    assert GIASSchool.objects.get(urn=oakfield.urn).primary_contact_email == "office@oakfield.example.com"
    assert set(updated(oakfield).values()) == {clock.now()}


def test_new_schools_and_new_contract_periods_get_their_rows(world, frozen_today):
    """§5.22: a row for every school and every contract period, created with them."""
    refresh_school_api_metadata()
    gias = create_gias_school(urn=100050, name="New Meadow School", opened_on=dt.date(2026, 9, 1))
    school = open_school(author=SYSTEM, gias_school=gias)
    assert sorted(rows(school)) == list(range(2021, 2028))
    assert set(rows(school).values()) == {(False, "not_yet_known", clock.now())}

    frozen_today(dt.date(2026, 9, 20))
    create_contract_period_service(
        author=SYSTEM, year=2028, started_on=dt.date(2028, 6, 1), finished_on=dt.date(2029, 5, 31)
    )
    for each in School.objects.all():
        assert rows(each)[2028] == (False, "not_yet_known", clock.now())
    assert updated(world.oakfield)[2026] != clock.now()


def test_a_partnered_ect_keeps_the_provider_flag_after_moving_to_another_provider(world, frozen_today):
    """§10.3: once true through a partnership, the flag stays while that training period exists."""
    oakfield = world.oakfield
    beta_partnership = create_school_partnership(
        school=oakfield, lead_provider=world.beta, delivery_partner=create_delivery_partner(), year=2026
    )
    ect = create_ect_at_school_period(teacher=create_teacher(), school=oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=ect,
        school_partnership=beta_partnership,
        started_on=dt.date(2026, 9, 1),
        finished_on=dt.date(2026, 9, 10),
    )
    create_training_period(
        ect_at_school_period=ect, expression_of_interest=alpha_in(world, 2026), started_on=dt.date(2026, 9, 11)
    )
    refresh_school_api_metadata()
    assert flags(oakfield) == {("Alpha Learning", 2026), ("Beta Institute", 2026)}


def test_the_nightly_task_repairs_what_was_written_around_the_services(world, frozen_today):
    """§5.22 "plus nightly": training written directly (as bulk loads do) is picked up by the periodic task."""
    from procrastinate.contrib.django import app

    import schools.tasks

    refresh_school_api_metadata()
    frozen_today(dt.date(2026, 9, 16))
    mentor = create_mentor_at_school_period(school=world.hillside, started_on=dt.date(2026, 9, 1))
    create_training_period(mentor_at_school_period=mentor, expression_of_interest=alpha_in(world, 2026))
    assert flags(world.hillside) == set()

    assert "schools.refresh_api_metadata" in app.tasks
    schools.tasks.refresh_api_metadata(timestamp=0)
    assert flags(world.hillside) == {("Alpha Learning", 2026)}
    assert rows(world.hillside)[2026] == (False, "provider_led", clock.now())
    assert set(updated(world.oakfield).values()) != {clock.now()}
