"""The browser test helper must be able to fail: axe violations on a page raise."""

from __future__ import annotations

import pytest

from tests.browser import AccessibilityViolations, BrowserPage

pytestmark = pytest.mark.browser


def test_axe_violations_fail_the_test(chromium):
    context = chromium.new_context()
    try:
        page = BrowserPage(context.new_page(), "http://localhost")
        page.page.set_content(
            '<html lang="en"><head><title>x</title></head><body><main><img src="x.png"></main></body></html>'
        )
        with pytest.raises(AccessibilityViolations, match="image-alt"):
            page.check_accessibility()
        page.page.set_content(
            '<html lang="en"><head><title>x</title></head><body><main><h1>Fine</h1></main></body></html>'
        )
        page.check_accessibility()
    finally:
        context.close()
