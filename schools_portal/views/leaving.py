"""Report an ECT or mentor leaving (journeys.md §4.12): one date question, check answers, confirmation. The date
rules and what leaving does are `teachers.services.leaving`'s; not gated by the registration window."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from core import clock
from core.errors import DomainError
from sign_in import session
from sign_in.permissions import school_user_required
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod
from teachers.services.leaving import (
    leaving_date_from_parts,
    report_ect_leaving,
    report_mentor_leaving,
    validate_leaving_date,
)
from web.forms import DateField, GovUKForm
from web.wizard import CHECK_ANSWERS, CONFIRMATION, Step, StepError, Wizard


class LeavingDateField(DateField):
    """The three boxes, read by the service's own parser so blank and invalid dates get its messages."""

    def clean(self, value: Any) -> dt.date:
        parts = list(value or ["", "", ""])
        try:
            return leaving_date_from_parts(*parts)
        except DomainError as error:
            raise ValidationError(error.message) from None


class LeavingDateForm(GovUKForm):
    finished_on = LeavingDateField()

    def __init__(self, *args: Any, period, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.period = period
        name = period.teacher.full_name
        self.fields["finished_on"].label = f"When did or when will {name} leave?"
        self.fields["finished_on"].help_text = "For example, 31 3 2025"

    def clean_finished_on(self) -> dt.date:
        finished_on = self.cleaned_data["finished_on"]
        try:
            validate_leaving_date(period=self.period, finished_on=finished_on)
        except DomainError as error:
            raise ValidationError(error.message) from None
        return finished_on


class ReportLeaving(Wizard):
    model: ClassVar[type[models.Model]]
    id_kwarg: ClassVar[str]
    steps = [
        Step("edit", LeavingDateForm, "schools_portal/leaving/edit.html"),
        Step(CHECK_ANSWERS, None, "schools_portal/leaving/check_answers.html"),
        Step(CONFIRMATION, None, "schools_portal/leaving/confirmation.html"),
    ]

    def __init__(self, request: HttpRequest, **kwargs: Any):
        super().__init__(request, **kwargs)
        self.period = get_object_or_404(
            self.model.objects.select_related("teacher"), pk=kwargs[self.id_kwarg], school=request.acting_school
        )

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {"period": self.period}

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        finished_on = (answers.get("edit") or {}).get("finished_on")
        today = clock.today()
        return {
            "period": self.period,
            "name": self.period.teacher.full_name,
            "is_mentor": isinstance(self.period, MentorAtSchoolPeriod),
            "finished_on": finished_on,
            "future": finished_on is not None and finished_on > today,
            "not_past": finished_on is not None and finished_on >= today,
        }

    def report(self, finished_on: dt.date) -> None:
        raise NotImplementedError

    def complete(self, answers: dict[str, Any]) -> None:
        try:
            self.report(answers["edit"]["finished_on"])
        except DomainError as error:
            raise StepError(error.message) from None


class ReportECTLeaving(ReportLeaving):
    key = "report-ect-leaving"
    url_name = "schools:ect-leaving"
    model = ECTAtSchoolPeriod
    id_kwarg = "ect_id"

    @property
    def exit_url(self) -> str:  # type: ignore[override]
        return f"/school/ects/{self.period.pk}"

    def report(self, finished_on: dt.date) -> None:
        report_ect_leaving(
            author=session.current_user(self.request).author(),
            period=self.period,
            finished_on=finished_on,
            school=self.request.acting_school,
        )


class ReportMentorLeaving(ReportLeaving):
    key = "report-mentor-leaving"
    url_name = "schools:mentor-leaving"
    model = MentorAtSchoolPeriod
    id_kwarg = "mentor_id"

    @property
    def exit_url(self) -> str:  # type: ignore[override]
        return f"/school/mentors/{self.period.pk}"

    def report(self, finished_on: dt.date) -> None:
        report_mentor_leaving(
            author=session.current_user(self.request).author(),
            period=self.period,
            finished_on=finished_on,
            school=self.request.acting_school,
        )


def _view(wizard: type[Wizard]):
    inner = wizard.as_view()

    @school_user_required
    def view(request: HttpRequest, step: str, **kwargs: Any) -> HttpResponse:
        return inner(request, step=step, **kwargs)

    view.__name__ = wizard.__name__
    return view


urlpatterns = [
    path("school/ects/<int:ect_id>/report-teacher-leaving/<slug:step>", _view(ReportECTLeaving), name="ect-leaving"),
    path(
        "school/mentors/<int:mentor_id>/report-teacher-leaving/<slug:step>",
        _view(ReportMentorLeaving),
        name="mentor-leaving",
    ),
]
