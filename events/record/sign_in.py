"""Events about signing in: school users' sign-ins and DfE staff one-time-password locks (journeys.md §2.1, §2.4)."""

from __future__ import annotations

from typing import Any

from events.authors import Author
from events.models import Event
from events.recorder import write_event
from events.types import EventType


def school_user_signs_in(*, author: Author, school: Any) -> Event:
    return write_event(
        type=EventType.SCHOOL_USER_SIGNS_IN,
        author=author,
        heading=f"{author.name or author.email} signed in",
        metadata={"school_urn": school.urn},
        school=school,
    )


def otp_account_locked(*, author: Author, user: Any) -> Event:
    """BR-U-03: the tenth wrong code locks the account."""
    return write_event(
        type=EventType.OTP_ACCOUNT_LOCKED,
        author=author,
        heading=f"{user.name}’s one time password sign-in was locked after {user.otp_failed_attempts} failed attempts",
        metadata={"failed_attempts": user.otp_failed_attempts},
        user=user,
    )


def otp_account_unlocked(*, author: Author, user: Any) -> Event:
    return write_event(
        type=EventType.OTP_ACCOUNT_UNLOCKED,
        author=author,
        heading=f"{user.name}’s one time password sign-in was unlocked",
        user=user,
    )
