"""Who may open which pages (journeys.md §2.1–§2.3, §2.8; domain.md BR-U-05).

Views say what they need with one decorator (or the matching mixin for class-based views):

    @school_user_required                         # school users, and DfE staff impersonating a school
    @appropriate_body_user_required               # appropriate body users
    @dfe_staff_required()                         # any DfE staff role: teachers, schools, organisations, ...
    @dfe_staff_required(Capability.FINANCE)       # only roles holding that capability (§2.8's table)

Signed-out visitors go to `/sign-in` for `/admin…` paths and to `/` elsewhere, and come back to the page they
asked for once signed in (§2.4). A dual-role user on a page of their other role goes to their current role's
home (§2.3); so does any signed-in user on another face's page. Refused DfE roles, and non-DfE users under
`/admin`, get the 401 "not authorised" page whose text depends on the area (§2.8).

Decorated views find the user at `request.signed_in_user`; `request.acting_school` and
`request.acting_appropriate_body` are set for school and appropriate body pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from accounts.models import DfERole, User
from sign_in import session
from sign_in.session import ActiveRole, SessionUser

View = Callable[..., HttpResponse]


class Capability(StrEnum):
    CONSOLE = "console"  # teachers, schools, organisations, corrections, jobs dashboard
    IMPERSONATE = "impersonate"
    FINANCE = "finance"
    USERS = "users"
    DATA_FIXES = "data_fixes"


# §2.8's matrix. "Super admin" is just user_manager.
CAPABILITIES: dict[str, frozenset[Capability]] = {
    DfERole.ADMIN: frozenset({Capability.CONSOLE, Capability.IMPERSONATE}),
    DfERole.USER_MANAGER: frozenset({Capability.CONSOLE, Capability.IMPERSONATE, Capability.USERS}),
    DfERole.FINANCE: frozenset({Capability.CONSOLE, Capability.IMPERSONATE, Capability.FINANCE, Capability.USERS}),
    DfERole.PRODUCT_TEAM: frozenset(
        {Capability.CONSOLE, Capability.IMPERSONATE, Capability.FINANCE, Capability.USERS, Capability.DATA_FIXES}
    ),
}

# The body of the 401 page for each refused area (§2.8).
UNAUTHORISED_AREAS = {
    Capability.FINANCE: "finance",
    Capability.USERS: "users",
}


def can(role: str | None, capability: Capability) -> bool:
    return capability in CAPABILITIES.get(role or "", frozenset())


def staff_user(request: HttpRequest) -> User | None:
    """The DfE staff user behind this request (read once per request, so role changes apply at once)."""
    user = session.current_user(request)
    if user is None or not user.is_dfe_staff or user.user_id is None:
        return None
    if not hasattr(request, "_staff_user"):
        request._staff_user = User.objects.filter(pk=user.user_id).first()
    return request._staff_user


def has_capability(request: HttpRequest, capability: Capability) -> bool:
    staff = staff_user(request)
    return staff is not None and can(staff.role, capability)


def redirect_to_sign_in(request: HttpRequest) -> HttpResponse:
    request.session[session.RETURN_TO_KEY] = request.get_full_path()
    return HttpResponseRedirect("/sign-in" if request.path.startswith("/admin") else "/")


def unauthorised(request: HttpRequest, area: str | None = None) -> HttpResponse:
    return render(request, "sign_in/unauthorised.html", {"area": area}, status=401)


def _wrong_face(request: HttpRequest, user: SessionUser) -> HttpResponse:
    return HttpResponseRedirect(user.home_path)


SCHOOL_ACCESS_DENIED = "/school/access-denied"


def _school_access_blocked(user: SessionUser, school: Any) -> bool:
    """journeys.md §4.1 rule 2 (BR-S-13): only for users who signed in through DfE Sign-in."""
    from schools.selectors import is_blocked_from_service_access

    return user.provider == session.SignInProvider.DFE_SIGN_IN and is_blocked_from_service_access(urn=school.urn)


def school_user_required(view: View) -> View:
    """School pages: a school user in the school role, or DfE staff impersonating a school (§2.6)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from schools.models import School

        user = session.current_user(request)
        if user is None:
            return redirect_to_sign_in(request)
        urn = user.acting_school_urn
        if urn is None:
            return _wrong_face(request, user)
        school = School.objects.select_related("gias_school").filter(gias_school_id=urn).first()
        if school is None:
            session.sign_out(request)
            return redirect_to_sign_in(request)
        if _school_access_blocked(user, school):
            return HttpResponseRedirect(SCHOOL_ACCESS_DENIED)
        request.acting_school = school
        return view(request, *args, **kwargs)

    return wrapper


def appropriate_body_user_required(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from appropriate_bodies.models import AppropriateBodyPeriod

        user = session.current_user(request)
        if user is None:
            return redirect_to_sign_in(request)
        period_id = user.acting_appropriate_body_period_id
        if period_id is None:
            return _wrong_face(request, user)
        body = AppropriateBodyPeriod.objects.filter(pk=period_id).first()
        if body is None:
            session.sign_out(request)
            return redirect_to_sign_in(request)
        request.acting_appropriate_body = body
        return view(request, *args, **kwargs)

    return wrapper


def dfe_staff_required(capability: Capability = Capability.CONSOLE) -> Callable[[View], View]:
    """Console pages. While impersonating a school a DfE user is still DfE staff, so console pages stay open."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = session.current_user(request)
            if user is None:
                return redirect_to_sign_in(request)
            staff = staff_user(request)
            if staff is None:
                if user.is_dfe_staff:  # the account was removed since sign-in
                    session.sign_out(request)
                    return redirect_to_sign_in(request)
                return unauthorised(request)
            if not can(staff.role, capability):
                return unauthorised(request, UNAUTHORISED_AREAS.get(capability))
            request.staff_user = staff
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class SchoolUserRequiredMixin:
    @classmethod
    def as_view(cls, **initkwargs: Any) -> View:
        return school_user_required(super().as_view(**initkwargs))  # type: ignore[misc]


class AppropriateBodyUserRequiredMixin:
    @classmethod
    def as_view(cls, **initkwargs: Any) -> View:
        return appropriate_body_user_required(super().as_view(**initkwargs))  # type: ignore[misc]


class DfEStaffRequiredMixin:
    required_capability: Capability = Capability.CONSOLE

    @classmethod
    def as_view(cls, **initkwargs: Any) -> View:
        return dfe_staff_required(cls.required_capability)(super().as_view(**initkwargs))  # type: ignore[misc]


def active_role_of(user: SessionUser | None) -> ActiveRole | None:
    return None if user is None else user.active_role
