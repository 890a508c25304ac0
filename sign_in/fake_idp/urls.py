"""The fake DfE Sign-in's routes, mounted at /fake-dfe-sign-in/ only when DFE_SIGN_IN_USE_FAKE is on."""

from django.urls import path

from sign_in.fake_idp import views

app_name = "fake_idp"

urlpatterns = [
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("auth", views.authorize, name="authorize"),
    path("token", views.token, name="token"),
    path("certs", views.certs, name="certs"),
    path("me", views.userinfo, name="userinfo"),
    path("session/end", views.end_session, name="end-session"),
]
