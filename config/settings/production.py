"""Deployed environments (production, sandbox, staging): everything sensitive comes from the environment.

Sandbox and staging turn on simulated server dates for providers' testing (lead-provider-api.md §15.2) with
`API_SIMULATED_DATES_ENABLED=1`; production leaves it off."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
API_SIMULATED_DATES_ENABLED = os.environ.get("API_SIMULATED_DATES_ENABLED", "0") == "1"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
