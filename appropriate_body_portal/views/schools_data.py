"""Check data from schools (journeys.md §5.2): what schools reported about this body, as four task lists."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from appropriate_body_portal import selectors
from appropriate_body_portal.views.common import bulk_links
from sign_in.permissions import appropriate_body_user_required

HEADINGS = {
    "claimable": "Check and claim ECT inductions",
    "leavers": "ECTs leaving your appropriate body",
    "no-qts": "ECTs without qualified teacher status (QTS)",
    "claimed-by-another-appropriate-body": "ECTs currently claimed by another appropriate body",
}
LISTS = {
    "claimable": selectors.claimable,
    "leavers": selectors.leavers,
    "no-qts": selectors.no_qts,
    "claimed-by-another-appropriate-body": selectors.claimed_by_another,
}


@appropriate_body_user_required
def landing(request: HttpRequest) -> HttpResponse:
    body = request.acting_appropriate_body
    return render(
        request,
        "appropriate_body_portal/schools_data/landing.html",
        {
            "body": body,
            "year": selectors.academic_year_label(),
            "counts": {kind.replace("-", "_"): LISTS[kind](body).count() for kind in LISTS},
        },
    )


@appropriate_body_user_required
def task_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LISTS:
        raise Http404
    body = request.acting_appropriate_body
    query = request.GET.get("q", "").strip()
    page = Paginator(LISTS[kind](body, query=query), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if kind == "leavers":
        rows = [(period, selectors.recorded_by(period)) for period in rows]
    return render(
        request,
        f"appropriate_body_portal/schools_data/{kind.replace('-', '_')}.html",
        {"body": body, "heading": HEADINGS[kind], "query": query, "page": page, "rows": rows, "bulk": bulk_links(body)},
    )


urlpatterns = [
    path("appropriate-body/schools-data", landing, name="schools-data"),
    path("appropriate-body/schools-data/<slug:kind>", task_list, name="schools-data-list"),
]
