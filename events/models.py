"""The audit timeline (domain.md §5.20). Rows are written only by `events.recorder.write_event`."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from events.types import AuthorType, EventType


def _link(model: str, related_name: str = "events", **kwargs) -> models.ForeignKey:
    """Indexed below, partially: most events link to a few of these, so indexing only the rows that do keeps each
    write to a handful of index entries instead of one per link."""
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name, db_index=False, **kwargs
    )


# Each link's partial index, named within PostgreSQL's and Django's limits. `teacher` and `school` are served by
# their timeline indexes.
_LINK_INDEXES = {
    "author": "events_author_idx",
    "appropriate_body_period": "events_ab_period_idx",
    "induction_period": "events_induction_period_idx",
    "induction_extension": "events_induction_ext_idx",
    "ect_at_school_period": "events_ect_period_idx",
    "mentor_at_school_period": "events_mentor_period_idx",
    "mentorship_period": "events_mentorship_period_idx",
    "training_period": "events_training_period_idx",
    "schedule": "events_schedule_idx",
    "school_partnership": "events_school_partnership_idx",
    "lead_provider": "events_lead_provider_idx",
    "delivery_partner": "events_delivery_partner_idx",
    "active_lead_provider": "events_active_lp_idx",
    "lead_provider_delivery_partnership": "events_lpdp_idx",
    "contract_period": "events_contract_period_idx",
    "statement": "events_statement_idx",
    "statement_adjustment": "events_adjustment_idx",
    "declaration": "events_declaration_idx",
    "user": "events_user_idx",
    "pending_induction_submission_batch": "events_batch_idx",
}


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
            models.Index(
                fields=["teacher", "happened_at"],
                name="events_teacher_timeline",
                condition=models.Q(teacher__isnull=False),
            ),
            models.Index(
                fields=["school", "happened_at"],
                name="events_school_timeline",
                condition=models.Q(school__isnull=False),
            ),
            *(
                models.Index(fields=[field], name=name, condition=models.Q(**{f"{field}__isnull": False}))
                for field, name in _LINK_INDEXES.items()
            ),
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
