"""Registering an ECT at a school (domain.md §7.1.2, §7.1.4; BR-ECT-11, 19 … 24, 28, 29, 34, 36; BR-CP-13, 14;
Q8, Q14).

The steps follow §7.1.2 in order inside one transaction: find or create the teacher, refuse a second
registration at the same school, remember the school's choices, close the ECT's previous period the day
before (the §7.1.5 cascade), create the new period, start the first training period, set funding eligibility
and record the events. The confirmation email goes after commit, and only when there is an address.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q

from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType
from core import clock
from core.errors import DomainError
from core.periods import check_no_overlap
from core.services import apply_changes, service
from events.authors import Author
from events.record import registration as record
from providers.models import LeadProvider, LeadProviderDeliveryPartnership, ScheduleIdentifier, SchoolPartnership
from schools.models import School, TrainingProgramme
from schools.selectors import is_independent
from teachers.messages import registration as messages
from teachers.models import ECTAtSchoolPeriod, Teacher, TrainingPeriod, WorkingPattern
from teachers.selectors.registration import ECTConfirmationEmail, ect_confirmation_email
from teachers.services.funding import set_ect_funding_eligibility
from teachers.services.identity import (
    apply_teacher_changes,
    normalise_trn,
    squish,
    touch_teacher_api_timestamps,
    trs_full_name,
)
from teachers.services.training import (
    contract_period_for_ect_registration,
    earliest_school_partnership,
    preserved_contract_period,
    previous_ect_training_period,
    requires_reassignment,
    start_training,
    successor_contract_period,
)
from teachers.validation.ect_registration import check_can_register, check_contract_period_open
from teachers.validation.mentor_registration import is_valid_email

logger = logging.getLogger(__name__)

ECT_OVERLAP_NAME = ECTAtSchoolPeriod.overlap_name


@service
def register_ect(
    *,
    author: Author,
    school: School,
    trn: str,
    trs_first_name: str | None,
    trs_last_name: str | None,
    corrected_name: str | None = None,
    started_on: dt.date,
    email: str | None,
    working_pattern: str | None,
    appropriate_body: AppropriateBodyPeriod | None,
    training_programme: str,
    lead_provider: LeadProvider | None = None,
    reusable_school_partnership: SchoolPartnership | None = None,
    trs_induction_status: str | None = None,
    trs_qts_awarded_on: dt.date | None = None,
) -> ECTAtSchoolPeriod:
    """§7.1.2. `trs_*` values come from the TRS lookup made by the journey (names and, for a new teacher, the
    induction status and QTS date). `reusable_school_partnership` is the partnership offered by "use previous
    choices" (§6.10), re-created for the registration contract period when it is from an earlier year."""
    trn = normalise_trn(trn)
    email = (email or "").strip() or None
    teacher = Teacher.objects.select_for_update().filter(trn=trn).first()
    check_can_register(
        school=school,
        teacher=teacher,
        trs_induction_status=trs_induction_status if trs_induction_status is not None else _stored_status(teacher),
        name=squish(corrected_name) or trs_full_name(trs_first_name, trs_last_name),
    )  # BR-ECT-11, BR-ECT-18 (Q6, Q14)
    check_contract_period_open(started_on)  # BR-ECT-12
    _check_period_answers(
        school=school, email=email, working_pattern=working_pattern, appropriate_body=appropriate_body
    )
    if training_programme not in TrainingProgramme.values:
        raise DomainError("training_programme", messages.TRAINING_PROGRAMME_INVALID.format(value=training_programme))
    if training_programme == TrainingProgramme.PROVIDER_LED and lead_provider is None:
        raise DomainError("lead_provider", messages.LEAD_PROVIDER_REQUIRED)

    teacher = _find_or_create_teacher(
        author=author,
        teacher=teacher,
        trn=trn,
        trs_first_name=trs_first_name,
        trs_last_name=trs_last_name,
        corrected_name=corrected_name,
        trs_induction_status=trs_induction_status,
        trs_qts_awarded_on=trs_qts_awarded_on,
    )
    _remember_choices(
        school=school,
        appropriate_body=appropriate_body,
        training_programme=training_programme,
        lead_provider=lead_provider,
    )
    # §6.2 reads the previous training before step 4 can cut it short (or remove one not yet started).
    previous_training = previous_ect_training_period(teacher=teacher)
    _close_previous_ect_period(author=author, teacher=teacher, started_on=started_on)  # BR-ECT-19
    period = _create_ect_period(
        teacher=teacher,
        school=school,
        started_on=started_on,
        email=email,
        working_pattern=working_pattern,
        appropriate_body=appropriate_body,
    )
    training = _start_first_training(
        author=author,
        period=period,
        training_programme=training_programme,
        lead_provider=lead_provider,
        reusable_school_partnership=reusable_school_partnership,
        previous=previous_training,
    )
    set_ect_funding_eligibility(author=author, teacher=teacher)  # BR-ECT-34
    record.teacher_registered_as_ect(author=author, period=period, training_period=training)

    confirmation = ect_confirmation_email(period=period, training_period=training)  # BR-ECT-36
    if confirmation is not None:
        send_ect_confirmation_email(confirmation)  # Notify renders now and delivers after commit
    return period


