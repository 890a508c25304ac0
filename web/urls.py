"""Public pages (journeys.md §3.2, §10.1) and redirects from the previous service's addresses."""

from django.urls import path
from django.views.generic import RedirectView

from web import views

app_name = "web"

urlpatterns = [
    path("", views.page("start"), name="start"),
    path("school-requirements", views.page("school_requirements"), name="school-requirements"),
    path("appropriate-body", views.page("appropriate_body_start"), name="appropriate-body-start"),
    path("cookies", views.page("cookies"), name="cookies"),
    path("accessibility", views.page("accessibility"), name="accessibility"),
    path("privacy", views.page("privacy"), name="privacy"),
    path("support", views.page("support"), name="support"),
    path("404", views.error_page(404), name="error-404"),
    path("422", views.error_page(422), name="error-422"),
    path("429", views.error_page(429), name="error-429"),
    path("500", views.error_page(500), name="error-500"),
    *[
        path(old, RedirectView.as_view(url="/", permanent=True))
        for old in ("users/sign_in", "users/confirm_sign_in", "check-account", "nominations/resend-email")
    ],
]
