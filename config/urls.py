from django.urls import include, path

from core.views import healthcheck

urlpatterns = [
    path("healthcheck", healthcheck, name="healthcheck"),
    path("api/v3/", include("api.v3.urls")),
    path("api/ab/", include("api.ab.urls")),  # the appropriate body API (docs/appropriate-body-api.md)
    path("api/", include("guidance.urls")),
    path("fake-dfe-sign-in/", include("sign_in.fake_idp.urls")),  # answers 404 unless DFE_SIGN_IN_USE_FAKE
    path("", include("integrations.notify.urls")),
    path("", include("schools_portal.urls")),
    path("", include("appropriate_body_portal.urls")),
    path("", include("admin_console.urls")),
    path("", include("sign_in.urls")),
    path("", include("web.urls")),
    path("", include("sign_in.urls_fallback")),  # keep last: unknown /admin… addresses sign in, then 404
]

handler404 = "web.views.not_found"
handler500 = "web.views.server_error"
