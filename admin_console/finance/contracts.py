"""Viewing a contract (finance.md §3.3–§3.6; journeys.md §6.8.7 "Contracts"): type, VAT, the banded and flat-rate
fee structures and the bands with their terms, plus the statements that use it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from admin_console.finance.presenters import money, status_tag
from finance.models import Contract
from finance.selectors.contracts import (
    applicable_vat_rate,
    computed_monthly_service_fee,
    contract_bands,
    contract_description,
    old_service_version,
)
from finance.selectors.statements import statement_name
from sign_in.permissions import Capability, dfe_staff_required


def _percentage(ratio) -> str:
    return f"{int(ratio * 100)}%"


@dfe_staff_required(Capability.FINANCE)
def contract_page(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_object_or_404(
        Contract.objects.select_related(
            "active_lead_provider__lead_provider",
            "active_lead_provider__contract_period",
            "banded_fee_structure",
            "flat_rate_fee_structure",
        ),
        pk=contract_id,
    )
    banded = getattr(contract, "banded_fee_structure", None)
    flat = getattr(contract, "flat_rate_fee_structure", None)
    bands = contract_bands(contract)
    service_fee = computed_monthly_service_fee(contract, bands)
    statements = [
        {"statement": s, "name": statement_name(s), "tag": status_tag(s)}
        for s in contract.statements.order_by("payment_date", "pk")
    ]
    return render(
        request,
        "admin_console/finance/contract.html",
        {
            "contract": contract,
            "active": contract.active_lead_provider,
            "description": contract_description(contract),
            "old_service_version": old_service_version(contract),
            "contract_type": contract.contract_type.upper(),
            "vat_rate": f"{contract.vat_rate}",
            "applicable_vat": _percentage(applicable_vat_rate(contract)),
            "vat_registered": contract.active_lead_provider.lead_provider.vat_registered,
            "banded": banded,
            "banded_rows": None
            if banded is None
            else [
                ("Recruitment target", f"{banded.recruitment_target:,}"),
                ("Revised recruitment target (150%)", f"{banded.recruitment_target * 3 // 2:,}"),
                ("Uplift fee per declaration", money(banded.uplift_fee_per_declaration)),
                (
                    "Uplift target",
                    "Not set" if banded.uplift_target_ratio is None else _percentage(banded.uplift_target_ratio),
                ),
                (
                    "Monthly service fee",
                    money(banded.monthly_service_fee)
                    if banded.monthly_service_fee is not None
                    else f"Calculated: {money(service_fee)}",
                ),
                ("Setup fee", money(banded.setup_fee)),
            ],
            "bands": [
                {
                    "letter": band.letter,
                    "min": f"{band.min_declarations:,}",
                    "max": f"{band.max_declarations:,}",
                    "fee": money(band.term.fee_per_declaration) if band.term else "No terms",
                    "output": f"{band.output_fee_percentage}%" if band.term else "",
                    "service": f"{band.service_fee_percentage}%" if band.term else "",
                }
                for band in bands
            ],
            "flat": flat,
            "flat_rows": None
            if flat is None
            else [
                ("Mentors recruitment target", f"{flat.recruitment_target:,}"),
                ("Fee per declaration", money(flat.fee_per_declaration)),
                ("Paid on started (50%)", money(flat.fee_per_declaration / 2)),
                ("Paid on completed (50%)", money(flat.fee_per_declaration / 2)),
            ],
            "statements": statements,
            "back_url": reverse(
                "admin_console:finance-contract-period", args=[contract.active_lead_provider.contract_period_id]
            ),
        },
    )


urlpatterns = [
    path("admin/finance/contracts/<int:contract_id>", contract_page, name="finance-contract"),
]
