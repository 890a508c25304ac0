"""Induction extensions (domain.md §5.16, §7.3.3; BR-EXT-01 … BR-EXT-03)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from events.models import Event
from events.types import EventType
from teachers.models import InductionExtension, InductionPeriod
from teachers.selectors.induction import extension_summary, terms_completed
from teachers.services.induction import add_extension, delete_extension, update_extension
from tests.builders import create_induction_period
from tests.builders_induction import ab_user, dfe_admin

D = dt.date


@pytest.fixture
def north_hub_user(world):
    return ab_user(world.north_hub)


@pytest.fixture
def jane_with_north_hub(world):
    return create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=D(2025, 9, 1))


@pytest.mark.parametrize("terms", [None, "", "  "])
def test_BR_EXT_01_an_extension_needs_a_number_of_terms(world, north_hub_user, jane_with_north_hub, terms):
    """BR-EXT-01: blank → `Number of terms can't be blank`."""
    with pytest.raises(DomainError) as excinfo:
        add_extension(author=north_hub_user, teacher=world.jane, number_of_terms=terms)
    assert (excinfo.value.field, excinfo.value.message) == ("number_of_terms", "Number of terms can't be blank")
    assert not InductionExtension.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (0, "Number of terms must be between 0.1 and 16"),
        ("16.1", "Number of terms must be between 0.1 and 16"),
        ("1.25", "Terms can only have up to 1 decimal place"),
        ("many", "Number of terms is not a number"),
    ],
)
def test_BR_EXT_02_extension_terms_are_0_1_to_16_with_one_decimal_place(
    world, north_hub_user, jane_with_north_hub, terms, message
):
    """BR-EXT-02: 0 → out of range; 1.25 → too precise; 1.5 → valid."""
    with pytest.raises(DomainError) as excinfo:
        add_extension(author=north_hub_user, teacher=world.jane, number_of_terms=terms)
    assert excinfo.value.message == message
    extension = add_extension(author=north_hub_user, teacher=world.jane, number_of_terms="1.5")
    assert InductionExtension.objects.get().number_of_terms == 1.5 == extension.number_of_terms


def test_BR_EXT_02_the_database_refuses_out_of_range_terms(world):
    """BR-EXT-02: the database refuses out of range terms."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        InductionExtension.objects.create(teacher=world.jane, number_of_terms=0)


def test_BR_EXT_03_extensions_add_to_the_six_terms_required(world, north_hub_user, jane_with_north_hub):
    """BR-EXT-03: extensions 1 and 1.5 → shown as `2.5 terms`; terms completed `<served> of 8.5`."""
    add_extension(author=north_hub_user, teacher=world.jane, number_of_terms=1)
    add_extension(author=north_hub_user, teacher=world.jane, number_of_terms="1.5")

    assert InductionExtension.objects.filter(teacher=world.jane).count() == 2
    assert extension_summary(teacher=world.jane) == "2.5 terms"
    InductionPeriod.objects.filter(pk=jane_with_north_hub.pk).update(finished_on=D(2026, 7, 20), number_of_terms=5.5)
    assert terms_completed(teacher=world.jane) == "5.5 of 8.5"
    # Extensions never change the periods themselves.
    assert InductionPeriod.objects.get().number_of_terms == 5.5

    headings = list(
        Event.objects.filter(event_type=EventType.INDUCTION_EXTENSION_CREATED)
        .order_by("pk")
        .values_list("heading", "modifications")
    )
    assert headings == [
        ("Jane Smith’s induction extended by 1 term by North Hub", ["Number of terms set to '1'"]),
        ("Jane Smith’s induction extended by 1.5 terms by North Hub", ["Number of terms set to '1.5'"]),
    ]


def test_extensions_need_an_open_induction_with_the_body(world, north_hub_user):
    """journeys.md §5.9: an AB manages extensions only for teachers with an open induction at that AB."""
    with pytest.raises(DomainError) as excinfo:
        add_extension(author=north_hub_user, teacher=world.jane, number_of_terms=1)
    assert excinfo.value.message == "Jane Smith does not have an open induction"
    create_induction_period(teacher=world.jane, appropriate_body=world.istip, started_on=D(2025, 9, 1))
    with pytest.raises(DomainError) as excinfo:
        add_extension(author=north_hub_user, teacher=world.jane, number_of_terms=1)
    assert excinfo.value.message == (
        "Jane Smith is completing their induction with another appropriate body "
        "(Independent Schools Teacher Induction Panel (ISTIP))"
    )


def test_updating_an_extension_sets_its_new_total(world, north_hub_user, jane_with_north_hub):
    extension = add_extension(author=north_hub_user, teacher=world.jane, number_of_terms="1.2")
    update_extension(author=north_hub_user, extension=extension, number_of_terms="3.2")
    extension.refresh_from_db()
    assert extension.number_of_terms == 3.2
    event = Event.objects.get(event_type=EventType.INDUCTION_EXTENSION_UPDATED)
    assert (event.heading, event.modifications, event.induction_extension) == (
        "Jane Smith’s induction extended by 3.2 terms by North Hub",
        ["Number of terms changed from '1.2' to '3.2'"],
        extension,
    )


def test_only_dfe_staff_delete_extensions(world, north_hub_user, jane_with_north_hub):
    """journeys.md §5.9 / §6.3: ABs cannot delete; staff can (event `induction_extension_deleted`, Q3)."""
    extension = add_extension(author=north_hub_user, teacher=world.jane, number_of_terms=2)
    with pytest.raises(DomainError):
        delete_extension(author=north_hub_user, extension=extension)
    delete_extension(author=dfe_admin(), extension=extension)
    assert not InductionExtension.objects.exists()
    event = Event.objects.get(event_type=EventType.INDUCTION_EXTENSION_DELETED)
    assert (event.heading, event.teacher) == ("Jane Smith’s induction extension of 2 terms was deleted", world.jane)
