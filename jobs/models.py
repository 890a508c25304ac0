"""Which days a daily job has done, so a day is done exactly once and days missed while no worker ran are caught
up (procrastinate itself forgets a periodic tick that is more than ten minutes late)."""

from __future__ import annotations

from django.db import models


class ParticipantStatusDay(models.Model):
    """One London day whose calendar flips of participant status (`joining` → `active`, `leaving` → `left`) have
    been reflected in the participants' API `updated_at`."""

    on = models.DateField(primary_key=True)
    touched = models.IntegerField(help_text="How many participants' updated_at moved")
    completed_at = models.DateTimeField()

    class Meta:
        db_table = "participant_status_days"
        ordering = ["on"]

    def __str__(self) -> str:
        return f"{self.on}: {self.touched} touched"
