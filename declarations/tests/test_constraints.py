"""What the database itself refuses on declarations, and on the statements and contracts that pay them
(domain.md §5.18–5.19). Rows are written with raw SQL, past the ORM and the services."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from core.tests.models.sql import insert, refused, refused_update, select, update
from tests.builders import (
    create_active_lead_provider,
    create_delivery_partner,
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_school_partnership,
    create_teacher,
    create_training_period,
)

D = dt.date
AT = dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def active():
    return create_active_lead_provider(year=2026)


@pytest.fixture
def contract_id(active):
    return insert("contracts", active_lead_provider_id=active.pk, contract_type="ecf", vat_rate=Decimal("0.20"))


def statement(contract_id, active, month: int, year: int = 2026, **extra) -> dict:
    row = dict(
        api_id=uuid.uuid4(),
        contract_id=contract_id,
        active_lead_provider_id=active.pk,
        month=month,
        year=year,
        deadline_date=D(year, month, 1) if 1 <= month <= 12 else D(year, 1, 1),
        payment_date=D(year, month, 25) if 1 <= month <= 12 else D(year, 1, 25),
        fee_type="output",
        status="open",
    )
    return row | extra


# §5.18 Declaration -----------------------------------------------------------------------------------


@pytest.fixture
def paying(active, contract_id):
    """A training period, a delivery partner and two statements (payment, clawback) to declare against."""
    training = create_training_period()
    delta = create_delivery_partner(name="Delta Partners")
    november = insert("statements", **statement(contract_id, active, 11))
    december = insert("statements", **statement(contract_id, active, 12))
    return training, delta, november, december


def declaration(paying, declaration_type: str = "started", payment_status: str = "no_payment", **extra) -> dict:
    training, delta, november, _ = paying
    row = dict(
        api_id=uuid.uuid4(),
        training_period_id=training.pk,
        delivery_partner_when_created_id=delta.pk,
        declaration_type=declaration_type,
        declaration_date=AT,
        payment_status=payment_status,
        clawback_status="no_clawback",
        payment_statement_id=None if payment_status in ("no_payment", "voided") else november,
        pupil_premium_uplift=False,
        sparsity_uplift=False,
    )
    return row | extra


BILLABLE_OR_CHANGEABLE = "declarations_one_billable_or_changeable_per_type"


@pytest.mark.parametrize("existing", ["no_payment", "eligible", "payable", "paid"])
@pytest.mark.parametrize("duplicate", ["no_payment", "eligible", "payable", "paid"])
def test_BR_D_07_one_billable_or_changeable_declaration_per_type_and_training_period(paying, existing, duplicate):
    """BR-D-07 (§5.18): one declaration of a type per training period among no_payment, eligible, payable and
    paid with no clawback. Stricter than the reference's index, which also keys on payment_status and so
    lets a `no_payment` duplicate sit beside a `paid` one."""
    insert("declarations", **declaration(paying, "started", existing))
    insert("declarations", **declaration(paying, "retained-1", duplicate))

    assert refused("declarations", **declaration(paying, "started", duplicate)) == BILLABLE_OR_CHANGEABLE


def test_BR_D_07_voided_and_clawed_back_declarations_do_not_block_a_new_one(paying):
    """BR-D-07 "after the first is voided → allowed" (§5.18): voided, awaiting_clawback and clawed_back
    declarations are outside the partial unique index; a voided one cannot come back while a replacement
    exists."""
    _, _, _, december = paying
    voided = insert("declarations", **declaration(paying, "started", "voided"))
    insert(
        "declarations",
        **declaration(paying, "started", "paid", clawback_status="awaiting_clawback", clawback_statement_id=december),
    )
    insert(
        "declarations",
        **declaration(paying, "started", "paid", clawback_status="clawed_back", clawback_statement_id=december),
    )
    replacement = insert("declarations", **declaration(paying, "started", "no_payment"))

    assert refused_update("declarations", voided, payment_status="no_payment") == BILLABLE_OR_CHANGEABLE
    update("declarations", replacement, payment_status="voided")
    update("declarations", voided, payment_status="no_payment")


PER_PARTICIPANT = "declarations_one_billable_or_changeable_per_teacher_role_type"


@pytest.fixture
def two_periods(paying):
    """The same ECT's finished 2025 training with one provider and current 2026 training with another."""
    training, *_ = paying
    earlier_school_period = create_ect_at_school_period(
        teacher=training.teacher, started_on=D(2025, 9, 1), finished_on=D(2026, 8, 31)
    )
    earlier = create_training_period(
        ect_at_school_period=earlier_school_period,
        finished_on=D(2026, 8, 31),
        school_partnership=create_school_partnership(school=earlier_school_period.school, year=2025),
    )
    return earlier, training


