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

# Fakes and development tools are refused here whatever the environment says (integrations.md §4.6).
if DFE_SIGN_IN_USE_FAKE or ENABLE_PERSONAS or ENABLE_DEV_TOOLS or DFE_SIGN_IN_STAFF_ALLOWED:  # noqa: F405
    raise RuntimeError("Fake DfE Sign-in, personas and development tools must never be enabled in production")
SESSION_COOKIE_HTTPONLY = True
