"""Organisations in the console (journeys.md §6.7): appropriate bodies with their current ECTs, lead providers and
delivery partners."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from admin_console.selectors import search
from appropriate_bodies.models import AppropriateBodyPeriod
from events.authors import Author
from providers.models import ActiveLeadProvider, ContractPeriod, DeliveryPartner, LeadProviderDeliveryPartnership
from providers.services.delivery_partner_years import current_pairings, only_additions, set_lead_providers_for_year
from providers.services.delivery_partners import create_delivery_partner, rename_delivery_partner
from sign_in.permissions import dfe_staff_required
from teachers.models import InductionPeriod
from web.forms import GovUKForm, posted, submitted


class NameSearchForm(GovUKForm):
    q = forms.CharField(required=False)

    def __init__(self, *args, label: str, hint: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = label
        self.fields["q"].help_text = hint or ""


def _query(form: NameSearchForm) -> str:
    return form.cleaned_data.get("q", "") if form.is_valid() else ""


@dfe_staff_required()
def organisations(request: HttpRequest) -> HttpResponse:
    return render(request, "admin_console/organisations/index.html")


@dfe_staff_required()
def appropriate_bodies(request: HttpRequest) -> HttpResponse:
    form = NameSearchForm(request.GET or None, label="Search for an appropriate body")
    qs = search.appropriate_bodies_matching(_query(form)).annotate(
        ongoing=Count("induction_periods", filter=Q(induction_periods__finished_on__isnull=True))
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page", 1))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "admin_console/organisations/appropriate_bodies.html",
        {"form": form, "page": page, "filters": filters.urlencode()},
    )


def _current_inductions(body: AppropriateBodyPeriod):
    return InductionPeriod.objects.filter(appropriate_body_period=body, finished_on__isnull=True)


@dfe_staff_required()
def appropriate_body(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(AppropriateBodyPeriod, pk=pk)
    return render(
        request,
        "admin_console/organisations/appropriate_body.html",
        {
            "body": body,
            "current_ects": _current_inductions(body).count(),
            "batches": body.batches.count(),
        },
    )


@dfe_staff_required()
def appropriate_body_current_ects(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(AppropriateBodyPeriod, pk=pk)
    form = NameSearchForm(request.GET or None, label="Search ECTs", hint="Enter a name or TRN")
    teachers = (
        search.teachers_matching(_query(form))
        .filter(induction_periods__in=_current_inductions(body))
        .order_by("trs_last_name", "trs_first_name", "pk")
    )
    page = Paginator(teachers, 30).get_page(request.GET.get("page", 1))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "admin_console/organisations/current_ects.html",
        {
            "body": body,
            "form": form,
            "page": page,
            "filters": filters.urlencode(),
            "count": _current_inductions(body).count(),
        },
    )


@dfe_staff_required()
def lead_providers(request: HttpRequest) -> HttpResponse:
    return render(
        request, "admin_console/organisations/lead_providers.html", {"lead_providers": search.lead_providers_matching()}
    )


@dfe_staff_required()
def delivery_partners(request: HttpRequest) -> HttpResponse:
    form = NameSearchForm(request.GET or None, label="Search for delivery partner", hint="Search by name")
    query = _query(form)
    page = Paginator(search.delivery_partners_matching(query), 30).get_page(request.GET.get("page", 1))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "admin_console/organisations/delivery_partners.html",
        {"form": form, "page": page, "filters": filters.urlencode(), "searched": bool(query)},
    )


class DeliveryPartnerNameForm(GovUKForm):
    name = forms.CharField(required=False)

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = label


@dfe_staff_required()
def new_delivery_partner(request: HttpRequest) -> HttpResponse:
    form = DeliveryPartnerNameForm(posted(request), label="Delivery partner name")
    author = Author.dfe_staff_user(request.staff_user)
    if done := submitted(request, form, lambda data: create_delivery_partner(author=author, **data)):
        messages.success(request, "Delivery partner added")
        return redirect(f"/admin/organisations/delivery-partners/{done.result.pk}")
    return render(request, "admin_console/organisations/delivery_partner_form.html", {"form": form, "partner": None})


@dfe_staff_required()
def edit_delivery_partner(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(DeliveryPartner, pk=pk)
    form = DeliveryPartnerNameForm(posted(request), initial={"name": partner.name}, label="New name")
    rename = partial(
        rename_delivery_partner, author=Author.dfe_staff_user(request.staff_user), delivery_partner=partner
    )
    if submitted(request, form, lambda data: rename(**data)):
        messages.success(request, "Delivery partner name changed")
        return redirect(f"/admin/organisations/delivery-partners/{partner.pk}")
    return render(request, "admin_console/organisations/delivery_partner_form.html", {"form": form, "partner": partner})


@dfe_staff_required()
def delivery_partner(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(DeliveryPartner, pk=pk)
    partnerships = (
        LeadProviderDeliveryPartnership.objects.filter(delivery_partner=partner)
        .select_related("active_lead_provider__lead_provider")
        .order_by("active_lead_provider__lead_provider__name")
    )
    by_year: dict[int, list] = {}
    for p in partnerships:
        by_year.setdefault(p.active_lead_provider.contract_period_id, []).append(p.active_lead_provider.lead_provider)
    years = [
        (year, by_year.get(year, []))
        for year in ContractPeriod.objects.filter(active_lead_providers__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    ]
    return render(request, "admin_console/organisations/delivery_partner.html", {"partner": partner, "years": years})


class LeadProvidersForYearForm(GovUKForm):
    active_lead_providers = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, label: str, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["active_lead_providers"].label = label
        self.fields["active_lead_providers"].choices = choices


@dfe_staff_required()
def delivery_partner_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    partner = get_object_or_404(DeliveryPartner, pk=pk)
    contract_period = get_object_or_404(ContractPeriod, year=year)
    active = {
        str(a.pk): a
        for a in ActiveLeadProvider.objects.filter(contract_period=contract_period)
        .select_related("lead_provider")
        .order_by("lead_provider__name")
    }
    current = [str(p.active_lead_provider_id) for p in current_pairings(partner, contract_period)]
    form = LeadProvidersForYearForm(
        posted(request),
        initial={"active_lead_providers": current},
        label=f"Which lead providers work with {partner.name} in {year}?",
        choices=[(pk_, a.lead_provider.name) for pk_, a in active.items()],
    )
    set_for_year = partial(
        set_lead_providers_for_year,
        author=Author.dfe_staff_user(request.staff_user),
        delivery_partner=partner,
        contract_period=contract_period,
    )
    if submitted(
        request,
        form,
        lambda data: set_for_year(active_lead_providers=[active[k] for k in data["active_lead_providers"]]),
    ):
        messages.success(request, f"Lead providers for {year} updated")
        return redirect(f"/admin/organisations/delivery-partners/{partner.pk}")
    return render(
        request,
        "admin_console/organisations/delivery_partner_year.html",
        {"partner": partner, "year": year, "form": form, "only_additions": only_additions(contract_period)},
    )


urlpatterns = [
    path("admin/organisations", organisations, name="organisations"),
    path("admin/organisations/appropriate-bodies", appropriate_bodies, name="appropriate-bodies"),
    path("admin/organisations/appropriate-bodies/<int:pk>", appropriate_body, name="appropriate-body"),
    path(
        "admin/organisations/appropriate-bodies/<int:pk>/current-ects",
        appropriate_body_current_ects,
        name="appropriate-body-current-ects",
    ),
    path("admin/organisations/lead-providers", lead_providers, name="lead-providers"),
    path("admin/organisations/delivery-partners", delivery_partners, name="delivery-partners"),
    path("admin/organisations/delivery-partners/new", new_delivery_partner, name="delivery-partner-new"),
    path("admin/organisations/delivery-partners/<int:pk>", delivery_partner, name="delivery-partner"),
    path("admin/organisations/delivery-partners/<int:pk>/edit", edit_delivery_partner, name="delivery-partner-edit"),
    path(
        "admin/organisations/delivery-partners/<int:pk>/<int:year>/new",
        delivery_partner_year,
        name="delivery-partner-year",
    ),
]
