"""The console's "contract period: Not available" list in its own order: a partial index of the teachers whose
stored contract period is null, since the composite index of 0004 returns `IS NULL` matches unordered."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("teachers", "0004_teacher_search_facts")]

    operations = [
        migrations.AddIndex(
            model_name="teacher",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("latest_training_contract_period_year__isnull", True)),
                name="teachers_search_no_contract",
            ),
        ),
    ]
