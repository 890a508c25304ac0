"""Bulk claims and outcomes by CSV upload (journeys.md §5.10): the upload page, the upload history, the batch
page (progress while its job checks the rows, every row's errors, the confirm button, the result) and the
downloads (templates, errors).

Views only parse, authorise and call `appropriate_bodies.services.batches`; the jobs that check and apply
the rows are queued once the view's change has committed. Pages refresh themselves with a
`Refresh` header while a job runs (the header form of `<meta http-equiv="refresh">`), so they need no
JavaScript; a link turns the refreshing off for users who need the page to stay still (WCAG 2.2.1)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from appropriate_bodies.batches import progress
from appropriate_bodies.batches.files import HEADERS, MAX_FILE_BYTES, MAX_ROWS
from appropriate_bodies.models import BatchStatus, BatchType, InductionOutcome, PendingInductionSubmissionBatch
from appropriate_bodies.services import batches
from appropriate_bodies.tasks import queue_phase
from core.errors import DomainError
from sign_in import session
from sign_in.permissions import appropriate_body_user_required, unauthorised
from web.forms import GovUKForm

REFRESH_SECONDS = 5
ERRORS_PER_PAGE = 100


@dataclass(frozen=True)
class Kind:
    """What differs between the two flows: the URL segment, the batch type and the words."""

    slug: str
    batch_type: str
    upload_heading: str
    overview_heading: str
    confirm_button: str

    @property
    def url(self) -> str:
        return f"/appropriate-body/bulk/{self.slug}"

    @property
    def template_url(self) -> str:
        return f"/bulk-{self.slug}-template.csv"


CLAIMS = Kind(
    "claims",
    BatchType.CLAIM,
    "Upload a CSV to claim multiple new ECTs",
    "Overview of CSV claims",
    "Claim ECTs",
)
ACTIONS = Kind(
    "actions",
    BatchType.ACTION,
    "Upload a CSV to record outcomes for multiple ECTs",
    "Overview of CSV outcomes",
    "Record outcomes",
)
KINDS = {kind.slug: kind for kind in (CLAIMS, ACTIONS)}


class UploadForm(GovUKForm):
    """Only carries the file; the service's file checks give the error (BR-PIS-01 … 05)."""

    file = forms.FileField(required=False, label="Upload a file")


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _queue_after_commit(batch: PendingInductionSubmissionBatch) -> None:
    status = batch.batch_status
    transaction.on_commit(lambda: queue_phase(batch.pk, status))


@appropriate_body_user_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """§5.10.2: the file is checked as a whole; a good one becomes a batch whose rows a job then checks."""
    kind = _kind(slug)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST":
        file = request.FILES.get("file")
        try:
            with transaction.atomic():
                batch = batches.start_batch(
                    author=session.current_user(request).author(),
                    appropriate_body=request.acting_appropriate_body,
                    batch_type=kind.batch_type,
                    file_name=file.name if file else None,
                    content_type=file.content_type if file else None,
                    content=_read(file),
                )
                _queue_after_commit(batch)
        except DomainError as error:
            form.is_valid()
            for each in error.errors:
                form.add_error("file", each.message)
        else:
            return redirect(f"{kind.url}/{batch.pk}")
    return render(
        request,
        "appropriate_body_portal/bulk/upload.html",
        {"kind": kind, "form": form, "max_rows": MAX_ROWS, "headers": HEADERS[kind.batch_type]},
    )


def _read(file) -> bytes | None:
    """The upload's bytes; a file far beyond the size limit is not read past it."""
    if file is None:
        return None
    return file.read(MAX_FILE_BYTES + 1)


@appropriate_body_user_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """§5.10.3 overview: this body's uploads of this type, newest first."""
    kind = _kind(slug)
    uploads = PendingInductionSubmissionBatch.objects.filter(
        appropriate_body_period=request.acting_appropriate_body, batch_type=kind.batch_type
    ).order_by("-created_at", "-pk")
    page = Paginator(uploads, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "appropriate_body_portal/bulk/history.html",
        {"kind": kind, "page": page, "rows": [(b, progress.batch_status_tag(b)) for b in page.object_list]},
    )


