"""A TRUNCATE of a period table fires no row or transition-table trigger, so the teachers' stored search facts
(migration 0004) would keep naming periods that are gone: recompute every teacher's after it, set-wise. (When the
teachers are truncated with it, as `remove_scale_data` does, that is a recompute of no one.)"""

from django.db import migrations

PERIOD_TABLES = ["ect_at_school_periods", "mentor_at_school_periods", "induction_periods", "training_periods"]

FORWARD = """
CREATE FUNCTION teacher_search_facts_periods_truncated() RETURNS trigger AS $$
BEGIN
  PERFORM refresh_teacher_search_facts(NULL);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
""" + "\n".join(
    f"CREATE TRIGGER teacher_search_facts_truncated AFTER TRUNCATE ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION teacher_search_facts_periods_truncated();"
    for table in PERIOD_TABLES
)

BACKWARD = "\n".join(
    [
        *(f"DROP TRIGGER teacher_search_facts_truncated ON {table};" for table in PERIOD_TABLES),
        "DROP FUNCTION teacher_search_facts_periods_truncated();",
    ]
)


class Migration(migrations.Migration):
    dependencies = [("teachers", "0005_search_no_contract_period_index")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
