import os

from config.settings.base import *  # noqa: F403

# lead-provider-api.md §15.2: on in development (deployments use config.settings.production, where it is off).
API_SIMULATED_DATES_ENABLED = os.environ.get("API_SIMULATED_DATES_ENABLED", "1") == "1"
