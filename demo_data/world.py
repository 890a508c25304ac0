"""The building blocks generated people are made of: teachers, their ECT and mentor periods, training,
mentorships, induction periods and extensions, school partnerships, and the timeline events each writes
(domain.md §5.11–5.16, §5.20 headings). Rows are queued in a BulkRows and written by COPY; nothing here
calls a service, so the rules of §6–§7 are followed by construction and checked by the database constraints.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from appropriate_bodies.models import AppropriateBodyPeriod, InductionOutcome, InductionProgramme
from core.clock import LONDON
from core.dates import govuk_date
from demo_data.bulk import BulkRows
from demo_data.names import ITT_PROVIDERS, slug
from demo_data.reference_data import Reference
from demo_data.schools import SchoolInfo
from events.models import Event
from events.types import AuthorType, EventType
from providers.models import LeadProvider, SchoolPartnership
from schools.models import DfESignInOrganisation, GIASSchool, School, SchoolFundingEligibility, TrainingProgramme
from teachers.models import (
    ECTAtSchoolPeriod,
    InductionExtension,
    InductionPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    Teacher,
    TrainingPeriod,
    TRSInductionStatus,
    WorkingPattern,
)

# Parents before children: the order BulkRows COPYs tables in.
FLUSH_ORDER = [
    GIASSchool,
    School,
    DfESignInOrganisation,
    SchoolFundingEligibility,
    SchoolPartnership,
    Teacher,
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    InductionPeriod,
    InductionExtension,
    Event,
]

GO_LIVE = dt.date(2026, 4, 28)
DAY = dt.timedelta(days=1)
Row = dict[str, Any]


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def contract_year_of(day: dt.date) -> int:
    return day.year if day.month >= 6 else day.year - 1


def schedule_month(day: dt.date) -> str:
    """§6.3: June–October → september, November–February → january, March–May → april."""
    if 6 <= day.month <= 10:
        return "september"
    return "april" if 3 <= day.month <= 5 else "january"


def terms_phrase(terms: float) -> str:
    text = f"{terms:g}"
    return f"{text} term" if text == "1" else f"{text} terms"


@dataclass(frozen=True)
class By:
    """An event author: type, email and name, and the organisation link the recorder would add."""

    type: str
    email: str | None = None
    name: str | None = None
    link: tuple[str, int] | None = None


SYSTEM = By(AuthorType.SYSTEM, name="System")


class World:
    """Queues rows for generated people. Methods take and return row dicts; keys starting with `_` are notes
    for the generator (the teacher's name, the period's school) and are never written."""

    def __init__(
        self, *, ref: Reference, rows: BulkRows, namer, rng: random.Random, today: dt.date, school_year: int
    ) -> None:
        self.ref = ref
        self.rows = rows
        self.namer = namer
        self.rng = rng
        self.today = today
        self.now = rows.now
        self.school_year = school_year
        self.partnerships: dict[tuple[int, int, int], tuple[int, int]] = {}
        self.mentors_at: dict[int, list[Row]] = defaultdict(list)
        self.mentee_count: dict[int, int] = defaultdict(int)
        self.provider_by_id = {lp.pk: lp for lp in ref.lead_providers.values()}

    # Small helpers -------------------------------------------------------------------------------------

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def september(self, year: int) -> dt.date:
        """A first day at school in the first week of September."""
        return dt.date(year, 9, 1) + dt.timedelta(days=self.rng.randint(0, 6))

    def past(self, day: dt.date) -> dt.date:
        """`day`, or yesterday if it would be today or later."""
        return min(day, self.today - DAY)

    # Authors -------------------------------------------------------------------------------------------

    def school_user(self, school: SchoolInfo) -> By:
        return By(AuthorType.SCHOOL_USER, school.tutor_email, school.tutor_name, ("school_id", school.id))

    def ab_user(self, body: AppropriateBodyPeriod) -> By:
        return By(
            AuthorType.APPROPRIATE_BODY_USER,
            f"inductions@{slug(body.name)[:40]}.org.uk",
            f"{body.name} induction team",
            ("appropriate_body_period_id", body.pk),
        )

    def lead_provider_api(self, provider: LeadProvider) -> By:
        return By(AuthorType.LEAD_PROVIDER_API, name=provider.name, link=("lead_provider_id", provider.pk))

    def event(
        self,
        type: str,
        heading: str,
        *,
        by: By,
        on: dt.date | dt.datetime,
        body: str | None = None,
        metadata: dict | None = None,
        **links: int | None,
    ) -> Row:
        """An Event row as `write_event` would write it: typed author, business date (BR-E-03), links by id."""
        happened_at = on if isinstance(on, dt.datetime) else dt.datetime.combine(on, dt.time.min, tzinfo=LONDON)
        row = dict(
            event_type=type,
            heading=heading,
            body=body,
            metadata=metadata,
            happened_at=happened_at,
            author_type=by.type,
            author_email=by.email,
            author_name=by.name,
            created_at=min(max(happened_at, at(dt.date(2021, 6, 1))), self.now),
        )
        row.update({f"{name}_id": value for name, value in links.items() if value is not None})
        if by.link is not None:
            row.setdefault(by.link[0], by.link[1])
        return self.rows.add(Event, **row)

    # Teachers ------------------------------------------------------------------------------------------

    def teacher(
        self,
        *,
        qts_on: dt.date | None,
        created_on: dt.date,
        status: str = TRSInductionStatus.REQUIRED_TO_COMPLETE,
        **fields: Any,
    ) -> Row:
        first, last = self.namer.person()
        created = at(min(created_on, self.today))
        return self.rows.add(
            Teacher,
            trn=self.namer.trn(),
            trs_first_name=first,
            trs_last_name=last,
            trs_qts_awarded_on=qts_on,
            trs_qts_status_description="Qualified teacher (trained)" if qts_on else None,
            trs_initial_teacher_training_provider_name=self.rng.choice(ITT_PROVIDERS) if qts_on else None,
            trs_initial_teacher_training_end_date=qts_on - dt.timedelta(days=self.rng.randint(0, 25))
            if qts_on
            else None,
            trs_induction_status=status,
            trs_data_last_refreshed_at=self.now - dt.timedelta(hours=self.rng.randint(1, 96)),
            trs_response="ok",
            migration_mode="latest_induction_records" if created_on < GO_LIVE else "not_migrated",
            created_at=created,
            updated_at=created,
            api_updated_at=created,
            api_unfunded_mentor_updated_at=created,
            _name=f"{first} {last}",
            _first=first,
            _last=last,
            _inductions=[],
            **fields,
        )

    def settle_induction_status(self, teacher: Row) -> None:
        """The TRS status and dates the service would have written back after the claims and outcomes (§7.3.7)."""
        inductions = teacher["_inductions"]
        if not inductions:
            return
        first_start = min(p["started_on"] for p in inductions)
        teacher["trs_induction_start_date"] = first_start
        outcome = next((p for p in inductions if p["outcome"]), None)
        if outcome is not None:
            teacher["trs_induction_status"] = (
                TRSInductionStatus.PASSED if outcome["outcome"] == InductionOutcome.PASS else TRSInductionStatus.FAILED
            )
            teacher["trs_induction_completed_date"] = outcome["finished_on"]
        else:
            teacher["trs_induction_status"] = TRSInductionStatus.IN_PROGRESS

    # At-school periods ---------------------------------------------------------------------------------

    def ect_period(
        self,
        teacher: Row,
        school: SchoolInfo,
        *,
        started_on: dt.date,
        finished_on: dt.date | None = None,
        appropriate_body: AppropriateBodyPeriod | None = None,
        working_pattern: str = WorkingPattern.FULL_TIME,
        reported_leaving: bool = True,
        left_by: SchoolInfo | None = None,
        registered_on: dt.date | None = None,
    ) -> Row:
        registered_on = registered_on or self.past(started_on - dt.timedelta(days=self.rng.randint(3, 35)))
        body = appropriate_body or school.appropriate_body
        row = self.rows.add(
            ECTAtSchoolPeriod,
            teacher_id=teacher["id"],
            school_id=school.id,
            started_on=started_on,
            finished_on=finished_on,
            email=self.namer.email(teacher["_first"], teacher["_last"], school.domain),
            working_pattern=working_pattern,
            school_reported_appropriate_body_id=body.pk,
            reported_leaving_by_school_id=school.id if finished_on and reported_leaving else None,
            created_at=at(registered_on),
            _teacher=teacher,
            _school=school,
            _role="ect",
        )
        name = teacher["_name"]
        self.event(
            EventType.TEACHER_REGISTERED_AS_ECT,
            f"{name} was registered as an ECT at {school.name}",
            by=self.school_user(school),
            on=at(registered_on, 11),
            teacher=teacher["id"],
            school=school.id,
            ect_at_school_period=row["id"],
            appropriate_body_period=body.pk,
        )
        if finished_on is not None and (reported_leaving or left_by is not None):
            self.event(
                EventType.TEACHER_LEFT_SCHOOL_AS_ECT,
                f"{name} left {school.name}",
                by=self.school_user(left_by or school),
                on=finished_on,
                teacher=teacher["id"],
                school=school.id,
                ect_at_school_period=row["id"],
            )
        return row

    def mentor_period(
        self,
        teacher: Row,
        school: SchoolInfo,
        *,
        started_on: dt.date,
        finished_on: dt.date | None = None,
        reported_by: SchoolInfo | None = None,
    ) -> Row:
        registered_on = self.past(started_on - dt.timedelta(days=self.rng.randint(0, 20)))
        row = self.rows.add(
            MentorAtSchoolPeriod,
            teacher_id=teacher["id"],
            school_id=school.id,
            started_on=started_on,
            finished_on=finished_on,
            email=self.namer.email(teacher["_first"], teacher["_last"], school.domain),
            reported_leaving_by_school_id=(reported_by or school).id if finished_on else None,
            created_at=at(registered_on),
            _teacher=teacher,
            _school=school,
            _role="mentor",
        )
        name = teacher["_name"]
        self.event(
            EventType.TEACHER_REGISTERED_AS_MENTOR,
            f"{name} was registered as a mentor at {school.name}",
            by=self.school_user(school),
            on=at(registered_on, 11),
            teacher=teacher["id"],
            school=school.id,
            mentor_at_school_period=row["id"],
        )
        if finished_on is not None:
            self.event(
                EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR,
                f"{name} left {school.name}",
                by=self.school_user(reported_by or school),
                on=finished_on,
                teacher=teacher["id"],
                school=school.id,
                mentor_at_school_period=row["id"],
            )
        self.mentors_at[school.id].append(row)
        return row

    # Partnerships and training -------------------------------------------------------------------------

    def partnership(self, school: SchoolInfo, provider: LeadProvider, year: int) -> tuple[int, int]:
        """The school's partnership with the provider in the year, made (with its event) the first time."""
        key = (school.id, provider.pk, year)
        if key not in self.partnerships:
            pairings = self.ref.delivery_partnerships[(provider.pk, year)]
            pairing_id, partner_id = pairings[school.urn % len(pairings)]
            made_on = self.past(dt.date(year, 6, 10) + dt.timedelta(days=self.rng.randint(0, 100)))
            row = self.rows.add(
                SchoolPartnership,
                school_id=school.id,
                lead_provider_delivery_partnership_id=pairing_id,
                created_at=at(made_on),
                api_updated_at=at(made_on),
            )
            self.event(
                EventType.SCHOOL_PARTNERSHIP_CREATED,
                f"{school.name} partnered with {self.ref.delivery_partner_names[partner_id]} (via {provider.name}) "
                f"for {year}",
                by=self.lead_provider_api(provider),
                on=at(made_on, 9),
                school=school.id,
                school_partnership=row["id"],
                delivery_partner=partner_id,
                lead_provider_delivery_partnership=pairing_id,
                active_lead_provider=self.ref.active_lead_providers[(provider.pk, year)],
                contract_period=year,
            )
            self.partnerships[key] = (row["id"], partner_id)
        return self.partnerships[key]

    def training(
        self,
        at_school: Row,
        *,
        started_on: dt.date,
        finished_on: dt.date | None = None,
        provider: LeadProvider | None = None,
        year: int | None = None,
        family: str = "standard",
        month: str | None = None,
        expression_of_interest_only: bool = False,
        withdrawn: tuple[dt.date, str] | None = None,
        deferred: tuple[dt.date, str] | None = None,
    ) -> Row:
        """Provider-led when a provider is given (partnership, or EOI only, and a schedule of the same contract
        year); school-led otherwise. A withdrawal or deferral on day D finishes the period on D (§7.4.3–4)."""
        teacher, school, role = at_school["_teacher"], at_school["_school"], at_school["_role"]
        kind = "ECT" if role == "ect" else "mentor"
        fields: dict[str, Any] = dict(training_programme=TrainingProgramme.SCHOOL_LED)
        if provider is not None:
            year = year or contract_year_of(started_on)
            active_id = self.ref.active_lead_providers[(provider.pk, year)]
            if expression_of_interest_only:
                fields.update(expression_of_interest_id=active_id)
            else:
                partnership_id, _ = self.partnership(school, provider, year)
                fields.update(school_partnership_id=partnership_id)
                if self.rng.random() < 0.3:  # the EOI stays recorded after confirmation (§7.4.2)
                    fields.update(expression_of_interest_id=active_id)
            identifier = f"ecf-{family}-{month or schedule_month(started_on)}"
            fields.update(
                training_programme=TrainingProgramme.PROVIDER_LED,
                schedule_id=self.ref.schedules[(year, identifier)],
                _identifier=identifier,
                _year=year,
            )
        if withdrawn is not None:
            finished_on = withdrawn[0]
            fields.update(withdrawn_at=at(withdrawn[0], 14), withdrawal_reason=withdrawn[1])
        if deferred is not None:
            finished_on = deferred[0]
            fields.update(deferred_at=at(deferred[0], 14), deferral_reason=deferred[1])
        row = self.rows.add(
            TrainingPeriod,
            ect_at_school_period_id=at_school["id"] if role == "ect" else None,
            mentor_at_school_period_id=at_school["id"] if role == "mentor" else None,
            teacher_id=teacher["id"],
            role=role,
            started_on=started_on,
            finished_on=finished_on,
            created_at=at(self.past(started_on)),
            api_transfer_updated_at=at(self.past(started_on)),
            _provider=provider,
            **fields,
        )
        links = dict(
            teacher=teacher["id"],
            school=school.id,
            training_period=row["id"],
            ect_at_school_period=row["ect_at_school_period_id"],
            mentor_at_school_period=row["mentor_at_school_period_id"],
        )
        name, by_school = teacher["_name"], self.school_user(school)
        self.event(
            EventType.TEACHER_STARTS_TRAINING_PERIOD,
            f"{name} started their {kind} training period",
            by=by_school,
            on=started_on,
            **links,
        )
        if provider is not None:
            self.event(
                EventType.TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD,
                f"{name}’s {kind} training period was assigned to the {fields['_identifier']} schedule for {year}",
                by=by_school,
                on=started_on,
                schedule=fields["schedule_id"],
                **links,
            )
        for change, event_type, verb in (
            (withdrawn, EventType.TEACHER_WITHDRAWS_TRAINING_PERIOD, "withdrawn"),
            (deferred, EventType.TEACHER_DEFERS_TRAINING_PERIOD, "deferred"),
        ):
            if change is not None:
                self.event(
                    event_type,
                    f"{name}’s {kind} training period was {verb} by {provider.name}",
                    by=self.lead_provider_api(provider),
                    on=at(change[0], 14),
                    metadata={f"{'withdrawal' if verb == 'withdrawn' else 'deferral'}_reason": change[1]},
                    **links,
                )
        if finished_on is not None and withdrawn is None and deferred is None and finished_on < self.today:
            self.event(
                EventType.TEACHER_FINISHES_TRAINING_PERIOD,
                f"{name} finished their {kind} training period",
                by=by_school,
                on=finished_on,
                **links,
            )
        return row

    def resume(self, paused: Row, at_school: Row, *, on: dt.date, finished_on: dt.date | None = None) -> Row:
        """A new period from `on` with the paused period's partnership and schedule (§7.4.4)."""
        provider = paused["_provider"]
        resumed = self.training(
            at_school,
            started_on=on,
            finished_on=finished_on,
            provider=provider,
            year=paused["_year"],
            family=paused["_identifier"].split("-")[1],
            month=paused["_identifier"].split("-")[2],
        )
        resumed.pop("expression_of_interest_id", None)
        teacher = at_school["_teacher"]
        kind = "ECT" if at_school["_role"] == "ect" else "mentor"
        self.event(
            EventType.TEACHER_RESUMES_TRAINING_PERIOD,
            f"{teacher['_name']}’s {kind} training period was resumed by {provider.name}",
            by=self.lead_provider_api(provider),
            on=at(on, 9),
            metadata={"new_training_period_id": resumed["id"]},
            teacher=teacher["id"],
            school=at_school["_school"].id,
            training_period=paused["id"],
        )
        return resumed

    # Mentoring -----------------------------------------------------------------------------------------

    def mentorship(self, mentee: Row, mentor: Row, *, started_on: dt.date, finished_on: dt.date | None) -> Row:
        row = self.rows.add(
            MentorshipPeriod,
            ect_at_school_period_id=mentee["id"],
            mentor_at_school_period_id=mentor["id"],
            started_on=started_on,
            finished_on=finished_on,
            created_at=at(self.past(started_on)),
        )
        ect_name, mentor_name = mentee["_teacher"]["_name"], mentor["_teacher"]["_name"]
        by = self.school_user(mentee["_school"])
        links = dict(
            school=mentee["_school"].id,
            mentorship_period=row["id"],
            ect_at_school_period=mentee["id"],
            mentor_at_school_period=mentor["id"],
        )
        metadata = {"mentor_id": mentor["teacher_id"], "mentee_id": mentee["teacher_id"]}
        pairs = [
            (EventType.TEACHER_STARTS_MENTORING, f"{mentor_name} started mentoring {ect_name}", mentor, started_on),
            (
                EventType.TEACHER_STARTS_BEING_MENTORED,
                f"{ect_name} is being mentored by {mentor_name}",
                mentee,
                started_on,
            ),
        ]
        if finished_on is not None:
            pairs += [
                (
                    EventType.TEACHER_FINISHES_MENTORING,
                    f"{mentor_name} finished mentoring {ect_name}",
                    mentor,
                    finished_on,
                ),
                (
                    EventType.TEACHER_FINISHES_BEING_MENTORED,
                    f"{ect_name} is no longer being mentored by {mentor_name}",
                    mentee,
                    finished_on,
                ),
            ]
        for event_type, heading, subject, day in pairs:
            self.event(event_type, heading, by=by, on=day, metadata=metadata, teacher=subject["teacher_id"], **links)
        return row

    def assign_mentors(self, mentee: Row, *, from_date: dt.date | None = None) -> list[Row]:
        """Mentors for the whole ECT period, one at a time (§5.13): the school's mentor available earliest,
        the one with fewest mentees on a tie; when that mentor leaves, the next one takes over."""
        cursor = from_date or mentee["started_on"]
        end = mentee["finished_on"]
        made = []
        for _ in range(3):
            if end is not None and cursor > end:
                break
            candidates = [
                m
                for m in self.mentors_at[mentee["_school"].id]
                if m["teacher_id"] != mentee["teacher_id"]
                and (m["finished_on"] is None or m["finished_on"] >= cursor)
                and (end is None or m["started_on"] <= end)
            ]
            if not candidates:
                break
            mentor = min(candidates, key=lambda m: (max(cursor, m["started_on"]), self.mentee_count[m["id"]], m["id"]))
            start = max(cursor, mentor["started_on"])
            finish = min((d for d in (end, mentor["finished_on"]) if d is not None), default=None)
            made.append(self.mentorship(mentee, mentor, started_on=start, finished_on=finish))
            self.mentee_count[mentor["id"]] += 1
            if finish is None or (end is not None and finish >= end):
                break
            cursor = finish + DAY
        return made

    # Induction -----------------------------------------------------------------------------------------

    def induction(
        self,
        teacher: Row,
        body: AppropriateBodyPeriod,
        *,
        started_on: dt.date,
        finished_on: dt.date | None = None,
        terms: float | None = None,
        outcome: str | None = None,
        provider_led: bool = True,
        fail_notified_on: dt.date | None = None,
        ect: Row | None = None,
        training: Row | None = None,
    ) -> Row:
        """A claim by an appropriate body, closed by a release (no outcome), a pass or a fail (§7.3)."""
        if provider_led:
            programmes = dict(
                training_programme=TrainingProgramme.PROVIDER_LED, induction_programme=InductionProgramme.FIP
            )
        elif started_on < dt.date(2023, 9, 1) and self.rng.random() < 0.5:  # legacy records keep only the old code
            programmes = dict(training_programme=None, induction_programme=self.rng.choice(("cip", "diy")))
        else:
            programmes = dict(
                training_programme=TrainingProgramme.SCHOOL_LED, induction_programme=InductionProgramme.UNKNOWN
            )
        if finished_on is not None and terms is None:
            terms = max(0.5, min(16.0, round((finished_on - started_on).days / 365 * 3 * 2) / 2))
        row = self.rows.add(
            InductionPeriod,
            teacher_id=teacher["id"],
            appropriate_body_period_id=body.pk,
            started_on=started_on,
            finished_on=finished_on,
            number_of_terms=terms if finished_on else None,
            outcome=outcome,
            fail_confirmation_sent_on=fail_notified_on,
            created_at=at(self.past(started_on)),
            **programmes,
        )
        teacher["_inductions"].append(row)
        name, by = teacher["_name"], self.ab_user(body)
        links = dict(teacher=teacher["id"], appropriate_body_period=body.pk, induction_period=row["id"])
        self.event(
            EventType.INDUCTION_PERIOD_OPENED, f"{name} was claimed by {body.name}", by=by, on=started_on, **links
        )
        if ect is not None and teacher.get("ect_first_became_eligible_for_training_at") is None:
            eligible_at = at(max(started_on, ect["created_at"].date()), 12)
            teacher["ect_first_became_eligible_for_training_at"] = eligible_at
            self.event(
                EventType.TEACHER_FUNDING_ELIGIBILITY_SET,
                f"{name}’s ECT funding eligibility was set",
                by=SYSTEM,
                on=eligible_at,
                teacher=teacher["id"],
            )
        if finished_on is None:
            return row
        outcome_links = dict(
            ect_at_school_period=ect["id"] if ect and outcome else None,
            training_period=training["id"] if training and outcome else None,
        )
        if outcome is None:
            self.event(
                EventType.INDUCTION_PERIOD_CLOSED, f"{name} was released by {body.name}", by=by, on=finished_on, **links
            )
        elif outcome == InductionOutcome.PASS:
            self.event(
                EventType.TEACHER_PASSES_INDUCTION,
                f"{name} passed induction by {body.name}",
                by=by,
                on=finished_on,
                **links,
                **outcome_links,
            )
        else:
            self.event(
                EventType.TEACHER_FAILS_INDUCTION,
                f"{name} failed induction by {body.name}",
                by=by,
                on=finished_on,
                body=f"ECT notified on {govuk_date(fail_notified_on)}" if fail_notified_on else None,
                **links,
                **outcome_links,
            )
        return row

    def extension(self, teacher: Row, body: AppropriateBodyPeriod, *, terms: float, on: dt.date) -> Row:
        row = self.rows.add(InductionExtension, teacher_id=teacher["id"], number_of_terms=terms, created_at=at(on))
        self.event(
            EventType.INDUCTION_EXTENSION_CREATED,
            f"{teacher['_name']}’s induction extended by {terms_phrase(terms)} by {body.name}",
            by=self.ab_user(body),
            on=at(on, 15),
            teacher=teacher["id"],
            induction_extension=row["id"],
        )
        return row
