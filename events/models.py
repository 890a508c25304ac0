"""The audit timeline (domain.md §5.20). Rows are written only by `events.recorder.write_event`."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from events.types import AuthorType, EventType


def _link(model: str, related_name: str = "events", **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name, **kwargs
    )


class Event(models.Model):
    event_type = models.CharField(max_length=80, choices=EventType.choices)
    heading = models.TextField()
    body = models.TextField(null=True, blank=True)
    happened_at = models.DateTimeField()
    author_type = models.CharField(max_length=30, choices=AuthorType.choices)
    author = _link("accounts.User", related_name="authored_events")
    author_email = models.CharField(max_length=254, null=True, blank=True)
    author_name = models.CharField(max_length=255, null=True, blank=True)
    modifications = ArrayField(models.TextField(), null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    zendesk_ticket_id = models.IntegerField(null=True, blank=True)

    teacher = _link("teachers.Teacher")
    school = _link("schools.School")
    appropriate_body_period = _link("appropriate_bodies.AppropriateBodyPeriod")
    induction_period = _link("teachers.InductionPeriod")
    induction_extension = _link("teachers.InductionExtension")
    ect_at_school_period = _link("teachers.ECTAtSchoolPeriod")
    mentor_at_school_period = _link("teachers.MentorAtSchoolPeriod")
    mentorship_period = _link("teachers.MentorshipPeriod")
    training_period = _link("teachers.TrainingPeriod")
    schedule = _link("providers.Schedule")
    school_partnership = _link("providers.SchoolPartnership")
    lead_provider = _link("providers.LeadProvider")
    delivery_partner = _link("providers.DeliveryPartner")
    active_lead_provider = _link("providers.ActiveLeadProvider")
    lead_provider_delivery_partnership = _link("providers.LeadProviderDeliveryPartnership")
    contract_period = _link("providers.ContractPeriod", to_field="year")
    statement = _link("finance.Statement")
    statement_adjustment = _link("finance.StatementAdjustment")
    declaration = _link("declarations.Declaration")
    user = _link("accounts.User", related_name="subject_events")
    pending_induction_submission_batch = _link("appropriate_bodies.PendingInductionSubmissionBatch")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "events"
        indexes = [
            models.Index(fields=["teacher", "happened_at"], name="events_teacher_timeline"),
            models.Index(fields=["school", "happened_at"], name="events_school_timeline"),
        ]
        constraints = [
            models.CheckConstraint(
                name="events_author_present",
                condition=models.Q(author_type__in=[AuthorType.SYSTEM, AuthorType.LEAD_PROVIDER_API])
                | models.Q(author__isnull=False)
                | models.Q(author_email__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type}: {self.heading}"
