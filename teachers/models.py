"""Teachers and their periods: at schools, mentoring, training and induction (domain.md §5.1–5.2, §5.11–5.16)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from appropriate_bodies.models import InductionOutcome, InductionProgramme
from core import clock
from core.periods import Period, PeriodQuerySet, date_order_check, no_overlap
from schools.models import TrainingProgramme


class TRSResponse(models.TextChoices):
    OK = "ok"
    NOT_FOUND = "not_found"
    GONE = "gone"
    PERMANENT_REDIRECT = "permanent_redirect"


class MigrationMode(models.TextChoices):
    LATEST_INDUCTION_RECORDS = "latest_induction_records"
    ALL_INDUCTION_RECORDS = "all_induction_records"
    NOT_MIGRATED = "not_migrated"


class AnonymisationReason(models.TextChoices):
    REGISTERED_IN_ERROR = "registered_in_error"
    TEACHER_RECORD_MERGED = "teacher_record_merged"


class MentorIneligibilityReason(models.TextChoices):
    COMPLETED_DECLARATION_RECEIVED = "completed_declaration_received"
    COMPLETED_DURING_EARLY_ROLL_OUT = "completed_during_early_roll_out"
    STARTED_NOT_COMPLETED = "started_not_completed"


class TRSInductionStatus(models.TextChoices):
    NONE = "None"
    REQUIRED_TO_COMPLETE = "RequiredToComplete"
    IN_PROGRESS = "InProgress"
    PASSED = "Passed"
    FAILED = "Failed"
    FAILED_IN_WALES = "FailedInWales"
    EXEMPT = "Exempt"


class Teacher(models.Model):
    trn = models.CharField(max_length=7, null=True, blank=True, unique=True)
    trnless = models.BooleanField(default=False)
    trs_first_name = models.CharField(max_length=255, null=True, blank=True)
    trs_last_name = models.CharField(max_length=255, null=True, blank=True)
    corrected_name = models.CharField(max_length=255, null=True, blank=True)
    trs_induction_status = models.CharField(max_length=18, null=True, blank=True)
    trs_induction_start_date = models.DateField(null=True, blank=True)
    trs_induction_completed_date = models.DateField(null=True, blank=True)
    trs_qts_awarded_on = models.DateField(null=True, blank=True)
    trs_qts_status_description = models.CharField(max_length=255, null=True, blank=True)
    trs_initial_teacher_training_provider_name = models.CharField(max_length=255, null=True, blank=True)
    trs_initial_teacher_training_end_date = models.DateField(null=True, blank=True)
    trs_data_last_refreshed_at = models.DateTimeField(null=True, blank=True)
    trs_response = models.CharField(max_length=20, choices=TRSResponse.choices, null=True, blank=True)
    trs_redirected_to = models.CharField(max_length=7, null=True, blank=True)
    ect_first_became_eligible_for_training_at = models.DateTimeField(null=True, blank=True)
    ect_became_ineligible_for_funding_on = models.DateField(null=True, blank=True)
    ect_payments_frozen_year = models.ForeignKey(
        "providers.ContractPeriod",
        to_field="year",
        db_column="ect_payments_frozen_year",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mentor_first_became_eligible_for_training_at = models.DateTimeField(null=True, blank=True)
    mentor_became_ineligible_for_funding_on = models.DateField(null=True, blank=True)
    mentor_became_ineligible_for_funding_reason = models.CharField(
        max_length=40, choices=MentorIneligibilityReason.choices, null=True, blank=True
    )
    mentor_payments_frozen_year = models.ForeignKey(
        "providers.ContractPeriod",
        to_field="year",
        db_column="mentor_payments_frozen_year",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    migration_mode = models.CharField(
        max_length=30, choices=MigrationMode.choices, default=MigrationMode.NOT_MIGRATED, null=True
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    anonymisation_reason = models.CharField(max_length=30, choices=AnonymisationReason.choices, null=True, blank=True)
    api_id = models.UUIDField(default=uuid.uuid4, unique=True)
    api_ect_training_record_id = models.UUIDField(default=uuid.uuid4, unique=True)
    api_mentor_training_record_id = models.UUIDField(default=uuid.uuid4, unique=True)
    api_updated_at = models.DateTimeField(default=clock.now, null=True)
    api_unfunded_mentor_updated_at = models.DateTimeField(default=clock.now, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The console list's filters and labels (journeys.md §6.1), read from the teacher's periods. The database keeps
    # them (teachers migration 0004: triggers on the period tables, and it ignores any other write to them), so
    # "every mentor, newest first" is one index walk instead of a probe of the periods for every teacher.
    is_ect_for_search = models.BooleanField(default=False, db_default=False, editable=False)
    is_mentor_for_search = models.BooleanField(default=False, db_default=False, editable=False)
    # The contract period of the latest-started training period; null when there is none, it is school-led or it
    # has no schedule ("Not available").
    latest_training_contract_period_year = models.IntegerField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "teachers"
        indexes = [
            # lead-provider-api.md §8.4/§13.1: `filter[updated_since]` and `sort=updated_at` on participants.
            models.Index(Coalesce("api_updated_at", "created_at"), F("id"), name="teachers_api_updated_at"),
            # The console's filter-only lists, in the list's own order (newest created first).
            models.Index(
                F("created_at").desc(), F("id").desc(), name="teachers_search_ects", condition=Q(is_ect_for_search=True)
            ),
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                name="teachers_search_mentors",
                condition=Q(is_mentor_for_search=True),
            ),
            models.Index(
                F("latest_training_contract_period_year"),
                F("created_at").desc(),
                F("id").desc(),
                name="teachers_search_contract_year",
            ),
            # "Not available": a btree returns `IS NULL` matches in its later columns' order only through its own
            # partial index; without it the list walks every teacher newest first hoping to meet them early.
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                name="teachers_search_no_contract",
                condition=Q(latest_training_contract_period_year__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(name="check_trn_presence", condition=Q(trnless=True) | Q(trn__isnull=False)),
            models.CheckConstraint(
                name="teachers_trnless_has_no_trn", condition=Q(trnless=False) | Q(trn__isnull=True)
            ),
            models.CheckConstraint(
                name="teachers_trn_is_seven_digits", condition=Q(trn__isnull=True) | Q(trn__regex=r"^[0-9]{7}$")
            ),
            models.CheckConstraint(
                name="teachers_mentor_ineligibility_date_and_reason_together",
                condition=Q(
                    mentor_became_ineligible_for_funding_on__isnull=True,
                    mentor_became_ineligible_for_funding_reason__isnull=True,
                )
                | Q(
                    mentor_became_ineligible_for_funding_on__isnull=False,
                    mentor_became_ineligible_for_funding_reason__isnull=False,
                ),
            ),
            models.CheckConstraint(
                name="teachers_anonymisation_date_and_reason_together",
                condition=Q(anonymised_at__isnull=True, anonymisation_reason__isnull=True)
                | Q(anonymised_at__isnull=False, anonymisation_reason__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.trn or 'no TRN'})"

    @property
    def full_name(self) -> str:
        return teacher_full_name(self.corrected_name, self.trs_first_name, self.trs_last_name)


def teacher_full_name(corrected_name: str | None, first_name: str | None, last_name: str | None) -> str:
    """BR-T-11: corrected name, else the TRS name without blank or "." parts, else Unknown. A function of the
    columns so set-based reads (the API's participant lists) name people exactly as `Teacher.full_name` does."""
    if corrected_name and corrected_name.strip():
        return corrected_name
    parts = [p.strip() for p in (first_name, last_name) if p and p.strip() not in ("", ".")]
    return " ".join(parts) if parts else "Unknown"


class TeacherIdChange(models.Model):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="teacher_id_changes")
    api_from_teacher_id = models.UUIDField()
    api_to_teacher_id = models.UUIDField()
    ecf_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "teacher_id_changes"


