"""Contract period, schedule and milestone set-up (domain.md §7.8.1–3; BR-CP-01 … BR-CP-05, BR-CP-07 … BR-CP-11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from accounts.models import User
from core.clock import LONDON
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from providers import messages
from providers.models import ContractPeriod, DeclarationType, Milestone, Schedule, ScheduleIdentifier
from providers.services.contract_periods import (
    add_milestone,
    add_schedule,
    create_contract_period,
    payments_frozen,
    remove_milestone,
    remove_schedule,
    seed_schedules_from_previous,
    update_contract_period,
)
from tests.builders import create_contract_period as build_contract_period
from tests.builders import create_training_period, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    user = User.objects.create(email="admin@education.gov.uk", name="Ada Admin")
    return Author.dfe_staff_user(user)


@pytest.fixture
def periods_2025_2026(db, frozen_today):
    """2025 and 2026 with every schedule and milestone (§5.9), and no 2027."""
    return {year: build_contract_period(year) for year in (2025, 2026)}


def refused(service, **kwargs) -> DomainError:
    count = Event.objects.count()
    with pytest.raises(DomainError) as error:
        service(**kwargs)
    assert Event.objects.count() == count
    return error.value


def messages_of(error: DomainError) -> dict[str, str]:
    return {e.field: e.message for e in error.errors}


# BR-CP-01 … BR-CP-03 ----------------------------------------------------------------------------------------------


def test_BR_CP_01_year_must_be_2020_or_later(periods_2025_2026, author):
    """BR-CP-01: year 2019 → must be greater than or equal to 2020."""
    error = refused(
        create_contract_period,
        author=author,
        year=2019,
        started_on=dt.date(2019, 6, 1),
        finished_on=dt.date(2020, 5, 31),
    )
    assert messages_of(error) == {"year": "must be greater than or equal to 2020"}
    assert not ContractPeriod.objects.filter(year=2019).exists()


def test_BR_CP_01_year_is_unique(periods_2025_2026, author):
    """BR-CP-01: a second 2026 → uniqueness error."""
    error = refused(
        create_contract_period,
        author=author,
        year=2026,
        started_on=dt.date(2030, 6, 1),
        finished_on=dt.date(2031, 5, 31),
    )
    assert messages_of(error) == {"year": messages.YEAR_TAKEN}
    assert ContractPeriod.objects.get(year=2026).started_on == dt.date(2026, 6, 1)


def test_BR_CP_01_the_database_refuses_a_year_before_2020(db):
    """BR-CP-01 backstop: the check constraint."""
    with pytest.raises(IntegrityError):
        ContractPeriod.objects.create(year=2019, started_on=dt.date(2019, 6, 1), finished_on=dt.date(2020, 5, 31))


def test_BR_CP_02_start_and_end_dates_are_required(periods_2025_2026, author):
    """BR-CP-02: missing start → `Enter a start date`; missing end → `Enter an end date`."""
    error = refused(create_contract_period, author=author, year=2027, started_on=None, finished_on=None)
    assert messages_of(error) == {"started_on": "Enter a start date", "finished_on": "Enter an end date"}

    error = refused(create_contract_period, author=author, year=2027, started_on=dt.date(2027, 6, 1), finished_on=None)
    assert messages_of(error) == {"finished_on": "Enter an end date"}


def test_BR_CP_03_contract_periods_may_not_overlap(periods_2025_2026, author):
    """BR-CP-03: a new 2027 period starting 2027-05-31 while 2026 ends 2027-05-31 →
    `Start date cannot overlap another Contract period`."""
    error = refused(
        create_contract_period,
        author=author,
        year=2027,
        started_on=dt.date(2027, 5, 31),
        finished_on=dt.date(2028, 5, 31),
    )
    assert messages_of(error) == {"started_on": "Start date cannot overlap another Contract period"}
    assert not ContractPeriod.objects.filter(year=2027).exists()


def test_BR_CP_03_dates_in_the_wrong_order_report_the_date_order_error(periods_2025_2026, author):
    """BR-CP-03 with §3.1.8: reversed dates give the date-order error, not an overlap."""
    error = refused(
        create_contract_period,
        author=author,
        year=2027,
        started_on=dt.date(2027, 6, 1),
        finished_on=dt.date(2027, 5, 1),
    )
    assert messages_of(error) == {"finished_on": "The end date must be later than the start date (1 June 2027)"}


# BR-CP-11 (create and seed) ---------------------------------------------------------------------------------------


def test_BR_CP_11_creating_2027_copies_2026s_schedules_one_year_forward(periods_2025_2026, author):
    """BR-CP-11: creating 2027 copies 2026's `ecf-standard-september` with `started` 2026-06-01→2026-12-31 as
    2027-06-01→2027-12-31; every schedule and milestone is copied; the period is enabled."""
    period = create_contract_period(
        author=author,
        year=2027,
        started_on=dt.date(2027, 6, 1),
        finished_on=dt.date(2028, 5, 31),
        mentor_funding_enabled=True,
        detailed_evidence_types_enabled=True,
        uplift_fees_enabled=False,
    )

    assert period.enabled is True
    assert period.mentor_funding_enabled and period.detailed_evidence_types_enabled and not period.uplift_fees_enabled
    assert sorted(period.schedules.values_list("identifier", flat=True)) == sorted(ScheduleIdentifier.values)
    started = Milestone.objects.get(
        schedule__contract_period=period,
        schedule__identifier=ScheduleIdentifier.STANDARD_SEPTEMBER,
        declaration_type=DeclarationType.STARTED,
    )
    assert (started.start_date, started.milestone_date) == (dt.date(2027, 6, 1), dt.date(2027, 12, 31))
    for old in Milestone.objects.filter(schedule__contract_period_id=2026).select_related("schedule"):
        new = Milestone.objects.get(
            schedule__contract_period=period,
            schedule__identifier=old.schedule.identifier,
            declaration_type=old.declaration_type,
        )
        assert new.start_date == old.start_date.replace(year=old.start_date.year + 1)
        assert new.milestone_date == old.milestone_date.replace(year=old.milestone_date.year + 1)
    assert (
        Milestone.objects.filter(schedule__contract_period=period).count()
        == Milestone.objects.filter(schedule__contract_period_id=2026).count()
    )

    added = Event.objects.get(event_type=EventType.CONTRACT_PERIOD_ADDED)
    assert added.heading == "Contract period added: 2027"
    assert added.contract_period_id == 2027
    assert added.author_type == "dfe_staff_user" and added.author_email == "admin@education.gov.uk"
    schedule_events = Event.objects.filter(event_type=EventType.SCHEDULE_ADDED, contract_period_id=2027)
    assert schedule_events.count() == 12
    assert schedule_events.filter(heading="Standard September for 2027 added").exists()


def test_BR_CP_11_creating_a_period_without_a_previous_year_has_no_schedules(db, frozen_today, author):
    """BR-CP-11: only a period with a previous year is seeded; creation alone is then fine."""
    period = create_contract_period(
        author=author, year=2030, started_on=dt.date(2030, 6, 1), finished_on=dt.date(2031, 5, 31)
    )
    assert not period.schedules.exists()
    assert list(Event.objects.values_list("event_type", flat=True)) == [EventType.CONTRACT_PERIOD_ADDED]


def test_BR_CP_11_seeding_a_period_that_has_started_is_refused(db, frozen_today, author):
    """BR-CP-11: seeding 2026 on 2026-09-15 → `Contract periods cannot be scheduled after they have started`."""
    build_contract_period(2025)
    period_2026 = build_contract_period(2026, with_schedules=False)
    error = refused(seed_schedules_from_previous, author=author, contract_period=period_2026)
    assert error.message == "Contract periods cannot be scheduled after they have started"
    assert not period_2026.schedules.exists()


def test_BR_CP_11_seeding_a_period_that_starts_today_is_refused(db, frozen_today, author):
    """BR-CP-11: a period starting today has started."""
    build_contract_period(2025)
    period_2026 = build_contract_period(2026, with_schedules=False)
    frozen_today(dt.date(2026, 6, 1))
    error = refused(seed_schedules_from_previous, author=author, contract_period=period_2026)
    assert error.message == messages.SCHEDULED_AFTER_START


def test_BR_CP_11_seeding_a_period_with_schedules_or_no_previous_year_is_refused(db, frozen_today, author):
    """BR-CP-11: `The contract period already has schedules`; `No previous contract period found`."""
    scheduled = build_contract_period(2027)
    error = refused(seed_schedules_from_previous, author=author, contract_period=scheduled)
    assert error.message == "The contract period already has schedules"

    lonely = build_contract_period(2029, with_schedules=False)
    error = refused(seed_schedules_from_previous, author=author, contract_period=lonely)
    assert error.message == "No previous contract period found"


# BR-CP-04 ---------------------------------------------------------------------------------------------------------


def test_BR_CP_04_a_started_contract_period_cannot_be_edited(world, author):
    """BR-CP-04: editing 2026 on 2026-09-15 → `The contract period cannot be edited`."""
    error = refused(update_contract_period, author=author, contract_period=world.contract_periods[2026], enabled=False)
    assert error.message == "The contract period cannot be edited"
    assert ContractPeriod.objects.get(year=2026).enabled is True


def test_BR_CP_04_a_future_contract_period_can_be_edited(world, author):
    """BR-CP-04: editing 2027 → allowed, event `contract_period_updated`."""
    updated = update_contract_period(
        author=author, contract_period=world.contract_periods[2027], enabled=True, uplift_fees_enabled=True
    )

    assert updated.enabled is True and updated.uplift_fees_enabled is True
    event = Event.objects.get()
    assert event.event_type == EventType.CONTRACT_PERIOD_UPDATED
    assert event.heading == "Contract period updated: 2027"
    assert event.contract_period_id == 2027
    assert event.modifications == [
        "Enabled changed from 'False' to 'True'",
        "Uplift fees enabled changed from 'False' to 'True'",
    ]


def test_BR_CP_04_an_edit_must_keep_the_period_valid(world, author):
    """BR-CP-04 with BR-CP-03: moving 2027's start into 2026 is refused with the overlap message."""
    error = refused(
        update_contract_period,
        author=author,
        contract_period=world.contract_periods[2027],
        started_on=dt.date(2027, 5, 1),
    )
    assert error.message == "Start date cannot overlap another Contract period"
    assert ContractPeriod.objects.get(year=2027).started_on == dt.date(2027, 6, 1)


