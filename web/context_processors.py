"""What every page's header and footer need (journeys.md §3.1): the service name for the face in use, the
navigation for the signed-in user's type, the organisation (a switch link for dual-role users), the
impersonation banner and the footer's support link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sign_in.permissions import Capability, has_capability
from sign_in.session import ActiveRole, current_user

SCHOOL_SERVICE_NAME = "Register early career teachers"
APPROPRIATE_BODY_SERVICE_NAME = "Record inductions as an appropriate body"
ADMIN_SERVICE_NAME = "Register early career teachers: admin"
SCHOOL_SUPPORT_PATH = "/school/support"


def _item(request: HttpRequest, label: str, url: str) -> dict[str, Any]:
    return {"label": label, "url": url, "active": request.path == url or request.path.startswith(url + "/")}


def layout(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    navigation: list[dict[str, Any]] = []
    service_name, service_url = SCHOOL_SERVICE_NAME, "/"
    face = None
    if user is not None:
        if user.is_impersonating or (user.active_role == ActiveRole.SCHOOL and not user.is_dfe_staff):
            face = "school"
            service_url = "/school/home/ects"
            if not getattr(request, "hide_service_navigation", False):
                navigation = [
                    _item(request, "ECTs", "/school/home/ects"),
                    _item(request, "Mentors", "/school/home/mentors"),
                    _item(request, "Induction tutor", "/school/home/induction-tutor"),
                ]
        elif user.active_role == ActiveRole.APPROPRIATE_BODY:
            face = "appropriate_body"
            service_name, service_url = APPROPRIATE_BODY_SERVICE_NAME, "/appropriate-body/teachers"
        elif user.is_dfe_staff:
            face = "admin"
            service_name, service_url = ADMIN_SERVICE_NAME, "/admin/teachers"
            navigation = [
                _item(request, "Teachers", "/admin/teachers"),
                _item(request, "Schools", "/admin/schools"),
                _item(request, "Organisations", "/admin/organisations"),
            ]
            if has_capability(request, Capability.FINANCE):
                navigation.append(_item(request, "Finance", "/admin/finance"))
            if has_capability(request, Capability.USERS):
                navigation.append(_item(request, "Users", "/admin/users"))
            if settings.ENABLE_DATA_FIXES and has_capability(request, Capability.DATA_FIXES):
                navigation.append(_item(request, "Data fixes", "/admin/data-fixes/csv"))
    return {
        "signed_in_user": user,
        "face": face,
        "service_name": service_name,
        "service_url": service_url,
        "service_navigation": navigation,
        "contact_support_url": SCHOOL_SUPPORT_PATH if face == "school" else "/support",
        "environment_name": settings.ENVIRONMENT_NAME,
        "dev_tools": settings.ENABLE_DEV_TOOLS,
        "incident_banner": getattr(settings, "INCIDENT_BANNER", ""),
        "maintenance_banner": getattr(settings, "MAINTENANCE_BANNER", ""),
        "service_root_url": getattr(settings, "SERVICE_ROOT_URL", ""),
    }
