"""The console list's per-teacher facts (journeys.md §6.1), stored on the teacher and kept by the database.

`refresh_teacher_search_facts(teacher_ids)` recomputes them for a set of teachers (NULL: every teacher, for bulk
loads that hold the tables to themselves) in one statement and writes only the rows whose facts changed.
Statement-level triggers with transition tables call it after every INSERT, UPDATE and DELETE of the four period
tables, after new teachers, and after a schedule's update, so a COPY of thousands of periods pays one recompute,
not one per row. A row trigger on `teachers` keeps the stored
facts unless the refresh is writing them: a `Teacher.save()` from an object loaded before its periods changed must
not put back the facts it read then.

The facts:
- ECT: any ECT at-school period or induction period;
- mentor: any mentor at-school period;
- the contract period of the latest-started training period (started_on, then id, both descending), null when
  the teacher has none, it is school-led or it has no schedule ("Not available").
"""

from django.db import migrations, models

from teachers.services.search_facts import refresh_search_facts

# One UPDATE, aimed at `{targets}` (a query of teacher ids) whose periods are those `{within}`. For a few teachers
# each fact is a join to just their periods, probed through the teacher_id indexes; for every teacher, whole tables
# read once and hashed (and no teacher_id index needed: bulk loads drop them).
REFRESH_FROM = """
      WITH targets AS MATERIALIZED ({targets}),
      ects AS (
        SELECT teacher_id FROM ect_at_school_periods WHERE {within}
        UNION
        SELECT teacher_id FROM induction_periods WHERE {within}
      ),
      mentors AS (
        SELECT DISTINCT teacher_id FROM mentor_at_school_periods WHERE {within}
      ),
      latest AS (
        SELECT DISTINCT ON (tp.teacher_id)
          tp.teacher_id,
          CASE WHEN tp.training_programme = 'school_led' THEN NULL ELSE s.contract_period_year END AS year
        FROM training_periods tp
        LEFT JOIN schedules s ON s.id = tp.schedule_id
        WHERE {within}
        ORDER BY tp.teacher_id, tp.started_on DESC, tp.id DESC
      ),
      facts AS (
        SELECT t.id,
          ects.teacher_id IS NOT NULL AS is_ect,
          mentors.teacher_id IS NOT NULL AS is_mentor,
          latest.year
        FROM targets t
        LEFT JOIN ects ON ects.teacher_id = t.id
        LEFT JOIN mentors ON mentors.teacher_id = t.id
        LEFT JOIN latest ON latest.teacher_id = t.id
      )
      UPDATE teachers SET
        is_ect_for_search = facts.is_ect,
        is_mentor_for_search = facts.is_mentor,
        latest_training_contract_period_year = facts.year
      FROM facts
      WHERE teachers.id = facts.id
        AND (teachers.is_ect_for_search, teachers.is_mentor_for_search, teachers.latest_training_contract_period_year)
          IS DISTINCT FROM (facts.is_ect, facts.is_mentor, facts.year);
"""

REFRESH_ALL = REFRESH_FROM.format(targets="SELECT id FROM teachers", within="true")
REFRESH_SOME = REFRESH_FROM.format(
    targets="SELECT DISTINCT id FROM unnest(teacher_ids) AS id WHERE id IS NOT NULL",
    within="teacher_id IN (SELECT id FROM targets)",
)

