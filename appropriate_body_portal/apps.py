from django.apps import AppConfig


class AppropriateBodyPortalConfig(AppConfig):
    name = "appropriate_body_portal"
    verbose_name = "Record inductions: appropriate body users' pages and bulk uploads (journeys.md §5)"
