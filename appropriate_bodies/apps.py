from django.apps import AppConfig


class AppropriateBodiesConfig(AppConfig):
    name = "appropriate_bodies"
