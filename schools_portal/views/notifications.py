"""The school's notifications (issue 8 item 2; docs/school-notifications.md): the list, marking as read, and which
kinds the induction tutor is emailed about. The rules live in `schools.services.notifications`; these views only
read and pass the school's answers on."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from schools.models import SchoolNotificationKind
from schools.selectors import school_notifications, unread_school_notifications
from schools.services.notifications import emailed_kinds, mark_read, set_emailed_kinds
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from sign_in.permissions import school_user_required

LIST_PATH = "/school/notifications"
PREFERENCES_PATH = "/school/notifications/email-preferences"
PAGE_SIZE = 20


@school_user_required
@induction_tutor_confirmed
def notifications(request: HttpRequest) -> HttpResponse:
    """Every notification, newest first, 20 a page; unread ones are tagged and can be marked as read."""
    school = request.acting_school
    page = Paginator(school_notifications(school), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools_portal/notifications/list.html",
        {
            "school": school,
            "page": page,
            "unread": unread_school_notifications(school).count(),
            "marked": request.GET.get("marked") == "1",
        },
    )


@require_POST
@school_user_required
@induction_tutor_confirmed
def read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`id`) or all unread ones (`all`) as read; back to the page the school came from."""
    school = request.acting_school
    if request.POST.get("all"):
        ids = list(unread_school_notifications(school).values_list("pk", flat=True))
    else:
        ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    mark_read(school=school, notification_ids=ids)
    back = request.POST.get("back", "")
    return HttpResponseRedirect(back if back in ("/school/home/ects", LIST_PATH) else f"{LIST_PATH}?marked=1")


@require_http_methods(["GET", "POST"])
@school_user_required
@induction_tutor_confirmed
def email_preferences(request: HttpRequest) -> HttpResponse:
    """Which kinds of notification are emailed to the induction tutor (every kind still shows in the list)."""
    school = request.acting_school
    if request.method == "POST":
        set_emailed_kinds(school=school, kinds=request.POST.getlist("kinds"))
        return HttpResponseRedirect(f"{PREFERENCES_PATH}?saved=1")
    wanted = emailed_kinds(school)
    choices = [
        {"id": f"kinds-{kind}", "value": kind, "label": label, "checked": kind in wanted}
        for kind, label in SchoolNotificationKind.choices
    ]
    return render(
        request,
        "schools_portal/notifications/email_preferences.html",
        {"school": school, "choices": choices, "saved": request.GET.get("saved") == "1"},
    )


urlpatterns = [
    path(LIST_PATH.lstrip("/"), notifications, name="notifications"),
    path("school/notifications/read", read, name="notifications-read"),
    path(PREFERENCES_PATH.lstrip("/"), email_preferences, name="notification-email-preferences"),
]
