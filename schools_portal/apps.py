from django.apps import AppConfig


class SchoolsPortalConfig(AppConfig):
    name = "schools_portal"
    verbose_name = "School users' pages: ECTs, mentors and leaving (journeys.md §4)"
