"""A contract as finance staff read it (finance.md §3.3–§3.6; journeys.md §6.8.7 "Contracts"): its description,
VAT, fee structures and the active lead provider's bands with this contract's terms for them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from decimal import Decimal

from finance.calculation import BandedFeeStructureInput, BandInput, monthly_service_fee
from finance.models import BandTerm, Contract, ContractType
from providers.models import Band

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class ContractBand:
    """One band (§3.2 derived values) with this contract's terms (§3.5); terms are None when the contract has none."""

    letter: str
    min_declarations: int
    max_declarations: int
    capacity: int
    term: BandTerm | None

    @property
    def output_fee_percentage(self) -> int | None:
        """§3.5: ratio × 100, truncated."""
        return None if self.term is None else int(self.term.output_fee_ratio * HUNDRED)

    @property
    def service_fee_percentage(self) -> int | None:
        return None if self.term is None else int(self.term.service_fee_ratio * HUNDRED)


def band_letter(allocation_order: int) -> str:
    return chr(ord("A") + allocation_order - 1)


def contract_description(contract: Contract) -> str:
    """§3.3: `ECF January 2025 - August 2027`, `ITTECF ECTP No statements`, or one month when first = last."""
    label = contract.get_contract_type_display().upper().replace("_", " ")
    months = list(contract.statements.order_by("year", "month").values_list("year", "month"))
    if not months:
        return f"{label} No statements"
    (first_year, first_month), (last_year, last_month) = months[0], months[-1]
    first = f"{calendar.month_name[first_month]} {first_year}"
    last = f"{calendar.month_name[last_month]} {last_year}"
    return f"{label} {first}" if first == last else f"{label} {first} - {last}"


def old_service_version(contract: Contract) -> str | None:
    """The ECF1 call-off (and mentor call-off) contract versions a migrated contract came from: one provider and
    year can hold several migrated contracts whose descriptions read the same, and finance staff know them by
    these versions."""
    if contract.ecf_contract_version is None:
        return None
    if contract.ecf_mentor_contract_version is None:
        return contract.ecf_contract_version
    return f"{contract.ecf_contract_version}, mentor contract {contract.ecf_mentor_contract_version}"


def contract_bands(contract: Contract) -> list[ContractBand]:
    """The provider's bands in allocation order; min = the capacities below + 1, max = min + capacity − 1."""
    structure = getattr(contract, "banded_fee_structure", None)
    terms = {} if structure is None else {t.band_id: t for t in BandTerm.objects.filter(banded_fee_structure=structure)}
    bands, below = [], 0
    for band in Band.objects.filter(active_lead_provider_id=contract.active_lead_provider_id).order_by(
        "allocation_order"
    ):
        bands.append(
            ContractBand(
                band_letter(band.allocation_order), below + 1, below + band.capacity, band.capacity, terms.get(band.pk)
            )
        )
        below += band.capacity
    return bands


def applicable_vat_rate(contract: Contract) -> Decimal:
    """§3.3: the contract's rate when the lead provider is VAT registered, else 0."""
    return contract.vat_rate if contract.active_lead_provider.lead_provider.vat_registered else Decimal("0")


def computed_monthly_service_fee(contract: Contract, bands: list[ContractBand]) -> Decimal | None:
    """§7.6 as every statement of this contract uses it (the explicit figure, or the computed one); None without a
    banded structure."""
    structure = getattr(contract, "banded_fee_structure", None)
    if structure is None:
        return None
    inputs = BandedFeeStructureInput(
        bands=tuple(
            BandInput(
                allocation_order=index,
                capacity=band.capacity,
                fee_per_declaration=band.term.fee_per_declaration if band.term else Decimal("0"),
                output_fee_ratio=band.term.output_fee_ratio if band.term else Decimal("0"),
                service_fee_ratio=band.term.service_fee_ratio if band.term else Decimal("0"),
            )
            for index, band in enumerate(bands, start=1)
        ),
        recruitment_target=structure.recruitment_target,
        setup_fee=structure.setup_fee,
        monthly_service_fee=structure.monthly_service_fee,
        uplift_fee_per_declaration=structure.uplift_fee_per_declaration,
        uplift_target_ratio=structure.uplift_target_ratio,
    )
    return monthly_service_fee(inputs)


def is_flat_rate_contract(contract: Contract) -> bool:
    return contract.contract_type == ContractType.ITTECF_ECTP
