"""Tripwire: the event types are exactly the spec's strings (domain.md §5.20), with the two Q3 additions.

Reads the list from the spec when it is at hand, so a renamed or invented event type fails here rather than
on a timeline; the literal copy below stands in when the spec is not mounted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from events.types import AuthorType, EventType

SPEC = Path("/work/shared/spec/domain.md")
Q3_ADDITIONS = {"induction_extension_deleted", "lead_provider_delivery_partnership_removed"}
# Ours, beyond the reference: each names the issue or feature that needs it. Add here, with a reason, rather than
# reuse a spec type for something it does not mean.
BEYOND_THE_SPEC = {
    "lead_provider_api_token_expiry_set": "tokens carry an expiry that staff can set after creation (issue 3)",
    "appropriate_body_api_token_created": "the appropriate body API has its own tokens (issue 8 item 1)",
    "appropriate_body_api_token_revoked": "the appropriate body API has its own tokens (issue 8 item 1)",
    "appropriate_body_api_token_expiry_set": "the appropriate body API has its own tokens (issue 8 item 1)",
}

# §5.20's table, for when the spec is not available.
SPEC_EVENT_TYPES_COPY = set(
    """
    active_lead_provider_created active_lead_provider_deleted band_added band_deleted band_updated
    bulk_upload_completed bulk_upload_started contract_created contract_deleted contract_period_added
    contract_period_updated contract_updated delivery_partner_created delivery_partner_name_changed
    dfe_user_created dfe_user_updated import_from_dqt induction_extension_created induction_extension_updated
    induction_period_closed induction_period_deleted induction_period_opened induction_period_reopened
    induction_period_updated lead_provider_api_token_created lead_provider_api_token_revoked
    lead_provider_delivery_partnership_added mentor_completion_status_change milestone_added milestone_deleted
    otp_account_locked otp_account_unlocked schedule_added schedule_deleted school_changed school_closed
    school_eligibility_changed school_induction_tutor_confirmed school_induction_tutor_updated school_merged
    school_opened school_partnership_created school_partnership_recreated school_partnership_reused
    school_partnership_updated school_user_signs_in statement_adjustment_added statement_adjustment_deleted
    statement_adjustment_updated statement_authorised_for_payment statement_created statement_deleted
    statement_marked_payable statement_updated teacher_appropriate_body_changed
    teacher_changes_schedule_training_period teacher_declaration_awaiting_clawback
    teacher_declaration_clawed_back teacher_declaration_created teacher_declaration_eligible
    teacher_declaration_paid teacher_declaration_payable teacher_declaration_voided
    teacher_defers_training_period teacher_ect_at_school_period_deleted
    teacher_ect_at_school_period_moved_school teacher_email_address_updated teacher_fails_induction
    teacher_finishes_being_mentored teacher_finishes_mentoring teacher_finishes_training_period
    teacher_funding_eligibility_set teacher_imported_from_trs teacher_induction_status_reset
    teacher_left_school_as_ect teacher_left_school_as_mentor teacher_mentor_at_school_period_deleted
    teacher_mentor_at_school_period_moved_school teacher_mentor_at_school_periods_merged teacher_merged
    teacher_name_updated_by_trs teacher_name_updated_by_user teacher_passes_induction teacher_registered_as_ect
    teacher_registered_as_mentor teacher_registration_undone teacher_resumes_training_period
    teacher_schedule_assigned_to_training_period teacher_starts_being_mentored teacher_starts_mentoring
    teacher_starts_training_period teacher_training_lead_provider_updated
    teacher_training_period_contract_period_changed teacher_training_programme_updated
    teacher_trs_attributes_updated teacher_trs_deactivated teacher_trs_induction_end_date_updated
    teacher_trs_induction_start_date_updated teacher_trs_induction_status_updated teacher_trs_merged
    teacher_trs_not_found teacher_withdraws_training_period teacher_working_pattern_updated
    training_period_assigned_to_school_partnership
    """.split()
)
SPEC_AUTHOR_TYPES = {"appropriate_body_user", "school_user", "dfe_staff_user", "system", "lead_provider_api"}


def spec_event_types() -> tuple[set[str], set[str]]:
    """The table's event types and the "also emitted … add them" list after it."""
    if not SPEC.exists():
        return SPEC_EVENT_TYPES_COPY, Q3_ADDITIONS
    text = SPEC.read_text()
    section = text[text.index("**Event types** (exact") : text.index("Representative headings")]
    table, also = section.split("Also emitted", 1)
    listed = set()
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith("| Group"):
            listed |= set(re.findall(r"`([a-z0-9_]+)`", line.split("|")[2]))
    return listed, set(re.findall(r"`([a-z0-9_]+)`", also))


@pytest.fixture(scope="module")
def spec():
    listed, added = spec_event_types()
    assert len(listed) > 100, "the §5.20 table did not parse"
    return listed, added


def test_every_event_type_is_one_of_the_specs_strings(spec):
    listed, added = spec
    assert sorted(set(EventType.values) - listed - added - set(BEYOND_THE_SPEC)) == []


def test_every_event_type_in_the_spec_exists(spec):
    listed, _ = spec
    assert sorted(listed - set(EventType.values)) == []


def test_Q3_the_two_emitted_but_unlisted_types_are_allowed(spec):
    """Q3: `induction_extension_deleted` and `lead_provider_delivery_partnership_removed`."""
    _, added = spec
    assert added == Q3_ADDITIONS
    assert Q3_ADDITIONS <= set(EventType.values)


def test_the_literal_copy_matches_the_spec(spec):
    listed, _ = spec
    assert listed == SPEC_EVENT_TYPES_COPY


def test_author_types_are_the_specs_strings():
    """§4 `event_author_types`."""
    assert set(AuthorType.values) == SPEC_AUTHOR_TYPES
