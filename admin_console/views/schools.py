"""Schools in the console (journeys.md §6.6): search by name or URN, a school's overview with the button to act as
that school (§2.6), its teachers and its partnerships."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from admin_console.selectors import search
from admin_console.views.teachers import teacher_search_context
from providers.models import SchoolPartnership
from schools.models import School
from sign_in.permissions import Capability, dfe_staff_required, has_capability
from web.forms import GovUKForm


class SchoolSearchForm(GovUKForm):
    q = forms.CharField(label="Search by name or URN", required=False)


@dfe_staff_required()
def schools_search(request: HttpRequest) -> HttpResponse:
    form = SchoolSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = search.search_schools(query, page=request.GET.get("page", 1))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "admin_console/schools/search.html",
        {"form": form, "page": page, "filters": filters.urlencode(), "searched": bool(query)},
    )


def _school(urn: int) -> School:
    return get_object_or_404(School.objects.select_related("gias_school"), gias_school_id=urn)


def _page(request: HttpRequest, school: School, tab: str, **context) -> HttpResponse:
    tabs = [
        {"key": "overview", "label": "Overview", "url": f"/admin/schools/{school.urn}/overview"},
        {"key": "teachers", "label": "Teachers", "url": f"/admin/schools/{school.urn}/teachers"},
        {"key": "partnerships", "label": "Partnerships", "url": f"/admin/schools/{school.urn}/partnerships"},
    ]
    return render(
        request,
        f"admin_console/schools/{tab}.html",
        {
            "school": school,
            "gias": school.gias_school,
            "tab": tab,
            "tabs": tabs,
            "can_impersonate": has_capability(request, Capability.IMPERSONATE),
            **context,
        },
    )


@dfe_staff_required()
def school_redirect(request: HttpRequest, urn: int) -> HttpResponse:
    return redirect(f"/admin/schools/{urn}/overview")


@dfe_staff_required()
def school_overview(request: HttpRequest, urn: int) -> HttpResponse:
    school = _school(urn)
    gias = school.gias_school
    address = ", ".join(p for p in (gias.address_line1, gias.address_line2, gias.address_line3, gias.postcode) if p)
    return _page(request, school, "overview", address=address)


@dfe_staff_required()
def school_teachers(request: HttpRequest, urn: int) -> HttpResponse:
    school = _school(urn)
    return _page(request, school, "teachers", **teacher_search_context(request, school=school))


@dfe_staff_required()
def school_partnerships(request: HttpRequest, urn: int) -> HttpResponse:
    school = _school(urn)
    partnerships = (
        SchoolPartnership.objects.filter(school=school)
        .select_related(
            "lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "lead_provider_delivery_partnership__delivery_partner",
        )
        .order_by("-lead_provider_delivery_partnership__active_lead_provider__contract_period_id", "pk")
    )
    years: dict[int, list] = {}
    for p in partnerships:
        years.setdefault(p.lead_provider_delivery_partnership.active_lead_provider.contract_period_id, []).append(p)
    return _page(request, school, "partnerships", years=years)


urlpatterns = [
    path("admin/schools", schools_search, name="schools"),
    path("admin/schools/<int:urn>", school_redirect, name="school"),
    path("admin/schools/<int:urn>/overview", school_overview, name="school-overview"),
    path("admin/schools/<int:urn>/teachers", school_teachers, name="school-teachers"),
    path("admin/schools/<int:urn>/partnerships", school_partnerships, name="school-partnerships"),
]