def test_BR_CP_04_an_edit_that_changes_nothing_writes_no_event(world, author):
    """BR-CP-04: no change, no event."""
    update_contract_period(author=author, contract_period=world.contract_periods[2027], enabled=False)
    assert not Event.objects.exists()


# BR-CP-05 ---------------------------------------------------------------------------------------------------------


def test_BR_CP_05_payments_are_frozen_once_payments_frozen_at_has_passed(world):
    """BR-CP-05: 2022 with `payments_frozen_at = 2025-06-16` → frozen on 2026-09-15; a period with
    `payments_frozen_at = 2026-12-01` → not yet frozen."""
    period_2022 = world.contract_periods[2022]
    assert period_2022.payments_frozen_at.date() == dt.date(2025, 6, 16)
    assert payments_frozen(period_2022) is True
    assert period_2022.is_payments_frozen is True

    period_2023 = world.contract_periods[2023]
    period_2023.payments_frozen_at = dt.datetime(2026, 12, 1, tzinfo=LONDON)
    period_2023.save()
    assert payments_frozen(period_2023) is False
    assert period_2023.is_payments_frozen is False
    assert payments_frozen(period_2023, at=dt.datetime(2026, 12, 1, tzinfo=LONDON)) is True
    assert payments_frozen(world.contract_periods[2026]) is False


