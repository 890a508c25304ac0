"""Reminder email opt-out (journeys.md §4.13, §8.2): a link in the comms team's reminder emails lets a school stop
ECT and mentor reminders for the rest of the term without signing in. The link carries the school id and an
HMAC of it, so only a link we made works; anything else is a 404. The rule (until the last day of the term) is
`schools.services.schools.opt_out_of_reminder_emails`'."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from events.authors import Author
from events.types import AuthorType
from schools.models import School
from schools.services.schools import opt_out_of_reminder_emails
from web.rendering import render_page

OPT_OUT_PATH = "/school/opt-out-of-reminder-emails/new"


def opt_out_token(school_id: int) -> str:
    """The HMAC-SHA256 of the school id under the service's secret key."""
    message = f"reminder-opt-out:{school_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def opt_out_url(school: School) -> str:
    """The school's own opt-out link, for the reminder email extracts (§7.2)."""
    return f"{OPT_OUT_PATH}?{urlencode({'school_id': school.pk, 'token': opt_out_token(school.pk)})}"


def _school_from(request: HttpRequest) -> School:
    data = request.POST if request.method == "POST" else request.GET
    school_id, token = str(data.get("school_id", "")), str(data.get("token", ""))
    if not school_id.isdigit() or not hmac.compare_digest(token, opt_out_token(int(school_id))):
        raise Http404("No such opt-out link")
    school = School.objects.select_related("gias_school").filter(pk=int(school_id)).first()
    if school is None:
        raise Http404("No such school")
    return school


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest) -> HttpResponse:
    """GET asks the school to confirm; POST stops the reminders until the end of this term."""
    school = _school_from(request)
    context = {"school": school, "token": opt_out_token(school.pk)}
    if request.method == "POST":
        # Nobody is signed in: the link itself, which only the school was sent, is the author.
        author = Author(AuthorType.SYSTEM, name="Reminder email opt-out link", school_id=school.pk)
        opt_out_of_reminder_emails(author=author, school=school)
        return render_page(request, "schools_portal/reminders/opted_out.html", context)
    return render_page(request, "schools_portal/reminders/opt_out.html", context)


urlpatterns = [path(OPT_OUT_PATH.lstrip("/"), opt_out, name="reminder-opt-out")]
