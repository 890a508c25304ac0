"""Appropriate bodies and the working records of their claims and outcomes (domain.md §5.7, §5.17)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from schools.models import TrainingProgramme

NATIONAL_BODY_NAMES = (
    "Independent Schools Teacher Induction Panel (ISTIP)",
    "Educational Success Partners (ESP)",
)
ISTIP_NAME = NATIONAL_BODY_NAMES[0]


class AppropriateBodyType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NATIONAL = "national", "National"
    TEACHING_SCHOOL_HUB = "teaching_school_hub", "Teaching school hub"


class InductionProgramme(models.TextChoices):
    """Legacy programme codes (§4.1); never shown to users."""

    CIP = "cip"
    FIP = "fip"
    DIY = "diy"
    UNKNOWN = "unknown"
    PRE_SEPTEMBER_2021 = "pre_september_2021"


class InductionOutcome(models.TextChoices):
    FAIL = "fail", "Failed"
    PASS = "pass", "Passed"


class AppropriateBody(models.Model):
    """New-style body: a national body or a teaching school hub."""

    name = models.CharField(max_length=255, unique=True)
    dfe_sign_in_organisation = models.OneToOneField(
        "schools.DfESignInOrganisation", on_delete=models.PROTECT, related_name="appropriate_body"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "appropriate_bodies"
        verbose_name_plural = "appropriate bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.name in NATIONAL_BODY_NAMES


class AppropriateBodyPeriod(models.Model):
    """What schools and induction records call "the appropriate body" (it has no dates yet)."""

    name = models.CharField(max_length=255, unique=True)
    body_type = models.CharField(
        max_length=30, choices=AppropriateBodyType.choices, default=AppropriateBodyType.TEACHING_SCHOOL_HUB, null=True
    )
    dfe_sign_in_organisation_id = models.UUIDField(null=True, blank=True, unique=True)
    dqt_id = models.UUIDField(null=True, blank=True)
    appropriate_body = models.ForeignKey(
        AppropriateBody, null=True, blank=True, on_delete=models.SET_NULL, related_name="periods"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "appropriate_body_periods"

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """BR-AB-02: users can sign in for it."""
        return self.dfe_sign_in_organisation_id is not None

    @property
    def is_legacy(self) -> bool:
        return self.dqt_id is not None


class LegacyAppropriateBody(models.Model):
    appropriate_body_period = models.OneToOneField(
        AppropriateBodyPeriod, on_delete=models.CASCADE, related_name="legacy_appropriate_body"
    )
    name = models.CharField(max_length=255, unique=True)
    dqt_id = models.UUIDField(unique=True)
    body_type = models.CharField(max_length=30, choices=AppropriateBodyType.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "legacy_appropriate_bodies"


class Region(models.Model):
    code = models.CharField(max_length=20, unique=True)
    districts = ArrayField(models.CharField(max_length=255))
    appropriate_body = models.ForeignKey(
        AppropriateBody, null=True, blank=True, on_delete=models.SET_NULL, related_name="regions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "regions"
        constraints = [
            models.CheckConstraint(name="regions_districts_present", condition=Q(districts__len__gt=0)),
        ]


class BatchType(models.TextChoices):
    ACTION = "action"
    CLAIM = "claim"


class BatchStatus(models.TextChoices):
    PENDING = "pending"
    PROCESSING = "processing"
    PROCESSED = "processed"
    COMPLETING = "completing"
    COMPLETED = "completed"
    FAILED = "failed"


class PendingInductionSubmissionBatch(models.Model):
    """One uploaded CSV of claims or actions."""

    appropriate_body_period = models.ForeignKey(AppropriateBodyPeriod, on_delete=models.PROTECT, related_name="batches")
    batch_type = models.CharField(max_length=10, choices=BatchType.choices)
    batch_status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    data = models.JSONField(null=True, blank=True)
    file_name = models.CharField(max_length=255, null=True, blank=True)
    file_type = models.CharField(max_length=100, null=True, blank=True)
    file_size = models.IntegerField(null=True, blank=True)
    error_message = models.TextField(null=True, blank=True)
    uploaded_count = models.IntegerField(null=True, blank=True)
    processed_count = models.IntegerField(null=True, blank=True)
    errored_count = models.IntegerField(null=True, blank=True)
    released_count = models.IntegerField(null=True, blank=True)
    passed_count = models.IntegerField(null=True, blank=True)
    claimed_count = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "pending_induction_submission_batches"
        constraints = [
            models.CheckConstraint(
                name="pending_induction_submission_batches_processed_has_data",
                condition=~Q(batch_status=BatchStatus.PROCESSED) | Q(data__isnull=False),
            ),
        ]


class PendingInductionSubmission(models.Model):
    """Short-lived working record of one AB action with its TRS snapshot; purged after `delete_at`."""

    appropriate_body_period = models.ForeignKey(
        AppropriateBodyPeriod,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_induction_submissions",
    )
    pending_induction_submission_batch = models.ForeignKey(
        PendingInductionSubmissionBatch,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_induction_submissions",
    )
    row_number = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Position of the row in its batch's data (from 0), so a check resumes "
        "after the last row saved and errors map back to their rows once successful rows are purged",
    )
    trn = models.CharField(max_length=7)
    date_of_birth = models.DateField(null=True, blank=True)
    establishment_id = models.CharField(max_length=8, null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    induction_programme = models.CharField(max_length=20, choices=InductionProgramme.choices, null=True, blank=True)
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices, null=True, blank=True)
    number_of_terms = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=4, choices=InductionOutcome.choices, null=True, blank=True)
    fail_confirmation_sent_on = models.DateField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    error_messages = ArrayField(models.TextField(), default=list, blank=True)
    delete_at = models.DateTimeField(null=True, blank=True)
    trs_first_name = models.CharField(max_length=80, null=True, blank=True)
    trs_last_name = models.CharField(max_length=80, null=True, blank=True)
    trs_date_of_birth = models.DateField(null=True, blank=True)
    trs_email_address = models.CharField(max_length=254, null=True, blank=True)
    trs_induction_status = models.CharField(max_length=18, null=True, blank=True)
    trs_induction_start_date = models.DateField(null=True, blank=True)
    trs_induction_completed_date = models.DateField(null=True, blank=True)
    trs_qts_awarded_on = models.DateField(null=True, blank=True)
    trs_qts_status_description = models.CharField(max_length=255, null=True, blank=True)
    trs_initial_teacher_training_provider_name = models.CharField(max_length=255, null=True, blank=True)
    trs_initial_teacher_training_end_date = models.DateField(null=True, blank=True)
    trs_alerts = models.JSONField(null=True, blank=True)
    trs_prohibited_from_teaching = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "pending_induction_submissions"
        constraints = [
            models.UniqueConstraint(
                name="pending_induction_submissions_one_per_batch_row",
                fields=["pending_induction_submission_batch", "row_number"],
            ),
            models.CheckConstraint(
                name="pending_induction_submissions_finished_on_not_before_started_on",
                condition=Q(started_on__isnull=True)
                | Q(finished_on__isnull=True)
                | Q(finished_on__gte=models.F("started_on")),
            ),
            models.CheckConstraint(
                name="pending_induction_submissions_number_of_terms_range",
                condition=Q(number_of_terms__isnull=True) | Q(number_of_terms__gte=0, number_of_terms__lte=16),
            ),
        ]