class WorkingPattern(models.TextChoices):
    PART_TIME = "part_time", "Part-time"
    FULL_TIME = "full_time", "Full-time"


class ECTAtSchoolPeriod(Period):
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="ect_at_school_periods")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="ect_at_school_periods")
    email = models.CharField(max_length=254, null=True, blank=True)
    working_pattern = models.CharField(max_length=10, choices=WorkingPattern.choices, null=True, blank=True)
    school_reported_appropriate_body = models.ForeignKey(
        "appropriate_bodies.AppropriateBodyPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_ect_at_school_periods",
    )
    reported_leaving_by_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ecf_start_induction_record_id = models.UUIDField(null=True, blank=True)
    ecf_end_induction_record_id = models.UUIDField(null=True, blank=True)

    overlap_name = "Teacher ECT"

    class Meta:
        db_table = "ect_at_school_periods"
        constraints = [
            date_order_check(),
            no_overlap("ect_at_school_periods_no_overlap", "teacher_id"),
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(finished_on__isnull=True),
                name="ect_at_school_periods_one_ongoing_per_teacher",
            ),
            models.UniqueConstraint(
                fields=["teacher", "started_on"], name="ect_at_school_periods_unique_teacher_started_on"
            ),
            models.UniqueConstraint(
                fields=["school", "teacher", "started_on"],
                name="ect_at_school_periods_unique_school_teacher_started_on",
            ),
        ]

    def siblings(self) -> PeriodQuerySet:
        return ECTAtSchoolPeriod.objects.filter(teacher_id=self.teacher_id)


