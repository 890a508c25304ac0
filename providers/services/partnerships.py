"""School partnerships as the lead-provider API creates and corrects them (domain.md §5.10.6, §7.4.2; BR-LP-06 …
BR-LP-14; lead-provider-api.md §11.12.4–5).

Creation checks every rule in the API's order and reports all failures at once, with the provider-facing wording
and the API's field names (`cohort`, `school_id`, `delivery_partner_id`); rules marked † in the API spec are
skipped once the same field already has an error. A new partnership confirms every matching expression of interest
at the school (BR-LP-13). A correction changes only the delivery partner (BR-LP-14).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction

from core import clock
from core.errors import BASE, DomainError, ErrorCollector
from core.services import service
from declarations.models import Declaration
from events.authors import Author
from events.record import providers as record
from providers import messages
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    SchoolPartnership,
)
from schools.models import School, TrainingProgramme
from schools.selectors import induction_programme_choice, school_is_eligible
from schools.services import notifications as school_notifications
from schools.services.api_metadata import refresh_school_api_metadata
from teachers.models import Teacher, TrainingPeriod
from teachers.services.training_changes import confirm_expressions_of_interest

COHORT, SCHOOL_ID, DELIVERY_PARTNER_ID = "cohort", "school_id", "delivery_partner_id"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _contract_period(cohort: Any) -> ContractPeriod | None:
    """`cohort` may be a number or a string of digits."""
    if isinstance(cohort, bool):
        return None
    if isinstance(cohort, int):
        year = cohort
    elif isinstance(cohort, str) and cohort.strip().isdigit():
        year = int(cohort.strip())
    else:
        return None
    return ContractPeriod.objects.filter(year=year).first()


def _by_api_id(model, api_id: Any):
    try:
        return model.objects.filter(api_id=uuid.UUID(str(api_id))).first()
    except ValueError:
        return None


def school_partnerships_of(*, lead_provider: LeadProvider, school: School, contract_period: ContractPeriod):
    return SchoolPartnership.objects.filter(
        school=school,
        lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
        lead_provider_delivery_partnership__active_lead_provider__contract_period=contract_period,
    )


def validate_school_partnership(
    *,
    school: School,
    lead_provider_delivery_partnership: LeadProviderDeliveryPartnership,
    school_partnership: SchoolPartnership | None = None,
) -> None:
    """BR-LP-06: a school has at most one partnership per lead-provider/delivery-partner pairing."""
    taken = SchoolPartnership.objects.filter(
        school=school, lead_provider_delivery_partnership=lead_provider_delivery_partnership
    )
    if school_partnership is not None and school_partnership.pk is not None:
        taken = taken.exclude(pk=school_partnership.pk)
    if taken.exists():
        raise DomainError(BASE, messages.SCHOOL_PARTNERSHIP_NOT_UNIQUE)


def _pairing(
    *, lead_provider: LeadProvider, contract_period: ContractPeriod, delivery_partner: DeliveryPartner
) -> LeadProviderDeliveryPartnership | None:
    return LeadProviderDeliveryPartnership.objects.filter(
        active_lead_provider__lead_provider=lead_provider,
        active_lead_provider__contract_period=contract_period,
        delivery_partner=delivery_partner,
    ).first()


# Creation (BR-LP-07 … BR-LP-13) -----------------------------------------------------------------------------------


def validate_new_school_partnership(
    *, lead_provider: LeadProvider, cohort: Any, school_api_id: Any, delivery_partner_api_id: Any
) -> LeadProviderDeliveryPartnership:
    """The API's checks in order (lead-provider-api.md §11.12.4). Returns the pairing to partner through."""
    errors = ErrorCollector()
    if _blank(cohort):
        errors.add(COHORT, messages.COHORT_REQUIRED)
    if _blank(school_api_id):
        errors.add(SCHOOL_ID, messages.SCHOOL_ID_REQUIRED)
    if _blank(delivery_partner_api_id):
        errors.add(DELIVERY_PARTNER_ID, messages.DELIVERY_PARTNER_ID_REQUIRED)

    contract_period = None if _blank(cohort) else _contract_period(cohort)
    if not errors.has(COHORT):  # BR-LP-07, BR-LP-08
        if contract_period is None:
            errors.add(COHORT, messages.COHORT_INVALID)
        elif contract_period.started_on > clock.today():
            errors.add(COHORT, messages.COHORT_IN_FUTURE)
        elif not contract_period.enabled:
            errors.add(COHORT, messages.COHORT_CLOSED)

    school = None if _blank(school_api_id) else _by_api_id(School, school_api_id)
    if not errors.has(SCHOOL_ID):  # BR-LP-07, BR-LP-09
        if school is None:
            errors.add(SCHOOL_ID, messages.SCHOOL_ID_INVALID)
        elif not school_is_eligible(school):
            errors.add(SCHOOL_ID, messages.SCHOOL_INELIGIBLE)

    delivery_partner = None if _blank(delivery_partner_api_id) else _by_api_id(DeliveryPartner, delivery_partner_api_id)
    if not errors.has(DELIVERY_PARTNER_ID) and delivery_partner is None:  # BR-LP-07
        errors.add(DELIVERY_PARTNER_ID, messages.DELIVERY_PARTNER_ID_INVALID)

    pairing = None
    if contract_period is not None and delivery_partner is not None:  # BR-LP-10
        pairing = _pairing(
            lead_provider=lead_provider, contract_period=contract_period, delivery_partner=delivery_partner
        )
        if pairing is None:
            errors.add(DELIVERY_PARTNER_ID, messages.DELIVERY_PARTNER_NOT_PAIRED)
    if contract_period is not None and school is not None:
        if school_partnerships_of(lead_provider=lead_provider, school=school, contract_period=contract_period).exists():
            errors.add(SCHOOL_ID, messages.ALREADY_PARTNERED)  # BR-LP-11
        if induction_programme_choice(school, contract_period.year) == TrainingProgramme.SCHOOL_LED:
            errors.add(SCHOOL_ID, messages.SCHOOL_LED_ONLY)  # BR-LP-12
    errors.raise_if_any()
    return pairing


