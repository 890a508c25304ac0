"""A small OpenID Connect provider standing in for DfE Sign-in in development and tests (integrations.md §4.6),
served by this application under `/fake-dfe-sign-in/` so that `make run` needs no outside system.

It does what the real client needs, nothing more: a discovery document, an authorisation page where one picks a
user (the directory's), the code-for-token exchange with the client secret, RS256 identity tokens whose key is
published as a JWKS, userinfo, and an end-session endpoint that just redirects back. Codes and access tokens are
signed with Django's signing (so nothing is stored), and the RSA key is made once per process.

Browser-facing endpoints (authorise, end session) are paths on whichever host the browser used; the
server-to-server ones are reached in-process (see `sign_in.dfe_sign_in.oidc`), so the same fake works under
`runserver`, the test client and a live test server alike. Never installed in production.
"""

from __future__ import annotations

import functools
import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from joserfc import jwt
from joserfc.jwk import RSAKey

from sign_in.fake_idp import directory

PATH_PREFIX = "/fake-dfe-sign-in"
CODE_SALT = "fake-dfe-sign-in.code"
ACCESS_TOKEN_SALT = "fake-dfe-sign-in.access-token"
CODE_MAX_AGE = 300
TOKEN_LIFETIME = 3600


@functools.cache
def signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "fake-dfe-sign-in-1", "use": "sig", "alg": "RS256"})


def _issuer() -> str:
    return settings.DFE_SIGN_IN_ISSUER.rstrip("/")


def _require_fake() -> None:
    if not settings.DFE_SIGN_IN_USE_FAKE:
        raise Http404


def discovery(request: HttpRequest) -> JsonResponse:
    _require_fake()
    issuer = _issuer()
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{PATH_PREFIX}/auth",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/certs",
            "userinfo_endpoint": f"{issuer}/me",
            "end_session_endpoint": f"{PATH_PREFIX}/session/end",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "organisation"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "email", "given_name", "family_name", "organisation"],
        }
    )


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """GET: the page to pick who signs in. POST: issue a code for the chosen user and go back to the client."""
    _require_fake()
    params = request.POST if request.method == "POST" else request.GET
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    state = params.get("state", "")
    nonce = params.get("nonce", "")
    if client_id != settings.DFE_SIGN_IN_CLIENT_ID or not redirect_uri or params.get("response_type", "code") != "code":
        return HttpResponse("Unknown client or redirect URI", status=400, content_type="text/plain")
    if request.method == "POST":
        if "cancel" in request.POST:
            return HttpResponseRedirect(
                f"{redirect_uri}?{urlencode({'error': 'access_denied', 'error_description': 'The user cancelled', 'state': state})}"
            )
        person = directory.identity(request.POST.get("sub", ""))
        if person is not None:
            code = signing.dumps(
                {"sub": person.sub, "nonce": nonce, "client_id": client_id, "redirect_uri": redirect_uri},
                salt=CODE_SALT,
            )
            return HttpResponseRedirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")
    return render(
        request,
        "sign_in/fake_idp_authorize.html",
        {
            "people": directory.listing(),
            "hidden": {
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "state": state,
                "nonce": nonce,
                "response_type": "code",
            },
        },
    )


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    import base64

    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        from urllib.parse import unquote

        decoded = base64.b64decode(header[6:]).decode()
        client_id, _, secret = decoded.partition(":")
        return unquote(client_id), unquote(secret)
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _error(error: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error}, status=status)


@csrf_exempt
@require_http_methods(["POST"])
def token(request: HttpRequest) -> JsonResponse:
    _require_fake()
    client_id, secret = _client_credentials(request)
    if client_id != settings.DFE_SIGN_IN_CLIENT_ID or secret != settings.DFE_SIGN_IN_SECRET:
        return _error("invalid_client", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type")
    try:
        grant = signing.loads(request.POST.get("code", ""), salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return _error("invalid_grant")
    if grant["client_id"] != client_id or grant["redirect_uri"] != request.POST.get("redirect_uri"):
        return _error("invalid_grant")
    person = directory.identity(grant["sub"])
    if person is None:
        return _error("invalid_grant")
    now = int(time.time())
    claims: dict[str, Any] = {
        **person.claims(),
        "iss": _issuer(),
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_LIFETIME,
        "nonce": grant["nonce"],
    }
    key = signing_key()
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
    access_token = signing.dumps({"sub": person.sub}, salt=ACCESS_TOKEN_SALT)
    return JsonResponse(
        {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME, "id_token": id_token}
    )


def certs(request: HttpRequest) -> JsonResponse:
    _require_fake()
    return JsonResponse({"keys": [signing_key().as_dict(private=False)]})


def userinfo(request: HttpRequest) -> JsonResponse:
    _require_fake()
    header = request.headers.get("Authorization", "")
    try:
        grant = signing.loads(header.removeprefix("Bearer "), salt=ACCESS_TOKEN_SALT, max_age=TOKEN_LIFETIME)
    except signing.BadSignature:
        return _error("invalid_token", 401)
    person = directory.identity(grant["sub"])
    if person is None:
        return _error("invalid_token", 401)
    return JsonResponse(person.claims())


def end_session(request: HttpRequest) -> HttpResponse:
    """RP-initiated logout: nothing to end here, so straight back to where the client asked."""
    _require_fake()
    target = request.GET.get("post_logout_redirect_uri") or "/"
    if not target.startswith(("/", "http://", "https://")):
        target = "/"
    return HttpResponseRedirect(target)