class MentorAtSchoolPeriod(Period):
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="mentor_at_school_periods")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="mentor_at_school_periods")
    email = models.CharField(max_length=254, null=True, blank=True)
    reported_leaving_by_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ecf_start_induction_record_id = models.UUIDField(null=True, blank=True)
    ecf_end_induction_record_id = models.UUIDField(null=True, blank=True)

    overlap_name = "Teacher School Mentor"

    class Meta:
        db_table = "mentor_at_school_periods"
        constraints = [
            date_order_check(),
            no_overlap("mentor_at_school_periods_no_overlap", "teacher_id", "school_id"),
            models.UniqueConstraint(
                fields=["school", "teacher"],
                condition=Q(finished_on__isnull=True),
                name="mentor_at_school_periods_one_ongoing_per_school_teacher",
            ),
            models.UniqueConstraint(
                fields=["school", "teacher", "started_on"],
                name="mentor_at_school_periods_unique_school_teacher_started_on",
            ),
        ]

    def siblings(self) -> PeriodQuerySet:
        return MentorAtSchoolPeriod.objects.filter(teacher_id=self.teacher_id, school_id=self.school_id)


class MentorshipPeriod(Period):
    ect_at_school_period = models.ForeignKey(
        ECTAtSchoolPeriod, on_delete=models.CASCADE, related_name="mentorship_periods"
    )
    mentor_at_school_period = models.ForeignKey(
        MentorAtSchoolPeriod, on_delete=models.CASCADE, related_name="mentorship_periods"
    )
    ecf_start_induction_record_id = models.UUIDField(null=True, blank=True)
    ecf_end_induction_record_id = models.UUIDField(null=True, blank=True)

    overlap_name = "Mentee"

    class Meta:
        db_table = "mentorship_periods"
        constraints = [
            date_order_check(),
            no_overlap("mentorship_periods_no_overlap", "ect_at_school_period_id"),
            models.UniqueConstraint(
                fields=["ect_at_school_period"],
                condition=Q(finished_on__isnull=True),
                name="mentorship_periods_one_ongoing_per_mentee",
            ),
            models.UniqueConstraint(
                fields=["ect_at_school_period", "started_on"], name="mentorship_periods_unique_mentee_started_on"
            ),
            models.UniqueConstraint(
                fields=["mentor_at_school_period", "ect_at_school_period", "started_on"],
                name="mentorship_periods_unique_mentor_mentee_started_on",
            ),
        ]

    def siblings(self) -> PeriodQuerySet:
        return MentorshipPeriod.objects.filter(ect_at_school_period_id=self.ect_at_school_period_id)


class TrainingRole(models.TextChoices):
    ECT = "ect"
    MENTOR = "mentor"


