"""Public pages under /api/: the v3 contract and the guidance for lead providers (no token needed)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "guidance"

urlpatterns = [
    path("docs/v3", views.api_docs, name="docs"),
    path("docs/v3/openapi.yaml", views.contract_as_yaml, name="openapi-yaml"),
    path("docs/v3/swagger.yaml", views.contract_as_yaml, name="swagger-yaml"),  # the reference's path for it
    path("docs/v3/openapi.json", views.contract_as_json, name="openapi-json"),
    path("guidance", views.page, {"slug": "index"}, name="index"),
    path(
        "guidance/swagger-api-documentation",
        RedirectView.as_view(pattern_name="guidance:docs", permanent=False),
        name="swagger-redirect",
    ),
    path("guidance/release-notes", views.release_notes, name="release-notes"),
    path("guidance/release-notes/<slug:slug>", views.release_note, name="release-note"),
    path("guidance/<slug:slug>", views.page, name="page"),
]
