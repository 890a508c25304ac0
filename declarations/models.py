"""Declarations: a lead provider's evidence that a participant reached a milestone (domain.md §5.18)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from core import clock
from providers.models import DeclarationType


class PaymentStatus(models.TextChoices):
    NO_PAYMENT = "no_payment"
    ELIGIBLE = "eligible"
    PAYABLE = "payable"
    PAID = "paid"
    VOIDED = "voided"


class ClawbackStatus(models.TextChoices):
    NO_CLAWBACK = "no_clawback"
    AWAITING_CLAWBACK = "awaiting_clawback"
    CLAWED_BACK = "clawed_back"


class EvidenceType(models.TextChoices):
    TRAINING_EVENT_ATTENDED = "training-event-attended"
    SELF_STUDY_MATERIAL_COMPLETED = "self-study-material-completed"
    MATERIALS_ENGAGED_WITH_OFFLINE = "materials-engaged-with-offline"
    SEVENTY_FIVE_PERCENT_ENGAGEMENT_MET = "75-percent-engagement-met"
    SEVENTY_FIVE_PERCENT_ENGAGEMENT_MET_REDUCED_INDUCTION = "75-percent-engagement-met-reduced-induction"
    ONE_TERM_INDUCTION = "one-term-induction"
    OTHER = "other"


BILLABLE = (PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE, PaymentStatus.PAID)
BILLABLE_OR_CHANGEABLE = (PaymentStatus.NO_PAYMENT, *BILLABLE)
VOIDABLE = (PaymentStatus.NO_PAYMENT, PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE)
REFUNDABLE = (ClawbackStatus.AWAITING_CLAWBACK, ClawbackStatus.CLAWED_BACK)


class Declaration(models.Model):
    api_id = models.UUIDField(default=uuid.uuid4, unique=True)
    training_period = models.ForeignKey(
        "teachers.TrainingPeriod", on_delete=models.PROTECT, related_name="declarations"
    )
    # Copies of the training period's teacher and role, kept right by triggers whatever writes the row, so that the
    # database can hold BR-D-07 per participant and role, across all their training periods and lead providers.
    teacher = models.ForeignKey("teachers.Teacher", on_delete=models.PROTECT, related_name="+", editable=False)
    role = models.CharField(max_length=6, choices=[("ect", "ect"), ("mentor", "mentor")], editable=False)
    mentorship_period = models.ForeignKey(
        "teachers.MentorshipPeriod", null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    delivery_partner_when_created = models.ForeignKey(
        "providers.DeliveryPartner", on_delete=models.PROTECT, related_name="+"
    )
    declaration_type = models.CharField(max_length=20, choices=DeclarationType.choices, default=DeclarationType.STARTED)
    declaration_date = models.DateTimeField(default=clock.now)
    evidence_type = models.CharField(max_length=50, choices=EvidenceType.choices, null=True, blank=True)
    payment_status = models.CharField(max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.NO_PAYMENT)
    clawback_status = models.CharField(
        max_length=20, choices=ClawbackStatus.choices, default=ClawbackStatus.NO_CLAWBACK
    )
    payment_statement = models.ForeignKey(
        "finance.Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="payment_declarations"
    )
    clawback_statement = models.ForeignKey(
        "finance.Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="clawback_declarations"
    )
    pupil_premium_uplift = models.BooleanField(default=False)
    sparsity_uplift = models.BooleanField(default=False)
    voided_by_user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voided_by_user_at = models.DateTimeField(null=True, blank=True)
    api_updated_at = models.DateTimeField(default=clock.now, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "declarations"
        # Changes in the order providers read them (`filter[updated_since]`, webhooks' keyset).
        indexes = [models.Index(fields=["api_updated_at", "id"], name="declarations_api_updated_at")]
        constraints = [
            # BR-D-07: one billable-or-changeable declaration of a type per training period. Stricter than
            # the reference's index (which includes payment_status and so lets `no_payment` sit beside `paid`).
            models.UniqueConstraint(
                fields=["training_period", "declaration_type"],
                condition=Q(payment_status__in=BILLABLE_OR_CHANGEABLE, clawback_status=ClawbackStatus.NO_CLAWBACK),
                name="declarations_one_billable_or_changeable_per_type",
            ),
            # BR-D-07 as lead-provider-api.md §12.3 V8 states it: per participant and role, across every training
            # period and lead provider (a second provider, or a new period, cannot be paid twice for one event).
            models.UniqueConstraint(
                fields=["teacher", "role", "declaration_type"],
                condition=Q(payment_status__in=BILLABLE_OR_CHANGEABLE, clawback_status=ClawbackStatus.NO_CLAWBACK),
                name="declarations_one_billable_or_changeable_per_teacher_role_type",
            ),
            models.CheckConstraint(
                name="declarations_payment_statement_when_needed",
                condition=Q(payment_status__in=[PaymentStatus.NO_PAYMENT, PaymentStatus.VOIDED])
                | Q(payment_statement__isnull=False),
            ),
            models.CheckConstraint(
                name="declarations_clawback_statement_when_needed",
                condition=Q(clawback_status=ClawbackStatus.NO_CLAWBACK) | Q(clawback_statement__isnull=False),
            ),
            models.CheckConstraint(
                name="declarations_voided_by_user_fields_together",
                condition=Q(voided_by_user__isnull=True, voided_by_user_at__isnull=True)
                | Q(voided_by_user__isnull=False, voided_by_user_at__isnull=False),
            ),
            models.CheckConstraint(
                name="declarations_clawback_only_when_paid",
                condition=Q(clawback_status=ClawbackStatus.NO_CLAWBACK) | Q(payment_status=PaymentStatus.PAID),
            ),
        ]

    @property
    def overall_status(self) -> str:
        return self.clawback_status if self.clawback_status != ClawbackStatus.NO_CLAWBACK else self.payment_status
