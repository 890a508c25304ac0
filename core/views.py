"""Endpoints that are not part of any service face."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

from django.db import connection
from django.http import HttpRequest, JsonResponse


@cache
def running_commit() -> str:
    if sha := os.environ.get("GIT_COMMIT"):
        return sha
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            check=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def healthcheck(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "reachable"
    except Exception as exc:  # the point is to report any failure, not to raise it
        return JsonResponse(
            {"status": "error", "database": f"unreachable: {exc}", "commit": running_commit()}, status=503
        )
    return JsonResponse({"status": "ok", "database": database, "commit": running_commit()})
