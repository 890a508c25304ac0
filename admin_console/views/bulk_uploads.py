"""Appropriate bodies' bulk uploads as DfE staff see them (journeys.md §6.7): every batch, one body's batches,
and a batch with its counts and the rows that failed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from appropriate_bodies.models import AppropriateBodyPeriod, PendingInductionSubmissionBatch
from sign_in.permissions import dfe_staff_required

PER_PAGE = 30


def _batches():
    return PendingInductionSubmissionBatch.objects.select_related("appropriate_body_period").order_by(
        "-created_at", "-pk"
    )


@dfe_staff_required()
def all_bulk_uploads(request: HttpRequest) -> HttpResponse:
    page = Paginator(_batches(), PER_PAGE).get_page(request.GET.get("page", 1))
    return render(request, "admin_console/bulk_uploads/list.html", {"page": page, "body": None, "filters": ""})


@dfe_staff_required()
def body_bulk_uploads(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(AppropriateBodyPeriod, pk=pk)
    page = Paginator(_batches().filter(appropriate_body_period=body), PER_PAGE).get_page(request.GET.get("page", 1))
    return render(request, "admin_console/bulk_uploads/list.html", {"page": page, "body": body, "filters": ""})


@dfe_staff_required()
def bulk_upload(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(), pk=batch_pk, appropriate_body_period_id=pk)
    rows = batch.uploaded_count or 0
    errors = batch.errored_count or 0
    failed = batch.pending_induction_submissions.exclude(error_messages=[]).order_by("row_number", "pk")
    return render(
        request,
        "admin_console/bulk_uploads/show.html",
        {
            "batch": batch,
            "body": batch.appropriate_body_period,
            "error_rate": f"{errors * 100 / rows:.0f}%" if rows else "0%",
            "failed": failed,
        },
    )


urlpatterns = [
    path("admin/bulk", all_bulk_uploads, name="bulk-uploads"),
    path("admin/organisations/appropriate-bodies/<int:pk>/batches", body_bulk_uploads, name="body-bulk-uploads"),
    path("admin/organisations/appropriate-bodies/<int:pk>/batches/<int:batch_pk>", bulk_upload, name="bulk-upload"),
]
