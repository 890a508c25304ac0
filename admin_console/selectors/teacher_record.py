"""A teacher's whole story for the console (journeys.md §6.2, §6.11): every period at schools, in training, in
mentorships and in induction, and every event, each read in one query per kind."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from api.v3.selectors.participants import participant_resources
from core import clock
from declarations.models import BILLABLE_OR_CHANGEABLE, ClawbackStatus, Declaration
from events.models import Event
from schools.models import TrainingProgramme
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionExtension,
    InductionPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
)
from teachers.selectors.induction import StatusTag, induction_status_tag
from teachers.selectors.training_status import training_status
from teachers.services.training_changes import is_eligible_for_contract_period_change

ZENDESK_TICKET_URL = "https://becomingateacher.zendesk.com/agent/tickets/{}"

DECLARATION_STATE_TAGS = {
    "submitted": StatusTag("Submitted", "light-blue"),
    "eligible": StatusTag("Eligible", "turquoise"),
    "payable": StatusTag("Payable", "orange"),
    "paid": StatusTag("Paid", "green"),
    "voided": StatusTag("Voided", "red"),
    "awaiting_clawback": StatusTag("Awaiting clawback", "pink"),
    "clawed_back": StatusTag("Clawed back", "purple"),
}


def trs_name(teacher: Teacher) -> str:
    return " ".join(p for p in (teacher.trs_first_name, teacher.trs_last_name) if p and p.strip() not in ("", "."))


def role_label(teacher: Teacher) -> str:
    """§6.2: "ECT", "ECT (Inactive)", "Mentor", "Mentor (Inactive)", joined with " & "."""
    today = clock.today()
    labels = []
    ects = list(teacher.ect_at_school_periods.all())
    if ects or teacher.induction_periods.exists():
        active = any(p.finished_on is None or p.finished_on >= today for p in ects)
        labels.append("ECT" if active else "ECT (Inactive)")
    mentors = list(teacher.mentor_at_school_periods.all())
    if mentors:
        active = any(p.finished_on is None or p.finished_on >= today for p in mentors)
        labels.append("Mentor" if active else "Mentor (Inactive)")
    return " & ".join(labels) or "Not available"


def latest_email(teacher: Teacher) -> str | None:
    periods = [*teacher.ect_at_school_periods.all(), *teacher.mentor_at_school_periods.all()]
    periods.sort(key=lambda p: (p.started_on, p.created_at), reverse=True)
    return next((p.email for p in periods if p.email), None)


def current_schools(teacher: Teacher) -> list[Any]:
    today = clock.today()
    seen: dict[int, Any] = {}
    for qs in (teacher.ect_at_school_periods, teacher.mentor_at_school_periods):
        for period in qs.select_related("school__gias_school").containing(today):
            seen.setdefault(period.school.pk, period.school)
    return list(seen.values())


def is_ect(teacher: Teacher) -> bool:
    return teacher.ect_at_school_periods.exists() or teacher.induction_periods.exists()


def overview(teacher: Teacher) -> dict[str, Any]:
    name_from_trs = trs_name(teacher)
    return {
        "name_from_trs": name_from_trs if name_from_trs and name_from_trs != teacher.full_name else None,
        "role": role_label(teacher),
        "email": latest_email(teacher),
        "current_schools": current_schools(teacher),
        "induction_status": induction_status_tag(teacher=teacher) if is_ect(teacher) else None,
    }


# Induction ------------------------------------------------------------------------------------------------


@dataclass
class InductionHistory:
    current: InductionPeriod | None
    past: list[InductionPeriod]
    latest: InductionPeriod | None
    extensions: list[InductionExtension]
    status: StatusTag

    @property
    def can_reopen(self) -> bool:
        """§6.3: only the latest period, finished with an outcome."""
        return self.latest is not None and self.latest.finished_on is not None and bool(self.latest.outcome)

    @property
    def extension_terms(self) -> float:
        return sum(e.number_of_terms for e in self.extensions)


def induction_history(teacher: Teacher) -> InductionHistory:
    periods = list(
        InductionPeriod.objects.filter(teacher=teacher)
        .select_related("appropriate_body_period")
        .order_by("-started_on", "-pk")
    )
    current = next((p for p in periods if p.finished_on is None), None)
    return InductionHistory(
        current=current,
        past=[p for p in periods if p is not current],
        latest=periods[0] if periods else None,
        extensions=list(InductionExtension.objects.filter(teacher=teacher).order_by("created_at", "pk")),
        status=induction_status_tag(teacher=teacher, has_ongoing_period=current is not None),
    )


# Schools ---------------------------------------------------------------------------------------------------


@dataclass
class SchoolHistory:
    ect_periods: list[ECTAtSchoolPeriod]
    mentor_periods: list[MentorAtSchoolPeriod]
    mentors_of: dict[int, list[MentorshipPeriod]] = field(default_factory=dict)
    mentees_of: dict[int, list[MentorshipPeriod]] = field(default_factory=dict)


def school_history(teacher: Teacher) -> SchoolHistory:
    ects = list(
        teacher.ect_at_school_periods.select_related(
            "school__gias_school", "school_reported_appropriate_body"
        ).order_by("-started_on", "-pk")
    )
    mentors = list(teacher.mentor_at_school_periods.select_related("school__gias_school").order_by("-started_on"))
    history = SchoolHistory(ects, mentors)
    for m in MentorshipPeriod.objects.filter(ect_at_school_period__in=ects).select_related(
        "mentor_at_school_period__teacher"
    ):
        history.mentors_of.setdefault(m.ect_at_school_period_id, []).append(m)
    for m in MentorshipPeriod.objects.filter(mentor_at_school_period__in=mentors).select_related(
        "ect_at_school_period__teacher"
    ):
        history.mentees_of.setdefault(m.mentor_at_school_period_id, []).append(m)
    for period in ects:
        period.mentorships = sorted(history.mentors_of.get(period.pk, []), key=lambda m: m.started_on)
    for period in mentors:
        period.mentorships = sorted(history.mentees_of.get(period.pk, []), key=lambda m: m.started_on)
    return history


# Training --------------------------------------------------------------------------------------------------


@dataclass
class TrainingCard:
    period: TrainingPeriod
    title: str
    lead_provider: Any
    delivery_partner: Any
    school: Any
    contract_period: int | None
    status: str
    api_response: str | None = None

    @property
    def school_led(self) -> bool:
        return self.period.training_programme == TrainingProgramme.SCHOOL_LED

    @property
    def can_change_contract_period(self) -> bool:
        return is_eligible_for_contract_period_change(self.period)

    @property
    def ongoing_provider_led(self) -> bool:
        return not self.school_led and (self.period.finished_on is None or self.period.finished_on >= clock.today())


def _training_card(period: TrainingPeriod) -> TrainingCard:
    at_school = period.ect_at_school_period or period.mentor_at_school_period
    partnership = period.school_partnership
    lead_provider = delivery_partner = None
    contract_period = period.schedule.contract_period_id if period.schedule else None
    if partnership is not None:
        ldp = partnership.lead_provider_delivery_partnership
        lead_provider = ldp.active_lead_provider.lead_provider
        delivery_partner = ldp.delivery_partner
        contract_period = contract_period or ldp.active_lead_provider.contract_period_id
    elif period.expression_of_interest is not None:
        lead_provider = period.expression_of_interest.lead_provider
        contract_period = contract_period or period.expression_of_interest.contract_period_id
    if period.training_programme == TrainingProgramme.SCHOOL_LED:
        title = "School-led training programme"
    elif delivery_partner is not None:
        title = f"{lead_provider.name} & {delivery_partner.name}"
    else:
        title = lead_provider.name if lead_provider else "Provider-led training"
    return TrainingCard(
        period=period,
        title=title,
        lead_provider=lead_provider,
        delivery_partner=delivery_partner,
        school=at_school.school if at_school else None,
        contract_period=contract_period,
        status=training_status(period),
    )


def training_history(teacher: Teacher) -> dict[str, list[TrainingCard]]:
    periods = (
        TrainingPeriod.objects.filter(teacher=teacher)
        .select_related(
            "ect_at_school_period__school__gias_school",
            "mentor_at_school_period__school__gias_school",
            "school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "school_partnership__lead_provider_delivery_partnership__delivery_partner",
            "expression_of_interest__lead_provider",
            "schedule",
        )
        .order_by("-started_on", "-pk")
    )
    cards: dict[str, list[TrainingCard]] = {"ect": [], "mentor": []}
    latest_per_provider: dict[int, TrainingCard] = {}
    for period in periods:  # latest first, so the first card per lead provider is its latest
        card = _training_card(period)
        cards["mentor" if period.mentor_at_school_period_id else "ect"].append(card)
        if card.lead_provider is not None:
            latest_per_provider.setdefault(card.lead_provider.pk, card)
    for provider_id, card in latest_per_provider.items():
        resources = participant_resources(provider_id, [teacher.pk])
        if resources:  # §6.2: the participant exactly as that lead provider reads it over the API
            card.api_response = json.dumps(resources[0], indent=2, default=str)
    return cards


# Declarations ----------------------------------------------------------------------------------------------


def declaration_state(declaration: Declaration) -> str:
    """The state a person reads: a clawback state when one applies, else the payment state."""
    clawback = getattr(declaration, "clawback_status", None)
    if clawback and clawback != "no_clawback":
        return clawback
    return declaration.payment_status if declaration.payment_status != "no_payment" else "submitted"


def declarations_of(teacher: Teacher) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {"ect": [], "mentor": []}
    qs = (
        Declaration.objects.filter(teacher=teacher)
        .select_related(
            "training_period__school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider",
            "training_period__expression_of_interest__lead_provider",
            "delivery_partner_when_created",
        )
        .order_by("declaration_date", "pk")
    )
    history: dict[int, list[dict[str, Any]]] = {}
    for event in Event.objects.filter(teacher=teacher, event_type__startswith="teacher_declaration_").order_by(
        "happened_at", "pk"
    ):
        state = event.event_type.removeprefix("teacher_declaration_")
        state = "submitted" if state == "created" else state
        if state == "voided":
            by = (
                f"Voided by {event.author_name} ({event.author_email})"
                if event.author_type == "dfe_staff_user"
                else "Voided by lead provider"
            )
        else:
            by = None
        history.setdefault(event.declaration_id, []).append(
            {
                "label": DECLARATION_STATE_TAGS.get(state, StatusTag(state, "grey")).label,
                "at": event.happened_at,
                "by": by,
            }
        )
    for declaration in qs:
        state = declaration_state(declaration)
        card = _training_card(declaration.training_period)
        rows[declaration.role].append(
            {
                "declaration": declaration,
                "state": state,
                "tag": DECLARATION_STATE_TAGS.get(state, StatusTag(state.replace("_", " ").capitalize(), "grey")),
                "lead_provider": card.lead_provider,
                "delivery_partner": declaration.delivery_partner_when_created,
                "course_identifier": "ecf-mentor" if declaration.role == "mentor" else "ecf-induction",
                "history": history.get(declaration.pk, []),
                # journeys.md §6.2: "Void declaration" is offered while it is billable or changeable.
                "voidable": declaration.payment_status in BILLABLE_OR_CHANGEABLE
                and declaration.clawback_status == ClawbackStatus.NO_CLAWBACK,
            }
        )
    return rows


# Timeline --------------------------------------------------------------------------------------------------


@dataclass
class TimelineItem:
    heading: str
    author: str
    happened_at: dt.datetime
    body: str | None
    zendesk_url: str | None
    modifications: list[str]
    event_type: str


def author_label(event: Event) -> str:
    """§6.11: the author's name, else their type (a system or lead provider API author)."""
    if event.author_name:
        return event.author_name
    if event.author_email:
        return event.author_email
    return event.get_author_type_display()


