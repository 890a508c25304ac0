"""Copy GOV.UK Frontend's precompiled assets from node_modules into frontend/dist, where Django's static files
finder picks them up. `make frontend` runs this after `npm install`; frontend/dist is committed, so running the
service needs no Node.js.

The precompiled stylesheet refers to its fonts and images at `/assets/...`; those URLs are made relative so
they resolve beside the stylesheet wherever STATIC_URL puts it. Standard library only: this runs before
Django (and its database) is set up."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "frontend" / "dist" / "govuk"
FILES = ("govuk-frontend.min.js",)


def build() -> None:
    if not SOURCE.is_dir():
        sys.exit(f"{SOURCE} is missing: run `npm ci` first")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    stylesheet = (SOURCE / "govuk-frontend.min.css").read_text(encoding="utf-8")
    (TARGET / "govuk-frontend.min.css").write_text(stylesheet.replace("url(/assets/", "url(assets/"), encoding="utf-8")
    for name in FILES:
        shutil.copy2(SOURCE / name, TARGET / name)
    shutil.copytree(SOURCE / "assets", TARGET / "assets")


if __name__ == "__main__":
    build()
