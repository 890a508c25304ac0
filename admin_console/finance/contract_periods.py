"""Contract period set-up for the next academic year (journeys.md §6.8.7; domain.md §7.8.1–§7.8.3): the list, a new
period (schedules and milestones copied from the year before by the service), editing before it starts, the period's
page with its set-up task list, lead providers and their contracts, and adding or removing schedules and milestones.
Every rule and event is `providers.services.contract_periods`'."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from admin_console.finance.forms import ContractPeriodForm, MilestoneForm, ScheduleForm
from core.errors import DomainError
from finance.selectors.contracts import contract_description, old_service_version
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeclarationType,
    Milestone,
    Schedule,
    ScheduleIdentifier,
)
from providers.services.contract_periods import (
    add_milestone,
    add_schedule,
    create_contract_period,
    is_editable,
    remove_milestone,
    remove_schedule,
    update_contract_period,
)
from sign_in import session
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import posted, submitted
from web.rendering import render_page

finance_required = dfe_staff_required(Capability.FINANCE)
FLAGS = ("detailed_evidence_types_enabled", "mentor_funding_enabled", "uplift_fees_enabled")


def _author(request: HttpRequest):
    return session.current_user(request).author()


def period_url(contract_period: ContractPeriod | int) -> str:
    year = contract_period if isinstance(contract_period, int) else contract_period.year
    return reverse("admin_console:finance-contract-period", args=[year])


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@finance_required
def contract_periods(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "admin_console/finance/contract_periods.html",
        {"contract_periods": ContractPeriod.objects.order_by("-year")},
    )


@finance_required
def contract_period_new(request: HttpRequest) -> HttpResponse:
    """A new period is enabled, and gets the year before's schedules and milestones a year on (the service)."""
    latest = ContractPeriod.objects.order_by("-year").first()
    initial: dict[str, Any] = {"uplift_fees_enabled": False}
    if latest is not None:
        initial.update(year=str(latest.year + 1), mentor_funding_enabled=latest.mentor_funding_enabled)
    form = ContractPeriodForm(posted(request), initial=initial)
    if submitted(request, form, lambda data: create_contract_period(author=_author(request), **data)):
        messages.success(request, f"Contract period {form.cleaned_data['year']} added")
        return HttpResponseRedirect(period_url(form.cleaned_data["year"]))
    return render_page(
        request,
        "admin_console/finance/contract_period_form.html",
        {
            "form": form,
            "heading": "Add a contract period",
            "button": "Add contract period",
            "back_url": reverse("admin_console:finance-contract-periods"),
        },
    )