def timeline(teacher: Teacher) -> list[TimelineItem]:
    """Every event on the teacher, newest first (§6.11)."""
    events: QuerySet[Event] = Event.objects.filter(teacher=teacher).order_by("-happened_at", "-pk")
    return [
        TimelineItem(
            heading=e.heading,
            author=author_label(e),
            happened_at=e.happened_at,
            body=e.body,
            zendesk_url=ZENDESK_TICKET_URL.format(e.zendesk_ticket_id) if e.zendesk_ticket_id else None,
            modifications=list(e.modifications or []),
            event_type=e.event_type,
        )
        for e in events
    ]


@dataclass
class PeriodRow:
    kind: str
    description: str
    started_on: dt.date
    finished_on: dt.date | None


def all_periods(teacher: Teacher) -> list[PeriodRow]:
    """Every dated period of the teacher on one line each, latest start first: at schools (as ECT and mentor),
    in training, in mentorships (both sides) and in induction."""
    school = school_history(teacher)
    rows = [PeriodRow("ECT at school", p.school.name, p.started_on, p.finished_on) for p in school.ect_periods]
    rows += [PeriodRow("Mentor at school", p.school.name, p.started_on, p.finished_on) for p in school.mentor_periods]
    for p in school.ect_periods:
        rows += [
            PeriodRow("Mentored by", m.mentor_at_school_period.teacher.full_name, m.started_on, m.finished_on)
            for m in p.mentorships
        ]
    for p in school.mentor_periods:
        rows += [
            PeriodRow("Mentoring", m.ect_at_school_period.teacher.full_name, m.started_on, m.finished_on)
            for m in p.mentorships
        ]
    for role, cards in training_history(teacher).items():
        label = "Mentor training" if role == "mentor" else "ECT training"
        rows += [PeriodRow(label, c.title, c.period.started_on, c.period.finished_on) for c in cards]
    history = induction_history(teacher)
    for p in [history.current, *history.past]:
        if p is not None:
            outcome = f" ({p.get_outcome_display()})" if p.outcome else ""
            rows.append(
                PeriodRow("Induction", f"{p.appropriate_body_period.name}{outcome}", p.started_on, p.finished_on)
            )
    rows.sort(key=lambda r: r.started_on, reverse=True)
    return rows
