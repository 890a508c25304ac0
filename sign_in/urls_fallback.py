"""KEEP LAST in config/urls.py: any other `/admin…` address asks for sign-in first and is authorised by area
(journeys.md §2.4, §2.8) before answering 404, so `/admin/jobs` or `/admin/finance/...` behave as the spec says
even before their pages exist. Real admin pages, routed earlier, are never reached here."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import re_path

from sign_in.permissions import Capability, dfe_staff_required


def _not_found(request: HttpRequest, **kwargs: str) -> HttpResponse:
    raise Http404


urlpatterns = [
    re_path(
        r"^admin/finance(?:/.*)?$", dfe_staff_required(Capability.FINANCE)(_not_found), name="admin-finance-fallback"
    ),
    re_path(r"^admin/users(?:/.*)?$", dfe_staff_required(Capability.USERS)(_not_found), name="admin-users-fallback"),
    re_path(r"^admin/.+$", dfe_staff_required()(_not_found), name="admin-fallback"),
]