@pytest.mark.parametrize("existing", ["no_payment", "eligible", "payable", "paid"])
def test_BR_D_07_one_billable_or_changeable_declaration_per_participant_role_and_type(paying, two_periods, existing):
    """BR-D-07 / lead-provider-api.md §12.3 V8: the rule is per participant and role "across all training periods
    and all LPs"; the per-training-period index alone would let a second provider be paid for the same `started`.
    The other role, another type, and a voided or clawed-back one stay allowed."""
    earlier, current = two_periods
    _, _, _, december = paying
    insert("declarations", **declaration(paying, "started", existing, training_period_id=earlier.pk))
    insert("declarations", **declaration(paying, "retained-1", "no_payment", training_period_id=current.pk))

    assert refused("declarations", **declaration(paying, "started", "no_payment", training_period_id=current.pk)) == (
        PER_PARTICIPANT
    )
    insert("declarations", **declaration(paying, "started", "voided", training_period_id=current.pk))
    mentor_school_period = create_mentor_at_school_period(teacher=current.teacher, started_on=D(2026, 9, 1))
    as_mentor = create_training_period(mentor_at_school_period=mentor_school_period)
    insert("declarations", **declaration(paying, "started", "no_payment", training_period_id=as_mentor.pk))
    if existing == "paid":
        clawed = insert(
            "declarations",
            **declaration(paying, "completed", "paid", training_period_id=earlier.pk),
        )
        update("declarations", clawed, clawback_status="awaiting_clawback", clawback_statement_id=december)
        insert("declarations", **declaration(paying, "completed", "no_payment", training_period_id=current.pk))


def test_a_declarations_teacher_and_role_are_copied_from_its_training_period(paying, two_periods):
    """`declarations_copy_teacher`: whatever a writer sends, the row carries its training period's teacher and
    role, so the per-participant index cannot be sidestepped; moving the declaration moves them too."""
    earlier, _ = two_periods
    stranger = create_teacher(first_name="Sam", last_name="Jones")
    row = insert(
        "declarations",
        **declaration(paying, "started", training_period_id=earlier.pk, teacher_id=stranger.pk, role="mentor"),
    )
    assert select("declarations", row, "teacher_id", "role") == (earlier.teacher_id, "ect")

    update("declarations", row, teacher_id=stranger.pk, role="mentor")
    assert select("declarations", row, "teacher_id", "role") == (earlier.teacher_id, "ect")

    mentor_school_period = create_mentor_at_school_period(teacher=stranger, started_on=D(2026, 9, 1))
    update(
        "declarations", row, training_period_id=create_training_period(mentor_at_school_period=mentor_school_period).pk
    )
    assert select("declarations", row, "teacher_id", "role") == (stranger.pk, "mentor")


def test_a_training_period_moved_to_another_teacher_takes_its_declarations(paying, two_periods):
    """`training_periods_copy_teacher_to_declarations`: when a merge moves a training period to the surviving
    record, its declarations follow, and the per-participant index then refuses a merge that would leave two
    billable declarations for one event."""
    earlier, current = two_periods
    row = insert("declarations", **declaration(paying, "started", "no_payment", training_period_id=earlier.pk))
    other = create_teacher(first_name="Sam", last_name="Jones")

    update("ect_at_school_periods", earlier.ect_at_school_period_id, teacher_id=other.pk)
    update("training_periods", earlier.pk, teacher_id=other.pk)
    assert select("declarations", row, "teacher_id", "role") == (other.pk, "ect")

    insert("declarations", **declaration(paying, "started", "no_payment", training_period_id=current.pk))
    update("ect_at_school_periods", current.ect_at_school_period_id, teacher_id=other.pk)
    assert refused_update("training_periods", current.pk, teacher_id=other.pk) == PER_PARTICIPANT


