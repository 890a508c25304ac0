"""Who is signed in (journeys.md §2.1): one record in the Django session, read by `SessionUserMiddleware`.

School and appropriate body users are not stored in the database (domain.md §5.21.1): DfE Sign-in vouches for
them at each sign-in, so the session keeps what it told us (ids, names, role codes) plus what we matched
(the school's URN, the appropriate body period). DfE staff are `accounts.User` rows, kept by id so a role
change takes effect on the next request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.http import HttpRequest

from core import clock

SESSION_KEY = "signed_in_user"
LAST_ACTIVE_KEY = "last_active_at"
RETURN_TO_KEY = "return_to"


class UserType(StrEnum):
    SCHOOL_USER = "school_user"
    APPROPRIATE_BODY_USER = "appropriate_body_user"
    DFE_STAFF = "dfe_staff"


class SignInProvider(StrEnum):
    DFE_SIGN_IN = "dfe_sign_in"
    OTP = "otp"
    PERSONA = "persona"


class ActiveRole(StrEnum):
    SCHOOL = "school"
    APPROPRIATE_BODY = "appropriate_body"
    DFE = "dfe"


# Where each kind of user lands (journeys.md §2.1). Paths, not URL names, so the journey apps can replace the
# placeholder pages without touching sign-in.
SCHOOL_HOME = "/school/home/ects"
APPROPRIATE_BODY_HOME = "/appropriate-body/teachers"
ADMIN_HOME = "/admin/teachers"

SCHOOL_USER_ROLE = "SchoolUser"
APPROPRIATE_BODY_USER_ROLE = "AppropriateBodyUser"
DFE_USER_ROLE = "DfEUser"
KNOWN_ROLE_CODES = (SCHOOL_USER_ROLE, APPROPRIATE_BODY_USER_ROLE, DFE_USER_ROLE)


@dataclass
class SessionUser:
    """The signed-in person as the session keeps them. `active_role` is what they are acting as now: a
    dual-role user switches it (§2.3), and a DfE user impersonating a school acts as `school` (§2.6)."""

    type: UserType
    email: str
    name: str
    provider: SignInProvider
    active_role: ActiveRole
    school_urn: int | None = None
    school_name: str | None = None
    appropriate_body_period_id: int | None = None
    appropriate_body_name: str | None = None
    dfe_sign_in_user_id: str | None = None
    dfe_sign_in_organisation_id: str | None = None
    organisation_name: str | None = None
    role_codes: list[str] = field(default_factory=list)
    user_id: int | None = None  # DfE staff (accounts.User)
    impersonated_school_urn: int | None = None  # set while a DfE user acts as a school (§2.6)
    impersonated_school_name: str | None = None

    # Derived facts --------------------------------------------------------------------------------------

    @property
    def is_dual_role(self) -> bool:
        return self.school_urn is not None and self.appropriate_body_period_id is not None

    @property
    def is_impersonating(self) -> bool:
        return self.impersonated_school_urn is not None

    @property
    def is_dfe_staff(self) -> bool:
        return self.type == UserType.DFE_STAFF

    @property
    def acting_school_urn(self) -> int | None:
        """The school whose pages this person may use right now, if any."""
        if self.is_impersonating:
            return self.impersonated_school_urn
        if self.active_role == ActiveRole.SCHOOL:
            return self.school_urn
        return None

    @property
    def acting_school_name(self) -> str | None:
        return self.impersonated_school_name if self.is_impersonating else self.school_name

    @property
    def acting_appropriate_body_period_id(self) -> int | None:
        if self.active_role == ActiveRole.APPROPRIATE_BODY and not self.is_impersonating:
            return self.appropriate_body_period_id
        return None

    @property
    def home_path(self) -> str:
        if self.is_impersonating or self.active_role == ActiveRole.SCHOOL:
            return SCHOOL_HOME
        if self.active_role == ActiveRole.APPROPRIATE_BODY:
            return APPROPRIATE_BODY_HOME
        return ADMIN_HOME

    @property
    def header_organisation_name(self) -> str | None:
        """§2.3: the organisation in the header, with the current side named for a dual-role user."""
        if self.is_impersonating or self.is_dfe_staff:
            return None
        if self.active_role == ActiveRole.SCHOOL:
            return f"{self.school_name} (school)" if self.is_dual_role else self.school_name
        if self.active_role == ActiveRole.APPROPRIATE_BODY:
            return (
                f"{self.appropriate_body_name} (appropriate body)" if self.is_dual_role else self.appropriate_body_name
            )
        return None

    def author(self):
        """The events author for whatever this person does now. Impersonated actions are the DfE user's (§2.6)."""
        from events.authors import Author
        from events.types import AuthorType

        if self.is_dfe_staff:
            return Author(AuthorType.DFE_STAFF_USER, user_id=self.user_id, email=self.email, name=self.name)
        if self.active_role == ActiveRole.APPROPRIATE_BODY:
            return Author(
                AuthorType.APPROPRIATE_BODY_USER,
                email=self.email,
                name=self.name,
                appropriate_body_period_id=self.appropriate_body_period_id,
            )
        from schools.models import School

        school_id = School.objects.filter(gias_school_id=self.school_urn).values_list("pk", flat=True).first()
        return Author(AuthorType.SCHOOL_USER, email=self.email, name=self.name, school_id=school_id)

    # Storage ----------------------------------------------------------------------------------------------

    def to_session(self) -> dict[str, Any]:
        return {
            key: (str(value) if isinstance(value, StrEnum) else value)
            for key, value in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_session(cls, data: Any) -> SessionUser:
        """Raises ValueError/TypeError/KeyError for anything that is not a record we wrote (a corrupt session)."""
        if not isinstance(data, dict):
            raise TypeError("session user is not a mapping")
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["type"] = UserType(values["type"])
        values["provider"] = SignInProvider(values["provider"])
        values["active_role"] = ActiveRole(values["active_role"])
        values["role_codes"] = list(values.get("role_codes") or [])
        return cls(**values)


def current_user(request: HttpRequest) -> SessionUser | None:
    return getattr(request, "signed_in_user", None)


def sign_in(request: HttpRequest, user: SessionUser) -> None:
    """Start a fresh session for `user` (a new session key, so a session fixed before sign-in is worthless),
    keeping the page they first asked for."""
    return_to = request.session.get(RETURN_TO_KEY)
    request.session.flush()
    request.session[SESSION_KEY] = user.to_session()
    request.session[LAST_ACTIVE_KEY] = clock.now().isoformat()
    if return_to:
        request.session[RETURN_TO_KEY] = return_to
    request.signed_in_user = user


def save(request: HttpRequest, user: SessionUser) -> None:
    request.session[SESSION_KEY] = user.to_session()
    request.signed_in_user = user


def sign_out(request: HttpRequest) -> None:
    request.session.flush()
    request.signed_in_user = None


def pop_return_to(request: HttpRequest, default: str) -> str:
    """The page asked for before signing in, if it is one of ours (a path, never another site)."""
    path = request.session.pop(RETURN_TO_KEY, None)
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//"):
        return path
    return default


def idle_for(request: HttpRequest) -> dt.timedelta | None:
    stamp = request.session.get(LAST_ACTIVE_KEY)
    if not stamp:
        return None
    return clock.now() - dt.datetime.fromisoformat(stamp)
