"""Training status, participant status, funding eligibility and school transfers as a lead provider sees them
(domain.md §6.4, §6.5, §6.6, §6.11; lead-provider-api.md §10.2, §11.2.3 – §11.2.5, §11.7.4).

Pure reads: each answer that depends on the day takes `on` (today when omitted)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from core import clock
from providers.models import LeadProvider
from schools.models import TrainingProgramme
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionPeriod,
    MentorAtSchoolPeriod,
    Teacher,
    TrainingPeriod,
    TrainingRole,
)

TrainingStatus = Literal["active", "deferred", "withdrawn"]
ParticipantStatus = Literal["joining", "active", "leaving", "left"]

ACTIVE, DEFERRED, WITHDRAWN = "active", "deferred", "withdrawn"
JOINING, LEAVING, LEFT = "joining", "leaving", "left"


# BR-TP-18 ----------------------------------------------------------------------------------------------------


def training_status(period: TrainingPeriod) -> TrainingStatus:
    """BR-TP-18: school-led is always active; otherwise the later of withdrawal and deferral wins."""
    if period.training_programme == TrainingProgramme.SCHOOL_LED:
        return ACTIVE
    withdrawn_at, deferred_at = period.withdrawn_at, period.deferred_at
    if withdrawn_at is None and deferred_at is None:
        return ACTIVE
    if deferred_at is None:
        return WITHDRAWN
    if withdrawn_at is None:
        return DEFERRED
    return WITHDRAWN if withdrawn_at > deferred_at else DEFERRED


# Induction and completion (§6.5, §6.6) ---------------------------------------------------------------------


def induction_end_date(teacher: Teacher) -> dt.date | None:
    """§6.6: the end of the latest finished induction period with an outcome, else TRS's completion date."""
    finished = (
        InductionPeriod.objects.filter(teacher=teacher, outcome__isnull=False, finished_on__isnull=False)
        .order_by("-started_on", "-pk")
        .values_list("finished_on", flat=True)
        .first()
    )
    return finished or teacher.trs_induction_completed_date


def has_completed_training(teacher: Teacher, role: str) -> bool:
    """§6.5 "teacher completed training": an ECT has a finished induction period with an outcome; a mentor has a
    mentor-ineligible-for-funding date."""
    if role == TrainingRole.ECT:
        return InductionPeriod.objects.filter(
            teacher=teacher, outcome__isnull=False, finished_on__isnull=False
        ).exists()
    return teacher.mentor_became_ineligible_for_funding_on is not None


def eligible_for_funding(teacher: Teacher, role: str) -> bool | None:
    """§6.5 API `eligible_for_funding`: null when neither date is known; true iff the first-eligible date exists and
    is not after the ineligible date."""
    if role == TrainingRole.ECT:
        became_eligible_at = teacher.ect_first_became_eligible_for_training_at
        ineligible_on = teacher.ect_became_ineligible_for_funding_on
    else:
        became_eligible_at = teacher.mentor_first_became_eligible_for_training_at
        ineligible_on = teacher.mentor_became_ineligible_for_funding_on
    if became_eligible_at is None:
        return None if ineligible_on is None else False
    if ineligible_on is None:
        return True
    return became_eligible_at.astimezone(clock.LONDON).date() <= ineligible_on


def training_period_eligible_for_funding(period: TrainingPeriod) -> bool:
    """§6.5: the teacher's first-eligible timestamp for the period's role is set."""
    teacher = period.teacher
    if period.role == TrainingRole.ECT:
        return teacher.ect_first_became_eligible_for_training_at is not None
    return teacher.mentor_first_became_eligible_for_training_at is not None


# Participant status (§6.4) ---------------------------------------------------------------------------------


def lead_provider_of(period: TrainingPeriod | None) -> LeadProvider | None:
    """The lead provider of a confirmed period (through its school partnership); None for school-led or EOI-only."""
    if period is None or period.school_partnership_id is None:
        return None
    return period.school_partnership.lead_provider_delivery_partnership.active_lead_provider.lead_provider


def latest_training_period(*, teacher: Teacher, lead_provider: LeadProvider, role: str) -> TrainingPeriod | None:
    """lead-provider-api.md §10.2: the teacher's latest-starting period in the role whose school partnership belongs
    to the lead provider (future, finished, withdrawn and deferred included; EOI-only periods do not count)."""
    return (
        TrainingPeriod.objects.filter(
            teacher=teacher,
            role=role,
            school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
        )
        .select_related("teacher")
        .latest_first()
        .first()
    )