@finance_required
def contract_period_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Only before the period starts (BR-CP-04); afterwards the page goes back to the period."""
    contract_period = get_object_or_404(ContractPeriod, year=year)
    if not is_editable(contract_period):
        return HttpResponseRedirect(period_url(contract_period))
    form = ContractPeriodForm(
        posted(request),
        editing=True,
        initial={
            "started_on": contract_period.started_on,
            "finished_on": contract_period.finished_on,
            **{flag: getattr(contract_period, flag) for flag in FLAGS},
        },
    )
    update = partial(update_contract_period, author=_author(request), contract_period=contract_period)
    if submitted(request, form, lambda data: update(**data)):
        messages.success(request, f"Contract period {contract_period.year} updated")
        return HttpResponseRedirect(period_url(contract_period))
    return render_page(
        request,
        "admin_console/finance/contract_period_form.html",
        {
            "form": form,
            "heading": f"Edit contract period {contract_period.year}",
            "button": "Save changes",
            "back_url": period_url(contract_period),
        },
    )


def _lead_provider_rows(contract_period: ContractPeriod) -> list[dict[str, Any]]:
    actives = (
        ActiveLeadProvider.objects.filter(contract_period=contract_period)
        .select_related("lead_provider")
        .annotate(
            statements_count=Count("statements", distinct=True),
            delivery_partners_count=Count("delivery_partnerships", distinct=True),
            bands_count=Count("bands", distinct=True),
        )
        .order_by("lead_provider__name")
    )
    rows = []
    for active in actives:
        contracts = list(active.contracts.order_by("pk"))
        rows.append(
            {
                "active": active,
                "contracts": [
                    {"contract": c, "description": contract_description(c), "version": old_service_version(c)}
                    for c in contracts
                ],
                "statements": active.statements_count,
                "delivery_partners": active.delivery_partners_count,
                "bands": active.bands_count,
            }
        )
    return rows


@finance_required
def contract_period_page(request: HttpRequest, year: int) -> HttpResponse:
    contract_period = get_object_or_404(ContractPeriod, year=year)
    lead_providers = _lead_provider_rows(contract_period)
    schedules = list(contract_period.schedules.prefetch_related("milestones").order_by("identifier"))
    order = {value: index for index, value in enumerate(ScheduleIdentifier.values)}
    schedules.sort(key=lambda s: order.get(s.identifier, len(order)))
    type_order = {value: index for index, value in enumerate(DeclarationType.values)}
    frozen = contract_period.payments_frozen_at
    summary = [
        ("Year", str(contract_period.year)),
        ("Started on", contract_period.started_on),
        ("Finished on", contract_period.finished_on),
        ("Enabled", _yes_no(contract_period.enabled)),
        ("Mentor funding enabled", _yes_no(contract_period.mentor_funding_enabled)),
        ("Detailed evidence types enabled", _yes_no(contract_period.detailed_evidence_types_enabled)),
        ("Uplift fees enabled", _yes_no(contract_period.uplift_fees_enabled)),
        ("Payments frozen", frozen or "No"),
    ]
    if schedules:
        schedules_status = "Completed"
    elif lead_providers:
        schedules_status = "Incomplete"
    else:
        schedules_status = "Cannot start yet"
    return render(
        request,
        "admin_console/finance/contract_period.html",
        {
            "contract_period": contract_period,
            "summary": summary,
            "editable": is_editable(contract_period),
            "lead_providers": lead_providers,
            "lead_providers_status": "Completed" if lead_providers else "Incomplete",
            "schedules_status": schedules_status,
            "schedules": [
                {
                    "schedule": schedule,
                    "milestones": sorted(
                        schedule.milestones.all(), key=lambda m: type_order.get(m.declaration_type, 99)
                    ),
                }
                for schedule in schedules
            ],
        },
    )


# Schedules and milestones -----------------------------------------------------------------------------------------


@finance_required
def schedule_new(request: HttpRequest, year: int) -> HttpResponse:
    contract_period = get_object_or_404(ContractPeriod, year=year)
    used = set(contract_period.schedules.values_list("identifier", flat=True))
    identifiers = [(value, value) for value in ScheduleIdentifier.values if value not in used]
    form = ScheduleForm(posted(request), identifiers=identifiers)
    if submitted(
        request, form, lambda data: add_schedule(author=_author(request), contract_period=contract_period, **data)
    ):
        messages.success(request, f"Schedule {form.cleaned_data['identifier']} added")
        return HttpResponseRedirect(period_url(contract_period))
    return render_page(
        request,
        "admin_console/finance/schedule_form.html",
        {"form": form, "contract_period": contract_period, "back_url": period_url(contract_period)},
    )


def _schedule(year: int, schedule_id: int) -> Schedule:
    return get_object_or_404(
        Schedule.objects.select_related("contract_period"), pk=schedule_id, contract_period_id=year
    )


@finance_required
def schedule_delete(request: HttpRequest, year: int, schedule_id: int) -> HttpResponse:
    schedule = _schedule(year, schedule_id)
    error = None
    if request.method == "POST":
        try:
            remove_schedule(author=_author(request), schedule=schedule)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, f"Schedule {schedule.identifier} removed")
            return HttpResponseRedirect(period_url(year))
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to remove the {schedule.identifier} schedule?",
            "caption": f"Contract period {year}",
            "body": "Its milestones will be removed too.",
            "button": "Remove schedule",
            "error": error,
            "back_url": period_url(year),
        },
        status=422 if error else 200,
    )


@finance_required
def milestone_new(request: HttpRequest, year: int, schedule_id: int) -> HttpResponse:
    schedule = _schedule(year, schedule_id)
    used = set(schedule.milestones.values_list("declaration_type", flat=True))
    types = [("", "Choose a declaration type")] + [
        (value, label) for value, label in DeclarationType.choices if value not in used
    ]
    form = MilestoneForm(posted(request), declaration_types=types)
    add = partial(add_milestone, author=_author(request), schedule=schedule)
    if submitted(request, form, lambda data: add(**{**data, "declaration_type": data["declaration_type"] or None})):
        messages.success(request, f"Milestone {form.cleaned_data['declaration_type']} added to {schedule.identifier}")
        return HttpResponseRedirect(period_url(year))
    return render_page(
        request,
        "admin_console/finance/milestone_form.html",
        {"form": form, "schedule": schedule, "back_url": period_url(year)},
    )


@finance_required
def milestone_delete(request: HttpRequest, year: int, schedule_id: int, milestone_id: int) -> HttpResponse:
    schedule = _schedule(year, schedule_id)
    milestone = get_object_or_404(Milestone, pk=milestone_id, schedule=schedule)
    if request.method == "POST":
        remove_milestone(author=_author(request), milestone=milestone)
        messages.success(request, f"Milestone {milestone.declaration_type} removed from {schedule.identifier}")
        return HttpResponseRedirect(period_url(year))
    return render(
        request,
        "admin_console/finance/confirm_remove.html",
        {
            "heading": f"Are you sure you want to remove the {milestone.declaration_type} milestone?",
            "caption": f"{schedule.identifier} – contract period {year}",
            "body": "",
            "button": "Remove milestone",
            "error": None,
            "back_url": period_url(year),
        },
    )


urlpatterns = [
    path("admin/finance/contract-periods", contract_periods, name="finance-contract-periods"),
    path("admin/finance/contract-periods/new", contract_period_new, name="finance-contract-period-new"),
    path("admin/finance/contract-periods/<int:year>", contract_period_page, name="finance-contract-period"),
    path("admin/finance/contract-periods/<int:year>/edit", contract_period_edit, name="finance-contract-period-edit"),
    path("admin/finance/contract-periods/<int:year>/schedules/new", schedule_new, name="finance-schedule-new"),
    path(
        "admin/finance/contract-periods/<int:year>/schedules/<int:schedule_id>/delete",
        schedule_delete,
        name="finance-schedule-delete",
    ),
    path(
        "admin/finance/contract-periods/<int:year>/schedules/<int:schedule_id>/milestones/new",
        milestone_new,
        name="finance-milestone-new",
    ),
    path(
        "admin/finance/contract-periods/<int:year>/schedules/<int:schedule_id>/milestones/<int:milestone_id>/delete",
        milestone_delete,
        name="finance-milestone-delete",
    ),
]
