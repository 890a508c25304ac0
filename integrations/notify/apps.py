from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "integrations.notify"
    label = "notify"
    verbose_name = "GOV.UK Notify emails"
