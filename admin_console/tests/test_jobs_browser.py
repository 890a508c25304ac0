"""The background jobs page in Chromium with axe: a DfE admin sees a TRS write given up on and sends it again
(journeys.md §6 `/admin/jobs`, integrations.md §2.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import DfERole
from integrations.trs.models import TRSInductionStatusUpdate
from integrations.trs.outbox import MAX_ATTEMPTS
from sign_in.testing import create_staff_user
from tests.builders import create_teacher

pytestmark = pytest.mark.browser


def test_a_given_up_trs_write_is_shown_and_sent_again(browser_page):
    teacher = create_teacher(trn="1234567", first_name="Jane", last_name="Smith")
    row = TRSInductionStatusUpdate.objects.create(
        teacher=teacher,
        trn="1234567",
        status="Passed",
        start_date=dt.date(2025, 9, 1),
        completed_date=dt.date(2026, 7, 20),
        attempts=MAX_ATTEMPTS,
        last_error="503 Service Unavailable",
    )
    create_staff_user(role=DfERole.ADMIN, name="Ada Admin", email="ada.admin@education.gov.uk")
    browser_page.visit("/personas")
    browser_page.click_button("Sign-in as Ada Admin")

    browser_page.visit("/admin/jobs")
    assert browser_page.heading() == "Background jobs"
    assert browser_page.page.get_by_text("503 Service Unavailable").is_visible()
    browser_page.click_button("Send again to TRS for TRN 1234567")
    assert browser_page.path == "/admin/jobs"
    assert browser_page.page.get_by_text("will be sent to TRS again").is_visible()
    row.refresh_from_db()
    assert row.attempts == 0
