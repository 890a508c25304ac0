import pytest


@pytest.mark.django_db
def test_healthcheck_reports_database_and_commit(client):
    response = client.get("/healthcheck")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "reachable"
    assert body["commit"]