def test_a_declaration_api_id_is_unique(paying):
    """§5.18: unique `api_id`."""
    first = declaration(paying, "started")
    insert("declarations", **first)

    assert refused("declarations", **declaration(paying, "retained-1", api_id=first["api_id"])) == (
        "declarations_api_id_key"
    )


def test_BR_D_05_a_billable_declaration_has_a_payment_statement(paying):
    """BR-D-05 (DB backstop), §5.18: `payment_statement_id` required unless payment status is `no_payment`
    or `voided`."""
    for status in ("eligible", "payable", "paid"):
        assert (
            refused("declarations", **declaration(paying, "started", status, payment_statement_id=None))
            == "declarations_payment_statement_when_needed"
        )


def test_BR_D_05_a_clawback_has_a_clawback_statement_and_needs_a_paid_declaration(paying):
    """BR-D-05 (DB backstop), §5.18: `clawback_statement_id` required unless `no_clawback`;
    `no_clawback → awaiting_clawback` only when payment status is `paid`."""
    _, _, _, december = paying
    for clawback in ("awaiting_clawback", "clawed_back"):
        assert (
            refused("declarations", **declaration(paying, "started", "paid", clawback_status=clawback))
            == "declarations_clawback_statement_when_needed"
        )
        assert (
            refused(
                "declarations",
                **declaration(paying, "started", "payable", clawback_status=clawback, clawback_statement_id=december),
            )
            == "declarations_clawback_only_when_paid"
        )


def test_BR_D_02_a_declaration_voided_by_a_user_records_who_and_when(paying):
    """BR-D-02 (DB backstop), §5.18: `voided_by_user_id` set together with `voided_by_user_at`."""
    user_id = insert("users", email="finance@example.com", name="Fin Ance", role="finance", otp_failed_attempts=0)
    for values in ({"voided_by_user_id": user_id}, {"voided_by_user_at": AT}):
        assert (
            refused("declarations", **declaration(paying, "started", "voided", **values))
            == "declarations_voided_by_user_fields_together"
        )
    insert("declarations", **declaration(paying, "started", "voided", voided_by_user_id=user_id, voided_by_user_at=AT))


# §5.19 Statement -------------------------------------------------------------------------------------


def test_BR_ST_01_one_statement_per_active_lead_provider_month_and_year(active, contract_id):
    """BR-ST-01 (DB backstop), §5.19: one statement per (active lead provider, month, year); `api_id`
    unique."""
    first = statement(contract_id, active, 11)
    insert("statements", **first)
    insert("statements", **statement(contract_id, active, 11, year=2027))

    assert refused("statements", **statement(contract_id, active, 11)) == "statements_unique_provider_month_year"
    assert refused("statements", **statement(contract_id, active, 12, api_id=first["api_id"])) == (
        "statements_api_id_key"
    )


def test_BR_ST_01_a_statement_month_year_and_payment_date_are_in_range(active, contract_id):
    """BR-ST-01 (DB backstop), §5.19: month 1–12; year ≥ 2020; payment_date after deadline_date."""
    for month in (0, 13):
        assert refused("statements", **statement(contract_id, active, month)) == "statements_month_range"
    assert refused("statements", **statement(contract_id, active, 1, year=2019)) == "statements_year_from_2020"
    assert (
        refused("statements", **statement(contract_id, active, 1, payment_date=D(2026, 1, 1)))
        == "statements_payment_after_deadline"
    )


# §5.19 finance satellites ----------------------------------------------------------------------------


def test_a_contract_vat_rate_is_between_zero_and_one(active):
    """§5.19 `contracts`: vat_rate 0…1."""
    insert("contracts", active_lead_provider_id=active.pk, contract_type="ecf", vat_rate=Decimal("0"))
    assert (
        refused("contracts", active_lead_provider_id=active.pk, contract_type="ecf", vat_rate=Decimal("-0.01"))
        == "contracts_vat_rate_range"
    )


