"""journeys.md §6.9 and §9.9 item 11: DfE staff accounts, added and changed through accounts.services by roles
with the users capability; every change is an event naming the account."""

from __future__ import annotations

import pytest

from accounts.models import DfERole, User
from accounts.services import EMAIL_NOT_DFE, EMAIL_TAKEN, create_user, update_user
from admin_console.tests.console import signed_in, staff
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from sign_in.testing import sign_in_dfe_staff

pytestmark = pytest.mark.django_db


def test_create_user_validates_every_field_at_once():
    author = Author.dfe_staff_user(staff(DfERole.USER_MANAGER))
    with pytest.raises(DomainError) as error:
        create_user(author=author, name=" ", email="", role=None, otp_school_urn="123")
    assert {e.field for e in error.value.errors} == {"name", "email", "role", "otp_school_urn"}
    with pytest.raises(DomainError, match=EMAIL_NOT_DFE):
        create_user(author=author, name="Sam", email="sam@example.com", role=DfERole.ADMIN)
    user = create_user(author=author, name="Sam Staff", email="Sam.Staff@education.gov.uk", role=DfERole.FINANCE)
    assert Event.objects.get(event_type="dfe_user_created", user=user).author_id == author.user_id
    with pytest.raises(DomainError, match=EMAIL_TAKEN):
        create_user(author=author, name="Sam Two", email="sam.staff@EDUCATION.gov.uk", role=DfERole.ADMIN)


def test_update_user_records_the_changes():
    author = Author.dfe_staff_user(staff(DfERole.USER_MANAGER))
    user = staff(DfERole.ADMIN, email="ann@education.gov.uk", name="Ann")
    update_user(author=author, user=user, name="Ann Lee", email="ann@education.gov.uk", role=DfERole.FINANCE)
    event = Event.objects.get(event_type="dfe_user_updated", user=user)
    assert any("Role" in line for line in event.modifications) and any("Name" in line for line in event.modifications)


def test_user_manager_adds_edits_and_unlocks_a_user(client):
    signed_in(client, DfERole.USER_MANAGER)
    assert "Add new user" in client.get("/admin/users").content.decode()
    bad = client.post("/admin/users/new", {"name": "Bo", "email": "bo@gmail.com", "role": "admin"}).content.decode()
    assert EMAIL_NOT_DFE in bad
    response = client.post("/admin/users/new", {"name": "Bo Day", "email": "bo.day@education.gov.uk", "role": "admin"})
    bo = User.objects.get(email="bo.day@education.gov.uk")
    assert response.headers["Location"] == f"/admin/users/{bo.pk}"
    assert "Bo Day added" in client.get(response.headers["Location"]).content.decode()
    client.post(f"/admin/users/{bo.pk}/edit", {"name": "Bo Day", "email": "bo.day@education.gov.uk", "role": "finance"})
    bo.refresh_from_db()
    assert bo.role == DfERole.FINANCE
    bo.otp_failed_attempts, bo.otp_locked_at = 10, bo.created_at
    bo.save()
    page = client.get(f"/admin/users/{bo.pk}").content.decode()
    assert "Unlock OTP sign-in" in page
    response = client.post(f"/admin/users/{bo.pk}/unlock")
    assert "Bo Day can now sign in with OTP" in client.get(response.headers["Location"]).content.decode()
    bo.refresh_from_db()
    assert bo.otp_locked_at is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(DfERole.ADMIN, False), (DfERole.USER_MANAGER, True), (DfERole.FINANCE, True), (DfERole.PRODUCT_TEAM, True)],
)
def test_BR_U_05_only_roles_with_the_users_capability_reach_users(client, role, allowed):
    user = staff(role)
    sign_in_dfe_staff(client, user)
    for url in ("/admin/users", "/admin/users/new", f"/admin/users/{user.pk}", f"/admin/users/{user.pk}/edit"):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 401), url
        if not allowed:
            assert "internal users" in response.content.decode()
    assert client.post(f"/admin/users/{user.pk}/unlock").status_code == (302 if allowed else 401)
