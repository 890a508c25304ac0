"""§5.2: an unknown route or method under /api/v3 is a JSON 404 for every method. Clients authenticate with a
token, not a cookie, so Django's CSRF check must not turn a write to an unknown route into a 403."""

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_to_unknown_route_is_json_404(method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(
        "/api/v3/no-such-route", "{}", content_type="application/json", headers={"Authorization": "Bearer x"}
    )

    assert response.status_code == 404
    assert response.json() == {"error": "Resource not found"}
