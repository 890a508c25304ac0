"""Where the database lives: DATABASE_URL when set, else an embedded PostgreSQL under `.data/`.

The embedded server (pgserver) lets a new developer run everything with nothing installed but Python.
It has no contrib extensions, which is why constraints never rely on btree_gist.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / ".data" / "postgres"


def embedded_database_url() -> str:
    """Start (or reuse) the embedded server and return its URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        EMBEDDED_DATA_DIR.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)
    return server.get_uri()


def database_settings() -> dict:
    url = os.environ.get("DATABASE_URL") or embedded_database_url()
    config = dj_database_url.parse(url, conn_max_age=0)
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def create_database_if_missing(settings: dict) -> bool:
    """Create the configured database when its server is up but the database is not there yet, so `make run` works
    with a DATABASE_URL naming a database nobody has created. Returns whether it created one."""
    import psycopg
    from psycopg import sql

    params = {
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
    }
    name = settings["NAME"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True
