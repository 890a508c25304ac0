"""A lead provider in a contract period (journeys.md §6.8.7 "Lead providers for a year", "Statements for an LP"):
its contracts, bands and statements, and adding, changing and deleting its statements through
`finance.services.statements`."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from admin_console.finance.forms import StatementForm
from admin_console.finance.presenters import status_tag
from core.errors import DomainError
from finance.models import Contract, Statement
from finance.selectors.contracts import band_letter, contract_description, old_service_version
from finance.selectors.statements import statement_name
from finance.services.statements import create_statement, delete_statement, update_statement
from providers.models import ActiveLeadProvider
from providers.services.contract_periods import is_editable, payments_frozen
from sign_in import session
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import posted, submitted
from web.rendering import render_page

finance_required = dfe_staff_required(Capability.FINANCE)


def author_of(request: HttpRequest):
    return session.current_user(request).author()


def active_lead_provider_or_404(year: int, active_id: int) -> ActiveLeadProvider:
    return get_object_or_404(
        ActiveLeadProvider.objects.select_related("lead_provider", "contract_period"),
        pk=active_id,
        contract_period_id=year,
    )


def provider_url(active: ActiveLeadProvider) -> str:
    return reverse("admin_console:finance-lead-provider", args=[active.contract_period_id, active.pk])


@finance_required
def lead_provider_page(request: HttpRequest, year: int, active_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    contracts = list(Contract.objects.filter(active_lead_provider=active).order_by("pk"))
    bands, below = [], 0
    for band in active.bands.order_by("allocation_order"):
        bands.append(
            {
                "pk": band.pk,
                "letter": band_letter(band.allocation_order),
                "capacity": f"{band.capacity:,}",
                "min_declarations": f"{below + 1:,}",
                "max_declarations": f"{below + band.capacity:,}",
            }
        )
        below += band.capacity
    statements = Statement.objects.filter(active_lead_provider=active).order_by("payment_date", "pk")
    return render(
        request,
        "admin_console/finance/lead_provider.html",
        {
            "active": active,
            "frozen": payments_frozen(active.contract_period),
            "period_editable": is_editable(active.contract_period),
            "pairings": active.delivery_partnerships.select_related("delivery_partner").order_by(
                "delivery_partner__name"
            ),
            "contracts": [
                {"contract": c, "description": contract_description(c), "version": old_service_version(c)}
                for c in contracts
            ],
            "bands": bands,
            "statements": [
                {"statement": s, "name": statement_name(s), "tag": status_tag(s), "fee_type": s.get_fee_type_display()}
                for s in statements
            ],
        },
    )


def _form(request: HttpRequest, active: ActiveLeadProvider, initial: dict[str, Any] | None = None) -> StatementForm:
    contracts = [
        (str(c.pk), contract_description(c))
        for c in Contract.objects.filter(active_lead_provider=active).order_by("pk")
    ]
    return StatementForm(
        posted(request),
        initial=initial,
        contracts=contracts,
        years=list(range(active.contract_period_id, active.contract_period_id + 5)),
    )


def _values(data: dict[str, Any]) -> dict[str, Any]:
    contract_id = data["contract"]
    return {
        "contract": Contract.objects.filter(pk=contract_id).first() if contract_id.isdigit() else None,
        "month": int(data["month"]) if data["month"] else None,
        "year": int(data["year"]) if data["year"] else None,
        "deadline_date": data["deadline_date"],
        "payment_date": data["payment_date"],
    }


@finance_required
def statement_new(request: HttpRequest, year: int, active_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    form = _form(request, active)
    create = partial(create_statement, author=author_of(request), active_lead_provider=active)
    if done := submitted(request, form, lambda data: create(**_values(data))):
        messages.success(request, f"{statement_name(done.result)} statement added")
        return HttpResponseRedirect(provider_url(active))
    return render_page(
        request,
        "admin_console/finance/statement_form.html",
        {
            "form": form,
            "active": active,
            "heading": "Add a statement",
            "button": "Add statement",
            "back_url": provider_url(active),
        },
    )


def _statement(active: ActiveLeadProvider, statement_id: int) -> Statement:
    return get_object_or_404(Statement, pk=statement_id, active_lead_provider=active)


@finance_required
def statement_edit(request: HttpRequest, year: int, active_id: int, statement_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    statement = _statement(active, statement_id)
    form = _form(
        request,
        active,
        initial={
            "contract": str(statement.contract_id),
            "month": str(statement.month),
            "year": str(statement.year),
            "deadline_date": statement.deadline_date,
            "payment_date": statement.payment_date,
        },
    )
    update = partial(update_statement, author=author_of(request), statement=statement)
    if submitted(request, form, lambda data: update(**_values(data))):
        statement.refresh_from_db()
        messages.success(request, f"{statement_name(statement)} statement updated")
        return HttpResponseRedirect(provider_url(active))
    return render_page(
        request,
        "admin_console/finance/statement_form.html",
        {
            "form": form,
            "active": active,
            "heading": f"Change the {statement_name(statement)} statement",
            "button": "Save changes",
            "back_url": provider_url(active),
        },
    )


@finance_required
def statement_delete(request: HttpRequest, year: int, active_id: int, statement_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    statement = _statement(active, statement_id)
    name = statement_name(statement)
    error = None
    if request.method == "POST":
        try:
            delete_statement(author=author_of(request), statement=statement)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, f"{name} statement deleted")
            return HttpResponseRedirect(provider_url(active))
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to delete the {name} statement?",
            "caption": f"{active.lead_provider.name} – contract period {year}",
            "body": "",
            "button": "Delete statement",
            "error": error,
            "back_url": provider_url(active),
        },
        status=422 if error else 200,
    )


urlpatterns = [
    path(
        "admin/finance/contract-periods/<int:year>/lead-providers/<int:active_id>",
        lead_provider_page,
        name="finance-lead-provider",
    ),
    path(
        "admin/finance/contract-periods/<int:year>/lead-providers/<int:active_id>/statements/new",
        statement_new,
        name="finance-lead-provider-statement-new",
    ),
    path(
        "admin/finance/contract-periods/<int:year>/lead-providers/<int:active_id>/statements/<int:statement_id>/edit",
        statement_edit,
        name="finance-lead-provider-statement-edit",
    ),
    path(
        "admin/finance/contract-periods/<int:year>/lead-providers/<int:active_id>/statements/<int:statement_id>/delete",
        statement_delete,
        name="finance-lead-provider-statement-delete",
    ),
]
