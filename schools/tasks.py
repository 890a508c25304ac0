"""Schools' periodic task (procrastinate): the nightly full refresh of the schools API metadata (domain.md §5.22:
"refreshed whenever relevant data changes, plus nightly"). The services keep it current as they write; the nightly
pass repairs anything written around them (bulk loads, hand-made fixes), moving `updated_at` only where a value
really changed."""

from __future__ import annotations

from procrastinate.contrib.django import app

from schools.services.api_metadata import refresh_school_api_metadata

REFRESH_METADATA_CRON = "30 1 * * *"  # 01:30 UTC, after the providers' 00:01 touch


@app.periodic(cron=REFRESH_METADATA_CRON, periodic_id="schools-refresh-api-metadata")
@app.task(name="schools.refresh_api_metadata", queueing_lock="schools-refresh-api-metadata")
def refresh_api_metadata(timestamp: int) -> None:
    refresh_school_api_metadata()
