-- The ECF1 ("Manage training for early career teachers") tables that migration.md §2 lists, with the fields
-- that matter to the migration. Plain DDL: the generator creates it in the schema named by search_path, and
-- the migration only ever reads it (P1).

CREATE TABLE cohorts (
  id uuid PRIMARY KEY, start_year int NOT NULL UNIQUE, registration_start_date date NOT NULL,
  academic_year_start_date date NOT NULL, payments_frozen_at timestamptz, mentor_funding boolean NOT NULL DEFAULT false,
  detailed_evidence_types boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE cpd_lead_providers (
  id uuid PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE lead_providers (
  id uuid PRIMARY KEY, name text NOT NULL, cpd_lead_provider_id uuid REFERENCES cpd_lead_providers,
  vat_chargeable boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE cohorts_lead_providers (
  lead_provider_id uuid NOT NULL REFERENCES lead_providers, cohort_id uuid NOT NULL REFERENCES cohorts,
  PRIMARY KEY (lead_provider_id, cohort_id));
CREATE TABLE delivery_partners (
  id uuid PRIMARY KEY, name text NOT NULL, discarded_at timestamptz, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE TABLE provider_relationships (
  id uuid PRIMARY KEY, lead_provider_id uuid NOT NULL REFERENCES lead_providers,
  delivery_partner_id uuid NOT NULL REFERENCES delivery_partners, cohort_id uuid NOT NULL REFERENCES cohorts,
  discarded_at timestamptz, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE schools (
  id uuid PRIMARY KEY, urn text NOT NULL UNIQUE, name text NOT NULL, school_type_code int, school_type_name text,
  school_status_code int, school_status_name text, administrative_district_code text, administrative_district_name text,
  section_41_approved boolean NOT NULL DEFAULT false, ukprn text, address_line1 text, postcode text,
  primary_contact_email text, secondary_contact_email text, school_website text, school_phase_name text,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE pupil_premiums (
  id uuid PRIMARY KEY, school_id uuid NOT NULL REFERENCES schools, start_year int NOT NULL,
  pupil_premium_incentive boolean NOT NULL DEFAULT false, sparsity_incentive boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE appropriate_bodies (
  id uuid PRIMARY KEY, name text NOT NULL, body_type text NOT NULL, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);

CREATE TABLE users (
  id uuid PRIMARY KEY, full_name text NOT NULL, email text NOT NULL, get_an_identity_id uuid, archived_at timestamptz,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE induction_coordinator_profiles (
  id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE TABLE induction_coordinator_profiles_schools (
  induction_coordinator_profile_id uuid NOT NULL REFERENCES induction_coordinator_profiles,
  school_id uuid NOT NULL REFERENCES schools, created_at timestamptz NOT NULL);
CREATE TABLE teacher_profiles (
  id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users, trn text, school_id uuid REFERENCES schools,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE participant_identities (
  id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users, email text NOT NULL, external_identifier uuid NOT NULL,
  origin text NOT NULL DEFAULT 'ecf', created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE schedules (
  id uuid PRIMARY KEY, name text NOT NULL, schedule_identifier text NOT NULL, type text NOT NULL,
  cohort_id uuid NOT NULL REFERENCES cohorts, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE milestones (
  id uuid PRIMARY KEY, schedule_id uuid NOT NULL REFERENCES schedules, declaration_type text NOT NULL,
  name text NOT NULL, start_date date NOT NULL, milestone_date date, payment_date date,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE schedule_milestones (
  id uuid PRIMARY KEY, schedule_id uuid NOT NULL REFERENCES schedules, milestone_id uuid NOT NULL REFERENCES milestones,
  name text NOT NULL, declaration_type text NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE participant_profiles (
  id uuid PRIMARY KEY, type text NOT NULL, teacher_profile_id uuid NOT NULL REFERENCES teacher_profiles,
  participant_identity_id uuid REFERENCES participant_identities, school_cohort_id uuid,
  schedule_id uuid NOT NULL REFERENCES schedules, status text NOT NULL DEFAULT 'active',
  training_status text NOT NULL DEFAULT 'active', induction_start_date date, induction_completion_date date,
  mentor_completion_date date, mentor_completion_reason text, pupil_premium_uplift boolean NOT NULL DEFAULT false,
  sparsity_uplift boolean NOT NULL DEFAULT false, cohort_changed_after_payments_frozen boolean NOT NULL DEFAULT false,
  profile_duplicity text NOT NULL DEFAULT 'single', created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE participant_profile_schedules (
  id uuid PRIMARY KEY, participant_profile_id uuid NOT NULL REFERENCES participant_profiles,
  schedule_id uuid NOT NULL REFERENCES schedules, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE ecf_participant_validation_data (
  id uuid PRIMARY KEY, participant_profile_id uuid NOT NULL REFERENCES participant_profiles, full_name text,
  date_of_birth date, trn text, nino text, api_failure boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE participant_profile_states (
  id uuid PRIMARY KEY, participant_profile_id uuid NOT NULL REFERENCES participant_profiles, state text NOT NULL,
  reason text, cpd_lead_provider_id uuid REFERENCES cpd_lead_providers, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE TABLE ecf_participant_eligibilities (
  id uuid PRIMARY KEY, participant_profile_id uuid NOT NULL REFERENCES participant_profiles, qts boolean,
  active_flags boolean, previous_participation boolean, previous_induction boolean,
  manually_validated boolean DEFAULT false, status text NOT NULL DEFAULT 'manual_check',
  reason text NOT NULL DEFAULT 'none', different_trn boolean, no_induction boolean, exempt_from_induction boolean,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE ecf_ineligible_participants (
  id uuid PRIMARY KEY, trn text NOT NULL, reason text NOT NULL, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE TABLE participant_id_changes (
  id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users, from_participant_id uuid NOT NULL,
  to_participant_id uuid NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE partnerships (
  id uuid PRIMARY KEY, school_id uuid NOT NULL REFERENCES schools, lead_provider_id uuid NOT NULL REFERENCES lead_providers,
  delivery_partner_id uuid NOT NULL REFERENCES delivery_partners, cohort_id uuid NOT NULL REFERENCES cohorts,
  challenged_at timestamptz, challenge_reason text, pending boolean NOT NULL DEFAULT false,
  relationship boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE school_cohorts (
  id uuid PRIMARY KEY, school_id uuid NOT NULL REFERENCES schools, cohort_id uuid NOT NULL REFERENCES cohorts,
  induction_programme_choice text NOT NULL, default_induction_programme_id uuid, appropriate_body_id uuid,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE induction_programmes (
  id uuid PRIMARY KEY, school_cohort_id uuid NOT NULL REFERENCES school_cohorts, partnership_id uuid REFERENCES partnerships,
  core_induction_programme_id uuid, training_programme text NOT NULL,
  delivery_partner_to_be_confirmed boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE TABLE induction_records (
  id uuid PRIMARY KEY, participant_profile_id uuid NOT NULL REFERENCES participant_profiles,
  induction_programme_id uuid NOT NULL REFERENCES induction_programmes, schedule_id uuid NOT NULL REFERENCES schedules,
  start_date date NOT NULL, end_date date, training_status text NOT NULL DEFAULT 'active',
  induction_status text NOT NULL DEFAULT 'active', mentor_profile_id uuid, preferred_identity_id uuid,
  appropriate_body_id uuid, school_transfer boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE INDEX induction_records_profile ON induction_records (participant_profile_id);
CREATE TABLE school_mentors (
  id uuid PRIMARY KEY, participant_profile_id uuid NOT NULL REFERENCES participant_profiles,
  school_id uuid NOT NULL REFERENCES schools, preferred_identity_id uuid, remove_from_school_on date,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE call_off_contracts (
  id uuid PRIMARY KEY, lead_provider_id uuid NOT NULL REFERENCES lead_providers, cohort_id uuid NOT NULL REFERENCES cohorts,
  version text NOT NULL, recruitment_target int NOT NULL, set_up_fee numeric, uplift_target numeric,
  uplift_amount numeric, monthly_service_fee numeric, raw text, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL);
CREATE TABLE participant_bands (
  id uuid PRIMARY KEY, call_off_contract_id uuid NOT NULL REFERENCES call_off_contracts, min int, max int,
  per_participant numeric NOT NULL, output_payment_percentage int NOT NULL DEFAULT 60,
  service_fee_percentage int NOT NULL DEFAULT 40, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE mentor_call_off_contracts (
  id uuid PRIMARY KEY, lead_provider_id uuid NOT NULL REFERENCES lead_providers, cohort_id uuid NOT NULL REFERENCES cohorts,
  version text NOT NULL, recruitment_target int NOT NULL, payment_per_participant numeric NOT NULL DEFAULT 1000.0,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE statements (
  id uuid PRIMARY KEY, type text NOT NULL, name text NOT NULL, cpd_lead_provider_id uuid NOT NULL REFERENCES cpd_lead_providers,
  cohort_id uuid NOT NULL REFERENCES cohorts, deadline_date date NOT NULL, payment_date date NOT NULL,
  output_fee boolean NOT NULL DEFAULT true, contract_version text NOT NULL DEFAULT '0.0.1',
  mentor_contract_version text NOT NULL DEFAULT '0.0.1', reconcile_amount numeric NOT NULL DEFAULT 0,
  marked_as_paid_at timestamptz, original_value numeric, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE finance_adjustments (
  id uuid PRIMARY KEY, statement_id uuid NOT NULL REFERENCES statements, payment_type text NOT NULL, amount numeric NOT NULL,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);

CREATE TABLE participant_declarations (
  id uuid PRIMARY KEY, type text NOT NULL, participant_profile_id uuid NOT NULL REFERENCES participant_profiles,
  user_id uuid NOT NULL REFERENCES users, cpd_lead_provider_id uuid NOT NULL REFERENCES cpd_lead_providers,
  cohort_id uuid NOT NULL REFERENCES cohorts, declaration_type text NOT NULL, declaration_date timestamptz NOT NULL,
  course_identifier text NOT NULL, evidence_held text, state text NOT NULL, superseded_by_id uuid,
  sparsity_uplift boolean NOT NULL DEFAULT false, pupil_premium_uplift boolean NOT NULL DEFAULT false,
  delivery_partner_id uuid, mentor_user_id uuid, voided_at timestamptz, voided_by_user_id uuid,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE declaration_states (
  id uuid PRIMARY KEY, participant_declaration_id uuid NOT NULL REFERENCES participant_declarations, state text NOT NULL,
  state_reason text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE statement_line_items (
  id uuid PRIMARY KEY, statement_id uuid NOT NULL REFERENCES statements,
  participant_declaration_id uuid NOT NULL REFERENCES participant_declarations, state text NOT NULL,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE INDEX statement_line_items_declaration ON statement_line_items (participant_declaration_id);

-- The indexes Rails gives every reference column, on the ones the migration reads by.
CREATE INDEX participant_declarations_profile ON participant_declarations (participant_profile_id);
CREATE INDEX participant_profile_states_profile ON participant_profile_states (participant_profile_id);
CREATE INDEX school_mentors_profile ON school_mentors (participant_profile_id);
CREATE INDEX participant_identities_user ON participant_identities (user_id);
CREATE INDEX teacher_profiles_user ON teacher_profiles (user_id);
CREATE INDEX teacher_profiles_trn ON teacher_profiles (trn);
CREATE INDEX participant_profiles_teacher_profile ON participant_profiles (teacher_profile_id);
CREATE INDEX ecf_ineligible_participants_trn ON ecf_ineligible_participants (trn);

-- Not part of ECF1: the generator's list of the known data problems (migration.md §16) it planted, one row per
-- planted instance, so tests and the reconciliation report can count them.
CREATE TABLE planted_problems (
  problem int NOT NULL, source_table text NOT NULL, source_id uuid NOT NULL, note text NOT NULL);

-- Not part of ECF1 either: a stand-in for the GIAS extract the new service holds (integrations.md), so that a
-- generated world can show schools missing from GIAS (problem 28) and GIAS values differing from ECF1's (29).
-- `migrate_ecf1 --gias-from-source` loads it into gias_schools where a URN is absent.
CREATE TABLE gias_establishments (
  urn int PRIMARY KEY, name text NOT NULL, type_name text NOT NULL, status text NOT NULL, in_england boolean NOT NULL,
  section_41_approved boolean NOT NULL, local_authority_code int NOT NULL, administrative_district_name text,
  ukprn int, phase_name text);
