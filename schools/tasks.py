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


# Notifications to schools (docs/school-notifications.md) -------------------------------------------------------

SCHOOL_NOTIFICATIONS_CRON = "0 6 * * *"  # 06:00 UTC: before the school day, after the night's jobs
NOTIFICATION_EMAIL_SWEEP_CRON = "*/10 * * * *"


@app.periodic(cron=SCHOOL_NOTIFICATIONS_CRON, periodic_id="schools-daily-notifications")
@app.task(name="schools.daily_notifications", queueing_lock="schools-daily-notifications")
def daily_notifications(timestamp: int) -> dict[str, int]:
    """ECTs with no mentor 14 days on, and training still unconfirmed 28 days on; each notified once."""
    from schools.services.notifications import run_daily_school_notifications

    return run_daily_school_notifications()


@app.task(name="schools.send_school_notification_email", queue="notify")
def send_school_notification_email(notification_id: int) -> str:
    """Hands one notification's email to `send_email` (the `mailers` outbox with real Notify), at most once however
    often the job runs."""
    from schools.services.notifications import send_notification_email

    return send_notification_email(notification_id)


@app.periodic(cron=NOTIFICATION_EMAIL_SWEEP_CRON, periodic_id="schools-notification-email-sweep")
@app.task(name="schools.sweep_notification_emails", queueing_lock="schools-notification-email-sweep")
def sweep_notification_emails(timestamp: int) -> int:
    """Sends emails whose job was never queued or was lost."""
    from schools.services.notifications import send_pending_emails

    return send_pending_emails()
