"""Finding teachers and seeing their whole record (journeys.md §6)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from sign_in.permissions import dfe_staff_required


@dfe_staff_required()
def teachers_search(request: HttpRequest) -> HttpResponse:
    return render(request, "sign_in/landing.html", {"heading": "Teachers", "organisation": "Department for Education"})


urlpatterns = [
    path("admin/teachers", teachers_search, name="teachers"),
]
