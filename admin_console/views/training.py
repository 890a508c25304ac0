"""Training corrections by DfE staff (journeys.md §6.5): move an ongoing provider-led period to another of the
school's partnerships, and change a period's contract period (choose the year, then a partnership unless the
period is only an expression of interest, then check answers). The rules are the services'
(`teachers.services.admin_training`, `teachers.services.training_changes.change_contract_period`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from core.errors import DomainError
from events.authors import Author
from providers.models import ContractPeriod, SchoolPartnership
from sign_in.permissions import dfe_staff_required
from teachers.messages import training as training_messages
from teachers.models import TrainingPeriod
from teachers.services.admin_training import can_move_partnership, move_to_partnership, other_partnerships
from teachers.services.training_changes import (
    change_contract_period,
    contract_period_of,
    contract_periods_available_for_change,
    is_eligible_for_contract_period_change,
)
from web.forms import GovUKForm, posted, submitted

SELECT_PARTNERSHIP = "Select a partnership"


def _label(partnership: SchoolPartnership) -> str:
    pairing = partnership.lead_provider_delivery_partnership
    return f"{pairing.active_lead_provider.lead_provider.name} & {pairing.delivery_partner.name}"


class PartnershipForm(GovUKForm):
    school_partnership = forms.ChoiceField(widget=forms.RadioSelect, error_messages={"required": SELECT_PARTNERSHIP})

    def __init__(self, *args: Any, partnerships: list[SchoolPartnership], label: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.partnerships = {str(p.pk): p for p in partnerships}
        field = self.fields["school_partnership"]
        field.choices = [(str(p.pk), _label(p)) for p in partnerships]
        field.label = label

    @property
    def chosen(self) -> SchoolPartnership:
        return self.partnerships[self.cleaned_data["school_partnership"]]


class ContractPeriodForm(GovUKForm):
    contract_period = forms.ChoiceField(
        label="Which contract period should this training be in?",
        widget=forms.RadioSelect,
        error_messages={"required": training_messages.CONTRACT_PERIOD_REQUIRED},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["contract_period"].choices = [(str(y), str(y)) for y in years]


def _period(pk: int, period_pk: int) -> TrainingPeriod:
    return get_object_or_404(
        TrainingPeriod.objects.select_related(
            "teacher",
            "schedule",
            "ect_at_school_period__school__gias_school",
            "mentor_at_school_period__school__gias_school",
            "school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "expression_of_interest__lead_provider",
        ),
        pk=period_pk,
        teacher_id=pk,
    )


def _training_url(period: TrainingPeriod) -> str:
    return f"/admin/teachers/{period.teacher_id}/training"


def _base(period: TrainingPeriod) -> str:
    return f"/admin/teachers/{period.teacher_id}/training-periods/{period.pk}"


def _author(request: HttpRequest) -> Author:
    return Author.dfe_staff_user(request.staff_user)


@dfe_staff_required()
def move_partnership(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    if not can_move_partnership(period):
        return redirect(_training_url(period))
    choices = other_partnerships(period)
    school = period.at_school_period.school
    if not choices:
        return render(
            request, "admin_console/training/no_other_partnerships.html", {"period": period, "school": school}
        )
    name = period.teacher.full_name
    form = PartnershipForm(posted(request), partnerships=choices, label=f"Choose a partnership for {name}")
    move = partial(move_to_partnership, author=_author(request), training_period=period)
    if submitted(request, form, lambda data: move(school_partnership=form.chosen)):
        messages.success(request, "Partnership updated")
        return redirect(_training_url(period))
    return render(
        request, "admin_console/training/move_partnership.html", {"period": period, "form": form, "school": school}
    )


def _years(period: TrainingPeriod) -> list[int]:
    return [cp.year for cp in contract_periods_available_for_change(period)]


@dfe_staff_required()
def select_contract_period(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    if not is_eligible_for_contract_period_change(period):
        messages.error(request, training_messages.NOT_ELIGIBLE_FOR_CONTRACT_PERIOD_CHANGE)
        return redirect(_training_url(period))
    form = ContractPeriodForm(request.POST if request.method == "POST" else None, years=_years(period))
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["contract_period"]
        base = f"{_base(period)}/contract-period/change"
        if period.is_only_expression_of_interest:
            return redirect(f"{base}/check-answers?year={year}")
        if not _partnerships_in(period, int(year)):
            return redirect(f"{base}/no-partnerships?year={year}")
        return redirect(f"{base}/select-partnership?year={year}")
    return render(
        request,
        "admin_console/training/select_contract_period.html",
        {"period": period, "form": form, "current": contract_period_of(period)},
    )


def _partnerships_in(period: TrainingPeriod, year: int) -> list[SchoolPartnership]:
    return list(
        SchoolPartnership.objects.filter(
            school_id=period.at_school_period.school_id,
            lead_provider_delivery_partnership__active_lead_provider__contract_period_id=year,
        )
        .select_related(
            "lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "lead_provider_delivery_partnership__delivery_partner",
        )
        .order_by("lead_provider_delivery_partnership__active_lead_provider__lead_provider__name", "pk")
    )


def _year(request: HttpRequest, period: TrainingPeriod) -> int | None:
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and int(year) in _years(period) else None


@dfe_staff_required()
def select_partnership(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    year = _year(request, period)
    if year is None:
        return redirect(f"{_base(period)}/contract-period/change/select-contract-period")
    form = PartnershipForm(
        request.POST if request.method == "POST" else None,
        partnerships=_partnerships_in(period, year),
        label=f"Which {year} partnership should this training be with?",
    )
    if request.method == "POST" and form.is_valid():
        return redirect(
            f"{_base(period)}/contract-period/change/check-answers?year={year}&partnership={form.chosen.pk}"
        )
    return render(
        request, "admin_console/training/select_partnership.html", {"period": period, "form": form, "year": year}
    )


@dfe_staff_required()
def no_partnerships(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    return render(
        request,
        "admin_console/training/no_partnerships.html",
        {"period": period, "year": request.GET.get("year", ""), "school": period.at_school_period.school},
    )


@dfe_staff_required()
def check_answers(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    year = _year(request, period)
    if year is None:
        return redirect(f"{_base(period)}/contract-period/change/select-contract-period")
    partnership = None
    if request.GET.get("partnership", "").isdigit():
        partnership = SchoolPartnership.objects.filter(pk=int(request.GET["partnership"])).first()
    error = None
    if request.method == "POST":
        try:
            change_contract_period(
                author=_author(request),
                training_period=period,
                contract_period=ContractPeriod.objects.get(year=year),
                school_partnership=partnership,
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"Contract period changed to {year}")
            return redirect(_training_url(period))
    return render(
        request,
        "admin_console/training/check_answers.html",
        {
            "period": period,
            "year": year,
            "current": contract_period_of(period),
            "partnership": _label(partnership) if partnership else None,
            "error": error,
            "back": f"{_base(period)}/contract-period/change/select-contract-period",
        },
    )


TRAINING = "admin/teachers/<int:pk>/training-periods/<int:period_pk>"
CHANGE = f"{TRAINING}/contract-period/change"

urlpatterns = [
    path(f"{TRAINING}/partnership/new", move_partnership, name="training-move-partnership"),
    path(f"{CHANGE}/select-contract-period", select_contract_period, name="training-select-contract-period"),
    path(f"{CHANGE}/select-partnership", select_partnership, name="training-select-partnership"),
    path(f"{CHANGE}/no-partnerships", no_partnerships, name="training-no-partnerships"),
    path(f"{CHANGE}/check-answers", check_answers, name="training-check-answers"),
]
