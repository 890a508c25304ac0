"""A school's own data: last registration choices, induction tutor, reminder emails (domain.md §5.4, §7.6;
BR-S-04 … BR-S-12, BR-S-16, BR-S-17, BR-S-21)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError

from appropriate_bodies.models import AppropriateBodyType
from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.services import apply_changes, service
from events.authors import Author
from events.record import schools as record
from events.recorder import describe_changes
from providers.models import SchoolPartnership
from schools import messages
from schools.models import School, TrainingProgramme
from schools.selectors import current_or_upcoming_contract_period, is_independent, is_state_funded
from schools.services.api_metadata import touch_school_api_metadata

MAX_TUTOR_NAME_LENGTH = 70
MAX_EMAIL_LENGTH = 254


# Email addresses (the GOV.UK Notify rules the reference applies) -------------------------------------

_LOCAL_PART = re.compile(r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+$")
_HOSTNAME_PART = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TLD = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)


def is_valid_email(email: str | None) -> bool:
    """`name@example.com` shapes only: one @, a dotted domain of valid labels, a real-looking TLD."""
    if not email:
        return False
    email = email.strip()
    if len(email) > 320 or ".." in email or email.count("@") != 1:
        return False
    local, domain = email.split("@")
    if not local or not _LOCAL_PART.match(local):
        return False
    parts = domain.split(".")
    if len(parts) < 2 or len(domain) > 253:
        return False
    if not all(part and len(part) <= 63 and _HOSTNAME_PART.match(part) for part in parts):
        return False
    return bool(_TLD.match(parts[-1]))


def squish(value: str | None) -> str:
    return " ".join((value or "").split())


# Validation (BR-S-04 … BR-S-12) ------------------------------------------------------------------------


def validate_school_last_choices(school: School) -> None:
    """The choices offered again at the next ECT registration must be consistent (BR-S-04 … 07, BR-S-12)."""
    errors = ErrorCollector()
    programme = school.last_chosen_training_programme
    if programme is not None and programme not in TrainingProgramme.values:
        errors.add("last_chosen_training_programme", messages.LAST_CHOSEN_PROGRAMME_INVALID)
    if programme == TrainingProgramme.PROVIDER_LED:
        if school.last_chosen_lead_provider_id is None:
            errors.add("last_chosen_lead_provider_id", messages.LEAD_PROVIDER_REQUIRED)
    elif school.last_chosen_lead_provider_id is not None:
        errors.add("last_chosen_lead_provider_id", messages.MUST_BE_NIL)
    if school.last_chosen_lead_provider_id is not None and not programme:
        errors.add("last_chosen_training_programme", messages.MUST_BE_PROVIDER_LED)

    body = school.last_chosen_appropriate_body
    if body is not None:
        if is_independent(school) and body.body_type == AppropriateBodyType.LOCAL_AUTHORITY:
            errors.add("last_chosen_appropriate_body_id", messages.MUST_BE_NATIONAL_OR_TEACHING_SCHOOL_HUB)
        if is_state_funded(school) and body.body_type != AppropriateBodyType.TEACHING_SCHOOL_HUB:
            errors.add("last_chosen_appropriate_body_id", messages.MUST_BE_TEACHING_SCHOOL_HUB)
    errors.raise_if_any()


def validate_school(school: School) -> None:
    """All of a School's rules (BR-S-04 … BR-S-12), reported together."""
    errors = ErrorCollector()
    try:
        validate_school_last_choices(school)
    except DomainError as exc:
        errors.errors.extend(exc.errors)

    name, email = school.induction_tutor_name, school.induction_tutor_email
    if email and not name:
        errors.add("induction_tutor_name", messages.INDUCTION_TUTOR_NAME_REQUIRED)
    if name and not email:
        errors.add("induction_tutor_email", messages.INDUCTION_TUTOR_EMAIL_REQUIRED)
    if email and not is_valid_email(email):
        errors.add("induction_tutor_email", messages.EMAIL_INVALID)
    if school.induction_tutor_last_nominated_in_id is not None and not (name and email):
        errors.add("induction_tutor_last_nominated_in", messages.LAST_NOMINATED_NEEDS_TUTOR)

    others = School.objects.exclude(pk=school.pk) if school.pk else School.objects.all()
    if school.gias_school_id is None:
        errors.add("urn", messages.CANT_BE_BLANK)
    elif others.filter(gias_school_id=school.gias_school_id).exists():
        errors.add("urn", messages.HAS_ALREADY_BEEN_TAKEN)
    if others.filter(api_id=school.api_id).exists():
        errors.add("api_id", messages.SCHOOL_API_ID_ALREADY_EXISTS)
    errors.raise_if_any()


CONSTRAINT_ERRORS = {
    "schools_unique_urn": ("urn", messages.HAS_ALREADY_BEEN_TAKEN),
    "schools_api_id_key": ("api_id", messages.SCHOOL_API_ID_ALREADY_EXISTS),
    "schools_induction_tutor_name_and_email_together": (
        "induction_tutor_email",
        messages.INDUCTION_TUTOR_EMAIL_REQUIRED,
    ),
    "schools_last_lead_provider_iff_provider_led": ("last_chosen_lead_provider_id", messages.MUST_BE_NIL),
}


