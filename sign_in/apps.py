from django.apps import AppConfig


class SignInConfig(AppConfig):
    name = "sign_in"
    verbose_name = "Sign-in, sessions and permissions for the page-based faces"
