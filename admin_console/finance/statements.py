"""Finance statements (journeys.md §6.8.1–§6.8.5; finance.md §5, §8, §9): the landing page, the statements list,
the statement page with every line of finance.md §8, the declarations CSV, authorising payment and adjustments.
Views parse, authorise (finance capability), call `finance.services` and render; the figures come from
`finance.calculation` through `finance.selectors.statements.computed_statement`."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from admin_console.finance import presenters
from admin_console.finance.forms import (
    AdjustmentForm,
    AuthoriseForm,
    StatementFilterForm,
    StatementSelectorForm,
)
from core.errors import DomainError
from finance.models import FeeType, Statement, StatementAdjustment
from finance.selectors.declarations_export import declarations_export_csv
from finance.selectors.statement_list import (
    STATEMENT_TYPES,
    StatementFilters,
    contract_year_choices,
    first_matching_statement,
    lead_provider_choices,
    statement_date_choices,
    statement_date_value,
    statements_matching,
)
from finance.selectors.statements import (
    adjustments_editable,
    can_authorise_for_payment,
    computed_statement,
    statement_name,
)
from finance.services.adjustments import (
    add_statement_adjustment,
    delete_statement_adjustment,
    update_statement_adjustment,
)
from finance.services.lifecycle import authorise_statement_for_payment
from sign_in import session
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import posted, submitted
from web.rendering import render_page

PAGE_SIZE = 20
finance_required = dfe_staff_required(Capability.FINANCE)


def _author(request: HttpRequest):
    return session.current_user(request).author()


def statement_url(statement: Statement | int) -> str:
    return reverse("admin_console:finance-statement", args=[statement if isinstance(statement, int) else statement.pk])


def _statement_or_404(statement_id: int) -> Statement:
    return get_object_or_404(
        Statement.objects.select_related(
            "active_lead_provider__lead_provider", "active_lead_provider__contract_period"
        ),
        pk=statement_id,
    )


# Landing and list -------------------------------------------------------------------------------------------------


@finance_required
def finance_landing(request: HttpRequest) -> HttpResponse:
    """§6.8.1."""
    return render(request, "admin_console/finance/landing.html")


@finance_required
def statements_list(request: HttpRequest) -> HttpResponse:
    """§6.8.2: filters (output statements by default), 20 a page."""
    filters = StatementFilters.parse(request.GET)
    form = StatementFilterForm(
        initial=filters.query(),
        choices={
            "lead_provider": lead_provider_choices(),
            "contract_period": contract_year_choices(),
            "statement_date": statement_date_choices(),
            "statement_type": list(STATEMENT_TYPES),
        },
    )
    page = Paginator(statements_matching(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "statement": statement,
            "name": statement_name(statement),
            "lead_provider": statement.active_lead_provider.lead_provider.name,
            "contract_year": statement.active_lead_provider.contract_period_id,
            "tag": presenters.status_tag(statement),
            "url": statement_url(statement),
        }
        for statement in page
    ]
    return render(
        request,
        "admin_console/finance/statements.html",
        {"form": form, "page": page, "rows": rows, "filter_query": urlencode(filters.query())},
    )


# Statement page ---------------------------------------------------------------------------------------------------


def _selector_form(statement: Statement) -> StatementSelectorForm:
    return StatementSelectorForm(
        initial={
            "lead_provider": str(statement.active_lead_provider.lead_provider_id),
            "contract_period": str(statement.active_lead_provider.contract_period_id),
            "statement_date": statement_date_value(statement.year, statement.month),
        },
        choices={
            "lead_provider": lead_provider_choices()[1:],
            "contract_period": contract_year_choices()[1:],
            "statement_date": statement_date_choices()[1:],
        },
    )


@finance_required
def statement_page(request: HttpRequest, statement_id: int) -> HttpResponse:
    """§6.8.3 / finance.md §8, every figure computed now (nothing is stored, §12 #14)."""
    try:
        computed = computed_statement(statement_id)
    except Statement.DoesNotExist:
        raise Http404 from None
    statement = computed.statement
    is_output = statement.fee_type == FeeType.OUTPUT
    editable = adjustments_editable(statement)
    adjustments = [
        {"adjustment": a, "amount": presenters.money(a.amount)}
        for a in StatementAdjustment.objects.filter(statement=statement).order_by("created_at", "pk")
    ]
    return render(
        request,
        "admin_console/finance/statement.html",
        {
            "statement": statement,
            "name": computed.name,
            "lead_provider": statement.active_lead_provider.lead_provider,
            "is_output": is_output,
            "is_ecf": computed.calculation.contract_type == "ecf",
            "lines": presenters.statement_page(computed.lines),
            "can_authorise": is_output and can_authorise_for_payment(statement),
            "authorised_at": presenters.authorised_at(statement.marked_as_paid_at),
            "adjustments_editable": editable,
            "adjustments": adjustments,
            "audit_notes": statement.audit_notes.order_by("created_at", "pk"),
            "selector": _selector_form(statement),
            "pdf_name": f"{statement.active_lead_provider.lead_provider.name} {computed.name} financial statement",
            "tag": presenters.status_tag(statement),
        },
    )


@finance_required
@require_POST
def choose_statement(request: HttpRequest) -> HttpResponse:
    """§6.8.3 item 1: jump to the statement for that provider, year and month, else to the list so filtered."""
    filters = StatementFilters.parse(request.POST)
    statement = first_matching_statement(
        lead_provider_id=filters.lead_provider_id,
        contract_period_year=filters.contract_period_year,
        year=filters.year,
        month=filters.month,
    )
    if statement is not None:
        return HttpResponseRedirect(statement_url(statement))
    query = {**filters.query(), "statement_type": "all"}
    return HttpResponseRedirect(f"{reverse('admin_console:finance-statements')}?{urlencode(query)}")


@finance_required
def declarations_export(request: HttpRequest, statement_id: int) -> HttpResponse:
    """finance.md §9: output statements only (a service statement's export is 404)."""
    statement = _statement_or_404(statement_id)
    if statement.fee_type != FeeType.OUTPUT:
        raise Http404
    filename, text = declarations_export_csv(statement.pk)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Authorising payment ----------------------------------------------------------------------------------------------


@finance_required
def authorise(request: HttpRequest, statement_id: int) -> HttpResponse:
    """§6.8.4 "Check and authorise statement for payment": the overview again and one checkbox."""
    statement = _statement_or_404(statement_id)
    if not can_authorise_for_payment(statement):
        return HttpResponseRedirect(statement_url(statement))
    form = AuthoriseForm(posted(request))
    authorise_it = partial(authorise_statement_for_payment, author=_author(request), statement=statement)
    if submitted(request, form, lambda data: authorise_it(**data)):
        messages.success(request, "Statement authorisation processed successfully")
        return HttpResponseRedirect(statement_url(statement))
    computed = computed_statement(statement.pk)
    return render_page(
        request,
        "admin_console/finance/authorise.html",
        {
            "statement": statement,
            "name": computed.name,
            "lines": presenters.statement_page(computed.lines),
            "form": form,
            "back_url": statement_url(statement),
        },
    )


# Adjustments ------------------------------------------------------------------------------------------------------


def _editable_statement(statement_id: int) -> Statement | HttpResponse:
    statement = _statement_or_404(statement_id)
    if not adjustments_editable(statement):
        return HttpResponseRedirect(statement_url(statement))
    return statement


@finance_required
def adjustment_new(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _editable_statement(statement_id)
    if isinstance(statement, HttpResponse):
        return statement
    form = AdjustmentForm(posted(request))
    if submitted(
        request, form, lambda data: add_statement_adjustment(author=_author(request), statement=statement, **data)
    ):
        messages.success(request, "Adjustment added")
        return HttpResponseRedirect(statement_url(statement))
    return render_page(
        request,
        "admin_console/finance/adjustment_form.html",
        {
            "statement": statement,
            "name": statement_name(statement),
            "form": form,
            "heading": "Add an adjustment",
            "button": "Add adjustment",
            "back_url": statement_url(statement),
        },
    )


def _adjustment(statement: Statement, adjustment_id: int) -> StatementAdjustment:
    return get_object_or_404(StatementAdjustment, pk=adjustment_id, statement=statement)


@finance_required
def adjustment_edit(request: HttpRequest, statement_id: int, adjustment_id: int) -> HttpResponse:
    statement = _editable_statement(statement_id)
    if isinstance(statement, HttpResponse):
        return statement
    adjustment = _adjustment(statement, adjustment_id)
    form = AdjustmentForm(
        posted(request), initial={"payment_type": adjustment.payment_type, "amount": f"{adjustment.amount}"}
    )
    if submitted(
        request, form, lambda data: update_statement_adjustment(author=_author(request), adjustment=adjustment, **data)
    ):
        messages.success(request, "Adjustment changed")
        return HttpResponseRedirect(statement_url(statement))
    return render_page(
        request,
        "admin_console/finance/adjustment_form.html",
        {
            "statement": statement,
            "name": statement_name(statement),
            "form": form,
            "heading": "Change adjustment",
            "button": "Change adjustment",
            "back_url": statement_url(statement),
        },
    )


@finance_required
def adjustment_delete(request: HttpRequest, statement_id: int, adjustment_id: int) -> HttpResponse:
    statement = _editable_statement(statement_id)
    if isinstance(statement, HttpResponse):
        return statement
    adjustment = _adjustment(statement, adjustment_id)
    error = None
    if request.method == "POST":
        try:
            delete_statement_adjustment(author=_author(request), adjustment=adjustment)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, "Adjustment removed")
            return HttpResponseRedirect(statement_url(statement))
    return render(
        request,
        "admin_console/finance/adjustment_delete.html",
        {
            "statement": statement,
            "name": statement_name(statement),
            "adjustment": adjustment,
            "amount": presenters.money(adjustment.amount),
            "error": error,
            "back_url": statement_url(statement),
        },
        status=422 if error else 200,
    )


urlpatterns = [
    path("admin/finance", finance_landing, name="finance"),
    path("admin/finance/statements", statements_list, name="finance-statements"),
    path("admin/finance/statements/choose", choose_statement, name="finance-statements-choose"),
    path("admin/finance/statements/<int:statement_id>", statement_page, name="finance-statement"),
    path(
        "admin/finance/statements/<int:statement_id>/declarations_export.csv",
        declarations_export,
        name="finance-statement-export",
    ),
    path(
        "admin/finance/statements/<int:statement_id>/authorisations/new",
        authorise,
        name="finance-statement-authorise",
    ),
    path(
        "admin/finance/statements/<int:statement_id>/adjustments/new",
        adjustment_new,
        name="finance-adjustment-new",
    ),
    path(
        "admin/finance/statements/<int:statement_id>/adjustments/<int:adjustment_id>/edit",
        adjustment_edit,
        name="finance-adjustment-edit",
    ),
    path(
        "admin/finance/statements/<int:statement_id>/adjustments/<int:adjustment_id>/delete",
        adjustment_delete,
        name="finance-adjustment-delete",
    ),
]
