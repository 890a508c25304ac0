"""Build ECF1-shaped rows (migration.md §2) in memory and COPY them into a PostgreSQL schema.

Used by `generate_ecf1` for realistic volumes and by the tests for hand-written histories (the worked examples
of §15), so both write exactly the same shapes. Ids come from a seeded random source: the same seed gives the
same database.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

SCHEMA_SQL = Path(__file__).with_name("source_schema.sql")

# migration.md §4: the seven lead providers and their ECF1 ids.
LEAD_PROVIDER_IDS = {
    "Ambition Institute": "c3bc3cee-a636-42d6-8324-c033a6c38d31",
    "Best Practice Network": "da470c27-05a6-4f5b-b9a9-58b04bfcc408",
    "Capita": "7a6753ef-6bb1-4fb3-ba93-fcbf3b20541b",
    "Education Development Trust": "9f0a1bdd-b9af-4603-abfd-c1af01aded76",
    "UCL Institute of Education": "3d7d8c90-a5a3-4838-84b2-563092bf87ee",
    "Teach First": "99317668-2942-4292-a895-fdb075af067b",
    "National Institute of Teaching": "82bfbad3-349f-44fb-bb60-621eab1b349b",
}
COHORT_YEARS = (2021, 2022, 2023, 2024, 2025)
ECT_DECLARATION_TYPES = ("started", "retained-1", "retained-2", "retained-3", "retained-4", "completed")
MENTOR_DECLARATION_TYPES = ("started", "completed")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
ECT = "ParticipantProfile::ECT"
MENTOR = "ParticipantProfile::Mentor"


def stamp(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


@dataclass
class Statement:
    id: str
    cpd_lead_provider_id: str
    year: int
    deadline_date: dt.date
    payment_date: dt.date
    status: str  # open, payable, paid


@dataclass
class Profile:
    id: str
    kind: str  # ECT or MENTOR
    user_id: str
    trn: str | None
    identity_id: str
    created_at: dt.datetime


@dataclass
class Programme:
    id: str
    school_id: str
    year: int
    training_programme: str
    partnership_id: str | None
    lead_provider: str | None
    delivery_partner_id: str | None


class Ecf1Builder:
    """Rows per table; helpers create parents they need and return ids."""

    def __init__(self, seed: int = 1, snapshot_on: dt.date = dt.date(2026, 9, 1)) -> None:
        self.rng = random.Random(seed)
        self.snapshot_on = snapshot_on
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.cohort_ids: dict[int, str] = {}
        self.cpd_ids: dict[str, str] = {}
        self.schedule_ids: dict[tuple[int, str, str], str] = {}
        self.delivery_partner_ids: list[str] = []
        self.relationships: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.statements: dict[tuple[str, int], list[Statement]] = defaultdict(list)
        self.partnership_ids: dict[tuple[str, str, str, int], str] = {}
        self.programmes: dict[tuple[str, int, str, str | None], Programme] = {}
        self.ab_ids: list[str] = []
        self.school_urns: dict[str, int] = {}
        self._trns: dict[str, str | None] = {}
        self.trn_counter = 1_000_000
        self.urn_counter = 100_000

    # ids and rows -------------------------------------------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, **values: Any) -> str:
        values.setdefault("id", self.new_id())
        now = stamp(dt.date(2021, 6, 1))
        values.setdefault("created_at", now)
        values.setdefault("updated_at", values["created_at"])
        self.rows[table].append(values)
        return values["id"]

    def derived_id(self, table: str, parent: str, index: int = 0) -> str:
        """An id made from its parent's, for rows of history tables: no draw from the random stream, so adding such
        a table leaves every other generated row (and every test's world) as it was."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ecf1:{table}:{parent}:{index}"))

    def induction_tutor(self, school_id: str, created_at: dt.datetime) -> str:
        """The school's induction coordinator (SIT): a user with no participant profile. Ids are derived from the
        school's, leaving the random stream untouched."""
        user_id = self.derived_id("users", school_id)
        self.add("users", id=user_id, full_name=f"Tutor {school_id[:6]}", email=f"sit-{school_id[:8]}@school.example",
                 created_at=created_at)  # fmt: skip
        coordinator = self.add(
            "induction_coordinator_profiles", id=self.derived_id("induction_coordinator_profiles", school_id),
            user_id=user_id, created_at=created_at,
        )  # fmt: skip
        self.rows["induction_coordinator_profiles_schools"].append(
            {"induction_coordinator_profile_id": coordinator, "school_id": school_id, "created_at": created_at}
        )
        return user_id

    def plant(self, problem: int, table: str, source_id: str, note: str) -> None:
        self.rows["planted_problems"].append(
            {"problem": problem, "source_table": table, "source_id": source_id, "note": note}
        )

    # reference data -----------------------------------------------------------------------------------------
    def reference(self, delivery_partners: int = 12) -> None:
        for year in COHORT_YEARS:
            frozen = stamp(dt.date(year + 3, 7, 31)) if year <= 2022 else None
            self.cohort_ids[year] = self.add(
                "cohorts",
                start_year=year,
                registration_start_date=dt.date(year, 6, 1),
                academic_year_start_date=dt.date(year, 9, 1),
                payments_frozen_at=frozen,
                mentor_funding=year >= 2025,
                detailed_evidence_types=year >= 2025,
                created_at=stamp(dt.date(year - 1, 12, 1)),
            )
        for index in range(delivery_partners):
            self.delivery_partner_ids.append(
                self.add("delivery_partners", name=f"Delivery Partner {index + 1:02d}", discarded_at=None)
            )
        for name, lead_provider_id in LEAD_PROVIDER_IDS.items():
            cpd = self.add("cpd_lead_providers", name=name)
            self.cpd_ids[name] = cpd
            self.add("lead_providers", id=lead_provider_id, name=name, cpd_lead_provider_id=cpd, vat_chargeable=True)
            for year in COHORT_YEARS:
                self.rows["cohorts_lead_providers"].append(
                    {"lead_provider_id": lead_provider_id, "cohort_id": self.cohort_ids[year]}
                )
                for dp in self.rng.sample(self.delivery_partner_ids, 3):
                    self.relationships[(name, year)].append(dp)
                    self.add(
                        "provider_relationships",
                        lead_provider_id=lead_provider_id,
                        delivery_partner_id=dp,
                        cohort_id=self.cohort_ids[year],
                        discarded_at=None,
                    )
                self._contracts(name, year)
                self._statements(name, year)
        for year in COHORT_YEARS:
            for identifier, kind in (
                ("ecf-standard-september", "Finance::Schedule::ECF"),
                ("ecf-replacement-september", "Finance::Schedule::ECF"),
                ("ecf-standard-september", "Finance::Schedule::Mentor"),
            ):
                schedule_id = self.add(
                    "schedules",
                    name=identifier.replace("-", " "),
                    schedule_identifier=identifier,
                    type=kind,
                    cohort_id=self.cohort_ids[year],
                )
                self.schedule_ids[(year, identifier, kind)] = schedule_id
                types = MENTOR_DECLARATION_TYPES if kind.endswith("Mentor") else ECT_DECLARATION_TYPES
                for position, declaration_type in enumerate(types):
                    start = dt.date(year, 6, 1) if position == 0 else dt.date(year + 1 + position // 2, 1, 1)
                    milestone = self.add(
                        "milestones",
                        schedule_id=schedule_id,
                        declaration_type=declaration_type,
                        name=declaration_type,
                        start_date=start,
                        milestone_date=dt.date(start.year + 1, start.month, 1),
                        payment_date=dt.date(start.year + 1, start.month, 28),
                    )
                    self.add(
                        "schedule_milestones", id=self.derived_id("schedule_milestones", milestone),
                        schedule_id=schedule_id, milestone_id=milestone, name=declaration_type,
                        declaration_type=declaration_type,
                    )  # fmt: skip
        for index in range(6):
            self.ab_ids.append(
                self.add(
                    "appropriate_bodies",
                    name=f"Appropriate Body {index + 1}",
                    body_type="teaching_school_hub" if index else "local_authority",
                )
            )

    def _contracts(self, name: str, year: int) -> None:
        lead_provider_id = LEAD_PROVIDER_IDS[name]
        contract = self.add(
            "call_off_contracts",
            lead_provider_id=lead_provider_id,
            cohort_id=self.cohort_ids[year],
            version="1.0",
            recruitment_target=4000,
            set_up_fee=0,
            uplift_target=0.33,
            uplift_amount=100,
            monthly_service_fee=None,
            raw="{}",
        )
        for low, high, fee in ((None, 2000, 1200), (2001, 4000, 1100), (4001, 6000, 1000)):
            self.add(
                "participant_bands", call_off_contract_id=contract, min=low, max=high, per_participant=fee,
                output_payment_percentage=60, service_fee_percentage=40,
            )  # fmt: skip
        if year >= 2025:
            self.add(
                "mentor_call_off_contracts", lead_provider_id=lead_provider_id, cohort_id=self.cohort_ids[year],
                version="0.0.1", recruitment_target=2000, payment_per_participant=1000,
            )  # fmt: skip

    def _statements(self, name: str, year: int) -> None:
        cpd = self.cpd_ids[name]
        for months_after in range(2, 36, 3):
            month_index = (8 + months_after) % 12
            calendar_year = year + (8 + months_after) // 12
            deadline = dt.date(calendar_year, month_index + 1, 1) - dt.timedelta(days=1)
            payment = dt.date(calendar_year, month_index + 1, 25)
            if payment < self.snapshot_on:
                kind, status = "Finance::Statement::ECF::Paid", "paid"
            elif deadline < self.snapshot_on:
                kind, status = "Finance::Statement::ECF::Payable", "payable"
            else:
                kind, status = "Finance::Statement::ECF", "open"
            statement_id = self.add(
                "statements",
                type=kind,
                name=f"{MONTHS[month_index]} {calendar_year}",
                cpd_lead_provider_id=cpd,
                cohort_id=self.cohort_ids[year],
                deadline_date=deadline,
                payment_date=payment,
                output_fee=True,
                contract_version="1.0",
                mentor_contract_version="0.0.1",
                reconcile_amount=0,
                marked_as_paid_at=stamp(payment) if status == "paid" else None,
                created_at=stamp(dt.date(year, 6, 1)),
            )
            self.statements[(name, year)].append(Statement(statement_id, cpd, year, deadline, payment, status))

    # schools and programmes ---------------------------------------------------------------------------------
    def school(
        self,
        *,
        urn: int | None = None,
        type_code: int = 1,
        type_name: str = "Community school",
        status_code: int = 1,
        section_41: bool = False,
        name: str | None = None,
    ) -> str:
        if urn is None:
            self.urn_counter += 1
            urn = self.urn_counter
        school_id = self.new_id()
        self.school_urns[school_id] = urn
        return self.add(
            "schools",
            id=school_id,
            urn=str(urn),
            name=name or f"School {urn}",
            school_type_code=type_code,
            school_type_name=type_name,
            school_status_code=status_code,
            school_status_name="Open" if status_code in (1, 3) else "Closed",
            administrative_district_code="E09000001",
            administrative_district_name="Camden",
            section_41_approved=section_41,
            ukprn=str(10_000_000 + urn),
            address_line1=f"{urn} High Street",
            postcode="NW1 1AA",
            primary_contact_email=f"office{urn}@school.example",
            school_phase_name="Primary",
        )

    def partnership(
        self, school_id: str, lead_provider: str, year: int, *, delivery_partner_id: str | None = None,
        relationship: bool = False,
    ) -> str:  # fmt: skip
        dp = delivery_partner_id or self.relationships[(lead_provider, year)][0]
        key = (school_id, lead_provider, dp, year)
        if key not in self.partnership_ids or relationship:
            self.partnership_ids[key] = self.add(
                "partnerships",
                school_id=school_id,
                lead_provider_id=LEAD_PROVIDER_IDS[lead_provider],
                delivery_partner_id=dp,
                cohort_id=self.cohort_ids[year],
                relationship=relationship,
                created_at=stamp(dt.date(year, 6, 15)),
            )
        return self.partnership_ids[key]

    def programme(
        self,
        school_id: str,
        year: int,
        training_programme: str = "full_induction_programme",
        lead_provider: str | None = "Ambition Institute",
        *,
        delivery_partner_id: str | None = None,
        with_partnership: bool = True,
        relationship: bool = False,
    ) -> Programme:
        provider_led = training_programme in ("full_induction_programme", "school_funded_fip")
        lead_provider = lead_provider if provider_led else None
        dp = None
        partnership_id = None
        if provider_led and with_partnership:
            dp = delivery_partner_id or self.relationships[(lead_provider, year)][0]
            partnership_id = self.partnership(
                school_id, lead_provider, year, delivery_partner_id=dp, relationship=relationship
            )
        key = (school_id, year, training_programme, partnership_id)
        if key not in self.programmes:
            school_cohort = self.add(
                "school_cohorts",
                school_id=school_id,
                cohort_id=self.cohort_ids[year],
                induction_programme_choice=training_programme,
                created_at=stamp(dt.date(year, 6, 20)),
            )
            programme_id = self.add(
                "induction_programmes",
                school_cohort_id=school_cohort,
                partnership_id=partnership_id,
                training_programme=training_programme,
                created_at=stamp(dt.date(year, 6, 20)),
            )
            self.programmes[key] = Programme(
                programme_id, school_id, year, training_programme, partnership_id, lead_provider, dp
            )
        return self.programmes[key]

    # people -------------------------------------------------------------------------------------------------
    def next_trn(self) -> str:
        self.trn_counter += 1
        return str(self.trn_counter)

    def person(
        self, *, trn: str | None = "auto", name: str | None = None, created_at: dt.datetime | None = None
    ) -> tuple[str, str, str]:
        """A user, their teacher profile and an ECF identity: (user id, teacher profile id, identity id)."""
        created_at = created_at or stamp(dt.date(2021, 6, 1))
        trn = self.next_trn() if trn == "auto" else trn
        user_id = self.new_id()
        email = f"{user_id[:8]}@teacher.example"
        self.add("users", id=user_id, full_name=name or f"Teacher {user_id[:6]}", email=email,
                 created_at=created_at)  # fmt: skip
        teacher_profile = self.add("teacher_profiles", user_id=user_id, trn=trn, created_at=created_at)
        identity = self.identity(user_id, email, created_at)
        self._trns[teacher_profile] = trn
        return user_id, teacher_profile, identity

    def identity(self, user_id: str, email: str, created_at: dt.datetime) -> str:
        return self.add(
            "participant_identities", user_id=user_id, email=email, external_identifier=user_id, origin="ecf",
            created_at=created_at,
        )  # fmt: skip

    def profile(
        self,
        kind: str,
        person: tuple[str, str, str],
        year: int,
        *,
        created_at: dt.datetime | None = None,
        induction_completion_date: dt.date | None = None,
        mentor_completion_date: dt.date | None = None,
        mentor_completion_reason: str | None = None,
        schedule: str = "ecf-standard-september",
        profile_id: str | None = None,
        cohort_changed: bool = False,
    ) -> Profile:
        user_id, teacher_profile, identity = person
        created_at = created_at or stamp(dt.date(year, 7, 1))
        schedule_kind = "Finance::Schedule::Mentor" if kind == MENTOR else "Finance::Schedule::ECF"
        pid = self.add(
            "participant_profiles",
            id=profile_id or self.new_id(),
            type=kind,
            teacher_profile_id=teacher_profile,
            participant_identity_id=identity,
            schedule_id=self.schedule_ids[(year, schedule, schedule_kind)],
            induction_start_date=dt.date(year, 9, 1) if kind == ECT else None,
            induction_completion_date=induction_completion_date,
            mentor_completion_date=mentor_completion_date,
            mentor_completion_reason=mentor_completion_reason,
            cohort_changed_after_payments_frozen=cohort_changed,
            created_at=created_at,
        )
        # History ECF1 keeps beside the profile and the migration does not carry (§2.1): the schedule history and
        # what the school typed for the DQT check.
        self.add(
            "participant_profile_schedules", id=self.derived_id("participant_profile_schedules", pid),
            participant_profile_id=pid, schedule_id=self.schedule_ids[(year, schedule, schedule_kind)],
            created_at=created_at,
        )  # fmt: skip
        born = dt.date(1990, 1, 1) + dt.timedelta(days=int(pid[:4], 16) % 3650)
        self.add(
            "ecf_participant_validation_data", id=self.derived_id("ecf_participant_validation_data", pid),
            participant_profile_id=pid, full_name=None, date_of_birth=born, trn=self._trns[teacher_profile], nino=None,
            api_failure=False, created_at=created_at,
        )  # fmt: skip
        return Profile(pid, kind, user_id, self._trns[teacher_profile], identity, created_at)

    def record(
        self,
        profile: Profile,
        programme: Programme,
        start: dt.date,
        end: dt.date | None = None,
        *,
        training_status: str = "active",
        induction_status: str | None = None,
        mentor: Profile | str | None = None,
        created_at: dt.datetime | None = None,
        identity_id: str | None = None,
        schedule: str | None = None,
        year: int | None = None,
        school_transfer: bool = False,
        record_id: str | None = None,
    ) -> str:
        year = year or programme.year
        kind = "Finance::Schedule::Mentor" if profile.kind == MENTOR else "Finance::Schedule::ECF"
        schedule = schedule or "ecf-standard-september"
        if induction_status is None:
            induction_status = "active" if end is None else "changed"
        created_at = created_at or stamp(min(start, self.snapshot_on))
        return self.add(
            "induction_records",
            id=record_id or self.new_id(),
            participant_profile_id=profile.id,
            induction_programme_id=programme.id,
            schedule_id=self.schedule_ids[(year, schedule, kind)],
            start_date=start,
            end_date=end,
            training_status=training_status,
            induction_status=induction_status,
            mentor_profile_id=mentor.id if isinstance(mentor, Profile) else mentor,
            preferred_identity_id=identity_id or profile.identity_id,
            appropriate_body_id=self.ab_ids[0] if profile.kind == ECT and self.ab_ids else None,
            school_transfer=school_transfer,
            created_at=created_at,
            updated_at=created_at,
        )

    def state(self, profile: Profile, state: str, reason: str | None, lead_provider: str, at: dt.datetime) -> str:
        return self.add(
            "participant_profile_states", participant_profile_id=profile.id, state=state, reason=reason,
            cpd_lead_provider_id=self.cpd_ids[lead_provider], created_at=at,
        )  # fmt: skip

    def statement_for(self, lead_provider: str, year: int, on: dt.date) -> Statement:
        statements = self.statements[(lead_provider, year)]
        for statement in statements:
            if statement.deadline_date >= on:
                return statement
        return statements[-1]

    def declaration(
        self,
        profile: Profile,
        lead_provider: str,
        year: int,
        declaration_type: str,
        on: dt.date,
        *,
        state: str | None = None,
        delivery_partner_id: str | None = None,
        superseded_by_id: str | None = None,
        evidence_held: str | None = "training-event-attended",
        clawback_on: dt.date | None = None,
    ) -> str:
        """A declaration with the line items its state implies; `state` None takes the state of the statement the
        declaration date falls into (eligible on an open one, payable, paid)."""
        statement = self.statement_for(lead_provider, year, on)
        if state is None:
            state = {"open": "eligible", "payable": "payable", "paid": "paid"}[statement.status]
        declaration_id = self.add(
            "participant_declarations",
            type="ParticipantDeclaration::ECT" if profile.kind == ECT else "ParticipantDeclaration::Mentor",
            participant_profile_id=profile.id,
            user_id=profile.user_id,
            cpd_lead_provider_id=self.cpd_ids[lead_provider],
            cohort_id=self.cohort_ids[year],
            declaration_type=declaration_type,
            declaration_date=stamp(on, 9),
            course_identifier="ecf-induction" if profile.kind == ECT else "ecf-mentor",
            evidence_held=evidence_held,
            state=state,
            superseded_by_id=superseded_by_id,
            delivery_partner_id=delivery_partner_id or self.relationships[(lead_provider, year)][0],
            voided_at=stamp(on + dt.timedelta(days=5)) if state == "voided" else None,
            created_at=stamp(on, 9),
        )
        for index, step in enumerate(STATE_HISTORY.get(state, ("submitted", state))):
            self.add(
                "declaration_states", id=self.derived_id("declaration_states", declaration_id, index),
                participant_declaration_id=declaration_id, state=step,
                created_at=stamp(on + dt.timedelta(days=index), 9),
            )  # fmt: skip
        if state in ("eligible", "payable", "paid"):
            self._line_item(statement.id, declaration_id, state, on)
        elif state in ("awaiting_clawback", "clawed_back"):
            self._line_item(statement.id, declaration_id, "paid", on)
            later = self.statement_for(lead_provider, year, clawback_on or on + dt.timedelta(days=120))
            self._line_item(later.id, declaration_id, state, on)
        elif state == "voided" and statement.status != "paid":
            self._line_item(statement.id, declaration_id, "voided", on)
        return declaration_id

    def _line_item(self, statement_id: str, declaration_id: str, state: str, on: dt.date) -> None:
        self.add(
            "statement_line_items", statement_id=statement_id, participant_declaration_id=declaration_id,
            state=state, created_at=stamp(on, 9),
        )  # fmt: skip

    # writing ------------------------------------------------------------------------------------------------
    def write(self, connection, schema: str) -> dict[str, int]:
        """Create the schema (dropping an earlier one) and COPY every row; returns rows per table."""
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            cursor.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(schema)))
            cursor.execute(SCHEMA_SQL.read_text())
            written = {}
            for table in TABLE_ORDER:
                rows = self.rows.get(table, [])
                if not rows:
                    continue
                columns = list(dict.fromkeys(key for row in rows for key in row))
                statement = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
                    sql.Identifier(schema), sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                with cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row([row.get(column) for column in columns])
                written[table] = len(rows)
                cursor.execute(sql.SQL("ANALYZE {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            cursor.execute("SET LOCAL search_path TO DEFAULT")
        return written


def settle(url: str, schema: str) -> None:
    """Vacuum the written schema and flush it to disk, as a restored snapshot is long before anyone migrates it.
    Straight after the COPY every page still needs its hint bits set by its first reader, and autovacuum is about
    to visit every table: both would land on whatever runs next, which is the migration being measured."""
    with psycopg.connect(url, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
        ).fetchall()
        for (table,) in tables:
            connection.execute(sql.SQL("VACUUM (ANALYZE) {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
        try:
            connection.execute("CHECKPOINT")
        except psycopg.errors.InsufficientPrivilege:  # superusers and pg_checkpoint only; the vacuum is what counts
            pass


# Declaration state history (ECF1 `declaration_states`) leading to each final state.
STATE_HISTORY = {
    "submitted": ("submitted",),
    "eligible": ("submitted", "eligible"),
    "payable": ("submitted", "eligible", "payable"),
    "paid": ("submitted", "eligible", "payable", "paid"),
    "awaiting_clawback": ("submitted", "eligible", "payable", "paid", "awaiting_clawback"),
    "clawed_back": ("submitted", "eligible", "payable", "paid", "awaiting_clawback", "clawed_back"),
}

TABLE_ORDER = (
    "cohorts", "cpd_lead_providers", "lead_providers", "cohorts_lead_providers", "delivery_partners",
    "provider_relationships", "schools", "pupil_premiums", "appropriate_bodies", "users",
    "induction_coordinator_profiles", "induction_coordinator_profiles_schools", "teacher_profiles",
    "participant_identities", "schedules", "milestones", "schedule_milestones", "participant_profiles",
    "participant_profile_schedules", "ecf_participant_validation_data", "participant_profile_states",
    "ecf_participant_eligibilities", "ecf_ineligible_participants", "participant_id_changes", "partnerships",
    "school_cohorts", "induction_programmes", "induction_records", "school_mentors", "call_off_contracts",
    "participant_bands", "mentor_call_off_contracts", "statements", "finance_adjustments",
    "participant_declarations", "declaration_states", "statement_line_items", "planted_problems", "gias_establishments",
)  # fmt: skip


@dataclass
class Planted:
    """What `generate` reports back."""

    rows: dict[str, int] = field(default_factory=dict)
    problems: dict[int, int] = field(default_factory=dict)
