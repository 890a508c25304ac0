"""Induction data corrections by DfE staff (journeys.md §6.3): add, edit and delete induction periods, reopen
an induction, record a pass or fail for the period's appropriate body. Every rule, TRS write and event is the
domain services' (`teachers.services.induction_admin`, `teachers.services.induction`); these views only parse,
call them with the acting DfE user as author, and show their errors against the fields they name."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from appropriate_bodies.models import AppropriateBodyPeriod
from events.authors import Author
from schools.models import TrainingProgramme
from sign_in.permissions import dfe_staff_required
from teachers.models import InductionPeriod, Teacher
from teachers.services import induction as induction_services
from teachers.services import induction_admin
from web.forms import DateField, GovUKForm, posted, submitted

NOTE_MAX = 500


# The services' names for what the correction forms call otherwise (None: shown at the top).
CORRECTION_FIELDS = {
    "appropriate_body_period": "appropriate_body",
    "zendesk_ticket_id": "zendesk_ticket",
    "outcome": None,
}


class AuditForm(GovUKForm):
    """§6.3's audit context: why the change is being made (a note, a Zendesk ticket or both)."""

    note = forms.CharField(
        label="Add a note to explain why you're making this change",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Note must be {NOTE_MAX} characters or fewer"},
    )
    zendesk_ticket = forms.CharField(
        label="Enter Zendesk ticket number",
        required=False,
        help_text="Ticket number must be 6 digits, for example #123456",
    )


