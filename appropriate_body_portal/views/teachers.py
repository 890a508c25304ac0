"""The appropriate body's teachers (journeys.md §5.1 onwards)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from sign_in.permissions import appropriate_body_user_required


@appropriate_body_user_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sign_in/landing.html",
        {"heading": "Teachers", "organisation": request.acting_appropriate_body.name},
    )


urlpatterns = [
    path("appropriate-body/teachers", home, name="home"),
]