# BR-CP-07 (schedules) ---------------------------------------------------------------------------------------------


def test_BR_CP_07_a_schedule_identifier_is_used_once_per_contract_period(world, author):
    """BR-CP-07: a second `ecf-standard-september` in 2026 → `Can be used once per contract period`."""
    error = refused(
        add_schedule,
        author=author,
        contract_period=world.contract_periods[2026],
        identifier="ecf-standard-september",
    )
    assert messages_of(error) == {"identifier": "Can be used once per contract period"}
    assert Schedule.objects.filter(contract_period_id=2026, identifier="ecf-standard-september").count() == 1


def test_BR_CP_07_the_identifier_must_be_known_and_the_year_given(db, frozen_today, author):
    """BR-CP-07: `ecf-fast-track` → `Choose an identifier from the list`; no year → `Enter a contract period year`."""
    period = build_contract_period(2027, with_schedules=False)
    error = refused(add_schedule, author=author, contract_period=period, identifier="ecf-fast-track")
    assert messages_of(error) == {"identifier": "Choose an identifier from the list"}

    error = refused(add_schedule, author=author, contract_period=None, identifier="ecf-standard-april")
    assert messages_of(error) == {"contract_period_year": "Enter a contract period year"}


def test_BR_CP_07_adding_and_removing_a_schedule_records_events(db, frozen_today, author):
    """BR-CP-07 / §7.8.3: `schedule_added` and `schedule_deleted`; removing takes its milestones with it."""
    period = build_contract_period(2027, with_schedules=False)
    added = add_schedule(author=author, contract_period=period, identifier="ecf-reduced-april")
    add_milestone(
        author=author,
        schedule=added,
        declaration_type="started",
        start_date=dt.date(2027, 6, 1),
        milestone_date=dt.date(2027, 12, 31),
    )
    assert Event.objects.get(event_type=EventType.SCHEDULE_ADDED).heading == "Reduced April for 2027 added"

    remove_schedule(author=author, schedule=added)
    assert not Schedule.objects.filter(contract_period=period).exists()
    assert not Milestone.objects.filter(schedule__contract_period=period).exists()
    deleted = Event.objects.get(event_type=EventType.SCHEDULE_DELETED)
    assert deleted.heading == "Reduced April for 2027 removed"
    assert deleted.contract_period_id == 2027


