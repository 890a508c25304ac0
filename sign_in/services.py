"""What happens once we know who someone is: starting their session, the school sign-in event, dual-role
switching and DfE staff impersonation (journeys.md §2.1, §2.3, §2.6)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest

from accounts.models import User
from events.record import sign_in as sign_in_events
from sign_in import session
from sign_in.session import ActiveRole, SessionUser, SignInProvider, UserType

logger = logging.getLogger(__name__)


def record_school_sign_in(user: SessionUser) -> None:
    """`school_user_signs_in` (§2.1). In its own savepoint, and any failure is only logged: recording it must
    never block the sign-in."""
    from schools.models import School

    try:
        with transaction.atomic():
            school = School.objects.select_related("gias_school").get(gias_school_id=user.school_urn)
            sign_in_events.school_user_signs_in(author=user.author(), school=school)
    except Exception:
        logger.exception("Could not record school_user_signs_in for URN %s", user.school_urn)


def complete_sign_in(request: HttpRequest, user: SessionUser) -> str:
    """Start the session and say where to go: the page first asked for, else the user's home."""
    session.sign_in(request, user)
    if user.type == UserType.SCHOOL_USER:
        record_school_sign_in(user)
    return session.pop_return_to(request, user.home_path)


def staff_session_user(staff: User, provider: SignInProvider) -> SessionUser:
    if (
        staff.otp_school_urn is not None
        and provider == SignInProvider.OTP
        and not staff.email.lower().endswith(("@education.gov.uk", "@digital.education.gov.uk"))
    ):
        from schools.models import School

        school = School.objects.select_related("gias_school").filter(gias_school_id=staff.otp_school_urn).first()
        if school is not None:  # §2.4: an OTP school user (behind ENABLE_SCHOOL_OTP_SIGN_IN)
            return SessionUser(
                type=UserType.SCHOOL_USER,
                email=staff.email,
                name=staff.name,
                provider=provider,
                active_role=ActiveRole.SCHOOL,
                school_urn=school.urn,
                school_name=school.name,
            )
    return SessionUser(
        type=UserType.DFE_STAFF,
        email=staff.email,
        name=staff.name,
        provider=provider,
        active_role=ActiveRole.DFE,
        user_id=staff.pk,
    )


def switch_role(user: SessionUser) -> SessionUser:
    """§2.3: a dual-role user swaps between the school and the appropriate body."""
    if not user.is_dual_role:
        return user
    user.active_role = ActiveRole.APPROPRIATE_BODY if user.active_role == ActiveRole.SCHOOL else ActiveRole.SCHOOL
    return user


def start_impersonating(request: HttpRequest, user: SessionUser, school) -> None:
    """§2.6: a DfE user acts as `school`; the forced induction tutor confirmation is skipped while doing so
    (journey code asks `signed_in_user.is_impersonating`)."""
    user.impersonated_school_urn = school.urn
    user.impersonated_school_name = school.name
    session.save(request, user)


def stop_impersonating(request: HttpRequest, user: SessionUser) -> int | None:
    urn = user.impersonated_school_urn
    user.impersonated_school_urn = None
    user.impersonated_school_name = None
    session.save(request, user)
    return urn
