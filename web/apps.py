from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Shared GOV.UK layout, public pages, form helpers and wizards"
