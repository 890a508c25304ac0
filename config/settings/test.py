from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

RATE_LIMIT_ENABLED = False
API_SIMULATED_DATES_ENABLED = False
