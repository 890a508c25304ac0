import uuid

import psycopg
import pytest
from django.db import connection

from config.database import create_database_if_missing


@pytest.fixture
def missing_database_settings():
    settings = {**connection.settings_dict, "NAME": f"test_missing_{uuid.uuid4().hex[:12]}"}
    yield settings
    server = {k: settings.get(v) or None for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def _exists(settings: dict) -> bool:
    server = {k: settings.get(v) or None for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone() is not None


def test_a_missing_database_is_created_once(missing_database_settings):
    assert not _exists(missing_database_settings)

    assert create_database_if_missing(missing_database_settings) is True
    assert _exists(missing_database_settings)
    assert create_database_if_missing(missing_database_settings) is False
