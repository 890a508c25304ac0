"""A view that reports the three clocks, so tests can see what a request saw."""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone

from core import clock
from providers.models import LeadProvider


def what_time(request: HttpRequest) -> JsonResponse:
    written = LeadProvider.objects.create(name=f"Clock reader {LeadProvider.objects.count()}")
    return JsonResponse(
        {
            "now": clock.now().isoformat(),
            "today": clock.today().isoformat(),
            "django_now": timezone.now().isoformat(),
            "created_at": written.created_at.isoformat(),
        }
    )


urlpatterns = [path("what-time", what_time)]