class InductionPeriodForm(GovUKForm):
    appropriate_body = forms.ModelChoiceField(
        label="Which appropriate body was this induction period completed with?",
        queryset=AppropriateBodyPeriod.objects.order_by("name"),
        required=False,
        empty_label="",
    )
    started_on = DateField(
        label="Start date", error_name="the start date", required=False, help_text="For example, 1 9 2025"
    )
    finished_on = DateField(
        label="End date", error_name="the end date", required=False, help_text="For example, 20 7 2026"
    )
    number_of_terms = forms.CharField(
        label="Number of terms",
        required=False,
        help_text="Enter 0 if the period was under one term, or up to one decimal place",
    )
    training_programme = forms.ChoiceField(
        label="Induction programme",
        choices=TrainingProgramme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an induction programme"},
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["appropriate_body"]


class OutcomeForm(AuditForm):
    finished_on = DateField(
        label="When did they complete their induction?",
        error_name="the end date",
        required=False,
        help_text="For example, 20 7 2026",
    )
    number_of_terms = forms.CharField(
        label="How many terms of induction did they complete?",
        required=False,
        help_text="Enter up to one decimal place, for example 3.5",
    )
    field_order = ["finished_on", "number_of_terms", "note", "zendesk_ticket"]


def _author(request: HttpRequest) -> Author:
    return Author.dfe_staff_user(request.staff_user)


def _induction_url(teacher: Teacher) -> str:
    return f"/admin/teachers/{teacher.pk}/induction"


def _period(teacher_pk: int, pk: int) -> InductionPeriod:
    return get_object_or_404(
        InductionPeriod.objects.select_related("teacher", "appropriate_body_period"), pk=pk, teacher_id=teacher_pk
    )


def _terms(value: str) -> str | None:
    return value.strip() or None


def _period_changes(data: dict[str, Any]) -> dict[str, Any]:
    """A period or outcome form's answers as the services take them (a blank number of terms is none)."""
    return {**data, "number_of_terms": _terms(data["number_of_terms"])}


@dfe_staff_required()
def add_induction_period(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = get_object_or_404(Teacher, pk=pk)
    form = InductionPeriodForm(posted(request))
    create = partial(induction_admin.create_induction_period, author=_author(request), teacher=teacher)
    if submitted(request, form, lambda data: create(**_period_changes(data)), fields=CORRECTION_FIELDS):
        messages.success(request, "Induction period created successfully")
        return redirect(_induction_url(teacher))
    return render(
        request,
        "admin_console/corrections/period_form.html",
        {
            "teacher": teacher,
            "form": form,
            "heading": f"Add an induction period for {teacher.full_name}",
            "button": "Save",
        },
    )


@dfe_staff_required()
def edit_induction_period(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    teacher = period.teacher
    initial = {
        "started_on": period.started_on,
        "finished_on": period.finished_on,
        "number_of_terms": "" if period.number_of_terms is None else f"{period.number_of_terms:g}",
        "training_programme": period.training_programme,
    }
    form = InductionPeriodForm(posted(request), initial=initial, editing=True)
    update = partial(induction_admin.update_induction_period, author=_author(request), period=period)
    if submitted(request, form, lambda data: update(**_period_changes(data)), fields=CORRECTION_FIELDS):
        messages.success(request, "Induction period updated successfully")
        return redirect(_induction_url(teacher))
    current = "current " if period.finished_on is None else ""
    return render(
        request,
        "admin_console/corrections/period_form.html",
        {
            "teacher": teacher,
            "form": form,
            "heading": f"Edit {teacher.full_name}’s {current}induction period",
            "button": "Update",
        },
    )


@dfe_staff_required()
def delete_induction_period(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(pk, period_pk)
    teacher = period.teacher
    if period.outcome:
        messages.error(request, "Could not delete induction period: it has an outcome")
        return redirect(_induction_url(teacher))
    form = AuditForm(posted(request))
    delete = partial(induction_admin.delete_induction_period, author=_author(request), period=period)
    if submitted(request, form, lambda data: delete(**data), fields=CORRECTION_FIELDS):
        messages.success(request, "Induction period deleted successfully")
        return redirect(_induction_url(teacher))
    return render(
        request, "admin_console/corrections/confirm_delete.html", {"teacher": teacher, "period": period, "form": form}
    )


@dfe_staff_required()
def reopen_induction(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = get_object_or_404(Teacher, pk=pk)
    latest = (
        InductionPeriod.objects.filter(teacher=teacher)
        .select_related("appropriate_body_period")
        .order_by("-started_on", "-pk")
        .first()
    )
    if latest is None or latest.finished_on is None or not latest.outcome:
        messages.error(request, "No completed induction period was found")
        return redirect(_induction_url(teacher))
    form = AuditForm(posted(request))
    reopen = partial(induction_admin.reopen_induction_period, author=_author(request), period=latest)
    if submitted(request, form, lambda data: reopen(**data), fields=CORRECTION_FIELDS):
        messages.success(request, "Induction was successfully reopened")
        return redirect(_induction_url(teacher))
    return render(
        request, "admin_console/corrections/reopen.html", {"teacher": teacher, "period": latest, "form": form}
    )


def _record_outcome(request: HttpRequest, pk: int, *, passed: bool) -> HttpResponse:
    teacher = get_object_or_404(Teacher, pk=pk)
    current = InductionPeriod.objects.filter(teacher=teacher, finished_on__isnull=True).first()
    if current is None:
        messages.error(request, f"{teacher.full_name} has no open induction period")
        return redirect(_induction_url(teacher))
    form = OutcomeForm(posted(request))
    record = partial(
        induction_services.record_pass if passed else induction_services.record_fail,
        author=_author(request),
        teacher=teacher,
    )
    if submitted(
        request,
        form,
        lambda data: record(**_period_changes(data)),
        fields=CORRECTION_FIELDS,
    ):
        return render(
            request, "admin_console/corrections/outcome_recorded.html", {"teacher": teacher, "passed": passed}
        )
    return render(
        request, "admin_console/corrections/outcome.html", {"teacher": teacher, "form": form, "passed": passed}
    )


@dfe_staff_required()
def record_pass(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_outcome(request, pk, passed=True)


@dfe_staff_required()
def record_fail(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_outcome(request, pk, passed=False)


PERIODS = "admin/teachers/<int:pk>/induction-periods"

urlpatterns = [
    path(f"{PERIODS}/new", add_induction_period, name="induction-period-new"),
    path(f"{PERIODS}/<int:period_pk>/edit", edit_induction_period, name="induction-period-edit"),
    path(f"{PERIODS}/<int:period_pk>/confirm-delete", delete_induction_period, name="induction-period-delete"),
    path("admin/teachers/<int:pk>/reopen-induction/confirm", reopen_induction, name="reopen-induction"),
    path("admin/teachers/<int:pk>/record-passed-outcome/new", record_pass, name="record-pass"),
    path("admin/teachers/<int:pk>/record-failed-outcome/new", record_fail, name="record-fail"),
]
