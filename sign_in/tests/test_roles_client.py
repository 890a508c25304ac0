"""The DfE Sign-in public API's role lookup (integrations.md §4.3) against recorded answers."""

from __future__ import annotations

import jwt
import pytest
import requests
from requests.adapters import BaseAdapter

from sign_in.dfe_sign_in.roles import Forbidden, HTTPRolesClient, NotFound, Unavailable

ROLES_DOCUMENT = {
    "userId": "user-1",
    "serviceId": "client-1",
    "organisationId": "org-1",
    "roles": [
        {"id": "r1", "name": "Register ECTs - Schools", "code": "SchoolUser", "numericId": "1"},
        {"id": "r2", "name": "Record Inductions", "code": "AppropriateBodyUser", "numericId": "2"},
    ],
}


class Recorded(BaseAdapter):
    def __init__(self, status: int = 200, json_body=None, error: Exception | None = None):
        super().__init__()
        self.status, self.json_body, self.error, self.requests = status, json_body, error, []

    def send(self, request, **kwargs):
        self.requests.append((request, kwargs))
        if self.error:
            raise self.error
        response = requests.Response()
        response.status_code = self.status
        response._content = requests.compat.json.dumps(self.json_body or {}).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        return response

    def close(self):
        pass


def client_with(adapter: Recorded) -> HTTPRolesClient:
    session = requests.Session()
    session.mount("https://", adapter)
    return HTTPRolesClient(
        base_url="https://api.signin.example/",
        client_id="client-1",
        api_secret="roles-api-secret-of-at-least-32-bytes",
        audience="signin.education.gov.uk",
        session=session,
    )


def test_roles_are_the_codes_of_the_answer_and_the_request_is_signed():
    adapter = Recorded(json_body=ROLES_DOCUMENT)
    assert client_with(adapter).roles_for(user_id="user-1", organisation_id="org-1") == [
        "SchoolUser",
        "AppropriateBodyUser",
    ]
    request, kwargs = adapter.requests[0]
    assert request.url == "https://api.signin.example/services/client-1/organisations/org-1/users/user-1"
    assert kwargs["timeout"] == 3
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(
        token, "roles-api-secret-of-at-least-32-bytes", algorithms=["HS256"], audience="signin.education.gov.uk"
    )
    assert claims["iss"] == "client-1"


@pytest.mark.parametrize(
    ("adapter", "error"),
    [
        (Recorded(status=404), NotFound),
        (Recorded(status=403), Forbidden),
        (Recorded(status=500), Unavailable),
        (Recorded(status=502), Unavailable),
        (Recorded(error=requests.Timeout("slow")), Unavailable),
        (Recorded(error=requests.ConnectionError("down")), Unavailable),
    ],
)
def test_failures(adapter, error):
    with pytest.raises(error):
        client_with(adapter).roles_for(user_id="user-1", organisation_id="org-1")