def _stored_status(teacher: Teacher | None) -> str | None:
    return teacher.trs_induction_status if teacher is not None else None


# Answers the period itself must satisfy (BR-ECT-20 … 23) ------------------------------------------------


def _check_period_answers(
    *, school: School, email: str | None, working_pattern: str | None, appropriate_body: AppropriateBodyPeriod | None
) -> None:
    if email and not is_valid_email(email):
        raise DomainError("email", messages.EMAIL_INVALID)
    if working_pattern is not None and working_pattern not in WorkingPattern.values:
        raise DomainError("working_pattern", messages.WORKING_PATTERN_INVALID.format(value=working_pattern))
    check_reported_appropriate_body(school=school, appropriate_body=appropriate_body)


def check_reported_appropriate_body(*, school: School, appropriate_body: AppropriateBodyPeriod | None) -> None:
    """BR-ECT-20 … BR-ECT-23: required, active, and of a type the school may choose."""
    field = "school_reported_appropriate_body_id"
    if appropriate_body is None:
        raise DomainError(field, messages.REPORTED_APPROPRIATE_BODY_REQUIRED)
    if not appropriate_body.is_active:
        raise DomainError(field, messages.REPORTED_APPROPRIATE_BODY_MUST_BE_ACTIVE)
    if is_independent(school):
        if appropriate_body.body_type not in (AppropriateBodyType.NATIONAL, AppropriateBodyType.TEACHING_SCHOOL_HUB):
            raise DomainError(field, messages.REPORTED_APPROPRIATE_BODY_NATIONAL_OR_TSH)
    elif appropriate_body.body_type != AppropriateBodyType.TEACHING_SCHOOL_HUB:
        raise DomainError(field, messages.REPORTED_APPROPRIATE_BODY_TSH)


# Steps -----------------------------------------------------------------------------------------------


def _find_or_create_teacher(
    *,
    author: Author,
    teacher: Teacher | None,
    trn: str,
    trs_first_name: str | None,
    trs_last_name: str | None,
    corrected_name: str | None,
    trs_induction_status: str | None,
    trs_qts_awarded_on: dt.date | None,
) -> Teacher:
    """Step 1. An existing teacher's TRS names are left alone, but a corrected name is applied to them too (Q8)."""
    corrected_name = squish(corrected_name)
    if teacher is None:
        teacher = _create_teacher(
            trn=trn,
            trs_first_name=squish(trs_first_name),
            trs_last_name=squish(trs_last_name),
            corrected_name=corrected_name,
            trs_induction_status=trs_induction_status,
            trs_qts_awarded_on=trs_qts_awarded_on,
        )
        if corrected_name:
            trs_name = Teacher(trs_first_name=teacher.trs_first_name, trs_last_name=teacher.trs_last_name).full_name
            record.teacher_name_updated_by_user(
                author=author, teacher=teacher, old_name=trs_name, new_name=corrected_name
            )
        return teacher
    if corrected_name and corrected_name != teacher.full_name:
        old_name = teacher.full_name
        apply_teacher_changes(teacher, corrected_name=corrected_name)
        record.teacher_name_updated_by_user(author=author, teacher=teacher, old_name=old_name, new_name=corrected_name)
    return teacher


