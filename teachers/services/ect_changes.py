"""Changes a school can make to one of its ECTs (domain.md §7.1.3; BR-ECT-30 … 32).

Name, email, working pattern and the school-reported appropriate body. Training programme and lead provider
changes live in `teachers.services.training_changes` (§7.4.6, §7.4.7). Each change writes one event and nothing
at all when the answer is refused.
"""

from __future__ import annotations

from appropriate_bodies.models import AppropriateBodyPeriod
from core.errors import BASE, DomainError
from core.services import apply_changes, service
from events.authors import Author
from events.record import registration as record
from schools.models import School
from teachers.messages import registration as messages
from teachers.models import ECTAtSchoolPeriod, Teacher, WorkingPattern
from teachers.services.identity import apply_teacher_changes, touch_teacher_api_timestamps
from teachers.validation.ect_registration import validate_appropriate_body_choice
from teachers.validation.mentor_registration import is_valid_email
from teachers.validation.name_changes import validate_changed_name

EMAIL_MAX_LENGTH = 254


def _check_school(period: ECTAtSchoolPeriod, school: School | None) -> None:
    """The school making the change must be the ECT's school (when the caller says which school acts)."""
    if school is not None and period.school_id != school.pk:
        raise DomainError(BASE, messages.NOT_AT_THIS_SCHOOL)


@service
def change_ect_name(
    *, author: Author, ect_at_school_period: ECTAtSchoolPeriod, corrected_name: str | None, school: School | None = None
) -> Teacher:
    """§7.1.3 Name: a corrected full name, required, at most 70 characters (BR-ECT-04's rules), different from the
    current name in any letter case (journeys.md §4.10.1)."""
    _check_school(ect_at_school_period, school)
    teacher = ect_at_school_period.teacher
    old_name = teacher.full_name
    new_name = validate_changed_name(current=old_name, corrected_name=corrected_name)
    if apply_teacher_changes(teacher, corrected_name=new_name):
        record.teacher_name_updated_by_user(author=author, teacher=teacher, old_name=old_name, new_name=new_name)
    return teacher


def validate_new_email(*, current: str | None, email: str | None) -> str:
    """BR-ECT-30: required, at most 254 characters, valid, and different from the current one (any case)."""
    email = (email or "").strip()
    if not email:
        raise DomainError("email", messages.CHANGE_EMAIL_REQUIRED)
    if len(email) > EMAIL_MAX_LENGTH:
        raise DomainError("email", messages.CHANGE_EMAIL_TOO_LONG)
    if not is_valid_email(email):
        raise DomainError("email", messages.EMAIL_INVALID)
    if current and current.lower() == email.lower():
        raise DomainError("email", messages.CHANGE_EMAIL_SAME)
    return email


@service
def change_ect_email(
    *, author: Author, ect_at_school_period: ECTAtSchoolPeriod, email: str | None, school: School | None = None
) -> ECTAtSchoolPeriod:
    """§7.1.3 Email (BR-ECT-30); the teacher's API timestamp is touched (§3.3)."""
    _check_school(ect_at_school_period, school)
    old_email = ect_at_school_period.email
    new_email = validate_new_email(current=old_email, email=email)
    apply_changes(ect_at_school_period, email=new_email)
    touch_teacher_api_timestamps(ect_at_school_period.teacher)
    record.teacher_email_address_updated(
        author=author, period=ect_at_school_period, old_email=old_email, new_email=new_email
    )
    return ect_at_school_period


def validate_new_working_pattern(*, current: str | None, working_pattern: str | None) -> str:
    """BR-ECT-31: required, a known pattern, and not the current one."""
    if not working_pattern:
        raise DomainError("working_pattern", messages.CHANGE_WORKING_PATTERN_REQUIRED)
    if working_pattern not in WorkingPattern.values:
        raise DomainError("working_pattern", messages.WORKING_PATTERN_INVALID.format(value=working_pattern))
    if current == working_pattern:
        raise DomainError("working_pattern", messages.CHANGE_WORKING_PATTERN_SAME)
    return working_pattern


@service
def change_ect_working_pattern(
    *,
    author: Author,
    ect_at_school_period: ECTAtSchoolPeriod,
    working_pattern: str | None,
    school: School | None = None,
) -> ECTAtSchoolPeriod:
    """§7.1.3 Working pattern (BR-ECT-31): required and different from the current one."""
    _check_school(ect_at_school_period, school)
    old = ect_at_school_period.working_pattern
    validate_new_working_pattern(current=old, working_pattern=working_pattern)
    apply_changes(ect_at_school_period, working_pattern=working_pattern)
    record.teacher_working_pattern_updated(author=author, period=ect_at_school_period, old=old, new=working_pattern)
    return ect_at_school_period


@service
def change_ect_appropriate_body(
    *,
    author: Author,
    ect_at_school_period: ECTAtSchoolPeriod,
    appropriate_body: AppropriateBodyPeriod | int | str | None = None,
    body_type: str | None = None,
    school: School | None = None,
) -> ECTAtSchoolPeriod:
    """§7.1.3 Appropriate body (BR-ECT-32): required; an active teaching school hub other than the current one
    (an independent school may choose the national body, ISTIP)."""
    _check_school(ect_at_school_period, school)
    new = validate_appropriate_body_choice(
        school=ect_at_school_period.school, appropriate_body=appropriate_body, body_type=body_type
    )
    old = ect_at_school_period.school_reported_appropriate_body
    if old is not None and old.pk == new.pk:
        raise DomainError("appropriate_body", messages.CHANGE_APPROPRIATE_BODY_SAME)
    apply_changes(ect_at_school_period, school_reported_appropriate_body=new)
    record.teacher_appropriate_body_changed(author=author, period=ect_at_school_period, old=old, new=new)
    return ect_at_school_period
