"""Change a mentor's lead provider (journeys.md §4.11.3): edit → check answers → confirmation, calling
`teachers.services.training_changes.change_lead_provider`, which owns what the change does to training."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from core.errors import DomainError
from providers.models import ActiveLeadProvider, LeadProvider
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from schools_portal.views.mentors import OpenChoiceField
from sign_in import session
from sign_in.permissions import school_user_required
from teachers.messages import training as training_messages
from teachers.models import MentorAtSchoolPeriod
from teachers.selectors.mentors import current_or_next_training_period, training_lead_provider
from teachers.services.training import contract_period_of
from teachers.services.training_changes import change_lead_provider
from web.forms import GovUKForm
from web.wizard import CHECK_ANSWERS, CONFIRMATION, Step, StepError, Wizard

T = "schools_portal/mentor_changes/"


class NewLeadProviderForm(GovUKForm):
    lead_provider = OpenChoiceField(widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, choices: list[LeadProvider] = (), current: LeadProvider | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_provider"]
        field.choices = [(str(lp.pk), lp.name) for lp in choices]
        field.label = "Which lead provider will be training them?"
        self.current = current
        self.known = {str(lp.pk) for lp in choices} | ({str(current.pk)} if current else set())

    def clean_lead_provider(self) -> int:
        value = self.data.get(self.add_prefix("lead_provider")) or ""
        if value not in self.known:
            raise ValidationError(training_messages.LEAD_PROVIDER_REQUIRED.replace("the ECT", "the mentor"))
        if self.current is not None and value == str(self.current.pk):
            raise ValidationError(training_messages.SAME_LEAD_PROVIDER)
        return int(value)


class ChangeMentorLeadProvider(Wizard):
    key = "mentor-change-lead-provider"
    url_name = "schools:mentor-change-lead-provider"
    steps = [
        Step("edit", NewLeadProviderForm, T + "edit_lead_provider.html"),
        Step(CHECK_ANSWERS, None, T + "check_lead_provider.html"),
        Step(CONFIRMATION, None, T + "lead_provider_changed.html"),
    ]

    def __init__(self, request: HttpRequest, **kwargs: Any):
        super().__init__(request, **kwargs)
        self.period = get_object_or_404(
            MentorAtSchoolPeriod.objects.select_related("teacher"), pk=kwargs["mentor_id"], school=request.acting_school
        )
        self.training = current_or_next_training_period(self.period)

    @property
    def exit_url(self) -> str:  # type: ignore[override]
        return f"/school/mentors/{self.period.pk}"

    def current_lead_provider(self) -> LeadProvider | None:
        return training_lead_provider(self.training)

    def choices(self) -> list[LeadProvider]:
        """LPs active in the contract period of the mentor's latest registration, without the current one."""
        contract_period = contract_period_of(self.training)
        active = ActiveLeadProvider.objects.filter(contract_period=contract_period).values("lead_provider_id")
        current = self.current_lead_provider()
        providers = LeadProvider.objects.filter(pk__in=active).order_by("name")
        return list(providers.exclude(pk=current.pk) if current else providers)

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {"choices": self.choices(), "current": self.current_lead_provider()}

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        new_id = answers.get("edit", {}).get("lead_provider")
        return {
            "period": self.period,
            "name": self.period.teacher.full_name,
            "current_lead_provider": answers.get("old_lead_provider")
            or getattr(self.current_lead_provider(), "name", None),
            "new_lead_provider": LeadProvider.objects.filter(pk=new_id).first() if new_id else None,
        }

    def complete(self, answers: dict[str, Any]) -> dict[str, Any]:
        old = self.current_lead_provider()
        try:
            change_lead_provider(
                author=session.current_user(self.request).author(),
                at_school_period=self.period,
                lead_provider=LeadProvider.objects.get(pk=answers["edit"]["lead_provider"]),
            )
        except DomainError as error:
            raise StepError(error.message) from None
        return {"old_lead_provider": old.name if old else None}


@school_user_required
@induction_tutor_confirmed
def change_mentor_lead_provider(request: HttpRequest, mentor_id: int, step: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    return ChangeMentorLeadProvider(request, mentor_id=mentor_id).dispatch(step)


urlpatterns = [
    path(
        "school/mentors/<int:mentor_id>/change-lead-provider/<slug:step>",
        change_mentor_lead_provider,
        name="mentor-change-lead-provider",
    ),
]
