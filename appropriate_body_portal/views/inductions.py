"""Actions on a teacher's open induction at this body (journeys.md §5.5–§5.9): edit the current period, record
a pass, record a fail (after confirming the ECT was told), release, and extensions. Each calls one induction
service; another body's teacher is a 404, and a teacher without an open induction here goes back to their page
with a notice."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from appropriate_body_portal import messages as texts
from appropriate_body_portal import selectors
from appropriate_body_portal.forms import ClosingForm, EditPeriodForm, ExtensionForm, FailForm, FailNotifiedForm
from appropriate_body_portal.views.common import (
    author_of,
    last_year,
    no_open_induction,
    teacher_url,
    teacher_with_open_induction,
)
from sign_in.permissions import appropriate_body_user_required
from teachers.models import InductionExtension, InductionPeriod, Teacher
from teachers.selectors.induction import format_terms
from teachers.services.induction import (
    add_extension,
    record_fail,
    record_pass,
    release_ect,
    update_extension,
    update_induction_period,
)
from web.forms import posted, submitted
from web.rendering import render_page

FAIL_NOTIFIED_KEY = "appropriate_body_fail_notified"
APPEALS_GUIDANCE = "https://www.gov.uk/government/publications/induction-for-early-career-teachers-england"


def _closing_kwargs(request: HttpRequest) -> dict[str, object]:
    return {"appropriate_body_name": request.acting_appropriate_body.name, "example_year": last_year()}


def _teachers_with_a_period_here(request: HttpRequest):
    """The success pages: the teacher may no longer be current here (released), but must have been ours."""
    return Teacher.objects.filter(induction_periods__appropriate_body_period=request.acting_appropriate_body).distinct()


# §5.5 Edit the current induction period ---------------------------------------------------------------------


@appropriate_body_user_required
def edit_period(request: HttpRequest, teacher_id: int, period_id: int) -> HttpResponse:
    """Only this body's own open period of this teacher (journeys.md §11 #6)."""
    period = get_object_or_404(
        InductionPeriod.objects.select_related("teacher", "appropriate_body_period"),
        pk=period_id,
        teacher_id=teacher_id,
        appropriate_body_period=request.acting_appropriate_body,
        finished_on__isnull=True,
    )
    teacher = period.teacher
    form = EditPeriodForm(
        posted(request),
        initial={"started_on": period.started_on, "training_programme": period.effective_training_programme},
    )
    update = partial(update_induction_period, author=author_of(request), period=period)
    if submitted(
        request,
        form,
        lambda data: update(started_on=data["started_on"], training_programme=data["training_programme"] or None),
    ):
        messages.success(request, texts.INDUCTION_PERIOD_UPDATED)
        return redirect(teacher_url(teacher))
    return render_page(
        request,
        "appropriate_body_portal/inductions/edit_period.html",
        {"form": form, "teacher": teacher, "name": teacher.full_name, "back_url": teacher_url(teacher)},
    )


# §5.6 Pass -------------------------------------------------------------------------------------------------


def _closing_page(request: HttpRequest, teacher_id: int, *, close: Callable[..., Any], page: str, done: str):
    """Pass and release ask the same questions (end date, terms) and differ only in the service they call."""
    teacher, ongoing = teacher_with_open_induction(request, teacher_id)
    if ongoing is None:
        return no_open_induction(request, teacher)
    form = ClosingForm(posted(request), **_closing_kwargs(request))
    close_here = partial(
        close, author=author_of(request), teacher=teacher, appropriate_body=request.acting_appropriate_body
    )
    if submitted(request, form, lambda data: close_here(**data)):
        return redirect(f"{teacher_url(teacher)}/{done}")
    return render_page(
        request,
        f"appropriate_body_portal/inductions/{page}",
        {"form": form, "teacher": teacher, "name": teacher.full_name, "back_url": teacher_url(teacher)},
    )


@appropriate_body_user_required
def record_passed_outcome(request: HttpRequest, teacher_id: int) -> HttpResponse:
    return _closing_page(request, teacher_id, close=record_pass, page="pass.html", done="record-passed-outcome")


@appropriate_body_user_required
def passed(request: HttpRequest, teacher_id: int) -> HttpResponse:
    teacher = get_object_or_404(_teachers_with_a_period_here(request), pk=teacher_id)
    return render_page(
        request, "appropriate_body_portal/inductions/outcome_recorded.html", {"name": teacher.full_name, "pass": True}
    )


# §5.7 Fail -------------------------------------------------------------------------------------------------


def _notified(request: HttpRequest) -> list[int]:
    return list(request.session.get(FAIL_NOTIFIED_KEY, []))


@appropriate_body_user_required
def confirm_fail_notified(request: HttpRequest, teacher_id: int) -> HttpResponse:
    """Page 1: the body confirms it told the ECT in writing about the outcome and the right to appeal."""
    teacher, ongoing = teacher_with_open_induction(request, teacher_id)
    if ongoing is None:
        return no_open_induction(request, teacher)
    if request.method == "POST":
        form = FailNotifiedForm(request.POST, name=teacher.full_name)
        if form.is_valid():
            request.session[FAIL_NOTIFIED_KEY] = sorted({*_notified(request), teacher.pk})
            return redirect(f"{teacher_url(teacher)}/record-failed-outcome/new")
    else:
        form = FailNotifiedForm(name=teacher.full_name)
    return render_page(
        request,
        "appropriate_body_portal/inductions/fail_confirm.html",
        {
            "form": form,
            "teacher": teacher,
            "name": teacher.full_name,
            "back_url": teacher_url(teacher),
            "appeals_url": APPEALS_GUIDANCE,
        },
    )


