"""Finding a declaration by its ID and voiding it (journeys.md §6.8.6; finance.md §6.2). Voiding goes through
`declarations.services.transitions.void_declaration`: an unpaid declaration is voided (recording the DfE user), a
paid one awaits clawback on the provider's next output statement."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from admin_console.finance.forms import SearchDeclarationsForm, VoidDeclarationForm
from admin_console.selectors.teacher_record import DECLARATION_STATE_TAGS, declaration_state
from core.errors import DomainError
from declarations import messages as declaration_messages
from declarations.models import Declaration, PaymentStatus
from declarations.services.transitions import void_declaration
from finance.selectors.statements import statement_name
from sign_in import session
from sign_in.permissions import Capability, dfe_staff_required
from web.rendering import render_page

finance_required = dfe_staff_required(Capability.FINANCE)
# finance.md §6.2: what a finance user reads when a paid declaration has no future statement to be clawed back on.
NO_STATEMENT_FOR_CLAWBACK = "This declaration has been paid, and no future statement exists for clawback"


def declarations_tab_url(declaration: Declaration) -> str:
    return reverse("admin_console:teacher-declarations", args=[declaration.teacher_id])


@finance_required
def search_declarations(request: HttpRequest) -> HttpResponse:
    """A known declaration ID goes to its teacher's Declarations tab; anything else shows no results."""
    form = SearchDeclarationsForm(request.GET if "declaration_id" in request.GET else None)
    searched = None
    if form.is_bound and form.is_valid():
        searched = form.cleaned_data["declaration_id"].strip()
        try:
            api_id = uuid.UUID(searched)
        except ValueError:
            api_id = None
        declaration = Declaration.objects.filter(api_id=api_id).first() if api_id else None
        if declaration is not None:
            return HttpResponseRedirect(declarations_tab_url(declaration))
    return render(request, "admin_console/finance/search_declarations.html", {"form": form, "searched": searched})


def _summary(declaration: Declaration) -> list[tuple[str, str]]:
    period = declaration.training_period
    partnership = period.school_partnership
    lead_provider = (
        partnership.lead_provider_delivery_partnership.active_lead_provider.lead_provider.name if partnership else None
    )
    state = declaration_state(declaration)
    tag = DECLARATION_STATE_TAGS.get(state)
    return [
        ("Declaration ID", str(declaration.api_id)),
        ("Declaration type", declaration.declaration_type),
        ("State", tag.label if tag else state),
        ("Lead provider", lead_provider or "Not available"),
        (
            "Delivery partner",
            declaration.delivery_partner_when_created.name
            if declaration.delivery_partner_when_created_id
            else "Delivery partner not recorded",
        ),
        ("Statement", statement_name(declaration.payment_statement) if declaration.payment_statement else "None"),
    ]


@finance_required
def void_new(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = get_object_or_404(
        Declaration.objects.select_related(
            "teacher",
            "payment_statement",
            "delivery_partner_when_created",
            "training_period__school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider",
        ),
        pk=declaration_id,
    )
    form = VoidDeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        was_paid = declaration.payment_status == PaymentStatus.PAID
        try:
            void_declaration(
                author=session.current_user(request).author(),
                declaration=declaration,
                voided_by_user=request.staff_user,
            )
        except DomainError as error:
            message = error.message
            if was_paid and message.startswith(declaration_messages.NO_OUTPUT_STATEMENT_FOR_CLAWBACK[:20]):
                message = NO_STATEMENT_FOR_CLAWBACK
            form.add_error(None, message)
        else:
            messages.success(request, "Declaration voided")
            return HttpResponseRedirect(declarations_tab_url(declaration))
    return render_page(
        request,
        "admin_console/finance/void_declaration.html",
        {
            "declaration": declaration,
            "name": declaration.teacher.full_name,
            "summary": _summary(declaration),
            "form": form,
            "back_url": declarations_tab_url(declaration),
        },
    )


urlpatterns = [
    path("admin/finance/search-declarations", search_declarations, name="finance-search-declarations"),
    path("admin/finance/declarations/<int:declaration_id>/voids/new", void_new, name="finance-void-declaration"),
]
