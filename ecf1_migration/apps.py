from django.apps import AppConfig


class Ecf1MigrationConfig(AppConfig):
    name = "ecf1_migration"
    verbose_name = "Migration from ECF1"
