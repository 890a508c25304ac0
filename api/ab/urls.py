from django.urls import path

from . import docs
from .app import api

urlpatterns = [
    path("v1/", api.urls),
    path("docs/v1", docs.docs_page, name="api-ab-docs"),
    path("docs/v1/openapi.json", docs.openapi_json, name="api-ab-openapi-json"),
]
