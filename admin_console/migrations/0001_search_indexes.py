"""Indexes behind the console's searches (journeys.md §6.1, §6.6): answering on 200,000 teachers in well under
200 ms with PostgreSQL's own full-text search (no contrib extensions such as pg_trgm are available).

The expressions must stay character-for-character the ones in `admin_console.selectors.search`, or the
planner will not use them."""

from django.db import migrations

TEACHER_NAME = (
    "to_tsvector('simple'::regconfig, coalesce(corrected_name, '') || ' ' || coalesce(trs_first_name, '') "
    "|| ' ' || coalesce(trs_last_name, ''))"
)
SCHOOL_NAME = "to_tsvector('simple'::regconfig, name)"


class Migration(migrations.Migration):
    dependencies = [
        ("teachers", "0003_api_updated_at_index"),
        ("schools", "0003_api_metadata"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX teachers_name_search ON teachers USING gin (({TEACHER_NAME}))",
            "DROP INDEX teachers_name_search",
        ),
        migrations.RunSQL(
            "CREATE INDEX teachers_newest_first ON teachers (created_at DESC, id DESC)",
            "DROP INDEX teachers_newest_first",
        ),
        migrations.RunSQL(
            f"CREATE INDEX gias_schools_name_search ON gias_schools USING gin (({SCHOOL_NAME}))",
            "DROP INDEX gias_schools_name_search",
        ),
        migrations.RunSQL(
            "CREATE INDEX gias_schools_name_order ON gias_schools (name, urn)",
            "DROP INDEX gias_schools_name_order",
        ),
    ]
