from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Lead provider webhooks: signed, retried deliveries of participant and declaration changes"
