"""migration.md §2: the generated ECF1 schema has every table and field the source model lists, the generator fills
every one of those tables, and the migration accounts for each (migrated, read through another, or not migrated
with the reason §2 gives)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from ecf1_migration.generator import generate
from ecf1_migration.pipeline import ACCOUNTED_TABLES, NOT_MIGRATED_TABLES
from ecf1_migration.source_builder import STATE_HISTORY, Ecf1Builder, settle
from ecf1_migration.tests.conftest import committed_source

# Transcribed from migration.md §2.1–2.4 ("Fields that matter"); "timestamps" there means created_at and updated_at.
TS = ("created_at", "updated_at")
SOURCE_MODEL = {
    "users": ("id", "full_name", "email", "get_an_identity_id", "archived_at", *TS),
    "teacher_profiles": ("id", "user_id", "trn", "school_id", *TS),
    "participant_identities": ("id", "user_id", "email", "external_identifier", "origin", *TS),
    "participant_profiles": (
        "id", "type", "teacher_profile_id", "participant_identity_id", "school_cohort_id", "schedule_id", "status",
        "training_status", "induction_start_date", "induction_completion_date", "mentor_completion_date",
        "mentor_completion_reason", "pupil_premium_uplift", "sparsity_uplift", "cohort_changed_after_payments_frozen",
        "profile_duplicity", *TS,
    ),
    "participant_profile_states": ("participant_profile_id", "state", "reason", "cpd_lead_provider_id", "created_at"),
    "participant_profile_schedules": ("participant_profile_id", "schedule_id"),
    "ecf_participant_validation_data": (
        "participant_profile_id", "full_name", "date_of_birth", "trn", "nino", "api_failure",
    ),
    "ecf_participant_eligibilities": (
        "participant_profile_id", "qts", "active_flags", "previous_participation", "previous_induction",
        "manually_validated", "status", "reason", "different_trn", "no_induction", "exempt_from_induction",
    ),
    "ecf_ineligible_participants": ("trn", "reason"),
    "participant_id_changes": ("user_id", "from_participant_id", "to_participant_id"),
    "schools": (
        "id", "urn", "name", "school_type_code", "school_type_name", "school_status_code", "school_status_name",
        "administrative_district_code", "administrative_district_name", "section_41_approved", "ukprn",
        "address_line1", "primary_contact_email", "school_website", "school_phase_name",
    ),
    "induction_coordinator_profiles": ("id", "user_id"),
    "induction_coordinator_profiles_schools": ("induction_coordinator_profile_id", "school_id"),
    "cohorts": (
        "id", "start_year", "registration_start_date", "academic_year_start_date", "payments_frozen_at",
        "mentor_funding", "detailed_evidence_types",
    ),
    "school_cohorts": (
        "school_id", "cohort_id", "induction_programme_choice", "default_induction_programme_id", "appropriate_body_id",
    ),
    "induction_programmes": (
        "id", "school_cohort_id", "partnership_id", "core_induction_programme_id", "training_programme",
        "delivery_partner_to_be_confirmed",
    ),
    "induction_records": (
        "id", "participant_profile_id", "induction_programme_id", "schedule_id", "start_date", "end_date",
        "training_status", "induction_status", "mentor_profile_id", "preferred_identity_id", "appropriate_body_id",
        "school_transfer", *TS,
    ),
    "school_mentors": ("participant_profile_id", "school_id", "preferred_identity_id", "remove_from_school_on",
                       "created_at"),
    "partnerships": (
        "id", "school_id", "lead_provider_id", "delivery_partner_id", "cohort_id", "challenged_at", "challenge_reason",
        "pending", "relationship",
    ),
    "provider_relationships": ("lead_provider_id", "delivery_partner_id", "cohort_id", "discarded_at"),
    "appropriate_bodies": ("id", "name", "body_type"),
    "lead_providers": ("id", "name", "cpd_lead_provider_id", "vat_chargeable"),
    "cpd_lead_providers": ("id", "name"),
    "cohorts_lead_providers": ("lead_provider_id", "cohort_id"),
    "delivery_partners": ("id", "name", "discarded_at"),
    "pupil_premiums": ("school_id", "start_year", "pupil_premium_incentive", "sparsity_incentive"),
    "schedules": ("id", "name", "schedule_identifier", "type", "cohort_id"),
    "milestones": ("schedule_id", "declaration_type", "start_date", "milestone_date", "payment_date", "name"),
    "schedule_milestones": ("schedule_id", "milestone_id", "declaration_type"),
    "participant_declarations": (
        "id", "type", "participant_profile_id", "user_id", "cpd_lead_provider_id", "cohort_id", "declaration_type",
        "declaration_date", "course_identifier", "evidence_held", "state", "superseded_by_id", "sparsity_uplift",
        "pupil_premium_uplift", "delivery_partner_id", "mentor_user_id", "voided_at", "voided_by_user_id", *TS,
    ),
    "declaration_states": ("participant_declaration_id", "state"),
    "statement_line_items": ("statement_id", "participant_declaration_id", "state"),
    "statements": (
        "id", "type", "name", "cpd_lead_provider_id", "cohort_id", "deadline_date", "payment_date", "output_fee",
        "contract_version", "mentor_contract_version", "reconcile_amount", "marked_as_paid_at", "original_value",
    ),
    "call_off_contracts": (
        "lead_provider_id", "cohort_id", "version", "recruitment_target", "set_up_fee", "uplift_target",
        "uplift_amount", "monthly_service_fee", "raw",
    ),
    "participant_bands": (
        "call_off_contract_id", "min", "max", "per_participant", "output_payment_percentage", "service_fee_percentage",
    ),
    "mentor_call_off_contracts": (
        "lead_provider_id", "cohort_id", "version", "recruitment_target", "payment_per_participant",
    ),
    "finance_adjustments": ("statement_id", "payment_type", "amount"),
}  # fmt: skip
READ_THROUGH_OTHERS = {"cohorts_lead_providers", "induction_coordinator_profiles_schools"}  # join rows without an id


@pytest.fixture
def small_world(db):
    builder = Ecf1Builder(seed=3)
    generate(builder, 40)
    connection.ensure_connection()
    builder.write(connection.connection, "ecf1_model")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, array_agg(column_name::text) FROM information_schema.columns "
            "WHERE table_schema = 'ecf1_model' GROUP BY 1"
        )
        columns = {table: set(names) for table, names in cursor.fetchall()}
    return builder, columns


def test_every_table_and_field_of_the_source_model_exists(small_world):
    _, columns = small_world
    missing_tables = sorted(set(SOURCE_MODEL) - set(columns))
    assert not missing_tables
    missing_fields = {t: sorted(set(f) - columns[t]) for t, f in SOURCE_MODEL.items() if set(f) - columns[t]}
    assert not missing_fields


def test_the_generator_fills_every_table_of_the_source_model(small_world):
    builder, _ = small_world
    empty = sorted(table for table in SOURCE_MODEL if not builder.rows.get(table))
    assert not empty


def test_history_tables_follow_their_parents(small_world):
    builder, _ = small_world
    profiles = builder.rows["participant_profiles"]
    assert {r["participant_profile_id"] for r in builder.rows["participant_profile_schedules"]} == {
        p["id"] for p in profiles
    }
    schedule_of = {p["id"]: p["schedule_id"] for p in profiles}
    assert all(r["schedule_id"] == schedule_of[r["participant_profile_id"]]
               for r in builder.rows["participant_profile_schedules"])  # fmt: skip
    validated = {r["participant_profile_id"]: r for r in builder.rows["ecf_participant_validation_data"]}
    assert set(validated) == set(schedule_of)
    states = {}
    for row in sorted(builder.rows["declaration_states"], key=lambda r: r["created_at"]):
        states.setdefault(row["participant_declaration_id"], []).append(row["state"])
    for declaration in builder.rows["participant_declarations"]:
        history = states[declaration["id"]]
        assert history[-1] == declaration["state"] and history[0] == "submitted"
        assert tuple(history) == STATE_HISTORY.get(declaration["state"], ("submitted", declaration["state"]))
    milestones = {m["id"]: m for m in builder.rows["milestones"]}
    for join in builder.rows["schedule_milestones"]:
        milestone = milestones[join["milestone_id"]]
        assert (milestone["schedule_id"], milestone["declaration_type"]) == (join["schedule_id"],
                                                                               join["declaration_type"])  # fmt: skip


def test_the_migration_accounts_for_every_table_of_the_source_model():
    accounted = set(ACCOUNTED_TABLES) | set(NOT_MIGRATED_TABLES) | READ_THROUGH_OTHERS
    assert sorted(set(SOURCE_MODEL) - accounted) == []
    assert not set(ACCOUNTED_TABLES) & set(NOT_MIGRATED_TABLES)


@pytest.mark.django_db(transaction=True)
def test_a_settled_snapshot_has_every_table_vacuumed_and_analysed():
    """`settle` leaves the written schema as a long-restored snapshot, so the migration bench is not charged for
    the generator's aftermath (hint bits, autovacuum)."""
    builder = Ecf1Builder(seed=5)
    generate(builder, 10)
    with committed_source(builder, "ecf1_settle") as dsn:
        settle(dsn, "ecf1_settle")
        with psycopg.connect(dsn) as other:
            rows = other.execute(
                "SELECT relname, last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                "WHERE schemaname = 'ecf1_settle'"
            ).fetchall()
    assert {table for table, _, _ in rows} >= set(SOURCE_MODEL)
    assert [table for table, vacuumed, analysed in rows if not (vacuumed and analysed)] == []
