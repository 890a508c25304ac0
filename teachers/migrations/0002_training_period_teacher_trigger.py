"""Keep `training_periods.teacher_id` and `role` equal to those of the at-school period, whatever writes
the row, so the exclusion constraints on (teacher, role) cannot be sidestepped."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION training_periods_copy_teacher() RETURNS trigger AS $$
BEGIN
  IF NEW.ect_at_school_period_id IS NOT NULL THEN
    SELECT teacher_id INTO NEW.teacher_id FROM ect_at_school_periods WHERE id = NEW.ect_at_school_period_id;
    NEW.role := 'ect';
  ELSIF NEW.mentor_at_school_period_id IS NOT NULL THEN
    SELECT teacher_id INTO NEW.teacher_id FROM mentor_at_school_periods WHERE id = NEW.mentor_at_school_period_id;
    NEW.role := 'mentor';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER training_periods_copy_teacher
BEFORE INSERT OR UPDATE OF ect_at_school_period_id, mentor_at_school_period_id, teacher_id, role
ON training_periods FOR EACH ROW EXECUTE FUNCTION training_periods_copy_teacher();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS training_periods_copy_teacher ON training_periods;
DROP FUNCTION IF EXISTS training_periods_copy_teacher();
"""


class Migration(migrations.Migration):
    dependencies = [("teachers", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
