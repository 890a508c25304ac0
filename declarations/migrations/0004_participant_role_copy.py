"""BR-D-07 held by the database per participant and role, not only per training period.

`declarations.teacher_id` and `role` copy the training period's, set by a trigger on every insert and on any change
of the declaration's training period, and carried along by a trigger on `training_periods` when a period moves to
another teacher (a merge). A partial unique index on (teacher, role, type) then refuses a second billable-or-
changeable declaration for one event, whichever training period or lead provider it comes through."""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION declarations_copy_teacher() RETURNS trigger AS $$
BEGIN
  SELECT teacher_id, role INTO NEW.teacher_id, NEW.role FROM training_periods WHERE id = NEW.training_period_id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER declarations_copy_teacher
BEFORE INSERT OR UPDATE OF training_period_id, teacher_id, role
ON declarations FOR EACH ROW EXECUTE FUNCTION declarations_copy_teacher();

CREATE FUNCTION training_periods_copy_teacher_to_declarations() RETURNS trigger AS $$
BEGIN
  UPDATE declarations SET teacher_id = NEW.teacher_id, role = NEW.role
   WHERE training_period_id = NEW.id AND (teacher_id, role) IS DISTINCT FROM (NEW.teacher_id, NEW.role);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER training_periods_copy_teacher_to_declarations
AFTER UPDATE OF teacher_id, role ON training_periods
FOR EACH ROW WHEN ((OLD.teacher_id, OLD.role) IS DISTINCT FROM (NEW.teacher_id, NEW.role))
EXECUTE FUNCTION training_periods_copy_teacher_to_declarations();

UPDATE declarations d SET teacher_id = tp.teacher_id, role = tp.role
  FROM training_periods tp WHERE tp.id = d.training_period_id;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS training_periods_copy_teacher_to_declarations ON training_periods;
DROP FUNCTION IF EXISTS training_periods_copy_teacher_to_declarations();
DROP TRIGGER IF EXISTS declarations_copy_teacher ON declarations;
DROP FUNCTION IF EXISTS declarations_copy_teacher();
"""

BILLABLE_OR_CHANGEABLE = models.Q(
    ("clawback_status", "no_clawback"), ("payment_status__in", ("no_payment", "eligible", "payable", "paid"))
)


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0003_initial"),
        ("teachers", "0002_training_period_teacher_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="declaration",
            name="teacher",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="teachers.teacher",
            ),
        ),
        migrations.AddField(
            model_name="declaration",
            name="role",
            field=models.CharField(
                choices=[("ect", "ect"), ("mentor", "mentor")], editable=False, max_length=6, null=True
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AlterField(
            model_name="declaration",
            name="teacher",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="teachers.teacher"
            ),
        ),
        migrations.AlterField(
            model_name="declaration",
            name="role",
            field=models.CharField(choices=[("ect", "ect"), ("mentor", "mentor")], editable=False, max_length=6),
        ),
        migrations.AddConstraint(
            model_name="declaration",
            constraint=models.UniqueConstraint(
                condition=BILLABLE_OR_CHANGEABLE,
                fields=("teacher", "role", "declaration_type"),
                name="declarations_one_billable_or_changeable_per_teacher_role_type",
            ),
        ),
    ]
