"""Participant actions (lead-provider-api.md §11.3 – §11.6): withdraw, defer, resume, change schedule.

Thin, in §9's order: the body's shape (400) before the participant (404), then the teachers services, whose rule
failures become the 422 body, then the participant as GET /participants/{id} shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.v3 import errors
from api.v3.auth import lead_provider
from api.v3.body import attributes
from api.v3.query import uuid_or_none
from api.v3.rendering import data_response
from api.v3.selectors.participant_actions import visible_participant
from api.v3.selectors.participants import participant_resources
from core.errors import DomainError
from events.authors import Author
from providers.models import LeadProvider
from teachers.models import Teacher
from teachers.services.training_changes import (
    change_participant_schedule,
    defer_participant,
    resume_participant,
    withdraw_participant,
)

router = Router(tags=["participants"])


def _act(request: HttpRequest, id: str, permitted: tuple[str, ...], action: Callable[..., Any]) -> HttpResponse:
    provider = lead_provider(request)
    sent = attributes(request, permitted=permitted)
    teacher = visible_participant(provider, uuid_or_none(id))
    if teacher is None:
        raise errors.not_found()
    try:
        action(
            author=Author.lead_provider_api(provider),
            lead_provider=provider,
            teacher=teacher,
            **{name: sent.get(name) for name in permitted},
        )
    except DomainError as error:
        raise errors.unprocessable(error) from None
    return data_response(_participant(provider, teacher))


def _participant(provider: LeadProvider, teacher: Teacher) -> dict[str, Any]:
    return participant_resources(provider, [teacher.pk])[0]


@router.put("/{id}/withdraw")
def withdraw(request: HttpRequest, id: str) -> HttpResponse:
    return _act(request, id, ("reason", "course_identifier"), withdraw_participant)


@router.put("/{id}/defer")
def defer(request: HttpRequest, id: str) -> HttpResponse:
    return _act(request, id, ("reason", "course_identifier"), defer_participant)


@router.put("/{id}/resume")
def resume(request: HttpRequest, id: str) -> HttpResponse:
    return _act(request, id, ("course_identifier",), resume_participant)


@router.put("/{id}/change-schedule")
def change_schedule(request: HttpRequest, id: str) -> HttpResponse:
    return _act(request, id, ("schedule_identifier", "course_identifier", "cohort"), change_participant_schedule)