def test_BR_CP_07_a_schedule_in_use_cannot_be_removed(world, author):
    """BR-CP-07 / §7.8.3: a schedule a training period uses stays."""
    period = create_training_period(schedule_identifier=ScheduleIdentifier.STANDARD_SEPTEMBER)
    error = refused(remove_schedule, author=author, schedule=period.schedule)
    assert error.message == messages.SCHEDULE_IN_USE
    assert Schedule.objects.filter(pk=period.schedule_id).exists()


# BR-CP-08 … BR-CP-10 (milestones) ---------------------------------------------------------------------------------


@pytest.fixture
def empty_2026_schedule(db, frozen_today):
    period = build_contract_period(2026, with_schedules=False)
    return Schedule.objects.create(contract_period=period, identifier=ScheduleIdentifier.STANDARD_SEPTEMBER)


def test_BR_CP_08_a_milestone_needs_a_schedule_and_a_start_date(empty_2026_schedule, author):
    """BR-CP-08: no schedule → `Choose a schedule`; no start date → `Enter a start date`."""
    error = refused(
        add_milestone, author=author, schedule=None, declaration_type="started", start_date=dt.date(2026, 6, 1)
    )
    assert messages_of(error) == {"schedule": "Choose a schedule"}

    error = refused(
        add_milestone, author=author, schedule=empty_2026_schedule, declaration_type="started", start_date=None
    )
    assert messages_of(error) == {"start_date": "Enter a start date"}


