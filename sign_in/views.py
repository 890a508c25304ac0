"""Sign-in pages (journeys.md §2, route map §10.1)."""

from __future__ import annotations

import logging

from authlib.integrations.base_client import OAuthError
from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sign_in import otp, personas, services, session
from sign_in.dfe_sign_in import oidc
from sign_in.dfe_sign_in.decide import Refusal, decide
from sign_in.dfe_sign_in.roles import RolesError, roles_client
from sign_in.permissions import Capability, dfe_staff_required
from sign_in.session import SignInProvider
from web.forms import GovUKForm
from web.rendering import render_page

logger = logging.getLogger(__name__)

ACCESS_DENIED_KEY = "access_denied"
OTP_EMAIL_KEY = "otp_email"
ID_TOKEN_KEY = "dfe_sign_in_id_token"


def sign_in_chooser(request: HttpRequest) -> HttpResponse:
    """§2.4 "Select a sign in method"."""
    return render(
        request,
        "sign_in/chooser.html",
        {"personas_enabled": settings.ENABLE_PERSONAS, "dfe_sign_in_enabled": oidc.is_configured()},
    )


# DfE Sign-in ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def dfe_sign_in_start(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    try:
        return oidc.client().authorize_redirect(request, oidc.redirect_uri(request))
    except Exception:  # discovery failed: DfE Sign-in is down (§4.7)
        logger.exception("DfE Sign-in discovery failed")
        return render(request, "sign_in/failure.html", {"unavailable": True}, status=503)


def dfe_sign_in_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.is_configured():
        raise Http404
    try:
        token = oidc.client().authorize_access_token(request)
    except OAuthError as error:
        logger.info("[Authentication failure] %s", error)
        return HttpResponseRedirect(reverse("sign_in:failure"))
    claims = dict(token.get("userinfo") or {})
    try:
        decision = decide(claims, roles_client())
    except RolesError:
        logger.warning("DfE Sign-in roles API failed", exc_info=True)
        return HttpResponseRedirect(reverse("sign_in:failure"))
    if decision.user is None:
        request.session[ACCESS_DENIED_KEY] = {
            "refusal": str(decision.refusal),
            "organisation_name": decision.organisation_name,
        }
        return HttpResponseRedirect(reverse("sign_in:access-denied"))
    destination = services.complete_sign_in(request, decision.user)
    if token.get("id_token"):
        request.session[ID_TOKEN_KEY] = token["id_token"]
    return HttpResponseRedirect(destination)


def auth_failure(request: HttpRequest) -> HttpResponse:
    return render(request, "sign_in/failure.html", {})


def access_denied(request: HttpRequest) -> HttpResponse:
    details = request.session.get(ACCESS_DENIED_KEY) or {}
    return render(
        request,
        "sign_in/access_denied.html",
        {
            "no_organisation": details.get("refusal") == Refusal.NO_ORGANISATION,
            "organisation_name": details.get("organisation_name"),
            "request_organisation_url": settings.DFE_SIGN_IN_REQUEST_ORGANISATION_URL,
            "my_services_url": settings.DFE_SIGN_IN_MY_SERVICES_URL,
        },
    )


def switch_role(request: HttpRequest) -> HttpResponse:
    user = session.current_user(request)
    if user is None:
        return HttpResponseRedirect("/")
    user = services.switch_role(user)
    session.save(request, user)
    return HttpResponseRedirect(user.home_path)


def sign_out(request: HttpRequest) -> HttpResponse:
    """§2.7: DfE Sign-in users go through its logout; everyone else straight back to the start page."""
    user = session.current_user(request)
    id_token = request.session.get(ID_TOKEN_KEY)
    session.sign_out(request)
    if user is not None and user.provider == SignInProvider.DFE_SIGN_IN and oidc.is_configured():
        try:
            return oidc.client().logout_redirect(
                request, post_logout_redirect_uri=oidc.sign_out_redirect_uri(request), id_token_hint=id_token
            )
        except Exception:
            logger.exception("Could not build the DfE Sign-in logout address")
    return HttpResponseRedirect("/")


# One-time password ----------------------------------------------------------------------------------------


class OTPRequestForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class OTPCodeForm(GovUKForm):
    code = forms.CharField(label="Sign in code", required=False)


@require_http_methods(["GET", "POST"])
def otp_sign_in(request: HttpRequest) -> HttpResponse:
    form = OTPRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        otp.request_code(email, code_page_url=request.build_absolute_uri(reverse("sign_in:otp-code")))
        request.session[OTP_EMAIL_KEY] = email
        return HttpResponseRedirect(reverse("sign_in:otp-code"))
    return render_page(request, "sign_in/otp_request.html", {"form": form})


def otp_code(request: HttpRequest) -> HttpResponse:
    if not request.session.get(OTP_EMAIL_KEY):
        return HttpResponseRedirect(reverse("sign_in:otp"))
    return render_page(request, "sign_in/otp_code.html", {"form": OTPCodeForm(), "failed": False})


@require_POST
def otp_verify(request: HttpRequest) -> HttpResponse:
    email = request.session.get(OTP_EMAIL_KEY)
    if not email:
        return HttpResponseRedirect(reverse("sign_in:otp"))
    form = OTPCodeForm(request.POST)
    form.is_valid()
    result = otp.verify(email, form.cleaned_data.get("code", ""))
    if result.user is None:
        form.add_error("code", result.error)
        return render_page(request, "sign_in/otp_code.html", {"form": form, "failed": True})
    request.session.pop(OTP_EMAIL_KEY, None)
    user = services.staff_session_user(result.user, SignInProvider.OTP)
    return HttpResponseRedirect(services.complete_sign_in(request, user))


# Personas -------------------------------------------------------------------------------------------------


def persona_list(request: HttpRequest) -> HttpResponse:
    if not settings.ENABLE_PERSONAS:
        raise Http404
    return render(request, "sign_in/personas.html", {"personas": personas.personas()})


@require_POST
def persona_callback(request: HttpRequest) -> HttpResponse:
    if not settings.ENABLE_PERSONAS:
        raise Http404
    user = personas.session_user_for(request.POST.get("kind", ""), request.POST.get("key", ""))
    if user is None:
        return HttpResponseRedirect(reverse("sign_in:personas"))
    return HttpResponseRedirect(services.complete_sign_in(request, user))


# Impersonation (§2.6) ------------------------------------------------------------------------------------


@require_POST
@dfe_staff_required(Capability.IMPERSONATE)
def start_impersonating(request: HttpRequest, urn: int) -> HttpResponse:
    from schools.models import School

    school = School.objects.select_related("gias_school").filter(gias_school_id=urn).first()
    if school is None:
        raise Http404
    services.start_impersonating(request, session.current_user(request), school)
    return HttpResponseRedirect(session.SCHOOL_HOME)


@require_POST
def stop_impersonating(request: HttpRequest) -> HttpResponse:
    user = session.current_user(request)
    if user is None or not user.is_impersonating:
        return HttpResponseRedirect("/")
    urn = services.stop_impersonating(request, user)
    return HttpResponseRedirect(f"/admin/schools/{urn}/overview")  # back to the school they were acting as
