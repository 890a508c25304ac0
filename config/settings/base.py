"""Settings shared by every environment."""

from __future__ import annotations

import os
from pathlib import Path

from config.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-secret-key-not-for-production")
DEBUG = os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "core",
    "events",
    "schools",
    "appropriate_bodies",
    "providers",
    "teachers",
    "declarations",
    "finance",
    "accounts",
    "api",
    "integrations",
    "demo_data",
    "ratelimits",
    "guidance",
    "procrastinate.contrib.django",  # PostgreSQL-backed task queue; periodic tasks in each app's tasks.py
    "jobs",
    "ninja",  # its static files: Swagger UI for /api/docs/v3
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ratelimits.middleware.RateLimitMiddleware",
    "core.middleware.SimulatedDateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "api.v3.middleware.ApiV3Middleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]  # GOV.UK Frontend's precompiled assets (`make frontend` refreshes them)
WHITENOISE_USE_FINDERS = True  # serve straight from the app and frontend folders when collectstatic has not run

SESSION_COOKIE_AGE = 7200
SESSION_SAVE_EVERY_REQUEST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}

# lead-provider-api.md §15.1: requests per fixed window of RATE_LIMIT_PERIOD seconds.
RATE_LIMIT_ENABLED = os.environ.get("RATE_LIMIT_ENABLED", "1") == "1"
RATE_LIMIT_PERIOD = 300
RATE_LIMIT_PER_AUTHORIZATION = int(os.environ.get("RATE_LIMIT_PER_AUTHORIZATION", "1000"))
RATE_LIMIT_DOCUMENTATION_PER_IP = int(os.environ.get("RATE_LIMIT_DOCUMENTATION_PER_IP", "300"))
RATE_LIMIT_PER_IP = int(os.environ.get("RATE_LIMIT_PER_IP", "1500"))

# lead-provider-api.md §15.2: honour X-With-Server-Date. Never in production.
API_SIMULATED_DATES_ENABLED = os.environ.get("API_SIMULATED_DATES_ENABLED", "0") == "1"