def _batch(request: HttpRequest, kind: Kind, batch_id: int) -> PendingInductionSubmissionBatch | None:
    """The batch if it is this body's; None for another body's (a 401); a 404 when there is no such batch."""
    batch = (
        PendingInductionSubmissionBatch.objects.select_related("appropriate_body_period")
        .filter(pk=batch_id, batch_type=kind.batch_type)
        .first()
    )
    if batch is None:
        raise Http404
    if batch.appropriate_body_period_id != request.acting_appropriate_body.pk:
        return None
    return batch


@appropriate_body_user_required
@require_http_methods(["GET", "POST"])
def batch_page(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """§5.10.3 batch page; POST is the confirm button ("Claim ECTs" / "Record outcomes")."""
    kind = _kind(slug)
    batch = _batch(request, kind, batch_id)
    if batch is None:
        return unauthorised(request)
    if request.method == "POST":
        try:
            with transaction.atomic():
                batch = batches.confirm_batch(author=session.current_user(request).author(), batch=batch)
                _queue_after_commit(batch)
        except DomainError:
            pass  # already confirmed, or nothing to confirm: the page shows where the batch stands
        return redirect(f"{kind.url}/{batch.pk}")
    context = _batch_context(request, kind, batch)
    context["refresh_off"] = request.GET.get("refresh") == "off"
    response = render(request, "appropriate_body_portal/bulk/batch.html", context)
    if context.get("running") and not context["refresh_off"]:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _batch_context(request: HttpRequest, kind: Kind, batch: PendingInductionSubmissionBatch) -> dict:
    status = batch.batch_status
    total = progress.rows_in(batch)
    context: dict = {
        "kind": kind,
        "batch": batch,
        "tag": progress.batch_status_tag(batch),
        "total": total,
        "refresh_seconds": REFRESH_SECONDS,
    }
    if status in (BatchStatus.PENDING, BatchStatus.PROCESSING):
        checked = progress.batch_submissions(batch).count()
        context.update(running=True, checked=checked, percentage=progress.progress_percentage(batch))
        return context
    errored = progress.errored_submissions(batch)
    valid = progress.valid_submissions(batch)
    errors_page = Paginator(errored.order_by("row_number"), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    rows = batch.data or []
    context.update(
        errored_count=errors_page.paginator.count,
        errors_page=errors_page,
        error_rows=[
            (s.row_number + 1 if s.row_number is not None else "", _row_trn(rows, s), ". ".join(s.error_messages))
            for s in errors_page.object_list
        ],
    )
    if status == BatchStatus.PROCESSED:
        context.update(
            valid_count=valid.count(),
            passed_count=valid.filter(outcome=InductionOutcome.PASS).count(),
            released_count=valid.filter(outcome__isnull=True).count(),
        )
    elif status == BatchStatus.COMPLETING:
        waiting = valid.filter(delete_at__isnull=True).count()
        context.update(running=True, applied=valid.count() - waiting, to_apply=valid.count())
    return context


def _row_trn(rows: list[dict], submission) -> str:
    if submission.row_number is not None and submission.row_number < len(rows):
        return rows[submission.row_number].get("TRN", "")
    return submission.trn


@appropriate_body_user_required
def error_download(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """§5.10.3 "Errors for {file}": the rows with errors, every cell quoted, ready to fix and upload again."""
    kind = _kind(slug)
    batch = _batch(request, kind, batch_id)
    if batch is None:
        return unauthorised(request)
    response = HttpResponse(progress.error_csv(batch), content_type="text/csv; charset=utf-8")
    name = progress.error_file_name(batch).replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template_download(request: HttpRequest, slug: str) -> HttpResponse:
    """§5.10.1: just the quoted header row."""
    kind = _kind(slug)
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(HEADERS[kind.batch_type])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bulk-{kind.slug}-template.csv"'
    return response


urlpatterns = [
    route
    for kind in (CLAIMS, ACTIONS)
    for route in (
        path(f"bulk-{kind.slug}-template.csv", template_download, {"slug": kind.slug}),
        path(f"appropriate-body/bulk/{kind.slug}", history, {"slug": kind.slug}),
        path(f"appropriate-body/bulk/{kind.slug}/new", upload, {"slug": kind.slug}),
        path(f"appropriate-body/bulk/{kind.slug}/<int:batch_id>", batch_page, {"slug": kind.slug}),
        path(f"appropriate-body/bulk/{kind.slug}/<int:batch_id>.csv", error_download, {"slug": kind.slug}),
    )
]
