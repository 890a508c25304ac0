from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Scheduled work (procrastinate, PostgreSQL-backed): the periodic tasks and the record of which days ran."""

    name = "jobs"
    verbose_name = "Scheduled jobs"
