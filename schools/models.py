"""Schools as GIAS describes them, and the service's own per-school data (domain.md §5.3–5.6)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from core import clock


class GIASSchoolStatus(models.TextChoices):
    OPEN = "open"
    CLOSED = "closed"
    PROPOSED_TO_CLOSE = "proposed_to_close"
    PROPOSED_TO_OPEN = "proposed_to_open"


class GIASSchool(models.Model):
    """Copy of the GIAS establishment record (`GIAS::School`), keyed by URN."""

    urn = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=255)
    type_name = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=GIASSchoolStatus.choices, default=GIASSchoolStatus.OPEN)
    eligible = models.BooleanField(default=False)
    in_england = models.BooleanField()
    section_41_approved = models.BooleanField()
    local_authority_code = models.IntegerField()
    local_authority_name = models.CharField(max_length=255, null=True, blank=True)
    establishment_number = models.IntegerField(null=True, blank=True)
    ukprn = models.IntegerField(null=True, blank=True, unique=True)
    phase_name = models.CharField(max_length=100, null=True, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    address_line1 = models.CharField(max_length=255, null=True, blank=True)
    address_line2 = models.CharField(max_length=255, null=True, blank=True)
    address_line3 = models.CharField(max_length=255, null=True, blank=True)
    postcode = models.CharField(max_length=20, null=True, blank=True)
    administrative_district_name = models.CharField(max_length=255, null=True, blank=True)
    primary_contact_email = models.CharField(max_length=254, null=True, blank=True)
    secondary_contact_email = models.CharField(max_length=254, null=True, blank=True)
    website = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "gias_schools"

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def is_open(self) -> bool:
        return self.status in (GIASSchoolStatus.OPEN, GIASSchoolStatus.PROPOSED_TO_CLOSE)

    @property
    def is_closed(self) -> bool:
        return not self.is_open


class GIASSchoolLink(models.Model):
    gias_school = models.ForeignKey(GIASSchool, db_column="urn", on_delete=models.CASCADE, related_name="links")
    link_urn = models.IntegerField()
    link_type = models.CharField(max_length=100)
    link_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "gias_school_links"
        constraints = [
            models.UniqueConstraint(fields=["gias_school", "link_urn"], name="gias_school_links_unique_link_urn"),
        ]


class DfESignInOrganisation(models.Model):
    uuid = models.UUIDField(unique=True)
    name = models.CharField(max_length=255, unique=True)
    urn = models.CharField(max_length=10, null=True, blank=True, unique=True)
    address = models.CharField(max_length=500, null=True, blank=True)
    category = models.CharField(max_length=100, null=True, blank=True)
    company_registration_number = models.CharField(max_length=50, null=True, blank=True)
    organisation_type = models.CharField(max_length=100, null=True, blank=True)
    status = models.CharField(max_length=50, null=True, blank=True)
    first_authenticated_at = models.DateTimeField(null=True, blank=True)
    last_authenticated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "dfe_sign_in_organisations"


class TrainingProgramme(models.TextChoices):
    PROVIDER_LED = "provider_led", "Provider-led"
    SCHOOL_LED = "school_led", "School-led"


class School(models.Model):
    gias_school = models.OneToOneField(
        GIASSchool, db_column="urn", to_field="urn", on_delete=models.PROTECT, related_name="school"
    )
    api_id = models.UUIDField(default=uuid.uuid4, unique=True)
    api_updated_at = models.DateTimeField(default=clock.now, null=True)
    marked_as_eligible = models.BooleanField(default=False)
    induction_tutor_name = models.CharField(max_length=255, null=True, blank=True)
    induction_tutor_email = models.CharField(max_length=254, null=True, blank=True)
    induction_tutor_last_nominated_in = models.ForeignKey(
        "providers.ContractPeriod",
        to_field="year",
        db_column="induction_tutor_last_nominated_in",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_chosen_appropriate_body = models.ForeignKey(
        "appropriate_bodies.AppropriateBodyPeriod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_chosen_training_programme = models.CharField(
        max_length=20, choices=TrainingProgramme.choices, null=True, blank=True
    )
    last_chosen_lead_provider = models.ForeignKey(
        "providers.LeadProvider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opted_out_of_reminder_emails_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "schools"
        constraints = [
            models.CheckConstraint(
                name="schools_induction_tutor_name_and_email_together",
                condition=Q(induction_tutor_name__isnull=True, induction_tutor_email__isnull=True)
                | Q(induction_tutor_name__isnull=False, induction_tutor_email__isnull=False),
            ),
            models.CheckConstraint(
                name="schools_last_lead_provider_iff_provider_led",
                # NULL-safe both ways: a CHECK passes when its condition is NULL.
                condition=Q(last_chosen_lead_provider__isnull=False)
                & Q(last_chosen_training_programme__isnull=False)
                & Q(last_chosen_training_programme=TrainingProgramme.PROVIDER_LED)
                | Q(last_chosen_lead_provider__isnull=True)
                & (
                    Q(last_chosen_training_programme__isnull=True)
                    | ~Q(last_chosen_training_programme=TrainingProgramme.PROVIDER_LED)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def urn(self) -> int:
        return self.gias_school_id

    @property
    def name(self) -> str:
        return self.gias_school.name


class SchoolFundingEligibility(models.Model):
    gias_school = models.ForeignKey(
        GIASSchool, db_column="gias_school_urn", on_delete=models.CASCADE, related_name="funding_eligibilities"
    )
    contract_period = models.ForeignKey(
        "providers.ContractPeriod",
        to_field="year",
        db_column="contract_period_year",
        on_delete=models.PROTECT,
        related_name="+",
    )
    pupil_premium_uplift = models.BooleanField(default=False)
    sparsity_uplift = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "school_funding_eligibilities"
        constraints = [  # Q12: the reference has none; one row per school and year is what readers assume
            models.UniqueConstraint(
                fields=["gias_school", "contract_period"], name="school_funding_eligibilities_unique_school_year"
            ),
        ]


# API metadata (domain.md §5.22) ------------------------------------------------------------------------------


class InductionProgrammeChoice(models.TextChoices):
    NOT_YET_KNOWN = "not_yet_known"
    PROVIDER_LED = "provider_led"
    SCHOOL_LED = "school_led"


class SchoolContractPeriodMetadata(models.Model):
    """`Metadata::SchoolContractPeriod`: what the schools API shows of a school in one contract period, and when
    that last changed (lead-provider-api.md §10.3, §13.3). A cache kept by `schools.services.api_metadata` only,
    with a row for every school and every contract period, so the API reads a page with one join."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contract_period_metadata")
    contract_period = models.ForeignKey(
        "providers.ContractPeriod",
        to_field="year",
        db_column="contract_period_year",
        on_delete=models.CASCADE,
        related_name="+",
    )
    in_partnership = models.BooleanField()
    induction_programme_choice = models.CharField(max_length=20, choices=InductionProgrammeChoice.choices)
    api_updated_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "metadata_schools_contract_periods"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "contract_period"], name="metadata_schools_contract_periods_unique_school_year"
            ),
        ]
        indexes = [  # `sort=updated_at` and `updated_since` within one cohort
            models.Index(
                fields=["contract_period", "api_updated_at", "school"],
                name="metadata_schools_cp_updated",
            ),
        ]


