"""Development only: the emails the local backend recorded, newest first (integrations.md §5.4 "preview")."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from integrations.notify.models import SentEmail


def sent_emails(request: HttpRequest) -> HttpResponse:
    if not settings.ENABLE_DEV_TOOLS:
        raise Http404
    return render(request, "notify/sent_emails.html", {"emails": SentEmail.objects.all()[:50]})
