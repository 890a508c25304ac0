"""Contracts and their fee structures (finance.md §3.3–§3.6, §5.8): creating, changing and deleting a contract
with its banded fee structure (band terms for the active lead provider's bands) and, for `ittecf_ectp`, its
flat-rate fee structure. Every rule failure is reported at once; each action is one transaction with its event
(`contract_created` / `contract_updated` naming band fields `band_<letter>_<attribute>` / `contract_deleted`).

Values arrive as typed (strings from a form, or numbers): money must be a non-negative amount in pounds and pence,
the output fee an integer percentage 0–100 (stored ÷ 100, service = 1 − output), the VAT rate a decimal 0–1."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from events.authors import Author
from events.record import providers as record
from events.recorder import describe_changes
from finance.models import BandedFeeStructure, BandTerm, Contract, ContractType, FlatRateFeeStructure
from providers.models import ActiveLeadProvider, Band
from providers.services.contract_periods import payments_frozen

PENNY = Decimal("0.01")
HUNDRED = Decimal("100")

CONTRACT_TYPE_INVALID = "Choose a contract type"
VAT_RATE_INVALID = "VAT rate must be a number between 0 and 1, for example 0.2"
NOT_A_WHOLE_NUMBER = "{label} must be a whole number, 0 or more"
NOT_POSITIVE_WHOLE_NUMBER = "{label} must be a whole number greater than 0"
NOT_MONEY = "{label} must be an amount in pounds and pence, 0 or more"
NOT_POSITIVE_MONEY = "{label} must be an amount in pounds and pence greater than 0"
RATIO_INVALID = "{label} must be a number between 0 and 1"
PERCENTAGE_INVALID = "{label} must be a whole number between 0 and 100"
BAND_OF_ANOTHER_PROVIDER = "Band terms can only be set for this lead provider's bands"
FLAT_RATE_NOT_ALLOWED = "ECF contracts cannot have a flat-rate fee structure"
FLAT_RATE_REQUIRED = "ITTECF ECTP contracts need a flat-rate fee structure for mentors"
PAYMENTS_FROZEN = "Contracts cannot be added, changed or deleted once the contract period's payments are frozen"
CONTRACT_IN_USE = "This contract cannot be deleted because statements use it"


@dataclass(frozen=True)
class BandTermValues:
    band: Band
    fee_per_declaration: Any
    output_fee_percentage: Any


@dataclass(frozen=True)
class BandedValues:
    recruitment_target: Any
    setup_fee: Any
    uplift_fee_per_declaration: Any
    monthly_service_fee: Any = None  # blank means "compute it" (§7.6)
    uplift_target_ratio: Any = None
    band_terms: tuple[BandTermValues, ...] = ()


@dataclass(frozen=True)
class FlatRateValues:
    recruitment_target: Any
    fee_per_declaration: Any


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(value.strip().replace(",", "").lstrip("£") if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _whole(value: Any, field: str, label: str, errors: ErrorCollector, *, positive: bool = False) -> int | None:
    number = None if _blank(value) else _decimal(value)
    if number is None or number != number.to_integral_value() or number < (1 if positive else 0):
        errors.add(field, (NOT_POSITIVE_WHOLE_NUMBER if positive else NOT_A_WHOLE_NUMBER).format(label=label))
        return None
    return int(number)


def _money(
    value: Any, field: str, label: str, errors: ErrorCollector, *, positive: bool = False, optional: bool = False
) -> Decimal | None:
    if optional and _blank(value):
        return None
    number = None if _blank(value) else _decimal(value)
    if number is None or number != number.quantize(PENNY) or number < 0 or (positive and number == 0):
        errors.add(field, (NOT_POSITIVE_MONEY if positive else NOT_MONEY).format(label=label))
        return None
    if number >= Decimal("10000000000"):  # numeric(12,2)
        errors.add(field, (NOT_POSITIVE_MONEY if positive else NOT_MONEY).format(label=label))
        return None
    return number.quantize(PENNY)


def _ratio(
    value: Any, field: str, label: str, errors: ErrorCollector, *, places: str, optional: bool
) -> Decimal | None:
    if optional and _blank(value):
        return None
    number = None if _blank(value) else _decimal(value)
    if number is None or not 0 <= number <= 1 or number != number.quantize(Decimal(places)):
        errors.add(field, RATIO_INVALID.format(label=label))
        return None
    return number


@dataclass
class _Cleaned:
    vat_rate: Decimal | None
    banded: dict[str, Any]
    terms: list[tuple[Band, Decimal | None, Decimal | None]]
    flat: dict[str, Any] | None


def _validate(
    *,
    active: ActiveLeadProvider,
    contract_type: str | None,
    vat_rate: Any,
    banded: BandedValues,
    flat_rate: FlatRateValues | None,
) -> _Cleaned:
    errors = ErrorCollector()
    if contract_type not in ContractType.values:
        errors.add("contract_type", CONTRACT_TYPE_INVALID)
    rate = _ratio(vat_rate, "vat_rate", "VAT rate", errors, places="0.01", optional=False)
    if errors.has("vat_rate"):
        errors.errors[-1] = DomainError("vat_rate", VAT_RATE_INVALID)
    cleaned_banded = {
        "recruitment_target": _whole(banded.recruitment_target, "recruitment_target", "Recruitment target", errors),
        "setup_fee": _money(banded.setup_fee, "setup_fee", "Setup fee", errors),
        "uplift_fee_per_declaration": _money(
            banded.uplift_fee_per_declaration, "uplift_fee_per_declaration", "Uplift fee per declaration", errors
        ),
        "monthly_service_fee": _money(
            banded.monthly_service_fee, "monthly_service_fee", "Monthly service fee", errors, optional=True
        ),
        "uplift_target_ratio": _ratio(
            banded.uplift_target_ratio, "uplift_target_ratio", "Uplift target", errors, places="0.0001", optional=True
        ),
    }
    terms = []
    for term in banded.band_terms:
        letter = chr(ord("A") + term.band.allocation_order - 1)
        if term.band.active_lead_provider_id != active.pk:
            errors.add(BASE, BAND_OF_ANOTHER_PROVIDER)
            continue
        fee = _money(
            term.fee_per_declaration,
            f"band_{letter.lower()}_fee_per_declaration",
            f"Band {letter} fee per declaration",
            errors,
            positive=True,
        )
        percentage = None if _blank(term.output_fee_percentage) else _decimal(term.output_fee_percentage)
        if percentage is None or percentage != percentage.to_integral_value() or not 0 <= percentage <= 100:
            errors.add(
                f"band_{letter.lower()}_output_fee_percentage",
                PERCENTAGE_INVALID.format(label=f"Band {letter} output fee percentage"),
            )
            percentage = None
        terms.append((term.band, fee, None if percentage is None else (percentage / HUNDRED).quantize(PENNY)))
    cleaned_flat = None
    if contract_type == ContractType.ECF and flat_rate is not None:
        errors.add(BASE, FLAT_RATE_NOT_ALLOWED)
    elif contract_type == ContractType.ITTECF_ECTP:
        if flat_rate is None:
            errors.add(BASE, FLAT_RATE_REQUIRED)
        else:
            cleaned_flat = {
                "recruitment_target": _whole(
                    flat_rate.recruitment_target,
                    "flat_recruitment_target",
                    "Mentors recruitment target",
                    errors,
                    positive=True,
                ),
                "fee_per_declaration": _money(
                    flat_rate.fee_per_declaration,
                    "flat_fee_per_declaration",
                    "Mentor fee per declaration",
                    errors,
                    positive=True,
                ),
            }
    errors.raise_if_any()
    return _Cleaned(rate, cleaned_banded, terms, cleaned_flat)


def _check_editable(active: ActiveLeadProvider) -> None:
    if payments_frozen(active.contract_period):
        raise DomainError(BASE, PAYMENTS_FROZEN)


def _active(active_lead_provider: ActiveLeadProvider) -> ActiveLeadProvider:
    return ActiveLeadProvider.objects.select_related("lead_provider", "contract_period").get(pk=active_lead_provider.pk)


def _write_terms(structure: BandedFeeStructure, terms) -> dict[str, tuple[Any, Any]]:
    """Create or change each band's terms; returns the changes as `band_<letter>_<attribute>`."""
    existing = {term.band_id: term for term in structure.band_terms.all()}
    changes: dict[str, tuple[Any, Any]] = {}
    for band, fee, output in terms:
        letter = chr(ord("a") + band.allocation_order - 1)
        values = {"fee_per_declaration": fee, "output_fee_ratio": output, "service_fee_ratio": Decimal("1") - output}
        term = existing.get(band.pk)
        if term is None:
            BandTerm.objects.create(banded_fee_structure=structure, band=band, **values)
            for attribute, new in values.items():
                changes[f"band_{letter}_{attribute}"] = (None, new)
            continue
        changed = False
        for attribute, new in values.items():
            old = getattr(term, attribute)
            if old != new:
                changes[f"band_{letter}_{attribute}"] = (old, new)
                setattr(term, attribute, new)
                changed = True
        if changed:
            term.save()
    return changes


