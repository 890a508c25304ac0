"""Import an ECT from TRS (journeys.md §6.4): find by TRN and date of birth as the AB claim does, check what
TRS holds, then create the teacher through `teachers.services.induction.import_ect_from_trs` (event
`teacher_imported_from_trs`, authored by the DfE user). What was searched for is kept in the session between
steps and TRS is asked again on each, so the check page never shows stale data."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from core.errors import DomainError
from events.authors import Author
from integrations.trs.client import (
    TeacherDeactivated,
    TeacherMerged,
    TeacherNotFound,
    TRSClient,
    TRSTeacher,
    TRSUnavailable,
    get_trs_client,
)
from sign_in.permissions import dfe_staff_required
from teachers.messages import induction as induction_messages
from teachers.models import Teacher
from teachers.services.induction import import_ect_from_trs
from teachers.validation.induction_periods import validate_claim_search
from web.forms import DateField, GovUKForm, show_domain_errors

PREFIX = "/admin/import-ect"
SESSION_KEY = "admin_import_ect"
TRS_DOWN = "The Teaching Record Service is not available at the moment. Try again later."


def trs_client() -> TRSClient:
    """The TRS client the journey asks (tests put a seeded fake here)."""
    return get_trs_client()


class FindForm(GovUKForm):
    trn = forms.CharField(label="Teacher reference number (TRN)", required=False)
    date_of_birth = DateField(label="Date of birth", required=False, help_text="For example, 31 3 1980")


def ineligibility(trs_teacher: TRSTeacher) -> str | None:
    """Why the ECT cannot be imported for induction: no QTS, prohibited, passed, failed or exempt (§6.4)."""
    name = " ".join(p for p in (trs_teacher.first_name, trs_teacher.last_name) if p) or "This teacher"
    if not trs_teacher.has_qts:
        return induction_messages.HAS_NO_QTS.format(name=name)
    if trs_teacher.prohibited_from_teaching:
        return induction_messages.IS_PROHIBITED.format(name=name)
    if trs_teacher.has_passed:
        return induction_messages.HAS_ALREADY_PASSED.format(name=name)
    if trs_teacher.has_failed:
        return induction_messages.HAS_ALREADY_FAILED.format(name=name)
    if trs_teacher.is_exempt:
        return induction_messages.IS_EXEMPT.format(name=name)
    return None


def _already_exists(request: HttpRequest, teacher: Teacher) -> HttpResponse:
    messages.info(request, induction_messages.TEACHER_ALREADY_EXISTS.format(name=teacher.full_name))
    return redirect(f"/admin/teachers/{teacher.pk}")


def _lookup(request: HttpRequest, trn: str) -> TRSTeacher | None:
    searched = request.session.get(SESSION_KEY, {})
    if searched.get("trn") != trn:
        return None
    return trs_client().find_teacher(trn=trn, date_of_birth=dt.date.fromisoformat(searched["date_of_birth"]))


@dfe_staff_required()
def find_ect(request: HttpRequest) -> HttpResponse:
    form = FindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        trn, date_of_birth = form.cleaned_data["trn"], form.cleaned_data["date_of_birth"]
        try:
            trn = validate_claim_search(trn=trn, date_of_birth=date_of_birth)
            existing = Teacher.objects.filter(trn=trn).first()
            if existing is not None:
                return _already_exists(request, existing)
            trs_client().find_teacher(trn=trn, date_of_birth=date_of_birth)
        except (TeacherNotFound, TeacherDeactivated, TeacherMerged):
            form.add_error("trn", induction_messages.TEACHER_NOT_FOUND_IN_TRS)
        except TRSUnavailable:
            form.add_error(None, TRS_DOWN)
        except DomainError as error:
            show_domain_errors(form, error)
        else:
            request.session[SESSION_KEY] = {"trn": trn, "date_of_birth": date_of_birth.isoformat()}
            return redirect(f"{PREFIX}/check-ect/{trn}/edit")
    return render(request, "admin_console/import_ect/find.html", {"form": form})


@dfe_staff_required()
def check_ect(request: HttpRequest, trn: str) -> HttpResponse:
    existing = Teacher.objects.filter(trn=trn).first()
    if existing is not None:
        return _already_exists(request, existing)
    try:
        trs_teacher = _lookup(request, trn)
    except (TeacherNotFound, TeacherDeactivated, TeacherMerged, TRSUnavailable):
        trs_teacher = None
    if trs_teacher is None:
        return redirect(f"{PREFIX}/find-ect/new")
    return render(
        request,
        "admin_console/import_ect/check.html",
        {"trs_teacher": trs_teacher, "reason": ineligibility(trs_teacher), "failed": request.GET.get("failed")},
    )


@dfe_staff_required()
def register_ect(request: HttpRequest, trn: str) -> HttpResponse:
    if request.method != "POST":
        return redirect(f"{PREFIX}/check-ect/{trn}/edit")
    existing = Teacher.objects.filter(trn=trn).first()
    if existing is not None:
        return _already_exists(request, existing)
    try:
        trs_teacher = _lookup(request, trn)
        if trs_teacher is None:
            return redirect(f"{PREFIX}/find-ect/new")
        if ineligibility(trs_teacher) is not None:
            raise DomainError("trn", ineligibility(trs_teacher))
        teacher = import_ect_from_trs(author=Author.dfe_staff_user(request.staff_user), trs_teacher=trs_teacher)
    except (DomainError, TeacherNotFound, TeacherDeactivated, TeacherMerged, TRSUnavailable):
        return redirect(f"{PREFIX}/check-ect/{trn}/edit?failed=1")
    request.session.pop(SESSION_KEY, None)
    return render(request, "admin_console/import_ect/confirmation.html", {"teacher": teacher})


urlpatterns = [
    path("admin/import-ect/find-ect/new", find_ect, name="import-ect-find"),
    path("admin/import-ect/check-ect/<str:trn>/edit", check_ect, name="import-ect-check"),
    path("admin/import-ect/register-ect/<str:trn>", register_ect, name="import-ect-register"),
]
