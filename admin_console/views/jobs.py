"""The background jobs page (journeys.md §6, `/admin/jobs`): TRS induction-status writes TRS has not accepted
(integrations.md §2.5: never dropped silently), failed jobs of the queue, and the schedule of periodic jobs.
Support can send a write that was given up on again."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from integrations.trs.models import TRSInductionStatusUpdate
from integrations.trs.outbox import MAX_ATTEMPTS, failed_induction_status_updates, send_again
from sign_in.permissions import dfe_staff_required

SHOWN = 50


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str
    description: str


def periodic_jobs() -> list[PeriodicJob]:
    """Every periodic task registered with the queue, as the worker will run them."""
    found = []
    for (task_name, _), periodic in app.periodic_registry.periodic_tasks.items():
        doc = (periodic.task.func.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        found.append(PeriodicJob(task_name, periodic.cron, doc))
    return sorted(found, key=lambda job: job.name)


@dfe_staff_required()
def jobs(request: HttpRequest) -> HttpResponse:
    writes = failed_induction_status_updates()
    counts = (
        ProcrastinateJob.objects.values("task_name", "status").annotate(n=Count("id")).order_by("task_name", "status")
    )
    by_task: dict[str, dict[str, int]] = {}
    for row in counts:
        by_task.setdefault(row["task_name"], {})[row["status"]] = row["n"]
    return render(
        request,
        "admin_console/jobs/index.html",
        {
            "writes": writes[:SHOWN],
            "writes_count": writes.count(),
            "given_up_count": writes.filter(attempts__gte=MAX_ATTEMPTS).count(),
            "max_attempts": MAX_ATTEMPTS,
            "failed_jobs": ProcrastinateJob.objects.filter(status="failed").order_by("-id")[:SHOWN],
            "by_task": sorted(by_task.items()),
            "periodic": periodic_jobs(),
        },
    )


@require_POST
@dfe_staff_required()
def send_write_again(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(TRSInductionStatusUpdate, pk=pk)
    if send_again(row.pk):
        messages.success(request, f"The {row.status} write for TRN {row.trn} will be sent to TRS again")
    return redirect("admin_console:jobs")


urlpatterns = [
    path("admin/jobs", jobs, name="jobs"),
    path("admin/jobs/trs-writes/<int:pk>/send-again", send_write_again, name="jobs-trs-write-send-again"),
]
