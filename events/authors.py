"""Who did something. Every service takes one explicitly; none reads the current user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.types import AuthorType


@dataclass(frozen=True)
class Author:
    type: AuthorType
    user_id: int | None = None  # DfE staff user (users table)
    email: str | None = None
    name: str | None = None
    # The organisation the person acted for, kept so events can link to it.
    school_id: int | None = None
    appropriate_body_period_id: int | None = None
    lead_provider_id: int | None = None

    @classmethod
    def school_user(cls, *, email: str, name: str, school: Any) -> Author:
        return cls(AuthorType.SCHOOL_USER, email=email, name=name, school_id=school.pk)

    @classmethod
    def appropriate_body_user(cls, *, email: str, name: str, appropriate_body: Any) -> Author:
        return cls(
            AuthorType.APPROPRIATE_BODY_USER, email=email, name=name, appropriate_body_period_id=appropriate_body.pk
        )

    @classmethod
    def dfe_staff_user(cls, user: Any) -> Author:
        return cls(AuthorType.DFE_STAFF_USER, user_id=user.pk, email=user.email, name=user.name)

    @classmethod
    def system(cls) -> Author:
        return cls(AuthorType.SYSTEM, name="System")

    @classmethod
    def lead_provider_api(cls, lead_provider: Any) -> Author:
        return cls(AuthorType.LEAD_PROVIDER_API, name=lead_provider.name, lead_provider_id=lead_provider.pk)

    @property
    def is_dfe_staff(self) -> bool:
        return self.type == AuthorType.DFE_STAFF_USER
