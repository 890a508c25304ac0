"""Manual post-migration corrections (migration.md §16 item 30): a reviewed CSV of (object type, object id, action,
attribute/value pairs) applied after the run, with a log of every row's result. Rows are written with
`QuerySet.update`, which leaves `updated_at` and the API timestamps alone, so lead providers see no "update"."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import DatabaseError, transaction

from declarations.models import Declaration
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, TrainingPeriod

# object type -> (model, the legacy id column the CSV names rows by)
OBJECTS = {
    "teacher": (Teacher, "api_id"),
    "ect_at_school_period": (ECTAtSchoolPeriod, "ecf_start_induction_record_id"),
    "mentor_at_school_period": (MentorAtSchoolPeriod, "ecf_start_induction_record_id"),
    "training_period": (TrainingPeriod, "ecf_start_induction_record_id"),
    "declaration": (Declaration, "api_id"),
}
NULL = ":null"


def apply_corrections(path: Path, log_path: Path) -> dict[str, int]:
    """Columns: object_type, object_id, action (update or delete), then attribute/value pairs as `attribute_1`,
    `value_1`, `attribute_2`, … Each row in its own transaction; returns counts of applied and failed rows."""
    counts = {"applied": 0, "failed": 0}
    with path.open(newline="") as handle, log_path.open("w", newline="") as log_handle:
        log = csv.writer(log_handle)
        log.writerow(["line", "object_type", "object_id", "action", "result", "error"])
        for line, row in enumerate(csv.DictReader(handle), start=2):
            error = _apply(row)
            counts["failed" if error else "applied"] += 1
            log.writerow([line, row.get("object_type"), row.get("object_id"), row.get("action"),
                          "failed" if error else "applied", error or ""])  # fmt: skip
    return counts


def _apply(row: dict[str, str]) -> str | None:
    kind, object_id, action = row.get("object_type", ""), row.get("object_id", ""), row.get("action", "")
    if kind not in OBJECTS:
        return f"unknown object type {kind!r}"
    model, key = OBJECTS[kind]
    changes = {}
    index = 1
    while row.get(f"attribute_{index}"):
        name, value = row[f"attribute_{index}"], row.get(f"value_{index}", "")
        if name not in {f.attname for f in model._meta.concrete_fields} or name in ("id", key):
            return f"{name!r} cannot be corrected on {kind}"
        changes[name] = None if value == NULL else value
        index += 1
    try:
        with transaction.atomic():
            rows = model.objects.filter(**{key: object_id})
            if rows.count() != 1:
                return f"{rows.count()} {kind} rows with {key} {object_id}"
            if action == "update":
                rows.update(**changes)
            elif action == "delete":
                rows.delete()
            else:
                return f"unknown action {action!r} (update or delete)"
    except (DatabaseError, ValueError) as error:
        return str(error).splitlines()[0]
    return None
