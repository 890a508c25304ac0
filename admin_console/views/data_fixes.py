"""Data fixes (journeys.md §6.10): the product team pastes a CSV under a stated header row and sees it parsed and
matched, in two steps (`csv` → `preview`). As in the reference there is no step that applies a fix, so these pages
change nothing. The whole area is behind `ENABLE_DATA_FIXES` and answers 404 while it is off."""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from admin_console.selectors import data_fixes
from sign_in.permissions import Capability, dfe_staff_required
from web.forms import GovUKForm
from web.rendering import render_page


class DataFixCSVForm(GovUKForm):
    csv = forms.CharField(
        label="CSV",
        required=False,
        widget=forms.Textarea,
        help_text="The first row must be the header row: " + ",".join(data_fixes.HEADER),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            self.preview = data_fixes.preview(data.get("csv", ""))
        except data_fixes.CSVProblem as problem:
            self.add_error("csv", str(problem))
        return data


def flagged(view):
    """Off unless `ENABLE_DATA_FIXES`: then the pages do not exist. Applied inside the permission check, so that
    signing in and the 401 for other roles behave as on every console page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.ENABLE_DATA_FIXES:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _csv_page(request: HttpRequest, form: DataFixCSVForm) -> HttpResponse:
    return render_page(request, "admin_console/data_fixes/csv.html", {"form": form})


@dfe_staff_required(Capability.DATA_FIXES)
@flagged
def csv_page(request: HttpRequest) -> HttpResponse:
    """Step 1. A POST here comes from the preview's "Change the CSV", bringing the paste back to edit."""
    return _csv_page(request, DataFixCSVForm(initial={"csv": request.POST.get("csv", "")}))


@dfe_staff_required(Capability.DATA_FIXES)
@flagged
def preview_page(request: HttpRequest) -> HttpResponse:
    """Step 2: the parsed rows, or step 1 again with the error summary when the paste cannot be read."""
    if request.method != "POST":
        return _csv_page(request, DataFixCSVForm())
    form = DataFixCSVForm(request.POST)
    if not form.is_valid():
        return _csv_page(request, form)
    return render_page(
        request,
        "admin_console/data_fixes/preview.html",
        {"preview": form.preview, "csv": form.cleaned_data["csv"]},
    )


urlpatterns = [
    path("admin/data-fixes/csv", csv_page, name="data-fixes-csv"),
    path("admin/data-fixes/preview", preview_page, name="data-fixes-preview"),
]
