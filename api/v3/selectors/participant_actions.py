"""Which participant a PUT /participants/{id}/<action> is about (lead-provider-api.md §11.3 – §11.6, §3.4)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from providers.models import LeadProvider
from teachers.models import Teacher, TrainingPeriod


def visible_participant(lead_provider: LeadProvider, api_id: str | None) -> Teacher | None:
    """The teacher with that (current) participant id, if the provider can see them: it has a training period of
    theirs through one of its school partnerships (§10.2). Anyone else's participant is simply not found."""
    if api_id is None:
        return None
    theirs = TrainingPeriod.objects.filter(
        teacher=OuterRef("pk"),
        school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
    )
    return Teacher.objects.filter(Exists(theirs), api_id=api_id).first()
