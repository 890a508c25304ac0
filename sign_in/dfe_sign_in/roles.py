"""The DfE Sign-in public API's role lookup (integrations.md §4.3): which role codes a user holds at an
organisation for this service. `HTTPRolesClient` calls the real API; `FakeRolesClient` answers for the fake
identity provider's users. `roles_client()` picks one from settings."""

from __future__ import annotations

import time
from typing import Protocol

import jwt
import requests
from django.conf import settings


class RolesError(Exception):
    pass


class NotFound(RolesError):
    """404: the user has no access to the service at that organisation."""


class Forbidden(RolesError):
    pass


class Unavailable(RolesError):
    """500, another non-2xx answer, a timeout (over 3 seconds) or no connection: sign-in must fail whole."""


class RolesClient(Protocol):
    def roles_for(self, *, user_id: str, organisation_id: str) -> list[str]: ...


class HTTPRolesClient:
    TIMEOUT_SECONDS = 3

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        api_secret: str,
        audience: str,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.api_secret = api_secret
        self.audience = audience
        self.session = session or requests.Session()

    def bearer_token(self) -> str:
        """A short-lived HS256 JWT: `iss` our client id, `aud` the API audience (§4.3)."""
        now = int(time.time())
        return jwt.encode(
            {"iss": self.client_id, "aud": self.audience, "iat": now, "exp": now + 60},
            self.api_secret,
            algorithm="HS256",
        )

    def roles_for(self, *, user_id: str, organisation_id: str) -> list[str]:
        url = f"{self.base_url}/services/{self.client_id}/organisations/{organisation_id}/users/{user_id}"
        try:
            response = self.session.get(
                url, headers={"Authorization": f"Bearer {self.bearer_token()}"}, timeout=self.TIMEOUT_SECONDS
            )
        except requests.RequestException as exc:
            raise Unavailable(str(exc)) from exc
        if response.status_code == 404:
            raise NotFound(organisation_id)
        if response.status_code == 403:
            raise Forbidden(organisation_id)
        if not response.ok:
            raise Unavailable(f"DfE Sign-in API answered {response.status_code}")
        try:
            return [role["code"] for role in response.json().get("roles", []) if role.get("code")]
        except (ValueError, AttributeError, TypeError) as exc:
            raise Unavailable("DfE Sign-in API answered with something that is not a roles document") from exc


class FakeRolesClient:
    """Roles of the fake identity provider's users, worked out from who they are (see fake_idp.directory)."""

    def roles_for(self, *, user_id: str, organisation_id: str) -> list[str]:
        from sign_in.fake_idp.directory import roles_for

        roles = roles_for(user_id, organisation_id)
        if roles is None:
            raise NotFound(organisation_id)
        return roles


def roles_client() -> RolesClient:
    if settings.DFE_SIGN_IN_USE_FAKE:
        return FakeRolesClient()
    return HTTPRolesClient(
        base_url=settings.DFE_SIGN_IN_API_BASE_URL,
        client_id=settings.DFE_SIGN_IN_CLIENT_ID,
        api_secret=settings.DFE_SIGN_IN_API_SECRET,
        audience=settings.DFE_SIGN_IN_API_AUDIENCE,
    )
