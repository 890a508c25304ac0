"""The outbox of induction-status writes to TRS (integrations.md §2.5, domain.md §7.3.7).

A service that must tell TRS something adds a row in its own transaction, so a rolled-back claim or pass
never reaches TRS and a committed one always will. A job sends unsent rows in order and stamps `sent_at`.
"""

from __future__ import annotations

from django.db import models


class TRSWriteStatus(models.TextChoices):
    """The statuses the service writes to TRS (integrations.md §2.5)."""

    IN_PROGRESS = "InProgress"
    PASSED = "Passed"
    FAILED = "Failed"
    REQUIRED_TO_COMPLETE = "RequiredToComplete"


class TRSInductionStatusUpdate(models.Model):
    teacher = models.ForeignKey(
        "teachers.Teacher", on_delete=models.CASCADE, related_name="trs_induction_status_updates"
    )
    # The TRN at the time of queueing: TRS is addressed by TRN, and a merge may later change the teacher's.
    trn = models.CharField(max_length=7)
    status = models.CharField(max_length=18, choices=TRSWriteStatus.choices)
    start_date = models.DateField(null=True, blank=True)
    completed_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(null=True, blank=True)

    class Meta:
        db_table = "trs_induction_status_updates"
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                name="trs_updates_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="trs_induction_status_updates_dates_fit_status",
                condition=(
                    models.Q(
                        status=TRSWriteStatus.REQUIRED_TO_COMPLETE, start_date__isnull=True, completed_date__isnull=True
                    )
                    | models.Q(status=TRSWriteStatus.IN_PROGRESS, start_date__isnull=False, completed_date__isnull=True)
                    | models.Q(
                        status__in=[TRSWriteStatus.PASSED, TRSWriteStatus.FAILED],
                        start_date__isnull=False,
                        completed_date__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"TRS {self.trn}: {self.status} ({self.start_date} – {self.completed_date})"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
