"""Add a partnership for a school from the console (journeys.md §6.6 "Add partnership", §9.9 item 9): contract
year, then lead provider active that year, then one of its delivery partners that year, then check answers. The
rules (one partnership per lead provider, school and year; the pairing must exist; school-led-only schools) are
`providers.services.partnerships.create_school_partnership`'s."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from core.errors import DomainError
from events.authors import Author
from providers.models import ActiveLeadProvider, ContractPeriod, DeliveryPartner, LeadProvider
from providers.services.partnerships import create_school_partnership
from schools.models import School
from sign_in.permissions import dfe_staff_required
from web.forms import GovUKForm


class ChoiceForm(GovUKForm):
    choice = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args: Any, label: str, choices: list[tuple[str, str]], required_message: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        field.label, field.choices = label, choices
        field.error_messages["required"] = required_message
        field.error_messages["invalid_choice"] = required_message


def _school(urn: int) -> School:
    return get_object_or_404(School.objects.select_related("gias_school"), gias_school_id=urn)


def _base(school: School) -> str:
    return f"/admin/schools/{school.urn}/partnerships/new"


def _step(
    request: HttpRequest, school: School, *, label: str, choices: list[tuple[str, str]], message: str, next_url
) -> HttpResponse:
    form = ChoiceForm(
        request.POST if request.method == "POST" else None, label=label, choices=choices, required_message=message
    )
    if request.method == "POST" and form.is_valid():
        return redirect(next_url(form.cleaned_data["choice"]))
    return render(request, "admin_console/partnerships/step.html", {"school": school, "form": form})


def _years() -> list[int]:
    return list(ContractPeriod.objects.filter(enabled=True).order_by("-year").values_list("year", flat=True))


def _lead_providers(year: int) -> list[LeadProvider]:
    return list(LeadProvider.objects.filter(active_lead_providers__contract_period_id=year).order_by("name"))


def _delivery_partners(year: int, lead_provider_id: int) -> list[DeliveryPartner]:
    return list(
        DeliveryPartner.objects.filter(
            lead_provider_delivery_partnerships__active_lead_provider__contract_period_id=year,
            lead_provider_delivery_partnerships__active_lead_provider__lead_provider_id=lead_provider_id,
        )
        .distinct()
        .order_by("name")
    )


def _chosen(request: HttpRequest) -> dict[str, int]:
    return {
        k: int(request.GET[k])
        for k in ("year", "lead_provider", "delivery_partner")
        if request.GET.get(k, "").isdigit()
    }


@dfe_staff_required()
def choose_year(request: HttpRequest, urn: int) -> HttpResponse:
    school = _school(urn)
    return _step(
        request,
        school,
        label="Which contract period is this partnership for?",
        choices=[(str(y), f"{y} to {y + 1}") for y in _years()],
        message="Select a contract period",
        next_url=lambda year: f"{_base(school)}/lead-provider?{urlencode({'year': year})}",
    )


@dfe_staff_required()
def choose_lead_provider(request: HttpRequest, urn: int) -> HttpResponse:
    school, chosen = _school(urn), _chosen(request)
    if "year" not in chosen:
        return redirect(_base(school))
    return _step(
        request,
        school,
        label="Which lead provider is this partnership with?",
        choices=[(str(lp.pk), lp.name) for lp in _lead_providers(chosen["year"])],
        message="Select a lead provider",
        next_url=lambda lp: f"{_base(school)}/delivery-partner?{urlencode(chosen | {'lead_provider': lp})}",
    )


@dfe_staff_required()
def choose_delivery_partner(request: HttpRequest, urn: int) -> HttpResponse:
    school, chosen = _school(urn), _chosen(request)
    if not {"year", "lead_provider"} <= set(chosen):
        return redirect(_base(school))
    return _step(
        request,
        school,
        label="Which delivery partner is this partnership with?",
        choices=[(str(dp.pk), dp.name) for dp in _delivery_partners(chosen["year"], chosen["lead_provider"])],
        message="Select a delivery partner",
        next_url=lambda dp: f"{_base(school)}/check-answers?{urlencode(chosen | {'delivery_partner': dp})}",
    )


@dfe_staff_required()
def check_answers(request: HttpRequest, urn: int) -> HttpResponse:
    school, chosen = _school(urn), _chosen(request)
    if len(chosen) != 3:
        return redirect(_base(school))
    lead_provider = get_object_or_404(LeadProvider, pk=chosen["lead_provider"])
    delivery_partner = get_object_or_404(DeliveryPartner, pk=chosen["delivery_partner"])
    error = None
    if request.method == "POST":
        try:
            create_school_partnership(
                author=Author.dfe_staff_user(request.staff_user),
                lead_provider=lead_provider,
                cohort=chosen["year"],
                school_api_id=school.api_id,
                delivery_partner_api_id=delivery_partner.api_id,
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Partnership added")
            return redirect(f"/admin/schools/{school.urn}/partnerships")
    active = ActiveLeadProvider.objects.filter(lead_provider=lead_provider, contract_period_id=chosen["year"]).exists()
    return render(
        request,
        "admin_console/partnerships/check_answers.html",
        {
            "school": school,
            "year": chosen["year"],
            "lead_provider": lead_provider,
            "delivery_partner": delivery_partner,
            "error": error or (None if active else "The lead provider is not active in this contract period"),
        },
    )


NEW = "admin/schools/<int:urn>/partnerships/new"

urlpatterns = [
    path(NEW, choose_year, name="partnership-new"),
    path(f"{NEW}/lead-provider", choose_lead_provider, name="partnership-new-lead-provider"),
    path(f"{NEW}/delivery-partner", choose_delivery_partner, name="partnership-new-delivery-partner"),
    path(f"{NEW}/check-answers", check_answers, name="partnership-new-check-answers"),
]
