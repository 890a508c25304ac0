"""The POST/PUT variants of the API parity check (migration.md §17.5): 5 POST and 15 PUT requests per lead
provider, with ids and bodies taken from the migrated records, which carry the ids ECF1 gave them (the ledger's
created/merged source ids), so the old service and ours receive the very same request.

Writes change data, so the samples are chosen to keep the two services comparable request after request: the
old service keeps each change, ours (in process) rolls each one back. A record that a successful write changes is
therefore "used up": no later variant of the run targets it (or a participant in a partnership whose delivery
partner was changed, or a school just partnered), because the old side would answer from its changed state and
ours from the unchanged one. Requests expected to fail (already withdrawn, wrong course, ...) change nothing and
may share their target with a later successful one. Every choice is ordered by ECF1 id, so two runs over the same
snapshot send the same requests (which is what lets a recorded old side be replayed).

A variant without a suitable record for a lead provider is reported as skipped with its reason; Capita is left
out of the void checks, as §17.5 says."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from core import clock
from core.errors import DomainError
from declarations.models import (
    BILLABLE,
    BILLABLE_OR_CHANGEABLE,
    ClawbackStatus,
    Declaration,
    EvidenceType,
    PaymentStatus,
)
from declarations.validation import (
    allowed_evidence_types,
    check_mentor_declaration_type,
    contract_period_of_training_period,
    rfc3339,
)
from ecf1_migration.models import LedgerEntry, Outcome
from ecf1_migration.parity import Variant
from finance.models import FeeType, Statement, StatementStatus
from providers.models import (
    ContractPeriod,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    Milestone,
    Schedule,
    ScheduleIdentifier,
    SchoolPartnership,
)
from schools.models import School, TrainingProgramme
from schools.selectors import eligible_schools, induction_programme_choice
from teachers.models import TrainingPeriod, TrainingRole
from teachers.selectors.training_status import (
    ACTIVE,
    DEFERRED,
    WITHDRAWN,
    has_completed_training,
    latest_training_period,
    training_period_participant_status,
    training_status,
)

NO_SAMPLE = "skipped: no sample"
CAPITA_EXCLUDED = "skipped: Capita is excluded from void checks"
COURSE = {TrainingRole.ECT: "ecf-induction", TrainingRole.MENTOR: "ecf-mentor"}
ORDER = ("started", "retained-1", "retained-2", "retained-3", "retained-4", "completed")
FIRST_DETAILED_EVIDENCE_YEAR = 2025  # §12.2: the first cohort whose bodies differ (the "post-2024" ones)

DECLARATIONS = "/api/v3/participant-declarations"
PARTNERSHIPS = "/api/v3/partnerships"
PARTICIPANTS = "/api/v3/participants"


def body(kind: str, **attributes: Any) -> str:
    """A JSON:API request document; compact and in a fixed key order, so the same request is the same text."""
    return json.dumps({"data": {"type": kind, "attributes": attributes}}, separators=(",", ":"))


def evidence_held(period: TrainingPeriod, declaration_type: str) -> str | None:
    """The evidence a body sends: one BR-D-10 (`allowed_evidence_types`) accepts for the period's cohort, role and
    type, training-event-attended where accepted, else 75% engagement; none where evidence is not taken (a
    pre-2025 `started`, whose contract forbids the key)."""
    contract_period = contract_period_of_training_period(period)
    allowed = allowed_evidence_types(
        role=period.role,
        declaration_type=declaration_type,
        detailed=bool(contract_period and contract_period.detailed_evidence_types_enabled),
    )
    if allowed is None:
        return None
    preferred = (EvidenceType.TRAINING_EVENT_ATTENDED, EvidenceType.SEVENTY_FIVE_PERCENT_ENGAGEMENT_MET)
    return next((evidence for evidence in preferred if evidence in allowed), None)


def _type_accepted(period: TrainingPeriod, declaration_type: str) -> bool:
    """BR-D-08: mentors in mentor-funded cohorts declare only `started` and `completed`."""
    try:
        check_mentor_declaration_type(training_period=period, declaration_type=declaration_type)
    except DomainError:
        return False
    return True


# What a successful write leaves changed on the old side ---------------------------------------------------------


@dataclass
class Used:
    """Records a successful write changed (on the old side: ours rolls back) and that later variants avoid."""

    teachers: set[int] = field(default_factory=set)
    declarations: set[int] = field(default_factory=set)
    partnerships: set[int] = field(default_factory=set)
    schools: set[int] = field(default_factory=set)

    def period_free(self, period: TrainingPeriod) -> bool:
        return (
            period.teacher_id not in self.teachers
            and period.school_partnership_id not in self.partnerships
            and school_of(period) not in self.schools
        )


def school_of(period: TrainingPeriod) -> int:
    at_school = period.ect_at_school_period if period.role == TrainingRole.ECT else period.mentor_at_school_period
    return at_school.school_id


def _kept(queryset: QuerySet, table: str, field_name: str = "api_id") -> QuerySet:
    """Only records the migration created or merged from ECF1 (their ids are ECF1's, so both services know them)."""
    ids = LedgerEntry.objects.filter(source_table=table, outcome__in=[Outcome.CREATED, Outcome.MERGED]).values(
        "source_id"
    )
    return queryset.annotate(_ecf1_id=Cast(field_name, CharField())).filter(_ecf1_id__in=ids)


# Enrolments: the lead provider's latest training period of a participant in one role (§10.2) ---------------------


@dataclass(frozen=True)
class Enrolment:
    period: TrainingPeriod
    status: str  # training status
    participant_status: str

    @property
    def teacher_api_id(self) -> str:
        return str(self.period.teacher.api_id)

    @property
    def course(self) -> str:
        return COURSE[self.period.role]

    @property
    def year(self) -> int:
        return self.period.schedule.contract_period_id


def enrolments(lead_provider: LeadProvider, *, where: Q | None = None) -> Iterator[Enrolment]:
    """The lead provider's enrolments of migrated participants, ECTs first, each group by ECF1 participant id."""
    periods = _kept(
        TrainingPeriod.objects.filter(
            where or Q(),
            school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
            schedule__isnull=False,
        ),
        "users",
        "teacher__api_id",
    )
    periods = periods.select_related("teacher", "schedule", "ect_at_school_period", "mentor_at_school_period").order_by(
        "role", "teacher__api_id", "-started_on", "-pk"
    )
    for period in periods.iterator(chunk_size=200):
        latest = latest_training_period(teacher=period.teacher, lead_provider=lead_provider, role=period.role)
        if latest is None or latest.pk != period.pk:
            continue
        yield Enrolment(period, training_status(period), training_period_participant_status(period))


def _open_output_years(lead_provider: LeadProvider, today: dt.date) -> set[int]:
    """Cohorts in which the lead provider has an open output statement still ahead (V16 lets declarations in)."""
    return set(
        Statement.objects.filter(
            active_lead_provider__lead_provider=lead_provider,
            fee_type=FeeType.OUTPUT,
            status=StatementStatus.OPEN,
            deadline_date__gte=today,
        ).values_list("active_lead_provider__contract_period_id", flat=True)
    )


def _frozen_years() -> set[int]:
    return set(ContractPeriod.objects.filter(payments_frozen_at__isnull=False).values_list("year", flat=True))


def _next_declaration(enrolment: Enrolment, today: dt.date, *, only: str | None = None) -> tuple[str, str] | None:
    """The first declaration type (or `only` that one) the participant has not declared for the role, with a
    date the schedule's window and the sequence rule accept, strictly before today; None when there is none."""
    period = enrolment.period
    existing = Declaration.objects.filter(
        teacher_id=period.teacher_id,
        role=period.role,
        payment_status__in=BILLABLE_OR_CHANGEABLE,
        clawback_status=ClawbackStatus.NO_CLAWBACK,
    )
    declared = set(existing.values_list("declaration_type", flat=True))
    latest = max(existing.values_list("declaration_date", flat=True), default=None)
    types = [declaration_type for declaration_type in ORDER if _type_accepted(period, declaration_type)]
    milestones = {m.declaration_type: m for m in Milestone.objects.filter(schedule_id=period.schedule_id)}
    for declaration_type in types:
        if declaration_type in declared or (only and declaration_type != only):
            continue
        milestone = milestones.get(declaration_type)
        if milestone is None:
            continue
        day = max(milestone.start_date, period.started_on)
        when = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
        if latest is not None and latest > when:
            when, day = latest, latest.astimezone(clock.LONDON).date()
        if day >= today or (milestone.milestone_date is not None and day > milestone.milestone_date):
            continue
        return declaration_type, rfc3339(when)
    return None


def _declaration_body(enrolment: Enrolment, declaration_type: str, when: str) -> str:
    attributes = {
        "participant_id": enrolment.teacher_api_id,
        "declaration_type": declaration_type,
        "declaration_date": when,
        "course_identifier": enrolment.course,
    }
    evidence = evidence_held(enrolment.period, declaration_type)
    if evidence is not None:
        attributes["evidence_held"] = evidence
    return body("participant-declaration", **attributes)


# The variants ---------------------------------------------------------------------------------------------------


def write_variants(lead_provider: LeadProvider, today: dt.date | None = None) -> list[Variant]:
    """The 20 POST/PUT variants for one lead provider, in the order they are sent (a skipped one keeps its place)."""
    today = today or clock.today()
    used = Used()
    out: list[Variant] = []

    def add(name: str, endpoint: str, method: str, path: str | None, payload: str | None = None,
            skipped: str = NO_SAMPLE) -> None:  # fmt: skip
        if path is None:
            out.append(Variant(name, endpoint, "", paged=False, method=method, skipped=skipped))
        else:
            out.append(Variant(name, endpoint, path, paged=False, method=method, body=payload))

    # POST /partnerships: a school the provider has not partnered in the latest open cohort, through a delivery
    # partner it works with there.
    created = _new_partnership(lead_provider, today)
    if created:
        year, school, partner_api_id = created
        used.schools.add(school.pk)
        add(
            "partnerships: create",
            "partnerships",
            "POST",
            PARTNERSHIPS,
            body("partnership", cohort=str(year), school_id=str(school.api_id), delivery_partner_id=partner_api_id),
        )
    else:
        add("partnerships: create", "partnerships", "POST", None)

    open_years, frozen = _open_output_years(lead_provider, today), _frozen_years()

    def declarable(pre_2025: bool, only: str | None = None) -> tuple[Enrolment, str, str] | None:
        where = Q(schedule__contract_period_id__lt=FIRST_DETAILED_EVIDENCE_YEAR) if pre_2025 else Q(
            schedule__contract_period_id__gte=FIRST_DETAILED_EVIDENCE_YEAR
        )  # fmt: skip
        fallback = None
        where &= Q(withdrawn_at__isnull=True, deferred_at__isnull=True) & ~Q(schedule__contract_period_id__in=frozen)
        for enrolment in enrolments(lead_provider, where=where):
            if enrolment.participant_status != ACTIVE or enrolment.status != ACTIVE:
                continue
            if not used.period_free(enrolment.period):
                continue
            found = _next_declaration(enrolment, today, only=only)
            if found is None:
                continue
            if enrolment.year in open_years:
                return enrolment, *found
            fallback = fallback or (enrolment, *found)
        return fallback

    for name, pre_2025 in (("participant declarations: create, pre-2025 cohort", True),
                           ("participant declarations: create, post-2024 cohort", False)):  # fmt: skip
        chosen = declarable(pre_2025)
        if chosen:
            enrolment, declaration_type, when = chosen
            used.teachers.add(enrolment.period.teacher_id)
            add(name, "participant_declarations", "POST", DECLARATIONS,
                _declaration_body(enrolment, declaration_type, when))  # fmt: skip
        else:
            add(name, "participant_declarations", "POST", None)

    # POST again what a participant already has (refused: "already submitted").
    existing = (
        _own_declarations(lead_provider, used)
        .filter(payment_status__in=BILLABLE_OR_CHANGEABLE, clawback_status=ClawbackStatus.NO_CLAWBACK)
        .first()
    )
    if existing:
        enrolment = Enrolment(existing.training_period, ACTIVE, ACTIVE)
        add(
            "participant declarations: create, already exists",
            "participant_declarations",
            "POST",
            DECLARATIONS,
            _declaration_body(enrolment, existing.declaration_type, rfc3339(existing.declaration_date)),
        )
    else:
        add("participant declarations: create, already exists", "participant_declarations", "POST", None)

    # POST a `completed` declaration (the completed milestone), in whichever cohort has one to make.
    chosen = declarable(True, "completed") or declarable(False, "completed")
    if chosen:
        enrolment, declaration_type, when = chosen
        used.teachers.add(enrolment.period.teacher_id)
        add(
            "participant declarations: create, completed milestone",
            "participant_declarations",
            "POST",
            DECLARATIONS,
            _declaration_body(enrolment, declaration_type, when),
        )
    else:
        add("participant declarations: create, completed milestone", "participant_declarations", "POST", None)

    # PUT .../void: a paid declaration whose cohort still has an output statement ahead (clawback), an unpaid one,
    # and one already voided.
    capita = "capita" in lead_provider.name.lower()
    ahead = set(
        Statement.objects.filter(
            active_lead_provider__lead_provider=lead_provider, fee_type=FeeType.OUTPUT, deadline_date__gte=today
        ).values_list("active_lead_provider__contract_period_id", flat=True)
    )
    voids = (
        ("participant declarations: void a paid declaration (clawback)", True,
         Q(payment_status=PaymentStatus.PAID, clawback_status=ClawbackStatus.NO_CLAWBACK,
           training_period__schedule__contract_period_id__in=ahead)),
        ("participant declarations: void a voidable declaration", True,
         Q(payment_status__in=[PaymentStatus.NO_PAYMENT, *[s for s in BILLABLE if s != PaymentStatus.PAID]])),
        ("participant declarations: void an already voided declaration", False,
         Q(payment_status=PaymentStatus.VOIDED)),
    )  # fmt: skip
    for name, changes, where in voids:
        if capita:
            add(name, "participant_declarations", "PUT", None, skipped=CAPITA_EXCLUDED)
            continue
        # Voiding a voided declaration reads nothing but that declaration, which no earlier write touched.
        declaration = _own_declarations(lead_provider, used if changes else Used(declarations=used.declarations))
        declaration = declaration.filter(where).first()
        if declaration is None:
            add(name, "participant_declarations", "PUT", None)
            continue
        if changes:
            used.teachers.add(declaration.teacher_id)
            used.declarations.add(declaration.pk)
        add(name, "participant_declarations", "PUT", f"{DECLARATIONS}/{declaration.api_id}/void")  # no body (§11.8.4)

    # PUT /partnerships/{id}: another delivery partner the provider works with in the partnership's cohort.
    changed = _partnership_change(lead_provider, used)
    if changed:
        partnership, partner_api_id = changed
        used.partnerships.add(partnership.pk)
        add(
            "partnerships: update",
            "partnerships",
            "PUT",
            f"{PARTNERSHIPS}/{partnership.api_id}",
            body("partnership", delivery_partner_id=partner_api_id),
        )
    else:
        add("partnerships: update", "partnerships", "PUT", None)

    _participant_actions(lead_provider, today, used, add)
    return out


def _own_declarations(lead_provider: LeadProvider, used: Used) -> QuerySet[Declaration]:
    """The provider's own migrated declarations (its training periods), by ECF1 id, skipping used records."""
    own = (
        Declaration.objects.filter(
            training_period__school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=(
                lead_provider
            ),
            training_period__schedule__isnull=False,
        )
        .exclude(teacher_id__in=used.teachers)
        .exclude(pk__in=used.declarations)
    )
    own = own.exclude(training_period__school_partnership_id__in=used.partnerships)
    return _kept(own, "participant_declarations").select_related("training_period__schedule").order_by("api_id")


def _new_partnership(lead_provider: LeadProvider, today: dt.date) -> tuple[int, School, str] | None:
    periods = ContractPeriod.objects.filter(enabled=True, started_on__lte=today).order_by("-year")
    for period in periods:
        pairings = _kept(
            LeadProviderDeliveryPartnership.objects.filter(
                active_lead_provider__lead_provider=lead_provider, active_lead_provider__contract_period=period
            ),
            "delivery_partners",
            "delivery_partner__api_id",
        ).select_related("delivery_partner")
        pairing = pairings.order_by("delivery_partner__api_id").first()
        if pairing is None:
            continue
        partnered = SchoolPartnership.objects.filter(
            lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
            lead_provider_delivery_partnership__active_lead_provider__contract_period=period,
        ).values("school_id")
        schools = _kept(eligible_schools().exclude(pk__in=partnered), "schools").order_by("api_id")
        for school in schools.select_related("gias_school").iterator(chunk_size=100):
            if induction_programme_choice(school, period.year) != TrainingProgramme.SCHOOL_LED:
                return period.year, school, str(pairing.delivery_partner.api_id)
    return None


def _partnership_change(lead_provider: LeadProvider, used: Used) -> tuple[SchoolPartnership, str] | None:
    partnerships = _kept(
        SchoolPartnership.objects.filter(
            lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider
        ).exclude(school_id__in=used.schools),
        "partnerships",
    ).select_related("lead_provider_delivery_partnership__active_lead_provider")
    for partnership in partnerships.order_by("api_id"):
        if TrainingPeriod.objects.filter(school_partnership=partnership, teacher_id__in=used.teachers).exists():
            continue
        alp = partnership.lead_provider_delivery_partnership.active_lead_provider
        taken = SchoolPartnership.objects.filter(
            school_id=partnership.school_id, lead_provider_delivery_partnership__active_lead_provider=alp
        ).values("lead_provider_delivery_partnership__delivery_partner_id")
        other = (
            _kept(
                LeadProviderDeliveryPartnership.objects.filter(active_lead_provider=alp).exclude(
                    delivery_partner_id__in=taken
                ),
                "delivery_partners",
                "delivery_partner__api_id",
            )
            .select_related("delivery_partner")
            .order_by("delivery_partner__api_id")
            .first()
        )
        if other is not None:
            return partnership, str(other.delivery_partner.api_id)
    return None


def _other_schedule(period: TrainingPeriod, year: int) -> Schedule | None:
    """A schedule of `year` other than the period's, allowed for its role (no replacement schedule for an ECT, no
    reduced one for a mentor): the extended one of the same month for a standard schedule (else the standard one),
    failing that the first of the canonical order."""
    current = period.schedule.identifier
    kind, month = current.split("-")[1], current.split("-")[2]
    preferred = f"ecf-{'extended' if kind == 'standard' else 'standard'}-{month}"
    banned = "replacement" if period.role == TrainingRole.ECT else "reduced"
    available = dict(Schedule.objects.filter(contract_period_id=year).values_list("identifier", "pk"))
    for identifier in (preferred, *ScheduleIdentifier.values):
        if banned in identifier or identifier not in available:
            continue
        if identifier == current and year == period.schedule.contract_period_id:
            continue
        return Schedule.objects.get(pk=available[identifier])
    return None


def _other_cohort(lead_provider: LeadProvider, period: TrainingPeriod, frozen: set[int]) -> int | None:
    """The nearest other cohort in which the provider has a partnership with the period's school."""
    years = (
        set(
            SchoolPartnership.objects.filter(
                school_id=school_of(period),
                lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
            ).values_list("lead_provider_delivery_partnership__active_lead_provider__contract_period_id", flat=True)
        )
        - frozen
        - {period.schedule.contract_period_id}
    )
    current = period.schedule.contract_period_id
    return min(years, key=lambda year: (abs(year - current), year)) if years else None


def _participant_actions(lead_provider: LeadProvider, today: dt.date, used: Used, add) -> None:
    frozen = _frozen_years()

    narrow = {  # what the database can rule out before each candidate's own checks
        ACTIVE: Q(withdrawn_at__isnull=True, deferred_at__isnull=True, started_on__lt=today),
        WITHDRAWN: Q(withdrawn_at__isnull=False),
        DEFERRED: Q(deferred_at__isnull=False),
    }

    def pick(status: str, *, changes: bool, extra=lambda e: True) -> Enrolment | None:
        for enrolment in enrolments(lead_provider, where=narrow[status]):
            if enrolment.status != status or not used.period_free(enrolment.period):
                continue
            if status == ACTIVE and (enrolment.participant_status != ACTIVE or enrolment.period.started_on >= today):
                continue
            if status == ACTIVE and enrolment.period.training_programme != TrainingProgramme.PROVIDER_LED:
                continue
            if not extra(enrolment):
                continue
            if changes:
                used.teachers.add(enrolment.period.teacher_id)
            return enrolment
        return None

    def still_at_school(enrolment: Enrolment) -> bool:
        """Resuming needs the participant still at the school (§11.5) and not stopped today."""
        period = enrolment.period
        at_school = period.ect_at_school_period if period.role == TrainingRole.ECT else period.mentor_at_school_period
        return (at_school.finished_on is None or at_school.finished_on > today) and period.finished_on != today

    def action(name: str, verb: str, status: str, changes: bool, **attributes: Any) -> None:
        resumable = verb == "resume" and status != ACTIVE
        enrolment = pick(status, changes=changes, extra=still_at_school if resumable else lambda e: True)
        if enrolment is None:
            add(name, "participants", "PUT", None)
            return
        add(name, "participants", "PUT", f"{PARTICIPANTS}/{enrolment.teacher_api_id}/{verb}",
            body(f"participant-{verb}", **attributes, course_identifier=enrolment.course))  # fmt: skip

    action("participants: withdraw an active participant", "withdraw", ACTIVE, True, reason="moved-school")
    action("participants: withdraw a withdrawn participant", "withdraw", WITHDRAWN, False, reason="moved-school")
    action("participants: defer an active participant", "defer", ACTIVE, True, reason="career-break")
    action("participants: defer a deferred participant", "defer", DEFERRED, False, reason="career-break")
    action("participants: resume a withdrawn participant", "resume", WITHDRAWN, True)
    action("participants: resume a deferred participant", "resume", DEFERRED, True)
    action("participants: resume an active participant", "resume", ACTIVE, False)

    def changeable(enrolment: Enrolment) -> bool:
        return not has_completed_training(enrolment.period.teacher, enrolment.period.role)

    changes = (
        ("participants: change schedule to a different schedule and cohort", True, True),
        ("participants: change schedule to a different cohort", False, True),
        ("participants: change schedule to a different schedule", True, False),
    )
    for name, new_schedule, new_cohort in changes:
        chosen: tuple[Enrolment, str, int | None] | None = None

        def fits(enrolment: Enrolment, new_schedule=new_schedule, new_cohort=new_cohort) -> bool:
            nonlocal chosen
            if not changeable(enrolment):
                return False
            period = enrolment.period
            year = _other_cohort(lead_provider, period, frozen) if new_cohort else period.schedule.contract_period_id
            if year is None:
                return False
            if new_schedule:
                schedule = _other_schedule(period, year)
                identifier = schedule.identifier if schedule else None
            else:
                exists = Schedule.objects.filter(contract_period_id=year, identifier=period.schedule.identifier)
                identifier = period.schedule.identifier if exists.exists() else None
            if identifier is None:
                return False
            chosen = (enrolment, identifier, year if new_cohort else None)
            return True

        if pick(ACTIVE, changes=True, extra=fits) is None or chosen is None:
            add(name, "participants", "PUT", None)
            continue
        enrolment, identifier, year = chosen
        attributes: dict[str, Any] = {"schedule_identifier": identifier, "course_identifier": enrolment.course}
        if year is not None:
            attributes["cohort"] = str(year)
        add(name, "participants", "PUT", f"{PARTICIPANTS}/{enrolment.teacher_api_id}/change-schedule",
            body("participant-change-schedule", **attributes))  # fmt: skip

    # The course the participant does not have with the provider: refused, so any active ECT without mentor
    # training with the provider will do.
    def ect_only(enrolment: Enrolment) -> bool:
        return (
            enrolment.period.role == TrainingRole.ECT
            and not TrainingPeriod.objects.filter(
                teacher_id=enrolment.period.teacher_id,
                role=TrainingRole.MENTOR,
                school_partnership__lead_provider_delivery_partnership__active_lead_provider__lead_provider=lead_provider,
            ).exists()
        )

    enrolment = pick(ACTIVE, changes=False, extra=ect_only)
    name = "participants: change schedule with an incorrect course identifier"
    if enrolment is None:
        add(name, "participants", "PUT", None)
    else:
        add(name, "participants", "PUT", f"{PARTICIPANTS}/{enrolment.teacher_api_id}/change-schedule",
            body("participant-change-schedule", schedule_identifier=enrolment.period.schedule.identifier,
                 course_identifier="ecf-mentor"))  # fmt: skip
