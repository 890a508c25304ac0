"""The appropriate body's teachers (journeys.md §5.1 home list, §5.3 teacher page). Reads only, through
`appropriate_body_portal.selectors`, each scoped to the signed-in body."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from appropriate_body_portal import selectors
from appropriate_body_portal.views.common import bulk_links, pop_notice
from sign_in.permissions import appropriate_body_user_required


@appropriate_body_user_required
def home(request: HttpRequest, tab: str = selectors.OPEN) -> HttpResponse:
    """§5.1: the body's open (default) or closed inductions, 50 a page, searchable by name or TRN."""
    body = request.acting_appropriate_body
    query = request.GET.get("q", "").strip()
    teachers = selectors.inductions(body, tab, query=query)
    page = Paginator(teachers, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.induction_counts(body, query=query)
    other = selectors.CLOSED if tab == selectors.OPEN else selectors.OPEN
    return render(
        request,
        "appropriate_body_portal/home.html",
        {
            "body": body,
            "tab": tab,
            "other_tab": other,
            "count": counts[tab],
            "other_count": counts[other],
            "query": query,
            "page": page,
            "rows": [(teacher, selectors.status_tag(teacher)) for teacher in page.object_list],
            "records_to_review": selectors.records_to_review(body),
            "bulk": bulk_links(body),
        },
    )


@appropriate_body_user_required
def teacher(request: HttpRequest, teacher_id: int) -> HttpResponse:
    """§5.3: only teachers current here or completed here; anyone else is a 404."""
    body = request.acting_appropriate_body
    found = get_object_or_404(selectors.visible_teachers(body), pk=teacher_id)
    summary = selectors.teacher_summary(found)
    ongoing = selectors.ongoing_period_here(found, body)
    return render(
        request,
        "appropriate_body_portal/teacher.html",
        {"body": body, "summary": summary, "ongoing": ongoing, "notice": pop_notice(request)},
    )


urlpatterns = [
    path("appropriate-body/teachers", home, name="home"),
    path("appropriate-body/teachers/open", home, {"tab": selectors.OPEN}, name="open-inductions"),
    path("appropriate-body/teachers/closed", home, {"tab": selectors.CLOSED}, name="closed-inductions"),
    path("appropriate-body/teachers/<int:teacher_id>", teacher, name="teacher"),
]