@appropriate_body_user_required
def record_failed_outcome(request: HttpRequest, teacher_id: int) -> HttpResponse:
    """Page 2: the confirmation date, end date and terms (BR-IP-13, BR-IP-32)."""
    teacher, ongoing = teacher_with_open_induction(request, teacher_id)
    if ongoing is None:
        return no_open_induction(request, teacher)
    if teacher.pk not in _notified(request):
        return redirect(f"{teacher_url(teacher)}/record-failed-outcome/confirm")
    form = FailForm(posted(request), **_closing_kwargs(request))
    fail = partial(
        record_fail, author=author_of(request), teacher=teacher, appropriate_body=request.acting_appropriate_body
    )
    if submitted(request, form, lambda data: fail(**data)):
        request.session[FAIL_NOTIFIED_KEY] = [pk for pk in _notified(request) if pk != teacher.pk]
        return redirect(f"{teacher_url(teacher)}/record-failed-outcome")
    return render_page(
        request,
        "appropriate_body_portal/inductions/fail.html",
        {"form": form, "teacher": teacher, "name": teacher.full_name, "back_url": teacher_url(teacher)},
    )


@appropriate_body_user_required
def failed(request: HttpRequest, teacher_id: int) -> HttpResponse:
    teacher = get_object_or_404(_teachers_with_a_period_here(request), pk=teacher_id)
    return render_page(
        request, "appropriate_body_portal/inductions/outcome_recorded.html", {"name": teacher.full_name, "pass": False}
    )


# §5.8 Release ----------------------------------------------------------------------------------------------


@appropriate_body_user_required
def release(request: HttpRequest, teacher_id: int) -> HttpResponse:
    return _closing_page(request, teacher_id, close=release_ect, page="release.html", done="release")


@appropriate_body_user_required
def released(request: HttpRequest, teacher_id: int) -> HttpResponse:
    teacher = get_object_or_404(_teachers_with_a_period_here(request), pk=teacher_id)
    return render_page(request, "appropriate_body_portal/inductions/released.html", {"name": teacher.full_name})


# §5.9 Extensions (ABs add and edit; only DfE staff delete) -------------------------------------------------


@appropriate_body_user_required
def extensions(request: HttpRequest, teacher_id: int) -> HttpResponse:
    teacher, ongoing = teacher_with_open_induction(request, teacher_id)
    if ongoing is None:
        return no_open_induction(request, teacher)
    rows = [(extension, format_terms(extension.number_of_terms)) for extension in selectors.extensions_of(teacher)]
    return render_page(
        request,
        "appropriate_body_portal/extensions/list.html",
        {"teacher": teacher, "name": teacher.full_name, "back_url": teacher_url(teacher), "rows": rows},
    )


@appropriate_body_user_required
def new_extension(request: HttpRequest, teacher_id: int) -> HttpResponse:
    teacher, ongoing = teacher_with_open_induction(request, teacher_id)
    if ongoing is None:
        return no_open_induction(request, teacher)
    form = ExtensionForm(posted(request))
    if submitted(request, form, lambda data: add_extension(author=author_of(request), teacher=teacher, **data)):
        messages.success(request, texts.EXTENSION_ADDED)
        return redirect(teacher_url(teacher))
    return render_page(
        request,
        "appropriate_body_portal/extensions/form.html",
        {
            "form": form,
            "teacher": teacher,
            "name": teacher.full_name,
            "back_url": teacher_url(teacher),
            "extension": None,
        },
    )


@appropriate_body_user_required
def edit_extension(request: HttpRequest, teacher_id: int, extension_id: int) -> HttpResponse:
    teacher, ongoing = teacher_with_open_induction(request, teacher_id)
    if ongoing is None:
        return no_open_induction(request, teacher)
    extension = get_object_or_404(InductionExtension, pk=extension_id, teacher=teacher)
    form = ExtensionForm(posted(request), initial={"number_of_terms": format_terms(extension.number_of_terms)})
    if submitted(request, form, lambda data: update_extension(author=author_of(request), extension=extension, **data)):
        messages.success(request, texts.EXTENSION_UPDATED)
        return redirect(teacher_url(teacher))
    return render_page(
        request,
        "appropriate_body_portal/extensions/form.html",
        {
            "form": form,
            "teacher": teacher,
            "name": teacher.full_name,
            "back_url": teacher_url(teacher),
            "extension": extension,
            "current_terms": format_terms(extension.number_of_terms),
        },
    )


T = "appropriate-body/teachers/<int:teacher_id>"
urlpatterns = [
    path(f"{T}/induction-periods/<int:period_id>/edit", edit_period, name="edit-period"),
    path(f"{T}/record-passed-outcome/new", record_passed_outcome, name="record-pass"),
    path(f"{T}/record-passed-outcome", passed, name="passed"),
    path(f"{T}/record-failed-outcome/confirm", confirm_fail_notified, name="record-fail-confirm"),
    path(f"{T}/record-failed-outcome/new", record_failed_outcome, name="record-fail"),
    path(f"{T}/record-failed-outcome", failed, name="failed"),
    path(f"{T}/release/new", release, name="release"),
    path(f"{T}/release", released, name="released"),
    path(f"{T}/extensions", extensions, name="extensions"),
    path(f"{T}/extensions/new", new_extension, name="new-extension"),
    path(f"{T}/extensions/<int:extension_id>/edit", edit_extension, name="edit-extension"),
]