class WithdrawalReason(models.TextChoices):
    LEFT_TEACHING_PROFESSION = "left_teaching_profession"
    MOVED_SCHOOL = "moved_school"
    MENTOR_NO_LONGER_BEING_MENTOR = "mentor_no_longer_being_mentor"
    SWITCHED_TO_SCHOOL_LED = "switched_to_school_led"
    OTHER = "other"
    CHANGED_LEAD_PROVIDER = "changed_lead_provider"


class DeferralReason(models.TextChoices):
    BEREAVEMENT = "bereavement"
    LONG_TERM_SICKNESS = "long_term_sickness"
    PARENTAL_LEAVE = "parental_leave"
    CAREER_BREAK = "career_break"
    OTHER = "other"


class TrainingPeriod(Period):
    """Provider-led (confirmed partnership or expression of interest) or school-led training.

    `teacher` and `role` copy the at-school period's teacher and kind (a trigger keeps them right), so
    the database can refuse overlapping training of one teacher in one role, across schools (BR-TP-05).
    """

    ect_at_school_period = models.ForeignKey(
        ECTAtSchoolPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="training_periods"
    )
    mentor_at_school_period = models.ForeignKey(
        MentorAtSchoolPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="training_periods"
    )
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="training_periods")
    role = models.CharField(max_length=6, choices=TrainingRole.choices)
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices)
    school_partnership = models.ForeignKey(
        "providers.SchoolPartnership", null=True, blank=True, on_delete=models.PROTECT, related_name="training_periods"
    )
    expression_of_interest = models.ForeignKey(
        "providers.ActiveLeadProvider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expressions_of_interest",
    )
    schedule = models.ForeignKey(
        "providers.Schedule", null=True, blank=True, on_delete=models.PROTECT, related_name="training_periods"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=40, choices=WithdrawalReason.choices, null=True, blank=True)
    deferred_at = models.DateTimeField(null=True, blank=True)
    deferral_reason = models.CharField(max_length=30, choices=DeferralReason.choices, null=True, blank=True)
    api_transfer_updated_at = models.DateTimeField(default=clock.now, null=True)
    ecf_start_induction_record_id = models.UUIDField(null=True, blank=True)
    ecf_end_induction_record_id = models.UUIDField(null=True, blank=True)

    overlap_name = "Trainee"

    class Meta:
        db_table = "training_periods"
        constraints = [
            date_order_check(),
            no_overlap("training_periods_no_overlap_ect", "teacher_id", condition=Q(role=TrainingRole.ECT)),
            no_overlap("training_periods_no_overlap_mentor", "teacher_id", condition=Q(role=TrainingRole.MENTOR)),
            models.CheckConstraint(
                name="training_periods_one_at_school_period",
                condition=Q(
                    ect_at_school_period__isnull=False, mentor_at_school_period__isnull=True, role=TrainingRole.ECT
                )
                | Q(ect_at_school_period__isnull=True, mentor_at_school_period__isnull=False, role=TrainingRole.MENTOR),
            ),
            models.UniqueConstraint(
                fields=["ect_at_school_period"],
                condition=Q(finished_on__isnull=True),
                name="training_periods_one_ongoing_per_ect_period",
            ),
            models.UniqueConstraint(
                fields=["mentor_at_school_period"],
                condition=Q(finished_on__isnull=True),
                name="training_periods_one_ongoing_per_mentor_period",
            ),
            models.UniqueConstraint(
                fields=["ect_at_school_period", "started_on"], name="training_periods_unique_ect_period_started_on"
            ),
            models.UniqueConstraint(
                fields=["mentor_at_school_period", "started_on"],
                name="training_periods_unique_mentor_period_started_on",
            ),
            models.CheckConstraint(
                name="training_periods_programme_shape",
                condition=Q(
                    training_programme=TrainingProgramme.SCHOOL_LED,
                    school_partnership__isnull=True,
                    expression_of_interest__isnull=True,
                    schedule__isnull=True,
                )
                | Q(
                    Q(school_partnership__isnull=False) | Q(expression_of_interest__isnull=False),
                    training_programme=TrainingProgramme.PROVIDER_LED,
                    schedule__isnull=False,
                ),
            ),
            models.CheckConstraint(
                name="training_periods_mentor_training_is_provider_led",
                condition=Q(role=TrainingRole.ECT) | Q(training_programme=TrainingProgramme.PROVIDER_LED),
            ),
            models.CheckConstraint(
                name="training_periods_withdrawal_fields_together",
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawal_reason__isnull=False, finished_on__isnull=False),
            ),
            models.CheckConstraint(
                name="training_periods_deferral_fields_together",
                condition=Q(deferred_at__isnull=True, deferral_reason__isnull=True)
                | Q(deferred_at__isnull=False, deferral_reason__isnull=False, finished_on__isnull=False),
            ),
        ]

    def siblings(self) -> PeriodQuerySet:
        return TrainingPeriod.objects.filter(teacher_id=self.teacher_id, role=self.role)

    @property
    def at_school_period(self) -> ECTAtSchoolPeriod | MentorAtSchoolPeriod:
        return self.ect_at_school_period or self.mentor_at_school_period

    @property
    def is_for_ect(self) -> bool:
        return self.role == TrainingRole.ECT

    @property
    def is_for_mentor(self) -> bool:
        return self.role == TrainingRole.MENTOR

    @property
    def is_provider_led(self) -> bool:
        return self.training_programme == TrainingProgramme.PROVIDER_LED

    @property
    def is_only_expression_of_interest(self) -> bool:
        return self.school_partnership_id is None and self.expression_of_interest_id is not None