FORWARD = f"""
CREATE FUNCTION refresh_teacher_search_facts(teacher_ids bigint[]) RETURNS integer AS $$
DECLARE
  changed integer;
  memory text;
BEGIN
  -- The guard trigger below lets the facts change only while this is set (until the end of this function).
  PERFORM set_config('register.refreshing_search_facts', 'on', true);
  IF teacher_ids IS NULL THEN
    -- Room to hash every period's teacher without spilling to disk; put back after this statement.
    memory := current_setting('work_mem');
    PERFORM set_config('work_mem', '128MB', true);
{REFRESH_ALL}
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('work_mem', memory, true);
  ELSE
    -- Wait for any other transaction writing these teachers' facts to finish, so that the next statement's
    -- snapshot sees its periods: two transactions adding periods to one teacher must not each write facts that
    -- leave out the other's. (Locked in id order, so two refreshes cannot wait for each other.)
    PERFORM 1 FROM teachers WHERE id = ANY(teacher_ids) ORDER BY id FOR NO KEY UPDATE;
{REFRESH_SOME}
    GET DIAGNOSTICS changed = ROW_COUNT;
  END IF;
  PERFORM set_config('register.refreshing_search_facts', 'off', true);
  RETURN changed;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION teachers_keep_search_facts() RETURNS trigger AS $$
BEGIN
  IF current_setting('register.refreshing_search_facts', true) IS DISTINCT FROM 'on' THEN
    NEW.is_ect_for_search := OLD.is_ect_for_search;
    NEW.is_mentor_for_search := OLD.is_mentor_for_search;
    NEW.latest_training_contract_period_year := OLD.latest_training_contract_period_year;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER teachers_keep_search_facts
BEFORE UPDATE OF is_ect_for_search, is_mentor_for_search, latest_training_contract_period_year ON teachers
FOR EACH ROW EXECUTE FUNCTION teachers_keep_search_facts();

-- The period tables: the teachers named in the changed rows, before and after an update (a merge moves periods).
CREATE FUNCTION teacher_search_facts_periods_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_teacher_search_facts(ARRAY(SELECT teacher_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_teacher_search_facts(ARRAY(SELECT teacher_id FROM old_rows));
  ELSE
    PERFORM refresh_teacher_search_facts(ARRAY(SELECT teacher_id FROM new_rows UNION SELECT teacher_id FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- New teachers: their periods may already be in (foreign keys are checked at commit), or the row may be a copy.
CREATE FUNCTION teacher_search_facts_teachers_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM refresh_teacher_search_facts(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A schedule moved to another contract period moves every teacher whose latest training is on it.
CREATE FUNCTION teacher_search_facts_schedules_changed() RETURNS trigger AS $$
BEGIN
  PERFORM refresh_teacher_search_facts(ARRAY(
    SELECT tp.teacher_id
    FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id
    JOIN training_periods tp ON tp.schedule_id = new_rows.id
    WHERE new_rows.contract_period_year IS DISTINCT FROM old_rows.contract_period_year
  ));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER teacher_search_facts_inserted AFTER INSERT ON teachers
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION teacher_search_facts_teachers_inserted();

CREATE TRIGGER teacher_search_facts_updated AFTER UPDATE ON schedules
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION teacher_search_facts_schedules_changed();
"""

PERIOD_TABLES = ["ect_at_school_periods", "mentor_at_school_periods", "induction_periods", "training_periods"]
# PostgreSQL allows one event per trigger when it has transition tables: three triggers a table.
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}
TRIGGER_NAMES = {event: f"teacher_search_facts_{event.lower().rstrip('e')}ed" for event in REFERENCING}
PERIOD_TRIGGERS = "\n".join(
    f"CREATE TRIGGER {TRIGGER_NAMES[event]} AFTER {event} ON {table} {referencing}"
    " FOR EACH STATEMENT EXECUTE FUNCTION teacher_search_facts_periods_changed();"
    for table in PERIOD_TABLES
    for event, referencing in REFERENCING.items()
)

BACKWARD = "\n".join(
    [
        *(f"DROP TRIGGER {TRIGGER_NAMES[event]} ON {table};" for table in PERIOD_TABLES for event in REFERENCING),
        "DROP TRIGGER teacher_search_facts_inserted ON teachers;",
        "DROP TRIGGER teacher_search_facts_updated ON schedules;",
        "DROP TRIGGER teachers_keep_search_facts ON teachers;",
        "DROP FUNCTION teacher_search_facts_periods_changed();",
        "DROP FUNCTION teacher_search_facts_teachers_inserted();",
        "DROP FUNCTION teacher_search_facts_schedules_changed();",
        "DROP FUNCTION teachers_keep_search_facts();",
        "DROP FUNCTION refresh_teacher_search_facts(bigint[]);",
    ]
)


def backfill(apps, schema_editor) -> None:
    refresh_search_facts()


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0003_spec_constraints"),
        ("teachers", "0003_api_updated_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="teacher",
            name="is_ect_for_search",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.AddField(
            model_name="teacher",
            name="is_mentor_for_search",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.AddField(
            model_name="teacher",
            name="latest_training_contract_period_year",
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FORWARD + PERIOD_TRIGGERS, BACKWARD),
        # Before the indexes: 200,000 rows rewritten once, without three more indexes to update for each.
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="teacher",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("is_ect_for_search", True)),
                name="teachers_search_ects",
            ),
        ),
        migrations.AddIndex(
            model_name="teacher",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("is_mentor_for_search", True)),
                name="teachers_search_mentors",
            ),
        ),
        migrations.AddIndex(
            model_name="teacher",
            index=models.Index(
                models.F("latest_training_contract_period_year"),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="teachers_search_contract_year",
            ),
        ),
    ]