def domain_error_for(exc: IntegrityError) -> DomainError | None:
    """The DomainError a schools-table constraint violation stands for (BR-S-11 and friends)."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name in CONSTRAINT_ERRORS:
        return DomainError(*CONSTRAINT_ERRORS[name])
    return None


# Induction tutor (BR-S-08 … BR-S-10, BR-S-16, BR-S-17) -----------------------------------------------


def validate_induction_tutor_details(*, name: str | None, email: str | None) -> tuple[str, str]:
    """BR-S-17: the nomination form's rules. Returns the name squished and the email trimmed."""
    errors = ErrorCollector()
    name, email = squish(name), (email or "").strip()
    if not name:
        errors.add("induction_tutor_name", messages.TUTOR_NAME_BLANK)
    elif len(name) > MAX_TUTOR_NAME_LENGTH:
        errors.add("induction_tutor_name", messages.TUTOR_NAME_TOO_LONG)
    if not email:
        errors.add("induction_tutor_email", messages.TUTOR_EMAIL_BLANK)
    elif len(email) > MAX_EMAIL_LENGTH:
        errors.add("induction_tutor_email", messages.TUTOR_EMAIL_TOO_LONG)
    elif not is_valid_email(email):
        errors.add("induction_tutor_email", messages.EMAIL_INVALID)
    errors.raise_if_any()
    return name, email


def _nomination_year() -> int:
    period = current_or_upcoming_contract_period()
    if period is None:
        raise DomainError(BASE, messages.NO_CONTRACT_PERIOD_FOR_NOMINATION)
    return period.year


def _touch_partnerships(school: School) -> None:
    """§3.3: a partnership's API record shows the school's induction tutor."""
    SchoolPartnership.objects.filter(school=school).update(api_updated_at=clock.now())


@service
def nominate_induction_tutor(*, author: Author, school: School, name: str | None, email: str | None) -> School:
    """Save the school's induction tutor for the current-or-upcoming contract period (BR-S-16, BR-S-17)."""
    name, email = validate_induction_tutor_details(name=name, email=email)
    year = _nomination_year()
    old_name = school.induction_tutor_name
    changes = apply_changes(
        school, induction_tutor_name=name, induction_tutor_email=email, induction_tutor_last_nominated_in_id=year
    )
    details_changed = changes.keys() & {"induction_tutor_name", "induction_tutor_email"}
    if details_changed:
        _touch_partnerships(school)
        touch_school_api_metadata(school_ids=[school.pk])  # every cohort's school record shows the tutor (§13.3)
        record.school_induction_tutor_updated(
            author=author,
            school=school,
            old_name=old_name,
            contract_period_year=year,
            modifications=describe_changes({f: changes[f] for f in details_changed}),
        )
    elif changes:
        record.school_induction_tutor_confirmed(author=author, school=school, contract_period_year=year)
    return school


@service
def confirm_induction_tutor(
    *,
    author: Author,
    school: School,
    is_correct: bool | None,
    name: str | None = None,
    email: str | None = None,
) -> School:
    """The yearly check (BR-S-16): "Yes" keeps the tutor for this contract period; "No" must bring new
    details (BR-S-17)."""
    if is_correct is None:
        raise DomainError("is_correct", messages.CONFIRM_TUTOR_UNANSWERED)
    if not is_correct:
        new_name, new_email = validate_induction_tutor_details(name=name, email=email)
        current_name, current_email = squish(school.induction_tutor_name), (school.induction_tutor_email or "")
        if new_name == current_name and new_email.lower() == current_email.strip().lower():
            raise DomainError(BASE, messages.TUTOR_DETAILS_UNCHANGED)
        return nominate_induction_tutor(author=author, school=school, name=new_name, email=new_email)

    if not (school.induction_tutor_name and school.induction_tutor_email):
        raise DomainError("induction_tutor_last_nominated_in", messages.LAST_NOMINATED_NEEDS_TUTOR)
    year = _nomination_year()
    if apply_changes(school, induction_tutor_last_nominated_in_id=year):
        record.school_induction_tutor_confirmed(author=author, school=school, contract_period_year=year)
    return school


# Reminder emails (BR-S-21) ---------------------------------------------------------------------------


def last_day_of_term(day: dt.date) -> dt.date:
    """BR-S-21 terms: 1 June–31 December, 1 January–31 March, 1 April–31 May."""
    if day.month >= 6:
        return dt.date(day.year, 12, 31)
    if day.month <= 3:
        return dt.date(day.year, 3, 31)
    return dt.date(day.year, 5, 31)


@service
def opt_out_of_reminder_emails(*, author: Author, school: School) -> School:
    """Stop reminder emails until the end of the current school term (BR-S-21)."""
    if apply_changes(school, opted_out_of_reminder_emails_until=last_day_of_term(clock.today())):
        record.school_opted_out_of_reminder_emails(author=author, school=school)
    return school