class SchoolLeadProviderContractPeriodMetadata(models.Model):
    """`Metadata::SchoolLeadProviderContractPeriod`: whether any training period at the school has an expression of
    interest for, or a partnership with, the lead provider in the contract period (§10.3 `expression_of_interest`).
    Rows are written when the answer first becomes true and kept (set false) afterwards; a missing row means
    false, which spares a row for every school, provider and year when most are false."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="lead_provider_metadata")
    lead_provider = models.ForeignKey("providers.LeadProvider", on_delete=models.CASCADE, related_name="+")
    contract_period = models.ForeignKey(
        "providers.ContractPeriod",
        to_field="year",
        db_column="contract_period_year",
        on_delete=models.CASCADE,
        related_name="+",
    )
    expression_of_interest_or_school_partnership = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "metadata_schools_lead_providers_contract_periods"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "lead_provider", "contract_period"],
                name="metadata_schools_lead_providers_contract_periods_unique",
            ),
        ]


# Notifications to schools (issue 8 item 2; docs/school-notifications.md) -------------------------------------


class SchoolNotificationKind(models.TextChoices):
    TRAINING_WITHDRAWN = "training_withdrawn", "A lead provider withdraws an ECT or mentor"
    TRAINING_DEFERRED = "training_deferred", "A lead provider pauses an ECT's or mentor's training"
    PARTNERSHIP_CREATED = "partnership_created", "A lead provider confirms a partnership with the school"
    PARTNERSHIP_CHANGED = "partnership_changed", "A lead provider changes the school's delivery partner"
    ECT_WITHOUT_MENTOR = "ect_without_mentor", "An ECT still has no mentor 14 days after starting"
    ECT_RELEASED = "ect_released", "An appropriate body releases an ECT"
    REGISTRATION_INCOMPLETE = "registration_incomplete", "A lead provider has not confirmed training 28 days on"


class SchoolNotificationEmail(models.TextChoices):
    """What became of the notification's email: handed to the email outbox at most once (`pending → sent | failed`);
    `sending` is left only on notifications from before (docs/school-notifications.md)."""

    NOT_WANTED = "not_wanted"  # the school turned this kind of email off
    NO_RECIPIENT = "no_recipient"  # the school has no induction tutor email address
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class SchoolNotification(models.Model):
    """Something the school must act on. Made once per fact (`dedupe_key`, unique per school); the words are fixed
    when it is made, so the list says what the school was told even after the records change."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=SchoolNotificationKind.choices)
    dedupe_key = models.CharField(max_length=200)
    heading = models.CharField(max_length=500)
    body = models.TextField()
    action_text = models.CharField(max_length=200)
    action_path = models.CharField(max_length=500)
    teacher = models.ForeignKey(
        "teachers.Teacher", null=True, blank=True, on_delete=models.SET_NULL, related_name="school_notifications"
    )
    ect_at_school_period = models.ForeignKey(
        "teachers.ECTAtSchoolPeriod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentor_at_school_period = models.ForeignKey(
        "teachers.MentorAtSchoolPeriod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    training_period = models.ForeignKey(
        "teachers.TrainingPeriod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    school_partnership = models.ForeignKey(
        "providers.SchoolPartnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    induction_period = models.ForeignKey(
        "teachers.InductionPeriod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=20, choices=SchoolNotificationEmail.choices)
    email_to = models.CharField(max_length=254, null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "school_notifications"
        indexes = [models.Index(fields=["school", "-created_at"], name="school_notifications_list")]
        constraints = [
            models.UniqueConstraint(fields=["school", "dedupe_key"], name="school_notifications_once_per_fact"),
            models.CheckConstraint(
                name="school_notifications_kind_valid", condition=Q(kind__in=SchoolNotificationKind.values)
            ),
            models.CheckConstraint(
                name="school_notifications_email_status_valid",
                condition=Q(email_status__in=SchoolNotificationEmail.values),
            ),
            models.CheckConstraint(
                name="school_notifications_sent_has_time_and_address",
                condition=~Q(email_status=SchoolNotificationEmail.SENT)
                | Q(emailed_at__isnull=False, email_to__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for school {self.school_id}"


class SchoolNotificationEmailOptOut(models.Model):
    """The school does not want emails of this kind (no row: it does). The notification still shows in the
    list; only the email is left out."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="notification_email_opt_outs")
    kind = models.CharField(max_length=30, choices=SchoolNotificationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "school_notification_email_opt_outs"
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="school_notification_opt_outs_once_per_kind"),
            models.CheckConstraint(
                name="school_notification_opt_outs_kind_valid", condition=Q(kind__in=SchoolNotificationKind.values)
            ),
        ]
