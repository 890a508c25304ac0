"""Request counters for rate limiting (lead-provider-api.md §15.1), shared by every server process.

UNLOGGED: the counts are worth nothing after a crash and must be cheap to write on every request."""

from django.db import migrations

CREATE = """
CREATE UNLOGGED TABLE rate_limit_counters (
    key text NOT NULL,
    bucket bigint NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (key, bucket)
);
CREATE INDEX rate_limit_counters_bucket ON rate_limit_counters (bucket);
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(CREATE, "DROP TABLE rate_limit_counters")]