class InductionPeriod(Period):
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="induction_periods")
    appropriate_body_period = models.ForeignKey(
        "appropriate_bodies.AppropriateBodyPeriod", on_delete=models.PROTECT, related_name="induction_periods"
    )
    induction_programme = models.CharField(max_length=20, choices=InductionProgramme.choices)
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices, null=True, blank=True)
    number_of_terms = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=4, choices=InductionOutcome.choices, null=True, blank=True)
    fail_confirmation_sent_on = models.DateField(null=True, blank=True)

    overlap_name = "induction"

    class Meta:
        db_table = "induction_periods"
        constraints = [
            date_order_check(),
            no_overlap("induction_periods_no_overlap", "teacher_id"),
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(outcome__isnull=False),
                name="index_induction_periods_one_outcome_per_teacher",
            ),
            models.CheckConstraint(
                name="induction_periods_outcome_only_when_finished",
                condition=Q(outcome__isnull=True) | Q(finished_on__isnull=False),
            ),
            models.CheckConstraint(
                name="induction_periods_terms_only_when_finished",
                condition=Q(number_of_terms__isnull=True) | Q(finished_on__isnull=False),
            ),
            models.CheckConstraint(
                name="induction_periods_number_of_terms_range",
                condition=Q(number_of_terms__isnull=True) | Q(number_of_terms__gte=0, number_of_terms__lte=16),
            ),
            models.CheckConstraint(
                name="induction_periods_started_after_statutory_roll_out", condition=Q(started_on__gte="1999-09-01")
            ),
        ]

    def siblings(self) -> PeriodQuerySet:
        return InductionPeriod.objects.filter(teacher_id=self.teacher_id)

    @property
    def effective_training_programme(self) -> str | None:
        """§4.1: read a missing training programme as the mapping of the legacy code."""
        if self.training_programme:
            return self.training_programme
        return LEGACY_TO_TRAINING_PROGRAMME.get(self.induction_programme)


LEGACY_TO_TRAINING_PROGRAMME = {
    InductionProgramme.FIP: TrainingProgramme.PROVIDER_LED,
    InductionProgramme.CIP: TrainingProgramme.SCHOOL_LED,
    InductionProgramme.DIY: TrainingProgramme.SCHOOL_LED,
}
TRAINING_TO_LEGACY_PROGRAMME = {
    TrainingProgramme.PROVIDER_LED: InductionProgramme.FIP,
    TrainingProgramme.SCHOOL_LED: InductionProgramme.UNKNOWN,
}


class InductionExtension(models.Model):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="induction_extensions")
    number_of_terms = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "induction_extensions"
        constraints = [
            models.CheckConstraint(
                name="induction_extensions_number_of_terms_range",
                condition=Q(number_of_terms__gte=0.1, number_of_terms__lte=16),
            ),
        ]
