"""Adding, changing and deleting a contract (journeys.md §6.8.7 "Contracts"; finance.md §3.3–§3.6) through
`finance.services.contracts`. A new contract starts from the provider's latest contract's terms (§3.3)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path

from admin_console.finance.forms import ContractForm
from admin_console.finance.lead_providers import active_lead_provider_or_404, author_of, provider_url
from core.errors import DomainError
from finance.models import BandedFeeStructure, Contract, ContractType, FlatRateFeeStructure
from finance.selectors.contracts import contract_description
from finance.services.contracts import (
    BandedValues,
    BandTermValues,
    FlatRateValues,
    band_term_defaults,
    create_contract,
    delete_contract,
    update_contract,
)
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import posted, submitted
from web.rendering import render_page

finance_required = dfe_staff_required(Capability.FINANCE)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _initial(contract: Contract | None, active, bands) -> dict[str, Any]:
    """The contract's own values, or for a new one the latest contract's (band terms by band)."""
    source = contract or Contract.objects.filter(active_lead_provider=active).order_by("-created_at", "-pk").first()
    initial: dict[str, Any] = {
        "contract_type": ContractType.ITTECF_ECTP
        if active.contract_period.mentor_funding_enabled
        else ContractType.ECF,
        "vat_rate": "0.20",
    }
    if source is not None:
        initial["vat_rate"] = _text(source.vat_rate)
        banded = BandedFeeStructure.objects.filter(contract=source).first()
        if banded is not None:
            for field in (
                "recruitment_target",
                "uplift_fee_per_declaration",
                "monthly_service_fee",
                "setup_fee",
                "uplift_target_ratio",
            ):
                initial[field] = _text(getattr(banded, field))
        flat = FlatRateFeeStructure.objects.filter(contract=source).first()
        if flat is not None:
            initial["flat_recruitment_target"] = _text(flat.recruitment_target)
            initial["flat_fee_per_declaration"] = _text(flat.fee_per_declaration)
    if contract is None:
        terms = band_term_defaults(active)
    else:
        structure = BandedFeeStructure.objects.filter(contract=contract).first()
        terms = {} if structure is None else {t.band_id: t for t in structure.band_terms.all()}
    for band in bands:
        term = terms.get(band.pk)
        if term is not None:
            letter = chr(ord("a") + band.allocation_order - 1)
            initial[f"band_{letter}_fee_per_declaration"] = _text(term.fee_per_declaration)
            initial[f"band_{letter}_output_fee_percentage"] = str(int(term.output_fee_ratio * 100))
    return initial


def _values(form: ContractForm, contract_type: str) -> dict[str, Any]:
    """The contract's terms as the contract services take them."""
    data = form.cleaned_data
    banded = BandedValues(
        recruitment_target=data["recruitment_target"],
        setup_fee=data["setup_fee"],
        uplift_fee_per_declaration=data["uplift_fee_per_declaration"],
        monthly_service_fee=data["monthly_service_fee"],
        uplift_target_ratio=data["uplift_target_ratio"],
        band_terms=tuple(BandTermValues(band, fee.value(), output.value()) for band, fee, output in form.band_fields),
    )
    flat = None
    if contract_type == ContractType.ITTECF_ECTP:
        flat = FlatRateValues(data["flat_recruitment_target"], data["flat_fee_per_declaration"])
    return {"vat_rate": data["vat_rate"], "banded": banded, "flat_rate": flat}


@finance_required
def contract_new(request: HttpRequest, year: int, active_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    bands = list(active.bands.order_by("allocation_order"))
    form = ContractForm(posted(request), initial=_initial(None, active, bands), bands=bands)
    create = partial(create_contract, author=author_of(request), active_lead_provider=active)
    if done := submitted(
        request,
        form,
        lambda data: create(contract_type=data["contract_type"] or None, **_values(form, data["contract_type"])),
    ):
        messages.success(request, f"{contract_description(done.result)} contract added")
        return HttpResponseRedirect(provider_url(active))
    return render_page(
        request,
        "admin_console/finance/contract_form.html",
        {"form": form, "active": active, "heading": "Add a contract", "button": "Add contract",
         "back_url": provider_url(active)},
    )  # fmt: skip


def _contract(active, contract_id: int) -> Contract:
    return get_object_or_404(Contract, pk=contract_id, active_lead_provider=active)


@finance_required
def contract_edit(request: HttpRequest, year: int, active_id: int, contract_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    contract = _contract(active, contract_id)
    bands = list(active.bands.order_by("allocation_order"))
    form = ContractForm(
        posted(request),
        initial=_initial(contract, active, bands),
        bands=bands,
        editing=True,
    )
    update = partial(update_contract, author=author_of(request), contract=contract)
    if submitted(request, form, lambda data: update(**_values(form, contract.contract_type))):
        messages.success(request, f"{contract_description(contract)} contract updated")
        return HttpResponseRedirect(provider_url(active))
    return render_page(
        request,
        "admin_console/finance/contract_form.html",
        {"form": form, "active": active, "contract": contract,
         "heading": f"Change the {contract_description(contract)} contract", "button": "Save changes",
         "back_url": provider_url(active)},
    )  # fmt: skip


@finance_required
def contract_delete(request: HttpRequest, year: int, active_id: int, contract_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    contract = _contract(active, contract_id)
    description = contract_description(contract)
    error = None
    if request.method == "POST":
        try:
            delete_contract(author=author_of(request), contract=contract)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, f"{description} contract deleted")
            return HttpResponseRedirect(provider_url(active))
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to delete the {description} contract?",
            "caption": f"{active.lead_provider.name} – contract period {year}",
            "body": "",
            "button": "Delete contract",
            "error": error,
            "back_url": provider_url(active),
        },
        status=422 if error else 200,
    )


PREFIX = "admin/finance/contract-periods/<int:year>/lead-providers/<int:active_id>/contracts"
urlpatterns = [
    path(f"{PREFIX}/new", contract_new, name="finance-contract-new"),
    path(f"{PREFIX}/<int:contract_id>/edit", contract_edit, name="finance-contract-edit"),
    path(f"{PREFIX}/<int:contract_id>/delete", contract_delete, name="finance-contract-delete"),
]
