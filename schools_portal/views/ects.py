"""ECT pages for school users (journeys.md §4.4, §4.5). Views read through `schools_portal.selectors` and
`schools.selectors`; they hold no rules."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path

from schools.selectors import can_register_new_ects, registration_window_reopening_label
from schools_portal import selectors
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from sign_in.permissions import school_user_required
from teachers.services.school_reported_training import changes_the_school_can_report


@school_user_required
@induction_tutor_confirmed
def ects_home(request: HttpRequest) -> HttpResponse:
    """§4.4: the school's ECTs as summary cards, 20 a page, searchable by name or TRN; behind the §4.3 gate like
    every ECT page."""
    school = request.acting_school
    query = request.GET.get("q", "").strip()
    any_ects = selectors.school_ects(school).exists()
    periods = selectors.school_ects(school, query=query)
    page = Paginator(periods, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools_portal/ects_home.html",
        {
            "school": school,
            "can_register": can_register_new_ects(school),
            "any_ects": any_ects,
            "query": query,
            "page": page,
            "summaries": [selectors.ect_summary(period) for period in page.object_list],
            "registration_reopens": registration_window_reopening_label(),
        },
    )


@school_user_required
def registration_window_closed(request: HttpRequest) -> HttpResponse:
    """§4.13 / §8.1: what cannot be done until registration reopens (while open, back to the ECTs)."""
    reopens = registration_window_reopening_label()
    if reopens is None:
        return HttpResponseRedirect("/school/home/ects")
    return render(request, "schools_portal/registration_window_closed.html", {"reopens": reopens})


def _back_url(request: HttpRequest) -> str:
    """§4.5: back to the ECTs, or to the mentor's page when opened from it."""
    mentor_id = request.GET.get("back_to_mentor", "")
    return f"/school/mentors/{mentor_id}" if mentor_id.isdigit() else "/school/home/ects"


@school_user_required
@induction_tutor_confirmed
def ect_details(request: HttpRequest, ect_id: int) -> HttpResponse:
    """§4.5: one ECT at the signed-in school (another school's ECT is 404)."""
    period = get_object_or_404(
        selectors.school_ects(request.acting_school).select_related("reported_leaving_by_school"), pk=ect_id
    )
    summary = selectors.ect_summary(period)
    return render(
        request,
        "schools_portal/ect_details.html",
        {
            "school": request.acting_school,
            "summary": summary,
            "period": period,
            "has_open_induction": selectors.has_open_induction(period),
            "training_changes": changes_the_school_can_report(period),
            "leaving": summary.tag.label == "Leaving school",
            "back_url": _back_url(request),
        },
    )


def access_denied(request: HttpRequest) -> HttpResponse:
    """§4.1 rule 2: why a DfE Sign-in school user cannot use the service; a school that is not blocked goes to
    its ECTs. (Not behind `school_user_required`, which sends blocked schools here.)"""
    from schools.models import GIASSchool
    from schools.selectors import is_blocked_from_service_access
    from sign_in import session

    user = session.current_user(request)
    urn = user.acting_school_urn if user is not None else None
    if urn is None:
        return HttpResponseRedirect("/")
    if not is_blocked_from_service_access(urn=urn):
        return HttpResponseRedirect("/school/home/ects")
    gias_school = GIASSchool.objects.filter(urn=urn).first()
    name = gias_school.name if gias_school else user.school_name
    return render(request, "schools_portal/access_denied.html", {"school_name": name})


urlpatterns = [
    path("school/home/ects", ects_home, name="ects-home"),
    path("school/ects/<int:ect_id>", ect_details, name="ect-details"),
    path("school/access-denied", access_denied, name="access-denied"),
    path("school/registration-window-closed", registration_window_closed, name="registration-window-closed"),
]
