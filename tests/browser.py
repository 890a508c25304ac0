"""Browser tests: pytest + playwright driving Debian's Chromium (`/usr/bin/chromium`, installed by `make install`;
never `playwright install`) against pytest-django's live server, with axe checking every page visited.

Mark tests `browser` and use the `browser_page` fixture. Its `BrowserPage` navigates only through methods that
wait for the new page and then run axe on it, failing the test on any violation, so no visited page escapes the
check:

    @pytest.mark.browser
    def test_sign_in(browser_page):
        browser_page.visit("/personas")
        browser_page.click_button("Sign-in as Ida Tutor")
        assert browser_page.path == "/school/home/ects"

One Chromium runs per test session (per xdist worker); each test gets a fresh context, so no cookies leak. The
database is committed data (`transactional_db`), since the server runs in another thread.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class AccessibilityViolations(AssertionError):
    pass


def axe_source() -> str:
    """axe-core's script, as the `axe_playwright_python` package ships it."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


class BrowserPage:
    """A page whose every navigation is followed by an axe check."""

    def __init__(self, page: Any, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.checked: list[str] = []

    # Where we are ----------------------------------------------------------------------------------------

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    @property
    def url(self) -> str:
        return self.page.url

    def text(self) -> str:
        return self.page.inner_text("body")

    def heading(self) -> str:
        return self.page.inner_text("h1")

    # Navigation (each checked by axe) -------------------------------------------------------------------

    def visit(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        self.check_accessibility()
        return response

    def click_button(self, name: str, *, exact: bool = True) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=exact).click()
        self.check_accessibility()

    def click_link(self, name: str, *, exact: bool = True) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=exact).first.click()
        self.check_accessibility()

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def choose(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()

    def fill_date(self, day: dt.date, *, legend: str | None = None) -> None:
        """The GOV.UK three-box date: the only one on the page, or the one in the fieldset with this legend."""
        scope = self.page if legend is None else self.page.get_by_role("group", name=legend)
        for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
            scope.get_by_label(part, exact=True).fill(str(value))

    def check_accessibility(self) -> None:
        """Run axe on the page as it is now; any violation fails the test with axe's report.

        `browser_page`'s context loads axe into every document it opens (an init script), which saves sending
        axe's 570 kB over the wire for each check; a page that did not get it (e.g. content set directly) gets it
        here."""
        from axe_playwright_python.base import AxeResults
        from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS

        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined' && typeof window.axe.run === 'function'"):
            self.page.evaluate(axe_source())
        results = AxeResults(self.page.evaluate(f"axe.run({json.dumps(DEFAULT_OPTIONS)})"))
        self.checked.append(self.path)
        if results.violations_count:
            raise AccessibilityViolations(f"axe found violations on {self.page.url}:\n{results.generate_report()}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (as root it installs Debian's chromium package)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls tests make are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # While Playwright's event loop is set as this thread's running loop, Django (through asgiref) keeps this
        # thread's database connections apart from those it had before, as it does for async code. The test
        # database's teardown, after this, closes only the earlier ones: close these now, or the session left open
        # stops PostgreSQL from dropping the test database.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def browser_page(chromium: Any, live_server: Any, transactional_db: Any) -> Iterator[BrowserPage]:
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=True)
    context.set_default_timeout(15_000)
    context.add_init_script(script=axe_source())
    page = context.new_page()
    try:
        yield BrowserPage(page, live_server.url)
    finally:
        context.close()


def path_of(url: str) -> str:
    return urlsplit(url).path


WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()
