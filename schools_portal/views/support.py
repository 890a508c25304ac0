"""Support form for school users (journeys.md §4.13): the name, email and school come from the sign-in and are
shown, the user writes a message, and the query goes to Zendesk in the background (`schools_portal.support`)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path

from core.errors import DomainError
from schools_portal.support import submit_support_query
from sign_in import session
from sign_in.permissions import school_user_required
from web.forms import GovUKForm
from web.rendering import render_page

SENT_URL = "/school/support_queries/sent"


class SupportQueryForm(GovUKForm):
    message = forms.CharField(
        label="Your message",
        help_text="Include as much detail as possible.",
        widget=forms.Textarea,
        required=False,
    )


@school_user_required
def new_support_query(request: HttpRequest) -> HttpResponse:
    """Not behind the induction tutor gate: a school stuck at the gate may need help most."""
    user = session.current_user(request)
    school = request.acting_school
    form = SupportQueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_support_query(name=user.name, email=user.email, school=school, message=form.cleaned_data["message"])
        except DomainError as error:
            form.add_error("message" if error.field == "message" else None, error.message)
        else:
            return HttpResponseRedirect(SENT_URL)
    return render_page(request, "schools_portal/support/new.html", {"form": form, "user": user, "school": school})


@school_user_required
def support_query_sent(request: HttpRequest) -> HttpResponse:
    return render_page(request, "schools_portal/support/sent.html", {})


def support(request: HttpRequest) -> HttpResponse:
    """The footer's "Contact support" for school users (§3.1) leads to the support form."""
    return HttpResponseRedirect("/school/support_queries/new")


urlpatterns = [
    path("school/support", support, name="support"),
    path("school/support_queries/new", new_support_query, name="new-support-query"),
    path("school/support_queries", new_support_query, name="support-queries"),
    path("school/support_queries/sent", support_query_sent, name="support-query-sent"),
]
