"""The migration's own bookkeeping in the new database (migration.md §5.2, §18): checkpoints that make a run
resumable, and a ledger that accounts for every source record."""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    """A source record's fate (one per record) or a change made to it by a cleaning rule (any number)."""

    CREATED = "created"
    MERGED = "merged"
    DROPPED = "dropped"
    FAILED = "failed"
    CHANGED = "changed"


FATES = (Outcome.CREATED, Outcome.MERGED, Outcome.DROPPED, Outcome.FAILED)


class Checkpoint(models.Model):
    """A step, or one batch of a step, committed together with the rows it wrote."""

    step = models.CharField(max_length=40)
    batch = models.IntegerField(default=0)
    rows = models.IntegerField(default=0)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "ecf1_migration_checkpoints"
        constraints = [models.UniqueConstraint(fields=["step", "batch"], name="ecf1_migration_checkpoints_unique")]


class LedgerEntry(models.Model):
    source_table = models.CharField(max_length=60)
    source_id = models.CharField(max_length=80)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rule = models.CharField(max_length=80, blank=True, default="")
    message = models.TextField(blank=True, default="")
    target_model = models.CharField(max_length=60, blank=True, default="")
    migration_mode = models.CharField(max_length=30, blank=True, default="")

    class Meta:
        db_table = "ecf1_migration_ledger"
        # No plain index on (source_table, source_id): the one-fate unique index serves the lookups by source
        # record, and a second index on a table of about ten rows per participant slowed every batch's COPY.
        constraints = [
            models.UniqueConstraint(
                fields=["source_table", "source_id"],
                condition=~models.Q(outcome="changed"),
                name="ecf1_migration_ledger_one_fate",
            )
        ]


class SetAsideDefinition(models.Model):
    """A plain index, foreign key or search-fact trigger of a target table set aside for the batches
    (`ecf1_migration.bulk_load`), kept here from the moment it is dropped (same transaction) until it is recreated,
    so a run that crashes meanwhile still recreates it when it is run again."""

    table = models.CharField(max_length=63)
    name = models.CharField(max_length=63)
    kind = models.CharField(
        max_length=11, choices=[("index", "index"), ("foreign_key", "foreign key"), ("trigger", "trigger")]
    )
    definition = models.TextField()

    class Meta:
        db_table = "ecf1_migration_set_aside_definitions"