def test_BR_CP_08_a_declaration_type_is_valid_and_used_once_per_schedule(empty_2026_schedule, author):
    """BR-CP-08: a second `started` milestone → `Can be used once per schedule`; `retained-5` →
    `Choose a valid declaration type`."""
    add_milestone(
        author=author,
        schedule=empty_2026_schedule,
        declaration_type="started",
        start_date=dt.date(2026, 6, 1),
        milestone_date=dt.date(2026, 12, 31),
    )
    error = refused(
        add_milestone,
        author=author,
        schedule=empty_2026_schedule,
        declaration_type="started",
        start_date=dt.date(2026, 7, 1),
    )
    assert messages_of(error) == {"declaration_type": "Can be used once per schedule"}

    error = refused(
        add_milestone,
        author=author,
        schedule=empty_2026_schedule,
        declaration_type="retained-5",
        start_date=dt.date(2027, 1, 1),
    )
    assert messages_of(error) == {"declaration_type": "Choose a valid declaration type"}
    assert empty_2026_schedule.milestones.count() == 1


def test_BR_CP_08_adding_and_removing_a_milestone_records_events(empty_2026_schedule, author):
    """BR-CP-08 / §7.8.3: `milestone_added` and `milestone_deleted`."""
    milestone = add_milestone(
        author=author,
        schedule=empty_2026_schedule,
        declaration_type="retained-1",
        start_date=dt.date(2027, 1, 1),
        milestone_date=dt.date(2027, 3, 31),
    )
    assert (milestone.start_date, milestone.milestone_date) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    added = Event.objects.get(event_type=EventType.MILESTONE_ADDED)
    assert added.heading == "Milestone Retained 1 added to Standard September for 2026"
    assert added.schedule_id == empty_2026_schedule.pk

    remove_milestone(author=author, milestone=milestone)
    assert not empty_2026_schedule.milestones.exists()
    deleted = Event.objects.get(event_type=EventType.MILESTONE_DELETED)
    assert deleted.heading == "Milestone Retained 1 removed from Standard September for 2026"


def test_BR_CP_09_a_milestone_cannot_start_before_1_june_of_its_year(db, frozen_today, author):
    """BR-CP-09: 2025 schedule, start date 2025-05-31 → `The start date must be on or after the 1 June 2025`."""
    period = build_contract_period(2025, with_schedules=False)
    schedule_2025 = Schedule.objects.create(contract_period=period, identifier=ScheduleIdentifier.STANDARD_APRIL)
    error = refused(
        add_milestone,
        author=author,
        schedule=schedule_2025,
        declaration_type="started",
        start_date=dt.date(2025, 5, 31),
    )
    assert messages_of(error) == {"start_date": "The start date must be on or after the 1 June 2025"}

    on_the_day = add_milestone(
        author=author, schedule=schedule_2025, declaration_type="started", start_date=dt.date(2025, 6, 1)
    )
    assert on_the_day.start_date == dt.date(2025, 6, 1)


def test_BR_CP_10_a_milestone_deadline_must_be_after_its_start(empty_2026_schedule, author):
    """BR-CP-10: start 2026-01-01, milestone date 2026-01-01 → `Milestone date must be after the start date`
    (here in a schedule whose year allows a January start: 2025)."""
    schedule_2025 = schedule(ScheduleIdentifier.STANDARD_JANUARY, 2025)
    schedule_2025.milestones.all().delete()
    error = refused(
        add_milestone,
        author=author,
        schedule=schedule_2025,
        declaration_type="retained-1",
        start_date=dt.date(2026, 1, 1),
        milestone_date=dt.date(2026, 1, 1),
    )
    assert messages_of(error) == {"milestone_date": "Milestone date must be after the start date"}

    later = add_milestone(
        author=author,
        schedule=schedule_2025,
        declaration_type="retained-1",
        start_date=dt.date(2026, 1, 1),
        milestone_date=dt.date(2026, 1, 2),
    )
    assert later.milestone_date == dt.date(2026, 1, 2)


def test_BR_CP_10_the_database_refuses_a_deadline_not_after_the_start(empty_2026_schedule):
    """BR-CP-10 backstop: the check constraint."""
    with pytest.raises(IntegrityError):
        Milestone.objects.create(
            schedule=empty_2026_schedule,
            declaration_type="started",
            start_date=dt.date(2026, 7, 1),
            milestone_date=dt.date(2026, 7, 1),
        )