@service
def create_contract(
    *,
    author: Author,
    active_lead_provider: ActiveLeadProvider,
    contract_type: str | None,
    vat_rate: Any = "0.20",
    banded: BandedValues,
    flat_rate: FlatRateValues | None = None,
) -> Contract:
    active = _active(active_lead_provider)
    _check_editable(active)
    cleaned = _validate(
        active=active, contract_type=contract_type, vat_rate=vat_rate, banded=banded, flat_rate=flat_rate
    )
    contract = Contract.objects.create(
        active_lead_provider=active, contract_type=contract_type, vat_rate=cleaned.vat_rate
    )
    structure = BandedFeeStructure.objects.create(contract=contract, **cleaned.banded)
    _write_terms(structure, cleaned.terms)
    if cleaned.flat is not None:
        FlatRateFeeStructure.objects.create(contract=contract, **cleaned.flat)
    record.contract_created(author=author, contract=contract)
    return contract


@service
def update_contract(
    *,
    author: Author,
    contract: Contract,
    vat_rate: Any,
    banded: BandedValues,
    flat_rate: FlatRateValues | None = None,
) -> Contract:
    """The contract type and its lead provider stay as they were (§3.3: the provider is read-only)."""
    stored = Contract.objects.select_for_update().select_related("active_lead_provider").get(pk=contract.pk)
    active = _active(stored.active_lead_provider)
    _check_editable(active)
    cleaned = _validate(
        active=active, contract_type=stored.contract_type, vat_rate=vat_rate, banded=banded, flat_rate=flat_rate
    )
    changes: dict[str, tuple[Any, Any]] = {}
    if stored.vat_rate != cleaned.vat_rate:
        changes["vat_rate"] = (stored.vat_rate, cleaned.vat_rate)
        stored.vat_rate = cleaned.vat_rate
        stored.save(update_fields=["vat_rate", "updated_at"])
    structure = BandedFeeStructure.objects.filter(contract=stored).first()
    if structure is None:
        structure = BandedFeeStructure.objects.create(contract=stored, **cleaned.banded)
        changes.update({field: (None, value) for field, value in cleaned.banded.items()})
    else:
        banded_changes = {}
        for field, new in cleaned.banded.items():
            old = getattr(structure, field)
            if old != new:
                banded_changes[field] = (old, new)
                setattr(structure, field, new)
        if banded_changes:
            structure.save()
            changes.update(banded_changes)
    changes.update(_write_terms(structure, cleaned.terms))
    if cleaned.flat is not None:
        flat = FlatRateFeeStructure.objects.filter(contract=stored).first()
        if flat is None:
            FlatRateFeeStructure.objects.create(contract=stored, **cleaned.flat)
            changes.update({f"flat_rate_{field}": (None, value) for field, value in cleaned.flat.items()})
        else:
            flat_changes = {}
            for field, new in cleaned.flat.items():
                old = getattr(flat, field)
                if old != new:
                    flat_changes[f"flat_rate_{field}"] = (old, new)
                    setattr(flat, field, new)
            if flat_changes:
                flat.save()
                changes.update(flat_changes)
    if changes:
        stored.save(update_fields=["updated_at"])
        record.contract_updated(author=author, contract=stored, modifications=describe_changes(changes))
    contract.refresh_from_db()
    return stored


@service
def delete_contract(*, author: Author, contract: Contract) -> None:
    """§3.3: not while any statement references it, nor once payments are frozen."""
    stored = Contract.objects.select_for_update().select_related("active_lead_provider").get(pk=contract.pk)
    active = _active(stored.active_lead_provider)
    _check_editable(active)
    if stored.statements.exists():
        raise DomainError(BASE, CONTRACT_IN_USE)
    contract_id = stored.pk
    stored.delete()
    stored.active_lead_provider = active
    record.contract_deleted(author=author, contract=stored, contract_id=contract_id)


def band_term_defaults(active_lead_provider: ActiveLeadProvider) -> dict[int, BandTerm]:
    """§3.3: a new contract's band terms start as the provider's most recently created contract's, by band."""
    latest = Contract.objects.filter(active_lead_provider=active_lead_provider).order_by("-created_at", "-pk").first()
    structure = BandedFeeStructure.objects.filter(contract=latest).first() if latest else None
    if structure is None:
        return {}
    return {term.band_id: term for term in structure.band_terms.all()}
