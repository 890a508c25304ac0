from django.apps import AppConfig


class AdminConsoleConfig(AppConfig):
    name = "admin_console"
    verbose_name = "DfE staff console: search, records, corrections and finance (journeys.md §6)"
