"""Reads for the ECT registration journey: reusing a school's previous choices (§6.10, BR-ECT-35), the lead
providers a school may choose (BR-ECT-17) and the confirmation email a registration sends (BR-ECT-36)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from appropriate_bodies.models import AppropriateBodyPeriod
from providers.models import ActiveLeadProvider, ContractPeriod, LeadProvider, SchoolPartnership
from schools.models import School, TrainingProgramme
from teachers.models import ECTAtSchoolPeriod, TrainingPeriod
from teachers.services.training import contract_period_of, requires_reassignment

# §6.10 — reusing the school's previous choices ----------------------------------------------------------------


def lead_providers_for_registration(contract_period: ContractPeriod | None) -> QuerySet[LeadProvider]:
    """BR-ECT-17: only lead providers active in the registration contract period are offered."""
    if contract_period is None:
        return LeadProvider.objects.none()
    return LeadProvider.objects.filter(active_lead_providers__contract_period=contract_period).order_by("name")


def _active(lead_provider: LeadProvider, contract_period: ContractPeriod) -> ActiveLeadProvider | None:
    return ActiveLeadProvider.objects.filter(lead_provider=lead_provider, contract_period=contract_period).first()


def _previous_in_frozen_period(previous_training_period: TrainingPeriod | None) -> bool:
    if previous_training_period is None or not previous_training_period.is_provider_led:
        return False
    contract_period = contract_period_of(previous_training_period)
    return contract_period is not None and contract_period.is_payments_frozen


def reusable_school_partnership(
    *,
    school: School,
    lead_provider: LeadProvider | None,
    contract_period: ContractPeriod | None,
    previous_training_period: TrainingPeriod | None = None,
) -> SchoolPartnership | None:
    """§6.10: a partnership of the school with the lead provider whose delivery partner also works with that
    provider in the registration period R; the latest-created one in R, else the one from the most recent year
    (only one in R qualifies after a payments-frozen previous training period)."""
    if lead_provider is None or contract_period is None:
        return None
    active = _active(lead_provider, contract_period)
    if active is None:
        return None
    partners_in_r = active.delivery_partnerships.values("delivery_partner_id")
    candidates = SchoolPartnership.objects.filter(
        school=school,
        lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
        lead_provider_delivery_partnership__delivery_partner_id__in=partners_in_r,
    )
    in_r = (
        candidates.filter(lead_provider_delivery_partnership__active_lead_provider__contract_period=contract_period)
        .order_by("-created_at", "-pk")
        .first()
    )
    if in_r is not None or _previous_in_frozen_period(previous_training_period):
        return in_r
    return candidates.order_by(
        "-lead_provider_delivery_partnership__active_lead_provider__contract_period", "-created_at", "-pk"
    ).first()


def reusable_expression_of_interest(
    *,
    school: School,
    lead_provider: LeadProvider | None,
    contract_period: ContractPeriod | None,
    previous_training_period: TrainingPeriod | None = None,
) -> TrainingPeriod | None:
    """§6.10: the most recent provider-led EOI training period at the school with the lead provider that started
    by the end of R (after a payments-frozen reassignment: the previous training's EOI, or one in R); the provider
    must be active in R."""
    if lead_provider is None or contract_period is None or _active(lead_provider, contract_period) is None:
        return None
    at_school = TrainingPeriod.objects.filter(
        Q(ect_at_school_period__school=school) | Q(mentor_at_school_period__school=school),
        training_programme=TrainingProgramme.PROVIDER_LED,
        expression_of_interest__lead_provider=lead_provider,
    )
    if requires_reassignment(previous_training_period):
        previous = previous_training_period
        if previous.expression_of_interest_id is not None and previous.expression_of_interest.lead_provider_id == (
            lead_provider.pk
        ):
            return previous
        return at_school.filter(expression_of_interest__contract_period=contract_period).latest_first().first()
    if contract_period.finished_on is not None:
        at_school = at_school.filter(started_on__lte=contract_period.finished_on)
    return at_school.latest_first().first()


@dataclass(frozen=True)
class PreviousChoices:
    """The school's last choices and whether the journey may offer to reuse them (BR-ECT-35)."""

    appropriate_body: AppropriateBodyPeriod | None
    training_programme: str | None
    lead_provider: LeadProvider | None
    school_partnership: SchoolPartnership | None = None
    expression_of_interest: TrainingPeriod | None = None
    offered: bool = False


def previous_choices(
    *, school: School, contract_period: ContractPeriod | None, previous_training_period: TrainingPeriod | None = None
) -> PreviousChoices:
    """§6.10: reuse is offered for school-led with an active last AB, or provider-led with a last lead provider,
    an active last AB and a reusable partnership or expression of interest."""
    body = school.last_chosen_appropriate_body
    programme = school.last_chosen_training_programme
    lead_provider = school.last_chosen_lead_provider
    body_active = body is not None and body.is_active
    if programme == TrainingProgramme.SCHOOL_LED:
        return PreviousChoices(body, programme, None, offered=body_active)
    if programme != TrainingProgramme.PROVIDER_LED or lead_provider is None or not body_active:
        return PreviousChoices(body, programme, lead_provider)
    partnership = reusable_school_partnership(
        school=school,
        lead_provider=lead_provider,
        contract_period=contract_period,
        previous_training_period=previous_training_period,
    )
    eoi = reusable_expression_of_interest(
        school=school,
        lead_provider=lead_provider,
        contract_period=contract_period,
        previous_training_period=previous_training_period,
    )
    return PreviousChoices(
        body, programme, lead_provider, partnership, eoi, offered=partnership is not None or eoi is not None
    )


# BR-ECT-36 — the confirmation email ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ECTConfirmationEmail:
    to: str
    template: str  # "provider_led" or "school_led"
    ect_name: str
    school_name: str
    ect_at_school_period_id: int | None = None  # the registration, named in Notify's reference and our logs


def ect_confirmation_email(
    *, period: ECTAtSchoolPeriod, training_period: TrainingPeriod | None
) -> ECTConfirmationEmail | None:
    """§7.1.2 step 9: the ECT is emailed a provider-led or school-led confirmation, only when an email was given."""
    if not period.email:
        return None
    provider_led = training_period is not None and training_period.is_provider_led
    return ECTConfirmationEmail(
        to=period.email,
        template=TrainingProgramme.PROVIDER_LED if provider_led else TrainingProgramme.SCHOOL_LED,
        ect_name=period.teacher.full_name,
        school_name=period.school.name,
        ect_at_school_period_id=period.pk,
    )
