"""The service's emails (journeys.md §7.1), one function each, so callers pass exactly what each needs."""

from __future__ import annotations

from integrations.notify.client import TRA_FAIL_INBOX, Message, send_email


def ect_registered(
    *, to: str, name: str, school_name: str, provider_led: bool, reference: str | None = None
) -> Message:
    """#1 and #2: sent only when the ECT has an email address (the caller checks). `reference` names the
    registration, so a refusal from Notify is logged against it (integrations.md §5.5)."""
    template = "ect_registered_provider_led" if provider_led else "ect_registered_school_led"
    return send_email(template, to, {"name": name, "school_name": school_name}, reference=reference)


def mentor_registered(*, to: str, name: str, school_name: str, reference: str | None = None) -> Message:
    """#3: only when a new mentor-at-school period is made through the register-mentor journey; `reference` as
    for #1."""
    return send_email("mentor_registered", to, {"name": name, "school_name": school_name}, reference=reference)


def induction_tutor_confirmation(*, to: str, name: str, school_name: str) -> Message:
    """#4: a new or changed induction tutor (not when the existing one is simply confirmed)."""
    return send_email("induction_tutor_confirmation", to, {"name": name, "school_name": school_name})


def one_time_password(*, to: str, name: str, code: str, code_page_url: str) -> Message:
    """#5 (§2.4)."""
    return send_email("one_time_password", to, {"name": name, "code": code, "code_page_url": code_page_url})


def tra_fail_notification(
    *, name: str, trn: str, appropriate_body_name: str, notified_on: str | None, reference: str | None = None
) -> Message:
    """#6: to TRA's fixed inbox when a fail is recorded. `notified_on` ("4 March 2025") is the date the body
    told the ECT in writing; admins do not record it, so their variant leaves that sentence out (§11 #16).
    `reference` names the failed induction period, so a refusal from Notify is logged against it."""
    return send_email(
        "tra_fail_notification",
        TRA_FAIL_INBOX,
        {"name": name, "trn": trn, "appropriate_body_name": appropriate_body_name, "notified_on": notified_on or ""},
        reference=reference,
    )
