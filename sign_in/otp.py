"""One-time password sign-in for DfE staff (journeys.md §2.4; domain.md BR-U-03, BR-U-04).

Each request makes a new random secret; the emailed code is the RFC 4226 HOTP of that secret for the current
30-second step. A code is accepted for 10 minutes (the steps of the last 10 minutes are tried) and only once:
a successful sign-in forgets the secret. Wrong codes count; the tenth locks the account and writes
`otp_account_locked`. A request for an unknown address sends nothing and says nothing different.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import struct
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from accounts.models import User
from core import clock
from events.authors import Author
from events.record import sign_in as sign_in_events

STEP_SECONDS = 30
VALID_FOR_SECONDS = 600
MAX_FAILED_ATTEMPTS = 10
OTP_DOMAINS = ("education.gov.uk", "digital.education.gov.uk")

WRONG_FORMAT = "Enter the 6-digit code from the email"
INVALID_CODE = "The code entered is invalid"
LOCKED = "Your account is locked, please contact support"
NOT_ENABLED = "Your account is not enabled for one time password sign-in, please contact support"


def hotp(secret: str, counter: int) -> str:
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def _step() -> int:
    return int(clock.now().timestamp()) // STEP_SECONDS


def current_code(secret: str) -> str:
    return hotp(secret, _step())


def find_user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def otp_allowed(user: User) -> bool:
    """BR-U-04: staff on DfE's domains, or users with a school URN while school OTP sign-in is switched on."""
    domain = user.email.rsplit("@", 1)[-1].lower()
    return domain in OTP_DOMAINS or (settings.ENABLE_SCHOOL_OTP_SIGN_IN and user.otp_school_urn is not None)


def request_code(email: str, *, code_page_url: str) -> None:
    """Step 1: a new secret and an email with the code, if such a user exists; otherwise nothing at all."""
    from integrations.notify import emails

    user = find_user(email)
    if user is None:
        return
    with transaction.atomic():
        user.otp_secret = base64.b32encode(secrets.token_bytes(20)).decode()
        user.save(update_fields=["otp_secret", "updated_at"])
        emails.one_time_password(
            to=user.email, name=user.name, code=current_code(user.otp_secret), code_page_url=code_page_url
        )


@dataclass
class Verification:
    user: User | None = None
    error: str | None = None


def verify(email: str, code: str) -> Verification:
    """Step 2 (BR-U-03). Success forgets the secret so the code cannot be used again."""
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        return Verification(error=WRONG_FORMAT)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=(email or "").strip()).first()
        if user is None:
            return Verification(error=INVALID_CODE)
        if not otp_allowed(user):
            return Verification(error=NOT_ENABLED)
        if user.otp_locked_at is not None:
            return Verification(error=LOCKED)
        step = _step()
        valid = user.otp_secret is not None and any(
            hmac.compare_digest(hotp(user.otp_secret, counter), code)
            for counter in range(step - VALID_FOR_SECONDS // STEP_SECONDS, step + 1)
        )
        if not valid:
            user.otp_failed_attempts += 1
            fields = ["otp_failed_attempts", "updated_at"]
            if user.otp_failed_attempts >= MAX_FAILED_ATTEMPTS:
                user.otp_locked_at = clock.now()
                fields.append("otp_locked_at")
            user.save(update_fields=fields)
            if user.otp_locked_at is not None:
                sign_in_events.otp_account_locked(author=Author.dfe_staff_user(user), user=user)
            return Verification(error=INVALID_CODE)
        user.otp_secret = None
        user.otp_verified_at = clock.now()
        user.otp_failed_attempts = 0
        user.save(update_fields=["otp_secret", "otp_verified_at", "otp_failed_attempts", "updated_at"])
        return Verification(user=user)


def unlock(*, author: Author, user: User) -> User:
    """§6.9 "Unlock OTP sign-in": reset the count and the lock; event `otp_account_unlocked`."""
    with transaction.atomic():
        user.otp_failed_attempts = 0
        user.otp_locked_at = None
        user.save(update_fields=["otp_failed_attempts", "otp_locked_at", "updated_at"])
        sign_in_events.otp_account_unlocked(author=author, user=user)
    return user
