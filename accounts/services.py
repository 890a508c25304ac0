"""Adding and changing DfE staff accounts (journeys.md §6.9; domain.md §5.21.1). One transaction each, an
explicit author, and an event (`dfe_user_created` / `dfe_user_updated`) naming the account."""

from __future__ import annotations

import re

from accounts.models import DfERole, User
from core.errors import ErrorCollector
from core.services import apply_changes, service
from events.authors import Author
from events.record import accounts as record
from events.recorder import describe_changes

EMAIL_DOMAIN = "@education.gov.uk"
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URN_SHAPE = re.compile(r"^\d{5,6}$")

NAME_REQUIRED = "Enter a name"
ROLE_REQUIRED = "Choose a role"
EMAIL_REQUIRED = "Enter an email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@education.gov.uk"
EMAIL_NOT_DFE = "Enter an email address ending in @education.gov.uk"
EMAIL_TAKEN = "This email address is already used by another user"
URN_INVALID = "School URN must be 5 or 6 digits"


def _clean(
    *, name: str | None, email: str | None, role: str | None, otp_school_urn: str | int | None, user: User | None
) -> dict:
    """§6.9's errors, all at once: name, role, email (blank, shape, domain, uniqueness ignoring case), URN."""
    errors = ErrorCollector()
    name = (name or "").strip()
    email = (email or "").strip()
    urn = str(otp_school_urn).strip() if otp_school_urn not in (None, "") else ""
    if not name:
        errors.add("name", NAME_REQUIRED)
    if role not in DfERole.values:
        errors.add("role", ROLE_REQUIRED)
    if not email:
        errors.add("email", EMAIL_REQUIRED)
    elif not EMAIL_SHAPE.match(email):
        errors.add("email", EMAIL_INVALID)
    elif not email.lower().endswith(EMAIL_DOMAIN):
        errors.add("email", EMAIL_NOT_DFE)
    elif User.objects.filter(email__iexact=email).exclude(pk=user.pk if user else None).exists():
        errors.add("email", EMAIL_TAKEN)
    if urn and not URN_SHAPE.match(urn):
        errors.add("otp_school_urn", URN_INVALID)
    errors.raise_if_any()
    return {"name": name, "email": email, "role": role, "otp_school_urn": int(urn) if urn else None}


@service
def create_user(
    *, author: Author, name: str | None, email: str | None, role: str | None, otp_school_urn: str | int | None = None
) -> User:
    values = _clean(name=name, email=email, role=role, otp_school_urn=otp_school_urn, user=None)
    user = User.objects.create(**values)
    record.dfe_user_created(author=author, user=user)
    return user


@service
def update_user(
    *,
    author: Author,
    user: User,
    name: str | None,
    email: str | None,
    role: str | None,
    otp_school_urn: str | int | None = None,
) -> User:
    values = _clean(name=name, email=email, role=role, otp_school_urn=otp_school_urn, user=user)
    changes = apply_changes(user, **values)
    if changes:
        record.dfe_user_updated(author=author, user=user, modifications=describe_changes(changes))
    return user
