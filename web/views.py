"""Public pages (journeys.md §3.2) and the GOV.UK-style error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SCHOOLS_SUPPORT_EMAIL = "continuing-professional-development@digital.education.gov.uk"
APPROPRIATE_BODIES_SUPPORT_EMAIL = "teacher.induction@education.gov.uk"
DFE_SIGN_IN_HELP_URL = "https://help.signin.education.gov.uk/contact-us"


def page(template: str):
    def view(request: HttpRequest) -> HttpResponse:
        return render(
            request,
            f"web/{template}.html",
            {
                "schools_support_email": SCHOOLS_SUPPORT_EMAIL,
                "appropriate_bodies_support_email": APPROPRIATE_BODIES_SUPPORT_EMAIL,
                "dfe_sign_in_help_url": DFE_SIGN_IN_HELP_URL,
            },
        )

    view.__name__ = template.replace("-", "_")
    return view


ERRORS = {
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
    ),
    422: ("Sorry, there is a problem with the service", "The change you wanted was rejected. Go back and try again."),
    429: (
        "Sorry, there is a problem with the service",
        "There have been too many attempts. Wait a few minutes and try again.",
    ),
    500: ("Sorry, there is a problem with the service", "Try again later."),
}


def error_page(status: int):
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        heading, body = ERRORS[status]
        return render(request, "web/error.html", {"heading": heading, "body": body, "status": status}, status=status)

    view.__name__ = f"error_{status}"
    return view


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(500)(request)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(404)(request)
