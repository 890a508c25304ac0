"""Sign-in routes (journeys.md §10.1)."""

from django.urls import path
from django.views.generic import RedirectView

from sign_in import views

app_name = "sign_in"

urlpatterns = [
    path("sign-in", views.sign_in_chooser, name="chooser"),
    path("auth/dfe_sign_in", views.dfe_sign_in_start, name="dfe-start"),
    path("auth/dfe/callback", views.dfe_sign_in_callback, name="dfe-callback"),
    path("auth/failure", views.auth_failure, name="failure"),
    path("auth/persona/callback", views.persona_callback, name="persona-callback"),
    path("access-denied", views.access_denied, name="access-denied"),
    path("switch-role", views.switch_role, name="switch-role"),
    path("sign-out", views.sign_out, name="sign-out"),
    path("otp-sign-in", views.otp_sign_in, name="otp"),
    path("otp-sign-in/code", views.otp_code, name="otp-code"),
    path("otp-sign-in/verify", views.otp_verify, name="otp-verify"),
    path("personas", views.persona_list, name="personas"),
    path("admin/schools/<int:urn>/impersonate", views.start_impersonating, name="start-impersonating"),
    path("admin/impersonate/stop", views.stop_impersonating, name="stop-impersonating"),
    # §2.1: DfE staff land on /admin, which is the teachers search.
    path("admin", RedirectView.as_view(url="/admin/teachers", permanent=False), name="admin"),
]
