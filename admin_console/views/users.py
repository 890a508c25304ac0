"""DfE staff accounts (journeys.md §6.9), for roles with the users capability (user manager, finance, product
team): the list, one account with Unlock OTP sign-in, add and edit through `accounts.services`."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from accounts.models import DfERole, User
from accounts.services import create_user, update_user
from events.authors import Author
from sign_in import otp
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import GovUKForm, posted, submitted

USERS = Capability.USERS


class UserForm(GovUKForm):
    name = forms.CharField(label="Name", required=False)
    email = forms.CharField(label="Email address", required=False)
    otp_school_urn = forms.CharField(label="School URN for OTP sign-in", required=False)
    role = forms.ChoiceField(label="Role", choices=DfERole.choices, widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (DfERole.ADMIN, "Admin"),
            (DfERole.USER_MANAGER, "User manager"),
            (DfERole.FINANCE, "Finance"),
            (DfERole.PRODUCT_TEAM, "Product team"),
        ]
        if not settings.ENABLE_SCHOOL_OTP_SIGN_IN:
            del self.fields["otp_school_urn"]


def _author(request: HttpRequest) -> Author:
    return Author.dfe_staff_user(request.staff_user)


@dfe_staff_required(USERS)
def users(request: HttpRequest) -> HttpResponse:
    return render(request, "admin_console/users/list.html", {"users": User.objects.order_by("name", "pk")})


@dfe_staff_required(USERS)
def user_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    return render(
        request,
        "admin_console/users/show.html",
        {"user": user, "show_urn": settings.ENABLE_SCHOOL_OTP_SIGN_IN},
    )


def _save(request: HttpRequest, user: User | None) -> HttpResponse:
    initial = (
        {"name": user.name, "email": user.email, "role": user.role, "otp_school_urn": user.otp_school_urn or ""}
        if user
        else None
    )
    form = UserForm(posted(request), initial=initial)
    save = (
        partial(create_user, author=_author(request))
        if user is None
        else partial(update_user, author=_author(request), user=user)
    )
    kept_urn = user.otp_school_urn if user else None  # the field shows only where school sign-in by code is on

    def values(data: dict[str, Any]) -> dict[str, Any]:
        return {"otp_school_urn": kept_urn, **data}

    if done := submitted(request, form, lambda data: save(**values(data))):
        messages.success(request, f"{done.result.name} {'added' if user is None else 'updated'}")
        return redirect(f"/admin/users/{done.result.pk}")
    return render(request, "admin_console/users/form.html", {"form": form, "user": user})


@dfe_staff_required(USERS)
def new_user(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@dfe_staff_required(USERS)
def edit_user(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, get_object_or_404(User, pk=pk))


@require_POST
@dfe_staff_required(USERS)
def unlock_user(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    otp.unlock(author=_author(request), user=user)
    messages.success(request, f"{user.name} can now sign in with OTP")
    return redirect(f"/admin/users/{user.pk}")


urlpatterns = [
    path("admin/users", users, name="users"),
    path("admin/users/new", new_user, name="user-new"),
    path("admin/users/<int:pk>", user_page, name="user"),
    path("admin/users/<int:pk>/edit", edit_user, name="user-edit"),
    path("admin/users/<int:pk>/unlock", unlock_user, name="user-unlock"),
]
