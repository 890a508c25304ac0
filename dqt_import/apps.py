from django.apps import AppConfig


class DqtImportConfig(AppConfig):
    name = "dqt_import"
    verbose_name = "DQT/TRS induction import"