def _create_teacher(**values) -> Teacher:
    """A racing registration of the same TRN loses on the unique TRN; it then uses the winner's teacher."""
    try:
        with transaction.atomic():
            return Teacher.objects.create(**values)
    except IntegrityError:
        existing = Teacher.objects.select_for_update().filter(trn=values["trn"]).first()
        if existing is None:
            raise
        return existing


def _remember_choices(
    *,
    school: School,
    appropriate_body: AppropriateBodyPeriod,
    training_programme: str,
    lead_provider: LeadProvider | None,
) -> None:
    """Step 3: the defaults offered at the school's next registration (§6.10)."""
    apply_changes(
        school,
        last_chosen_appropriate_body=appropriate_body,
        last_chosen_training_programme=training_programme,
        last_chosen_lead_provider=lead_provider if training_programme == TrainingProgramme.PROVIDER_LED else None,
    )


def previous_ect_period_to_close(*, teacher: Teacher, started_on: dt.date) -> ECTAtSchoolPeriod | None:
    """Step 4: among the ECT periods starting on or before the new start, the ongoing one, else one finishing on
    or after the new start."""
    candidates = ECTAtSchoolPeriod.objects.filter(teacher=teacher, started_on__lte=started_on)
    ongoing = candidates.ongoing().latest_first().first()
    if ongoing is not None:
        return ongoing
    return candidates.filter(finished_on__gte=started_on).latest_first().first()


def _close_previous_ect_period(*, author: Author, teacher: Teacher, started_on: dt.date) -> None:
    """BR-ECT-19: finish it on the day before the new start with the §7.1.5 cascade (no reporting school)."""
    previous = previous_ect_period_to_close(teacher=teacher, started_on=started_on)
    if previous is None:
        return
    from teachers.services.leaving import finish_ect_at_school_period

    finish_ect_at_school_period(author=author, period=previous, finished_on=started_on - dt.timedelta(days=1))


def _create_ect_period(
    *,
    teacher: Teacher,
    school: School,
    started_on: dt.date,
    email: str | None,
    working_pattern: str | None,
    appropriate_body: AppropriateBodyPeriod,
) -> ECTAtSchoolPeriod:
    """Step 5, with BR-ECT-24's rules checked first for their wording and the constraints as the backstop."""
    check_no_overlap(
        siblings=ECTAtSchoolPeriod.objects.filter(teacher=teacher),
        started_on=started_on,
        finished_on=None,
        name=ECT_OVERLAP_NAME,
    )
    try:
        with transaction.atomic():
            period = ECTAtSchoolPeriod.objects.create(
                teacher=teacher,
                school=school,
                started_on=started_on,
                email=email,
                working_pattern=working_pattern,
                school_reported_appropriate_body=appropriate_body,
            )
    except IntegrityError as exc:
        error = ect_period_constraint_error(exc)
        if error is None:
            raise
        raise error from exc
    touch_teacher_api_timestamps(teacher)
    return period


