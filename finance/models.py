"""Contracts, fee structures and monthly statements (domain.md §5.19; computed per finance.md)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from core import clock


class ContractType(models.TextChoices):
    ECF = "ecf"
    ITTECF_ECTP = "ittecf_ectp"


class Contract(models.Model):
    active_lead_provider = models.ForeignKey(
        "providers.ActiveLeadProvider", on_delete=models.PROTECT, related_name="contracts"
    )
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    vat_rate = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0.20"))
    # The ECF1 call-off and mentor call-off contract versions a migrated contract was made from (migration.md §6.4):
    # ECF1 priced each statement on its own versions, so a provider and year can hold several contracts and the
    # migration finds each statement's by them. Null on contracts set up in this service.
    ecf_contract_version = models.CharField(max_length=100, null=True, blank=True)
    ecf_mentor_contract_version = models.CharField(max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "contracts"
        constraints = [
            models.CheckConstraint(name="contracts_vat_rate_range", condition=Q(vat_rate__gte=0, vat_rate__lte=1)),
            # One contract per provider, year and version pair; "no mentor version" counts as one value.
            models.UniqueConstraint(
                fields=["active_lead_provider", "ecf_contract_version", "ecf_mentor_contract_version"],
                condition=Q(ecf_contract_version__isnull=False),
                nulls_distinct=False,
                name="contracts_unique_ecf_versions",
            ),
            models.CheckConstraint(
                name="contracts_mentor_version_needs_version",
                condition=Q(ecf_mentor_contract_version__isnull=True) | Q(ecf_contract_version__isnull=False),
            ),
        ]


class BandedFeeStructure(models.Model):
    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="banded_fee_structure")
    recruitment_target = models.PositiveIntegerField()
    setup_fee = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    monthly_service_fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    uplift_fee_per_declaration = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    uplift_target_ratio = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "contract_banded_fee_structures"
        constraints = [
            models.CheckConstraint(
                name="contract_banded_fee_structures_amounts",
                condition=Q(setup_fee__gte=0, uplift_fee_per_declaration__gte=0)
                & (Q(monthly_service_fee__isnull=True) | Q(monthly_service_fee__gte=0))
                & (Q(uplift_target_ratio__isnull=True) | Q(uplift_target_ratio__gte=0, uplift_target_ratio__lte=1)),
            ),
        ]


class BandTerm(models.Model):
    banded_fee_structure = models.ForeignKey(BandedFeeStructure, on_delete=models.CASCADE, related_name="band_terms")
    band = models.ForeignKey("providers.Band", on_delete=models.PROTECT, related_name="band_terms")
    fee_per_declaration = models.DecimalField(max_digits=12, decimal_places=2)
    output_fee_ratio = models.DecimalField(max_digits=5, decimal_places=4)
    service_fee_ratio = models.DecimalField(max_digits=5, decimal_places=4)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "contract_banded_fee_structure_band_terms"
        constraints = [
            models.UniqueConstraint(fields=["banded_fee_structure", "band"], name="band_terms_unique_band"),
            models.CheckConstraint(name="band_terms_fee_positive", condition=Q(fee_per_declaration__gt=0)),
            models.CheckConstraint(
                name="band_terms_ratios_sum_to_one", condition=Q(output_fee_ratio=Decimal("1") - F("service_fee_ratio"))
            ),
        ]


class FlatRateFeeStructure(models.Model):
    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="flat_rate_fee_structure")
    recruitment_target = models.PositiveIntegerField()
    fee_per_declaration = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "contract_flat_rate_fee_structures"
        constraints = [
            models.CheckConstraint(
                name="contract_flat_rate_fee_structures_positive",
                condition=Q(recruitment_target__gt=0, fee_per_declaration__gt=0),
            ),
        ]


class FeeType(models.TextChoices):
    OUTPUT = "output"
    SERVICE = "service"


class StatementStatus(models.TextChoices):
    OPEN = "open"
    PAYABLE = "payable"
    PAID = "paid"


class Statement(models.Model):
    api_id = models.UUIDField(default=uuid.uuid4, unique=True)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="statements")
    # Copied from the contract so the database can hold one statement per provider, month and year.
    active_lead_provider = models.ForeignKey(
        "providers.ActiveLeadProvider", on_delete=models.PROTECT, related_name="statements"
    )
    month = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    deadline_date = models.DateField()
    payment_date = models.DateField()
    fee_type = models.CharField(max_length=10, choices=FeeType.choices, default=FeeType.OUTPUT)
    status = models.CharField(max_length=10, choices=StatementStatus.choices, default=StatementStatus.OPEN)
    marked_as_paid_at = models.DateTimeField(null=True, blank=True)
    api_updated_at = models.DateTimeField(default=clock.now, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "statements"
        constraints = [
            models.UniqueConstraint(
                fields=["active_lead_provider", "month", "year"], name="statements_unique_provider_month_year"
            ),
            models.CheckConstraint(name="statements_month_range", condition=Q(month__gte=1, month__lte=12)),
            models.CheckConstraint(name="statements_year_from_2020", condition=Q(year__gte=2020)),
            models.CheckConstraint(
                name="statements_payment_after_deadline", condition=Q(payment_date__gt=F("deadline_date"))
            ),
        ]


class StatementAdjustment(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="adjustments")
    payment_type = models.CharField(max_length=500)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    ecf_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "statement_adjustments"
        constraints = [
            models.CheckConstraint(
                name="statement_adjustments_amount_range",
                condition=~Q(amount=0) & Q(amount__gte=-1_000_000, amount__lte=1_000_000),
            ),
        ]


class StatementAuditNote(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="audit_notes")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "statement_audit_notes"
