from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

RATE_LIMIT_ENABLED = False
API_SIMULATED_DATES_ENABLED = False

# Tests: our own fake DfE Sign-in, personas and locally recorded emails, whatever the environment says.
ENVIRONMENT_NAME = ""
ENABLE_PERSONAS = True
ENABLE_DEV_TOOLS = True
DFE_SIGN_IN_USE_FAKE = True
DFE_SIGN_IN_STAFF_ALLOWED = True
DFE_SIGN_IN_ISSUER = "http://fake-dfe-sign-in.localhost/fake-dfe-sign-in"
DFE_SIGN_IN_CLIENT_ID = "register-early-career-teachers"
DFE_SIGN_IN_SECRET = "fake-dfe-sign-in-client-secret"
ENABLE_SCHOOL_OTP_SIGN_IN = False
MAX_SESSION_IDLE_TIME = 7200
NOTIFY_BACKEND = "local"

# Webhook subscriptions may use plain http (local receivers); production requires https.
WEBHOOKS_ALLOW_HTTP = True
