"""Induction extensions for DfE staff (journeys.md §6.3 "Extensions"): the list with Edit and Delete on each,
add, edit and confirm-delete, all through `teachers.services.induction_extensions` with the DfE user as the
events' author (`induction_extension_created` / `_updated` / `_deleted`)."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from core.errors import DomainError
from events.authors import Author
from sign_in.permissions import dfe_staff_required
from teachers.models import InductionExtension, Teacher
from teachers.services import induction_extensions as services
from web.forms import GovUKForm, posted, submitted


class ExtensionForm(GovUKForm):
    number_of_terms = forms.CharField(
        label="How many additional terms of induction need adding?",
        required=False,
        help_text="Enter up to one decimal place, for example 1.5",
    )


def _url(teacher: Teacher) -> str:
    return f"/admin/teachers/{teacher.pk}/extensions"


def _extension(pk: int, extension_pk: int) -> InductionExtension:
    return get_object_or_404(InductionExtension.objects.select_related("teacher"), pk=extension_pk, teacher_id=pk)


def _author(request: HttpRequest) -> Author:
    return Author.dfe_staff_user(request.staff_user)


@dfe_staff_required()
def extensions(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = get_object_or_404(Teacher, pk=pk)
    items = list(InductionExtension.objects.filter(teacher=teacher).order_by("created_at", "pk"))
    return render(
        request,
        "admin_console/extensions/list.html",
        {"teacher": teacher, "extensions": items, "total": sum(e.number_of_terms for e in items)},
    )


def _form_page(request: HttpRequest, teacher: Teacher, extension: InductionExtension | None) -> HttpResponse:
    initial = {"number_of_terms": f"{extension.number_of_terms:g}"} if extension else None
    form = ExtensionForm(posted(request), initial=initial)
    if extension is None:
        save = partial(services.add_extension, author=_author(request), teacher=teacher)
    else:
        save = partial(services.update_extension, author=_author(request), extension=extension)
    if submitted(request, form, lambda data: save(**data)):
        messages.success(request, f"Extension was successfully {'added' if extension is None else 'updated'}.")
        return redirect(_url(teacher))
    return render(
        request, "admin_console/extensions/form.html", {"teacher": teacher, "form": form, "editing": extension}
    )


@dfe_staff_required()
def new_extension(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(Teacher, pk=pk), None)


@dfe_staff_required()
def edit_extension(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    extension = _extension(pk, extension_pk)
    return _form_page(request, extension.teacher, extension)


@dfe_staff_required()
def delete_extension(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    extension = _extension(pk, extension_pk)
    teacher = extension.teacher
    if request.method == "POST":
        try:
            services.delete_extension(author=_author(request), extension=extension)
        except DomainError:
            messages.error(request, "Failed to delete extension.")
        else:
            messages.success(request, "Extension was successfully deleted.")
        return redirect(_url(teacher))
    return render(request, "admin_console/extensions/confirm_delete.html", {"teacher": teacher, "extension": extension})


EXTENSIONS = "admin/teachers/<int:pk>/extensions"

urlpatterns = [
    path(EXTENSIONS, extensions, name="extensions"),
    path(f"{EXTENSIONS}/new", new_extension, name="extension-new"),
    path(f"{EXTENSIONS}/<int:extension_pk>/edit", edit_extension, name="extension-edit"),
    path(f"{EXTENSIONS}/<int:extension_pk>/confirm-delete", delete_extension, name="extension-delete"),
]
