"""Finding teachers and seeing their whole record (journeys.md §6.1, §6.2, §6.11)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from admin_console.selectors import search, teacher_record
from providers.models import ContractPeriod
from sign_in.permissions import Capability, dfe_staff_required, has_capability
from teachers.models import Teacher
from web.forms import GovUKForm


class TeacherSearchForm(GovUKForm):
    q = forms.CharField(
        label="Search for teacher",
        required=False,
        help_text="Search by name, TRN, API participant or training record ID",
    )
    role = forms.ChoiceField(label="Role", required=False, choices=search.ROLES)
    contract_period = forms.ChoiceField(label="Contract period", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        years = ContractPeriod.objects.order_by("year").values_list("year", flat=True)
        self.fields["contract_period"].choices = [
            ("", "All"),
            *[(str(y), str(y)) for y in years],
            (search.NOT_AVAILABLE, "Not available"),
        ]


def teacher_search_context(request: HttpRequest, *, school: Any = None) -> dict[str, Any]:
    form = TeacherSearchForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    page, rows = search.search_teachers(
        values.get("q", ""),
        role=values.get("role", ""),
        contract_period=values.get("contract_period", ""),
        school=school,
        page=request.GET.get("page", 1),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "rows": rows,
        "filters": query.urlencode(),
        "back_query": request.GET.urlencode(),
    }


@dfe_staff_required()
def teachers_search(request: HttpRequest) -> HttpResponse:
    return render(request, "admin_console/teachers/search.html", teacher_search_context(request))


TABS = [
    ("overview", "Overview", ""),
    ("induction", "Induction", "/induction"),
    ("school", "School", "/school"),
    ("training", "Training", "/training"),
    ("declarations", "Declarations", "/declarations"),
    ("timeline", "Timeline", "/timeline"),
]


def teacher_page(request: HttpRequest, teacher: Teacher, tab: str, **context: Any) -> HttpResponse:
    back = request.GET.get("back", "")
    return render(
        request,
        f"admin_console/teachers/{tab}.html",
        {
            "teacher": teacher,
            "tab": tab,
            "tabs": [
                {"key": key, "label": label, "url": f"/admin/teachers/{teacher.pk}{suffix}"}
                for key, label, suffix in TABS
            ],
            "teachers_url": "/admin/teachers" + (f"?{back}" if back else ""),
            **context,
        },
    )


def _teacher(pk: int) -> Teacher:
    return get_object_or_404(Teacher, pk=pk)


@dfe_staff_required()
def teacher_overview(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _teacher(pk)
    return teacher_page(request, teacher, "overview", overview=teacher_record.overview(teacher))


@dfe_staff_required()
def teacher_induction(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _teacher(pk)
    return teacher_page(request, teacher, "induction", history=teacher_record.induction_history(teacher))


@dfe_staff_required()
def teacher_school(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _teacher(pk)
    return teacher_page(request, teacher, "school", history=teacher_record.school_history(teacher))


@dfe_staff_required()
def teacher_training(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _teacher(pk)
    return teacher_page(request, teacher, "training", cards=teacher_record.training_history(teacher))


@dfe_staff_required()
def teacher_declarations(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _teacher(pk)
    return teacher_page(
        request,
        teacher,
        "declarations",
        declarations=teacher_record.declarations_of(teacher),
        can_void=has_capability(request, Capability.FINANCE),  # voiding is in the finance area (§2.8)
    )


@dfe_staff_required()
def teacher_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _teacher(pk)
    return teacher_page(
        request,
        teacher,
        "timeline",
        periods=teacher_record.all_periods(teacher),
        items=teacher_record.timeline(teacher),
    )


urlpatterns = [
    path("admin/teachers", teachers_search, name="teachers"),
    path("admin/teachers/<int:pk>", teacher_overview, name="teacher"),
    path("admin/teachers/<int:pk>/induction", teacher_induction, name="teacher-induction"),
    path("admin/teachers/<int:pk>/school", teacher_school, name="teacher-school"),
    path("admin/teachers/<int:pk>/training", teacher_training, name="teacher-training"),
    path("admin/teachers/<int:pk>/declarations", teacher_declarations, name="teacher-declarations"),
    path("admin/teachers/<int:pk>/timeline", teacher_timeline, name="teacher-timeline"),
]
