"""PLACEHOLDER landing pages: where each kind of user arrives after signing in (journeys.md §2.1).

They only prove sign-in and permissions work end to end. The school (§4.4), appropriate body (§5.1) and admin
(§6.1) home pages replace them: delete the matching line in `sign_in/urls.py` when adding the real page at the
same path (the paths are fixed in `sign_in.session`, so nothing else changes).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sign_in.permissions import appropriate_body_user_required, dfe_staff_required, school_user_required


@school_user_required
def school_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sign_in/landing.html",
        {"heading": "Early career teachers", "organisation": request.acting_school.name},
    )


@appropriate_body_user_required
def appropriate_body_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sign_in/landing.html",
        {"heading": "Teachers", "organisation": request.acting_appropriate_body.name},
    )


@dfe_staff_required()
def admin_home(request: HttpRequest) -> HttpResponse:
    return render(request, "sign_in/landing.html", {"heading": "Teachers", "organisation": "Department for Education"})
