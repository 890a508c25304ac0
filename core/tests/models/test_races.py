"""Two requests racing past the Python checks: the database lets exactly one through (style guide §8.2).

Each thread opens its own connection and transaction, runs the check a service would run (both see no
conflict, because neither has committed), waits for the other at a barrier, then writes. Check-then-insert
alone would let both in; the constraint is what stops the second.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from core.periods import validate_period
from declarations.models import Declaration, PaymentStatus
from finance.models import Contract, Statement
from teachers.models import ECTAtSchoolPeriod
from tests.builders import (
    create_active_lead_provider,
    create_appropriate_body,
    create_delivery_partner,
    create_school,
    create_teacher,
    create_training_period,
)

D = dt.date
DEADLOCK = "40P01"


def race(*attempts: Callable[[threading.Barrier], None]) -> list[str]:
    """Run each attempt in its own thread and transaction; report "saved" or why it was refused."""
    barrier = threading.Barrier(len(attempts), timeout=10)
    outcomes: list[str] = [""] * len(attempts)

    def run(index: int, attempt: Callable[[threading.Barrier], None]) -> None:
        try:
            with transaction.atomic():
                attempt(barrier)
            outcomes[index] = "saved"
        except IntegrityError as error:
            outcomes[index] = error.__cause__.diag.constraint_name
        except OperationalError as error:  # exclusion constraints may deadlock; PostgreSQL aborts one side
            outcomes[index] = "deadlock" if getattr(error.__cause__, "sqlstate", None) == DEADLOCK else repr(error)
        except Exception as error:  # reported, so the assertion below shows it
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, attempt)) for i, attempt in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_schools_registering_one_ect_at_the_same_time_only_one_period_is_saved():
    """§5.11 (BR-P-03's constraint): Oakfield and Hillside both register Jane from September; both pass the
    overlap check, one insert is refused: both would be ongoing, so by `ect_at_school_periods_one_ongoing_per_teacher`,
    which PostgreSQL checks before `ect_at_school_periods_no_overlap` (indexes are checked in the order they were
    created)."""
    jane = create_teacher(trn="1234567")
    oakfield, hillside = create_school(name="Oakfield Primary"), create_school(name="Hillside College")
    north_hub = create_appropriate_body(name="North Hub")

    def register(school, started_on):
        def attempt(barrier: threading.Barrier) -> None:
            period = ECTAtSchoolPeriod(
                teacher=jane, school=school, started_on=started_on, school_reported_appropriate_body=north_hub
            )
            validate_period(period)
            barrier.wait()
            period.save()

        return attempt

    outcomes = race(register(oakfield, D(2026, 9, 1)), register(hillside, D(2026, 9, 7)))

    assert sorted(outcomes) in (
        ["ect_at_school_periods_one_ongoing_per_teacher", "saved"],
        ["ect_at_school_periods_no_overlap", "saved"],
        ["deadlock", "saved"],
    ), outcomes
    assert ECTAtSchoolPeriod.objects.filter(teacher=jane).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_billable_declarations_at_the_same_time_only_one_is_saved():
    """BR-D-07: a lead provider's retried `started` declaration races the first; both see no billable one,
    `declarations_one_billable_or_changeable_per_type` refuses the second."""
    training = create_training_period()
    active = create_active_lead_provider(year=2026)
    contract = Contract.objects.create(active_lead_provider=active, contract_type="ecf")
    statement = Statement.objects.create(
        contract=contract,
        active_lead_provider=active,
        month=11,
        year=2026,
        deadline_date=D(2026, 11, 1),
        payment_date=D(2026, 11, 25),
    )
    delta = create_delivery_partner(name="Delta Partners")

    def declare(barrier: threading.Barrier) -> None:
        already = Declaration.objects.filter(
            training_period=training, declaration_type="started", payment_status=PaymentStatus.ELIGIBLE
        ).exists()
        assert not already
        barrier.wait()
        Declaration.objects.create(
            training_period=training,
            delivery_partner_when_created=delta,
            declaration_type="started",
            payment_status=PaymentStatus.ELIGIBLE,
            payment_statement=statement,
        )

    outcomes = race(declare, declare)

    assert sorted(outcomes) == ["declarations_one_billable_or_changeable_per_type", "saved"], outcomes
    assert Declaration.objects.filter(training_period=training).count() == 1
