"""`@service` and `apply_changes` (core/services.py; style guide §1.5, §4.2): one action is one transaction
with an explicit author, and no write reaches the database without an event."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import DomainError
from core.services import MissingEvent, apply_changes, service
from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType
from integrations.trs.models import TRSInductionStatusUpdate
from providers.models import DeliveryPartner
from tests.builders import create_delivery_partner, create_teacher

pytestmark = pytest.mark.django_db

SYSTEM = Author.system()


def record_created(author: Author, partner: DeliveryPartner) -> Event:
    return write_event(
        type=EventType.DELIVERY_PARTNER_CREATED,
        author=author,
        heading=f"{partner.name} added",
        delivery_partner=partner,
    )


@service
def add_partner(*, author: Author, name: str, record: bool = True, fail: bool = False) -> DeliveryPartner:
    partner = DeliveryPartner.objects.create(name=name)
    if record:
        record_created(author, partner)
    if fail:
        raise DomainError("name", "Refused after writing")
    return partner


@service
def rename_partner(*, author: Author, partner: DeliveryPartner, name: str) -> dict:
    """Writes without an event: a bug the decorator must catch."""
    return apply_changes(partner, name=name)


@service
def remove_partner(*, author: Author, partner: DeliveryPartner) -> None:
    partner.delete()


@service
def rename_partner_in_sql(*, author: Author, partner: DeliveryPartner, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE delivery_partners SET name = %s WHERE id = %s", [name, partner.pk])


@service
def count_partners(*, author: Author) -> int:
    return DeliveryPartner.objects.count()


@service
def note_something(*, author: Author) -> Event:
    return write_event(type=EventType.DELIVERY_PARTNER_NAME_CHANGED, author=author, heading="Nothing changed")


def partner_names() -> list[str]:
    return sorted(DeliveryPartner.objects.values_list("name", flat=True))


# @service --------------------------------------------------------------------------------------------


def test_a_service_needs_an_explicit_author_passed_by_keyword():
    """Style guide §2.1: every service takes `author`; none reads the current user."""
    with pytest.raises(TypeError, match=r"add_partner\(\) needs an explicit author"):
        add_partner(name="Delta Partners")
    with pytest.raises(TypeError, match="needs an explicit author"):
        add_partner(SYSTEM, name="Delta Partners")

    assert partner_names() == []


def test_a_service_is_one_transaction_a_domain_error_rolls_back_its_writes():
    """A DomainError raised after writing leaves neither the row nor its event."""
    with pytest.raises(DomainError) as error:
        add_partner(author=SYSTEM, name="Delta Partners", fail=True)

    assert error.value.message == "Refused after writing"
    assert partner_names() == []
    assert not Event.objects.exists()


def test_a_service_that_writes_and_records_commits_both():
    partner = add_partner(author=SYSTEM, name="Delta Partners")

    event = Event.objects.get()
    assert (event.event_type, event.delivery_partner_id, event.author_type) == (
        "delivery_partner_created",
        partner.pk,
        "system",
    )
    assert partner_names() == ["Delta Partners"]


@pytest.mark.parametrize(
    ("write", "verb"),
    [
        (lambda p: add_partner(author=SYSTEM, name="Echo Partners", record=False), "insert"),
        (lambda p: rename_partner(author=SYSTEM, partner=p, name="Echo Partners"), "update"),
        (lambda p: remove_partner(author=SYSTEM, partner=p), "delete"),
        (lambda p: rename_partner_in_sql(author=SYSTEM, partner=p, name="Echo Partners"), "raw SQL update"),
    ],
)
def test_a_service_that_writes_without_an_event_raises_missing_event_and_writes_nothing(write, verb):
    """Style guide §4.2: INSERT, UPDATE and DELETE (ORM or raw SQL) without an event → MissingEvent, rolled
    back."""
    partner = create_delivery_partner(name="Delta Partners")

    with pytest.raises(MissingEvent, match="changed data without recording an event"):
        write(partner)

    assert partner_names() == ["Delta Partners"]
    assert not Event.objects.exists()


def test_a_service_that_only_reads_or_only_records_is_fine():
    create_delivery_partner(name="Delta Partners")

    assert count_partners(author=SYSTEM) == 1
    assert note_something(author=SYSTEM).event_type == "delivery_partner_name_changed"


def test_one_services_event_does_not_excuse_the_next_service():
    """The watcher belongs to one outermost call; it is reset afterwards."""
    add_partner(author=SYSTEM, name="Delta Partners")

    with pytest.raises(MissingEvent):
        add_partner(author=SYSTEM, name="Echo Partners", record=False)
    assert partner_names() == ["Delta Partners"]


# Nested services share the outermost watcher --------------------------------------------------------


@service
def add_partner_then_note(*, author: Author, name: str) -> DeliveryPartner:
    """Writes itself without an event; the nested service records one for the whole action."""
    partner = DeliveryPartner.objects.create(name=name)
    note_something(author=author)
    return partner


@service
def note_then_add_silently(*, author: Author, name: str) -> DeliveryPartner:
    """Records the event itself; the nested service writes without one."""
    write_event(type=EventType.DELIVERY_PARTNER_CREATED, author=author, heading=f"{name} added")
    return add_partner(author=author, name=name, record=False)


@service
def add_silently_nested(*, author: Author, name: str) -> DeliveryPartner:
    return add_partner(author=author, name=name, record=False)


@service
def add_two_keeping_the_first(*, author: Author) -> None:
    """The nested call fails and is caught: its savepoint rolls back, the outer writes stay."""
    add_partner(author=author, name="Delta Partners")
    try:
        add_partner(author=author, name="Echo Partners", fail=True)
    except DomainError:
        pass


def test_nested_services_share_the_outer_watcher():
    """An event written anywhere in the action covers writes anywhere in it; the nested call does not check
    on its own."""
    add_partner_then_note(author=SYSTEM, name="Delta Partners")
    note_then_add_silently(author=SYSTEM, name="Echo Partners")

    assert partner_names() == ["Delta Partners", "Echo Partners"]
    assert Event.objects.count() == 2


def test_a_nested_write_without_any_event_is_caught_by_the_outer_service():
    with pytest.raises(MissingEvent, match="add_silently_nested changed data"):
        add_silently_nested(author=SYSTEM, name="Delta Partners")

    assert partner_names() == []


def test_a_failed_nested_service_rolls_back_only_its_own_writes():
    add_two_keeping_the_first(author=SYSTEM)

    assert partner_names() == ["Delta Partners"]
    assert list(Event.objects.values_list("heading", flat=True)) == ["Delta Partners added"]


# apply_changes ---------------------------------------------------------------------------------------


def test_apply_changes_returns_and_saves_only_real_changes(frozen_today):
    """Style guide §1.5: `{field: (old, new)}` for the fields that really changed; only those (and
    updated_at) are saved."""
    teacher = create_teacher(first_name="Jane", last_name="Smith")

    with CaptureQueriesContext(connection) as queries:
        changes = apply_changes(teacher, trs_first_name="Jane", trs_last_name="Smyth", corrected_name=None)

    assert changes == {"trs_last_name": ("Smith", "Smyth")}
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert '"trs_last_name"' in sql and '"updated_at"' in sql
    assert '"trs_first_name"' not in sql and '"corrected_name"' not in sql
    teacher.refresh_from_db()
    assert (teacher.trs_first_name, teacher.trs_last_name) == ("Jane", "Smyth")


def test_apply_changes_with_nothing_new_does_not_touch_the_database():
    teacher = create_teacher(first_name="Jane", last_name="Smith")
    updated_at = teacher.updated_at

    with CaptureQueriesContext(connection) as queries:
        assert apply_changes(teacher, trs_first_name="Jane", trs_last_name="Smith") == {}

    assert len(queries) == 0
    teacher.refresh_from_db()
    assert teacher.updated_at == updated_at


def test_apply_changes_on_a_model_without_updated_at():
    teacher = create_teacher()
    update = TRSInductionStatusUpdate.objects.create(teacher=teacher, trn=teacher.trn, status="RequiredToComplete")

    assert apply_changes(update, attempts=1, last_error="Timeout") == {
        "attempts": (0, 1),
        "last_error": (None, "Timeout"),
    }
    update.refresh_from_db()
    assert (update.attempts, update.last_error) == (1, "Timeout")


@service
def add_with_only_a_rolled_back_event(*, author: Author) -> None:
    """Writes without an event; the nested call's event is rolled back with it."""
    DeliveryPartner.objects.create(name="Delta Partners")
    try:
        add_partner(author=author, name="Echo Partners", fail=True)
    except DomainError:
        pass


def test_an_event_rolled_back_with_a_nested_service_does_not_count():
    """A write that commits must have an event that commits."""
    with pytest.raises(MissingEvent):
        add_with_only_a_rolled_back_event(author=SYSTEM)

    assert partner_names() == []
