"""DfE Sign-in through OpenID Connect (integrations.md §4.2), with Authlib's Django client: discovery, the
authorisation redirect with state and nonce kept in the session, the code exchange, and identity-token checks
(issuer, audience, expiry, nonce, RS256 signature against the published JWKS).

With `DFE_SIGN_IN_USE_FAKE` the issuer is our own fake (`sign_in.fake_idp`): the client's server-to-server
requests to it (discovery, token, JWKS, userinfo) are answered in-process by a `requests` adapter that calls the
fake's views, so no port or host name has to be known and the test client works without a server.
"""

from __future__ import annotations

import functools
import io
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.urls import resolve
from requests.adapters import BaseAdapter

SCOPES = "openid profile email organisation"
CALLBACK_PATH = "/auth/dfe/callback"


def is_configured() -> bool:
    """§4.2: on only when issuer, client id, secret, redirect URI and sign-out redirect are all set (the fake
    fills them in itself)."""
    if settings.DFE_SIGN_IN_USE_FAKE:
        return True
    return all(
        (
            settings.DFE_SIGN_IN_ISSUER,
            settings.DFE_SIGN_IN_CLIENT_ID,
            settings.DFE_SIGN_IN_SECRET,
            settings.DFE_SIGN_IN_REDIRECT_URI,
            settings.DFE_SIGN_IN_SIGN_OUT_REDIRECT_URI,
        )
    )


class InProcessAdapter(BaseAdapter):
    """Answers requests to the fake issuer by calling the fake's Django views directly (no middleware, no
    request signals: this runs inside another request)."""

    def __init__(self, issuer: str, local_prefix: str):
        super().__init__()
        self.issuer = issuer.rstrip("/")
        self.local_prefix = local_prefix

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url)
        path = self.local_prefix + url.path[len(urlsplit(self.issuer).path) :]
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        environ = {
            "REQUEST_METHOD": request.method,
            "PATH_INFO": path,
            "QUERY_STRING": url.query,
            "SERVER_NAME": url.hostname or "localhost",
            "SERVER_PORT": str(url.port or 80),
            "wsgi.url_scheme": url.scheme,
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": request.headers.get("Content-Type", ""),
        }
        for name, value in request.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[key] = value
        django_request = WSGIRequest(environ)
        match = resolve(path)
        django_response = match.func(django_request, *match.args, **match.kwargs)
        response = requests.Response()
        response.status_code = django_response.status_code
        response._content = django_response.content
        response.headers.update({key: value for key, value in django_response.items()})
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


class FakeIssuerSession(OAuth2Session):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mount(
            settings.DFE_SIGN_IN_ISSUER.rstrip("/") + "/",
            InProcessAdapter(settings.DFE_SIGN_IN_ISSUER, "/fake-dfe-sign-in"),
        )


class FakeIssuerApp(DjangoOAuth2App):
    client_cls = FakeIssuerSession


@functools.cache
def _client(fake: bool, issuer: str, client_id: str) -> DjangoOAuth2App:
    app_cls = FakeIssuerApp if fake else DjangoOAuth2App
    return app_cls(
        DjangoIntegration("dfe"),
        name="dfe",
        client_id=client_id,
        client_secret=settings.DFE_SIGN_IN_SECRET,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPES, "timeout": 10},
    )


def client() -> DjangoOAuth2App:
    """One client per configuration, so Authlib's cached discovery document and JWKS are reused."""
    return _client(settings.DFE_SIGN_IN_USE_FAKE, settings.DFE_SIGN_IN_ISSUER, settings.DFE_SIGN_IN_CLIENT_ID)


def redirect_uri(request) -> str:
    if settings.DFE_SIGN_IN_USE_FAKE or not settings.DFE_SIGN_IN_REDIRECT_URI:
        return request.build_absolute_uri(CALLBACK_PATH)
    return settings.DFE_SIGN_IN_REDIRECT_URI


def sign_out_redirect_uri(request) -> str:
    if settings.DFE_SIGN_IN_USE_FAKE or not settings.DFE_SIGN_IN_SIGN_OUT_REDIRECT_URI:
        return request.build_absolute_uri("/")
    return settings.DFE_SIGN_IN_SIGN_OUT_REDIRECT_URI