def training_period_participant_status(period: TrainingPeriod, *, on: dt.date | None = None) -> ParticipantStatus:
    """§6.4 participant status of one training period; first match wins."""
    on = on or clock.today()
    finished_on = period.finished_on
    if period.withdrawn_at is not None or period.deferred_at is not None:
        return LEAVING if finished_on is not None and finished_on > on else LEFT
    teacher = period.teacher
    if period.role == TrainingRole.ECT:
        completed_on = induction_end_date(teacher)
        if completed_on is not None and (finished_on is None or completed_on <= finished_on):
            return ACTIVE
    else:
        completed_on = teacher.mentor_became_ineligible_for_funding_on
        if completed_on is not None and (finished_on is None or completed_on <= finished_on):
            return ACTIVE
    if finished_on is not None:
        return LEAVING if finished_on > on else LEFT
    if period.started_on > on:
        return JOINING
    return ACTIVE


def participant_status(
    *, teacher: Teacher, lead_provider: LeadProvider, role: str, on: dt.date | None = None
) -> ParticipantStatus | None:
    """§6.4: the status of the teacher's latest training period with the lead provider (None if it has none)."""
    period = latest_training_period(teacher=teacher, lead_provider=lead_provider, role=role)
    return None if period is None else training_period_participant_status(period, on=on)


# School transfers (§6.11) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolTransfer:
    """One move between at-school periods, as a lead provider sees it."""

    role: str
    leaving_period: ECTAtSchoolPeriod | MentorAtSchoolPeriod
    leaving_training_period: TrainingPeriod
    joining_period: ECTAtSchoolPeriod | MentorAtSchoolPeriod | None
    joining_training_period: TrainingPeriod | None
    transfer_type: Literal["new_provider", "new_school", "unknown"]
    status: Literal["complete", "incomplete"]

    @property
    def leaving_lead_provider(self) -> LeadProvider | None:
        return lead_provider_of(self.leaving_training_period)

    @property
    def joining_lead_provider(self) -> LeadProvider | None:
        return lead_provider_of(self.joining_training_period)


def school_transfers(
    *, teacher: Teacher, lead_provider: LeadProvider, on: dt.date | None = None
) -> list[SchoolTransfer]:
    """§6.11 / lead-provider-api.md §11.7.4: each finished at-school period followed by one at another school (or
    by none, unless induction is complete) is a transfer for the lead provider of either side's training."""
    on = on or clock.today()
    completed_induction = induction_end_date(teacher) is not None
    transfers: list[SchoolTransfer] = []
    for role, model in ((TrainingRole.ECT, ECTAtSchoolPeriod), (TrainingRole.MENTOR, MentorAtSchoolPeriod)):
        periods = list(
            model.objects.filter(teacher=teacher)
            .select_related("school__gias_school")
            .prefetch_related(
                "training_periods__school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider"
            )
            .earliest_first()
        )
        for index, leaving in enumerate(periods):
            joining = periods[index + 1] if index + 1 < len(periods) else None
            transfer = _transfer(role, leaving, joining, completed_induction=completed_induction, on=on)
            if transfer is not None and lead_provider.pk in {
                getattr(transfer.leaving_lead_provider, "pk", None),
                getattr(transfer.joining_lead_provider, "pk", None),
            }:
                transfers.append(transfer)
    return sorted(transfers, key=lambda t: (t.leaving_training_period.started_on, t.leaving_training_period.pk))


def _transfer(role, leaving, joining, *, completed_induction: bool, on: dt.date) -> SchoolTransfer | None:
    if leaving.finished_on is None:
        return None
    leaving_training = _latest(leaving.training_periods.all())
    if leaving_training is None or leaving_training.finished_on is None:
        return None
    if joining is not None and joining.school_id == leaving.school_id:
        return None
    if joining is None and completed_induction:
        return None
    joining_training = _earliest(joining.training_periods.all()) if joining is not None else None
    if joining_training is None:
        transfer_type = "unknown"
    elif _lead_provider_id(joining_training) != _lead_provider_id(leaving_training) or (
        _lead_provider_id(joining_training) is None
    ):
        transfer_type = "new_provider"
    else:
        transfer_type = "new_school"
    incomplete = leaving_training.finished_on > on or (
        joining_training is not None and joining_training.started_on > on
    )
    return SchoolTransfer(
        role=role,
        leaving_period=leaving,
        leaving_training_period=leaving_training,
        joining_period=joining,
        joining_training_period=joining_training,
        transfer_type=transfer_type,
        status="incomplete" if incomplete else "complete",
    )


def _lead_provider_id(period: TrainingPeriod) -> int | None:
    provider = lead_provider_of(period)
    return provider.pk if provider else None


def _latest(periods) -> TrainingPeriod | None:
    return max(periods, key=lambda p: (p.started_on, p.pk), default=None)


def _earliest(periods) -> TrainingPeriod | None:
    return min(periods, key=lambda p: (p.started_on, p.pk), default=None)
