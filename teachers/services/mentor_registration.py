"""Registering a mentor at a school (domain.md §7.2.1, §7.2.2; BR-M-06, BR-M-09 … 13).

A mentor is always registered for an ECT who needs one, so the transaction ends by assigning the new mentor
(§7.2.4). A teacher already mentoring at this school is not registered again, only assigned (BR-M-06).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from core import clock
from core.errors import BASE, DomainError
from core.periods import check_no_overlap
from core.services import service
from events.authors import Author
from events.record import mentoring as record
from providers.models import ActiveLeadProvider, ContractPeriod, LeadProvider
from providers.selectors.contract_periods import contract_period_for_registration_start_date
from schools.models import School, TrainingProgramme
from teachers.messages import mentoring as messages
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, TrainingPeriod, TrainingRole
from teachers.selectors.mentors import (
    current_or_next_training_period,
    is_mentor_eligible_for_funding,
    mentor_at_school_now,
    mentor_periods_elsewhere,
    training_lead_provider,
)
from teachers.services.funding import set_mentor_funding_eligibility
from teachers.services.identity import apply_teacher_changes, normalise_trn, squish, touch_teacher_api_timestamps
from teachers.services.leaving import finish_mentor_periods_elsewhere
from teachers.services.mentoring import assign_mentor
from teachers.services.training import preserved_contract_period, start_training
from teachers.validation.mentor_registration import (
    check_email_not_in_use,
    check_not_mentoring_themself,
    validate_mentor_email,
    validate_mentor_start_date,
    validate_mentoring_at_your_school_only,
)


@service
def register_mentor(
    *,
    author: Author,
    school: School,
    trn: str,
    trs_first_name: str | None,
    trs_last_name: str | None,
    corrected_name: str | None = None,
    email: str | None,
    started_on: dt.date | None = None,
    mentoring_at_your_school_only: bool | None = None,
    lead_provider=None,
    ect_at_school_period: ECTAtSchoolPeriod | None = None,
) -> MentorAtSchoolPeriod:
    """§7.2.2, then assign the mentor to the ECT (§7.2.4).

    `started_on` is used only when the journey asks for it (the mentor was registered before, §7.2.1 step 6);
    a never-registered mentor, and one who keeps mentoring at another school, starts today. `lead_provider` is
    the provider the school chose for funded mentor training (the ECT's, unless it picked another); None when
    the ECT is school-led."""
    trn = normalise_trn(trn)
    check_not_mentoring_themself(mentor_trn=trn, ect_at_school_period=ect_at_school_period)
    teacher = Teacher.objects.filter(trn=trn).first()

    existing = mentor_at_school_now(teacher=teacher, school=school) if teacher else None
    if existing is not None:  # BR-M-06: already mentoring here, so only assign
        if ect_at_school_period is None:
            raise DomainError(BASE, messages.ALREADY_ACTIVE_AT_SCHOOL)
        assign_mentor(
            author=author,
            ect_at_school_period=ect_at_school_period,
            mentor_at_school_period=existing,
            lead_provider=lead_provider,
        )
        return existing

    email = validate_mentor_email(email)
    check_email_not_in_use(email=email, trn=trn)
    started_on, staying_elsewhere, transferring = _start_date(
        teacher=teacher,
        school=school,
        started_on=started_on,
        mentoring_at_your_school_only=mentoring_at_your_school_only,
        name=squish(corrected_name) or _trs_name(trs_first_name, trs_last_name),
    )
    _check_contract_period_open(started_on)

    teacher = _find_or_create_teacher(
        author=author,
        teacher=teacher,
        trn=trn,
        trs_first_name=trs_first_name,
        trs_last_name=trs_last_name,
        corrected_name=corrected_name,
    )
    if transferring:  # BR-M-11
        finish_mentor_periods_elsewhere(author=author, teacher=teacher, new_started_on=started_on, school=school)

    period = _create_mentor_period(teacher=teacher, school=school, started_on=started_on, email=email)

    training = None
    eligible = is_mentor_eligible_for_funding(teacher)
    if lead_provider is not None and eligible and not staying_elsewhere:  # BR-M-09, BR-M-10
        training = _start_mentor_training(
            author=author, period=period, lead_provider=lead_provider, mentee=ect_at_school_period
        )
    set_mentor_funding_eligibility(author=author, teacher=teacher)

    record.teacher_registered_as_mentor(
        author=author, period=period, training_period=training, lead_provider=lead_provider
    )

    if ect_at_school_period is not None:
        assign_mentor(
            author=author,
            ect_at_school_period=ect_at_school_period,
            mentor_at_school_period=period,
            mentor_is_transferring=transferring,
            with_mentor_training=False,
        )
    return period


# Steps -----------------------------------------------------------------------------------------------


def _trs_name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (squish(first), squish(last)) if p and p != ".") or "Unknown"


def _start_date(
    *,
    teacher: Teacher | None,
    school: School,
    started_on: dt.date | None,
    mentoring_at_your_school_only: bool | None,
    name: str,
) -> tuple[dt.date, bool, bool]:
    """§7.2.1 step 6. Returns the start date, whether the mentor keeps mentoring at another school, and whether
    they are moving here to mentor at this school only ("transferring", §7.2.4)."""
    today = clock.today()
    if teacher is None or not MentorAtSchoolPeriod.objects.filter(teacher=teacher).exists():
        return today, False, False  # BR-M-13: never a mentor → starts today
    elsewhere = mentor_periods_elsewhere(teacher=teacher, school=school, started_on=started_on or today).first()
    if elsewhere is not None:
        if not validate_mentoring_at_your_school_only(mentoring_at_your_school_only):
            return today, True, False  # BR-M-10: keeps the other school(s); starts today, no training here
    validate_mentor_start_date(started_on=started_on, teacher_name=name, period_elsewhere=elsewhere)
    return started_on, False, elsewhere is not None


def _check_contract_period_open(started_on: dt.date) -> None:
    """§7.2.1 step 7: a future start needs its contract period to exist and be enabled."""
    if started_on <= clock.today():
        return
    period = ContractPeriod.objects.containing(started_on).first()
    if period is None or not period.enabled:
        raise DomainError("started_on", messages.CANNOT_REGISTER_MENTOR_YET)


def _find_or_create_teacher(
    *,
    author: Author,
    teacher: Teacher | None,
    trn: str,
    trs_first_name: str | None,
    trs_last_name: str | None,
    corrected_name: str | None,
) -> Teacher:
    """§7.2.2 step 1. A corrected name is applied to an existing teacher too (Q8), with a name event."""
    corrected_name = squish(corrected_name)
    if teacher is None:
        teacher = Teacher.objects.create(
            trn=trn,
            trs_first_name=squish(trs_first_name),
            trs_last_name=squish(trs_last_name),
            corrected_name=corrected_name,
        )
        if corrected_name:
            record.teacher_name_updated_by_user(
                author=author,
                teacher=teacher,
                old_name=_trs_name(trs_first_name, trs_last_name),
                new_name=corrected_name,
            )
        return teacher
    if corrected_name and corrected_name != teacher.full_name:
        old_name = teacher.full_name
        apply_teacher_changes(teacher, corrected_name=corrected_name)
        record.teacher_name_updated_by_user(author=author, teacher=teacher, old_name=old_name, new_name=corrected_name)
    return teacher


def _create_mentor_period(*, teacher: Teacher, school: School, started_on: dt.date, email: str) -> MentorAtSchoolPeriod:
    """§7.2.2 step 3, with BR-M-12's overlap rule checked first and the constraints as backstop."""
    check_no_overlap(
        siblings=MentorAtSchoolPeriod.objects.filter(teacher=teacher, school=school),
        started_on=started_on,
        finished_on=None,
        name=MentorAtSchoolPeriod.overlap_name,
    )
    try:
        with transaction.atomic():
            period = MentorAtSchoolPeriod.objects.create(
                teacher=teacher, school=school, started_on=started_on, email=email
            )
    except IntegrityError as exc:
        constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""
        if constraint.startswith("mentor_at_school_periods"):
            raise DomainError(
                "started_on", f"Start date cannot overlap another {MentorAtSchoolPeriod.overlap_name} period"
            ) from exc
        raise
    touch_teacher_api_timestamps(teacher, unfunded_mentor=True)
    return period


def _start_mentor_training(
    *, author: Author, period: MentorAtSchoolPeriod, lead_provider, mentee: ECTAtSchoolPeriod | None
) -> TrainingPeriod:
    """§7.2.2 step 4: provider-led from the mentor's start, in the contract period of §6.2 (mentor variant)."""
    return start_training(
        author=author,
        at_school_period=period,
        started_on=period.started_on,
        training_programme=TrainingProgramme.PROVIDER_LED,
        lead_provider=lead_provider,
        contract_period=mentor_registration_contract_period(teacher=period.teacher, started_on=period.started_on),
        mentee=mentee,
    )


def mentor_registration_contract_period(*, teacher: Teacher, started_on: dt.date) -> ContractPeriod:
    """§6.2 steps 2–3 for mentors (no reassignment): keep the latest mentor training's contract period while it
    is not payments-frozen, else the registration period for the start date (§6.1)."""
    previous = TrainingPeriod.objects.filter(teacher=teacher, role=TrainingRole.MENTOR).latest_first().first()
    preserved = preserved_contract_period(previous, started_on=started_on)
    if preserved is not None:
        return preserved
    for_start = contract_period_for_registration_start_date(started_on)
    if for_start is None:
        raise DomainError("started_on", messages.NO_CONTRACT_PERIOD.format(started_on=started_on.isoformat()))
    return for_start


# §7.2.1 step 5: what the journey offers about funded mentor training ----------------------------------


@dataclass(frozen=True)
class MentorTrainingOffer:
    """Whether the new mentor can receive funded training, the lead provider details would go to (the ECT's),
    and whether the school must pick one because the ECT's is not active in the relevant contract period."""

    eligible: bool
    lead_provider: LeadProvider | None = None
    must_choose_lead_provider: bool = False


def mentor_training_offer(
    *, ect_at_school_period: ECTAtSchoolPeriod, trn: str, started_on: dt.date | None = None
) -> MentorTrainingOffer:
    """§7.2.1 step 5: offered when the ECT is provider-led and the mentor is eligible for funding (§6.5)."""
    teacher = Teacher.objects.filter(trn=normalise_trn(trn)).first()
    ect_training = current_or_next_training_period(ect_at_school_period)
    if ect_training is None or not ect_training.is_provider_led or not is_mentor_eligible_for_funding(teacher):
        return MentorTrainingOffer(eligible=False)
    lead_provider = training_lead_provider(ect_training)
    started_on = started_on or clock.today()
    if teacher is not None:
        contract_period = mentor_registration_contract_period(teacher=teacher, started_on=started_on)
    else:
        contract_period = contract_period_for_registration_start_date(started_on)
    active = (
        lead_provider is not None
        and contract_period is not None
        and ActiveLeadProvider.objects.filter(lead_provider=lead_provider, contract_period=contract_period).exists()
    )
    return MentorTrainingOffer(eligible=True, lead_provider=lead_provider, must_choose_lead_provider=not active)