def banded(contract_id, **extra) -> dict:
    row = dict(
        contract_id=contract_id,
        recruitment_target=1000,
        setup_fee=Decimal("0"),
        uplift_fee_per_declaration=Decimal("100"),
    )
    return row | extra


def test_a_banded_fee_structure_is_one_per_contract_with_non_negative_amounts(contract_id):
    """§5.19 `contract_banded_fee_structures`: unique contract_id; fees ≥ 0; uplift ratio 0…1."""
    for values in (
        {"setup_fee": Decimal("-1")},
        {"uplift_fee_per_declaration": Decimal("-1")},
        {"monthly_service_fee": Decimal("-1")},
        {"uplift_target_ratio": Decimal("1.0001")},
    ):
        assert refused("contract_banded_fee_structures", **banded(contract_id, **values)) == (
            "contract_banded_fee_structures_amounts"
        )
    insert("contract_banded_fee_structures", **banded(contract_id, uplift_target_ratio=Decimal("0.33")))
    assert refused("contract_banded_fee_structures", **banded(contract_id)) == (
        "contract_banded_fee_structures_contract_id_key"
    )


def test_band_terms_are_one_per_band_with_a_positive_fee_and_ratios_summing_to_one(active, contract_id):
    """§5.19 `contract_banded_fee_structure_band_terms`: unique (structure, band); fee > 0; the two ratios sum
    to 1."""
    structure = insert("contract_banded_fee_structures", **banded(contract_id))
    band = insert("active_lead_provider_bands", active_lead_provider_id=active.pk, allocation_order=1, capacity=2000)
    terms = dict(
        banded_fee_structure_id=structure,
        band_id=band,
        fee_per_declaration=Decimal("1000"),
        output_fee_ratio=Decimal("0.6"),
        service_fee_ratio=Decimal("0.4"),
    )
    table = "contract_banded_fee_structure_band_terms"

    assert refused(table, **terms | {"fee_per_declaration": Decimal("0")}) == "band_terms_fee_positive"
    assert refused(table, **terms | {"output_fee_ratio": Decimal("0.7")}) == "band_terms_ratios_sum_to_one"
    insert(table, **terms)
    assert refused(table, **terms) == "band_terms_unique_band"


def test_a_flat_rate_fee_structure_is_one_per_contract_and_positive(active):
    """§5.19 `contract_flat_rate_fee_structures`: unique contract_id; recruitment target and fee > 0."""
    contract = insert("contracts", active_lead_provider_id=active.pk, contract_type="ittecf_ectp", vat_rate=0.2)
    row = dict(contract_id=contract, recruitment_target=100, fee_per_declaration=Decimal("500"))
    table = "contract_flat_rate_fee_structures"

    assert refused(table, **row | {"recruitment_target": 0}) == "contract_flat_rate_fee_structures_positive"
    assert refused(table, **row | {"fee_per_declaration": Decimal("0")}) == "contract_flat_rate_fee_structures_positive"
    insert(table, **row)
    assert refused(table, **row) == "contract_flat_rate_fee_structures_contract_id_key"


def test_a_statement_adjustment_is_non_zero_within_a_million_and_unique_by_ecf_id(active, contract_id):
    """§5.19 `statement_adjustments`: amount non-zero, −1,000,000 … 1,000,000; `ecf_id` unique."""
    statement_id = insert("statements", **statement(contract_id, active, 11))
    row = dict(statement_id=statement_id, payment_type="Correction", amount=Decimal("-1000000"))
    for amount in (Decimal("0"), Decimal("1000000.01"), Decimal("-1000000.01")):
        assert refused("statement_adjustments", **row | {"amount": amount}) == "statement_adjustments_amount_range"
    ecf_id = uuid.uuid4()
    insert("statement_adjustments", **row | {"ecf_id": ecf_id})
    assert refused("statement_adjustments", **row | {"ecf_id": ecf_id}) == "statement_adjustments_ecf_id_key"