@service
def create_school_partnership(
    *,
    author: Author,
    lead_provider: LeadProvider,
    cohort: Any,
    school_api_id: Any,
    delivery_partner_api_id: Any,
) -> SchoolPartnership:
    """POST /api/v3/partnerships: the lead provider partners with the school through the delivery partner for the
    cohort; every training period at the school waiting with an expression of interest for (this lead provider,
    cohort) is linked to it (BR-LP-13). Event `school_partnership_created`."""
    pairing = validate_new_school_partnership(
        lead_provider=lead_provider,
        cohort=cohort,
        school_api_id=school_api_id,
        delivery_partner_api_id=delivery_partner_api_id,
    )
    school = _by_api_id(School, school_api_id)
    # Serialise partnerships of this lead provider and cohort, so two racing requests cannot both pass BR-LP-11.
    ActiveLeadProvider.objects.select_for_update().get(pk=pairing.active_lead_provider_id)
    if school_partnerships_of(
        lead_provider=lead_provider, school=school, contract_period=pairing.active_lead_provider.contract_period
    ).exists():
        raise DomainError(SCHOOL_ID, messages.ALREADY_PARTNERED)
    validate_school_partnership(school=school, lead_provider_delivery_partnership=pairing)
    try:
        with transaction.atomic():
            partnership = SchoolPartnership.objects.create(school=school, lead_provider_delivery_partnership=pairing)
    except IntegrityError as error:  # BR-LP-06's unique index
        raise DomainError(SCHOOL_ID, messages.ALREADY_PARTNERED) from error
    record.school_partnership_created(author=author, school_partnership=partnership)
    confirm_expressions_of_interest(author=author, school_partnership=partnership)
    school_notifications.partnership_created(school_partnership=partnership)
    refresh_school_api_metadata(school_ids=[school.pk])
    return partnership


# Correction (BR-LP-14) --------------------------------------------------------------------------------------------


@service
def update_school_partnership_delivery_partner(
    *, author: Author, school_partnership: SchoolPartnership, delivery_partner_api_id: Any
) -> SchoolPartnership:
    """PUT /api/v3/partnerships/{id}: change the delivery partner. The new pairing must exist for the
    partnership's lead provider and cohort, and the school must not already be partnered through it (including
    this partnership). The partnership's, its participants' and its declarations' API timestamps move (§3.3); the
    declarations keep their delivery partner. Event `school_partnership_updated`."""
    partnership = SchoolPartnership.objects.select_for_update().get(pk=school_partnership.pk)
    if _blank(delivery_partner_api_id):
        raise DomainError(DELIVERY_PARTNER_ID, messages.DELIVERY_PARTNER_ID_REQUIRED)
    delivery_partner = _by_api_id(DeliveryPartner, delivery_partner_api_id)
    if delivery_partner is None:
        raise DomainError(DELIVERY_PARTNER_ID, messages.DELIVERY_PARTNER_ID_INVALID)
    active = partnership.active_lead_provider
    pairing = LeadProviderDeliveryPartnership.objects.filter(
        active_lead_provider=active, delivery_partner=delivery_partner
    ).first()
    if pairing is None:
        raise DomainError(DELIVERY_PARTNER_ID, messages.DELIVERY_PARTNER_NOT_PAIRED)
    if SchoolPartnership.objects.filter(
        school_id=partnership.school_id, lead_provider_delivery_partnership=pairing
    ).exists():
        raise DomainError(DELIVERY_PARTNER_ID, messages.ALREADY_PARTNERED_WITH_DELIVERY_PARTNER)

    previous_delivery_partner = partnership.delivery_partner
    now = clock.now()
    partnership.lead_provider_delivery_partnership = pairing
    partnership.api_updated_at = now
    try:
        with transaction.atomic():
            partnership.save(update_fields=["lead_provider_delivery_partnership", "api_updated_at", "updated_at"])
    except IntegrityError as error:
        raise DomainError(DELIVERY_PARTNER_ID, messages.ALREADY_PARTNERED_WITH_DELIVERY_PARTNER) from error
    training = TrainingPeriod.objects.filter(school_partnership=partnership)
    Declaration.objects.filter(training_period__in=training).update(api_updated_at=now)
    Teacher.objects.filter(pk__in=training.values("teacher_id")).update(api_updated_at=now)
    record.school_partnership_updated(
        author=author,
        school_partnership=partnership,
        previous_delivery_partner=previous_delivery_partner,
        modifications=[
            f"Delivery partner changed from '{previous_delivery_partner.name}' to '{delivery_partner.name}'"
        ],
    )
    school_notifications.partnership_changed(
        school_partnership=partnership, previous_delivery_partner_name=previous_delivery_partner.name
    )
    return partnership
