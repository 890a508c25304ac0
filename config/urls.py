from django.urls import include, path

from core.views import healthcheck

urlpatterns = [
    path("healthcheck", healthcheck, name="healthcheck"),
    path("api/v3/", include("api.v3.urls")),
    path("api/", include("guidance.urls")),
]
