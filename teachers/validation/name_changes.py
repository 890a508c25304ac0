"""Rules for a school correcting a teacher's name after registration (journeys.md §4.10.1, §4.11.1, §8.3 "Name
corrections"): the new name follows the corrected-name rules and must differ from the current one, and a change
of both first and last word is treated as possibly another person, so the school is asked to check first."""

from __future__ import annotations

import string
import unicodedata

from core.errors import DomainError
from teachers.messages import registration as messages
from teachers.validation.ect_registration import validate_corrected_name_value


def validate_changed_name(*, current: str | None, corrected_name: str | None) -> str:
    """Required, at most 70 characters (BR-ECT-04's rules) and not the current name in any letter case."""
    new_name = validate_corrected_name_value(corrected_name)
    if current and current.casefold() == new_name.casefold():
        raise DomainError("corrected_name", messages.CHANGE_NAME_SAME)
    return new_name


def _plain_words(name: str | None) -> list[str]:
    """The name's words without accents, letter case or punctuation: `Zoë O'Neil` → `['zoe', 'oneil']`."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    letters = letters.translate(str.maketrans("", "", string.punctuation + "’‘"))
    return letters.casefold().split()


def may_be_a_different_person(*, old_name: str | None, new_name: str | None) -> bool:
    """§4.10.1: both the first and the last word changed, so the new name may belong to someone else (changing to
    another person's name could affect the school's funding); a misspelling or a new surname is not."""
    old, new = _plain_words(old_name), _plain_words(new_name)
    if not old or not new:
        return False
    return old[0] != new[0] and old[-1] != new[-1]
