"""Teacher identity: TRN input, validation, TRS refresh, anonymise, merge (domain.md §5.1, §7.7, BR-T-*)."""

from __future__ import annotations

import re

from core.errors import DomainError
from teachers.messages import identity as messages

TRN_MIN_DIGITS = 5
TRN_DIGITS = 7


def normalise_trn(raw: str | int | None) -> str:
    """BR-T-01: drop non-digits, require 5–7 digits, left-pad with zeros to 7 (`RP 12345` → `0012345`)."""
    digits = re.sub(r"\D", "", str(raw or ""))
    if len(digits) < TRN_MIN_DIGITS:
        raise DomainError("trn", messages.TRN_TOO_SHORT)
    if len(digits) > TRN_DIGITS:
        raise DomainError("trn", messages.TRN_TOO_LONG)
    return digits.zfill(TRN_DIGITS)
