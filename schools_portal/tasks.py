"""Background jobs of the schools' pages (procrastinate): sending support queries to Zendesk."""

from __future__ import annotations

from procrastinate.contrib.django import app

from schools_portal.support import send_support_query


@app.task(name="schools_portal.send_support_query", queue="support")
def send_support_query_job(support_query_id: int) -> str:
    """integrations.md §8: one support query to one Zendesk ticket."""
    return send_support_query(support_query_id)
