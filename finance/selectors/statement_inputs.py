"""Load what one statement's calculation needs (finance.md §7.2) in a fixed number of queries, whatever the number
of declarations: the statement with its contract, fee structures and provider; the provider's bands; the band
terms; the adjustments; the declarations on the statement; and the earlier statements' counts per role and type."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q

from declarations.models import BILLABLE, REFUNDABLE, Declaration
from finance.calculation import (
    AdjustmentInput,
    BandedFeeStructureInput,
    BandInput,
    ContractInput,
    DeclarationInput,
    FlatRateFeeStructureInput,
    HistoryCount,
    StatementInput,
)
from finance.models import BandTerm, Statement, StatementAdjustment
from providers.models import Band

STATEMENT_RELATIONS = (
    "contract__banded_fee_structure",
    "contract__flat_rate_fee_structure",
    "active_lead_provider__lead_provider",
    "active_lead_provider__contract_period",
)
ZERO = Decimal("0")


def statement_for_calculation(statement_id: int) -> Statement:
    """The statement with everything its calculation and page header read, in one query."""
    return Statement.objects.select_related(*STATEMENT_RELATIONS).get(pk=statement_id)


def _bands(statement: Statement) -> tuple[BandInput, ...]:
    """The provider's bands in allocation order with this contract's terms. A band the contract gives no terms
    keeps its capacity (bands fill in order whatever the prices) but earns nothing."""
    structure = getattr(statement.contract, "banded_fee_structure", None)
    terms = {}
    if structure is not None:
        terms = {term.band_id: term for term in BandTerm.objects.filter(banded_fee_structure=structure)}
    made = []
    for band in Band.objects.filter(active_lead_provider_id=statement.active_lead_provider_id).order_by(
        "allocation_order"
    ):
        term = terms.get(band.pk)
        made.append(
            BandInput(
                allocation_order=band.allocation_order,
                capacity=band.capacity,
                fee_per_declaration=term.fee_per_declaration if term else ZERO,
                output_fee_ratio=term.output_fee_ratio if term else ZERO,
                service_fee_ratio=term.service_fee_ratio if term else ZERO,
            )
        )
    return tuple(made)


def contract_input(statement: Statement) -> ContractInput:
    contract = statement.contract
    bands = _bands(statement)
    structure = getattr(contract, "banded_fee_structure", None)
    if structure is None:
        # Data from before fee structures were required: no prices, so nothing but adjustments is paid.
        banded = BandedFeeStructureInput(bands, 0, ZERO, ZERO, ZERO)
    else:
        banded = BandedFeeStructureInput(
            bands=bands,
            recruitment_target=structure.recruitment_target,
            setup_fee=structure.setup_fee,
            monthly_service_fee=structure.monthly_service_fee,
            uplift_fee_per_declaration=structure.uplift_fee_per_declaration,
            uplift_target_ratio=structure.uplift_target_ratio,
        )
    flat = getattr(contract, "flat_rate_fee_structure", None)
    return ContractInput(
        contract_type=contract.contract_type,
        vat_rate=contract.vat_rate,
        vat_registered=statement.active_lead_provider.lead_provider.vat_registered,
        banded=banded,
        flat_rate=FlatRateFeeStructureInput(flat.fee_per_declaration, flat.recruitment_target) if flat else None,
    )


DECLARATION_COLUMNS = (
    "id",
    "declaration_type",
    "role",
    "payment_status",
    "clawback_status",
    "payment_statement_id",
    "clawback_statement_id",
    "pupil_premium_uplift",
    "sparsity_uplift",
    "declaration_date",
    "created_at",
)


def current_declarations(statement: Statement) -> list[DeclarationInput]:
    """Declarations whose payment or clawback statement is this one, as plain values (one query, no models)."""
    rows = (
        Declaration.objects.filter(Q(payment_statement_id=statement.pk) | Q(clawback_statement_id=statement.pk))
        .order_by()
        .values_list(*DECLARATION_COLUMNS)
    )
    pk = statement.pk
    return [
        DeclarationInput(
            id=id_,
            declaration_type=declaration_type,
            role=role,
            payment_status=payment_status,
            clawback_status=clawback_status,
            on_payment_statement=payment_statement_id == pk,
            on_clawback_statement=clawback_statement_id == pk,
            pupil_premium_uplift=pupil_premium_uplift,
            sparsity_uplift=sparsity_uplift,
            declaration_date=declaration_date,
            created_at=created_at,
        )
        for (
            id_,
            declaration_type,
            role,
            payment_status,
            clawback_status,
            payment_statement_id,
            clawback_statement_id,
            pupil_premium_uplift,
            sparsity_uplift,
            declaration_date,
            created_at,
        ) in rows
    ]


def history_counts(statement: Statement) -> list[HistoryCount]:
    """§7.2 "previous billable" and "previous refundable": on any statement of the same provider (any contract,
    fee type or status) paid strictly before this one, counted per role and declaration type in one query."""
    earlier = {"active_lead_provider_id": statement.active_lead_provider_id, "payment_date__lt": statement.payment_date}
    paid_earlier = Q(payment_status__in=BILLABLE) & Q(
        **{f"payment_statement__{field}": value for field, value in earlier.items()}
    )
    refunded_earlier = Q(clawback_status__in=REFUNDABLE) & Q(
        **{f"clawback_statement__{field}": value for field, value in earlier.items()}
    )
    rows = (
        Declaration.objects.filter(paid_earlier | refunded_earlier)
        .order_by()
        .values("role", "declaration_type")
        .annotate(billable=Count("id", filter=paid_earlier), refundable=Count("id", filter=refunded_earlier))
    )
    return [HistoryCount(r["role"], r["declaration_type"], r["billable"], r["refundable"]) for r in rows]


def adjustments(statement: Statement) -> list[AdjustmentInput]:
    """Oldest first (§5.6)."""
    return [
        AdjustmentInput(payment_type, amount)
        for payment_type, amount in StatementAdjustment.objects.filter(statement=statement)
        .order_by("created_at", "pk")
        .values_list("payment_type", "amount")
    ]


def statement_input(statement: Statement) -> StatementInput:
    """Everything `calculate_statement` needs. Pass a statement from `statement_for_calculation` to keep the
    query count fixed (six queries in all)."""
    return StatementInput(
        contract=contract_input(statement),
        fee_type=statement.fee_type,
        declarations=current_declarations(statement),
        history=history_counts(statement),
        adjustments=adjustments(statement),
    )
