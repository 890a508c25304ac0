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
    "webhooks",  # lead providers' webhook subscriptions and deliveries
    "procrastinate.contrib.django",  # PostgreSQL-backed task queue; periodic tasks in each app's tasks.py
    "jobs",
    "ninja",  # its static files: Swagger UI for /api/docs/v3
    "web",  # GOV.UK layout, public pages, form helpers, wizards
    "sign_in",  # DfE Sign-in, OTP, personas, sessions, permissions
    "integrations.notify",
    "schools_portal",  # school users' pages (journeys.md §4)
    "appropriate_body_portal",  # appropriate body users' pages (journeys.md §5)
    "admin_console",  # DfE staff console (journeys.md §6)
    "ecf1_migration",  # migration from the old service (migration.md)
    "dqt_import",  # the DQT/TRS induction import (migration.md §20)
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
    "sign_in.middleware.SessionUserMiddleware",
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

# Page-based faces: sign-in, sessions, emails (journeys.md §2, integrations.md §4, §5, §11). -------------------
TEMPLATES[0]["OPTIONS"]["context_processors"].append("web.context_processors.layout")
ENVIRONMENT_NAME = os.environ.get("ENVIRONMENT_NAME", "")  # shown in the phase banner outside production
MAX_SESSION_IDLE_TIME = int(os.environ.get("MAX_SESSION_IDLE_TIME", "7200"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the idle timeout above is enforced on the server
SESSION_COOKIE_AGE = MAX_SESSION_IDLE_TIME + 300  # stored sessions outlive the idle timeout a little; it decides
ENABLE_PERSONAS = os.environ.get("ENABLE_PERSONAS", "0") == "1"
INCIDENT_BANNER = os.environ.get("INCIDENT_BANNER", "")  # §3.1: e.g. sign-in problems; shown on every page when set
MAINTENANCE_BANNER = os.environ.get("MAINTENANCE_BANNER", "")  # §3.1: planned downtime
SERVICE_ROOT_URL = os.environ.get("SERVICE_ROOT_URL", "https://www.register-early-career-teachers.education.gov.uk/")
ENABLE_DEV_TOOLS = os.environ.get("ENABLE_DEV_TOOLS", "0") == "1"  # /dev/emails
ENABLE_SCHOOL_OTP_SIGN_IN = os.environ.get("ENABLE_SCHOOL_OTP_SIGN_IN", "0") == "1"
ENABLE_DATA_FIXES = os.environ.get("ENABLE_DATA_FIXES", "0") == "1"  # §6.10: the product team's CSV preview
DFE_SIGN_IN_USE_FAKE = os.environ.get("DFE_SIGN_IN_USE_FAKE", "0") == "1"  # our own fake identity provider
DFE_SIGN_IN_STAFF_ALLOWED = os.environ.get("DFE_SIGN_IN_STAFF_ALLOWED", "0") == "1"  # §4.4 rule 3: development only
DFE_SIGN_IN_ISSUER = os.environ.get("DFE_SIGN_IN_ISSUER", "https://test-oidc.signin.education.gov.uk")
DFE_SIGN_IN_CLIENT_ID = os.environ.get("DFE_SIGN_IN_CLIENT_ID", "")
DFE_SIGN_IN_SECRET = os.environ.get("DFE_SIGN_IN_SECRET", "")
DFE_SIGN_IN_REDIRECT_URI = os.environ.get("DFE_SIGN_IN_REDIRECT_URI", "")
DFE_SIGN_IN_SIGN_OUT_REDIRECT_URI = os.environ.get("DFE_SIGN_IN_SIGN_OUT_REDIRECT_URI", "")
DFE_SIGN_IN_API_BASE_URL = os.environ.get("DFE_SIGN_IN_API_BASE_URL", "")
DFE_SIGN_IN_API_SECRET = os.environ.get("DFE_SIGN_IN_API_SECRET", "")
DFE_SIGN_IN_API_AUDIENCE = os.environ.get("DFE_SIGN_IN_API_AUDIENCE", "signin.education.gov.uk")
DFE_SIGN_IN_REQUEST_ORGANISATION_URL = os.environ.get(
    "DFE_SIGN_IN_REQUEST_ORGANISATION_URL", "https://test-services.signin.education.gov.uk/request-organisation/search"
)
DFE_SIGN_IN_MY_SERVICES_URL = os.environ.get("DFE_SIGN_IN_MY_SERVICES_URL", "https://test-services.signin.education.gov.uk/my-services")
DFE_SIGN_IN_PROFILE = os.environ.get("DFE_SIGN_IN_PROFILE", "https://test-profile.signin.education.gov.uk")
NOTIFY_BACKEND = os.environ.get("NOTIFY_BACKEND", "notify" if os.environ.get("GOVUK_NOTIFY_API_KEY") else "console")
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_GENERIC_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_GENERIC_TEMPLATE_ID", "c437a1cb-9e1c-49ff-83ee-967c92f95637")
# Optional per-email Notify templates, e.g. GOVUK_NOTIFY_TEMPLATE_IDS="one_time_password=<id>,mentor_registered=<id>".
GOVUK_NOTIFY_TEMPLATE_IDS = dict(
    item.split("=", 1) for item in os.environ.get("GOVUK_NOTIFY_TEMPLATE_IDS", "").split(",") if "=" in item
)