def ect_period_constraint_error(exc: IntegrityError) -> DomainError | None:
    """Map the ECT-at-school constraints back to the §3.1.7 overlap messages."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""
    if name in (
        "ect_at_school_periods_no_overlap",
        "ect_at_school_periods_unique_teacher_started_on",
        "ect_at_school_periods_unique_school_teacher_started_on",
    ):
        return DomainError("started_on", f"Start date cannot overlap another {ECT_OVERLAP_NAME} period")
    if name == "ect_at_school_periods_one_ongoing_per_teacher":
        return DomainError("finished_on", f"End date cannot overlap another {ECT_OVERLAP_NAME} period")
    return None


def _start_first_training(
    *,
    author: Author,
    period: ECTAtSchoolPeriod,
    training_programme: str,
    lead_provider: LeadProvider | None,
    reusable_school_partnership: SchoolPartnership | None,
    previous: TrainingPeriod | None,
) -> TrainingPeriod:
    """Step 6 (BR-ECT-28, BR-ECT-29, BR-CP-13, BR-CP-14); `previous` is the §6.2 previous training period."""
    reassigned = requires_reassignment(previous)
    if reassigned:
        successor = successor_contract_period()
        training_started_on = max(period.started_on, successor.started_on)
    else:
        training_started_on = max(period.started_on, clock.today())

    if training_programme == TrainingProgramme.SCHOOL_LED:
        return start_training(
            author=author,
            at_school_period=period,
            started_on=training_started_on,
            training_programme=TrainingProgramme.SCHOOL_LED,
        )

    contract_period = contract_period_for_ect_registration(
        started_on=period.started_on, previous_training_period=previous
    )
    schedule = None
    if reassigned:
        schedule = contract_period.schedules.filter(identifier=ScheduleIdentifier.EXTENDED_SEPTEMBER).first()
    elif previous is not None and preserved_contract_period(previous, started_on=period.started_on) == contract_period:
        schedule = previous.schedule
    partnership = earliest_school_partnership(
        school_id=period.school_id, lead_provider=lead_provider, contract_period=contract_period
    ) or _reuse_partnership(
        author=author,
        school=period.school,
        reusable=reusable_school_partnership,
        lead_provider=lead_provider,
        contract_period=contract_period,
    )
    return start_training(
        author=author,
        at_school_period=period,
        started_on=training_started_on,
        training_programme=TrainingProgramme.PROVIDER_LED,
        lead_provider=lead_provider,
        school_partnership=partnership,
        contract_period=contract_period,
        schedule=schedule,
    )


def _reuse_partnership(
    *, author: Author, school: School, reusable: SchoolPartnership | None, lead_provider: LeadProvider, contract_period
) -> SchoolPartnership | None:
    """§6.10: a reusable partnership from an earlier year is re-created for the registration period with the same
    lead provider and delivery partner, when that pairing exists there (event `school_partnership_reused`)."""
    if reusable is None or reusable.school_id != school.pk or reusable.lead_provider.pk != lead_provider.pk:
        return None
    if reusable.contract_period.year == contract_period.year:
        return reusable
    pairing = LeadProviderDeliveryPartnership.objects.filter(
        Q(active_lead_provider__lead_provider=lead_provider)
        & Q(active_lead_provider__contract_period=contract_period)
        & Q(delivery_partner_id=reusable.lead_provider_delivery_partnership.delivery_partner_id)
    ).first()
    if pairing is None:
        return None
    partnership, created = SchoolPartnership.objects.get_or_create(
        school=school, lead_provider_delivery_partnership=pairing
    )
    if created:
        record.school_partnership_reused(
            author=author, school_partnership=partnership, previous_school_partnership=reusable
        )
    return partnership


# Step 9 — after commit -------------------------------------------------------------------------------


def send_ect_confirmation_email(email: ECTConfirmationEmail) -> None:
    """BR-ECT-36: the provider-led or school-led confirmation (journeys.md §7.1 emails #1 and #2)."""
    from integrations.notify import emails

    emails.ect_registered(
        to=email.to,
        name=email.ect_name,
        school_name=email.school_name,
        provider_led=email.template == TrainingProgramme.PROVIDER_LED,
        reference=f"ect-at-school-period-{email.ect_at_school_period_id}" if email.ect_at_school_period_id else None,
    )
