"""What a statement's calculation needs, as plain frozen values (finance.md §3, §5, §7.2).

No Django here: `finance.selectors.statement_inputs` fills these from the database, tests and the benchmark build
them by hand. Money is `Decimal` throughout (finance.md R1, R7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ECF = "ecf"
ITTECF_ECTP = "ittecf_ectp"
OUTPUT = "output"
SERVICE = "service"
ECT = "ect"
MENTOR = "mentor"

# The nine declaration types, in milestone order (domain.md §5.18).
STARTED = "started"
COMPLETED = "completed"
RETAINED = ("retained-1", "retained-2", "retained-3", "retained-4")
EXTENDED = ("extended-1", "extended-2", "extended-3")
DECLARATION_TYPES = (STARTED, *RETAINED, COMPLETED, *EXTENDED)

BILLABLE = frozenset({"eligible", "payable", "paid"})
REFUNDABLE = frozenset({"awaiting_clawback", "clawed_back"})
VOIDED = "voided"


@dataclass(frozen=True, slots=True)
class BandInput:
    """One active lead provider band (§3.2) with the contract's terms for it (§3.5)."""

    allocation_order: int
    capacity: int
    fee_per_declaration: Decimal
    output_fee_ratio: Decimal
    service_fee_ratio: Decimal

    @property
    def letter(self) -> str:
        return chr(ord("A") + self.allocation_order - 1)


@dataclass(frozen=True, slots=True)
class BandedFeeStructureInput:
    """§3.4. `monthly_service_fee` None means "compute it" (§7.6); Decimal 0 means no service fee."""

    bands: tuple[BandInput, ...]
    recruitment_target: int
    setup_fee: Decimal
    monthly_service_fee: Decimal | None
    uplift_fee_per_declaration: Decimal
    uplift_target_ratio: Decimal | None = None

    def __post_init__(self) -> None:
        orders = [band.allocation_order for band in self.bands]
        if orders != sorted(orders):
            raise ValueError("Bands must be given in allocation order")


@dataclass(frozen=True, slots=True)
class FlatRateFeeStructureInput:
    """§3.6: one price per mentor, paid half on `started` and half on `completed`."""

    fee_per_declaration: Decimal
    recruitment_target: int


@dataclass(frozen=True, slots=True)
class ContractInput:
    """§3.3. `vat_registered` is the lead provider's flag; the applicable rate is 0 when it is false."""

    contract_type: str
    vat_rate: Decimal
    vat_registered: bool
    banded: BandedFeeStructureInput
    flat_rate: FlatRateFeeStructureInput | None = None

    @property
    def applicable_vat_rate(self) -> Decimal:
        return self.vat_rate if self.vat_registered else Decimal("0")


@dataclass(frozen=True, slots=True)
class DeclarationInput:
    """A declaration whose payment or clawback statement is the statement being computed (§7.2 "current" sets).

    `on_payment_statement` / `on_clawback_statement` say which link points at it (both may). The date, creation
    time and id only order the declarations for the CSV export (§9); the money depends on counts alone."""

    id: int
    declaration_type: str
    role: str
    payment_status: str
    clawback_status: str = "no_clawback"
    on_payment_statement: bool = True
    on_clawback_statement: bool = False
    pupil_premium_uplift: bool = False
    sparsity_uplift: bool = False
    declaration_date: dt.datetime | None = None
    created_at: dt.datetime | None = None

    @property
    def is_current_billable(self) -> bool:
        return self.on_payment_statement and self.payment_status in BILLABLE

    @property
    def is_current_refundable(self) -> bool:
        return self.on_clawback_statement and self.clawback_status in REFUNDABLE

    @property
    def is_current_voided(self) -> bool:
        return self.on_payment_statement and self.payment_status == VOIDED

    @property
    def has_uplift(self) -> bool:
        return self.pupil_premium_uplift or self.sparsity_uplift


@dataclass(frozen=True, slots=True)
class HistoryCount:
    """Declarations of one role and type on the provider's earlier statements (payment date strictly before the
    statement's, §7.2): how many are billable there and how many refundable. Counts only: bands are refilled from
    them (§7.3 steps 1 and 2)."""

    role: str
    declaration_type: str
    billable: int = 0
    refundable: int = 0


@dataclass(frozen=True, slots=True)
class AdjustmentInput:
    payment_type: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class StatementInput:
    contract: ContractInput
    fee_type: str = OUTPUT
    declarations: Sequence[DeclarationInput] = ()
    history: Sequence[HistoryCount] = ()
    adjustments: Sequence[AdjustmentInput] = field(default_factory=tuple)
