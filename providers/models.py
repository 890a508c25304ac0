"""Contract periods, schedules, lead providers, delivery partners and partnerships (domain.md §5.8–5.10)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q

from core import clock
from core.periods import Period, PeriodQuerySet, date_order_check, no_overlap

FIRST_CONTRACT_PERIOD_YEAR = 2020
REASSIGNMENT_SUCCESSOR_YEAR = 2024


class ContractPeriod(Period):
    """A funding year ("cohort"), identified by the year it starts in."""

    year = models.IntegerField(primary_key=True)
    finished_on = models.DateField()  # Q11: every funding year has an end
    enabled = models.BooleanField(default=False)
    mentor_funding_enabled = models.BooleanField(default=False)
    detailed_evidence_types_enabled = models.BooleanField(default=False)
    uplift_fees_enabled = models.BooleanField(default=True)
    payments_frozen_at = models.DateTimeField(null=True, blank=True)

    overlap_name = "Contract"

    class Meta:
        db_table = "contract_periods"
        ordering = ["year"]
        constraints = [
            date_order_check(),
            no_overlap("contract_periods_no_overlap"),
            models.CheckConstraint(name="contract_periods_year_from_2020", condition=Q(year__gte=2020)),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def siblings(self) -> PeriodQuerySet:
        return ContractPeriod.objects.exclude(year=self.year)

    @property
    def is_payments_frozen(self) -> bool:
        return self.payments_frozen_at is not None and self.payments_frozen_at <= clock.now()

    @property
    def is_editable(self) -> bool:
        return self.started_on > clock.today()


class ScheduleIdentifier(models.TextChoices):
    """Canonical display order (§4)."""

    STANDARD_JANUARY = "ecf-standard-january"
    STANDARD_APRIL = "ecf-standard-april"
    STANDARD_SEPTEMBER = "ecf-standard-september"
    EXTENDED_JANUARY = "ecf-extended-january"
    EXTENDED_APRIL = "ecf-extended-april"
    EXTENDED_SEPTEMBER = "ecf-extended-september"
    REDUCED_JANUARY = "ecf-reduced-january"
    REDUCED_APRIL = "ecf-reduced-april"
    REDUCED_SEPTEMBER = "ecf-reduced-september"
    REPLACEMENT_JANUARY = "ecf-replacement-january"
    REPLACEMENT_APRIL = "ecf-replacement-april"
    REPLACEMENT_SEPTEMBER = "ecf-replacement-september"


class DeclarationType(models.TextChoices):
    """Ordered: a later type is a later milestone."""

    STARTED = "started"
    RETAINED_1 = "retained-1"
    RETAINED_2 = "retained-2"
    RETAINED_3 = "retained-3"
    RETAINED_4 = "retained-4"
    COMPLETED = "completed"
    EXTENDED_1 = "extended-1"
    EXTENDED_2 = "extended-2"
    EXTENDED_3 = "extended-3"


class Schedule(models.Model):
    contract_period = models.ForeignKey(
        ContractPeriod,
        to_field="year",
        db_column="contract_period_year",
        on_delete=models.PROTECT,
        related_name="schedules",
    )
    identifier = models.CharField(max_length=30, choices=ScheduleIdentifier.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "schedules"
        constraints = [
            models.UniqueConstraint(
                fields=["contract_period", "identifier"], name="schedules_unique_identifier_per_contract_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.contract_period_id})"

    @property
    def family(self) -> str:
        """standard, extended, reduced or replacement."""
        return self.identifier.split("-")[1]

    @property
    def name(self) -> str:
        return " ".join(part.capitalize() for part in self.identifier.removeprefix("ecf-").split("-"))

    @property
    def description(self) -> str:
        return f"{self.name} for {self.contract_period_id}"


class Milestone(models.Model):
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="milestones")
    declaration_type = models.CharField(max_length=20, choices=DeclarationType.choices)
    start_date = models.DateField()
    milestone_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "milestones"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "declaration_type"], name="milestones_unique_declaration_type_per_schedule"
            ),
            models.CheckConstraint(
                name="milestones_milestone_date_after_start_date",
                condition=Q(milestone_date__isnull=True) | Q(milestone_date__gt=models.F("start_date")),
            ),
        ]

    def window_contains(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.milestone_date is None or day <= self.milestone_date)


class LeadProvider(models.Model):
    name = models.CharField(max_length=255, unique=True)
    vat_registered = models.BooleanField(default=True)
    ecf_id = models.UUIDField(null=True, blank=True, unique=True)
    ecf_cpd_lead_provider_id = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "lead_providers"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActiveLeadProvider(models.Model):
    """A lead provider contracted in one contract period."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="active_lead_providers")
    contract_period = models.ForeignKey(
        ContractPeriod,
        to_field="year",
        db_column="contract_period_year",
        on_delete=models.PROTECT,
        related_name="active_lead_providers",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "active_lead_providers"
        constraints = [
            models.UniqueConstraint(
                fields=["lead_provider", "contract_period"], name="active_lead_providers_unique_per_contract_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_provider_id} in {self.contract_period_id}"


class Band(models.Model):
    """`ActiveLeadProvider::Band`: finance bands, lettered A, B, C… by allocation order."""

    active_lead_provider = models.ForeignKey(ActiveLeadProvider, on_delete=models.CASCADE, related_name="bands")
    allocation_order = models.PositiveIntegerField()
    capacity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "active_lead_provider_bands"
        constraints = [
            models.UniqueConstraint(
                fields=["active_lead_provider", "allocation_order"], name="active_lead_provider_bands_unique_order"
            ),
            models.CheckConstraint(
                name="active_lead_provider_bands_positive", condition=Q(allocation_order__gt=0, capacity__gt=0)
            ),
        ]

    @property
    def letter(self) -> str:
        return chr(ord("A") + self.allocation_order - 1)


class DeliveryPartner(models.Model):
    name = models.CharField(max_length=255)
    api_id = models.UUIDField(default=uuid.uuid4, unique=True)
    api_updated_at = models.DateTimeField(default=clock.now, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "delivery_partners"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("name"), name="delivery_partners_unique_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class LeadProviderDeliveryPartnership(models.Model):
    active_lead_provider = models.ForeignKey(
        ActiveLeadProvider, on_delete=models.PROTECT, related_name="delivery_partnerships"
    )
    delivery_partner = models.ForeignKey(
        DeliveryPartner, on_delete=models.PROTECT, related_name="lead_provider_delivery_partnerships"
    )
    ecf_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "lead_provider_delivery_partnerships"
        constraints = [
            models.UniqueConstraint(
                fields=["active_lead_provider", "delivery_partner"],
                name="lead_provider_delivery_partnerships_unique_pair",
            ),
        ]


class SchoolPartnership(models.Model):
    """A confirmed partnership: the school is trained by this lead provider and delivery partner in a year."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="school_partnerships")
    lead_provider_delivery_partnership = models.ForeignKey(
        LeadProviderDeliveryPartnership, on_delete=models.PROTECT, related_name="school_partnerships"
    )
    api_id = models.UUIDField(default=uuid.uuid4, unique=True)
    api_updated_at = models.DateTimeField(default=clock.now, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "school_partnerships"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "lead_provider_delivery_partnership"],
                name="school_partnerships_unique_school_pairing",
            ),
        ]

    @property
    def active_lead_provider(self) -> ActiveLeadProvider:
        return self.lead_provider_delivery_partnership.active_lead_provider

    @property
    def lead_provider(self) -> LeadProvider:
        return self.active_lead_provider.lead_provider

    @property
    def delivery_partner(self) -> DeliveryPartner:
        return self.lead_provider_delivery_partnership.delivery_partner

    @property
    def contract_period(self) -> ContractPeriod:
        return self.active_lead_provider.contract_period
