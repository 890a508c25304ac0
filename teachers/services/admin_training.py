"""DfE admin training corrections (journeys.md §6.5): move an ongoing provider-led training period to another of
its school's partnerships in the same contract period. Changing the contract period itself is
`training_changes.change_contract_period` (§7.4.8)."""

from __future__ import annotations

from core import clock
from core.errors import BASE, DomainError
from core.services import apply_changes, service
from declarations.models import Declaration
from events.authors import Author
from events.record import training_changes as record
from providers.models import SchoolPartnership
from schools.models import TrainingProgramme
from schools.services.api_metadata import refresh_school_api_metadata, school_id_of
from teachers.models import TrainingPeriod
from teachers.services.identity import touch_teacher_api_timestamps
from teachers.services.training_changes import contract_period_of

NOT_ONGOING_PROVIDER_LED = "Only ongoing provider-led training can move to a different partnership"
NOT_THIS_SCHOOLS_PARTNERSHIP = "Select one of the school’s partnerships in the same contract period"
SAME_PARTNERSHIP = "The training is already with this partnership"
DECLARED_WITH_OTHER_PROVIDER = (
    "{lead_provider} has already made declarations for this training, so it cannot move to another lead provider"
)


def can_move_partnership(period: TrainingPeriod) -> bool:
    """Ongoing provider-led periods only (§6.5): finished ones are history, school-led ones have no partnership."""
    return period.training_programme == TrainingProgramme.PROVIDER_LED and (
        period.finished_on is None or period.finished_on >= clock.today()
    )


def other_partnerships(period: TrainingPeriod) -> list[SchoolPartnership]:
    """The school's partnerships in the period's contract period, other than the one it is with now."""
    contract_period = contract_period_of(period)
    if contract_period is None:
        return []
    return list(
        SchoolPartnership.objects.filter(
            school_id=period.at_school_period.school_id,
            lead_provider_delivery_partnership__active_lead_provider__contract_period=contract_period,
        )
        .exclude(pk=period.school_partnership_id)
        .select_related(
            "lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "lead_provider_delivery_partnership__delivery_partner",
        )
        .order_by("lead_provider_delivery_partnership__active_lead_provider__lead_provider__name", "pk")
    )


@service
def move_to_partnership(
    *, author: Author, training_period: TrainingPeriod, school_partnership: SchoolPartnership | None
) -> TrainingPeriod:
    """Correct which partnership (lead provider and delivery partner) an ongoing training period is with. The period
    keeps its dates and schedule; declarations already made by one lead provider pin the period to that provider,
    since moving them would pay another provider for them."""
    period = training_period
    if not can_move_partnership(period):
        raise DomainError(BASE, NOT_ONGOING_PROVIDER_LED)
    if school_partnership is not None and school_partnership.pk == period.school_partnership_id:
        raise DomainError("school_partnership", SAME_PARTNERSHIP)
    if school_partnership is None or school_partnership.pk not in {p.pk for p in other_partnerships(period)}:
        raise DomainError("school_partnership", NOT_THIS_SCHOOLS_PARTNERSHIP)
    new_provider = school_partnership.lead_provider_delivery_partnership.active_lead_provider.lead_provider
    if period.school_partnership_id:
        current_provider = (
            period.school_partnership.lead_provider_delivery_partnership.active_lead_provider.lead_provider
        )
    elif period.expression_of_interest_id:
        current_provider = period.expression_of_interest.lead_provider
    else:
        current_provider = None
    if (
        current_provider is not None
        and current_provider.pk != new_provider.pk
        and Declaration.objects.filter(training_period=period).exists()
    ):
        raise DomainError(BASE, DECLARED_WITH_OTHER_PROVIDER.format(lead_provider=current_provider.name))
    apply_changes(period, school_partnership=school_partnership)
    touch_teacher_api_timestamps(period.teacher)
    refresh_school_api_metadata(school_ids=[school_id_of(period)])
    record.training_period_assigned_to_school_partnership(
        author=author, training_period=period, school_partnership=school_partnership
    )
    return period
