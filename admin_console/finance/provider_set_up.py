"""Lead providers in a contract period and their bands (journeys.md §6.8.7 "Lead providers for a year"; finance.md
§3.2; domain.md §7.8.4–§7.8.5, BR-LP-15, BR-LP-16): adding a lead provider to a year that has not started (seeded
from its previous year by the service), removing an unused one, and adding, enlarging or deleting the last band.
The rules are `providers.services.lead_providers`'."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path

from admin_console.finance.contract_periods import period_url
from admin_console.finance.forms import ActivateLeadProviderForm, BandForm, PairDeliveryPartnerForm
from admin_console.finance.lead_providers import active_lead_provider_or_404, author_of, provider_url
from core.errors import DomainError
from finance.selectors.contracts import band_letter
from providers.models import Band, ContractPeriod, DeliveryPartner, LeadProvider, LeadProviderDeliveryPartnership
from providers.services.delivery_partners import pair_delivery_partner, unpair_delivery_partner
from providers.services.lead_providers import (
    activate_lead_provider,
    add_band,
    check_lead_providers_can_change,
    delete_active_lead_provider,
    lead_providers_can_change,
    update_band,
)
from providers.services.lead_providers import delete_band as remove_band
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import posted, submitted
from web.rendering import render_page

finance_required = dfe_staff_required(Capability.FINANCE)


def _chosen(model: type[Model], value: str) -> Any:
    """The record picked from a list of ids (None when nothing, or something not offered, was sent)."""
    return model.objects.filter(pk=value).first() if value.isdigit() else None


def _capacity(value: str) -> int | None:
    value = (value or "").strip().replace(",", "")
    return int(value) if value.isdigit() else None


@finance_required
def lead_provider_new(request: HttpRequest, year: int) -> HttpResponse:
    contract_period = get_object_or_404(ContractPeriod, year=year)
    if request.method != "POST" and not lead_providers_can_change(contract_period):
        return HttpResponseRedirect(period_url(year))  # nothing to offer; a POST still reaches the service's refusal
    taken = contract_period.active_lead_providers.values_list("lead_provider_id", flat=True)
    choices = [
        (str(pk), name)
        for pk, name in LeadProvider.objects.exclude(pk__in=taken).order_by("name").values_list("pk", "name")
    ]
    form = ActivateLeadProviderForm(posted(request), lead_providers=choices)
    activate = partial(activate_lead_provider, author=author_of(request), contract_period=contract_period)
    if done := submitted(
        request,
        form,
        lambda data: activate(lead_provider=_chosen(LeadProvider, data["lead_provider"])),
        fields={"contract_period_year": "lead_provider"},
    ):
        messages.success(request, f"{done.result.lead_provider.name} added for {year}")
        return HttpResponseRedirect(provider_url(done.result))
    return render_page(
        request,
        "admin_console/finance/lead_provider_form.html",
        {"form": form, "contract_period": contract_period, "back_url": period_url(year)},
    )


@finance_required
def lead_provider_delete(request: HttpRequest, year: int, active_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    error = None
    if request.method == "POST":
        try:
            delete_active_lead_provider(author=author_of(request), active_lead_provider=active)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, f"{active.lead_provider.name} removed for {year}")
            return HttpResponseRedirect(period_url(year))
    else:
        try:
            check_lead_providers_can_change(active.contract_period)  # warn before the user tries
        except DomainError as failure:
            error = failure.message
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to remove {active.lead_provider.name} from {year}?",
            "caption": f"Contract period {year}",
            "body": "Its statements, contracts, partnerships and bands for this year are removed too.",
            "button": "Remove lead provider",
            "error": error,
            "back_url": provider_url(active),
        },
        status=422 if error and request.method == "POST" else 200,
    )


@finance_required
def band_new(request: HttpRequest, year: int, active_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    form = BandForm(posted(request))
    add = partial(add_band, author=author_of(request), active_lead_provider=active)
    if done := submitted(request, form, lambda data: add(capacity=_capacity(data["capacity"]))):
        messages.success(request, f"Band {band_letter(done.result.allocation_order)} added")
        return HttpResponseRedirect(provider_url(active))
    letter = band_letter(active.bands.count() + 1)
    return render_page(
        request,
        "admin_console/finance/band_form.html",
        {"form": form, "active": active, "heading": f"Add band {letter}", "button": "Add band",
         "back_url": provider_url(active)},
    )  # fmt: skip


def _band(active, band_id: int) -> Band:
    return get_object_or_404(Band, pk=band_id, active_lead_provider=active)


@finance_required
def band_edit(request: HttpRequest, year: int, active_id: int, band_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    band = _band(active, band_id)
    letter = band_letter(band.allocation_order)
    form = BandForm(posted(request), initial={"capacity": band.capacity})
    update = partial(update_band, author=author_of(request), band=band)
    if submitted(request, form, lambda data: update(capacity=_capacity(data["capacity"]))):
        messages.success(request, f"Band {letter} updated")
        return HttpResponseRedirect(provider_url(active))
    return render_page(
        request,
        "admin_console/finance/band_form.html",
        {"form": form, "active": active, "heading": f"Change band {letter}", "button": "Save changes",
         "back_url": provider_url(active)},
    )  # fmt: skip


@finance_required
def band_delete(request: HttpRequest, year: int, active_id: int, band_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    band = _band(active, band_id)
    letter = band_letter(band.allocation_order)
    error = None
    if request.method == "POST":
        try:
            remove_band(author=author_of(request), band=band)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, f"Band {letter} deleted")
            return HttpResponseRedirect(provider_url(active))
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to delete band {letter}?",
            "caption": f"{active.lead_provider.name} – contract period {year}",
            "body": "",
            "button": "Delete band",
            "error": error,
            "back_url": provider_url(active),
        },
        status=422 if error else 200,
    )


@finance_required
def delivery_partner_new(request: HttpRequest, year: int, active_id: int) -> HttpResponse:
    """§6.8.7 "Lead provider–delivery partnerships": pair a delivery partner with the provider for this year."""
    active = active_lead_provider_or_404(year, active_id)
    paired = active.delivery_partnerships.values_list("delivery_partner_id", flat=True)
    choices = [
        (str(pk), name)
        for pk, name in DeliveryPartner.objects.exclude(pk__in=paired).order_by("name").values_list("pk", "name")
    ]
    form = PairDeliveryPartnerForm(posted(request), delivery_partners=choices)
    pair = partial(pair_delivery_partner, author=author_of(request), active_lead_provider=active)
    if done := submitted(
        request, form, lambda data: pair(delivery_partner=_chosen(DeliveryPartner, data["delivery_partner"]))
    ):
        messages.success(request, f"{done.result.delivery_partner.name} added as a delivery partner")
        return HttpResponseRedirect(provider_url(active))
    return render_page(
        request,
        "admin_console/finance/delivery_partner_form.html",
        {"form": form, "active": active, "back_url": provider_url(active)},
    )


@finance_required
def delivery_partner_delete(request: HttpRequest, year: int, active_id: int, pairing_id: int) -> HttpResponse:
    active = active_lead_provider_or_404(year, active_id)
    pairing = get_object_or_404(
        LeadProviderDeliveryPartnership.objects.select_related("delivery_partner"),
        pk=pairing_id,
        active_lead_provider=active,
    )
    name = pairing.delivery_partner.name
    error = None
    if request.method == "POST":
        try:
            unpair_delivery_partner(author=author_of(request), pairing=pairing)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, f"{name} removed as a delivery partner")
            return HttpResponseRedirect(provider_url(active))
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to remove {name} as a delivery partner?",
            "caption": f"{active.lead_provider.name} – contract period {year}",
            "body": "",
            "button": "Remove delivery partner",
            "error": error,
            "back_url": provider_url(active),
        },
        status=422 if error else 200,
    )


PREFIX = "admin/finance/contract-periods/<int:year>/lead-providers"
urlpatterns = [
    path(f"{PREFIX}/new", lead_provider_new, name="finance-lead-provider-new"),
    path(f"{PREFIX}/<int:active_id>/delete", lead_provider_delete, name="finance-lead-provider-delete"),
    path(f"{PREFIX}/<int:active_id>/bands/new", band_new, name="finance-band-new"),
    path(f"{PREFIX}/<int:active_id>/delivery-partners/new", delivery_partner_new, name="finance-pairing-new"),
    path(
        f"{PREFIX}/<int:active_id>/delivery-partners/<int:pairing_id>/delete",
        delivery_partner_delete,
        name="finance-pairing-delete",
    ),
    path(f"{PREFIX}/<int:active_id>/bands/<int:band_id>/edit", band_edit, name="finance-band-edit"),
    path(f"{PREFIX}/<int:active_id>/bands/<int:band_id>/delete", band_delete, name="finance-band-delete"),
]
