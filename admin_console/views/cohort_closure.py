"""Closing a contract period from the console (issue 8 item 5): choose the period and where its participants go,
preview exactly what would change (the service's dry run), then close it with a confirmation. Finance roles only:
closing stops a cohort's payments."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from core.errors import DomainError
from events.authors import Author
from providers.models import ContractPeriod
from providers.services.cohort_closure import close_contract_period
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import GovUKForm, show_domain_errors

CONFIRM_REQUIRED = "Confirm that you want to close the contract period"
CLOSED = "Contract period {year} is closed. {moved} participants moved to {successor}."


class ClosureForm(GovUKForm):
    year = forms.TypedChoiceField(
        label="Contract period to close", coerce=int, error_messages={"required": "Select a contract period to close"}
    )
    successor_year = forms.TypedChoiceField(
        label="Move participants still training to",
        coerce=int,
        error_messages={"required": "Select the contract period participants move to"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        periods = [p for p in ContractPeriod.objects.order_by("year") if not p.is_payments_frozen]
        self.fields["year"].choices = [("", "Select")] + [(p.year, str(p.year)) for p in periods]
        self.fields["successor_year"].choices = [("", "Select")] + [(p.year, str(p.year)) for p in periods if p.enabled]


class ConfirmForm(ClosureForm):
    confirm = forms.BooleanField(
        label="I understand that no more declarations can be made for this contract period",
        error_messages={"required": CONFIRM_REQUIRED},
    )


@dfe_staff_required(Capability.FINANCE)
def close_period(request: HttpRequest) -> HttpResponse:
    """GET with a period chosen previews; POST closes."""
    author = Author.dfe_staff_user(request.staff_user)
    report = None
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                report = close_contract_period(
                    author=author,
                    year=form.cleaned_data["year"],
                    successor_year=form.cleaned_data["successor_year"],
                    dry_run=False,
                )
            except DomainError as error:
                show_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    CLOSED.format(year=report.year, moved=len(report.moved), successor=report.successor_year),
                )
                return render(request, "admin_console/cohort_closure/closed.html", {"report": report})
        elif "year" in form.cleaned_data and "successor_year" in form.cleaned_data:
            report = _preview(author, form)  # only the confirmation is missing: show the preview again
    else:
        form = ClosureForm(request.GET if "year" in request.GET else None)
        if form.is_bound and form.is_valid():
            report = _preview(author, form)
    return render(request, "admin_console/cohort_closure/close.html", {"form": form, "report": report})


def _preview(author: Author, form: ClosureForm):
    try:
        return close_contract_period(
            author=author,
            year=form.cleaned_data["year"],
            successor_year=form.cleaned_data["successor_year"],
            dry_run=True,
        )
    except DomainError as error:
        show_domain_errors(form, error)
        return None


urlpatterns = [
    path("admin/finance/contract-periods/close", close_period, name="close-contract-period"),
]
