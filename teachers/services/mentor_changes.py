"""Changes a school can make to one of its mentors (journeys.md §4.11.1, §4.11.2): the name and the email
address, with the same rules as for ECTs (§7.1.3, BR-M-02). The lead provider change is
`teachers.services.training_changes.change_lead_provider` (§7.4.7). Each change writes one event, and nothing
at all when the answer is refused."""

from __future__ import annotations

from core.errors import BASE, DomainError
from core.services import apply_changes, service
from events.authors import Author
from events.record import registration as record
from schools.models import School
from teachers.messages import registration as messages
from teachers.models import MentorAtSchoolPeriod, Teacher
from teachers.services.ect_changes import validate_new_email
from teachers.services.identity import apply_teacher_changes, touch_teacher_api_timestamps
from teachers.validation.name_changes import validate_changed_name


def _check_school(period: MentorAtSchoolPeriod, school: School | None) -> None:
    """The school making the change must be the mentor's school (when the caller says which school acts)."""
    if school is not None and period.school_id != school.pk:
        raise DomainError(BASE, messages.MENTOR_NOT_AT_THIS_SCHOOL)


@service
def change_mentor_name(
    *,
    author: Author,
    mentor_at_school_period: MentorAtSchoolPeriod,
    corrected_name: str | None,
    school: School | None = None,
) -> Teacher:
    """§4.11.1: the teacher's corrected name (TRS's name is kept alongside), by the ECT name rules."""
    _check_school(mentor_at_school_period, school)
    teacher = mentor_at_school_period.teacher
    old_name = teacher.full_name
    new_name = validate_changed_name(current=old_name, corrected_name=corrected_name)
    apply_teacher_changes(teacher, corrected_name=new_name)  # touches the API timestamps the name is under
    record.teacher_name_updated_by_user(author=author, teacher=teacher, old_name=old_name, new_name=new_name)
    return teacher


@service
def change_mentor_email(
    *,
    author: Author,
    mentor_at_school_period: MentorAtSchoolPeriod,
    email: str | None,
    school: School | None = None,
) -> MentorAtSchoolPeriod:
    """§4.11.2: BR-ECT-30's rules (BR-M-02); the lead provider sees the new address, so the API timestamp moves."""
    _check_school(mentor_at_school_period, school)
    old_email = mentor_at_school_period.email
    new_email = validate_new_email(current=old_email, email=email)
    apply_changes(mentor_at_school_period, email=new_email)
    touch_teacher_api_timestamps(mentor_at_school_period.teacher, unfunded_mentor=True)
    record.teacher_email_address_updated(
        author=author, period=mentor_at_school_period, old_email=old_email, new_email=new_email
    )
    return mentor_at_school_period
