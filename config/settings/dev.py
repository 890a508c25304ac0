import os

from config.settings.base import *  # noqa: F403

# lead-provider-api.md §15.2: on in development (deployments use config.settings.production, where it is off).
API_SIMULATED_DATES_ENABLED = os.environ.get("API_SIMULATED_DATES_ENABLED", "1") == "1"

# Development: our own fake DfE Sign-in, personas, the email page and locally recorded emails (never in production).
ENVIRONMENT_NAME = os.environ.get("ENVIRONMENT_NAME", "Development")
ENABLE_PERSONAS = os.environ.get("ENABLE_PERSONAS", "1") == "1"
ENABLE_DEV_TOOLS = os.environ.get("ENABLE_DEV_TOOLS", "1") == "1"
DFE_SIGN_IN_USE_FAKE = os.environ.get("DFE_SIGN_IN_USE_FAKE", "1") == "1"
DFE_SIGN_IN_STAFF_ALLOWED = os.environ.get("DFE_SIGN_IN_STAFF_ALLOWED", "1") == "1"
if DFE_SIGN_IN_USE_FAKE:
    DFE_SIGN_IN_ISSUER = "http://fake-dfe-sign-in.localhost/fake-dfe-sign-in"
    DFE_SIGN_IN_CLIENT_ID = "register-early-career-teachers"
    DFE_SIGN_IN_SECRET = "fake-dfe-sign-in-client-secret"
NOTIFY_BACKEND = os.environ.get("NOTIFY_BACKEND", "local")
# §6.10's preview-only CSV tool for the product team: on in development so that it can be tried.
ENABLE_DATA_FIXES = os.environ.get("ENABLE_DATA_FIXES", "1") == "1"

# Webhook subscriptions may use plain http (local receivers); production requires https.
WEBHOOKS_ALLOW_HTTP = True
